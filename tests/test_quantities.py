"""Quantities on literal sentences: value, unit from the counted noun, approximation."""

from __future__ import annotations

import pytest

from extractors.nlp.quantities import SPAN_KEY, parse_quantity_text


@pytest.mark.parametrize(
    ("text", "value", "approximate"),
    [
        ("98 percent", 98, False),
        ("more than 90%", 90, True),
        ("some 50,000", 50000, True),
        ("tens of thousands", 10000, True),
        ("hundreds", 100, True),
        ("three", 3, False),
        ("11 million", 11_000_000, False),
        ("eight", 8, False),
    ],
)
def test_parse_quantity_text(text: str, value: float, approximate: bool) -> None:
    parsed = parse_quantity_text(text)
    assert parsed is not None
    assert (parsed.value, parsed.approximate) == (value, approximate)


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "Syria's military said it has regained control of 98 percent of eastern Aleppo.",
            [(98.0, "percent", False)],
        ),
        ("Some 50,000 civilians have fled eastern Aleppo.", [(50000.0, "person", True)]),
        ("Reports say hundreds of men have vanished.", [(100.0, "person", True)]),
        ("Russian sappers cleared 8 hectares (about 20 acres) since Friday.", [(8.0, "hectare", False)]),
        ("Shafak said all eight of its ambulances have been destroyed.", [(8.0, "item", False)]),
        ("Three medics were killed in the strike.", [(3.0, "person", False)]),
    ],
)
def test_quantities_in_sentences(nlp, sentence: str, expected: list) -> None:
    doc = nlp(sentence)
    found = [
        (s._.quantity["value"], s._.quantity["unit"], s._.quantity["approx"]) for s in doc.spans[SPAN_KEY]
    ]
    assert found == expected


def test_part_of_a_whole_keeps_the_whole(nlp) -> None:
    doc = nlp("It said 47 of its 57 staff are stuck in rebel-held areas.")
    quantities = [s._.quantity for s in doc.spans[SPAN_KEY]]
    assert len(quantities) == 1
    assert (
        quantities[0]["value"] == 47 and quantities[0]["unit"] == "person" and quantities[0]["out_of"] == 57
    )


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Rebels still control more than 90% of the district.", [(90.0, "percent", True)]),
        ("The army sent reinforcements 200 kms (130 miles) away.", [(200.0, "km", False)]),
        ("The sides agreed a three-day truce.", [(3.0, "day", False)]),
        ("The war has made more than 11 million homeless.", [(11_000_000.0, "person", True)]),
        ("Tens of thousands of civilians have fled.", [(10000.0, "person", True)]),
    ],
)
def test_more_quantity_constructions(nlp, sentence: str, expected: list) -> None:
    doc = nlp(sentence)
    found = [
        (s._.quantity["value"], s._.quantity["unit"], s._.quantity["approx"]) for s in doc.spans[SPAN_KEY]
    ]
    assert found == expected
