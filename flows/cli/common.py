"""What the commands share: exit codes, options, and the checks made before anything starts.

Nothing heavy is imported here (Prefect, spaCy, Great Expectations, DuckDB):
``eventetl --help`` loads this module and must answer at once.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from flows.settings import Settings

EXIT_FAILED = 1
"""The run failed (a critical expectation failed, or an error), or ``check`` found a problem."""
EXIT_USAGE = 2
"""A usage error; also a statement ``query`` refuses: a request the command does not serve."""
EXIT_REJECTED_INPUT = 3
"""The run succeeded but some input was rejected."""

DbOption = Annotated[
    Path | None, typer.Option("--db", help="Warehouse file (default: EVENTETL_DB or data/events.duckdb).")
]
PathsArgument = Annotated[
    list[Path] | None, typer.Argument(help="Files or folders (default: the bundled sample corpus).")
]
ModelOption = Annotated[
    str | None, typer.Option(help="spaCy pipeline name (default: best installed English model).")
]
BatchSizeOption = Annotated[int | None, typer.Option(help="Documents per extraction batch.")]
LockTimeoutOption = Annotated[
    float | None,
    typer.Option(
        help="Seconds to wait for another run on the same warehouse (default: EVENTETL_LOCK_TIMEOUT or 600)."
    ),
]
SourceRootOption = Annotated[
    Path | None,
    typer.Option(
        "--source-root",
        help="Folder document identities are relative to (default: EVENTETL_SOURCE_ROOT or the working folder).",
    ),
]
AllowExternalLinksOption = Annotated[
    bool,
    typer.Option(
        "--allow-external-links", help="Follow symbolic links that lead outside the given files and folders."
    ),
]


def fail(message: str, code: int = EXIT_FAILED) -> typer.Exit:
    """Print ``message`` on stderr and return the exit to raise: ``raise fail(...)``."""
    typer.echo(message, err=True)
    return typer.Exit(code)


def run_settings(**flags: object) -> Settings:
    """Settings with the CLI flags that were given (not None) taking precedence.

    Invalid values (flags, ``EVENTETL_*`` variables, the settings files) exit 2 with one line each.
    """
    from flows.settings import SettingsError, load_settings

    try:
        return load_settings(**{k: v for k, v in flags.items() if v is not None})
    except SettingsError as exc:
        for line in exc.lines:
            typer.echo(f"eventetl: {line}", err=True)
        raise typer.Exit(EXIT_USAGE) from None


def check_paths(paths: Sequence[Path] | None) -> None:
    """Exit 2 naming each given path that does not exist, before anything (Prefect, the warehouse) starts."""
    missing = [path for path in paths or () if not path.exists()]
    for path in missing:
        typer.echo(f"eventetl: {path}: no such file or folder", err=True)
    if missing:
        raise typer.Exit(EXIT_USAGE)


def check_source_root(settings: Settings) -> None:
    """Exit 2 when the source root is not a folder: a mistyped root would silently change every document's id."""
    if not settings.source_root.is_dir():
        raise fail(
            f"source root {settings.source_root}: not a folder (--source-root, EVENTETL_SOURCE_ROOT)",
            EXIT_USAGE,
        )


def require_warehouse(settings: Settings, hint: str = "") -> None:
    """Exit 1 when the configured warehouse file does not exist (``hint`` follows the message)."""
    if not settings.db.exists():
        raise fail(f"no warehouse at {settings.db}{hint}")
