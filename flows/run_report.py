"""What a run of ``ingest_events`` shows in Prefect: its artifacts, its name and when its tasks retry.

The table and markdown are built by pure functions from the run's ``flows.results.RunSummary``
(and the few top events read before the run's connection closes), so they can be
tested without a Prefect server; ``publish_run_artifacts`` is the only call that
talks to Prefect. Artifact keys are stable, so the Prefect UI groups every run's
report under the same two keys, newest first.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import duckdb

if TYPE_CHECKING:
    from flows.results import RunSummary

TABLE_KEY = "eventetl-run-summary"
"""Key of the table artifact (counts per stage, rejections, failed expectations)."""
MARKDOWN_KEY = "eventetl-run-report"
"""Key of the markdown artifact (summary, status, Data Docs, BI snapshot, top events)."""
MAX_REJECTIONS = 25
"""Rejections listed in the table; the rest are counted in one row."""
TOP_EVENTS = 5
"""Top events shown in the markdown report."""

TableRow = dict[str, str | int | float]


@dataclass(frozen=True, slots=True)
class TopEvent:
    """A rank-1 event of the run, as shown in the markdown report."""

    actor: str | None
    """Who did it; None when the text does not say."""
    action: str
    """Normalised action."""
    place: str | None
    """Where, as written; None when not stated."""
    date: str | None
    """Start date (ISO); None when undated."""
    doc_id: str
    """Document the event was read from."""


def top_events(con: duckdb.DuckDBPyConnection, run_id: str, limit: int = TOP_EVENTS) -> tuple[TopEvent, ...]:
    """The run's first ``limit`` rank-1 events, the most complete (with actor and place) first."""
    rows = con.execute(
        "SELECT actor, action, place, CAST(date_start AS VARCHAR), doc_id FROM events "
        "WHERE run_id = ? AND event_rank = 1 "
        "ORDER BY actor IS NULL, place IS NULL, date_start IS NULL, doc_id, start_char LIMIT ?",
        [run_id, limit],
    ).fetchall()
    return tuple(TopEvent(*row) for row in rows)


def table_rows(summary: RunSummary, max_rejections: int = MAX_REJECTIONS) -> list[TableRow]:
    """The table artifact: one row per count, stage timing, rejection (capped) and failed expectation.

    Every row has the same columns (section, item, detail, value), which the Prefect UI shows as one table.
    """
    run = summary.counts
    counts = {
        "inputs discovered": run.inputs_discovered,
        "documents read": run.documents_read,
        "documents skipped (unchanged)": run.documents_skipped,
        "documents replaced": run.documents_replaced,
        "documents rejected": run.documents_rejected,
        "documents ignored": run.documents_ignored,
        "events loaded": run.events_loaded,
        "quantities loaded": run.quantities_loaded,
        "expectations passed": summary.gate.passed,
        "expectations failed": len(summary.gate.failed),
    }
    rows: list[TableRow] = [
        {"section": "count", "item": k, "detail": "", "value": v} for k, v in counts.items()
    ]
    rows += [
        {"section": "seconds", "item": stage, "detail": "", "value": round(seconds, 3)}
        for stage, seconds in summary.stage_seconds.items()
    ]
    for rejection in summary.rejections[:max_rejections]:
        where = f"{rejection.path} line {rejection.line}" if rejection.line else rejection.path
        rows.append(
            {"section": "rejected", "item": where, "detail": rejection.kind, "value": rejection.reason}
        )
    more = len(summary.rejections) - max_rejections
    if more > 0:
        rows.append({"section": "rejected", "item": f"... and {more} more", "detail": "", "value": more})
    rows += [
        {"section": "expectation failed", "item": f.name, "detail": f.severity, "value": f.unexpected_count}
        for f in summary.gate.failed
    ]
    return rows


def _cell(value: str | None) -> str:
    # A pipe would end the markdown table cell; a newline the row.
    return "-" if not value else value.replace("|", "\\|").replace("\n", " ")


