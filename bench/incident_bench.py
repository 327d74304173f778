"""Time of the incident join against the number of documents: 1x, then k copies of a warehouse's reports.

    python bench/incident_bench.py WAREHOUSE [--copies 1 10] [--out bench/results/incidents.json]

WAREHOUSE is a warehouse a run built (e.g. from the 1,000-document bench corpus). For each number
of copies, a scratch copy of it gets that many copies of every document, event and place mention
(new ids; later copies published a day later each, so they are further reports of the same
events, as a story's coverage grows; with ``--apart``, moved 30 days each with their events, so
they are other events: ten times the incidents), then ``warehouse.incidents.refresh_incidents`` is timed
on it. Extraction is not repeated: the join reads only the warehouse, so copies of real rows give
its cost at ten times the documents without ten times the extraction.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

import duckdb

BENCH_DIR = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH_DIR.parent))

from extractors import lexicon  # noqa: E402
from flows.stages import REPORTING_VERBS_LEXICON  # noqa: E402
from warehouse.db import migrate  # noqa: E402
from warehouse.incidents import IncidentSettings, refresh_incidents  # noqa: E402


def replicate(con: duckdb.DuckDBPyConnection, copies: int, *, apart: bool) -> None:
    """Add ``copies - 1`` copies of every document with its events and place mentions; ``apart``:
    each copy's events (and publication) moved by 30 days, so no copy reports another's events."""
    for copy in range(1, copies):
        suffix = f"-c{copy}"
        days = 30 * copy if apart else copy
        con.execute(
            "INSERT INTO documents SELECT * REPLACE (doc_id || $s AS doc_id, source_key || $s AS source_key, "
            "CAST(published_date + $d AS DATE) AS published_date) FROM documents WHERE NOT contains(doc_id, '-c')",
            {"s": suffix, "d": days},
        )
        con.execute(
            "INSERT INTO events SELECT * REPLACE (event_id || $s AS event_id, doc_id || $s AS doc_id, "
            "CAST(date_start + $d AS DATE) AS date_start, CAST(date_end + $d AS DATE) AS date_end) "
            "FROM events WHERE NOT contains(doc_id, '-c')",
            {"s": suffix, "d": days if apart else 0},
        )
        con.execute(
            "INSERT INTO place_mentions SELECT * REPLACE (doc_id || $s AS doc_id) "
            "FROM place_mentions WHERE NOT contains(doc_id, '-c')",
            {"s": suffix},
        )


def measure(source: Path, copies: int, scratch: Path, *, apart: bool) -> dict[str, object]:
    """Seconds of one incident refresh over ``copies`` copies of ``source``'s reports."""
    db = scratch / f"incidents_{copies}.duckdb"
    shutil.copy(source, db)
    with duckdb.connect(str(db)) as con:
        migrate(con)
        # Constraints would refuse nothing here (new ids), but the copy is faster without index checks.
        replicate(con, copies, apart=apart)
        documents, events = con.execute(
            "SELECT (SELECT count(*) FROM documents), (SELECT count(*) FROM events)"
        ).fetchone() or (0, 0)
        started = time.perf_counter()
        counts = refresh_incidents(
            con, IncidentSettings(), reporting_verbs=lexicon.words(REPORTING_VERBS_LEXICON)
        )
        seconds = time.perf_counter() - started
    db.unlink()
    return {
        "copies": copies,
        "copies_apart": apart,
        "documents": documents,
        "events": events,
        "seconds": round(seconds, 3),
        "incidents": counts.incidents,
        "joined_incidents": counts.joined_incidents,
        "rounds": counts.rounds,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("warehouse", type=Path)
    parser.add_argument("--copies", type=int, nargs="+", default=[1, 10])
    parser.add_argument(
        "--apart", action="store_true", help="move each copy's events 30 days on: 10x distinct incidents"
    )
    parser.add_argument("--out", type=Path, default=BENCH_DIR / "results" / "incidents.json")
    args = parser.parse_args()
    if not args.warehouse.is_file():
        print(f"incident_bench: no warehouse at {args.warehouse}", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as scratch:
        results = [measure(args.warehouse, copies, Path(scratch), apart=args.apart) for copies in args.copies]
    for row in results:
        print(
            f"{row['documents']:>7,} documents {row['events']:>8,} events: {row['seconds']:>7.2f} s "
            f"({row['incidents']:,} incidents, {row['joined_incidents']:,} joined, {row['rounds']} rounds)"
        )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
