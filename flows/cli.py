"""The ``eventetl`` command line.

Heavy libraries (Prefect, spaCy, Great Expectations, DuckDB) are imported
inside the commands, so ``eventetl --help`` answers at once.

Exit codes: 0 success; 1 the run failed (a critical expectation failed, or
an error); 2 usage error; 3 the run succeeded but some input was rejected.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from flows.settings import Settings

app = typer.Typer(
    name="eventetl",
    help="Turn raw news files into structured events in a DuckDB warehouse.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

EXIT_FAILED = 1
EXIT_REJECTED_INPUT = 3

DbOption = Annotated[
    Path | None, typer.Option("--db", help="Warehouse file (default: EVENTETL_DB or data/events.duckdb).")
]


def _print_summary(run_id: str, db: Path, rejected: list[tuple[str, str, int | None]]) -> None:
    from rich.console import Console

    from expectations.report import failure_examples
    from expectations.validate import data_docs_dir
    from warehouse.db import open_warehouse

    console = Console()
    with open_warehouse(db, read_only=True) as con:
        row = con.execute(
            "SELECT status, documents_read, documents_skipped, documents_rejected, events_loaded, "
            "quantities_loaded, expectations_passed, expectations_failed FROM runs WHERE run_id = ?",
            [run_id],
        ).fetchone()
        failures = failure_examples(con, run_id)
    if row is None:
        console.print(f"run {run_id}: no record in {db}")
        return
    status, read, skipped, n_rejected, events, quantities, passed, failed = row
    console.print(f"[bold]run {run_id}[/bold] -> {db}: {status}")
    console.print(f"  documents: {read} read, {skipped} skipped (unchanged), {n_rejected} rejected")
    console.print(f"  events loaded: {events} (quantities: {quantities})")
    console.print(f"  expectations: {passed} passed, {failed} failed")
    for failure in failures:
        colour = "red" if failure.severity == "critical" else "yellow"
        console.print(
            f"  [{colour}]{failure.severity}[/{colour}] {failure.expectation}: "
            f"{failure.unexpected_count} rows ({failure.unexpected_percent:.1f}%)",
            highlight=False,
        )
        for example in failure.rows:
            console.print(
                "      " + "  ".join(f"{k}={v}" for k, v in example.items()),
                highlight=False,
                markup=False,
                soft_wrap=True,
            )
    docs_index = data_docs_dir(db) / "index.html"
    if docs_index.exists():
        console.print(f"  Data Docs: {docs_index}", soft_wrap=True, highlight=False)
    for path, reason, line in rejected:
        console.print(f"  [yellow]rejected[/yellow] {path}{f':{line}' if line else ''}: {reason}")


def _run_settings(**flags: object) -> Settings:
    """Settings with the CLI flags that were given (not None) taking precedence."""
    from flows.settings import Settings

    return Settings.model_validate({k: v for k, v in flags.items() if v is not None})


def _flow_parameters(settings: Settings, inputs: list[str], *, full_refresh: bool) -> dict[str, object]:
    return {
        "paths": inputs,
        "db": str(settings.db),
        "model": settings.model,
        "batch_size": settings.batch_size,
        "max_file_bytes": settings.max_file_bytes,
        "window_start": settings.corpus_window_start,
        "window_end": settings.corpus_window_end,
        "min_events_per_run": settings.min_events_per_run,
        "full_refresh": full_refresh,
        "lock_timeout": settings.lock_timeout,
        "runner": settings.runner,
        "workers": settings.workers,
        "dask_address": settings.dask_address,
    }


PathsArgument = Annotated[
    list[Path] | None, typer.Argument(help="Files or folders (default: the bundled sample corpus).")
]
ModelOption = Annotated[
    str | None, typer.Option(help="spaCy pipeline name (default: best installed English model).")
]
BatchSizeOption = Annotated[int | None, typer.Option(help="Documents per extraction batch.")]
LockTimeoutOption = Annotated[
    float | None,
    typer.Option(
        help="Seconds to wait for another run on the same warehouse (default: EVENTETL_LOCK_TIMEOUT or 600)."
    ),
]


@app.command()
def run(
    paths: PathsArgument = None,
    db: DbOption = None,
    model: ModelOption = None,
    batch_size: BatchSizeOption = None,
    full_refresh: Annotated[
        bool, typer.Option("--full-refresh", help="Re-extract every document, changed or not.")
    ] = False,
    lock_timeout: LockTimeoutOption = None,
    workers: Annotated[
        int | None, typer.Option(help="Extraction worker processes (local Dask cluster when > 1).")
    ] = None,
    runner: Annotated[str | None, typer.Option(help="local or dask.")] = None,
    dask_address: Annotated[
        str | None, typer.Option(help="Existing Dask scheduler, tcp://HOST:PORT (implies --runner dask).")
    ] = None,
) -> None:
    """Extract events from raw files into the warehouse, validate them, and publish the BI snapshot."""
    from flows.runtime import configure_prefect_defaults
    from flows.settings import SAMPLE_CORPUS

    configure_prefect_defaults()
    settings = _run_settings(
        db=db,
        model=model,
        batch_size=batch_size,
        lock_timeout=lock_timeout,
        workers=workers,
        runner=runner,
        dask_address=dask_address,
    )
    inputs = [str(p) for p in (paths or [SAMPLE_CORPUS])]

    from flows.ingest import RunSummary, ingest_events, new_run_id
    from flows.progress import CURRENT_PROGRESS, console_progress
    from warehouse.db import open_warehouse
    from warehouse.lock import WarehouseBusy, writer_lock

    run_id = new_run_id()
    with console_progress() as progress:
        token = CURRENT_PROGRESS.set(progress)
        try:
            state = ingest_events(
                **_flow_parameters(settings, inputs, full_refresh=full_refresh),
                run_id=run_id,
                return_state=True,
            )
        finally:
            CURRENT_PROGRESS.reset(token)
    outcome = state.result(raise_on_failure=False)
    if isinstance(outcome, WarehouseBusy):
        # The other run still has the warehouse open: do not try to read it.
        typer.echo(f"run failed: {outcome}", err=True)
        raise typer.Exit(EXIT_FAILED)
    # Under the writer lock: a reader holding the file open would keep the next run from writing.
    with writer_lock(settings.db, timeout=settings.lock_timeout):
        with open_warehouse(settings.db, read_only=True) as con:
            rejected = con.execute(
                "SELECT path, reason, line FROM rejected_files WHERE run_id = ? ORDER BY path, line", [run_id]
            ).fetchall()
        _print_summary(run_id, settings.db, rejected)
    if state.is_failed():
        typer.echo(f"run failed: {state.message}", err=True)
        raise typer.Exit(EXIT_FAILED)
    if isinstance(outcome, RunSummary):
        typer.echo(f"  BI snapshot: {outcome.snapshot}")
    if rejected:
        raise typer.Exit(EXIT_REJECTED_INPUT)


@app.command()
def serve(
    paths: PathsArgument = None,
    db: DbOption = None,
    cron: Annotated[
        str | None, typer.Option(help='Cron schedule (default: EVENTETL_SCHEDULE_CRON or "*/15 * * * *").')
    ] = None,
    interval: Annotated[
        float | None, typer.Option(help="Run every this many seconds instead of on a cron schedule.")
    ] = None,
    model: ModelOption = None,
    batch_size: BatchSizeOption = None,
    lock_timeout: LockTimeoutOption = None,
    port: Annotated[
        int | None,
        typer.Option(
            help="Port of the local Prefect server started when PREFECT_API_URL is unset (default 4200)."
        ),
    ] = None,
) -> None:
    """Run the flow on a schedule until stopped (SIGTERM), loading new and changed files each time."""
    from flows.runtime import configure_prefect_defaults
    from flows.serve import PrefectServerError, prefect_api, schedule_arguments, serve_ingest
    from flows.settings import SAMPLE_CORPUS

    if cron is not None and interval is not None:
        raise typer.BadParameter("give --cron or --interval, not both")
    configure_prefect_defaults()
    settings = _run_settings(
        db=db,
        model=model,
        batch_size=batch_size,
        lock_timeout=lock_timeout,
        schedule_cron=cron,
        schedule_interval=interval,
        prefect_port=port,
    )
    try:
        schedule_arguments(cron=settings.schedule_cron, interval=settings.schedule_interval)
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from exc
    # Scheduled runs execute in other processes, perhaps in another folder: absolute paths only.
    inputs = [str(p.resolve()) for p in (paths or [SAMPLE_CORPUS])]
    settings.db = settings.db.resolve()
    schedule = (
        f"every {settings.schedule_interval:g} s"
        if settings.schedule_interval
        else f"cron {settings.schedule_cron!r}"
    )
    try:
        with prefect_api(settings.db, port=settings.prefect_port) as api_url:
            typer.echo(f"serving ingest-events/scheduled ({schedule}) on {api_url}; SIGTERM stops", err=True)
            serve_ingest(
                _flow_parameters(settings, inputs, full_refresh=False),
                cron=settings.schedule_cron,
                interval=settings.schedule_interval,
            )
    except PrefectServerError as exc:
        typer.echo(f"serve failed: {exc}", err=True)
        raise typer.Exit(EXIT_FAILED) from exc
    except (KeyboardInterrupt, SystemExit):
        pass  # SIGINT, or SIGTERM (Prefect's runner exits on it); the local server is stopped by now
    typer.echo("stopped serving", err=True)


@app.command()
def export(
    fmt: Annotated[str, typer.Option("--format", help="parquet or csv.")] = "parquet",
    out: Annotated[
        Path | None, typer.Option(help="Folder to write to (default: export/ beside the warehouse).")
    ] = None,
    db: DbOption = None,
) -> None:
    """Write the clean BI tables (fact_events, dim_*, events_clean) as Parquet or CSV files."""
    from warehouse.export import COPY_OPTIONS, SnapshotMissing, export_tables

    if fmt not in COPY_OPTIONS:
        raise typer.BadParameter(f"--format must be one of {', '.join(COPY_OPTIONS)}, not {fmt!r}")
    settings = _run_settings(db=db)
    try:
        written = export_tables(settings.db, out or settings.db.parent / "export", fmt)  # type: ignore[arg-type]
    except SnapshotMissing as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(EXIT_FAILED) from exc
    for path in written:
        typer.echo(str(path))


@app.command()
def query(
    sql: Annotated[str, typer.Argument(help="SQL to run against the warehouse (read-only).")],
    db: DbOption = None,
) -> None:
    """Run SQL on the warehouse through a read-only connection and print the result as a table."""
    import duckdb
    from rich.console import Console
    from rich.table import Table

    from warehouse.db import open_warehouse
    from warehouse.lock import WarehouseBusy, writer_lock
    from warehouse.snapshot import snapshot_path

    settings = _run_settings(db=db)
    if not settings.db.exists():
        typer.echo(f"no warehouse at {settings.db}: run `eventetl run` first", err=True)
        raise typer.Exit(EXIT_FAILED)
    try:
        # Under the writer lock: a reader holding the file open would keep a run from writing.
        with (
            writer_lock(settings.db, timeout=settings.lock_timeout),
            open_warehouse(settings.db, read_only=True) as con,
        ):
            cursor = con.execute(sql)
            columns = [d[0] for d in cursor.description or []]
            rows = cursor.fetchall()
    except WarehouseBusy as exc:
        typer.echo(
            f"query failed: {exc}; the BI snapshot {snapshot_path(settings.db)} can be read meanwhile",
            err=True,
        )
        raise typer.Exit(EXIT_FAILED) from exc
    except duckdb.Error as exc:
        typer.echo(f"query failed: {exc}", err=True)
        raise typer.Exit(EXIT_FAILED) from exc
    table = Table(*columns)
    for row in rows:
        table.add_row(*("NULL" if v is None else str(v) for v in row))
    Console().print(table)


@app.command()
def validate(db: DbOption = None) -> None:
    """Re-validate an existing warehouse without extracting again; rebuilds its Data Docs."""
    from expectations.validate import data_docs_dir, validate_warehouse
    from flows.ingest import new_run_id
    from warehouse.db import open_warehouse
    from warehouse.load import finish_run, start_run
    from warehouse.lock import writer_lock

    settings = _run_settings(db=db)
    if not settings.db.exists():
        typer.echo(f"no warehouse at {settings.db}", err=True)
        raise typer.Exit(EXIT_FAILED)
    run_id = new_run_id()
    # Validation rewrites row flags: it is a writer like any run.
    with writer_lock(settings.db, timeout=settings.lock_timeout):
        with open_warehouse(settings.db) as con:
            start_run(con, run_id, flow_run_id=None)
            report = validate_warehouse(
                con,
                run_id=run_id,
                window_start=settings.corpus_window_start,
                window_end=settings.corpus_window_end,
                min_events_per_run=settings.min_events_per_run,
                docs_dir=data_docs_dir(settings.db),
            )
            finish_run(
                con,
                run_id,
                status="failed" if report.critical_failed else "succeeded",
                documents_read=0,
                documents_skipped=0,
                documents_rejected=0,
                events_loaded=0,
                quantities_loaded=0,
                expectations_passed=report.passed,
                expectations_failed=len(report.failed),
                message="validation only",
            )
        _print_summary(run_id, settings.db, [])
    if report.critical_failed:
        typer.echo("critical expectations failed", err=True)
        raise typer.Exit(EXIT_FAILED)


if __name__ == "__main__":
    app()
