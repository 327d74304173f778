"""eventetl_paragraphs: a headline without a full stop does not run into the first sentence."""

from __future__ import annotations


def test_headline_is_its_own_sentence(nlp) -> None:
    doc = nlp("Tram overturns at Sandilands\n\nSeveral people died after a tram derailed.")
    sentences = [s.text.strip() for s in doc.sents]
    assert sentences == ["Tram overturns at Sandilands", "Several people died after a tram derailed."]


def test_single_line_breaks_do_not_split(nlp) -> None:
    doc = nlp("Several people died after a tram\nderailed in Croydon.")
    assert len(list(doc.sents)) == 1
