"""Finding the input files under the paths a run is given."""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from pathlib import Path

from extractors.records import RejectedInput


def discover_files(paths: Sequence[str | Path]) -> Iterator[Path | RejectedInput]:
    """Every regular file under ``paths`` (files or folders), in a stable order.

    Missing paths, unreadable folders and symbolic-link loops are yielded as
    :class:`RejectedInput` instead of raising, so one bad path never stops a run.
    Hidden files (``.name``) are skipped.
    """
    for given in paths:
        path = Path(given)
        if path.is_symlink() and not path.exists():
            yield RejectedInput(str(path), "broken or looping symbolic link")
            continue
        if not path.exists():
            yield RejectedInput(str(path), "path does not exist")
            continue
        if path.is_file():
            yield path
            continue
        yield from _walk(path)


def _walk(folder: Path) -> Iterator[Path | RejectedInput]:
    seen: set[tuple[int, int]] = set()
    stack = [folder]
    while stack:
        current = stack.pop()
        try:
            stat = current.stat()
        except OSError as exc:
            yield RejectedInput(str(current), f"cannot open folder: {exc.strerror or exc}")
            continue
        key = (stat.st_dev, stat.st_ino)
        if key in seen:
            yield RejectedInput(str(current), "symbolic-link loop: folder already visited")
            continue
        seen.add(key)
        try:
            entries = sorted(os.scandir(current), key=lambda e: e.name)
        except OSError as exc:
            yield RejectedInput(str(current), f"cannot list folder: {exc.strerror or exc}")
            continue
        subfolders = []
        for entry in entries:
            if entry.name.startswith("."):
                continue
            entry_path = Path(entry.path)
            if entry.is_symlink() and not entry_path.exists():
                yield RejectedInput(str(entry_path), "broken or looping symbolic link")
            elif entry.is_dir():
                subfolders.append(entry_path)
            elif entry.is_file():
                yield entry_path
        stack.extend(reversed(subfolders))
