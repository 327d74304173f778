"""Record-level audit of one rule family: the events it changes, sampled, on against off.

    python bench/ablation_audit.py --family NAME [NAME ...] [--sets seeds giveme ...] [--sample 12]
        [--seed 0] [--out bench/results/audit_<family>.json]

For each dev set the events are extracted twice over the cached model analysis (``bench/ablation.py``'s
cache): with every family on and with the family off. Events are paired by document, sentence and
trigger (a sentence left with one unpaired event on each side pairs those two: the family changed the
trigger); a reproducible random sample of the pairs that differ, and of the events found on one side
only, is printed with the sentence and the fields that differ, for a reader to judge. The sample is
spread over the sets in proportion to how many events each set changes.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import random
import sys
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

BENCH_DIR = Path(__file__).resolve().parent
REPO_ROOT = BENCH_DIR.parent
sys.path.insert(0, str(REPO_ROOT))

from bench.ablation import CACHE_DIR, DEV_SETS, read_documents  # noqa: E402
from extractors.cached_analysis import cache_analysis, components_only  # noqa: E402
from extractors.extract import extract_batch  # noqa: E402
from extractors.nlp.pipeline import default_model_name  # noqa: E402
from extractors.nlp.rule_families import rule_families  # noqa: E402
from extractors.records import DocumentRecord, EventRecord  # noqa: E402

IGNORED_FIELDS = frozenset({"event_id", "doc_id", "sentence", "start_char", "end_char", "event_rank"})
"""Fields not compared: the pairing key, and the rank (every event after a removed one moves up)."""
CONTEXT_CHARS = 300
"""How much of the text before a sentence is shown with it (pronouns, 'the city', repeats)."""


@dataclass(frozen=True)
class EventDiff:
    """One event the family changes: on one side only, or on both with fields that differ."""

    doc_id: str
    start_char: int
    sentence: str
    on: EventRecord | None
    """The event with every family on; None when only the family-off run has it."""
    off: EventRecord | None
    """The event with the family off; None when only the family-on run has it."""
    fields: dict[str, tuple[Any, Any]]
    """For a pair, each differing field as (on, off); empty for a one-sided event."""

    @property
    def kind(self) -> str:
        """``changed``, ``on_only`` or ``off_only``."""
        if self.on is not None and self.off is not None:
            return "changed"
        return "on_only" if self.on is not None else "off_only"


def comparable(event: EventRecord) -> dict[str, Any]:
    """The fields of ``event`` that are compared, quantities without their event id."""
    values = {
        f.name: getattr(event, f.name) for f in dataclasses.fields(event) if f.name not in IGNORED_FIELDS
    }
    values["quantities"] = tuple(
        (q.text, q.value, q.unit, q.is_approximate, q.out_of) for q in event.quantities
    )
    return values


def field_changes(on: EventRecord, off: EventRecord) -> dict[str, tuple[Any, Any]]:
    """The compared fields whose values differ between ``on`` and ``off``, as (on, off)."""
    a, b = comparable(on), comparable(off)
    return {name: (a[name], b[name]) for name in a if a[name] != b[name]}


def pair_events(on: Sequence[EventRecord], off: Sequence[EventRecord]) -> list[EventDiff]:
    """The events that differ between the two runs, in document order.

    Events pair by (document, sentence start, trigger), the n-th with the n-th of the same trigger;
    when a sentence is left with exactly one unpaired event on each side, those two pair (a trigger
    the family changed). Whatever stays unpaired is on one side only.
    """
    by_sentence: defaultdict[tuple[str, int], tuple[list[EventRecord], list[EventRecord]]] = defaultdict(
        lambda: ([], [])
    )
    for event in on:
        by_sentence[(event.doc_id, event.start_char)][0].append(event)
    for event in off:
        by_sentence[(event.doc_id, event.start_char)][1].append(event)
    diffs: list[EventDiff] = []
    for (doc_id, start), (ons, offs) in sorted(by_sentence.items()):
        left_off = list(offs)
        pairs: list[tuple[EventRecord | None, EventRecord | None]] = []
        unpaired_on: list[EventRecord] = []
        for event in ons:
            match = next((o for o in left_off if o.trigger == event.trigger), None)
            if match is None:
                unpaired_on.append(event)
            else:
                left_off.remove(match)
                pairs.append((event, match))
        if len(unpaired_on) == 1 and len(left_off) == 1:
            pairs.append((unpaired_on[0], left_off[0]))
        else:
            pairs.extend((event, None) for event in unpaired_on)
            pairs.extend((None, event) for event in left_off)
        sentence = (ons or offs)[0].sentence
        for a, b in pairs:
            fields = field_changes(a, b) if a is not None and b is not None else {}
            if a is None or b is None or fields:
                diffs.append(EventDiff(doc_id, start, sentence, a, b, fields))
    return diffs


def allocate(counts: dict[str, int], sample: int) -> dict[str, int]:
    """How many of ``sample`` to draw from each set: in proportion to its count (largest remainder),
    at least one from every set with changes while the sample allows, never more than it has."""
    total = sum(counts.values())
    if total == 0:
        return dict.fromkeys(counts, 0)
    if total <= sample:
        return dict(counts)
    shares = {k: sample * n / total for k, n in counts.items()}
    taken = {k: min(n, max(int(shares[k]), 1 if n else 0)) for k, n in counts.items()}
    by_remainder = sorted(counts, key=lambda k: (shares[k] - int(shares[k]), counts[k]), reverse=True)
    while sum(taken.values()) > sample:  # the minimum of one overshot: take back from the largest
        largest = max((k for k in taken if taken[k] > 1), key=lambda k: taken[k])
        taken[largest] -= 1
    while sum(taken.values()) < sample:
        grown = next((k for k in by_remainder if taken[k] < counts[k]), None)
        if grown is None:
            break
        taken[grown] += 1
        by_remainder.remove(grown)
        by_remainder.append(grown)
    return taken


def describe(diff: EventDiff, documents: dict[str, DocumentRecord]) -> dict[str, Any]:
    """A JSON-ready view of ``diff``: sentence, text before it, the event (family on, else off) and what differs."""
    document = documents.get(diff.doc_id)
    text = document.text if document else ""
    view: dict[str, Any] = {
        "doc_id": diff.doc_id,
        "published": document.published_date if document else None,
        "start_char": diff.start_char,
        "kind": diff.kind,
        "context": text[max(0, diff.start_char - CONTEXT_CHARS) : diff.start_char],
        "sentence": diff.sentence,
    }
    event = diff.on or diff.off
    assert event is not None
    view["trigger"] = event.trigger
    keep = (
        "trigger",
        "action",
        "actor",
        "place",
        "date_text",
        "date_start",
        "modality",
        "attribution",
        "event_type",
    )
    view["event"] = {k: v for k, v in comparable(event).items() if k in keep}
    if diff.kind == "changed":
        view["fields"] = {k: {"on": v[0], "off": v[1]} for k, v in diff.fields.items()}
    return view


def extract_events(
    model: str, documents: Sequence[DocumentRecord], cache: Path, disabled: Sequence[str]
) -> list[EventRecord]:
    """The events of ``documents`` with ``disabled`` families off, over the cached analysis."""
    return list(extract_batch(components_only(model, disabled, cache), documents).events)


def main(argv: Sequence[str] | None = None, *, log: Callable[[str], None] = print) -> int:
    """Audit each family given: extract with it on and off, pair, sample, print and save."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--family", nargs="+", required=True, help="the family (or families, one at a time)")
    parser.add_argument(
        "--sets", nargs="*", choices=[s.name for s in DEV_SETS], help="dev sets (default: all)"
    )
    parser.add_argument("--sample", type=int, default=12)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--out", type=Path, help="JSON output (one family; default bench/results/audit_<family>.json)"
    )
    args = parser.parse_args(argv)
    unknown = sorted(set(args.family) - {f.name for f in rule_families()})
    if unknown:
        parser.error(f"unknown rule families: {', '.join(unknown)}")
    if args.out and len(args.family) > 1:
        parser.error("--out takes one family")
    model = default_model_name()
    sets = [s for s in DEV_SETS if not args.sets or s.name in args.sets]
    diffs: dict[str, dict[str, list[EventDiff]]] = {f: {} for f in args.family}
    documents: dict[str, DocumentRecord] = {}
    for dev_set in sets:
        docs = read_documents(dev_set)
        documents.update((d.doc_id, d) for d in docs)
        cache = cache_analysis(model, docs, CACHE_DIR, prefix=dev_set.name)
        base = extract_events(model, docs, cache, [])
        for family in args.family:
            diffs[family][dev_set.name] = pair_events(base, extract_events(model, docs, cache, [family]))
            log(f"{dev_set.name}: {family}: {len(diffs[family][dev_set.name])} events differ")
    for family, by_set in diffs.items():
        counts = {name: len(found) for name, found in by_set.items()}
        quota = allocate(counts, args.sample)
        rng = random.Random(f"{args.seed}:{family}")
        sampled = {name: sorted(rng.sample(range(len(found)), quota[name])) for name, found in by_set.items()}
        samples = {name: [describe(by_set[name][i], documents) for i in idx] for name, idx in sampled.items()}
        report: dict[str, Any] = {
            "family": family,
            "changed": {
                name: {k: sum(d.kind == k for d in found) for k in ("changed", "on_only", "off_only")}
                for name, found in by_set.items()
            },
            "fields_changed": {
                name: dict(Counter(k for d in found for k in d.fields).most_common())
                for name, found in by_set.items()
            },
            "sample": samples,
        }
        out = args.out or BENCH_DIR / "results" / f"audit_{family}.json"
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps(report, indent=2, default=str, ensure_ascii=False) + "\n", encoding="utf-8")
        log(f"\n=== {family}: events differing per set {counts} (sampled {quota}) -> {out}")
        log(f"    fields changed: {report['fields_changed']}")
        for name, views in samples.items():
            for view in views:
                where = f"{view['doc_id'][:8]}@{view['start_char']}"
                log(f"--- [{name}] {view['kind']} {view['trigger']!r} {where}: {view['sentence']!r}")
                for key, value in (view.get("fields") or view["event"]).items():
                    log(f"    {key}: {value}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
