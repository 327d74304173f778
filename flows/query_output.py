"""How ``eventetl query`` writes its result: a table for people, CSV, JSON, JSON Lines or Markdown for programs.

One function per format, each writing a whole result to a text stream. Only
the table is for a terminal; every other format writes each value whole
(never cut to a width). NULL is written as an empty CSV field, JSON ``null``,
and ``NULL`` in the table and in Markdown. In JSON, dates, times and
timestamps are ISO 8601 strings and decimals are numbers.
"""

from __future__ import annotations

import base64
import csv
import datetime as dt
import decimal
import json
import math
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TextIO

FORMATS = ("table", "csv", "json", "jsonl", "markdown")
"""The values of ``eventetl query --format``."""

NULL_TEXT = "NULL"
"""How the table and Markdown show NULL (an empty cell would look like an empty string)."""

UNBOUNDED_WIDTH = 1_000_000
"""Console width for a table that is not shown on a terminal: wide enough that no column is cut."""

JsonValue = None | bool | int | float | str | list["JsonValue"] | dict[str, "JsonValue"]


@dataclass(frozen=True)
class QueryOutput:
    """A query result to write: column names and rows, as DuckDB's Python client returns them."""

    columns: Sequence[str]
    """Column names, in order."""
    rows: Sequence[Sequence[object]]
    """The rows; each has one value per column."""


def json_value(value: object) -> JsonValue:
    """``value`` as JSON: temporal values as ISO strings, decimals as numbers, NaN and infinities as null."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        # JSON has no NaN or infinity; null is what every JSON reader accepts.
        return value if math.isfinite(value) else None
    if isinstance(value, decimal.Decimal):
        if not value.is_finite():
            return None
        # Whole decimals stay exact as integers; others become the nearest double.
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        return _iso_duration(value)
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, bytes | bytearray | memoryview):
        return base64.b64encode(bytes(value)).decode("ascii")
    if isinstance(value, dict):
        return {str(k): json_value(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [json_value(v) for v in value]
    return str(value)


def _iso_duration(value: dt.timedelta) -> str:
    """An ISO 8601 duration: ``P3DT4H5M6.5S``, negative as ``-P…``."""
    sign = "-" if value < dt.timedelta(0) else ""
    value = abs(value)
    hours, rest = divmod(value.seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    second_text = (
        f"{seconds}.{value.microseconds:06d}".rstrip("0").rstrip(".") if value.microseconds else str(seconds)
    )
    clock = "".join(f"{n}{unit}" for n, unit in ((hours, "H"), (minutes, "M")) if n)
    if seconds or value.microseconds:
        clock += f"{second_text}S"
    days = f"{value.days}D" if value.days else ""
    if not days and not clock:
        return "PT0S"
    return f"{sign}P{days}{'T' + clock if clock else ''}"


def text_value(value: object) -> str:
    """``value`` as one CSV field or table cell: whole, with NULL as the empty string.

    Nested values (lists, structs, maps) are written as JSON, so that a
    program can parse them back.
    """
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict | list | tuple):
        return json.dumps(json_value(value), ensure_ascii=False)
    if isinstance(value, decimal.Decimal):
        return str(value)  # exact, with its scale: 1.50
    converted = json_value(value)
    if isinstance(value, float) and converted is None:
        return str(value)  # nan, inf: a CSV reader parses them back as floats
    return str(converted)


def _cell(value: object) -> str:
    return NULL_TEXT if value is None else text_value(value)


def write_csv(result: QueryOutput, stream: TextIO) -> None:
    """A header line and one line per row (RFC 4180 quoting, ``\\n`` line ends)."""
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(result.columns)
    writer.writerows([text_value(v) for v in row] for row in result.rows)


def write_json(result: QueryOutput, stream: TextIO) -> None:
    """One JSON array of objects, one per row, keyed by column name."""
    records = [_record(result.columns, row) for row in result.rows]
    json.dump(records, stream, ensure_ascii=False, allow_nan=False, indent=2)
    stream.write("\n")


def write_jsonl(result: QueryOutput, stream: TextIO) -> None:
    """One JSON object a line, one line per row."""
    for row in result.rows:
        stream.write(json.dumps(_record(result.columns, row), ensure_ascii=False, allow_nan=False))
        stream.write("\n")


def _record(columns: Sequence[str], row: Sequence[object]) -> dict[str, JsonValue]:
    return {column: json_value(value) for column, value in zip(columns, row, strict=True)}


def _markdown_cell(text: str) -> str:
    # A pipe would end the cell and a line break the row.
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\r\n", "<br>").replace("\n", "<br>")


def write_markdown(result: QueryOutput, stream: TextIO) -> None:
    """A GitHub-flavoured Markdown table."""
    stream.write("| " + " | ".join(_markdown_cell(c) for c in result.columns) + " |\n")
    stream.write("|" + "|".join(" --- " for _ in result.columns) + "|\n")
    for row in result.rows:
        stream.write("| " + " | ".join(_markdown_cell(_cell(v)) for v in row) + " |\n")


def write_table(result: QueryOutput, stream: TextIO, *, terminal: bool) -> None:
    """A box table; on a terminal it fits the terminal's width, elsewhere every value is whole."""
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    table = Table(*result.columns)
    for row in result.rows:
        # Text, not str: a value like "[bold]" is data, not rich markup.
        table.add_row(*(Text(_cell(v)) for v in row))
    console = Console(file=stream, width=None if terminal else UNBOUNDED_WIDTH)
    console.print(table)


WRITERS: dict[str, Callable[[QueryOutput, TextIO], None]] = {
    "csv": write_csv,
    "json": write_json,
    "jsonl": write_jsonl,
    "markdown": write_markdown,
}
"""The writers of every format but the table (which also needs to know whether it goes to a terminal)."""


def write_result(result: QueryOutput, stream: TextIO, fmt: str, *, terminal: bool) -> None:
    """Write ``result`` to ``stream`` in ``fmt`` (one of ``FORMATS``)."""
    if fmt == "table":
        write_table(result, stream, terminal=terminal)
    else:
        WRITERS[fmt](result, stream)


def default_format(*, terminal: bool) -> str:
    """The table for a terminal, CSV for anything else (a pipe, a file)."""
    return "table" if terminal else "csv"
