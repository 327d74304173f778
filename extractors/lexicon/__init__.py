"""The word lists and tables extraction rules read, as packaged data files: one definition each.

Each vocabulary is one file in this folder, named for what it holds:

- ``<name>.txt``: a set of lemmas (or lower-cased word forms where the file's header says so),
  one per line. ``#`` starts a comment; blank lines are ignored. The header comment says what
  the list is for, and where it comes from when it is not ours.
- ``<name>.toml``: a table, for vocabularies that map a key to a value (a lemma to a modality,
  a word to a number). Its top-level keys are the table's keys.

Components name the files they read in their factory config and load them in ``initialize``,
the way spaCy's rulers load patterns; code never types a word list of its own. The files are
package data, so they ship in the wheel and are part of ``extractors.version``'s hash.
"""

from __future__ import annotations

import functools
import tomllib
from collections.abc import Mapping
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import Any

LEXICON_PACKAGE = "extractors.lexicon"
"""The package whose data files are the lexicons."""

_LOADED: set[str] = set()
"""File names read in this process (see ``loaded_lexicons``)."""


def lexicon_path(file_name: str) -> Path:
    """The packaged file ``file_name`` (e.g. ``"reporting_verbs.txt"``)."""
    path = Path(str(resources.files(LEXICON_PACKAGE).joinpath(file_name)))
    if not path.is_file():
        raise FileNotFoundError(f"no lexicon file {file_name!r} in {LEXICON_PACKAGE}")
    return path


def lexicon_files() -> tuple[str, ...]:
    """Every lexicon file shipped with the package, sorted by name."""
    root = resources.files(LEXICON_PACKAGE)
    return tuple(sorted(entry.name for entry in root.iterdir() if entry.name.endswith((".txt", ".toml"))))


def loaded_lexicons() -> frozenset[str]:
    """The lexicon files this process has read so far (a test checks that every file is used)."""
    return frozenset(_LOADED)


@functools.cache
def words(name: str) -> frozenset[str]:
    """The set of entries in ``<name>.txt``."""
    file_name = f"{name}.txt"
    entries: set[str] = set()
    for line in lexicon_path(file_name).read_text(encoding="utf-8").splitlines():
        entry = line.split("#", 1)[0].strip()
        if entry:
            entries.add(entry)
    _LOADED.add(file_name)
    return frozenset(entries)


@functools.cache
def table(name: str) -> Mapping[str, Any]:
    """The read-only mapping in ``<name>.toml``."""
    file_name = f"{name}.toml"
    with lexicon_path(file_name).open("rb") as handle:
        data = tomllib.load(handle)
    _LOADED.add(file_name)
    return MappingProxyType(data)
