"""The ``eventetl`` command line.

Heavy libraries (Prefect, spaCy, Great Expectations, DuckDB) are imported
inside the commands, so ``eventetl --help`` answers at once.

Exit codes: 0 success; 1 the run failed (a critical expectation failed, or
an error), or ``check`` found a problem; 2 usage error; 3 the run succeeded
but some input was rejected.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    import duckdb

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
EXIT_USAGE = 2  # also a statement `query` refuses: it is a request the command does not serve

QUERY_LOCK_TIMEOUT = 10.0
"""Seconds `query` waits for a writer by default: short, since the BI snapshot can be read meanwhile."""
QUERY_TIMEOUT = 60.0
"""Seconds `query`'s SQL may run by default: it holds the writer lock, so a run waits at most this long."""

DbOption = Annotated[
    Path | None, typer.Option("--db", help="Warehouse file (default: EVENTETL_DB or data/events.duckdb).")
]


IGNORED_LISTED = 20
"""Ignored inputs listed by path in the run summary; more are counted only."""


def _print_summary(
    run_id: str,
    db: Path,
    rejected: list[tuple[str, str, int | None]],
    ignored: Sequence[tuple[str, str]] = (),
) -> None:
    """Print a run's record; ``ignored`` lists (path, policy) of the inputs it left out, when known."""
    from rich.console import Console

    from expectations.report import failure_examples
    from expectations.validate import data_docs_dir
    from warehouse.db import open_warehouse

    console = Console()
    with open_warehouse(db, read_only=True) as con:
        row = con.execute(
            "SELECT status, stage, documents_read, documents_skipped, documents_rejected, documents_ignored, "
            "events_loaded, quantities_loaded, expectations_passed, expectations_failed FROM runs WHERE run_id = ?",
            [run_id],
        ).fetchone()
        failures = failure_examples(con, run_id)
        dominant = _dominant_warnings(con, run_id)
    if row is None:
        console.print(f"run {run_id}: no record in {db}")
        return
    status, stage, read, skipped, n_rejected, n_ignored, events, quantities, passed, failed = row
    where = f" (during {stage})" if status != "succeeded" and stage else ""
    console.print(f"[bold]run {run_id}[/bold] -> {db}: {status}{where}")
    policies = ", ".join(sorted({policy for _, policy in ignored}))
    console.print(
        f"  documents: {read} read, {skipped} skipped (unchanged), {n_rejected} rejected, "
        f"{n_ignored} ignored{f' ({policies})' if policies else ''}",
        highlight=False,
    )
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
    for warning in dominant:
        console.print(f"  [yellow]{warning}[/yellow]", highlight=False, soft_wrap=True)
    docs_index = data_docs_dir(db) / "index.html"
    if docs_index.exists():
        console.print(f"  Data Docs: {docs_index}", soft_wrap=True, highlight=False)
    for path, reason, line in rejected:
        console.print(f"  [yellow]rejected[/yellow] {path}{f':{line}' if line else ''}: {reason}")
    for path, policy in ignored[:IGNORED_LISTED]:
        console.print(f"  ignored {path}: {policy}", highlight=False, markup=False, soft_wrap=True)
    if len(ignored) > IGNORED_LISTED:
        console.print(f"  ... and {len(ignored) - IGNORED_LISTED} more ignored", highlight=False)


def _dominant_warnings(con: duckdb.DuckDBPyConnection, run_id: str) -> list[str]:
    """One line per warning expectation of ``run_id`` that flagged more than half of its table's rows,
    naming the setting that controls it (``expectations.suites.WARNING_SETTINGS``)."""
    from expectations.suites import dominant_warning

    rows = con.execute(
        "SELECT expectation, suite, unexpected_count, element_count FROM validation_results "
        "WHERE run_id = ? AND severity = 'warning' AND NOT success ORDER BY expectation",
        [run_id],
    ).fetchall()
    lines = (
        dominant_warning(name, table, int(flagged or 0), int(total or 0))
        for name, table, flagged, total in rows
    )
    return [line for line in lines if line]


