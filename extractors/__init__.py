"""Reading raw files and extracting events with spaCy.

Importing this package loads nothing heavy: the spaCy pipeline is built by
``extractors.nlp.pipeline.load_pipeline`` when a run asks for it.
"""

EXTRACTOR_VERSION = "0.3.1"
"""Bumped whenever extraction output changes, so that stored documents are re-extracted."""
