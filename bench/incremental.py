"""Benchmark: a second run over unchanged input against the first (not part of the tests).

    .venv/bin/python bench/incremental.py [PATH ...]

Runs the flow twice on the same input into a fresh warehouse and prints the
wall time of each run, the share of the second in the first, and the per-stage
times recorded in ``runs``. The second run must add no rows and take a small
fraction of the first: it reads and hashes the files but extracts nothing.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))


def main() -> None:
    from flows.runtime import configure_prefect_defaults

    configure_prefect_defaults()
    from prefect.testing.utilities import prefect_test_harness

    from flows.ingest import ingest_events
    from flows.settings import SAMPLE_CORPUS
    from warehouse.db import open_warehouse

    inputs = sys.argv[1:] or [str(SAMPLE_CORPUS)]
    db = Path(tempfile.mkdtemp(prefix="eventetl-bench-")) / "events.duckdb"
    stages = (
        "discover_seconds, read_seconds, extract_seconds, load_seconds, validate_seconds, publish_seconds"
    )
    with prefect_test_harness(server_startup_timeout=180):
        seconds = []
        for run_id in ("first", "second"):
            started = time.perf_counter()
            summary = ingest_events(inputs, str(db), run_id=run_id)
            seconds.append(time.perf_counter() - started)
            print(
                f"{run_id}: {seconds[-1]:.1f} s, {summary.documents_read} read, "
                f"{summary.documents_skipped} skipped, {summary.events_loaded} events"
            )
        with open_warehouse(db, read_only=True) as con:
            for row in con.execute(f"SELECT run_id, {stages} FROM runs ORDER BY run_id").fetchall():
                print(
                    "  "
                    + ", ".join(
                        f"{n.split('_')[0]}={v:.2f}" for n, v in zip(stages.split(", "), row[1:], strict=True)
                    ),
                    f"({row[0]})",
                )
    print(f"second/first: {seconds[1] / seconds[0]:.1%}")


if __name__ == "__main__":
    main()
