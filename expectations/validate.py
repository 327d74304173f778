"""Run the expectation suites on DataFrames read from DuckDB, store results, flag rows, build Data Docs.

Great Expectations' SQL datasource fails on DuckDB tables, so each suite's
frame is read into a pandas DataFrame and validated through GE's pandas
datasource, one GE suite and validation definition per warehouse table.
Results go to ``validation_results`` (one row per run and expectation) and
every row's ``dq_status`` / ``dq_failed`` are rewritten, those of rows loaded
since the last validation (``pending``, the column's default) included; no row
is deleted.
Frames are read and flags written in one transaction, so the flags always
describe the rows that were validated; rows are matched by DuckDB rowid, so a
row whose key is NULL or repeated is flagged too.

A frame streams out of DuckDB and is validated ``chunk_rows`` rows at a time,
so memory stays bounded however large the warehouse grows; the outcomes of an
expectation's chunks are summed into one. Data Docs show one page per chunk.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import duckdb
import pyarrow as pa

from expectations.suites import (
    ROW_ID,
    SUITE_FRAMES,
    ExpectationSpec,
    QualityChecks,
    SuiteFrame,
    build_suites,
)

if TYPE_CHECKING:
    import pandas as pd

DATA_DOCS_SITE = "warehouse"

VALIDATION_CHUNK_ROWS = 50_000
"""Rows of a frame validated at once. GE copies a frame several times while it computes its metrics:
validating 281,510 events (ten times the 1,000-document bench) in one frame peaked at 1,171 MB,
in chunks of 50,000 at 836 MB, about 250 MB of which were DuckDB's own buffers."""

RESULTS_SCHEMA = pa.schema(
    [
        ("run_id", pa.string()),
        ("suite", pa.string()),
        ("expectation", pa.string()),
        ("expectation_type", pa.string()),
        ("column_name", pa.string()),
        ("columns", pa.list_(pa.string())),
        ("id_column", pa.string()),
        ("severity", pa.string()),
        ("success", pa.bool_()),
        ("element_count", pa.int64()),
        ("unexpected_count", pa.int64()),
        ("unexpected_percent", pa.float64()),
        ("failing_ids", pa.list_(pa.string())),
        ("validated_at", pa.timestamp("us")),
    ]
)
FLAGS_SCHEMA = pa.schema([("row", pa.int64()), ("status", pa.string()), ("failed", pa.list_(pa.string()))])


class ExpectationError(RuntimeError):
    """An expectation raised instead of evaluating: a defect in the suite, never a data problem."""


@dataclass(frozen=True, slots=True)
class ExpectationOutcome:
    """The result of one expectation in one run."""

    spec: ExpectationSpec
    """What was checked."""
    id_column: str
    """Column the failing ids come from (the suite's id column)."""
    success: bool
    """True when every checked row met the expectation."""
    element_count: int
    """Rows of the frame."""
    unexpected_count: int
    """Rows that failed."""
    checked_count: int
    """Rows checked: those not missing the value (what ``unexpected_percent`` is a share of)."""
    unexpected_percent: float
    """Share of checked rows that failed, in percent."""
    failing_ids: tuple[str | None, ...]
    """Ids of the failing rows, sorted, one per row (None for a row whose id is NULL)."""
    failing_rows: tuple[int, ...]
    """DuckDB rowids of the failing rows, for flagging; empty for suites that flag no rows."""


@dataclass(frozen=True, slots=True)
class ValidationReport:
    """Every outcome of a validation run, and what it means for the run."""

    run_id: str
    """Run the validation belongs to."""
    outcomes: tuple[ExpectationOutcome, ...]
    """One outcome per expectation."""
    data_docs_index: Path | None = None
    """The Data Docs page built for this validation; None when none was asked for."""

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
    return cls(**kwargs, severity=spec.severity, meta={"name": spec.name})


def _ephemeral_context(gx: Any, docs_dir: Path | None) -> Any:
    from great_expectations.data_context.types.base import (
        DataContextConfig,
        InMemoryStoreBackendDefaults,
        ProgressBarsConfig,
    )

    sites = {}
    if docs_dir is not None:
        sites[DATA_DOCS_SITE] = {
            "class_name": "SiteBuilder",
            "show_how_to_buttons": False,
            "store_backend": {"class_name": "TupleFilesystemStoreBackend", "base_directory": str(docs_dir)},
            "site_index_builder": {"class_name": "DefaultSiteIndexBuilder"},
        }
    config = DataContextConfig(
        # In-memory stores without GE's default site in a temporary folder: ours lives beside the warehouse.
        store_backend_defaults=InMemoryStoreBackendDefaults(init_temp_docs_sites=False),
        data_docs_sites=sites,
        # GE's per-metric progress bars would drown the run summary.
        progress_bars=ProgressBarsConfig(globally=False),
    )
    return gx.get_context(mode="ephemeral", project_config=config)


