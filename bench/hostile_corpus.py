"""A folder of hostile inputs beside the five good sample documents, and a run over it.

``python bench/hostile_corpus.py [--out DIR] [--run]`` writes about 300 files
that have broken earlier versions of the reader or that an attacker would try
(random bytes, deep JSON, huge integers, lone surrogates, a 1.2 MB text,
undecodable names, links out of the folder, pathological lines for the
cleaning patterns, gzip bombs, …) plus the sample corpus. With ``--run`` it
runs ``eventetl run`` over the folder into a fresh warehouse, samples the
peak resident memory of the run (alone, and with its children: Prefect's server, the watchdog), and checks the outcome:
exit 3, every good file loaded, and every entry a document, a recorded
rejection or a counted ignored file.

The files are generated from a fixed seed, so two runs see the same bytes.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
SAMPLE_CORPUS = REPO_ROOT / "data" / "samples" / "aleppo_2016_12"
SEED = 19


def _json_feed_line(record_id: str, text: str) -> str:
    return json.dumps({"id": record_id, "title": "Report", "text": text})


def write_hostile_files(folder: Path) -> int:
    """Write the hostile files into ``folder``; returns how many entries (files, links, pipes) it made."""
    rng = random.Random(SEED)
    folder.mkdir(parents=True, exist_ok=True)
    made = 0

    def put(name: str | bytes, data: bytes) -> None:
        nonlocal made
        path = os.path.join(os.fsencode(folder), name if isinstance(name, bytes) else name.encode())
        with open(path, "wb") as handle:
            handle.write(data)
        made += 1

    story = "Syrian forces shelled the eastern districts of Aleppo on Monday, residents said."
    for index in range(150):  # random bytes of random length
        put(f"random_{index:03d}.bin", rng.randbytes(rng.randint(1, 4096)))
    for index in range(40):  # random printable junk
        put(f"junk_{index:03d}.txt", bytes(rng.randint(32, 126) for _ in range(rng.randint(1, 2000))))
    for index in range(30):  # random Unicode, including controls and unpaired surrogates escaped in JSON
        chars = "".join(chr(rng.randint(0, 0x2FFF)) for _ in range(rng.randint(1, 500)))
        put(f"unicode_{index:03d}.txt", chars.encode("utf-8", errors="surrogatepass"))
    put("deep.json", b"[" * 100_000 + b"]" * 100_000)
    put("deep_object.json", b'{"text": ' + b'{"a": ' * 50_000 + b"1" + b"}" * 50_000 + b"}")
    put("huge_int.json", b'{"title": "x", "text": "' + story.encode() + b'", "dId": ' + b"9" * 100_000 + b"}")
    put("surrogate.json", b'{"title": "Lone \\ud800 surrogate", "text": "' + story.encode() + b' \\udc00"}')
    put("surrogate.jsonl", (_json_feed_line("s1", story + " \\ud800") + "\n").encode())
    put("long.txt", ("Aleppo report\n\n" + (story + " ") * 15_000).encode())  # about 1.2 MB
    put(b"name_\xff\xfe.txt", ("Report\n\n" + story).encode())
    put("separators.jsonl", (_json_feed_line("u1", story + "\u2028" + story + "\u0085end") + "\n").encode())
    put("duplicate_lines.jsonl", ((_json_feed_line("d1", story) + "\n") * 2).encode())
    put("mixed.jsonl", (_json_feed_line("m1", story) + "\n{broken\n[1, 2]\n" + '{"id": "m4"}\n').encode())
    put("nul.txt", ("Headline\x00 about Aleppo\n\n" + story.replace(" ", "\x00 ", 3)).encode())
    put("controls.txt", ("Headline\x07\x1b about Aleppo\n\n\x0b" + story + "\x85\x9f").encode())
    put("spaces.txt", b"Headline about Aleppo\n\nx" + b" " * 60_000 + b"y\n")
    put("dots.txt", b"Headline about Aleppo\n\n" + b"A." * 200_000 + b"\n")
    put("letters.txt", b"Headline about Aleppo\n\n" + b"a" * 1_000_000 + b"\n")
    put("credits.txt", b"Headline about Aleppo\n\n" + b"(AP Photo/" * 20_000 + b"\n")
    put("digits.txt", b"Headline about Aleppo\n\n" + b"1" * 500_000 + b"\n")
    put("empty.txt", b"")
    put("blank.txt", b" \n\t\r\n" * 100)
    put("bom_only.txt", b"\xef\xbb\xbf")
    put("utf16_odd.txt", b"\xff\xfe" + b"A\x00" * 10 + b"\x00")
    put("gzip_truncated.txt.gz", gzip.compress(story.encode() * 50)[:40])
    put("gzip_bomb.txt.gz", gzip.compress(b"a" * 60_000_000))
    put("gzip_of_binary.gz", gzip.compress(rng.randbytes(2000)))
    put("array.json", b"[1, 2, 3]")
    put("scalar.json", b"42")
    put("text_number.json", b'{"title": "t", "text": 12345}')
    put("text_list.json", b'{"title": "t", "text": ["a", "b"]}')
    put(
        "html_nested.html",
        b"<html><body>" + b"<div>" * 20_000 + story.encode() + b"</div>" * 20_000 + b"</body></html>",
    )
    put(
        "html_script.html", b"<html><head><script>" + b"x" * 100_000 + b"</script></head><body></body></html>"
    )
    put(
        "html_attr.html",
        b'<html><body><p title="' + b"a" * 500_000 + b'">' + story.encode() + b"</p></body></html>",
    )
    put("srt_broken.srt", b"1\n00:00:01,000 --> 00:00:0\nhello\n\n2\nxx --> yy\n")
    put(
        "vtt_many.vtt",
        b"WEBVTT\n\n"
        + b"".join(
            f"00:{i // 60 % 60:02d}:{i % 60:02d}.000 --> 00:{i // 60 % 60:02d}:{i % 60:02d}.500\nline {i}\n\n".encode()
            for i in range(20_000)
        ),
    )
    put("markdown_nested.md", b"# Title\n\n" + b"> " * 50_000 + story.encode() + b"\n")
    put("markdown_links.md", b"# Title\n\n" + b"[" * 50_000 + b"](" * 50_000 + b"\n")
    put("transcript_bad.md", b"*  text [[00:00:01](http://x&t=1s)]\n" * 3 + b"*  " + b"[" * 10_000 + b"\n")
    put(".hidden.txt", ("Hidden\n\n" + story).encode())
    for index in range(10):  # one-character and punctuation-only files
        put(
            f"tiny_{index}.txt",
            rng.choice([b".", b"?", b"\n", b"-", b"a", b"\x00", b"\xff", b"  ", b"**", b"#"]),
        )
    links = {
        "etc_passwd": "/etc/passwd",
        "etc_folder": "/etc",
        "dangling": str(folder / "missing.txt"),
        "loop_a": str(folder / "loop_b"),
        "loop_b": str(folder / "loop_a"),
    }
    for name, target in links.items():
        os.symlink(target, folder / name)
        made += 1
    os.mkfifo(folder / "pipe.txt")
    made += 1
    return made


def build(out: Path) -> int:
    """The hostile files plus the five good sample documents in ``out`` (emptied first)."""
    if out.exists():
        shutil.rmtree(out)
    made = write_hostile_files(out)
    for good in sorted(SAMPLE_CORPUS.iterdir()):
        shutil.copy(good, out / good.name)
    return made + len(list(SAMPLE_CORPUS.iterdir()))


def _rss_mb(pid: int) -> tuple[float, float]:
    """Resident memory of ``pid`` alone, and with its descendants, in MB (psutil, which Prefect already needs)."""
    import psutil

    try:
        root = psutil.Process(pid)
        processes = [root, *root.children(recursive=True)]
        own = root.memory_info().rss
    except psutil.NoSuchProcess:
        return 0.0, 0.0
    total = 0
    for process in processes:
        try:
            total += process.memory_info().rss
        except psutil.NoSuchProcess:
            continue
    return own / 1e6, total / 1e6


def run(folder: Path, db: Path) -> dict[str, object]:
    """Run ``eventetl run`` over ``folder`` into ``db``; the outcome and peak memory of the run's process tree."""
    import duckdb

    started = time.perf_counter()
    process = subprocess.Popen(
        [str(REPO_ROOT / ".venv" / "bin" / "eventetl"), "run", str(folder), "--db", str(db)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        errors="replace",
    )
    peak = peak_tree = 0.0
    while process.poll() is None:
        own, tree = _rss_mb(process.pid)
        peak, peak_tree = max(peak, own), max(peak_tree, tree)
        time.sleep(0.2)
    output = process.stdout.read() if process.stdout else ""
    seconds = time.perf_counter() - started
    con = duckdb.connect(str(db), read_only=True)
    try:
        sources = {row[0] for row in con.execute("SELECT source_name FROM documents").fetchall()}
        rejected = con.execute("SELECT count(*) FROM rejected_files").fetchone()[0]  # type: ignore[index]
    finally:
        con.close()
    good = sorted(p.name for p in SAMPLE_CORPUS.iterdir())
    return {
        "exit_code": process.returncode,
        "seconds": round(seconds, 1),
        "peak_rss_mb": round(peak),
        "peak_rss_with_children_mb": round(peak_tree),
        "documents": len(sources),
        "rejections": rejected,
        "good_loaded": all(name in sources for name in good),
        "summary_tail": output.splitlines()[-6:],
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=None, help="Folder to write (default: a temporary one).")
    parser.add_argument("--run", action="store_true", help="Run eventetl over it and report.")
    args = parser.parse_args()
    out = args.out or Path(tempfile.mkdtemp(prefix="hostile-")) / "inbox"
    entries = build(out)
    print(f"{entries} entries in {out}")
    if args.run:
        result = run(out, out.parent / "hostile.duckdb")
        print(json.dumps(result, indent=2))
        return 0 if result["exit_code"] == 3 and result["good_loaded"] else 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
