"""Reading a stored validation back for people: failed expectations with a few example rows.

Works from ``validation_results`` alone (no Great Expectations import), so the
run summary and ``eventetl validate`` can show it cheaply.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb


@dataclass(frozen=True, slots=True)
class FailureExamples:
    """A failed expectation of a run, with some of the rows that failed it."""

    expectation: str
    """Expectation name."""
    severity: str
    """critical or warning."""
    unexpected_count: int
    """Rows that failed."""
    unexpected_percent: float
    """Share of checked rows that failed, in percent."""
    rows: tuple[dict[str, str], ...]
    """Example rows: the id column, then the columns the expectation is about, as text."""


def _quoted(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


def _shorten(value: object, width: int) -> str:
    text = "NULL" if value is None else str(value)
    return text if len(text) <= width else text[: width - 1] + "…"


def failure_examples(
    con: duckdb.DuckDBPyConnection, run_id: str, *, per_expectation: int = 3, width: int = 60
) -> list[FailureExamples]:
    """Failed expectations of ``run_id`` (critical first), each with up to ``per_expectation`` example rows."""
    failures = con.execute(
        "SELECT suite, expectation, severity, unexpected_count, unexpected_percent, id_column, columns, "
        "list_distinct(failing_ids)[1:?] FROM validation_results WHERE run_id = ? AND NOT success "
        "ORDER BY severity, expectation",
        [per_expectation, run_id],
    ).fetchall()
    examples = []
    for suite, expectation, severity, count, percent, id_column, columns, ids in failures:
        shown = [id_column, *(c for c in columns or [] if c != id_column)]
        rows: list[dict[str, str]] = []
        if ids and id_column:
            # Names come from our own suites (validation_results), never from user input.
            selected = ", ".join(_quoted(c) for c in shown)
            fetched = con.execute(
                f"SELECT {selected} FROM {_quoted(suite)} WHERE {_quoted(id_column)} IN (SELECT unnest(?)) "
                f"ORDER BY {_quoted(id_column)} LIMIT ?",
                [ids, per_expectation],
            ).fetchall()
            rows = [{c: _shorten(v, width) for c, v in zip(shown, row, strict=True)} for row in fetched]
        examples.append(
            FailureExamples(expectation, severity, int(count or 0), float(percent or 0.0), tuple(rows))
        )
    return examples
