"""The audit pairs a family's events on and off by sentence and trigger, and says what differs."""

from __future__ import annotations

from bench.ablation_audit import allocate, pair_events
from extractors.records import EventRecord, QuantityRecord

SENTENCE = "Some 50,000 Syrians said fleeing the city."


def event(trigger: str, start: int = 0, doc: str = "d1", **fields: object) -> EventRecord:
    """A hand-built event of ``SENTENCE`` (the id differs per trigger, as in a run)."""
    return EventRecord(
        event_id=f"{doc}-{start}-{trigger}",
        doc_id=doc,
        sentence=SENTENCE,
        start_char=start,
        end_char=start + len(SENTENCE),
        trigger=trigger,
        action=trigger,
        event_rank=1,
        **fields,  # type: ignore[arg-type]
    )


def test_identical_events_differ_in_nothing_whatever_their_rank_and_quantity_ids() -> None:
    q = QuantityRecord(event_id="x", value=50000.0, unit="people", text="50,000", is_approximate=True)
    on = event("fled", quantities=(q,))
    off = event("fled", quantities=(QuantityRecord("y", 50000.0, "people", "50,000", True),))
    assert pair_events([on], [off]) == []


def test_a_pair_gives_each_differing_field_as_on_then_off() -> None:
    (diff,) = pair_events([event("entered", attribution="DPA")], [event("entered")])
    assert diff.kind == "changed"
    assert diff.fields == {"attribution": ("DPA", None)}


def test_one_unpaired_event_each_side_of_a_sentence_is_a_changed_trigger() -> None:
    (diff,) = pair_events([event("fleeing")], [event("said")])
    assert diff.kind == "changed"
    assert diff.fields["trigger"] == ("fleeing", "said")


def test_other_unpaired_events_are_on_one_side_only() -> None:
    on = [event("shelled"), event("shelled", start=100)]
    off = [event("shelled"), event("shelled", start=100), event("seized", start=100), event("fled", doc="d2")]
    diffs = pair_events(on, off)
    assert [(d.kind, d.doc_id, d.start_char, d.off.trigger if d.off else None) for d in diffs] == [
        ("off_only", "d1", 100, "seized"),
        ("off_only", "d2", 0, "fled"),
    ]


def test_the_sample_is_spread_by_count_with_one_from_every_set_that_changes() -> None:
    assert allocate({"seeds": 1, "lgl": 100, "plover": 0}, 12) == {"seeds": 1, "lgl": 11, "plover": 0}
    assert allocate({"seeds": 3, "lgl": 2}, 12) == {"seeds": 3, "lgl": 2}
    assert sum(allocate({"a": 22, "b": 101, "c": 1, "d": 154, "e": 13}, 12).values()) == 12
