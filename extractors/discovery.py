"""Finding the input files under the paths a run is given."""

from __future__ import annotations

import errno
import os
from collections.abc import Iterator, Sequence
from pathlib import Path

from extractors.paths import path_text
from extractors.records import IgnoredInput, RejectedInput

EXTERNAL_LINKS_HINT = "pass --allow-external-links to follow it"
"""How a user lets a run follow links out of its inputs (the flow's ``allow_external_links``)."""


def discover_files(
    paths: Sequence[str | Path], *, allow_external_links: bool = False
) -> Iterator[Path | RejectedInput | IgnoredInput]:
    """Every regular file under ``paths`` (files or folders), in a stable order.

    Missing paths, unreadable folders, broken links, symbolic-link loops and
    things that are not regular files (sockets, pipes, devices) are yielded as
    :class:`RejectedInput` instead of raising, so one bad path never stops a
    run. So are symbolic links (to files or folders, at any depth, or given
    directly) whose target lies outside every given path, unless
    ``allow_external_links``: a link must not carry ``/etc/passwd`` into the
    warehouse. Hidden entries (``.name``) inside folders are left out on
    purpose and yielded as :class:`IgnoredInput`, so they are counted.
    """
    given = [Path(p) for p in paths]
    roots = _roots(given)
    for path in given:
        if path.is_symlink() and not path.exists():
            yield _bad_link(path)
            continue
        if not path.exists():
            yield RejectedInput(path_text(path), "path does not exist", kind="missing")
            continue
        if path.is_symlink() and not allow_external_links:
            outside = _outside(path, roots)
            if outside is not None:
                yield outside
                continue
        if path.is_file():
            yield path
        elif path.is_dir():
            yield from _walk(path, roots, allow_external_links=allow_external_links)
        else:
            yield _not_regular(path)


def _roots(given: Sequence[Path]) -> tuple[Path, ...]:
    """The resolved given paths that links may lead into.

    A path that is itself a link is no root: otherwise its own target would
    always count as inside and ``eventetl run inbox/p`` would read
    ``/etc/passwd``. Links in its parent folders are resolved as for any path.
    """
    roots = []
    for path in given:
        if path.is_symlink():
            continue
        try:
            roots.append(path.resolve(strict=True))
        except (OSError, RuntimeError):  # missing or a loop: rejected by the caller, never a root
            continue
    return tuple(roots)


def _outside(link: Path, roots: Sequence[Path]) -> RejectedInput | None:
    """A rejection when ``link`` resolves outside every root; None when its target lies inside one."""
    try:
        target = link.resolve(strict=True)
    except (OSError, RuntimeError):
        return _bad_link(link)
    if any(target == root or target.is_relative_to(root) for root in roots):
        return None
    return RejectedInput(
        path_text(link),
        f"symbolic link to {path_text(target)}, outside the given files and folders; {EXTERNAL_LINKS_HINT}",
        kind="link_outside",
    )


def _bad_link(path: Path) -> RejectedInput:
    """A rejection saying whether a dangling link is a loop or points at nothing."""
    try:
        path.resolve(strict=True)
    except RuntimeError:  # Python 3.11 reports a symbolic-link loop this way
        return RejectedInput(path_text(path), "symbolic-link loop", kind="link")
    except OSError as exc:
        if exc.errno == errno.ELOOP:  # how later Pythons report it
            return RejectedInput(path_text(path), "symbolic-link loop", kind="link")
    return RejectedInput(path_text(path), "broken symbolic link: its target does not exist", kind="link")


def _not_regular(path: Path) -> RejectedInput:
    return RejectedInput(path_text(path), "not a regular file (socket, pipe or device)", kind="not_regular")


def _walk(
    folder: Path, roots: Sequence[Path], *, allow_external_links: bool
) -> Iterator[Path | RejectedInput | IgnoredInput]:
    seen: set[tuple[int, int]] = set()
    stack = [folder]
    while stack:
        current = stack.pop()
        try:
            stat = current.stat()
        except OSError as exc:
            yield RejectedInput(
                path_text(current), f"cannot open folder: {exc.strerror or exc}", kind="unreadable"
            )
            continue
        key = (stat.st_dev, stat.st_ino)
        if key in seen:
            yield RejectedInput(path_text(current), "symbolic-link loop: folder already visited", kind="link")
            continue
        seen.add(key)
        try:
            entries = sorted(os.scandir(current), key=lambda e: e.name)
        except OSError as exc:
            yield RejectedInput(
                path_text(current), f"cannot list folder: {exc.strerror or exc}", kind="unreadable"
            )
            continue
        subfolders = []
        for entry in entries:
            entry_path = Path(entry.path)
            if entry.name.startswith("."):
                yield IgnoredInput(
                    path_text(entry_path), "hidden folder" if _is_dir(entry) else "hidden file"
                )
                continue
            if entry.is_symlink():
                if not entry_path.exists():
                    yield _bad_link(entry_path)
                    continue
                if not allow_external_links:
                    outside = _outside(entry_path, roots)
                    if outside is not None:
                        yield outside
                        continue
            if entry.is_dir():
                subfolders.append(entry_path)
            elif entry.is_file():
                yield entry_path
            else:
                yield _not_regular(entry_path)
        stack.extend(reversed(subfolders))


def _is_dir(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir()
    except OSError:
        return False
