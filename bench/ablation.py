"""Ablation: every dev set scored with each rule family switched off, against all families on.

    python bench/ablation.py [--families NAME ...] [--sets seeds giveme ...] [--out bench/results/ablation.json]

The model's analysis (tagger, parser, NER) does not depend on our rules, so each dev set is parsed
once and cached (``bench/work/ablation_cache``, keyed by the model and the texts); each
configuration then runs only our components over the cached analysis, through the same
``extract_batch`` a run uses, loads a fresh warehouse (documents, events, quantities, place
mentions, incidents) and scores it with ``../shared/eval/score.py``. The table gives, per family,
the change of every metric when the family is off: a family that helps shows negative numbers.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
REPO_ROOT = BENCH_DIR.parent
sys.path.insert(0, str(REPO_ROOT))


from extractors.cached_analysis import cache_analysis, components_only  # noqa: E402
from extractors.extract import extract_batch  # noqa: E402
from extractors.nlp.pipeline import default_model_name  # noqa: E402
from extractors.nlp.rule_families import rule_families  # noqa: E402
from extractors.records import DocumentRecord  # noqa: E402
from extractors.version import extractor_identity  # noqa: E402
from flows.stages import discover_inputs, join_incidents, read_files  # noqa: E402
from warehouse.db import open_warehouse  # noqa: E402
from warehouse.incidents import IncidentSettings  # noqa: E402
from warehouse.load import load_batch  # noqa: E402

EVAL = REPO_ROOT.parent / "shared" / "eval"
CACHE_DIR = BENCH_DIR / "work" / "ablation_cache"
MAX_FILE_BYTES = 50_000_000


@dataclass(frozen=True)
class DevSet:
    """One development set: what a run reads, and how ``score.py`` scores it."""

    name: str
    """Short name (seeds, giveme, plover, lgl, geovirus)."""
    inputs: Path
    """The folder or file a run would be given."""
    score_args: tuple[str, ...]
    """``score.py`` arguments besides ``--db``."""


DEV_SETS = (
    DevSet(
        "seeds",
        REPO_ROOT / "data" / "samples" / "aleppo_2016_12",
        (
            "--gold",
            str(EVAL / "gold" / "seeds_dev.jsonl"),
            "--docs-gold",
            str(EVAL / "gold" / "seeds_dev_docs.jsonl"),
        ),
    ),
    DevSet("giveme", EVAL / "giveme5w1h_dev", ("--gold", str(EVAL / "giveme5w1h_dev"), "--kind", "giveme")),
    DevSet(
        "plover",
        EVAL / "plover_dev" / "plover_dev_corpus.jsonl",
        ("--gold", str(EVAL / "plover_dev" / "plover_dev_gsr.json"), "--kind", "plover"),
    ),
    DevSet(
        "lgl",
        EVAL / "geo_dev" / "lgl_dev.jsonl",
        ("--gold", str(EVAL / "geo_dev" / "lgl_dev_gold.jsonl"), "--kind", "geo"),
    ),
    DevSet(
        "geovirus",
        EVAL / "geo_dev" / "geovirus_dev.jsonl",
        ("--gold", str(EVAL / "geo_dev" / "geovirus_dev_gold.jsonl"), "--kind", "geo"),
    ),
)
NOT_METRICS = frozenset({"articles_missing", "docs_missing"})
"""Counts on the score line that are not scores."""


def read_documents(dev_set: DevSet) -> list[DocumentRecord]:
    """The documents a run over ``dev_set.inputs`` would read (identities relative to the repository)."""
    discovered = discover_inputs([str(dev_set.inputs)], allow_external_links=False)
    return list(
        read_files(discovered.files, max_file_bytes=MAX_FILE_BYTES, source_root=str(REPO_ROOT)).documents
    )


def scores(db: Path, dev_set: DevSet) -> dict[str, float]:
    """``score.py``'s summary line for ``db``, as metric -> value."""
    done = subprocess.run(
        [sys.executable, str(EVAL / "score.py"), "--db", str(db), *dev_set.score_args],
        capture_output=True,
        text=True,
        check=True,
    )
    line = [row for row in done.stdout.splitlines() if row.startswith("score:")][-1]
    pairs = (item.split("=") for item in line.removeprefix("score:").split())
    return {k: float(v) for k, v in pairs if k not in NOT_METRICS}


