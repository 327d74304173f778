"""eventetl_quotes on literal text: direct speech found, scare quotes and apostrophes left alone."""

from __future__ import annotations

import pytest

from extractors.nlp.quotes import SPAN_KEY


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            '"Those killed and wounded are left on the streets," Abu Rajab said.',
            ["Those killed and wounded are left on the streets,"],
        ),
        (
            "“This pushes us to fight to the last breath,” he said.",
            ["This pushes us to fight to the last breath,"],
        ),
        # an unclosed quotation reopened by the next one (news style) still ends there
        (
            'She said: "I was in bed when I heard a crash. "Then I heard people shouting outside.',
            ["I was in bed when I heard a crash.", "Then I heard people shouting outside."],
        ),
        # scare quotes around a short phrase are the reporter's words
        ("Croydon tram driver 'blacked out' in crash, claim passengers.", []),
        # possessive apostrophes are not quotation marks
        ("The rebels' last stronghold fell after Assad's forces advanced.", []),
    ],
)
def test_quotations(nlp, text: str, expected: list[str]) -> None:
    doc = nlp(text)
    assert [s.text.strip() for s in doc.spans[SPAN_KEY]] == expected
