"""Build a benchmark corpus of N distinct documents from the sample corpus and the news-please articles.

Each copy gets a closing sentence of its own, so content-hash deduplication does not skip it,
while the text spaCy sees stays representative of real input.
"""

from __future__ import annotations

import json
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
SOURCES = (
    REPO_ROOT / "data" / "samples" / "aleppo_2016_12",
    REPO_ROOT.parent / "shared" / "eval" / "giveme5w1h_dev",
)


def source_files() -> list[Path]:
    """Every template document, in a stable order."""
    files: list[Path] = []
    for folder in SOURCES:
        if folder.is_dir():
            files.extend(sorted(p for p in folder.iterdir() if p.is_file() and not p.name.startswith(".")))
    if not files:
        raise SystemExit("no template documents found (data/samples or ../shared/eval/giveme5w1h_dev)")
    return files


def build_corpus(target: Path, size: int) -> Path:
    """Write ``size`` distinct documents under ``target`` (reused when already complete)."""
    target.mkdir(parents=True, exist_ok=True)
    if len(list(target.iterdir())) == size:
        return target
    templates = source_files()
    for index in range(size):
        template = templates[index % len(templates)]
        marker = f"This is copy {index} of the benchmark corpus."
        name = f"{index:06d}_{template.name}"
        if template.suffix == ".json":
            article = json.loads(template.read_text(encoding="utf-8"))
            article["text"] = f"{article.get('text') or ''}\n{marker}"
            article["dId"] = f"{article.get('dId', template.stem)}-{index}"
            (target / name).write_text(json.dumps(article), encoding="utf-8")
        else:
            (target / name).write_text(
                template.read_text(encoding="utf-8").rstrip() + f"\n\n{marker}\n", encoding="utf-8"
            )
    return target
