"""Pipeline throughput against raw spaCy, per-stage time, peak memory, incremental re-run.

    python bench/run_bench.py [--sizes 1000 10000] [--raw-up-to N] [--out bench/results/latest.json]

For each corpus size: the pipeline with one process and with two worker
processes, each into a fresh warehouse; raw ``nlp.pipe`` over the same cleaned
texts with the same model, in one process and with as many processes
(``n_process``: the ceiling of the speed-up); and a second, incremental pipeline
run over the unchanged corpus. ``--raw-up-to N`` skips the raw baseline above N
documents (its ratio target is set at 1,000; at 10,000 it costs 40 minutes
here); the corpus's tokens are then counted with the tokenizer alone. Sizes up
to ``--repeat-up-to`` (1,000) are run ``--repeat`` times (2), the pipeline and
raw spaCy alternating; times come from the fastest repeat of each, peak memory
from the highest, and every repeat's time is kept in the JSON. Every step
runs in its own process; peak RSS is that process tree's, sampled. A Prefect
server is started once for the whole benchmark, so its 15-30 s start-up is not
charged to any run (as with a long-lived deployment).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import psutil

BENCH_DIR = Path(__file__).resolve().parent
REPO_ROOT = BENCH_DIR.parent
sys.path.insert(0, str(REPO_ROOT))

from bench.corpus import build_corpus  # noqa: E402


def start_step(command: list[str], env: dict[str, str], *, stdin: int | None = None) -> subprocess.Popen[str]:
    """Start a bench step in its own process."""
    return subprocess.Popen(
        command,
        cwd=REPO_ROOT,
        env=env,
        stdin=stdin,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def step_result(process: subprocess.Popen[str], command: list[str]) -> dict[str, object]:
    """Wait for a bench step and parse its JSON result line."""
    stdout, stderr = process.communicate()
    if process.returncode != 0:
        raise SystemExit(f"bench step failed ({' '.join(command)}):\n{stderr[-3000:]}")
    line = next(x for x in stdout.splitlines() if x.startswith("BENCH-RESULT "))
    return json.loads(line.removeprefix("BENCH-RESULT "))  # type: ignore[no-any-return]


def measure(command: list[str], env: dict[str, str]) -> tuple[dict[str, object], float]:
    """Run a bench step; return its JSON result and the peak RSS (MB) of its process tree."""
    process = start_step(command, env)
    peak = 0.0
    stop = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not stop.is_set():
            try:
                root = psutil.Process(process.pid)
                tree = [root, *root.children(recursive=True)]
                rss = sum(p.memory_info().rss for p in tree if p.is_running())
                peak = max(peak, rss / 1e6)
            except psutil.Error:
                pass
            stop.wait(0.25)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    try:
        return step_result(process, command), round(peak, 1)
    finally:
        stop.set()
        sampler.join()


def measure_side_by_side(
    pipeline: list[str], raw: list[str], env: dict[str, str]
) -> tuple[dict[str, object], dict[str, object]]:
    """The pipeline and raw spaCy at the same time, one process (one core) each.

    This shared machine's speed drifts by tens of percent within minutes (the same parse
    on a pinned core took 15.5 s and 25.2 s a minute apart), so runs minutes apart compare
    the machine as much as the code. Side by side, both see the same spells. Raw spaCy
    parses its texts again until the pipeline has finished; its first pass is timed.
    """
    raw_process = start_step(raw, env, stdin=subprocess.PIPE)
    pipeline_run, pipeline_peak = measure(pipeline, env)
    raw_run = step_result(raw_process, raw)  # communicate() closes its stdin: raw spaCy stops
    return {**pipeline_run, "peak_rss_mb": pipeline_peak}, raw_run


def fastest(runs: list[dict[str, object]]) -> dict[str, object]:
    """The run least disturbed by the machine's other load (as ``timeit`` reports the minimum)."""
    return min(runs, key=lambda run: float(run["wall_seconds"]))  # type: ignore[arg-type]


