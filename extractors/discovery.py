"""Finding the input files under the paths a run is given."""

from __future__ import annotations

import errno
import os
from collections.abc import Iterator, Sequence
from pathlib import Path

from extractors.records import RejectedInput


def discover_files(paths: Sequence[str | Path]) -> Iterator[Path | RejectedInput]:
    """Every regular file under ``paths`` (files or folders), in a stable order.

    Missing paths, unreadable folders, broken links, symbolic-link loops and
    things that are not regular files (sockets, pipes, devices) are yielded as
    :class:`RejectedInput` instead of raising, so one bad path never stops a
    run. Hidden files (``.name``) inside folders are skipped on purpose.
    """
    for given in paths:
        path = Path(given)
        if path.is_symlink() and not path.exists():
            yield _bad_link(path)
            continue
        if not path.exists():
            yield RejectedInput(str(path), "path does not exist", kind="missing")
            continue
        if path.is_file():
            yield path
        elif path.is_dir():
            yield from _walk(path)
        else:
            yield _not_regular(path)


def _bad_link(path: Path) -> RejectedInput:
    """A rejection saying whether a dangling link is a loop or points at nothing."""
    try:
        path.resolve(strict=True)
    except RuntimeError:  # Python 3.11 reports a symbolic-link loop this way
        return RejectedInput(str(path), "symbolic-link loop", kind="link")
    except OSError as exc:
        if exc.errno == errno.ELOOP:  # how later Pythons report it
            return RejectedInput(str(path), "symbolic-link loop", kind="link")
    return RejectedInput(str(path), "broken symbolic link: its target does not exist", kind="link")


def _not_regular(path: Path) -> RejectedInput:
    return RejectedInput(str(path), "not a regular file (socket, pipe or device)", kind="not_regular")


def _walk(folder: Path) -> Iterator[Path | RejectedInput]:
    seen: set[tuple[int, int]] = set()
    stack = [folder]
    while stack:
        current = stack.pop()
        try:
            stat = current.stat()
        except OSError as exc:
            yield RejectedInput(str(current), f"cannot open folder: {exc.strerror or exc}", kind="unreadable")
            continue
        key = (stat.st_dev, stat.st_ino)
        if key in seen:
            yield RejectedInput(str(current), "symbolic-link loop: folder already visited", kind="link")
            continue
        seen.add(key)
        try:
            entries = sorted(os.scandir(current), key=lambda e: e.name)
        except OSError as exc:
            yield RejectedInput(str(current), f"cannot list folder: {exc.strerror or exc}", kind="unreadable")
            continue
        subfolders = []
        for entry in entries:
            if entry.name.startswith("."):
                continue
            entry_path = Path(entry.path)
            if entry.is_symlink() and not entry_path.exists():
                yield _bad_link(entry_path)
            elif entry.is_dir():
                subfolders.append(entry_path)
            elif entry.is_file():
                yield entry_path
            else:
                yield _not_regular(entry_path)
        stack.extend(reversed(subfolders))
