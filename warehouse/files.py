"""Writing a file beside the warehouse so that readers see the old content or the new, never half."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO


@contextmanager
def replaced_atomically(path: str | Path, *, permissions: int = 0o644) -> Iterator[TextIO]:
    """A text stream (UTF-8) whose content replaces ``path`` in one rename when the block ends.

    The stream is a temporary file in the same folder, flushed to disk before the rename; if the
    block raises, it is removed and ``path`` is left as it was. ``permissions``: ``mkstemp``'s
    0600 would keep a web server or a colleague from reading the file.
    """
    target = Path(path)
    fd, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as stream:
            yield stream
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, permissions)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
