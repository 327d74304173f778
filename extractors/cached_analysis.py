"""The model's analysis cached, and our components run over it: ablations without re-parsing.

The model's components (tagger, parser, NER) do not depend on our rules, so an ablation
(``bench/ablation.py``) parses each corpus once, with :func:`cache_analysis`, and runs only our
components over that analysis, with :func:`components_only`, through the same ``extract_batch`` a
run uses.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc, DocBin

from extractors.extract import document_parts, model_text, part_doc
from extractors.nlp.pipeline import AFTER_MODEL_COMPONENTS, add_components
from extractors.records import DocumentRecord


class CachedAnalysis:
    """A tokenizer that hands back the model's cached analysis of a text (for pipelines without the model)."""

    def __init__(self, docs: dict[str, Doc]) -> None:
        self.docs = docs

    def __call__(self, text: str) -> Doc:
        doc = self.docs.get(text)
        if doc is None:
            raise KeyError(f"no cached analysis of a text of {len(text)} characters")
        return doc.copy()


def cache_analysis(model: str, documents: Sequence[DocumentRecord], cache_dir: Path, *, prefix: str) -> Path:
    """The model's analysis of every part of ``documents``, as a DocBin file in ``cache_dir``, named
    ``<prefix>_<key>.spacy`` (the key hashes the model and the texts; an existing file is reused)."""
    parts = document_parts(spacy.blank("en"), documents)  # the parts depend on the texts alone
    texts = [model_text(part.text) for part in parts]
    key = hashlib.sha256("\x00".join([model, spacy.__version__, *texts]).encode()).hexdigest()[:16]
    path = cache_dir / f"{prefix}_{key}.spacy"
    if path.exists():
        return path
    nlp = add_components(spacy.load(model))
    ours = [name for name in nlp.pipe_names if name in AFTER_MODEL_COMPONENTS]
    docs = (part_doc(nlp, documents[part.index], part) for part in parts)
    analysed = DocBin(store_user_data=False)
    for doc in nlp.pipe(docs, batch_size=16, disable=ours):
        analysed.add(doc)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(analysed.to_bytes())
    return path


def components_only(model: str, disabled: Sequence[str], cache: Path) -> Language:
    """Our components, with ``disabled`` families off, over the cached analysis instead of the model."""
    nlp = add_components(spacy.load(model), disabled_rules=disabled)
    for name in list(nlp.pipe_names):
        if name not in AFTER_MODEL_COMPONENTS:
            nlp.remove_pipe(name)  # the model's components and the paragraph breaks: in the cache
    docs = list(DocBin().from_bytes(cache.read_bytes()).get_docs(nlp.vocab))
    nlp.tokenizer = CachedAnalysis({doc.text: doc for doc in docs})
    return nlp
