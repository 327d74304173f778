"""One reader per raw format; ``extractors.readers.read_source`` detects the format and dispatches."""
