"""Running SQL that nobody vetted (``eventetl query``) without letting it write or wander.

A read-only DuckDB connection only keeps the *database* from changing: the
same connection can still ``COPY ... TO`` any file (the warehouse itself
included), ``EXPORT DATABASE``, ``ATTACH`` another file for writing, store a
persistent secret, install extensions, or read ``/etc/passwd``. Two layers
close that:

1. The connection: external access off (no file, network or extension
   access beyond the database file itself), extension autoinstall and
   autoload off, persistent secrets and Python replacement scans off, and
   then the configuration locked, so a statement cannot switch any of it back.
2. The statements: every statement is classified by DuckDB's own parser
   before anything runs, and anything but a read is refused with a one-line
   reason. A refused statement in a script refuses the whole script.

Reading local files (``read_csv``, ``read_text``, ``glob``, Parquet paths) is
allowed only when the caller asks for it: external access then stays on, but
the statement checks still refuse every writing statement.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from pathlib import Path

import duckdb

READ_STATEMENT_TYPES = frozenset({duckdb.StatementType.SELECT, duckdb.StatementType.EXPLAIN})
"""Statement types that only read. DESCRIBE, SHOW, SUMMARIZE, FROM-first queries, PIVOT with
its IN list and the PRAGMAs that only report (table_info) parse as SELECT."""

ALLOWED = "SELECT, WITH … SELECT, EXPLAIN, DESCRIBE, SHOW, SUMMARIZE"
"""What the refusal message lists as allowed."""

REFUSALS: dict[duckdb.StatementType, str] = {
    duckdb.StatementType.ATTACH: "ATTACH refused: query reads this warehouse only",
    duckdb.StatementType.DETACH: "DETACH refused: query reads this warehouse only",
    duckdb.StatementType.COPY: "COPY refused: query neither writes nor loads files (`eventetl export` writes the BI tables as files)",
    duckdb.StatementType.COPY_DATABASE: "COPY FROM DATABASE refused: query writes no database",
    duckdb.StatementType.EXPORT: "EXPORT DATABASE refused: query writes no files (`eventetl export` writes the BI tables as files)",
    duckdb.StatementType.LOAD: "INSTALL/LOAD refused: query installs and loads no extensions",
    duckdb.StatementType.SET: "SET/RESET/USE refused: the settings of a query connection are locked",
    duckdb.StatementType.PRAGMA: "PRAGMA refused: the settings of a query connection are locked",
}
"""One-line reasons for the statement types that are refused with a reason of their own."""

SECRET_REFUSAL = "CREATE/DROP SECRET refused: query creates and drops no secrets"

_LEADING_COMMENTS = re.compile(r"\A(?:\s+|--[^\n]*(?:\n|\Z)|/\*.*?\*/)*", re.DOTALL)
_SECRET = re.compile(
    r"(?:CREATE(?:\s+OR\s+REPLACE)?|DROP)(?:\s+(?:PERSISTENT|TEMPORARY|TEMP))?\s+SECRET\b", re.IGNORECASE
)
_VARIABLE = re.compile(r"(?:SET|RESET)\s+VARIABLE\b", re.IGNORECASE)
_EXPLAIN_PREFIX = re.compile(r"EXPLAIN\s+(?:ANALY[SZ]E\s+)?(?:\([^()]*\)\s*)?", re.IGNORECASE)
_FIRST_WORD = re.compile(r"[A-Za-z_]+")


class StatementRefused(ValueError):
    """The SQL holds a statement that ``query`` does not run; the message is one line."""


class FileAccessRefused(StatementRefused):
    """The SQL tried to read a file (or the network) and local files were not allowed."""


class QueryInterrupted(RuntimeError):
    """The SQL ran longer than its timeout and was interrupted."""


@dataclass(frozen=True)
class QueryResult:
    """The result of the last statement of a query."""

    columns: tuple[str, ...]
    """Column names, in order; empty for a statement that returns nothing."""
    rows: list[tuple[object, ...]]
    """The rows, as DuckDB's Python client returns them."""


def connect_readonly(db_path: str | Path, *, allow_local_files: bool = False) -> duckdb.DuckDBPyConnection:
    """A read-only connection to ``db_path`` fit for untrusted SQL (see the module docstring)."""
    config: dict[str, str | bool | int | float | list[str]] = {
        "enable_external_access": allow_local_files,
        "autoinstall_known_extensions": False,
        "autoload_known_extensions": False,
        "allow_community_extensions": False,
        "allow_unsigned_extensions": False,
        "allow_persistent_secrets": False,
        # Python variables named in SQL would otherwise be scanned as tables.
        "python_enable_replacements": False,
    }
    con = duckdb.connect(str(db_path), read_only=True, config=config)
    try:
        # Last, so that nothing the SQL runs can undo the settings above.
        con.execute("SET lock_configuration = true")
    except BaseException:
        con.close()
        raise
    return con


