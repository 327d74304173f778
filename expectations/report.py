"""A failed expectation, as people and the run summary see it, read back from a stored validation.

``FailedExpectation`` is the one shape of a failed expectation outside the
validation itself (``expectations.validate.ExpectationOutcome`` is every
outcome, passed or failed, while it is computed). It is read from
``validation_results`` alone (no Great Expectations import), so the run summary
and ``eventetl validate`` get it cheaply.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

WARNING_SETTINGS: dict[str, tuple[str, ...]] = {
    "documents.published_date_in_window": ("corpus_window_start", "corpus_window_end"),
    "events.date_start_in_window": ("corpus_window_start", "corpus_window_end"),
    "events.date_end_in_window": ("corpus_window_start", "corpus_window_end"),
    "events.date_not_long_before_publication": ("max_event_age_days",),
    "runs.events_per_loading_run": ("min_events_per_run",),
    "incidents.span_within_tolerance": ("incident_tolerance_days",),
}
"""The settings that decide what a warning expectation flags, named when it flags most of a table."""
DOMINANT_SHARE = 0.5
"""Share of a table's rows a warning must flag before the run summary calls it out."""


def dominant_warning(expectation: str, table: str, flagged: int, rows: int) -> str | None:
    """One line when a warning expectation flagged more than DOMINANT_SHARE of ``rows``, else None.

    It names the setting (and environment variable) that controls the expectation, when one does:
    a corpus outside the configured window otherwise loses its clean views without a word.
    """
    if rows <= 0 or flagged <= rows * DOMINANT_SHARE:
        return None
    settings = WARNING_SETTINGS.get(expectation, ())
    hint = (
        f": see {' / '.join(settings)} ({' / '.join('EVENTETL_' + s.upper() for s in settings)})"
        if settings
        else ""
    )
    return (
        f"warning: {expectation} flagged {flagged:,} of {rows:,} {table} ({100 * flagged / rows:.0f}%){hint}"
    )


EXAMPLES_PER_EXPECTATION = 3
"""Failing rows shown per failed expectation."""
EXAMPLE_WIDTH = 60
"""Characters of a value shown in an example row; longer values are cut with an ellipsis."""


@dataclass(frozen=True, slots=True)
class ExampleValue:
    """One column of a failing row, as shown."""

    column: str
    """Column name: the suite's id column first, then the columns the expectation is about."""
    value: str
    """The value as text, ``NULL`` for a missing one, cut to ``EXAMPLE_WIDTH`` characters."""


@dataclass(frozen=True, slots=True)
class FailedExpectation:
    """An expectation that failed in a validation, with a few of the rows that failed it."""

    name: str
    """Expectation name, ``<table>.<what>`` (``events.action_not_null``)."""
    table: str
    """The table (suite) it checks: documents, events, quantities or runs."""
    severity: str
    """critical (the run fails, nothing is published) or warning (rows are flagged ``warn``)."""
    unexpected_count: int
    """Rows that failed it."""
    unexpected_percent: float
    """Share of the checked rows (those not missing the value) that failed, in percent."""
    element_count: int
    """Rows of the table it checked."""
    examples: tuple[tuple[ExampleValue, ...], ...] = ()
    """Up to ``EXAMPLES_PER_EXPECTATION`` failing rows, each as its id column then the columns checked."""

    @property
    def critical(self) -> bool:
        """True when the failure fails the run."""
        return self.severity == "critical"

    def dominant_warning(self) -> str | None:
        """A line naming the setting to look at when this warning flagged most of its table, else None."""
        if self.critical:
            return None
        return dominant_warning(self.name, self.table, self.unexpected_count, self.element_count)


def _quoted(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


def _shorten(value: object, width: int) -> str:
    text = "NULL" if value is None else str(value)
    return text if len(text) <= width else text[: width - 1] + "…"


def failed_expectations(
    con: duckdb.DuckDBPyConnection,
    run_id: str,
    *,
    per_expectation: int = EXAMPLES_PER_EXPECTATION,
    width: int = EXAMPLE_WIDTH,
) -> tuple[FailedExpectation, ...]:
    """Failed expectations of ``run_id`` (critical first, then by name), each with up to ``per_expectation``
    example rows read from its table."""
    failures = con.execute(
        "SELECT suite, expectation, severity, unexpected_count, unexpected_percent, element_count, id_column, "
        "columns, list_distinct(failing_ids)[1:?] FROM validation_results WHERE run_id = ? AND NOT success "
        "ORDER BY severity, expectation",
        [per_expectation, run_id],
    ).fetchall()
    failed = []
    for suite, expectation, severity, count, percent, elements, id_column, columns, ids in failures:
        shown = [id_column, *(c for c in columns or [] if c != id_column)]
        examples: tuple[tuple[ExampleValue, ...], ...] = ()
        if ids and id_column:
            # Names come from our own suites (validation_results), never from user input.
            selected = ", ".join(_quoted(c) for c in shown)
            fetched = con.execute(
                f"SELECT {selected} FROM {_quoted(suite)} WHERE {_quoted(id_column)} IN (SELECT unnest(?)) "
                f"ORDER BY {_quoted(id_column)} LIMIT ?",
                [ids, per_expectation],
            ).fetchall()
            examples = tuple(
                tuple(ExampleValue(c, _shorten(v, width)) for c, v in zip(shown, row, strict=True))
                for row in fetched
            )
        failed.append(
            FailedExpectation(
                name=expectation,
                table=suite,
                severity=severity,
                unexpected_count=int(count or 0),
                unexpected_percent=float(percent or 0.0),
                element_count=int(elements or 0),
                examples=examples,
            )
        )
    return tuple(failed)