def bench_size(
    size: int,
    work: Path,
    env: dict[str, str],
    worker_counts: list[int],
    *,
    with_raw: bool = True,
    repeat: int = 1,
    side_by_side: int = 0,
) -> dict[str, object]:
    corpus = build_corpus(work / f"corpus_{size}", size)
    python = sys.executable
    result: dict[str, object] = {"documents": size, "repeat": repeat}
    all_runs: dict[str, list[dict[str, object]]] = {f"{w}p": [] for w in worker_counts}
    all_raw: dict[int, list[dict[str, object]]] = {w: [] for w in worker_counts}
    first_db = work / f"warehouse_{size}_1p.duckdb"
    # Repeats alternate the pipeline and raw spaCy, so a slow spell of the machine falls on both.
    for _ in range(repeat):
        for workers in worker_counts:
            db = work / f"warehouse_{size}_{workers}p.duckdb"
            for stale in db.parent.glob(db.name + "*"):
                stale.unlink()
            shutil.rmtree(work / "docs", ignore_errors=True)
            run, peak = measure(
                [python, "-m", "bench.child", "pipeline", str(corpus), str(db), "--workers", str(workers)],
                env,
            )
            run["peak_rss_mb"] = peak
            all_runs[f"{workers}p"].append(run)
        if with_raw:
            # The ceiling for each worker count: raw nlp.pipe with as many processes.
            for workers in worker_counts:
                raw_run, raw_peak = measure(
                    [python, "-m", "bench.child", "raw", str(first_db), "--workers", str(workers)], env
                )
                raw_run["peak_rss_mb"] = raw_peak
                all_raw[workers].append(raw_run)
    if with_raw and side_by_side:
        result["side_by_side"] = ratio_side_by_side(corpus, first_db, work, env, pairs=side_by_side)
    # Time from the fastest repeat; memory from the highest.
    runs = {
        name: {**fastest(measured), "peak_rss_mb": max(float(r["peak_rss_mb"]) for r in measured)}  # type: ignore[arg-type]
        for name, measured in all_runs.items()
    }
    raw_runs = {workers: fastest(measured) for workers, measured in all_raw.items() if measured}
    if repeat > 1:
        result["wall_seconds_of_each_repeat"] = {
            **{
                f"pipeline_{name}": [r["wall_seconds"] for r in measured]
                for name, measured in all_runs.items()
            },
            **{
                f"raw_{w}p": [r["wall_seconds"] for r in measured]
                for w, measured in all_raw.items()
                if measured
            },
        }
        result["peak_rss_mb_of_each_repeat"] = {
            f"pipeline_{name}": [r["peak_rss_mb"] for r in measured] for name, measured in all_runs.items()
        }
    if with_raw:
        raw = raw_runs[1]
    else:
        raw, _ = measure([python, "-m", "bench.child", "tokens", str(first_db)], env)
    again, again_peak = measure(
        [python, "-m", "bench.child", "pipeline", str(corpus), str(first_db), "--workers", "1"], env
    )
    again["peak_rss_mb"] = again_peak
    tokens = int(raw["tokens"])
    one = runs["1p"]
    one_tps = tokens / float(one["wall_seconds"])  # type: ignore[index]
    wall_stages = dict(one["stage_seconds"])  # type: ignore[index]
    total = float(one["wall_seconds"])  # type: ignore[index]
    # Wall time per stage in the flow, with extraction split into the model's work and ours; what the
    # stages do not account for (and the task orchestration around extraction) is Prefect's.
    nlp, extraction = wall_stages.pop("nlp", 0.0), wall_stages.pop("extraction", 0.0)
    wall_stages.pop("extract", None)  # nlp + extraction + the task orchestration around them
    # Reading's wall time holds the cleaning: split it into file I/O ("read") and "clean".
    clean = wall_stages.pop("clean", 0.0)
    wall_stages["read"] = round(wall_stages.get("read", 0.0) - clean, 3)
    stages = {**wall_stages, "clean": clean, "nlp": nlp, "extraction": extraction}
    stages["prefect_overhead"] = round(total - sum(wall_stages.values()) - clean - nlp - extraction, 3)
    if with_raw:
        raw_tps = tokens / float(raw["wall_seconds"])
        result.update(
            raw_spacy={
                "docs_per_s": round(size / float(raw["wall_seconds"]), 1),
                "tokens_per_s": round(raw_tps),
                **raw,
            },
            ratio_pipeline_to_raw=round(one_tps / raw_tps, 3),
        )
        for workers, run in raw_runs.items():
            if workers > 1:
                result[f"raw_spacy_{workers}p"] = run
                result[f"raw_speedup_{workers}p_over_1p"] = round(
                    float(raw["wall_seconds"]) / float(run["wall_seconds"]), 3
                )
    result.update(
        tokens=tokens,
        pipeline=runs,
        pipeline_1p_tokens_per_s=round(one_tps),
        pipeline_1p_docs_per_s=round(size / total, 1),
        stage_seconds_1p=stages,
        stage_share_1p={k: round(v / total, 3) for k, v in stages.items()},
        incremental_run=again,
        incremental_ratio=round(float(again["wall_seconds"]) / total, 3),
    )
    if "2p" in runs:
        two = float(runs["2p"]["wall_seconds"])  # type: ignore[index]
        result["speedup_2p_over_1p"] = round(total / two, 3)
    return result


