"""The run summary the command line prints: the ``RunSummary`` a run (or ``validate``) returned.

Nothing is read back from the warehouse: the flow hands back everything printed here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console

    from expectations.report import FailedExpectation
    from extractors.records import IgnoredInput, RejectedInput
    from flows.results import RunSummary

IGNORED_LISTED = 20
"""Ignored inputs listed by path in the run summary; more are counted only."""


def print_summary(summary: RunSummary) -> None:
    """Print what a run did: its counts, failed expectations with examples, Data Docs, rejected and ignored inputs."""
    from rich.console import Console

    console = Console()
    counts = summary.counts
    # A run that returns a summary failed, if it failed, in its validation (a critical expectation).
    where = " (during validate)" if summary.status != "succeeded" else ""
    console.print(
        f"[bold]run {summary.run_id}[/bold] -> {summary.db}: {summary.status}{where}",
        soft_wrap=True,  # one line however long the path: scripts and people grep for it
    )
    policies = ", ".join(sorted({ignored.reason for ignored in summary.ignored}))
    console.print(
        f"  documents: {counts.documents_read} read, {counts.documents_skipped} skipped (unchanged), "
        f"{counts.documents_rejected} rejected, "
        f"{counts.documents_ignored} ignored{f' ({policies})' if policies else ''}",
        highlight=False,
    )
    console.print(f"  events loaded: {counts.events_loaded} (quantities: {counts.quantities_loaded})")
    console.print(f"  expectations: {summary.gate.passed} passed, {len(summary.gate.failed)} failed")
    for failure in summary.gate.failed:
        _print_failure(console, failure)
    for failure in summary.gate.failed:
        warning = failure.dominant_warning()
        if warning:
            console.print(f"  [yellow]{warning}[/yellow]", highlight=False, soft_wrap=True)
    if summary.gate.data_docs_index.exists():
        console.print(f"  Data Docs: {summary.gate.data_docs_index}", soft_wrap=True, highlight=False)
    from rich.markup import escape  # a path may hold "[...]", which is not markup

    for rejected in sorted_rejections(summary.rejections):
        line = f":{rejected.line}" if rejected.line else ""
        # Whole on one line, however long the path: the file's name is what the reader needs.
        console.print(
            f"  [yellow]rejected[/yellow] {escape(rejected.path)}{line}: {escape(rejected.reason)}",
            soft_wrap=True,
            highlight=False,
        )
    _print_ignored(console, summary.ignored)


def _print_failure(console: Console, failure: FailedExpectation) -> None:
    """One failed expectation, then its example rows (values as data, never as markup)."""
    colour = "red" if failure.critical else "yellow"
    console.print(
        f"  [{colour}]{failure.severity}[/{colour}] {failure.name}: "
        f"{failure.unexpected_count} rows ({failure.unexpected_percent:.1f}%)",
        highlight=False,
    )
    for example in failure.examples:
        console.print(
            "      " + "  ".join(f"{cell.column}={cell.value}" for cell in example),
            highlight=False,
            markup=False,
            soft_wrap=True,
        )


def _print_ignored(console: Console, ignored: tuple[IgnoredInput, ...]) -> None:
    """The first ``IGNORED_LISTED`` ignored inputs by path, then how many more."""
    for item in ignored[:IGNORED_LISTED]:
        console.print(f"  ignored {item.path}: {item.reason}", highlight=False, markup=False, soft_wrap=True)
    if len(ignored) > IGNORED_LISTED:
        console.print(f"  ... and {len(ignored) - IGNORED_LISTED} more ignored", highlight=False)


def sorted_rejections(rejections: tuple[RejectedInput, ...]) -> list[RejectedInput]:
    """Rejections by path, then line (a whole-file rejection, with no line, after the file's lines).

    The order the summary always listed them in (``rejected_files`` ordered by path, line: nulls last).
    """
    return sorted(rejections, key=lambda r: (r.path, r.line is None, r.line or 0))
