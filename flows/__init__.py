"""Prefect flows and the ``eventetl`` command line: they wire stages, nothing more."""