def run_configuration(
    model: str, dev_set: DevSet, documents: Sequence[DocumentRecord], cache: Path, disabled: Sequence[str]
) -> tuple[dict[str, float], frozenset[str]]:
    """The scores of ``dev_set`` with ``disabled`` families off, and its extracted records (each event
    and place mention as its ``repr``: two configurations' records compare as sets)."""
    nlp = components_only(model, disabled, cache)
    extraction = extract_batch(nlp, documents)
    records = frozenset(repr(record) for record in (*extraction.events, *extraction.place_mentions))
    with tempfile.TemporaryDirectory() as scratch:
        db = Path(scratch) / f"{dev_set.name}.duckdb"
        with open_warehouse(db) as con:
            load_batch(
                con,
                documents,
                extraction.events,
                run_id="ablation",
                producer=extractor_identity(model),
                place_mentions=extraction.place_mentions,
            )
            join_incidents(con, IncidentSettings())
        return scores(db, dev_set), records


def records_changed(records: frozenset[str], baseline: frozenset[str]) -> int:
    """How many extracted records (events, place mentions) a configuration changes: the larger of
    those it adds and those it loses against all families on."""
    return max(len(records - baseline), len(baseline - records))


def table(
    results: dict[str, dict[str, dict[str, float]]], changed: dict[str, dict[str, int]], baseline: str
) -> list[str]:
    """Rows of the ablation table: each family's changes (family off minus all on), per set and
    metric, and how many extracted records it changes on a set where no metric moved ("fires on
    records no scorer reads", against "never fires": no record changes)."""
    base = results[baseline]
    lines = []
    for family, by_set in results.items():
        if family == baseline:
            continue
        changes = []
        for set_name, metrics in by_set.items():
            moved = {
                k: v - base[set_name][k] for k, v in metrics.items() if abs(v - base[set_name][k]) >= 0.0005
            }
            records = changed.get(family, {}).get(set_name, 0)
            unmoved = f"no score change, {records} records differ" if records else "no change"
            changes.append(
                f"{set_name}: " + (", ".join(f"{k} {d:+.3f}" for k, d in sorted(moved.items())) or unmoved)
            )
        lines.append(f"| `{family}` | " + "; ".join(changes) + " |")
    return lines


def main(argv: Sequence[str] | None = None, *, log: Callable[[str], None] = print) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--families", nargs="*", help="families to switch off one at a time (default: all)")
    parser.add_argument(
        "--sets", nargs="*", choices=[s.name for s in DEV_SETS], help="dev sets (default: all)"
    )
    parser.add_argument("--out", type=Path, default=BENCH_DIR / "results" / "ablation.json")
    args = parser.parse_args(argv)
    known = [f.name for f in rule_families()]
    families = args.families or known
    unknown = sorted(set(families) - set(known))
    if unknown:
        parser.error(f"unknown rule families: {', '.join(unknown)}")
    sets = [s for s in DEV_SETS if not args.sets or s.name in args.sets]
    model = default_model_name()
    baseline = "(all families on)"
    results: dict[str, dict[str, dict[str, float]]] = {baseline: {}, **{f: {} for f in families}}
    changed: dict[str, dict[str, int]] = {f: {} for f in families}
    started = time.perf_counter()
    for dev_set in sets:
        documents = read_documents(dev_set)
        cache = cache_analysis(model, documents, CACHE_DIR, prefix=dev_set.name)
        base_records: frozenset[str] = frozenset()
        for configuration in results:  # the baseline first
            disabled = [] if configuration == baseline else [configuration]
            results[configuration][dev_set.name], records = run_configuration(
                model, dev_set, documents, cache, disabled
            )
            if configuration == baseline:
                base_records = records
            else:
                changed[configuration][dev_set.name] = records_changed(records, base_records)
            log(f"{dev_set.name}: {configuration} done ({time.perf_counter() - started:.0f} s)")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(
        json.dumps(
            {"model": model, "baseline": baseline, "scores": results, "records_changed": changed}, indent=2
        )
        + "\n",
        encoding="utf-8",
    )
    log("| family off | change of each metric against all families on |")
    log("|---|---|")
    for row in table(results, changed, baseline):
        log(row)
    log(f"(scores: {args.out})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
