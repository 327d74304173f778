"""Reading 1 MB adversarial lines: the time ``read_source`` takes, in seconds and MB/s.

    python bench/adversarial_cleaning.py [--mb 1] [--case NAME ...]

Each case is one file of about ``--mb`` megabytes: a short prefix, one unit repeated,
a short suffix, shaped to hit the patterns that used to backtrack (issue 19, item 6).
``spaces`` is the issue's own file (``Headline about Aleppo``, a blank line, then
``x``, a million spaces and ``y``): its 60,000-space version took 26 s to read, the
1 MB one would have taken about two hours. Every case now takes time linear in
its size; ``tests/test_cleaning_linear.py`` checks that, this reports the speed.
The files are written to a temporary folder and read by the same entry point a run
uses, so the time covers detection, decoding, the format's reader and cleaning.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

from extractors.readers import read_source  # noqa: E402

CASES = {
    "spaces": ("Headline about Aleppo\n\nx", " ", "y\n"),  # the file: glued-credit search
    "credits": ("Headline about Aleppo\n\n", "(AP Photo", "\n"),  # agency credits with no ")"
    "skip-to": ("Headline about Aleppo\n\nSkip to ", " ", "\nx\n"),  # furniture line, spaces to a break
    "front-matter": ("---\ntitle: a", " ", "b\n---\nHeadline about Aleppo\n"),  # a field's trailing spaces
    "comments": ("", "<!---->", "\nHeadline about Aleppo\n"),  # HTML detection: a head of comments
    "tags": ("Headline about Aleppo\n\n", "<", "\n"),  # markup with no ">"
}
"""Name -> (prefix, unit, suffix)."""


def run_case(folder: Path, name: str, megabytes: float) -> tuple[float, float]:
    """Seconds to read case ``name`` of ``megabytes`` MB, and the file's size in MB."""
    prefix, unit, suffix = CASES[name]
    size = int(megabytes * 1_000_000)
    path = folder / f"{name}.txt"
    path.write_text(prefix + unit * (size // len(unit)) + suffix, encoding="utf-8")
    started = time.perf_counter()
    result = read_source(path)
    seconds = time.perf_counter() - started
    if not result.documents and not result.rejections:
        raise SystemExit(f"{name}: read_source returned nothing")
    return seconds, path.stat().st_size / 1_000_000


def main(argv: list[str] | None = None) -> int:
    """Time every case (or those named) and print one line each."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--mb", type=float, default=1.0, help="size of each adversarial file in MB (default 1)"
    )
    parser.add_argument("--case", choices=sorted(CASES), nargs="+", default=list(CASES), help="cases to run")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        print(f"{'case':<14}{'MB':>6}{'seconds':>10}{'MB/s':>8}")
        for name in args.case:
            seconds, megabytes = run_case(Path(folder), name, args.mb)
            print(f"{name:<14}{megabytes:>6.2f}{seconds:>10.3f}{megabytes / seconds:>8.2f}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
