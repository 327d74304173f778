"""Run the expectation suites on DataFrames read from DuckDB, store results, flag rows.

Great Expectations' SQL datasource fails on DuckDB tables, so each table is
read into a pandas DataFrame and validated through GE's pandas datasource.
Results go to ``validation_results`` (one row per run and expectation) and
each row's ``dq_status`` / ``dq_failed`` are rewritten; no row is deleted.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import duckdb
import pyarrow as pa

from expectations.suites import ExpectationSpec, build_suites

if TYPE_CHECKING:
    import pandas as pd

# Table -> SQL producing the frame that table's expectations see (derived columns included).
TABLE_QUERIES = {
    "documents": "SELECT doc_id, published_date, published_date_source, content_sha256, source_name FROM documents",
    "events": "SELECT event_id, doc_id, date_start, date_end, actor, lower(trim(actor)) AS actor_lower, "
    "place, trigger, sentence, event_rank FROM events",
    "quantities": "SELECT quantity_id, event_id, value, unit FROM quantities",
}
FLAGGED_TABLES = ("events", "quantities")


class ExpectationError(RuntimeError):
    """An expectation raised instead of evaluating: a defect in the suite, never a data problem."""


@dataclass(frozen=True, slots=True)
class ExpectationOutcome:
    """The result of one expectation in one run."""

    spec: ExpectationSpec
    """What was checked."""
    success: bool
    """True when every checked row met the expectation."""
    element_count: int
    """Rows checked."""
    unexpected_count: int
    """Rows that failed."""
    unexpected_percent: float
    """Share of checked rows that failed, in percent."""
    failing_ids: tuple[str, ...]
    """Ids of the failing rows (spec.id_column)."""


@dataclass(frozen=True, slots=True)
class ValidationReport:
    """Every outcome of a validation run, and what it means for the run."""

    run_id: str
    """Run the validation belongs to."""
    outcomes: tuple[ExpectationOutcome, ...]
    """One outcome per expectation."""

    @property
    def passed(self) -> int:
        """Expectations that succeeded."""
        return sum(o.success for o in self.outcomes)

    @property
    def failed(self) -> tuple[ExpectationOutcome, ...]:
        """Expectations that failed, critical or not."""
        return tuple(o for o in self.outcomes if not o.success)

    @property
    def critical_failed(self) -> bool:
        """True when a critical expectation failed: the run must fail."""
        return any(o.spec.severity == "critical" for o in self.failed)


def _gx_expectation(gx: Any, spec: ExpectationSpec) -> Any:
    import pandas as pd

    # DuckDB DATE columns arrive in pandas as datetime64; GE compares them only with Timestamps.
    kwargs = {k: pd.Timestamp(v) if isinstance(v, dt.date) else v for k, v in spec.kwargs.items()}
    if "only_where" in kwargs:
        from great_expectations.expectations.row_conditions import Column

        column, value = kwargs.pop("only_where")
        kwargs["row_condition"] = Column(column) == value
    cls = getattr(gx.expectations, spec.expectation_type)
    return cls(**kwargs, meta={"name": spec.name, "severity": spec.severity})


def _run_table(
    gx: Any, context: Any, table: str, frame: pd.DataFrame, specs: list[ExpectationSpec]
) -> list[ExpectationOutcome]:
    asset = context.data_sources.add_pandas(f"warehouse_{table}").add_dataframe_asset(table)
    batch = asset.add_batch_definition_whole_dataframe(f"{table}_frame").get_batch(
        batch_parameters={"dataframe": frame}
    )
    outcomes = []
    for spec in specs:
        result = batch.validate(
            _gx_expectation(gx, spec),
            result_format={"result_format": "COMPLETE", "unexpected_index_column_names": [spec.id_column]},
        )
        if result.exception_info and any(
            isinstance(info, dict) and info.get("raised_exception") for info in result.exception_info.values()
        ):
            messages = "; ".join(
                str(i.get("exception_message")) for i in result.exception_info.values() if isinstance(i, dict)
            )
            raise ExpectationError(f"{spec.name} could not be evaluated: {messages}")
        details = result.result or {}
        index_list = details.get("unexpected_index_list") or []
        failing = tuple(sorted({str(item[spec.id_column]) for item in index_list if isinstance(item, dict)}))
        if not result.success and not failing and spec.expectation_type == "ExpectColumnValuesToBeUnique":
            failing = tuple(
                sorted(
                    frame.loc[frame[spec.kwargs["column"]].duplicated(keep=False), spec.id_column].astype(str)
                )
            )
        outcomes.append(
            ExpectationOutcome(
                spec=spec,
                success=bool(result.success),
                element_count=int(details.get("element_count") or len(frame)),
                unexpected_count=int(details.get("unexpected_count") or len(failing)),
                unexpected_percent=float(details.get("unexpected_percent") or 0.0),
                failing_ids=failing,
            )
        )
    return outcomes


def validate_warehouse(
    con: duckdb.DuckDBPyConnection, *, run_id: str, window_start: dt.date, window_end: dt.date
) -> ValidationReport:
    """Validate every table, store the outcomes and rewrite each row's data-quality flags."""
    import great_expectations as gx  # heavy: imported only when validating
    from great_expectations.data_context.types.base import ProgressBarsConfig

    frames = {table: con.execute(sql).df() for table, sql in TABLE_QUERIES.items()}
    specs = build_suites(
        window_start=window_start,
        window_end=window_end,
        doc_ids=frames["documents"]["doc_id"].astype(str).tolist(),
        event_ids=frames["events"]["event_id"].astype(str).tolist(),
    )
    context = gx.get_context(mode="ephemeral")
    # GE's per-metric progress bars would drown the run summary.
    context.variables.progress_bars = ProgressBarsConfig(globally=False)
    outcomes: list[ExpectationOutcome] = []
    for table, frame in frames.items():
        table_specs = [s for s in specs if s.table == table]
        if table_specs:
            outcomes.extend(_run_table(gx, context, table, frame, table_specs))
    report = ValidationReport(run_id=run_id, outcomes=tuple(outcomes))
    store_report(con, report)
    return report


