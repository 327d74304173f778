"""Reading the CAMEO -> PLOVER 2021 table (``vendor/plover/CAMEO2PLOVER-2021.txt``).

Each line is ``CODE: CATEGORY, mode, context # CAMEO description``: ``0841: RETREAT, release,
legal``. A two-digit line (``03: AGREE``) heads a CAMEO root; ``08`` heads two (CONCEDE, then
RETREAT), so roots are read from their three-digit ``NN0`` line instead. A code the table does not
list takes the entry of its longest listed prefix (``0231`` -> ``023`` -> ``02``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

_LINE = re.compile(r"^(\d{2,4}):\s*([A-Z]+)\s*(?:,(.*))?$")


@dataclass(frozen=True, slots=True)
class PloverCode:
    """The PLOVER reading of a CAMEO code."""

    category: str
    """PLOVER 2021 category (``extractors.vocabulary.PLOVER_CATEGORIES``)."""
    mode: str | None
    """PLOVER mode where the table gives one (``release``, ``firearms``); None otherwise."""


def parse_plover_table(lines: Iterable[str]) -> dict[str, PloverCode]:
    """CAMEO code -> :class:`PloverCode`, from the table's lines."""
    table: dict[str, PloverCode] = {}
    roots: dict[str, PloverCode] = {}
    for raw in lines:
        text = raw.split("#", 1)[0].strip()
        match = _LINE.match(text)
        if match is None:
            continue
        code, category, rest = match.group(1), match.group(2), match.group(3)
        fields = [f.strip() for f in (rest or "").split(",")]
        mode = fields[0] if fields and fields[0] else None
        entry = PloverCode(category, mode)
        if len(code) == 2:
            roots.setdefault(code, entry)  # the first heading of a root; its NN0 line decides below
        else:
            table.setdefault(code, entry)
    for root, entry in roots.items():
        table.setdefault(root, table.get(root + "0", entry))
    return table


def plover_of(code: str, table: Mapping[str, PloverCode]) -> PloverCode | None:
    """The entry of ``code`` or of its longest listed prefix; None when no prefix is listed."""
    for end in range(len(code), 1, -1):
        entry = table.get(code[:end])
        if entry is not None:
            return entry
    return None