def ratio_side_by_side(
    corpus: Path, raw_db: Path, work: Path, env: dict[str, str], *, pairs: int
) -> dict[str, object]:
    """Pipeline / raw spaCy throughput with both running at once, one process each, ``pairs`` times."""
    python = sys.executable
    db = work / f"warehouse_{corpus.name}_side_by_side.duckdb"
    pipeline_walls: list[float] = []
    raw_walls: list[float] = []
    throughout = True
    for _ in range(pairs):
        for stale in db.parent.glob(db.name + "*"):
            stale.unlink()
        shutil.rmtree(work / "docs", ignore_errors=True)
        pipeline_run, raw_run = measure_side_by_side(
            [python, "-m", "bench.child", "pipeline", str(corpus), str(db)],
            [python, "-m", "bench.child", "raw", str(raw_db), "--until-stdin-closes"],
            env,
        )
        pipeline_walls.append(float(pipeline_run["wall_seconds"]))  # type: ignore[arg-type]
        raw_walls.append(float(raw_run["wall_seconds"]))  # type: ignore[arg-type]
        throughout = throughout and bool(raw_run["side_by_side_throughout"])
    # Same texts, same tokens: the throughput ratio is the inverse ratio of the wall times.
    ratios = [raw / pipeline for raw, pipeline in zip(raw_walls, pipeline_walls, strict=True)]
    return {
        "pipeline_wall_seconds": pipeline_walls,
        "raw_wall_seconds": raw_walls,
        "ratio_of_each_pair": [round(r, 3) for r in ratios],
        "ratio_pipeline_to_raw": round(sum(ratios) / len(ratios), 3),
        "raw_ran_side_by_side_throughout": throughout,
    }


def print_table(results: list[dict[str, object]]) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(
        "documents",
        "raw spaCy tok/s",
        "pipeline tok/s (1p)",
        "ratio",
        "ratio side by side",
        "2p speed-up (raw spaCy's)",
        "peak RSS 1p/2p (MB)",
        "Prefect %",
        "load %",
        "validation %",
        "incremental / first",
    )
    for r in results:
        share = r["stage_share_1p"]  # type: ignore[index]
        pipeline = r["pipeline"]  # type: ignore[index]
        rss = "/".join(str(pipeline[k]["peak_rss_mb"]) for k in pipeline)  # type: ignore[index]
        table.add_row(
            str(r["documents"]),
            str(r["raw_spacy"]["tokens_per_s"]) if "raw_spacy" in r else "-",  # type: ignore[index]
            str(r["pipeline_1p_tokens_per_s"]),
            str(r.get("ratio_pipeline_to_raw", "-")),
            str(r["side_by_side"]["ratio_pipeline_to_raw"]) if "side_by_side" in r else "-",  # type: ignore[index]
            f"{r.get('speedup_2p_over_1p', '-')} ({r.get('raw_speedup_2p_over_1p', '-')})",
            rss,
            f"{100 * share['prefect_overhead']:.1f}",
            f"{100 * share.get('load', 0):.1f}",  # type: ignore[index]
            f"{100 * share.get('validate', 0):.1f}",
            str(r["incremental_ratio"]),  # type: ignore[index]
        )
    Console().print(table)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--raw-up-to", type=int, default=None, help="no raw baseline above this size")
    parser.add_argument(
        "--repeat-up-to",
        type=int,
        default=1000,
        help="sizes up to this one are run --repeat times (pipeline and raw alternating); the fastest counts",
    )
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument(
        "--side-by-side",
        type=int,
        default=2,
        help="pairs of pipeline and raw spaCy run at the same time, for sizes up to --repeat-up-to (0: none)",
    )
    parser.add_argument("--work", type=Path, default=BENCH_DIR / "work")
    parser.add_argument("--out", type=Path, default=BENCH_DIR / "results" / "latest.json")
    args = parser.parse_args()
    if 1 not in args.workers:
        args.workers.insert(0, 1)

    from flows.runtime import configure_prefect_defaults

    configure_prefect_defaults()
    from prefect.settings import PREFECT_API_URL
    from prefect.testing.utilities import prefect_test_harness

    results = []
    with prefect_test_harness(server_startup_timeout=180):
        env = {**os.environ, "PREFECT_API_URL": str(PREFECT_API_URL.value())}
        for size in args.sizes:
            started = time.perf_counter()
            with_raw = args.raw_up_to is None or size <= args.raw_up_to
            repeat = args.repeat if size <= args.repeat_up_to else 1
            results.append(
                bench_size(
                    size,
                    args.work,
                    env,
                    sorted(set(args.workers)),
                    with_raw=with_raw,
                    repeat=repeat,
                    side_by_side=args.side_by_side if size <= args.repeat_up_to else 0,
                )
            )
            print(f"{size} documents benchmarked in {time.perf_counter() - started:.0f} s", flush=True)
            # Written after every size: the 10,000-document size takes over an hour.
            args.out.parent.mkdir(parents=True, exist_ok=True)
            args.out.write_text(json.dumps(results, indent=2))
    print_table(results)
    print(f"JSON: {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
