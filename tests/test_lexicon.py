"""The packaged vocabularies: every file is read by the pipeline, each says what it is, none is empty."""

from __future__ import annotations

import pytest

from extractors import lexicon

LEXICON_FILES = lexicon.lexicon_files()


def test_every_lexicon_file_is_read_when_the_pipeline_is_built(nlp) -> None:
    # A file nothing reads is a vocabulary someone edits in vain: the pipeline's initialize loads them all.
    assert LEXICON_FILES, "no lexicon files are packaged"
    assert set(LEXICON_FILES) - lexicon.loaded_lexicons() == set()


@pytest.mark.parametrize("file_name", LEXICON_FILES)
def test_each_lexicon_file_opens_with_what_it_is_for_and_holds_entries(file_name: str) -> None:
    text = lexicon.lexicon_path(file_name).read_text(encoding="utf-8")
    assert text.startswith("#"), f"{file_name} does not open with a comment saying what it holds"
    stem, _, kind = file_name.rpartition(".")
    entries = lexicon.words(stem) if kind == "txt" else lexicon.table(stem)
    assert len(entries) > 0


def test_words_ignore_comments_and_blank_lines_and_a_missing_file_is_named() -> None:
    reporting = lexicon.words("events_reporting_verbs")
    assert "say" in reporting
    assert not any(entry.startswith("#") or not entry.strip() for entry in reporting)
    with pytest.raises(FileNotFoundError, match=r"no_such_list\.txt"):
        lexicon.words("no_such_list")
