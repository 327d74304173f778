"""Extraction on worker processes: a real Dask LocalCluster on loopback, and the runner's own local cluster."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import SAMPLE_CORPUS, query

from flows.progress import CURRENT_PROGRESS
from flows.runners import batches_in_flight, uses_dask


@pytest.mark.parametrize(
    ("runner", "workers", "address", "dask", "in_flight"),
    [
        ("local", 1, None, False, 1),
        ("local", 2, None, True, 4),
        ("dask", 1, None, True, 2),
        ("local", 1, "tcp://127.0.0.1:8786", True, 2),
    ],
)
def test_runner_choice(runner: str, workers: int, address: str | None, dask: bool, in_flight: int) -> None:
    assert uses_dask(runner, workers=workers, dask_address=address) is dask
    assert batches_in_flight(runner, workers=workers, dask_address=address) == in_flight


def _event_keys(db: Path) -> set[tuple]:
    return set(query(db, "SELECT event_id, trigger, actor, place, date_start FROM events"))


def _spawned_workers() -> set[int]:
    """Pids of this process's children started by multiprocessing's spawn (Dask's local workers)."""
    import psutil

    pids = set()
    for child in psutil.Process().children(recursive=True):
        try:
            if any("spawn_main" in part for part in child.cmdline()):
                pids.add(child.pid)
        except psutil.Error:
            continue  # exited while we looked
    return pids


class WorkerWatch:
    """A progress sink that notes, at each stage the flow announces, which spawned workers are alive."""

    def __init__(self) -> None:
        self.workers_at: list[tuple[str, set[int]]] = []

    def begin(self, total_files: int) -> None:
        return None

    def stage(self, description: str) -> None:
        self.workers_at.append((description, _spawned_workers()))

    def advance(self, files: int) -> None:
        return None


@pytest.mark.slow
def test_existing_dask_cluster_gives_the_same_events_as_one_process(
    seeded_warehouse_master: Path, prefect_harness: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from distributed import Client, LocalCluster
    from prefect.settings import PREFECT_API_URL

    from flows.ingest import ingest_events

    # Workers of an outside cluster report to the Prefect API they are configured with.
    monkeypatch.setenv("PREFECT_API_URL", str(PREFECT_API_URL.value()))
    db = tmp_path / "dask.duckdb"
    with (
        LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None
        ) as cluster,
        Client(cluster) as client,
    ):
        summary = ingest_events(
            [str(SAMPLE_CORPUS)],
            str(db),
            batch_size=2,
            runner="dask",
            dask_address=cluster.scheduler_address,
            max_in_flight=4,
        )
        worker_pids = set(client.run(lambda: __import__("os").getpid()).values())
    assert len(worker_pids) == 2
    assert summary.documents_read == 5
    assert _event_keys(db) == _event_keys(seeded_warehouse_master)
    assert summary.stage_seconds["nlp"] > 0
    # Cleaning happens inside the flow process's reading: a part of its time, never more.
    assert 0 < summary.stage_seconds["clean"] <= summary.stage_seconds["read"]


@pytest.mark.slow
def test_local_worker_processes_are_spawned_not_forked(
    seeded_warehouse_master: Path, prefect_harness: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import dask

    from flows.ingest import ingest_events

    # Forking a process that runs Prefect's threads can deadlock; distributed must spawn its workers.
    assert dask.config.get("distributed.worker.multiprocessing-method") == "spawn"
    # Empty, so the runner exports the harness URL itself; monkeypatch restores the variable afterwards.
    monkeypatch.setenv("PREFECT_API_URL", "")
    db = tmp_path / "two-workers.duckdb"
    watch = WorkerWatch()
    token = CURRENT_PROGRESS.set(watch)
    try:
        summary = ingest_events([str(SAMPLE_CORPUS)], str(db), batch_size=2, workers=2, max_in_flight=4)
    finally:
        CURRENT_PROGRESS.reset(token)
    assert summary.documents_read == 5
    assert _event_keys(db) == _event_keys(seeded_warehouse_master)
    # Two workers extract; the cluster is shut down before validation, so they hold no memory then.
    extracting = [pids for stage, pids in watch.workers_at if ": extracting" in stage]
    assert extracting and all(len(pids) == 2 for pids in extracting[1:])
    assert [pids for stage, pids in watch.workers_at if stage == "validating"] == [set()]
