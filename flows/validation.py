"""``eventetl validate``: validate an existing warehouse again, as a run of its own, through the same gate.

The flow's validate stage and this function both call ``expectations.gate.run_gate``
and record the run through ``Warehouse.recorded_run``; this one reads no input,
so its summary counts nothing and it publishes nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from expectations.gate import run_gate
from expectations.suites import QualityChecks
from flows.progress import StageClock
from flows.results import RunSummary
from flows.stages import new_run_id
from warehouse.database import Warehouse
from warehouse.runs import RunCounts

if TYPE_CHECKING:
    from flows.settings import Settings

VALIDATION_ONLY = "validation only"
"""``runs.message`` of a validation-only run that passed: says why the run read nothing."""


def quality_checks(settings: Settings) -> QualityChecks:
    """The thresholds of a validation, from the run's settings."""
    return QualityChecks(
        window_start=settings.corpus_window_start,
        window_end=settings.corpus_window_end,
        max_event_age_days=settings.max_event_age_days,
        min_events_per_run=settings.min_events_per_run,
        incident_tolerance_days=settings.incident_tolerance_days,
    )


def revalidate(
    warehouse: Warehouse, checks: QualityChecks, *, lock_timeout: float, run_id: str | None = None
) -> RunSummary:
    """Validate ``warehouse`` as a new run (row flags rewritten, Data Docs rebuilt) and return its summary.

    Validation rewrites row flags, so it holds the writer lock like any run (``WarehouseBusy`` after
    ``lock_timeout`` s). The run is ``failed`` when a critical expectation fails, else ``succeeded``;
    it is failed with its error when validation raises.
    """
    run_id = run_id or new_run_id()
    clock = StageClock()
    with (
        warehouse.writer(timeout=lock_timeout, holder=f"validate {run_id}") as con,
        warehouse.recorded_run(con, run_id) as record,
    ):
        record.reached("validate")
        with clock.timing("validate"):
            gate = run_gate(con, warehouse, run_id, checks)
        failure = gate.failure_message()
        record.finish(
            "failed" if failure else "succeeded",
            expectations_passed=gate.passed,
            expectations_failed=len(gate.failed),
            stage_seconds=clock.run_stages(),
            message=failure or VALIDATION_ONLY,
        )
    return RunSummary(
        run_id=run_id,
        db=str(warehouse.path),
        status="failed" if failure else "succeeded",
        counts=RunCounts(),
        gate=gate,
        stage_seconds={name: round(seconds, 3) for name, seconds in clock.seconds.items()},
        message=failure,
    )
