"""Reading and cleaning take time linear in the input: no pattern backtracks polynomially (issue 19, item 6).

How the work is bounded. Python's ``re`` exposes no count of the steps it takes, so
the work is bounded in CPU seconds: a child process (``tests/linear_support.py``)
puts an adversarial text of 400,000 characters (a short prefix, a unit repeated,
a short suffix) through every audited pattern, used as the code uses it, under a
limit of ``CPU_SECONDS`` of CPU time per text (``RLIMIT_CPU``; the kernel stops it
past that). Linear patterns need well under a second for all of them; each
pattern this replaced needs minutes to hours at that size (``GLUED_CREDIT`` took
26 s for 60,000 characters, ``HTML_START`` doubled its time with every two
comments), so the limit sits more than ten times above the one and below the
other. CPU time, unlike wall time, does not stretch when the machine is busy, and
the kernel enforces it even inside one long call into the regex engine, so the
test neither flakes on a loaded machine nor hangs on a regression. Hypothesis
chooses the prefix, unit and suffix; the explicit examples are the inputs that
were quadratic, cubic or exponential before.

``test_every_pattern_is_audited`` keeps the audit complete: a new module-level
pattern in these modules fails it until it is added to ``linear_support.PATTERN_USES``
(and so to this test). The equivalence tests show that the rewritten patterns
find what the old ones found.
"""

from __future__ import annotations

import importlib
import json
import os
import re
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from linear_support import PATTERN_USES, audited_pattern

from extractors import cleaning, pubdate, readers
from extractors.formats import article, timed

ROOT = Path(__file__).resolve().parents[1]
SUPPORT = Path(__file__).resolve().parent / "linear_support.py"
SIZE = 400_000
"""Characters in each adversarial text."""
CPU_SECONDS = 8
"""CPU time allowed per adversarial text for all the audited uses together."""

# What the quantifiers of the audited patterns consume, and the words that start them.
PIECES = [
    *" \t\n\r\xa0\x0c\x85",
    *"aAx1.,:;-/()[]<>*#!'\"\x00",
    "Image: ",
    "Photo",
    "(AP ",
    "(AFP",
    "Source: ",
    "Skip to ",
    "Facebook",
    "[[0:00:01](",
    ")]",
    "<!--",
    "-->",
    "<p ",
    "</p>",
    "](",
    "Jan ",
    "December ",
    "2016",
    "writers ",
    "contributed",
    "key: ",
    "* ",
    "- ",
    "t=",
    "00:00:01,000",
]
PREFIXES = [
    "",
    "Headline about Aleppo\n\n",
    "* ",
    "**Channel:** [",
    "Skip to ",
    "---\nkey: a",
    "Source: ab",
    "(AP Photo",
    "Image: ",
    "1\n",
    "<!--",
    "# ",
    "[a](",
    "WEBVTT\n\n",
]
SUFFIXES = ["", "x", "\n", "y\n", ")", ")]", ">", "-->x", "](u)", " [[0:00:01](u)]", "\n---\n"]