def _strip_comments(sql: str) -> str:
    return sql[_LEADING_COMMENTS.match(sql).end() :]  # type: ignore[union-attr]  # the pattern matches every string


def _refusal(con: duckdb.DuckDBPyConnection, statement: duckdb.Statement) -> str | None:
    """Why ``statement`` is refused, or None when it only reads."""
    kind = statement.type
    text = _strip_comments(statement.query)
    if kind == duckdb.StatementType.EXPLAIN:
        # EXPLAIN ANALYZE runs the statement it explains: judge that statement.
        prefix = _EXPLAIN_PREFIX.match(text)
        if prefix is None:
            return "EXPLAIN refused: its statement could not be told apart"
        inner = con.extract_statements(text[prefix.end() :])
        return next((reason for s in inner if (reason := _refusal(con, s))), None)
    if kind in READ_STATEMENT_TYPES:
        return None
    if kind == duckdb.StatementType.SET and _VARIABLE.match(text):
        return None  # a variable of this connection, not a setting
    if kind in (duckdb.StatementType.CREATE, duckdb.StatementType.DROP) and _SECRET.match(text):
        return SECRET_REFUSAL
    if kind in REFUSALS:
        return REFUSALS[kind]
    word = _FIRST_WORD.match(text)
    # Some types (UPDATE EXTENSIONS) have no Python name; their first word names them.
    name = word.group(0).upper() if word else getattr(kind, "name", "statement")
    return f"{name} refused: query runs only statements that read ({ALLOWED})"


def check_statements(con: duckdb.DuckDBPyConnection, sql: str) -> list[duckdb.Statement]:
    """The statements of ``sql``, parsed by ``con``; raises ``StatementRefused`` if any is not a read.

    Parse with the locked-down connection: DuckDB expands some statements
    (IMPORT DATABASE) while parsing, reading files.
    """
    try:
        statements = con.extract_statements(sql)
    except duckdb.PermissionException as exc:
        raise FileAccessRefused(f"file access refused: {first_line(exc)}") from exc
    if not statements:
        raise StatementRefused("query refused: no SQL statement given")
    reasons = [reason for statement in statements if (reason := _refusal(con, statement))]
    if reasons:
        # A statement DuckDB expands (COPY FROM DATABASE) starts with a bare transaction: name the specific reason.
        specific = [r for r in reasons if not r.endswith(f"({ALLOWED})")]
        raise StatementRefused((specific or reasons)[0])
    return statements


def first_line(error: BaseException) -> str:
    """The first line of an error's message (DuckDB adds the statement and a caret on further lines)."""
    lines = str(error).strip().splitlines()
    return lines[0] if lines else type(error).__name__


def run_readonly(con: duckdb.DuckDBPyConnection, sql: str, *, timeout: float) -> QueryResult:
    """Check ``sql`` and run its statements in order on ``con``; the result is the last statement's.

    Raises ``StatementRefused`` before anything runs when a statement is not a
    read, ``FileAccessRefused`` when a statement reaches for a file it may not
    read, and ``QueryInterrupted`` when the statements together run longer
    than ``timeout`` seconds (``con.interrupt()`` from a timer thread; DuckDB
    stops at its next check and leaves the connection usable).
    """
    statements = check_statements(con, sql)
    fired = threading.Event()

    def interrupt() -> None:
        fired.set()
        con.interrupt()

    timer = threading.Timer(timeout, interrupt)
    timer.daemon = True
    timer.start()
    try:
        columns: tuple[str, ...] = ()
        rows: list[tuple[object, ...]] = []
        for statement in statements:
            cursor = con.execute(statement)
            columns = tuple(d[0] for d in cursor.description or [])
            rows = cursor.fetchall() if cursor.description else []
    except duckdb.InterruptException as exc:
        if fired.is_set():
            raise QueryInterrupted(f"query interrupted after {timeout:g} s") from exc
        raise
    except duckdb.PermissionException as exc:
        raise FileAccessRefused(f"file access refused: {first_line(exc)}") from exc
    finally:
        timer.cancel()
    return QueryResult(columns=columns, rows=rows)
