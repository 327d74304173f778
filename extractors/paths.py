"""Paths as text that is always valid Unicode.

File names are bytes on POSIX: a name with bytes that are not UTF-8
(``b"\\xff\\xfe.txt"``) becomes a ``str`` holding lone surrogates, which
DuckDB, Arrow and UTF-8 encoding all refuse. Every path stored or printed goes
through :func:`path_text` first.
"""

from __future__ import annotations

import os
from pathlib import Path


def path_text(path: str | Path) -> str:
    """``path`` as valid Unicode text; undecodable bytes are shown as ``\\xNN`` escapes."""
    return os.fsencode(path).decode("utf-8", errors="backslashreplace")
