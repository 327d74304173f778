"""One measured step of the benchmark, run in its own process so its memory can be measured.

python -m bench.child pipeline CORPUS DB --workers N   -> JSON: wall seconds, stage seconds, counts
python -m bench.child raw DB [--workers N]              -> JSON: wall seconds, documents, tokens
python -m bench.child raw DB --until-stdin-closes        -> the same for its first pass; parses the texts
                                                            again and again until stdin closes
python -m bench.child tokens DB                         -> JSON: documents, tokens (tokenizer only)
"""

from __future__ import annotations

import argparse
import json
import sys
import threading
import time
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.language import Language


def start_up(*, load_model: bool) -> float:
    """Load what a run loads once per process before its first document; return the seconds it took.

    Raw spaCy is timed after its import and model load, so the pipeline is timed after its own:
    the model with our components (in this process only when it extracts here, with one worker)
    and Great Expectations, which the validate stage imports (5 s here). A long-lived worker pays
    these once; the JSON reports them apart, as ``startup_seconds``.
    """
    started = time.perf_counter()
    if load_model:
        from extractors.nlp.pipeline import load_pipeline

        load_pipeline()
    import great_expectations  # noqa: F401  # imported by the validate stage; a start-up cost

    return time.perf_counter() - started


def run_pipeline(corpus: str, db: str, workers: int, batch_size: int) -> dict[str, object]:
    from flows.ingest import ingest_events
    from flows.runners import RunnerChoice

    startup = start_up(load_model=workers == 1)
    started = time.perf_counter()
    # More than one worker: a local Dask cluster; batches in flight: the flow's default for it.
    summary = ingest_events(
        [corpus], db, batch_size=batch_size, execution=RunnerChoice("local", workers, dask_address=None)
    )
    wall = time.perf_counter() - started
    return {
        "wall_seconds": round(wall, 3),
        "startup_seconds": round(startup, 3),
        "stage_seconds": summary.stage_seconds,
        "documents_read": summary.counts.documents_read,
        "documents_skipped": summary.counts.documents_skipped,
        "events_loaded": summary.counts.events_loaded,
    }


def _texts(db: str) -> list[str]:
    import duckdb

    with duckdb.connect(db, read_only=True) as con:
        return [row[0] for row in con.execute("SELECT text FROM documents ORDER BY doc_id").fetchall()]


def _texts_and_model(db: str) -> tuple[list[str], Language]:
    """The warehouse's cleaned texts and the bare English model: raw spaCy's side of the comparison."""
    import spacy

    from extractors.nlp.pipeline import default_model_name

    return _texts(db), spacy.load(default_model_name())


def run_raw_spacy(db: str, batch_size: int, workers: int) -> dict[str, object]:
    texts, nlp = _texts_and_model(db)
    started = time.perf_counter()
    # n_process > 1: spaCy's own worker processes (forked: this process runs no other threads).
    tokens = sum(len(doc) for doc in nlp.pipe(texts, batch_size=batch_size, n_process=workers))
    wall = time.perf_counter() - started
    return {"wall_seconds": round(wall, 3), "documents": len(texts), "tokens": tokens}


def run_raw_spacy_until_stdin_closes(db: str, batch_size: int) -> dict[str, object]:
    """Raw ``nlp.pipe`` side by side with a pipeline run: the first pass is timed; later passes keep
    the machine as loaded as during it until the bench closes stdin, when the pipeline has finished."""
    texts, nlp = _texts_and_model(db)
    closed = threading.Event()

    def wait_for_eof() -> None:
        sys.stdin.read()
        closed.set()

    threading.Thread(target=wait_for_eof, daemon=True).start()
    started = time.perf_counter()
    first_pass: float | None = None
    throughout = True
    tokens = 0
    while True:
        for doc in nlp.pipe(texts, batch_size=batch_size):
            if first_pass is None:
                tokens += len(doc)
            elif closed.is_set():
                break
        if first_pass is None:
            first_pass = time.perf_counter() - started
            # False: the pipeline finished first, so the end of this pass ran alone.
            throughout = not closed.is_set()
        if closed.is_set():
            break
    return {
        "wall_seconds": round(first_pass, 3),
        "documents": len(texts),
        "tokens": tokens,
        "side_by_side_throughout": throughout,
    }


def count_tokens(db: str) -> dict[str, object]:
    """The corpus's tokens by the model's own tokenizer, for sizes benchmarked without the raw baseline."""
    texts, nlp = _texts_and_model(db)
    return {"documents": len(texts), "tokens": sum(len(nlp.make_doc(text)) for text in texts)}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("step", choices=["pipeline", "raw", "tokens"])
    parser.add_argument("paths", nargs="+")
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--until-stdin-closes", action="store_true")
    args = parser.parse_args()
    if args.step == "pipeline":
        result = run_pipeline(args.paths[0], args.paths[1], args.workers, args.batch_size)
    elif args.step == "raw" and args.until_stdin_closes:
        result = run_raw_spacy_until_stdin_closes(args.paths[0], args.batch_size)
    elif args.step == "raw":
        result = run_raw_spacy(args.paths[0], args.batch_size, args.workers)
    else:
        result = count_tokens(args.paths[0])
    print("BENCH-RESULT " + json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
