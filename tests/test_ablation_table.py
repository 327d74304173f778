"""The ablation table tells a family that never fires from one whose changes no scorer reads."""

from __future__ import annotations

from bench.ablation import records_changed, table

BASELINE = "(all families on)"


def test_records_changed_counts_the_larger_of_records_added_and_lost() -> None:
    base = frozenset({"a", "b", "c"})
    assert records_changed(base, base) == 0
    assert records_changed(frozenset({"a", "b"}), base) == 1
    assert records_changed(frozenset({"a", "b", "x", "y"}), base) == 2


def test_the_table_gives_score_changes_then_unscored_record_changes_then_no_change() -> None:
    results = {
        BASELINE: {"seeds": {"event_p": 0.731}, "plover": {"actor": 0.902}},
        "events.states": {"seeds": {"event_p": 0.679}, "plover": {"actor": 0.902}},
        "quantities.part_of_whole": {"seeds": {"event_p": 0.731}, "plover": {"actor": 0.902}},
    }
    changed = {
        "events.states": {"seeds": 9, "plover": 0},
        "quantities.part_of_whole": {"seeds": 3, "plover": 0},
    }
    rows = table(results, changed, BASELINE)
    assert rows == [
        "| `events.states` | seeds: event_p -0.052; plover: no change |",
        "| `quantities.part_of_whole` | seeds: no score change, 3 records differ; plover: no change |",
    ]
