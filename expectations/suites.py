"""The expectation suites, as code: one per warehouse table, plus a table-level suite over runs.

Each :class:`ExpectationSpec` names a Great Expectations expectation type and
its arguments without importing Great Expectations; ``expectations.validate``
turns them into real expectations at validation time. Each suite checks the
DataFrame of its :class:`SuiteFrame`, whose SQL adds the derived columns that
cross-column and cross-table checks need (GE's pandas expectations see one
frame at a time). Frames are validated a chunk of rows at a time, so a check
that compares rows (uniqueness, references) is computed over the whole table
in the frame's SQL and reaches GE as a boolean column that must be true.

Severity decides what a failure does: ``critical`` (keys, referential
integrity, impossible values) fails the run and publishes nothing;
``warning`` flags the failing rows (``dq_status = 'warn'``) and keeps them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Literal

from expectations.coding_suites import CODED_COLUMNS_SQL, coded_expectations
from expectations.incident_suites import INCIDENT_EVENTS_SQL, INCIDENTS_SQL, incident_expectations
from expectations.place_suites import EVENT_PLACE_IN_MENTIONS_SQL, PLACE_MENTIONS_SQL, place_expectations
from extractors.vocabulary import BARE_REFERENCE_WORDS, PUBLISHED_DATE_SOURCES, QUANTITY_UNITS

Severity = Literal["critical", "warning"]

ROW_ID = "warehouse_rowid"
"""Frame column holding DuckDB's rowid, so a failing row is flagged even when its key is NULL or repeated."""

PUBLICATION_SLACK_DAYS = 1
"""Days after its document's publication an event may lie (time zones, a dateline of the next day)."""


@dataclass(frozen=True, slots=True)
class QualityChecks:
    """The thresholds a validation checks the warehouse against (the run's settings, ``flows.settings``)."""

    window_start: dt.date | None
    """First day an event or publication date may fall on; None: no lower bound (no window when both are None)."""
    window_end: dt.date | None
    """Last day an event or publication date may fall on; None: no upper bound."""
    max_event_age_days: int
    """Days before its document's publication an event may lie before it is flagged as background (warn)."""
    min_events_per_run: int
    """Events a run that loaded documents should load at least (warn below)."""
    incident_tolerance_days: int = 1
    """Days an incident may stretch beyond the longest of its reports' own date ranges (warn beyond)."""


def _unique_in_table(*columns: str) -> str:
    """SQL for "no other row of the table has these values"; rows whose values are all NULL are not checked.

    As GE's uniqueness expectations do: a NULL key is the not-null expectation's business.
    """
    all_null = " AND ".join(f"{c} IS NULL" for c in columns)
    return f"(({all_null}) OR count(*) OVER (PARTITION BY {', '.join(columns)}) = 1)"


@dataclass(frozen=True, slots=True)
class SuiteFrame:
    """What one suite validates: a DataFrame read from the warehouse."""

    suite: str
    """Suite name; for row-level suites also the warehouse table whose rows get flagged."""
    id_column: str
    """Column identifying a failing row in results and examples (event_id, doc_id, ...)."""
    sql: str
    """Query producing the frame, derived check columns included."""
    flags_rows: bool
    """True when the suite's table carries dq_status/dq_failed and the frame has ROW_ID."""


SUITE_FRAMES = (
    SuiteFrame(
        "documents",
        "doc_id",
        f"SELECT rowid AS {ROW_ID}, doc_id, source_key, content_sha256, published_date, "
        "published_date_source, "
        f"{_unique_in_table('doc_id')} AS doc_id_unique_in_table, "
        f"{_unique_in_table('source_key', 'content_sha256')} AS content_unique_per_source "
        "FROM documents",
        flags_rows=True,
    ),
    SuiteFrame(
        "events",
        "event_id",
        f"SELECT rowid AS {ROW_ID}, event_id, doc_id, date_start, date_end, event_rank, "
        "lower(trim(actor)) AS actor_lower, lower(trim(place)) AS place_lower, "
        f"{CODED_COLUMNS_SQL}, "
        # The event's date (its start, else its end) in days after its own document's publication;
        # NULL, so not judged, when either is unknown. max(): a repeated doc_id is a critical failure
        # of its own and must not repeat the event's row here.
        "date_diff('day', (SELECT max(d.published_date) FROM documents d WHERE d.doc_id = events.doc_id), "
        "coalesce(date_start, date_end)) AS days_after_publication, "
        "coalesce(contains(sentence, trigger), false) AS trigger_in_sentence, "
        "EXISTS (SELECT 1 FROM documents d WHERE d.doc_id = events.doc_id) AS doc_id_in_documents, "
        f"{_unique_in_table('event_id')} AS event_id_unique_in_table, "
        f"{_unique_in_table('doc_id', 'event_rank')} AS event_rank_unique_in_document, "
        f"{EVENT_PLACE_IN_MENTIONS_SQL} FROM events",
        flags_rows=True,
    ),
    SuiteFrame(
        "quantities",
        "quantity_id",
        f"SELECT rowid AS {ROW_ID}, quantity_id, value, unit, "
        "EXISTS (SELECT 1 FROM events e WHERE e.event_id = quantities.event_id) AS event_id_in_events "
        "FROM quantities",
        flags_rows=True,
    ),
    SuiteFrame("place_mentions", "doc_id", PLACE_MENTIONS_SQL, flags_rows=False),
    SuiteFrame("incidents", "incident_id", INCIDENTS_SQL, flags_rows=False),
    SuiteFrame("incident_events", "event_id", INCIDENT_EVENTS_SQL, flags_rows=False),
    # Table-level: one row per run that loaded the documents now in the warehouse.
    SuiteFrame(
        "runs",
        "run_id",
        "SELECT d.run_id, count(DISTINCT d.doc_id) AS documents_loaded, count(e.event_id) AS events_loaded "
        "FROM documents d LEFT JOIN events e ON e.doc_id = d.doc_id GROUP BY d.run_id",
        flags_rows=False,
    ),
)


