"""Cleaning keeps every body sentence and caption, and drops page furniture, credits and repeats."""

from __future__ import annotations

import re

import pytest
from conftest import SAMPLE_CORPUS

from extractors.cleaning import clean_article_text, find_publisher, unglue_credit
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
