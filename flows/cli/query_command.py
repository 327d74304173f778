"""``eventetl query``: reading SQL on the warehouse (or its BI snapshot), printed or written to a file."""

from __future__ import annotations

import contextlib
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from flows.cli.common import EXIT_USAGE, DbOption, fail, run_settings

if TYPE_CHECKING:
    from warehouse.readonly import QueryResult

QUERY_LOCK_TIMEOUT = 10.0
"""Seconds `query` waits for a writer by default: short, since the BI snapshot can be read meanwhile."""
QUERY_TIMEOUT = 60.0
"""Seconds `query`'s SQL may run by default: it holds the writer lock, so a run waits at most this long."""


def query(
    sql: Annotated[str, typer.Argument(help="SQL to run against the warehouse (read-only).")],
    db: DbOption = None,
    allow_local_files: Annotated[
        bool,
        typer.Option(
            "--allow-local-files",
            help="Let the SQL read local files (read_csv, read_text, glob, Parquet paths); writing stays refused.",
        ),
    ] = False,
    lock_timeout: Annotated[
        float,
        typer.Option(
            help="Seconds to wait while a run writes the warehouse (not EVENTETL_LOCK_TIMEOUT, which is for runs)."
        ),
    ] = QUERY_LOCK_TIMEOUT,
    timeout: Annotated[
        float,
        typer.Option(help="Seconds the SQL may run before it is interrupted (it holds the writer lock)."),
    ] = QUERY_TIMEOUT,
    fmt: Annotated[
        str | None,
        typer.Option(
            "--format",
            help="table, csv, json, jsonl or markdown (default: table on a terminal, csv otherwise).",
        ),
    ] = None,
    output: Annotated[
        Path | None, typer.Option("--output", help="Write the result to this file instead of stdout.")
    ] = None,
    snapshot: Annotated[
        bool,
        typer.Option(
            "--snapshot", help="Query the BI snapshot (<warehouse>.bi.duckdb) instead; never waits for a run."
        ),
    ] = False,
) -> None:
    """Run reading SQL on the warehouse and print the result (a table, CSV, JSON, JSON Lines or Markdown).

    Exit 2 (one line) when a statement is refused: anything but SELECT, WITH …
    SELECT, EXPLAIN, DESCRIBE, SHOW, SUMMARIZE; and file access without
    --allow-local-files; or an option is invalid. Exit 1 when the warehouse is
    busy, the SQL fails, it ran longer than --timeout, or --snapshot finds no
    snapshot.
    """
    _check_options(fmt=fmt, output=output, timeout=timeout, lock_timeout=lock_timeout)
    result = _read(
        run_settings(db=db).db,
        sql,
        snapshot=snapshot,
        allow_local_files=allow_local_files,
        lock_timeout=lock_timeout,
        timeout=timeout,
    )
    _write(result, fmt=fmt, output=output)


def _check_options(*, fmt: str | None, output: Path | None, timeout: float, lock_timeout: float) -> None:
    """Exit 2 (one line) for an option no query can use, before the warehouse is touched."""
    from flows.query_output import FORMATS

    if timeout <= 0 or lock_timeout < 0:
        raise fail("query: --timeout must be more than 0 s and --lock-timeout at least 0 s", EXIT_USAGE)
    if fmt is not None and fmt not in FORMATS:
        raise fail(f"query: --format must be one of {', '.join(FORMATS)}, not {fmt!r}", EXIT_USAGE)
    if output is not None and (output.is_dir() or not output.parent.is_dir()):
        problem = "is a folder" if output.is_dir() else f"its folder {output.parent} does not exist"
        raise fail(f"query: --output {output}: {problem}", EXIT_USAGE)


def _read(
    db: Path, sql: str, *, snapshot: bool, allow_local_files: bool, lock_timeout: float, timeout: float
) -> QueryResult:
    """Run ``sql`` read-only on the warehouse ``db`` (or its snapshot); exit 1 or 2 naming what went wrong."""
    import duckdb

    from warehouse.database import Warehouse
    from warehouse.lock import WarehouseBusy
    from warehouse.readonly import (
        FileAccessRefused,
        QueryInterrupted,
        StatementRefused,
        connect_readonly,
        first_line,
        run_readonly,
    )

    warehouse = Warehouse.at(db)
    source = warehouse.snapshot_file if snapshot else warehouse.path
    if not source.exists():
        if snapshot:
            raise fail(f"no BI snapshot at {source}: a run publishes it when validation passes")
        raise fail(f"no warehouse at {db}: run `eventetl run` first")

    def waiting(message: str) -> None:
        typer.echo(
            f"eventetl: {message}; waiting up to {lock_timeout:g} s (--lock-timeout; "
            "--snapshot reads the BI snapshot without waiting)",
            err=True,
        )

    try:
        # Under the writer lock: a reader holding the file open would keep a run from writing;
        # the statement timeout bounds how long a run waits for a query. The snapshot needs no
        # lock: a run replaces it by an atomic rename and never writes the file a reader has open.
        with (
            contextlib.nullcontext()
            if snapshot
            else warehouse.lock(timeout=lock_timeout, holder="query", on_wait=waiting),
            contextlib.closing(connect_readonly(source, allow_local_files=allow_local_files)) as con,
        ):
            return run_readonly(con, sql, timeout=timeout)
    except FileAccessRefused as exc:
        hint = "" if allow_local_files else "; pass --allow-local-files to read local files"
        raise fail(f"{exc}{hint}", EXIT_USAGE) from exc
    except StatementRefused as exc:
        raise fail(str(exc), EXIT_USAGE) from exc
    except QueryInterrupted as exc:
        raise fail(str(exc)) from exc
    except WarehouseBusy as exc:
        raise fail(
            f"query failed: {exc}; the BI snapshot {warehouse.snapshot_file} can be read meanwhile"
        ) from exc
    except duckdb.Error as exc:
        raise fail(f"query failed: {first_line(exc)}") from exc


def _write(result: QueryResult, *, fmt: str | None, output: Path | None) -> None:
    """Print the result on stdout, or write it to ``output`` whole (a failed write leaves no half file)."""
    from flows.query_output import QueryOutput, default_format, write_result
    from warehouse.files import replaced_atomically

    rows = QueryOutput(columns=result.columns, rows=result.rows)
    if output is None:
        terminal = sys.stdout.isatty()
        write_result(rows, sys.stdout, fmt or default_format(terminal=terminal), terminal=terminal)
        return
    try:
        with replaced_atomically(output) as stream:
            write_result(rows, stream, fmt or default_format(terminal=False), terminal=False)
    except OSError as exc:
        raise fail(f"query failed: cannot write {output}: {exc.strerror or exc}") from exc
    typer.echo(f"{len(result.rows)} rows written to {output}", err=True)