@dataclass(frozen=True, slots=True)
class ExpectationSpec:
    """One expectation of a suite, described without importing Great Expectations."""

    name: str
    """Stable name used in dq_failed and validation_results (e.g. events.date_start_in_window)."""
    suite: str
    """Suite (SuiteFrame.suite) the expectation belongs to."""
    columns: tuple[str, ...]
    """Warehouse columns the expectation is about, shown as examples of failing rows."""
    expectation_type: str
    """Great Expectations class name, e.g. ExpectColumnValuesToBeBetween."""
    severity: Severity
    """critical: fails the run; warning: flags rows."""
    kwargs: dict[str, Any] = field(default_factory=dict)
    """Arguments of the expectation over the frame's columns (column, min_value, ...);
    ``only_where=(column, value)`` limits it to rows where that column equals that value."""

    @property
    def column(self) -> str | None:
        """The warehouse column the expectation is about, when it is about exactly one."""
        return self.columns[0] if len(self.columns) == 1 else None


def _not_null(suite: str, column: str) -> ExpectationSpec:
    return ExpectationSpec(
        f"{suite}.{column}_not_null",
        suite,
        (column,),
        "ExpectColumnValuesToNotBeNull",
        "critical",
        {"column": column},
    )


def _unique(suite: str, columns: tuple[str, ...], check: str, name: str | None = None) -> ExpectationSpec:
    """No two rows of the whole table share ``columns``: the frame's ``check`` column (see _unique_in_table)."""
    return _holds(name or f"{suite}.{columns[0]}_unique", suite, columns, "critical", check)


def _in_window(
    suite: str, column: str, window_start: dt.date | None, window_end: dt.date | None
) -> list[ExpectationSpec]:
    """The column inside the corpus window; no expectation when no window is set (either bound may be open)."""
    if window_start is None and window_end is None:
        return []
    return [
        ExpectationSpec(
            f"{suite}.{column}_in_window",
            suite,
            (column,),
            "ExpectColumnValuesToBeBetween",
            "warning",
            {"column": column, "min_value": window_start, "max_value": window_end},
        )
    ]


def _holds(
    name: str, suite: str, columns: tuple[str, ...], severity: Severity, check: str
) -> ExpectationSpec:
    """A derived boolean column of the suite's frame must be true."""
    return ExpectationSpec(
        name, suite, columns, "ExpectColumnValuesToBeInSet", severity, {"column": check, "value_set": [True]}
    )


def documents_suite(
    *, window_start: dt.date | None = None, window_end: dt.date | None = None
) -> list[ExpectationSpec]:
    """Keys, the publication date (when known) inside the corpus window when one is set, and how it was found."""
    return [
        _not_null("documents", "doc_id"),
        _unique("documents", ("doc_id",), "doc_id_unique_in_table"),
        _unique(
            "documents",
            # Per source path (migration 007), not per file name: the same article saved as
            # report.txt in two daily folders is two documents.
            ("source_key", "content_sha256"),
            "content_unique_per_source",
            "documents.content_sha256_unique_per_source",
        ),
        # NULL (unknown) publication dates are not checked: GE column-map expectations skip missing values.
        *_in_window("documents", "published_date", window_start, window_end),
        ExpectationSpec(
            "documents.published_date_source_in_set",
            "documents",
            ("published_date_source",),
            "ExpectColumnValuesToBeInSet",
            "warning",
            {"column": "published_date_source", "value_set": list(PUBLISHED_DATE_SOURCES)},
        ),
    ]


