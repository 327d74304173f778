"""``eventetl run`` and ``eventetl serve``: the flow, once now or on a schedule."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from flows.cli.common import (
    EXIT_REJECTED_INPUT,
    EXIT_USAGE,
    AllowExternalLinksOption,
    BatchSizeOption,
    DbOption,
    LockTimeoutOption,
    ModelOption,
    PathsArgument,
    SourceRootOption,
    check_paths,
    check_source_root,
    fail,
    run_settings,
)

if TYPE_CHECKING:
    from flows.results import RunSummary
    from flows.settings import Settings


def flow_parameters(
    settings: Settings, inputs: list[str], *, full_refresh: bool, allow_external_links: bool = False
) -> dict[str, object]:
    """The keyword arguments of ``ingest_events`` (and of the served deployment) from the settings."""
    from flows.runners import RunnerChoice

    return {
        "paths": inputs,
        "db": str(settings.db),
        "model": settings.model,
        "batch_size": settings.batch_size,
        "max_file_bytes": settings.max_file_bytes,
        "window_start": settings.corpus_window_start,
        "window_end": settings.corpus_window_end,
        "max_event_age_days": settings.max_event_age_days,
        "incident_tolerance_days": settings.incident_tolerance_days,
        "incident_max_range_days": settings.incident_max_range_days,
        "min_events_per_run": settings.min_events_per_run,
        "full_refresh": full_refresh,
        "lock_timeout": settings.lock_timeout,
        "execution": RunnerChoice(settings.runner, settings.workers, settings.dask_address),
        # Absolute: document identities must not depend on where a (scheduled) run happens to start.
        "source_root": str(settings.source_root.resolve()),
        "allow_external_links": allow_external_links,
    }


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

    settings = run_settings(
        db=db,
        model=model,
        batch_size=batch_size,
        lock_timeout=lock_timeout,
        workers=workers,
        runner=runner,
        dask_address=dask_address,
        source_root=source_root,
    )
    check_source_root(settings)
    check_paths(paths)
    configure_prefect_defaults()
    # A server `eventetl serve` (or anyone) runs on the configured port spares the temporary one.
    use_local_prefect_server(settings.prefect_port)
    inputs = [str(p) for p in (paths or [SAMPLE_CORPUS])]
    summary, failure = _run_flow(
        flow_parameters(
            settings, inputs, full_refresh=full_refresh, allow_external_links=allow_external_links
        )
    )
    if failure is not None:
        raise fail(f"run failed: {failure}")
    typer.echo(f"  BI snapshot: {summary.snapshot}")
    if summary.rejections:
        raise typer.Exit(EXIT_REJECTED_INPUT)


def _run_flow(parameters: dict[str, object]) -> tuple[RunSummary, str | None]:
    """Run ``ingest_events`` with a progress display and print its summary; the summary and why the run
    failed (None when it succeeded).

    A run that returns a summary succeeded, or failed on a critical expectation (the summary travels
    with ``CriticalExpectationFailed``). Any other failure has none: exit 1 naming the error.
    """
    from flows.cli.summary import print_summary
    from flows.ingest import ingest_events
    from flows.progress import CURRENT_PROGRESS, console_progress
    from flows.results import CriticalExpectationFailed, RunSummary
    from flows.watchdog import start_watchdog
    from warehouse.lock import WarehouseBusy

    # Prefect's temporary API server (a child process) dies with this one, even on SIGKILL.
    start_watchdog()
    with console_progress() as progress:
        token = CURRENT_PROGRESS.set(progress)
        try:
            state = ingest_events(**parameters, return_state=True)
        finally:
            CURRENT_PROGRESS.reset(token)
    outcome = state.result(raise_on_failure=False)
    summary = outcome.summary if isinstance(outcome, CriticalExpectationFailed) else outcome
    if not isinstance(summary, RunSummary):
        # A busy warehouse is named as such; any other error as the flow run's state says it.
        raise fail(f"run failed: {outcome if isinstance(outcome, WarehouseBusy) else state.message}")
    print_summary(summary)
    return summary, state.message if state.is_failed() else None


# Long on purpose: one Typer option per setting (its docstring is the command's --help, so the
# reason is here); the body only checks them and starts serving.
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
    from warehouse.database import Warehouse

    if cron is not None and interval is not None:
        raise fail("eventetl: give --cron or --interval, not both", EXIT_USAGE)
    settings = run_settings(
        db=db,
        model=model,
        batch_size=batch_size,
        lock_timeout=lock_timeout,
        schedule_cron=cron,
        schedule_interval=interval,
        prefect_port=port,
        source_root=source_root,
    )
    check_source_root(settings)
    check_paths(paths)
    configure_prefect_defaults()
    try:
        schedule_arguments(cron=settings.schedule_cron, interval=settings.schedule_interval)
    except ValueError as exc:
        raise fail(f"eventetl: {exc} (serve --cron / EVENTETL_SCHEDULE_CRON)", EXIT_USAGE) from exc
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
        with prefect_api(Warehouse.at(settings.db).prefect_home, port=settings.prefect_port) as api_url:
            typer.echo(f"serving ingest-events/scheduled ({schedule}) on {api_url}; SIGTERM stops", err=True)
            serve_ingest(
                flow_parameters(
                    settings, inputs, full_refresh=False, allow_external_links=allow_external_links
                ),
                cron=settings.schedule_cron,
                interval=settings.schedule_interval,
            )
    except PrefectServerError as exc:
        raise fail(f"serve failed: {exc}") from exc
    except (KeyboardInterrupt, SystemExit):
        pass  # SIGINT, or SIGTERM (Prefect's runner exits on it); the local server is stopped by now
    typer.echo("stopped serving", err=True)
