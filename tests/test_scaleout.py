"""Extraction on worker processes: a real Dask LocalCluster on loopback, and the runner's own local cluster."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import SAMPLE_CORPUS, query

from flows.progress import CURRENT_PROGRESS
from flows.runners import RunnerChoice


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
    choice = RunnerChoice(runner, workers, address)  # type: ignore[arg-type]
    assert choice.uses_dask is dask
    assert choice.batches_in_flight == in_flight
    assert RunnerChoice(runner, workers, address, max_in_flight=7).batches_in_flight == 7  # type: ignore[arg-type]


def test_runner_choice_makes_the_task_runner_it_names() -> None:
    from prefect.task_runners import ThreadPoolTaskRunner

    from flows.dask_runner import WorkerAwareDaskTaskRunner

    local = RunnerChoice("local", 1, None).task_runner()
    assert isinstance(local, ThreadPoolTaskRunner) and local._max_workers == 1
    assert isinstance(RunnerChoice("local", 3, None).task_runner(), WorkerAwareDaskTaskRunner)


@pytest.mark.parametrize(
    ("runner", "workers", "max_in_flight", "message"),
    [
        ("threads", 1, None, "runner must be one of local, dask, not 'threads'"),
        ("local", 0, None, "workers must be at least 1, not 0"),
        ("dask", 2, 0, "max_in_flight must be at least 1, not 0"),
    ],
)
def test_runner_choice_refuses_what_cannot_run(
    runner: str, workers: int, max_in_flight: int | None, message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        RunnerChoice(runner, workers, None, max_in_flight)  # type: ignore[arg-type]


def test_runner_choice_is_one_flow_parameter_that_survives_a_deployment() -> None:
    from flows.ingest import DEFAULT_EXECUTION, ingest_events
    from flows.settings import Settings

    # A deployment stores parameters as JSON; the scheduled run gets the value back.
    stored = ingest_events.serialize_parameters({"execution": RunnerChoice("dask", 2, "tcp://h:8786")})
    assert stored["execution"] == {
        "runner": "dask",
        "workers": 2,
        "dask_address": "tcp://h:8786",
        "max_in_flight": None,
    }
    restored = ingest_events.validate_parameters({"paths": [], "db": "x.duckdb", **stored})
    assert restored["execution"] == RunnerChoice("dask", 2, "tcp://h:8786")
    # Its default is the settings' own.
    fields = Settings.model_fields
    assert (
        RunnerChoice(fields["runner"].default, fields["workers"].default, fields["dask_address"].default)
        == DEFAULT_EXECUTION
    )


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
            execution=RunnerChoice("dask", 1, cluster.scheduler_address, max_in_flight=4),
        )
        worker_pids = set(client.run(lambda: __import__("os").getpid()).values())
    assert len(worker_pids) == 2
    assert summary.counts.documents_read == 5
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
        summary = ingest_events(
            [str(SAMPLE_CORPUS)],
            str(db),
            batch_size=2,
            execution=RunnerChoice("local", 2, None, max_in_flight=4),
        )
    finally:
        CURRENT_PROGRESS.reset(token)
    assert summary.counts.documents_read == 5
    assert _event_keys(db) == _event_keys(seeded_warehouse_master)
    # Two workers extract; the cluster is shut down before validation, so they hold no memory then.
    extracting = [pids for stage, pids in watch.workers_at if ": extracting" in stage]
    assert extracting and all(len(pids) == 2 for pids in extracting[1:])
    assert [pids for stage, pids in watch.workers_at if stage == "validating"] == [set()]