def events_suite(
    *,
    window_start: dt.date | None = None,
    window_end: dt.date | None = None,
    max_event_age_days: int,
) -> list[ExpectationSpec]:
    """Keys and references, coherent dates near their publication (and in the corpus window when one
    is set), traceable triggers, real actors and places, ranks.

    No confidence column is stored, so there is no confidence expectation.

    Long on purpose: a declarative list, one expectation per check.
    """
    return [
        _not_null("events", "event_id"),
        _unique("events", ("event_id",), "event_id_unique_in_table"),
        _holds("events.doc_id_in_documents", "events", ("doc_id",), "critical", "doc_id_in_documents"),
        ExpectationSpec(
            "events.date_start_not_after_date_end",
            "events",
            ("date_start", "date_end"),
            "ExpectColumnPairValuesAToBeGreaterThanB",
            "critical",
            {
                "column_A": "date_end",
                "column_B": "date_start",
                "or_equal": True,
                "ignore_row_if": "either_value_is_missing",
            },
        ),
        # Judged against the event's own document, so they fit any corpus; events of documents
        # without a publication date are not judged (GE skips the NULL gap).
        ExpectationSpec(
            "events.date_not_after_publication",
            "events",
            ("date_start", "date_end", "doc_id"),
            "ExpectColumnValuesToBeBetween",
            "warning",
            # One day of slack: time zones, and a report filed the evening before its dateline.
            {"column": "days_after_publication", "max_value": PUBLICATION_SLACK_DAYS},
        ),
        ExpectationSpec(
            "events.date_not_long_before_publication",
            "events",
            ("date_start", "date_end", "doc_id"),
            "ExpectColumnValuesToBeBetween",
            "warning",
            # Background such as "since 2012" is context, not the news: kept, flagged warn.
            {"column": "days_after_publication", "min_value": -max_event_age_days},
        ),
        *_in_window("events", "date_start", window_start, window_end),
        *_in_window("events", "date_end", window_start, window_end),
        _holds(
            "events.trigger_in_sentence", "events", ("trigger", "sentence"), "warning", "trigger_in_sentence"
        ),
        ExpectationSpec(
            "events.actor_not_pronoun",
            "events",
            ("actor",),
            "ExpectColumnValuesToNotBeInSet",
            "warning",
            {"column": "actor_lower", "value_set": list(BARE_REFERENCE_WORDS)},
        ),
        ExpectationSpec(
            "events.place_not_pronoun",
            "events",
            ("place",),
            "ExpectColumnValuesToNotBeInSet",
            "warning",
            {"column": "place_lower", "value_set": list(BARE_REFERENCE_WORDS)},
        ),
        ExpectationSpec(
            "events.event_rank_at_least_1",
            "events",
            ("event_rank",),
            "ExpectColumnValuesToBeBetween",
            "critical",
            {"column": "event_rank", "min_value": 1},
        ),
        _unique(
            "events",
            ("doc_id", "event_rank"),
            "event_rank_unique_in_document",
            "events.event_rank_unique_per_document",
        ),
        *(ExpectationSpec(*check) for check in coded_expectations()),
    ]


def quantities_suite() -> list[ExpectationSpec]:
    """Possible values, a unit from the vocabulary, and the event each number belongs to."""
    return [
        ExpectationSpec(
            "quantities.percent_between_0_and_100",
            "quantities",
            ("value", "unit"),
            "ExpectColumnValuesToBeBetween",
            "critical",
            {"column": "value", "min_value": 0, "max_value": 100, "only_where": ("unit", "percent")},
        ),
        ExpectationSpec(
            "quantities.value_not_negative",
            "quantities",
            ("value",),
            "ExpectColumnValuesToBeBetween",
            "critical",
            {"column": "value", "min_value": 0},
        ),
        ExpectationSpec(
            "quantities.unit_in_vocabulary",
            "quantities",
            ("unit",),
            "ExpectColumnValuesToBeInSet",
            "warning",
            {"column": "unit", "value_set": list(QUANTITY_UNITS)},
        ),
        _holds(
            "quantities.event_id_in_events", "quantities", ("event_id",), "critical", "event_id_in_events"
        ),
    ]


def runs_suite(*, min_events_per_run: int) -> list[ExpectationSpec]:
    """Table-level: a run that loaded documents found events in them.

    A warning, not critical: a run over documents that report no event is odd, not impossible.
    """
    return [
        ExpectationSpec(
            "runs.events_per_loading_run",
            "runs",
            ("documents_read", "events_loaded"),
            "ExpectColumnValuesToBeBetween",
            "warning",
            {"column": "events_loaded", "min_value": min_events_per_run},
        ),
    ]


def build_suites(checks: QualityChecks) -> list[ExpectationSpec]:
    """Every expectation of every suite, for a corpus window (none when both ends are None) and thresholds."""
    return [
        *documents_suite(window_start=checks.window_start, window_end=checks.window_end),
        *events_suite(
            window_start=checks.window_start,
            window_end=checks.window_end,
            max_event_age_days=checks.max_event_age_days,
        ),
        *quantities_suite(),
        *runs_suite(min_events_per_run=checks.min_events_per_run),
        *(ExpectationSpec(*spec) for spec in place_expectations()),
        *(
            ExpectationSpec(*spec)
            for spec in incident_expectations(tolerance_days=checks.incident_tolerance_days)
        ),
    ]
