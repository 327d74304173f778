"""The warehouse as one object: its file, the files beside it, its connections, its lock and its runs.

``Warehouse`` is the only place that knows where a warehouse's sibling files
live, for ``data/events.duckdb``:

- ``data/events.duckdb.lock``: the writer lock (``warehouse.lock``);
- ``data/events.duckdb.lock.holder``: who holds it;
- ``data/events.bi.duckdb``: the BI snapshot (``warehouse.snapshot``);
- ``data/docs/events/``: the Great Expectations Data Docs (``index.html`` inside);
- ``data/export/``: the default folder of ``eventetl export``;
- ``data/events.report.html``: the default file of ``eventetl report``;
- ``data/.prefect/``: the database of the local Prefect server ``eventetl serve`` starts.

Everything that writes goes through it: ``writer`` holds the lock and opens a
migrated connection, ``recorded_run`` owns the run's ``runs`` row
(``warehouse.runs.RunRecord``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from pathlib import Path

import duckdb

from warehouse.db import open_warehouse
from warehouse.lock import LockHolder, WriterLock
from warehouse.runs import RunRecord, recorded_run
from warehouse.snapshot import publish_snapshot


@dataclass(frozen=True)
class Warehouse:
    """A DuckDB warehouse file and the files that live beside it (see the module's docstring)."""

    path: Path
    """The warehouse file, as given (relative paths stay relative to the working folder)."""

    @classmethod
    def at(cls, path: str | Path) -> Warehouse:
        """The warehouse at ``path``."""
        return cls(Path(path))

    def exists(self) -> bool:
        """True when the warehouse file exists (a run has created it)."""
        return self.path.exists()

    # The sibling files. Each is derived from ``path`` here and nowhere else.

    @property
    def lock_file(self) -> Path:
        """The writer lock: ``data/events.duckdb`` -> ``data/events.duckdb.lock``."""
        return self.path.with_name(self.path.name + ".lock")

    @property
    def lock_holder_file(self) -> Path:
        """Who holds the writer lock: ``data/events.duckdb`` -> ``data/events.duckdb.lock.holder``."""
        return self.path.with_name(self.path.name + ".lock.holder")

    @property
    def snapshot_file(self) -> Path:
        """The BI snapshot: ``data/events.duckdb`` -> ``data/events.bi.duckdb``."""
        return self.path.with_name(f"{self.path.stem}.bi{self.path.suffix or '.duckdb'}")

    @property
    def data_docs_dir(self) -> Path:
        """The Data Docs folder: ``data/events.duckdb`` -> ``data/docs/events/``, absolute (GE requires it)."""
        path = self.path.resolve()
        return path.parent / "docs" / path.stem

    @property
    def data_docs_index(self) -> Path:
        """The Data Docs page of the last validation: ``index.html`` in ``data_docs_dir``."""
        return self.data_docs_dir / "index.html"

    @property
    def export_dir(self) -> Path:
        """Where ``eventetl export`` writes by default: ``data/events.duckdb`` -> ``data/export/``."""
        return self.path.parent / "export"

    @property
    def report_file(self) -> Path:
        """Where ``eventetl report`` writes by default: ``data/events.duckdb`` -> ``data/events.report.html``."""
        return self.path.with_name(f"{self.path.stem}.report.html")

    @property
    def prefect_home(self) -> Path:
        """The local Prefect server's folder (``eventetl serve``): ``.prefect`` in the warehouse's folder, absolute."""
        return self.path.resolve().parent / ".prefect"

    # Connections, the lock, the run record and the snapshot.

    def connect(self, *, read_only: bool = False) -> AbstractContextManager[duckdb.DuckDBPyConnection]:
        """A connection for a ``with`` block; migrated first when writable (``warehouse.db.open_warehouse``)."""
        return open_warehouse(self.path, read_only=read_only)

    @property
    def writer_lock(self) -> WriterLock:
        """The warehouse's writer lock (one writing process at a time, see ``warehouse.lock``)."""
        return WriterLock(warehouse=self.path, lock_file=self.lock_file, holder_file=self.lock_holder_file)

    def lock(
        self,
        *,
        timeout: float,
        holder: str | None = None,
        on_wait: Callable[[str], None] | None = None,
    ) -> AbstractContextManager[None]:
        """Hold the writer lock for a ``with`` block, waiting at most ``timeout`` s (``WarehouseBusy`` after).

        ``holder`` names this process for the ones that wait (default: its command line); ``on_wait`` is told
        whom this one waits for (default: a line on stderr).
        """
        return self.writer_lock.hold(timeout=timeout, holder=holder, on_wait=on_wait)

    def lock_holder(self) -> LockHolder | None:
        """Who holds the writer lock now, as recorded; None when unknown or its process is gone."""
        return self.writer_lock.holder()

    @contextmanager
    def writer(
        self,
        *,
        timeout: float,
        holder: str | None = None,
        on_wait: Callable[[str], None] | None = None,
    ) -> Iterator[duckdb.DuckDBPyConnection]:
        """The writer lock and one migrated connection, for a ``with`` block that writes.

        One connection for all of a run's writes: closing a DuckDB connection checkpoints the whole file
        (rewriting its indexes), which per batch made loading grow with the size of the warehouse.
        """
        with self.lock(timeout=timeout, holder=holder, on_wait=on_wait), self.connect() as con:
            yield con

    def recorded_run(
        self,
        con: duckdb.DuckDBPyConnection,
        run_id: str,
        *,
        flow_run_id: str | None = None,
        full_refresh: bool = False,
    ) -> AbstractContextManager[RunRecord]:
        """The run's ``runs`` row for a ``with`` block, on ``con`` (from ``writer``, so the lock is held).

        Runs left ``running`` by killed processes are marked ``interrupted`` first (``RunRecord.interrupted``);
        the run is ``running`` inside the block and ``failed`` (or ``interrupted``) with its error when the
        block raises. The block ends it with ``RunRecord.finish``.
        """
        return recorded_run(con, self.path, run_id, flow_run_id=flow_run_id, full_refresh=full_refresh)

    def publish_snapshot(self) -> Path:
        """Publish the BI snapshot (``snapshot_file``) from the warehouse; the caller holds the writer lock."""
        return publish_snapshot(self.path, self.snapshot_file)
