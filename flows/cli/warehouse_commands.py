"""Commands on an existing warehouse: ``validate``, ``check``, ``report`` and ``export``.

Each finds the files beside the warehouse (snapshot, Data Docs, lock, report,
export folder) through ``warehouse.database.Warehouse``, the one place that
knows where they live.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from flows.cli.common import (
    EXIT_FAILED,
    EXIT_USAGE,
    DbOption,
    LockTimeoutOption,
    fail,
    require_warehouse,
    run_settings,
)


def validate(db: DbOption = None) -> None:
    """Re-validate an existing warehouse without extracting again; rebuilds its Data Docs."""
    from flows.cli.summary import print_summary
    from flows.validation import quality_checks, revalidate
    from warehouse.database import Warehouse
    from warehouse.lock import WarehouseBusy

    settings = run_settings(db=db)
    require_warehouse(settings)
    # The same gate as a run's validate stage, recorded as a run of its own (failed with its error if it raises).
    try:
        summary = revalidate(
            Warehouse.at(settings.db), quality_checks(settings), lock_timeout=settings.lock_timeout
        )
    except WarehouseBusy as exc:
        raise fail(f"validate failed: {exc}") from exc
    print_summary(summary)
    if summary.critical_failed:
        raise fail("critical expectations failed")


def check(db: DbOption = None, lock_timeout: LockTimeoutOption = None) -> None:
    """Verify a warehouse: keys, references, the last run's accounting, the BI snapshot, no run left running.

    Prints one verdict a line; exits 1 when a check fails.
    """
    from warehouse.check import check_warehouse
    from warehouse.database import Warehouse
    from warehouse.lock import WarehouseBusy

    settings = run_settings(db=db, lock_timeout=lock_timeout)
    require_warehouse(settings)
    warehouse = Warehouse.at(settings.db)
    try:
        # Under the writer lock: no run writes while the checks look, so a run marked running was killed.
        with (
            warehouse.lock(timeout=settings.lock_timeout, holder="check"),
            warehouse.connect(read_only=True) as con,
        ):
            results = check_warehouse(con, warehouse)
    except WarehouseBusy as exc:
        raise fail(f"check failed: {exc}") from exc
    for result in results:
        typer.echo(f"{result.verdict.upper():4} {result.name}: {result.detail}")
    if any(result.failed for result in results):
        raise typer.Exit(EXIT_FAILED)


def report(
    db: DbOption = None,
    output: Annotated[
        Path | None,
        typer.Option(help="HTML file to write [default: beside the warehouse, data/events.report.html]."),
    ] = None,
    lock_timeout: LockTimeoutOption = None,
) -> None:
    """Write one self-contained HTML page: last run, data quality, timeline, map, actors, events.

    No scripts and nothing fetched when viewed; prints the file's path.
    """
    import duckdb

    from flows.report import build_report
    from warehouse.database import Warehouse
    from warehouse.lock import WarehouseBusy

    settings = run_settings(db=db, lock_timeout=lock_timeout)
    require_warehouse(settings, ": run `eventetl run` first")
    if output is not None and output.is_dir():
        raise fail(f"report: --output {output}: is a folder", EXIT_USAGE)
    warehouse = Warehouse.at(settings.db)
    try:
        # Under the writer lock, like `query`: a reader holding the file open would keep a run from writing.
        with warehouse.lock(timeout=settings.lock_timeout, holder="report"):
            result = build_report(warehouse, output)
    except (WarehouseBusy, duckdb.Error) as exc:
        raise fail(f"report failed: {str(exc).splitlines()[0] if str(exc) else exc!r}") from exc
    typer.echo(f"report: {result.events} events ({result.mapped_events} on the map) -> {result.path}")


def export(
    fmt: Annotated[str, typer.Option("--format", help="parquet or csv.")] = "parquet",
    out: Annotated[
        Path | None, typer.Option(help="Folder to write to (default: export/ beside the warehouse).")
    ] = None,
    db: DbOption = None,
) -> None:
    """Write the clean BI tables (fact_events, dim_*, events_clean) as Parquet or CSV files."""
    from warehouse.database import Warehouse
    from warehouse.export import COPY_OPTIONS, SnapshotMissing, export_tables

    if fmt not in COPY_OPTIONS:
        raise fail(f"export: --format must be one of {', '.join(COPY_OPTIONS)}, not {fmt!r}", EXIT_USAGE)
    settings = run_settings(db=db)
    try:
        written = export_tables(Warehouse.at(settings.db), out, fmt)  # type: ignore[arg-type]
    except SnapshotMissing as exc:
        raise fail(str(exc)) from exc
    for path in written:
        typer.echo(str(path))