def summary_paragraph(summary: RunSummary) -> str:
    """One paragraph saying what the run did."""
    failed = summary.gate.failed
    critical = [f.name for f in failed if f.critical]
    run = summary.counts
    text = (
        f"Run {summary.run_id} met {run.inputs_discovered} inputs: read {run.documents_read} documents "
        f"({run.documents_replaced} replacing an older version), skipped {run.documents_skipped} "
        f"unchanged, rejected {run.documents_rejected} and ignored {run.documents_ignored}. "
        f"It loaded {run.events_loaded} events and {run.quantities_loaded} quantities. "
        f"{summary.gate.passed} expectations held and {len(failed)} failed ({len(critical)} critical)."
    )
    if critical:
        text += f" Critical expectations failed ({', '.join(critical)}): nothing was published for BI."
    return text


def markdown_report(summary: RunSummary, events: tuple[TopEvent, ...]) -> str:
    """The markdown artifact: summary paragraph, status, Data Docs and BI snapshot paths, top events."""
    snapshot = f"`{summary.snapshot}`" if summary.snapshot else "not published"
    lines = [
        f"# eventetl run {summary.run_id}: {summary.status}",
        "",
        summary_paragraph(summary),
        "",
        f"- **Status:** {summary.status}",
        f"- **Warehouse:** `{summary.db}`",
        f"- **Data Docs:** `{summary.gate.data_docs_index}`",
        f"- **BI snapshot:** {snapshot}",
        "",
        "## Top events",
        "",
    ]
    if events:
        lines += ["| actor | action | place | date | document |", "|---|---|---|---|---|"]
        lines += [
            f"| {_cell(e.actor)} | {_cell(e.action)} | {_cell(e.place)} | {_cell(e.date)} | {_cell(e.doc_id)} |"
            for e in events
        ]
    else:
        lines.append("No new events in this run.")
    return "\n".join(lines) + "\n"


def publish_run_artifacts(summary: RunSummary, events: tuple[TopEvent, ...]) -> None:
    """Create the run's table and markdown artifacts in the current flow run."""
    from prefect import get_run_logger
    from prefect.artifacts import create_markdown_artifact, create_table_artifact

    status = summary.status
    try:
        create_table_artifact(
            table=table_rows(summary),
            key=TABLE_KEY,
            description=f"eventetl run {summary.run_id} ({status}): counts, seconds, rejections, failed expectations",
        )
        create_markdown_artifact(
            markdown=markdown_report(summary, events),
            key=MARKDOWN_KEY,
            description=f"eventetl run {summary.run_id} ({status})",
        )
    # The report must not fail a run whose data is already recorded (or turn a gate failure into another error).
    except Exception as error:
        get_run_logger().warning("could not publish the run's Prefect artifacts: %s", error)


def ingest_run_name(parameters: Mapping[str, Any]) -> str:
    """A readable flow-run name from the flow's parameters: the run id (when given) and the warehouse file."""
    db = Path(str(parameters.get("db") or "warehouse")).name
    run_id = parameters.get("run_id")
    if run_id:
        return f"ingest {run_id} into {db}"
    paths = [Path(str(p)).name or str(p) for p in parameters.get("paths") or []]
    source = paths[0] + (f" and {len(paths) - 1} more" if len(paths) > 1 else "") if paths else "nothing"
    return f"ingest {source} into {db}"


def current_ingest_run_name() -> str:
    """``flow_run_name`` of ``ingest_events``: Prefect calls it without arguments, inside the flow run."""
    from prefect.runtime import flow_run

    return ingest_run_name(flow_run.parameters)


DETERMINISTIC_OS_ERRORS: tuple[type[OSError], ...] = (
    FileNotFoundError,
    FileExistsError,
    IsADirectoryError,
    NotADirectoryError,
    PermissionError,
)
"""OSErrors that describe the path itself (missing, in the way, forbidden): a retry meets them again."""


def retry_on_os_error(task: object, task_run: object, state: Any) -> bool:
    """``retry_condition_fn``: retry a failed task only on an OSError (a file-system hiccup: EIO, a stale
    NFS handle, a busy device), not on one of ``DETERMINISTIC_OS_ERRORS``.

    Deterministic failures (ValueError, DuckDB errors, a folder where the snapshot goes) fail again the
    same way, so retrying them only delays the run's failure.
    """
    error = state.data
    # A persisted failure holds the exception in a result record.
    error = getattr(error, "result", error)
    return isinstance(error, OSError) and not isinstance(error, DETERMINISTIC_OS_ERRORS)