def _is_missing(value: object) -> bool:
    import pandas as pd

    return value is None or bool(pd.isna(value))


def _raised(result: Any) -> str | None:
    info = result.exception_info or {}
    entries = [info] if "raised_exception" in info else list(info.values())
    messages = [
        str(e.get("exception_message")) for e in entries if isinstance(e, dict) and e.get("raised_exception")
    ]
    return "; ".join(messages) or None


def _validation_definition(gx: Any, context: Any, frame: SuiteFrame, specs: list[ExpectationSpec]) -> Any:
    batch_definition = (
        context.data_sources.add_pandas(f"warehouse_{frame.suite}")
        .add_dataframe_asset(frame.suite)
        .add_batch_definition_whole_dataframe(f"{frame.suite}_frame")
    )
    suite = context.suites.add(
        gx.ExpectationSuite(name=frame.suite, expectations=[_gx_expectation(gx, s) for s in specs])
    )
    return context.validation_definitions.add(
        gx.ValidationDefinition(name=frame.suite, data=batch_definition, suite=suite)
    )


def _frame_chunks(
    con: duckdb.DuckDBPyConnection, frame: SuiteFrame, chunk_rows: int
) -> Iterator[pd.DataFrame]:
    """The suite's frame, ``chunk_rows`` rows at a time; one empty frame when the table is empty."""
    reader = con.execute(frame.sql).to_arrow_reader(chunk_rows)
    empty = True
    for batch in reader:
        if batch.num_rows:
            empty = False
            yield batch.to_pandas(date_as_object=False)
    if empty:
        yield reader.schema.empty_table().to_pandas(date_as_object=False)


def _validate_chunk(
    gx: Any,
    definition: Any,
    frame: SuiteFrame,
    data: pd.DataFrame,
    specs: list[ExpectationSpec],
    run_id: str,
) -> list[ExpectationOutcome]:
    import pandas as pd

    # Failing rows come back as the frame's index labels, "<id> #<position>": the id for Data Docs,
    # the position to find the row (and its rowid). Naming GE's index columns instead makes it look
    # up each failing row one cell at a time: minutes on a large warehouse with many warnings.
    data.index = pd.Index([f"{key} #{position}" for position, key in enumerate(data[frame.id_column])])
    suite_result = definition.run(
        batch_parameters={"dataframe": data},
        result_format={"result_format": "COMPLETE"},
        run_id=gx.RunIdentifier(run_name=run_id),
    )
    by_name = {s.name: s for s in specs}
    outcomes = []
    for result in suite_result.results:
        spec = by_name[result.expectation_config.meta["name"]]
        error = _raised(result)
        if error:
            raise ExpectationError(f"{spec.name} could not be evaluated: {error}")
        details = result.result or {}
        labels = details.get("unexpected_index_list") or []
        failing = data.iloc[[int(str(label).rsplit("#", 1)[1]) for label in labels]]
        # pandas reports a missing id as NaN; it is a row whose key is NULL.
        ids = [None if _is_missing(value) else str(value) for value in failing[frame.id_column]]
        rows = failing[ROW_ID] if frame.flags_rows else ()
        element_count = int(details.get("element_count") or 0)
        outcomes.append(
            ExpectationOutcome(
                spec=spec,
                id_column=frame.id_column,
                success=bool(result.success),
                element_count=element_count,
                unexpected_count=int(details.get("unexpected_count") or 0),
                # GE's percent is of the rows it checked: those not missing the value.
                checked_count=element_count - int(details.get("missing_count") or 0),
                unexpected_percent=float(details.get("unexpected_percent") or 0.0),
                failing_ids=tuple(ids),
                failing_rows=tuple(int(row) for row in rows),
            )
        )
    return outcomes


def _combined(chunks: list[ExpectationOutcome]) -> ExpectationOutcome:
    """One expectation's outcome over a whole frame, from the outcomes of its chunks."""
    checked = sum(c.checked_count for c in chunks)
    unexpected = sum(c.unexpected_count for c in chunks)
    ids = [i for c in chunks for i in c.failing_ids]
    return replace(
        chunks[0],
        success=all(c.success for c in chunks),
        element_count=sum(c.element_count for c in chunks),
        unexpected_count=unexpected,
        checked_count=checked,
        unexpected_percent=chunks[0].unexpected_percent
        if len(chunks) == 1
        else (100.0 * unexpected / checked if checked else 0.0),
        failing_ids=tuple(sorted(ids, key=lambda i: (i is None, i or ""))),
        failing_rows=tuple(sorted(r for c in chunks for r in c.failing_rows)),
    )


