"""The ``eventetl`` command line.

Heavy libraries (Prefect, spaCy, Great Expectations, DuckDB) are imported
inside the commands, so ``eventetl --help`` answers at once.

Exit codes: 0 success; 1 the run failed (a critical expectation failed, or
an error); 2 usage error; 3 the run succeeded but some input was rejected.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

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


@app.command()
def run(
    paths: Annotated[
        list[Path] | None, typer.Argument(help="Files or folders (default: the bundled sample corpus).")
    ] = None,
    db: DbOption = None,
    model: Annotated[
        str | None, typer.Option(help="spaCy pipeline name (default: best installed English model).")
    ] = None,
    batch_size: Annotated[int | None, typer.Option(help="Documents per extraction batch.")] = None,
    workers: Annotated[
        int | None, typer.Option(help="Extraction worker processes (local Dask cluster when > 1).")
    ] = None,
    runner: Annotated[str | None, typer.Option(help="local or dask.")] = None,
    dask_address: Annotated[
        str | None, typer.Option(help="Existing Dask scheduler, tcp://HOST:PORT (implies --runner dask).")
    ] = None,
) -> None:
    """Extract events from raw files into the warehouse, then validate them."""
    from flows.runtime import configure_prefect_defaults
    from flows.settings import SAMPLE_CORPUS, Settings

    configure_prefect_defaults()
    overrides = {
        k: v
        for k, v in {
            "db": db,
            "model": model,
            "batch_size": batch_size,
            "workers": workers,
            "runner": runner,
            "dask_address": dask_address,
        }.items()
        if v is not None
    }
    settings = Settings(**overrides)
    inputs = [str(p) for p in (paths or [SAMPLE_CORPUS])]

    from flows.ingest import configured_flow, new_run_id
    from flows.runners import batches_in_flight
    from warehouse.db import open_warehouse

    run_id = new_run_id()
    flow = configured_flow(settings.runner, workers=settings.workers, dask_address=settings.dask_address)
    state = flow(
        inputs,
        str(settings.db),
        model=settings.model,
        batch_size=settings.batch_size,
        max_file_bytes=settings.max_file_bytes,
        window_start=settings.corpus_window_start,
        window_end=settings.corpus_window_end,
        min_events_per_run=settings.min_events_per_run,
        run_id=run_id,
        max_in_flight=batches_in_flight(
            settings.runner, workers=settings.workers, dask_address=settings.dask_address
        ),
        return_state=True,
    )
    with open_warehouse(settings.db, read_only=True) as con:
        rejected = con.execute(
            "SELECT path, reason, line FROM rejected_files WHERE run_id = ? ORDER BY path, line", [run_id]
        ).fetchall()
    _print_summary(run_id, settings.db, rejected)
    if state.is_failed():
        typer.echo(f"run failed: {state.message}", err=True)
        raise typer.Exit(EXIT_FAILED)
    if rejected:
        raise typer.Exit(EXIT_REJECTED_INPUT)


@app.command()
def query(
    sql: Annotated[str, typer.Argument(help="SQL to run against the warehouse (read-only).")],
    db: DbOption = None,
) -> None:
    """Run SQL on the warehouse through a read-only connection and print the result as a table."""
    import duckdb
    from rich.console import Console
    from rich.table import Table

    from flows.settings import Settings
    from warehouse.db import open_warehouse

    settings = Settings(**({"db": db} if db else {}))
    if not settings.db.exists():
        typer.echo(f"no warehouse at {settings.db}: run `eventetl run` first", err=True)
        raise typer.Exit(EXIT_FAILED)
    try:
        with open_warehouse(settings.db, read_only=True) as con:
            cursor = con.execute(sql)
            columns = [d[0] for d in cursor.description or []]
            rows = cursor.fetchall()
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
    from flows.settings import Settings
    from warehouse.db import open_warehouse
    from warehouse.load import finish_run, start_run

    settings = Settings(**({"db": db} if db else {}))
    if not settings.db.exists():
        typer.echo(f"no warehouse at {settings.db}", err=True)
        raise typer.Exit(EXIT_FAILED)
    run_id = new_run_id()
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
