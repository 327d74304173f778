"""What the flow's stages hand each other, and what a run hands back: typed, frozen records.

``RunSummary`` is what ``ingest_events`` (and ``eventetl validate``) return,
and what the command line prints; the Prefect artifacts are built from it too
(``flows.run_report``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from expectations.gate import GateResult
from extractors.records import DocumentRecord, IgnoredInput, RejectedInput
from warehouse.load import LoadCounts
from warehouse.runs import RunCounts, RunStatus


@dataclass(frozen=True, slots=True)
class DiscoveredInputs:
    """What discovery found under a run's paths."""

    files: tuple[Path, ...]
    """Regular files to read, in discovery order."""
    rejections: tuple[RejectedInput, ...]
    """Paths rejected (missing, unreadable, looping or outside links)."""
    ignored: tuple[IgnoredInput, ...]
    """Paths left out by policy (hidden files and folders)."""


@dataclass(frozen=True, slots=True)
class BatchRead:
    """What reading one batch of files produced."""

    documents: tuple[DocumentRecord, ...]
    """Documents read, in file order."""
    rejections: tuple[RejectedInput, ...]
    """Files or records that could not be read."""
    inputs: int
    """Inputs the files held: one per record each file yielded (document or rejection), at least one per file
    (a file that yielded nothing is an input no outcome accounts for, and fails the run's accounting)."""
    clean_seconds: float
    """Seconds spent decoding, parsing and cleaning (the rest of reading is file I/O)."""


class RunTally:
    """The run's counts as its batches go by (``RunCounts`` when asked)."""

    def __init__(self, discovered: DiscoveredInputs) -> None:
        self.rejections: list[RejectedInput] = list(discovered.rejections)
        """Every input rejected so far (discovery, reading, extraction), in order."""
        self.ignored: tuple[IgnoredInput, ...] = discovered.ignored
        """Every input left out by policy."""
        # Inputs met so far (see RunCounts): every path discovery rejected or ignored, then each file's records.
        self._inputs = len(discovered.rejections) + len(discovered.ignored)
        self._skipped = 0
        self._loaded = LoadCounts(0, 0, 0, 0)

    def read(self, batch: BatchRead, *, unchanged: int) -> None:
        """Count a batch read: its inputs, its rejections and its ``unchanged`` (skipped) documents."""
        self._inputs += batch.inputs
        self.rejections.extend(batch.rejections)
        self._skipped += unchanged

    def extraction_failed(self, rejections: tuple[RejectedInput, ...]) -> None:
        """Count documents whose extraction failed: rejected, not loaded."""
        self.rejections.extend(rejections)

    def loaded(self, counts: LoadCounts) -> None:
        """Count what a batch's load wrote."""
        loaded = self._loaded
        self._loaded = LoadCounts(
            loaded.documents + counts.documents,
            loaded.replaced + counts.replaced,
            loaded.events + counts.events,
            loaded.quantities + counts.quantities,
        )

    def counts(self) -> RunCounts:
        """The run's accounting identity and rows written, so far."""
        return RunCounts(
            inputs_discovered=self._inputs,
            documents_read=self._loaded.documents,
            documents_skipped=self._skipped,
            documents_rejected=len(self.rejections),
            documents_ignored=len(self.ignored),
            documents_replaced=self._loaded.replaced,
            events_loaded=self._loaded.events,
            quantities_loaded=self._loaded.quantities,
        )


@dataclass(frozen=True, slots=True)
class RunSummary:
    """What a run did, as the command line prints it and the Prefect artifacts show it."""

    run_id: str
    """Warehouse run id (``runs.run_id``)."""
    db: str
    """Warehouse file."""
    status: RunStatus
    """succeeded, or failed (a critical expectation failed: nothing was published)."""
    counts: RunCounts
    """Inputs met and rows written; all zero for a validation-only run (``eventetl validate``), which reads none."""
    gate: GateResult
    """The validation: expectations passed and failed, and its Data Docs page."""
    rejections: tuple[RejectedInput, ...] = ()
    """Every rejected input with its reason."""
    ignored: tuple[IgnoredInput, ...] = ()
    """Every input left out by policy, with the policy."""
    snapshot: str | None = None
    """BI snapshot published by the run; None when none was (validation only, or a critical expectation failed)."""
    stage_seconds: dict[str, float] = field(default_factory=dict)
    """Wall seconds per stage (discover, read, extract, load, validate, publish), plus the seconds
    inside reading spent decoding, parsing and cleaning (clean), and inside extraction tasks spent
    in the model (nlp) and in our components (extraction)."""
    message: str | None = None
    """Why the run failed (the critical expectations), as in ``runs.message``; None when it succeeded."""

    @property
    def critical_failed(self) -> bool:
        """True when a critical expectation failed."""
        return self.gate.critical_failed


class CriticalExpectationFailed(RuntimeError):
    """A critical data-quality expectation failed: the run is marked failed; ``summary`` says what it did."""

    def __init__(self, summary: RunSummary) -> None:
        super().__init__(summary.message or "critical expectations failed")
        self.summary = summary

    def __reduce__(self) -> tuple[type[CriticalExpectationFailed], tuple[RunSummary]]:
        # Prefect may pickle a flow's exception (result persistence, Dask): rebuild it from its summary.
        return (CriticalExpectationFailed, (self.summary,))