def store_report(con: duckdb.DuckDBPyConnection, report: ValidationReport) -> None:
    """Write the outcomes to ``validation_results`` and the row flags, in one transaction."""
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    results = pa.Table.from_pylist(
        [
            {
                "run_id": report.run_id,
                "suite": o.spec.table,
                "expectation": o.spec.name,
                "column_name": o.spec.column,
                "severity": o.spec.severity,
                "success": o.success,
                "element_count": o.element_count,
                "unexpected_count": o.unexpected_count,
                "unexpected_percent": o.unexpected_percent,
                "failing_ids": list(o.failing_ids),
                "validated_at": now,
            }
            for o in report.outcomes
        ],
        schema=pa.schema(
            [
                ("run_id", pa.string()),
                ("suite", pa.string()),
                ("expectation", pa.string()),
                ("column_name", pa.string()),
                ("severity", pa.string()),
                ("success", pa.bool_()),
                ("element_count", pa.int64()),
                ("unexpected_count", pa.int64()),
                ("unexpected_percent", pa.float64()),
                ("failing_ids", pa.list_(pa.string())),
                ("validated_at", pa.timestamp("us")),
            ]
        ),
    )
    flags: dict[str, dict[str, list[tuple[str, str]]]] = {t: defaultdict(list) for t in FLAGGED_TABLES}
    for outcome in report.failed:
        if outcome.spec.table in flags:
            for row_id in outcome.failing_ids:
                flags[outcome.spec.table][row_id].append((outcome.spec.name, outcome.spec.severity))
    con.execute("BEGIN TRANSACTION")
    try:
        con.register("run_results", results)
        con.execute("DELETE FROM validation_results WHERE run_id = ?", [report.run_id])
        con.execute("INSERT INTO validation_results BY NAME SELECT * FROM run_results")
        con.unregister("run_results")
        for table, by_row in flags.items():
            id_column = "event_id" if table == "events" else "quantity_id"
            flag_rows = pa.Table.from_pylist(
                [
                    {
                        "row_id": row_id,
                        "status": "fail" if any(sev == "critical" for _, sev in failed) else "warn",
                        "failed": sorted(name for name, _ in failed),
                    }
                    for row_id, failed in by_row.items()
                ],
                schema=pa.schema(
                    [("row_id", pa.string()), ("status", pa.string()), ("failed", pa.list_(pa.string()))]
                ),
            )
            con.register("row_flags", flag_rows)
            con.execute(f"UPDATE {table} SET dq_status = 'pass', dq_failed = [] WHERE dq_status <> 'pass'")
            con.execute(
                f"UPDATE {table} SET dq_status = f.status, dq_failed = f.failed "
                f"FROM row_flags f WHERE {table}.{id_column} = f.row_id"
            )
            con.unregister("row_flags")
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