def _run_settings(**flags: object) -> Settings:
    """Settings with the CLI flags that were given (not None) taking precedence.

    Invalid values (flags, ``EVENTETL_*`` variables, the settings files) exit 2 with one line each.
    """
    from flows.settings import SettingsError, load_settings

    try:
        return load_settings(**{k: v for k, v in flags.items() if v is not None})
    except SettingsError as exc:
        for line in exc.lines:
            typer.echo(f"eventetl: {line}", err=True)
        raise typer.Exit(EXIT_USAGE) from None


def _check_paths(paths: Sequence[Path] | None) -> None:
    """Exit 2 naming each given path that does not exist, before anything (Prefect, the warehouse) starts."""
    missing = [path for path in paths or () if not path.exists()]
    for path in missing:
        typer.echo(f"eventetl: {path}: no such file or folder", err=True)
    if missing:
        raise typer.Exit(EXIT_USAGE)


def _print_version(value: bool) -> None:
    """Print the versions that decide what a run extracts, from package metadata only (no heavy import)."""
    if not value:
        return
    import importlib.metadata

    from extractors import EXTRACTOR_VERSION
    from flows.settings import SettingsError, default_model, installed_model, load_settings

    def version(package: str) -> str:
        try:
            return importlib.metadata.version(package)
        except importlib.metadata.PackageNotFoundError:
            return "not installed"

    try:
        configured = load_settings().model
    except SettingsError:
        configured = None  # --version still answers; a run would name the invalid setting
    name = configured or default_model()
    model = installed_model(name) if name else None
    lines = [
        f"eventetl {version('eventetl')}",
        f"extractor {EXTRACTOR_VERSION}",
        "model none installed"
        if model is None
        else f"model {model.package} {model.version or 'not installed'}"
        + (f" ({model.pipeline})" if model.pipeline else "")
        + ("" if configured else " (default)"),
    ]
    lines += [
        f"{package} {version(package)}" for package in ("duckdb", "prefect", "spacy", "great-expectations")
    ]
    typer.echo("\n".join(lines))
    raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            callback=_print_version,
            is_eager=True,
            help="Print the versions of eventetl, its extractor and model, and the libraries; then exit.",
        ),
    ] = False,
) -> None:
    """Turn raw news files into structured events in a DuckDB warehouse."""


def _flow_parameters(
    settings: Settings, inputs: list[str], *, full_refresh: bool, allow_external_links: bool = False
) -> dict[str, object]:
    return {
        "paths": inputs,
        "db": str(settings.db),
        "model": settings.model,
        "batch_size": settings.batch_size,
        "max_file_bytes": settings.max_file_bytes,
        "window_start": settings.corpus_window_start,
        "window_end": settings.corpus_window_end,
        "max_event_age_days": settings.max_event_age_days,
        "min_events_per_run": settings.min_events_per_run,
        "full_refresh": full_refresh,
        "lock_timeout": settings.lock_timeout,
        "runner": settings.runner,
        "workers": settings.workers,
        "dask_address": settings.dask_address,
        # Absolute: document identities must not depend on where a (scheduled) run happens to start.
        "source_root": str(settings.source_root.resolve()),
        "allow_external_links": allow_external_links,
    }