def _run_suite(
    gx: Any,
    context: Any,
    con: duckdb.DuckDBPyConnection,
    frame: SuiteFrame,
    specs: list[ExpectationSpec],
    run_id: str,
    chunk_rows: int,
) -> list[ExpectationOutcome]:
    definition = _validation_definition(gx, context, frame, specs)
    by_name: dict[str, list[ExpectationOutcome]] = defaultdict(list)
    for data in _frame_chunks(con, frame, chunk_rows):
        for outcome in _validate_chunk(gx, definition, frame, data, specs, run_id):
            by_name[outcome.spec.name].append(outcome)
    return sorted((_combined(chunks) for chunks in by_name.values()), key=lambda o: o.spec.name)


def validate_warehouse(
    con: duckdb.DuckDBPyConnection,
    *,
    run_id: str,
    checks: QualityChecks,
    docs_dir: Path | None = None,
    chunk_rows: int = VALIDATION_CHUNK_ROWS,
) -> ValidationReport:
    """Validate every suite, store the outcomes, rewrite each row's flags, and build Data Docs in ``docs_dir``
    (an absolute folder, ``Warehouse.data_docs_dir``; none when None).

    Each frame is validated ``chunk_rows`` rows at a time (see the module's docstring). The corpus
    window is checked only when ``checks`` gives one; event dates are always judged against their
    document's publication date (``checks.max_event_age_days`` before it at most, a day after it at most).
    """
    import great_expectations as gx  # heavy: imported only when validating

    specs = build_suites(checks)
    context = _ephemeral_context(gx, docs_dir)
    con.execute("BEGIN TRANSACTION")
    try:
        outcomes: list[ExpectationOutcome] = []
        for frame in SUITE_FRAMES:
            suite_specs = [s for s in specs if s.suite == frame.suite]
            if suite_specs:
                outcomes.extend(_run_suite(gx, context, con, frame, suite_specs, run_id, chunk_rows))
        report = ValidationReport(
            run_id=run_id,
            outcomes=tuple(outcomes),
            data_docs_index=docs_dir / "index.html" if docs_dir is not None else None,
        )
        store_report(con, report)
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
    if docs_dir is not None:
        context.build_data_docs(site_names=[DATA_DOCS_SITE])
    return report


def store_report(con: duckdb.DuckDBPyConnection, report: ValidationReport) -> None:
    """Write the outcomes to ``validation_results`` and every row's flags (inside the caller's transaction).

    Long on purpose: one statement per table it writes, in one transaction.
    """
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    results = pa.Table.from_pylist(
        [
            {
                "run_id": report.run_id,
                "suite": o.spec.suite,
                "expectation": o.spec.name,
                "expectation_type": o.spec.expectation_type,
                "column_name": o.spec.column,
                "columns": list(o.spec.columns),
                "id_column": o.id_column,
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
        schema=RESULTS_SCHEMA,
    )
    con.register("run_results", results)
    con.execute("DELETE FROM validation_results WHERE run_id = ?", [report.run_id])
    con.execute("INSERT INTO validation_results BY NAME SELECT * FROM run_results")
    con.unregister("run_results")

    for frame in SUITE_FRAMES:
        if not frame.flags_rows:
            continue
        by_row: dict[int, list[ExpectationOutcome]] = defaultdict(list)
        for outcome in report.failed:
            if outcome.spec.suite == frame.suite:
                for row in outcome.failing_rows:
                    by_row[row].append(outcome)
        flags = pa.Table.from_pylist(
            [
                {
                    "row": row,
                    "status": "fail" if any(o.spec.severity == "critical" for o in failed) else "warn",
                    "failed": sorted({o.spec.name for o in failed}),
                }
                for row, failed in by_row.items()
            ],
            schema=FLAGS_SCHEMA,
        )
        con.register("row_flags", flags)
        table = frame.suite
        # One statement per table: DuckDB moves a row of a keyed table to a new rowid when it is updated,
        # so the rowids read with the frames hold only until the first update. Every row whose status
        # differs is rewritten: a pending row (loaded, never validated) becomes pass, warn or fail.
        con.execute(
            f"""UPDATE {table} SET dq_status = coalesce(f.status, 'pass'), dq_failed = coalesce(f.failed, [])
                FROM (SELECT rowid AS row FROM {table}) AS r LEFT JOIN row_flags f ON f.row = r.row
                WHERE {table}.rowid = r.row
                  AND ({table}.dq_status <> coalesce(f.status, 'pass') OR {table}.dq_failed <> coalesce(f.failed, []))"""
        )
        con.unregister("row_flags")
