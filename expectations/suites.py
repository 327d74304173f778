"""The expectation suites, as code: one per warehouse table.

Each :class:`ExpectationSpec` names a Great Expectations expectation type and
its arguments without importing Great Expectations; ``expectations.validate``
turns them into real expectations at validation time. Severity decides what a
failure does: ``critical`` fails the run and publishes nothing, ``warning``
flags the failing rows (``dq_status = 'warn'``) and keeps them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Literal

from extractors.vocabulary import QUANTITY_UNITS

Severity = Literal["critical", "warning"]

PRONOUNS_AND_RELATIVES = ["it", "they", "he", "she", "which", "who", "that", "them", "him", "her", "whom"]
"""Words that are never an acceptable actor or place on their own."""


@dataclass(frozen=True, slots=True)
class ExpectationSpec:
    """One expectation of a suite, described without importing Great Expectations."""

    name: str
    """Stable name used in dq_failed and validation_results (e.g. events.date_in_window)."""
    table: str
    """Warehouse table the expectation checks."""
    id_column: str
    """Column that identifies a failing row (event_id, quantity_id, doc_id)."""
    expectation_type: str
    """Great Expectations class name, e.g. ExpectColumnValuesToBeBetween."""
    severity: Severity
    """critical: fails the run; warning: flags rows."""
    kwargs: dict[str, Any] = field(default_factory=dict)
    """Arguments of the expectation (column, min_value, ...); ``only_where=(column, value)`` limits
    it to rows where that column equals that value."""

    @property
    def column(self) -> str | None:
        """The column the expectation is about, when it is about one."""
        value = self.kwargs.get("column")
        return value if isinstance(value, str) else None


def build_suites(
    *, window_start: dt.date, window_end: dt.date, doc_ids: list[str], event_ids: list[str]
) -> list[ExpectationSpec]:
    """Every expectation, for a corpus window and the ids currently in the warehouse."""
    return [
        # --- documents
        ExpectationSpec(
            "documents.doc_id_not_null",
            "documents",
            "doc_id",
            "ExpectColumnValuesToNotBeNull",
            "critical",
            {"column": "doc_id"},
        ),
        ExpectationSpec(
            "documents.doc_id_unique",
            "documents",
            "doc_id",
            "ExpectColumnValuesToBeUnique",
            "critical",
            {"column": "doc_id"},
        ),
        ExpectationSpec(
            "documents.published_date_in_window",
            "documents",
            "doc_id",
            "ExpectColumnValuesToBeBetween",
            "warning",
            {"column": "published_date", "min_value": window_start, "max_value": window_end},
        ),
        # --- events
        ExpectationSpec(
            "events.event_id_not_null",
            "events",
            "event_id",
            "ExpectColumnValuesToNotBeNull",
            "critical",
            {"column": "event_id"},
        ),
        ExpectationSpec(
            "events.event_id_unique",
            "events",
            "event_id",
            "ExpectColumnValuesToBeUnique",
            "critical",
            {"column": "event_id"},
        ),
        ExpectationSpec(
            "events.doc_id_in_documents",
            "events",
            "event_id",
            "ExpectColumnValuesToBeInSet",
            "critical",
            {"column": "doc_id", "value_set": doc_ids},
        ),
        ExpectationSpec(
            "events.date_start_in_window",
            "events",
            "event_id",
            "ExpectColumnValuesToBeBetween",
            "warning",
            {"column": "date_start", "min_value": window_start, "max_value": window_end},
        ),
        ExpectationSpec(
            "events.date_end_in_window",
            "events",
            "event_id",
            "ExpectColumnValuesToBeBetween",
            "warning",
            {"column": "date_end", "min_value": window_start, "max_value": window_end},
        ),
        ExpectationSpec(
            "events.actor_not_pronoun",
            "events",
            "event_id",
            "ExpectColumnValuesToNotBeInSet",
            "warning",
            {"column": "actor_lower", "value_set": PRONOUNS_AND_RELATIVES},
        ),
        # --- quantities
        ExpectationSpec(
            "quantities.percent_between_0_and_100",
            "quantities",
            "quantity_id",
            "ExpectColumnValuesToBeBetween",
            "critical",
            {"column": "value", "min_value": 0, "max_value": 100, "only_where": ("unit", "percent")},
        ),
        ExpectationSpec(
            "quantities.value_not_negative",
            "quantities",
            "quantity_id",
            "ExpectColumnValuesToBeBetween",
            "critical",
            {"column": "value", "min_value": 0},
        ),
        ExpectationSpec(
            "quantities.unit_in_vocabulary",
            "quantities",
            "quantity_id",
            "ExpectColumnValuesToBeInSet",
            "warning",
            {"column": "unit", "value_set": list(QUANTITY_UNITS)},
        ),
        ExpectationSpec(
            "quantities.event_id_in_events",
            "quantities",
            "quantity_id",
            "ExpectColumnValuesToBeInSet",
            "critical",
            {"column": "event_id", "value_set": event_ids},
        ),
    ]