def run_child(group: str, specs: list[dict[str, Any]]) -> None:
    """Run ``specs`` through the uses of ``group`` in a CPU-limited child; fail naming the use it stopped in."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    # The timeout only keeps a child that waits on something else from hanging the suite; the
    # CPU limit is what the test measures.
    child = subprocess.run(
        [sys.executable, str(SUPPORT), str(CPU_SECONDS), group],
        input=json.dumps(specs),
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=900,
        check=False,
    )
    lines = child.stdout.splitlines()
    if child.returncode != 0 or lines[-1:] != ["done"]:
        running = lines[-1] if lines else "(before the first use)"
        index = int(running.split()[0]) if running[:1].isdigit() else 0
        spec = {**specs[index], "unit": specs[index]["unit"][:40]} if specs else {}
        if child.returncode == -signal.SIGXCPU:
            pytest.fail(f"more than {CPU_SECONDS} CPU seconds in {running!r} on {spec}")
        pytest.fail(
            f"child failed (exit {child.returncode}) in {running!r} on {spec}: {child.stderr[-2000:]}"
        )


# Each explicit example was superlinear before: the issue's file, then one per rewritten pattern.
CULPRITS = [
    ("Headline about Aleppo\n\nx", " ", "y\n"),  # GLUED_CREDIT: quadratic (the issue's 26 s)
    ("", "(AP Photo", ""),  # GLUED_CREDIT: cubic
    ("Skip to ", " ", "\nx"),  # FURNITURE_LINE
    ("---\nkey: a", " ", "b"),  # FRONT_MATTER_FIELD
    ("* a", " ", "b"),  # TRANSCRIPT_LINE: spaces
    ("* ", "[[0:00:00](", "x"),  # TRANSCRIPT_LINE: stamps
    ("", "<", ""),  # MARKUP_TAG
    ("", "<!---->", "x"),  # HTML_START: exponential
    ("1", "\n", "x"),  # SRT_CUE
    ("", "<p ", ""),  # HTML_TAGS
    ("", "\n", ""),  # MARKDOWN_SIGNS: list marker after blank lines
    ("", "[\n", ""),  # MARKDOWN_SIGNS: link text
    ("", "[a](\n", ""),  # MARKDOWN_SIGNS: link destination
    ("Source: ab", " ", "x"),  # SOURCE_SIGNOFF
]


def spec(prefix: str, unit: str, suffix: str, size: int = SIZE) -> dict[str, Any]:
    """The JSON description of an adversarial text (built in the child)."""
    return {"prefix": prefix, "unit": unit, "suffix": suffix, "size": size}


def test_every_pattern_is_audited() -> None:
    """Every module-level pattern of the modules that read input text is in the audit, and nothing else;
    every pattern built from lexicon files on first use (named ``function()...``) is a pattern."""
    found: dict[int, str] = {}  # a pattern imported into another module is still one pattern
    audited: dict[int, str] = {}
    for group in PATTERN_USES.values():
        for module_name, uses in group.items():
            module = importlib.import_module(module_name)
            for name, value in vars(module).items():
                if isinstance(value, re.Pattern):
                    found.setdefault(id(value), f"{module_name}.{name}")
            for name in uses:
                pattern = audited_pattern(module, name)
                assert isinstance(pattern, re.Pattern), f"{module_name}.{name}"
                if "()" not in name:
                    audited[id(pattern)] = f"{module_name}.{name}"
    assert sorted(found.values()) == sorted(audited.values())


def test_every_culprit_does_linear_work() -> None:
    """Each text that was superlinear before, in one child (a child per text cost a second each, to import)."""
    run_child("text", [spec(prefix, unit, suffix) for prefix, unit, suffix in CULPRITS])


@settings(
    max_examples=12,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(
    prefix=st.sampled_from(PREFIXES),
    unit=st.lists(st.sampled_from(PIECES), min_size=1, max_size=4).map("".join),
    suffix=st.sampled_from(SUFFIXES),
)
def test_patterns_do_linear_work_on_adversarial_text(prefix: str, unit: str, suffix: str) -> None:
    run_child("text", [spec(prefix, unit, suffix)])


def test_extraction_patterns_do_linear_work() -> None:
    """The patterns the extraction runs on sentences and entities (already linear: kept so by this audit)."""
    units = [" ", "a", "1 ", "Jan ", "north ", "last ", "1,", ". "]
    run_child("nlp", [spec("", unit, "x", SIZE // 4) for unit in units])


def test_the_model_tokenises_runs_of_punctuation_in_linear_work() -> None:
    """spaCy's tokenizer strips affixes one copy at a time: "[" * 8,000 took 5 s, 200,000 would take hours.

    Blanked by ``extract.model_text`` before the model reads them (a 400-character word is kept).
    """
    units = ["[", "(", "](", "A.", '"', "-"]
    run_child(
        "tokenize", [spec("Troops entered Aleppo. ", unit, " Rebels withdrew.", SIZE // 2) for unit in units]
    )


def test_reading_the_issue_file_takes_linear_work() -> None:
    """The issue's file, 200,000 spaces long: it took 26 s at 60,000 and would take minutes."""
    run_child("read", [spec(prefix, unit, suffix, SIZE // 2) for prefix, unit, suffix in CULPRITS[:3]])


# The patterns as they were, to show that the rewritten ones find the same things.
ORIGINAL = {
    "GLUED_CREDIT": re.compile(
        r"\s*(?:(?:Image|Photo|Credit|Picture)s?:\s.*$"
        r"|\((?:AP|AFP|Reuters|EPA|Getty)[^)]*(?:Photo|Images?)[^)]*\)\s*$|\((?:AP|AFP) Photo/[^)]*\)\s*$)"
    ),
    "FURNITURE_LINE": re.compile(
        r"""^(?:
            \d+\.\s*Skip\ to\ .*
          | Skip\ to\ .*
          | Skip\ next\ section.*
          | (?:Send\ in\ e-mail)+
          | Show\ Full\ Article
          | Related\ (?:Topics|Stories|Articles|Content)
          | Comments?
          | Share(?:\ this)?(?:\ article|\ story|\ on\ \w+)?
          | (?:Facebook|Twitter|WhatsApp|E-?mail|Print)(?:\s*(?:Facebook|Twitter|WhatsApp|E-?mail|Print))*
          | (?:Image|Photo|Credit|Picture)s?:\ .*
          | Source:\ .{0,80}
          | Advertisement
          | [a-z]{1,4}(?:/[a-z]{1,4})?(?:,\s*[a-z]{1,4}(?:/[a-z]{1,4})?)*\s*\([A-Za-z ,]+\)
        )\s*$""",
        re.VERBOSE,
    ),
    "CONTRIBUTORS": re.compile(
        r"^(?P<name>(?:[A-Z][\w.&-]*\s){1,4}?)(?:staff\s)?(?:writers?|reporters?|correspondents?)\b.*\bcontributed\b"
    ),
    "AGENCY_SIGNOFF": re.compile(
        r"^[a-z]{1,4}(?:/[a-z]{1,4})?(?:,\s*[a-z]{1,4}(?:/[a-z]{1,4})?)*\s*\((?P<name>[A-Za-z ,]+)\)\s*$"
    ),
    "SOURCE_SIGNOFF": re.compile(r"^Sources?:\s(?P<name>.{2,80}?)\s*$"),
    "FRONT_MATTER_FIELD": re.compile(r"^(?P<key>[A-Za-z][\w -]{0,40}):\s*(?P<value>.*?)\s*$"),
    "TRANSCRIPT_LINE": re.compile(
        r"^\*\s+(?P<text>.*?)\s*\[\[(?P<stamp>\d{1,2}:\d{2}:\d{2})\]\((?P<url>[^)]*?)\)\]\s*$"
    ),
    "MARKUP_TAG": re.compile(r"<[^>]+>"),
    "SRT_CUE": re.compile(
        r"\A\s*\d+\s*\r?\n\s*\d{1,2}:\d{2}:\d{2}[,.]\d{1,3}\s*-->\s*\d{1,2}:\d{2}:\d{2}[,.]\d{1,3}"
    ),
    "HTML_START": re.compile(
        r"\A\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b", re.IGNORECASE | re.DOTALL
    ),
    "HTML_TAGS": re.compile(
        r"</?(?:p|div|span|a|h[1-6]|article|section|br|meta|title|script)\b[^>]*>", re.IGNORECASE
    ),
    "MARKDOWN_SIGNS": re.compile(r"^(?:#{1,6}\s+\S|\s*[-*+]\s+\S.*\]\(|\[[^\]]+\]\([^)]+\))", re.MULTILINE),
}
_MONTH = (
    r"(?P<month>Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
ORIGINAL["FULL_DATE"] = re.compile(
    rf"\b(?:{_MONTH}\s+(?P<day>\d{{1,2}}),?\s+(?P<year>\d{{4}})"
    rf"|(?P<day2>\d{{1,2}})\s+{_MONTH.replace('month', 'month2')}\s+(?P<year2>\d{{4}}))(?!\d)"
)

TOKENS = [
    *PIECES,
    "Images:",
    "Credit:\n",
    "Pictures: ",
    "(Reuters",
    "Images",
    "[[12:34:56]",
    "[[",
    "Sources:",
    "<html",
    "<!doctype html",
    "](u)",
    "5, ",
    "12 ",
    "rs, es/kms ",
    "(AFP, dpa)",
    "AP writers ",
    "1\n",
    "00:00:01,000 --> 00:00:02,000",
    "\x0b",
]
TEXTS = st.lists(st.sampled_from(TOKENS), max_size=14).map("".join)
EQUIVALENCE = settings(max_examples=400, deadline=None, database=None)


def _found(match: re.Match[str] | None) -> tuple[tuple[int, int], dict[str, str | None]] | None:
    return None if match is None else (match.span(), match.groupdict())


def _original_unglue(line: str) -> str:
    stripped = ORIGINAL["GLUED_CREDIT"].sub("", line).rstrip()
    if stripped != line.rstrip() and stripped and not cleaning.SENTENCE_END.search(stripped):
        stripped += "."
    return stripped


@EQUIVALENCE
@given(TEXTS)
def test_rewritten_cleaning_patterns_find_what_the_old_ones_found(text: str) -> None:
    assert cleaning.unglue_credit(text) == _original_unglue(text)
    for name in ("FURNITURE_LINE", "CONTRIBUTORS", "AGENCY_SIGNOFF", "SOURCE_SIGNOFF"):
        assert _found(getattr(cleaning, name).match(text)) == _found(ORIGINAL[name].match(text)), name
    assert _found(article.FRONT_MATTER_FIELD.match(text)) == _found(
        ORIGINAL["FRONT_MATTER_FIELD"].match(text)
    )
    assert timed.strip_markup(text) == ORIGINAL["MARKUP_TAG"].sub("", text)
    new_dates = [(m.span(), m.groupdict()) for m in pubdate.FULL_DATE.finditer(text)]
    assert new_dates == [(m.span(), m.groupdict()) for m in ORIGINAL["FULL_DATE"].finditer(text)]


@EQUIVALENCE
@given(TEXTS.map(lambda text: text.replace("\n", " ")))
def test_rewritten_transcript_line_finds_what_the_old_one_found(line: str) -> None:
    """Readers match a transcript line on one stripped line of text (never a line break inside)."""
    assert _found(timed.TRANSCRIPT_LINE.match(line)) == _found(ORIGINAL["TRANSCRIPT_LINE"].match(line))


@EQUIVALENCE
@given(TEXTS)
def test_rewritten_detection_patterns_decide_as_the_old_ones(head: str) -> None:
    """Format detection uses whether these match (and how many tags there are), not their spans."""
    assert bool(readers.SRT_CUE.match(head)) == bool(ORIGINAL["SRT_CUE"].match(head))
    assert bool(readers.HTML_START.match(head)) == bool(ORIGINAL["HTML_START"].match(head))
    assert len(readers.HTML_TAGS.findall(head)) == len(ORIGINAL["HTML_TAGS"].findall(head))
    # Markdown signs: the same, except that a link's destination no longer runs across lines.
    old = bool(ORIGINAL["MARKDOWN_SIGNS"].search(head))
    assert bool(readers.MARKDOWN_SIGNS.search(head)) <= old
    if "\n" not in head:
        assert bool(readers.MARKDOWN_SIGNS.search(head)) == old
