"""Which spaCy pipeline a run uses, and its version, from package metadata alone (spaCy is not imported).

``eventetl --version``, the derived extractor version (``extractors.version``)
and the documents' provenance columns all read the model from here.
"""

from __future__ import annotations

import importlib.metadata
import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from extractors import MODEL_PREFERENCE


@dataclass(frozen=True, slots=True)
class InstalledModel:
    """A spaCy pipeline package, as its installed metadata describes it (the pipeline is not loaded)."""

    package: str
    """The name ``spacy.load`` takes."""
    version: str | None
    """The pipeline's version (its ``meta.json``), or None when it is not installed."""
    pipeline: str | None = None
    """The pipeline it packages, ``<lang>_<name>`` of its meta, when that differs from the package name."""


def installed_model(name: str) -> InstalledModel:
    """``name``'s version from its package's ``meta.json`` (or a model folder's), without importing spaCy."""
    try:
        dist = importlib.metadata.distribution(name)
    except importlib.metadata.PackageNotFoundError:
        folder = Path(name) / "meta.json"  # spacy.load also takes a model folder
        return (
            _from_meta(name, json.loads(folder.read_text()))
            if folder.is_file()
            else InstalledModel(name, None)
        )
    # The package's top-level meta.json, the one spacy.util.get_model_meta reads for it.
    metas = [f for f in dist.files or [] if f.name == "meta.json" and len(f.parts) == 2]
    if not metas:
        return InstalledModel(name, dist.version)
    return _from_meta(name, json.loads(metas[0].read_text()))


def _from_meta(name: str, meta: Mapping[str, Any]) -> InstalledModel:
    pipeline = f"{meta.get('lang')}_{meta.get('name')}"
    return InstalledModel(name, str(meta.get("version")), pipeline if pipeline != name else None)


def default_model() -> str | None:
    """The model a run uses when none is configured: the first of ``MODEL_PREFERENCE`` installed; None if none is."""
    return next((name for name in MODEL_PREFERENCE if installed_model(name).version), None)
