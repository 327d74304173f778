"""Cleaning keeps every body sentence and caption, and drops page furniture, credits and repeats."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import SAMPLE_CORPUS

from extractors.cleaning import (
    clean_article_text,
    control_free_pieces,
    find_publisher,
    unglue_credit,
    without_controls,
)
from extractors.readers import read_source

# Page furniture as the issue names it; none of it may survive cleaning.
FURNITURE = re.compile(
    r"Skip to|Skip next section|Send in e-mail|Show Full Article|Related Topics|^Comments$|"
    r"Image:|Credit:|\(AP Photo/|Global Hot Spots|picture-alliance|\(AFP, Reuters, dpa\)|^Source:|"
    r"^Conflicts$|^Syrien Aleppo$|DW's Top Story",
    re.MULTILINE,
)
CREDIT_TAIL = re.compile(r"\s*(?:(?:Image|Credit):.*|\(AP Photo/[^)]*\))$")
ARTICLES = sorted(p for p in SAMPLE_CORPUS.iterdir() if not p.name.startswith("000_"))


@pytest.mark.parametrize("path", ARTICLES, ids=lambda p: p.name[:3])
def test_sample_text_has_no_furniture_and_every_body_sentence(path) -> None:
    document = read_source(path).documents[0]
    assert not FURNITURE.search(document.text), FURNITURE.search(document.text)
    # Every line of the raw page that is prose (ends like a sentence) is in the cleaned text,
    # with a glued credit taken off.
    for line in path.read_text(encoding="utf-8").splitlines():
        body = CREDIT_TAIL.sub("", line.strip())
        if len(body.split()) >= 6 and not FURNITURE.search(body):
            assert body.rstrip(".") in document.text, body


def test_glued_credits_are_taken_off_and_the_caption_ends_a_sentence() -> None:
    assert (
        unglue_credit(
            "Russia vetoed the proposal at a Security Council meeting on MondayImage: picture-alliance/X"
        )
        == "Russia vetoed the proposal at a Security Council meeting on Monday."
    )
    assert unglue_credit("Troops patrol the old city on December 10, 2016Credit: JANE ROE/AFP") == (
        "Troops patrol the old city on December 10, 2016."
    )
    assert unglue_credit("Soldiers fire at the front line, east of the city. (AP Photo/John Doe)") == (
        "Soldiers fire at the front line, east of the city."
    )
    assert (
        unglue_credit("The minister said the talks had failed.") == "The minister said the talks had failed."
    )


def test_caption_printed_twice_is_kept_once_and_caption_labels_dropped() -> None:
    raw = (
        "Weather\nFloods close the ring road around Tessin\n\n"
        "Floods Tessin\nImage: Example Photo Agency\n"
        "Rescuers carry a woman through the flooded market on Sunday.\n"
        "Rescuers carry a woman through the flooded market on Sunday. Photo: R. Mayer\n"
        "The river rose two metres overnight, officials said.\n"
        "Share this article\n"
    )
    cleaned = clean_article_text(raw)
    assert cleaned.title == "Floods close the ring road around Tessin"
    assert cleaned.text.count("Rescuers carry a woman through the flooded market on Sunday.") == 1
    assert "The river rose two metres overnight, officials said." in cleaned.text
    assert "Floods Tessin" not in cleaned.text and "Share this" not in cleaned.text
    assert cleaned.text.startswith(cleaned.title)  # the section label above the headline is navigation


def test_cleaned_lines_keep_their_raw_offsets() -> None:
    raw = "Skip to content\r\nPorts reopen after the winter storm passes\r\n\r\n  Ships left the harbour on Friday.\r\n"
    cleaned = clean_article_text(raw)
    for line in cleaned.lines:
        assert raw[line.raw_offset :].startswith(line.text)


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (["Reuters reporters Ann Lee in Oslo contributed to this report."], ("Reuters", "signoff")),
        (["jk/rc (AFP, AP)"], ("AFP, AP", "signoff")),
        (["Source: Al Jazeera"], ("Al Jazeera", "signoff")),
        (["Skip to more Example sites", "Source: AFP"], ("Example", "page")),
        (["The army said on Monday it had taken the town."], (None, "unknown")),
    ],
)
def test_publisher_from_sign_offs_and_site_navigation(lines: list[str], expected: tuple) -> None:
    assert find_publisher(lines) == expected


# Control characters found in hostile files, none of them whitespace or Windows-1252 punctuation.
CONTROLS = "\x00\x01\x08\x1b\x7f\x81\x9d"
NOT_TEXT = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# More than the 8 KB ``looks_binary`` inspects, so the file is read as text and the controls reach a reader.
PADDING = "The council met again on Tuesday to discuss the budget and the state of the roads. " * 120
SENTENCE = f"Shelling hit{CONTROLS}the market in Aleppo on Monday\x00, killing 12 people."
HEADLINE = "Shelling hits the old market in Aleppo"
CONTROL_FILES = {
    "text": ("a.txt", f"{HEADLINE}\n\n{PADDING}\n\n{SENTENCE}\n"),
    "markdown": ("a.md", f"# {HEADLINE}\n\n{PADDING}\n\n{SENTENCE}\n"),
    "html": (
        "a.html",
        f"<html><head><title>{HEADLINE}</title></head><body><article><h1>{HEADLINE}</h1>"
        f"<p>{PADDING}</p><p>{SENTENCE}</p></article></body></html>",
    ),
    "transcript": (
        "a.md",
        f"# {HEADLINE}\n\n**Channel:** [Dec 5, 2016](https://v.example/1)\n\n"
        f"* {PADDING} [[0:00:01](https://v.example/1?t=1)]\n* {SENTENCE} [[0:00:09](https://v.example/1?t=9)]\n",
    ),
    "srt": (
        "a.srt",
        f"1\n00:00:01,000 --> 00:00:02,000\n{PADDING}\n\n2\n00:00:03,000 --> 00:00:04,000\n{SENTENCE}\n",
    ),
    "vtt": (
        "a.vtt",
        f"WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n{PADDING}\n\n00:00:03.000 --> 00:00:04.000\n{SENTENCE}\n",
    ),
    # JSON writes the controls as \u escapes; decoding brings them back.
    "newsplease": ("a.json", json.dumps({"title": f"{HEADLINE}\x00", "text": f"{PADDING} {SENTENCE}"})),
    "jsonl": ("a.jsonl", json.dumps({"id": 1, "title": HEADLINE, "text": SENTENCE}) + "\n"),
}


@pytest.mark.parametrize("fmt", sorted(CONTROL_FILES))
def test_no_control_character_survives_in_any_format(fmt: str, tmp_path: Path) -> None:
    name, content = CONTROL_FILES[fmt]
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    result = read_source(path)
    assert not result.rejections, result.rejections
    (document,) = result.documents
    assert document.format == fmt
    assert not NOT_TEXT.search(document.text), NOT_TEXT.search(document.text)
    assert not NOT_TEXT.search(document.title or "")
    assert "Shelling hitthe market in Aleppo on Monday, killing 12 people." in document.text


def test_raw_offsets_stay_exact_where_a_nul_was_taken_out(tmp_path: Path) -> None:
    path = tmp_path / "report.txt"
    path.write_bytes(
        f"{HEADLINE}\n\n{PADDING}\n\n{SENTENCE}\n\x00\x00Rescuers searched the rubble.\n".encode()
    )
    document = read_source(path).documents[0]
    raw = path.read_bytes()
    assert "\x00" not in document.text
    for words in ("the market in Aleppo", ", killing 12 people", "Rescuers searched", "Shelling hit"):
        position = document.text.index(words)
        assert raw[document.raw_offset_at(position) :].startswith(words.encode()), words


def test_control_characters_that_are_whitespace_become_spaces() -> None:
    assert without_controls("a\x0bb\x0cc\x00e\te\r\n") == "a b ce\te\r\n"
    assert control_free_pieces("\x00ab\x01\x02cd\x7f") == [("ab", 1), ("cd", 5)]
    assert control_free_pieces("plain text") == [("plain text", 0)]
    assert control_free_pieces("\x00\x01") == []


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("I gave an order\x97a very painful order", "I gave an order\u2014a very painful order"),
        ("\x93We will stay,\x94 he said", "\u201cWe will stay,\u201d he said"),
        ("the army\x92s advance", "the army\u2019s advance"),
        ("no\x81 character\x9d here", "no character here"),  # undefined in Windows-1252: taken out
    ],
)
def test_c1_controls_are_windows_1252_punctuation(raw: str, expected: str, tmp_path: Path) -> None:
    """C1 controls in decoded text are Windows-1252 bytes read as Latin-1; offsets after them stay exact."""
    assert without_controls(raw) == expected
    # NEL is U+0085, Windows-1252's ellipsis; a plain-text reader splits lines at it before cleaning.
    assert without_controls(raw + "\x85") == expected + "\u2026"
    path = tmp_path / "report.txt"
    path.write_bytes(f"{HEADLINE}\n\n{raw} in Aleppo.\n".encode())
    document = read_source(path).documents[0]
    assert expected in document.text
    position = document.text.index(" in Aleppo.")
    assert path.read_bytes()[document.raw_offset_at(position) :].startswith(b" in Aleppo.")
