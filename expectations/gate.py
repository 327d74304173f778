"""The data-quality gate of a run: validate the warehouse, then say whether the run may publish.

``run_gate`` is the one validation every caller goes through: the flow's
validate stage and ``eventetl validate`` (``flows.validation``).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb

from expectations.report import FailedExpectation, failed_expectations
from expectations.suites import QualityChecks
from warehouse.database import Warehouse


@dataclass(frozen=True, slots=True)
class GateResult:
    """What the data-quality gate decided about a run."""

    passed: int
    """Expectations that held."""
    failed: tuple[FailedExpectation, ...]
    """Expectations that failed, critical first, each with a few failing rows."""
    data_docs_index: Path
    """The Data Docs page of this validation."""

    @property
    def critical_failed(self) -> bool:
        """True when a critical expectation failed: the run fails and nothing is published."""
        return any(f.critical for f in self.failed)

    @property
    def publishable(self) -> bool:
        """True when no critical expectation failed: the run succeeds and its data may be published."""
        return not self.critical_failed

    def failure_message(self) -> str | None:
        """``critical expectations failed: a, b`` for ``runs.message``; None when the run may publish."""
        names = [f.name for f in self.failed if f.critical]
        return f"critical expectations failed: {', '.join(names)}" if names else None


def run_gate(
    con: duckdb.DuckDBPyConnection, warehouse: Warehouse, run_id: str, checks: QualityChecks
) -> GateResult:
    """Validate the warehouse for ``run_id`` (outcomes stored, rows flagged, Data Docs rebuilt) and judge it.

    ``con`` is the run's writable connection to ``warehouse``; the caller holds the writer lock.
    """
    from expectations.validate import validate_warehouse  # imports Great Expectations: seconds

    report = validate_warehouse(con, run_id=run_id, checks=checks, docs_dir=warehouse.data_docs_dir)
    return GateResult(
        passed=report.passed,
        failed=failed_expectations(con, run_id),
        data_docs_index=warehouse.data_docs_index,
    )