def _check_source_root(settings: Settings) -> None:
    """Exit 2 when the source root is not a folder: a mistyped root would silently change every document's id."""
    if not settings.source_root.is_dir():
        typer.echo(
            f"source root {settings.source_root}: not a folder (--source-root, EVENTETL_SOURCE_ROOT)",
            err=True,
        )
        raise typer.Exit(2)


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
SourceRootOption = Annotated[
    Path | None,
    typer.Option(
        "--source-root",
        help="Folder document identities are relative to (default: EVENTETL_SOURCE_ROOT or the working folder).",
    ),
]
AllowExternalLinksOption = Annotated[
    bool,
    typer.Option(
        "--allow-external-links", help="Follow symbolic links that lead outside the given files and folders."
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
    source_root: SourceRootOption = None,
    allow_external_links: AllowExternalLinksOption = False,
) -> None:
    """Extract events from raw files into the warehouse, validate them, and publish the BI snapshot."""
    from flows.runtime import configure_prefect_defaults, use_local_prefect_server
    from flows.settings import SAMPLE_CORPUS

    settings = _run_settings(
        db=db,
        model=model,
        batch_size=batch_size,
        lock_timeout=lock_timeout,
        workers=workers,
        runner=runner,
        dask_address=dask_address,
        source_root=source_root,
    )
    _check_source_root(settings)
    _check_paths(paths)
    configure_prefect_defaults()
    # A server `eventetl serve` (or anyone) runs on the configured port spares the temporary one.
    use_local_prefect_server(settings.prefect_port)
    inputs = [str(p) for p in (paths or [SAMPLE_CORPUS])]

    from flows.ingest import RunSummary, ingest_events, new_run_id
    from flows.progress import CURRENT_PROGRESS, console_progress
    from flows.watchdog import start_watchdog
    from warehouse.db import open_warehouse
    from warehouse.lock import WarehouseBusy, writer_lock

    # Prefect's temporary API server (a child process) dies with this one, even on SIGKILL.
    start_watchdog()
    run_id = new_run_id()
    with console_progress() as progress:
        token = CURRENT_PROGRESS.set(progress)
        try:
            state = ingest_events(
                **_flow_parameters(
                    settings, inputs, full_refresh=full_refresh, allow_external_links=allow_external_links
                ),
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
        _print_summary(
            run_id,
            settings.db,
            rejected,
            [(i.path, i.reason) for i in outcome.ignored] if isinstance(outcome, RunSummary) else (),
        )
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
    source_root: SourceRootOption = None,
    allow_external_links: AllowExternalLinksOption = False,
) -> None:
    """Run the flow on a schedule until stopped (SIGTERM), loading new and changed files each time."""
    from flows.runtime import configure_prefect_defaults
    from flows.serve import PrefectServerError, prefect_api, schedule_arguments, serve_ingest
    from flows.settings import SAMPLE_CORPUS

    if cron is not None and interval is not None:
        raise typer.BadParameter("give --cron or --interval, not both")
    settings = _run_settings(
        db=db,
        model=model,
        batch_size=batch_size,
        lock_timeout=lock_timeout,
        schedule_cron=cron,
        schedule_interval=interval,
        prefect_port=port,
        source_root=source_root,
    )
    _check_source_root(settings)
    _check_paths(paths)
    configure_prefect_defaults()
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
    from flows.watchdog import start_watchdog

    # The local Prefect server and the flow-run processes die with this one, even on SIGKILL.
    start_watchdog()
    try:
        with prefect_api(settings.db, port=settings.prefect_port) as api_url:
            typer.echo(f"serving ingest-events/scheduled ({schedule}) on {api_url}; SIGTERM stops", err=True)
            serve_ingest(
                _flow_parameters(
                    settings, inputs, full_refresh=False, allow_external_links=allow_external_links
                ),
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
        typer.echo(f"export: --format must be one of {', '.join(COPY_OPTIONS)}, not {fmt!r}", err=True)
        raise typer.Exit(EXIT_USAGE)
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
    allow_local_files: Annotated[
        bool,
        typer.Option(
            "--allow-local-files",
            help="Let the SQL read local files (read_csv, read_text, glob, Parquet paths); writing stays refused.",
        ),
    ] = False,
    lock_timeout: Annotated[
        float,
        typer.Option(
            help="Seconds to wait while a run writes the warehouse (not EVENTETL_LOCK_TIMEOUT, which is for runs)."
        ),
    ] = QUERY_LOCK_TIMEOUT,
    timeout: Annotated[
        float,
        typer.Option(help="Seconds the SQL may run before it is interrupted (it holds the writer lock)."),
    ] = QUERY_TIMEOUT,
    fmt: Annotated[
        str | None,
        typer.Option(
            "--format",
            help="table, csv, json, jsonl or markdown (default: table on a terminal, csv otherwise).",
        ),
    ] = None,
    output: Annotated[
        Path | None, typer.Option("--output", help="Write the result to this file instead of stdout.")
    ] = None,
    snapshot: Annotated[
        bool,
        typer.Option(
            "--snapshot", help="Query the BI snapshot (<warehouse>.bi.duckdb) instead; never waits for a run."
        ),
    ] = False,
) -> None:
    """Run reading SQL on the warehouse and print the result (a table, CSV, JSON, JSON Lines or Markdown).

    Exit 2 (one line) when a statement is refused: anything but SELECT, WITH …
    SELECT, EXPLAIN, DESCRIBE, SHOW, SUMMARIZE; and file access without
    --allow-local-files; or an option is invalid. Exit 1 when the warehouse is
    busy, the SQL fails, it ran longer than --timeout, or --snapshot finds no
    snapshot.
    """
    import contextlib
    import sys

    import duckdb

    from flows.query_output import FORMATS, QueryOutput, default_format, write_result
    from warehouse.files import replaced_atomically
    from warehouse.lock import WarehouseBusy, writer_lock
    from warehouse.readonly import (
        FileAccessRefused,
        QueryInterrupted,
        StatementRefused,
        connect_readonly,
        first_line,
        run_readonly,
    )
    from warehouse.snapshot import snapshot_path

    if timeout <= 0 or lock_timeout < 0:
        typer.echo("query: --timeout must be more than 0 s and --lock-timeout at least 0 s", err=True)
        raise typer.Exit(EXIT_USAGE)
    if fmt is not None and fmt not in FORMATS:
        typer.echo(f"query: --format must be one of {', '.join(FORMATS)}, not {fmt!r}", err=True)
        raise typer.Exit(EXIT_USAGE)
    if output is not None and (output.is_dir() or not output.parent.is_dir()):
        problem = "is a folder" if output.is_dir() else f"its folder {output.parent} does not exist"
        typer.echo(f"query: --output {output}: {problem}", err=True)
        raise typer.Exit(EXIT_USAGE)
    settings = _run_settings(db=db)
    source = snapshot_path(settings.db) if snapshot else settings.db
    if not source.exists():
        if snapshot:
            typer.echo(f"no BI snapshot at {source}: a run publishes it when validation passes", err=True)
        else:
            typer.echo(f"no warehouse at {settings.db}: run `eventetl run` first", err=True)
        raise typer.Exit(EXIT_FAILED)

    def waiting(message: str) -> None:
        typer.echo(
            f"eventetl: {message}; waiting up to {lock_timeout:g} s (--lock-timeout; "
            "--snapshot reads the BI snapshot without waiting)",
            err=True,
        )

    try:
        # Under the writer lock: a reader holding the file open would keep a run from writing;
        # the statement timeout bounds how long a run waits for a query. The snapshot needs no
        # lock: a run replaces it by an atomic rename and never writes the file a reader has open.
        with (
            contextlib.nullcontext()
            if snapshot
            else writer_lock(settings.db, timeout=lock_timeout, holder="query", on_wait=waiting),
            contextlib.closing(connect_readonly(source, allow_local_files=allow_local_files)) as con,
        ):
            result = run_readonly(con, sql, timeout=timeout)
    except FileAccessRefused as exc:
        hint = "" if allow_local_files else "; pass --allow-local-files to read local files"
        typer.echo(f"{exc}{hint}", err=True)
        raise typer.Exit(EXIT_USAGE) from exc
    except StatementRefused as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(EXIT_USAGE) from exc
    except QueryInterrupted as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(EXIT_FAILED) from exc
    except WarehouseBusy as exc:
        typer.echo(
            f"query failed: {exc}; the BI snapshot {snapshot_path(settings.db)} can be read meanwhile",
            err=True,
        )
        raise typer.Exit(EXIT_FAILED) from exc
    except duckdb.Error as exc:
        typer.echo(f"query failed: {first_line(exc)}", err=True)
        raise typer.Exit(EXIT_FAILED) from exc
    rows = QueryOutput(columns=result.columns, rows=result.rows)
    if output is None:
        terminal = sys.stdout.isatty()
        write_result(rows, sys.stdout, fmt or default_format(terminal=terminal), terminal=terminal)
        return
    try:
        # A failed write leaves no half file behind.
        with replaced_atomically(output) as stream:
            write_result(rows, stream, fmt or default_format(terminal=False), terminal=False)
    except OSError as exc:
        typer.echo(f"query failed: cannot write {output}: {exc.strerror or exc}", err=True)
        raise typer.Exit(EXIT_FAILED) from exc
    typer.echo(f"{len(result.rows)} rows written to {output}", err=True)


@app.command()
def validate(db: DbOption = None) -> None:
    """Re-validate an existing warehouse without extracting again; rebuilds its Data Docs."""
    from expectations.validate import data_docs_dir, validate_warehouse
    from flows.ingest import new_run_id
    from warehouse.db import open_warehouse
    from warehouse.load import finish_run, record_stage, recorded_run
    from warehouse.lock import writer_lock

    settings = _run_settings(db=db)
    if not settings.db.exists():
        typer.echo(f"no warehouse at {settings.db}", err=True)
        raise typer.Exit(EXIT_FAILED)
    run_id = new_run_id()
    # Validation rewrites row flags: it is a writer like any run.
    with writer_lock(settings.db, timeout=settings.lock_timeout):
        # recorded_run: the run is failed with its error if validation raises (and killed runs interrupted).
        with (
            open_warehouse(settings.db) as con,
            recorded_run(con, settings.db, run_id, flow_run_id=None, full_refresh=False),
        ):
            record_stage(con, run_id, "validate")
            report = validate_warehouse(
                con,
                run_id=run_id,
                window_start=settings.corpus_window_start,
                window_end=settings.corpus_window_end,
                max_event_age_days=settings.max_event_age_days,
                min_events_per_run=settings.min_events_per_run,
                docs_dir=data_docs_dir(settings.db),
            )
            finish_run(
                con,
                run_id,
                status="failed" if report.critical_failed else "succeeded",
                expectations_passed=report.passed,
                expectations_failed=len(report.failed),
                message="validation only",
            )
        _print_summary(run_id, settings.db, [])
    if report.critical_failed:
        typer.echo("critical expectations failed", err=True)
        raise typer.Exit(EXIT_FAILED)


@app.command()
def check(db: DbOption = None, lock_timeout: LockTimeoutOption = None) -> None:
    """Verify a warehouse: keys, references, the last run's accounting, the BI snapshot, no run left running.

    Prints one verdict a line; exits 1 when a check fails.
    """
    from warehouse.check import check_warehouse
    from warehouse.db import open_warehouse
    from warehouse.lock import WarehouseBusy, writer_lock

    settings = _run_settings(db=db, lock_timeout=lock_timeout)
    if not settings.db.exists():
        typer.echo(f"no warehouse at {settings.db}", err=True)
        raise typer.Exit(EXIT_FAILED)
    try:
        # Under the writer lock: no run writes while the checks look, so a run marked running was killed.
        with (
            writer_lock(settings.db, timeout=settings.lock_timeout, holder="check"),
            open_warehouse(settings.db, read_only=True) as con,
        ):
            results = check_warehouse(con, settings.db)
    except WarehouseBusy as exc:
        typer.echo(f"check failed: {exc}", err=True)
        raise typer.Exit(EXIT_FAILED) from exc
    for result in results:
        typer.echo(f"{result.verdict.upper():4} {result.name}: {result.detail}")
    if any(result.failed for result in results):
        raise typer.Exit(EXIT_FAILED)


@app.command()
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
    from warehouse.lock import WarehouseBusy, writer_lock

    settings = _run_settings(db=db, lock_timeout=lock_timeout)
    if not settings.db.exists():
        typer.echo(f"no warehouse at {settings.db}: run `eventetl run` first", err=True)
        raise typer.Exit(EXIT_FAILED)
    if output is not None and output.is_dir():
        typer.echo(f"report: --output {output}: is a folder", err=True)
        raise typer.Exit(EXIT_USAGE)
    try:
        # Under the writer lock, like `query`: a reader holding the file open would keep a run from writing.
        with writer_lock(settings.db, timeout=settings.lock_timeout, holder="report"):
            result = build_report(settings.db, output)
    except (WarehouseBusy, duckdb.Error) as exc:
        typer.echo(f"report failed: {str(exc).splitlines()[0] if str(exc) else exc!r}", err=True)
        raise typer.Exit(EXIT_FAILED) from exc
    typer.echo(f"report: {result.events} events ({result.mapped_events} on the map) -> {result.path}")


if __name__ == "__main__":
    app()
