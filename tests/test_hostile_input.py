"""Hostile input: one bad file (or record, or document) costs only itself, never the run.

Each attack of issue 19 item 3 goes through the real flow in a folder with one
good file: the good file loads, and the bad one is a recorded rejection with its
reason, or (a long text, a record with a lone surrogate) a document.
"""

from __future__ import annotations

import os
import random
import shutil
from collections.abc import Callable, Iterator
from itertools import pairwise
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from conftest import SAMPLE_CORPUS, query
from hypothesis import given
from hypothesis import strategies as st

from extractors.extract import extract_batch, split_text
from extractors.paths import path_text
from extractors.readers import parse_source

if TYPE_CHECKING:
    from flows.results import RunSummary

GOOD_FILE = "002_bf4136b5d83f17ff.txt"
MARKER = "Zorblaxian"
"""A word the failing test component raises on."""
FAILING_COMPONENT = "eventetl_test_fail_on_marker"


def _deep_json() -> bytes:
    return (
        b'{"title": "Deep", "text": "A convoy left the city.", "x": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"
    )


def _long_number_json() -> bytes:
    return b'{"title": "Long", "text": "A convoy left the city.", "n": ' + b"9" * 100_000 + b"}"


def _lone_surrogate_json() -> bytes:
    return (
        b'{"title": "Aid convoy \\ud800 reaches Aleppo", "dId": "x\\udfff", '
        b'"text": "An aid convoy reached eastern Aleppo on Monday \\ud800, officials said."}'
    )


def _long_text() -> str:
    """About 1.2 million characters: a report every few paragraphs, filler of long words between them.

    Long words keep the token count (and so the test's time) low; the text still exceeds
    spaCy's default ``max_length`` of 1,000,000 characters.
    """
    rng = random.Random(19)
    places = ["Aleppo", "Homs", "Idlib", "Hama", "Raqqa", "Damascus"]
    filler = [
        "Supercalifragilisticexpialidocious",
        "Antidisestablishmentarianism",
        "Pneumonoultramicroscopic",
        "Floccinaucinihilipilification",
        "Honorificabilitudinitatibus",
    ]
    paragraphs = ["Siege of Aleppo: a day-by-day account"]
    day = length = 0
    while length < 1_200_000:
        day += 1
        place = rng.choice(places)
        paragraphs.append(
            f"Government forces shelled the town of {place} on day {day}, the monitoring group said."
        )
        # Every paragraph differs: cleaning keeps a repeated paragraph once.
        paragraphs.extend(" ".join(rng.choices(filler, k=40)) + "." for _ in range(3))
        length = sum(len(p) + 2 for p in paragraphs)
    return "\n\n".join(paragraphs) + "\n"


@pytest.fixture
def inbox(tmp_path: Path) -> Path:
    folder = tmp_path / "inbox"
    folder.mkdir()
    shutil.copy(SAMPLE_CORPUS / GOOD_FILE, folder)
    return folder


def _run(folder: Path, db: Path, *, model: str | None = None) -> RunSummary:
    from flows.ingest import ingest_events

    return ingest_events([str(folder)], str(db), model=model)


def _loaded_names(db: Path) -> set[str]:
    return {name for (name,) in query(db, "SELECT source_name FROM documents")}


def _rejected(db: Path) -> dict[str, tuple[str, str]]:
    rows = query(db, "SELECT path, kind, reason FROM rejected_files")
    return {path.rsplit("/", 1)[-1]: (kind, reason) for path, kind, reason in rows}


# --- through the real flow -------------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("deep.json", _deep_json, "invalid JSON: nested too deeply"),
        ("long_number.json", _long_number_json, "invalid JSON: number too long"),
    ],
)
def test_a_json_file_the_parser_refuses_is_rejected_and_the_good_file_loads(
    name: str,
    content: Callable[[], bytes],
    reason: str,
    inbox: Path,
    fresh_warehouse: Path,
    prefect_harness: None,
) -> None:
    (inbox / name).write_bytes(content())
    summary = _run(inbox, fresh_warehouse)
    assert _loaded_names(fresh_warehouse) == {GOOD_FILE}
    assert summary.counts.events_loaded > 10
    kind, recorded = _rejected(fresh_warehouse)[name]
    assert kind == "invalid" and recorded.startswith(reason)
    assert summary.counts.documents_rejected == 1


@pytest.mark.slow
def test_a_lone_surrogate_in_json_becomes_a_replacement_character(
    inbox: Path, fresh_warehouse: Path, prefect_harness: None
) -> None:
    (inbox / "surrogate.json").write_bytes(_lone_surrogate_json())
    summary = _run(inbox, fresh_warehouse)
    assert summary.counts.documents_rejected == 0
    rows = query(
        fresh_warehouse, "SELECT title, external_id, text FROM documents WHERE source_name = 'surrogate.json'"
    )
    assert rows == [
        (
            "Aid convoy \ufffd reaches Aleppo",
            "x\ufffd",
            "Aid convoy \ufffd reaches Aleppo\n\nAn aid convoy reached eastern Aleppo on Monday \ufffd, officials said.",
        )
    ]
    assert _loaded_names(fresh_warehouse) == {GOOD_FILE, "surrogate.json"}


@pytest.mark.slow
def test_a_file_name_that_is_not_utf8_does_not_stop_the_run(
    inbox: Path, fresh_warehouse: Path, prefect_harness: None
) -> None:
    odd = inbox / os.fsdecode(b"\xff\xfe.txt")
    odd.write_text("Rebels shelled the western districts of Aleppo on Monday, residents said.\n")
    summary = _run(inbox, fresh_warehouse)
    assert GOOD_FILE in _loaded_names(fresh_warehouse)
    assert summary.counts.events_loaded > 10
    # Either loaded under its name made printable, or rejected with a reason: never a crash.
    loaded = _loaded_names(fresh_warehouse) - {GOOD_FILE}
    rejected = query(fresh_warehouse, "SELECT path, reason FROM rejected_files")
    assert loaded == {path_text(odd.name)} or [path for path, _ in rejected] == [path_text(odd)]


@pytest.mark.slow
def test_a_text_over_the_models_max_length_is_extracted_in_parts(
    inbox: Path, fresh_warehouse: Path, prefect_harness: None
) -> None:
    (inbox / "long.txt").write_text(_long_text())
    summary = _run(inbox, fresh_warehouse)
    assert summary.counts.documents_rejected == 0
    [(doc_id, text)] = query(
        fresh_warehouse, "SELECT doc_id, text FROM documents WHERE source_name = 'long.txt'"
    )
    assert len(text) > 1_000_000
    events = query(
        fresh_warehouse,
        "SELECT sentence, start_char, end_char, event_rank FROM events WHERE doc_id = ? ORDER BY event_rank",
        [doc_id],
    )
    assert all(sentence == text[start:end] for sentence, start, end, _ in events)
    assert [rank for *_, rank in events] == list(range(1, len(events) + 1))
    # Events come from every stretch of the text, the last part included.
    assert max(start for _, start, _, _ in events) > len(text) - 20_000
    assert min(start for _, start, _, _ in events) < 1_000
    assert len(events) > 80


@pytest.mark.slow
def test_jsonl_random_bytes_and_duplicate_lines(
    inbox: Path, fresh_warehouse: Path, prefect_harness: None
) -> None:
    (inbox / "feed.jsonl").write_text(
        '{"id": "a1", "text": "Workers walked out on Monday,\u2028halting trains across the north."}\n'
        '{"id": "a2", "text": "Customs officers seized\u0085two tonnes of\x0ccounterfeit medicine."}\n'
        '{"id": "a1", "text": "Workers walked out on Monday,\u2028halting trains across the north."}\n',
        encoding="utf-8",
    )
    (inbox / "noise.bin").write_bytes(bytes.fromhex("5201 0919"))  # valid UTF-8, mostly control characters
    (inbox / "noise2.dat").write_bytes(random.Random(1).randbytes(16))  # "decodes" as Shift JIS 2004
    (inbox / "lossy.txt").write_bytes("\ufffd".encode() * 40 + b" ok\n")
    summary = _run(inbox, fresh_warehouse)
    records = query(
        fresh_warehouse,
        "SELECT external_id, text FROM documents WHERE source_name = 'feed.jsonl' ORDER BY external_id",
    )
    assert [external_id for external_id, _ in records] == ["a1", "a2"]
    assert "halting trains" in records[0][1] and "counterfeit medicine" in records[1][1]
    rows = query(fresh_warehouse, "SELECT path, line, kind, reason FROM rejected_files")
    by_name = {(path.rsplit("/", 1)[-1], line): (kind, reason) for path, line, kind, reason in rows}
    assert by_name[("feed.jsonl", 3)] == ("duplicate", "duplicate of line 1: same record id and content")
    assert by_name[("noise.bin", None)][0] == "binary"
    assert by_name[("noise2.dat", None)][0] == "encoding"
    assert by_name[("lossy.txt", None)][0] == "binary"
    assert len(rows) == summary.counts.documents_rejected == 4
    assert _loaded_names(fresh_warehouse) == {GOOD_FILE, "feed.jsonl"}


# --- extraction failures ---------------------------------------------------------------------------


def _fail_on_marker(doc):
    """A pipeline component that fails on documents holding :data:`MARKER`, as a buggy component would."""
    if MARKER in doc.text:
        raise RuntimeError(f"cannot handle {MARKER}")
    return doc


def _register_failing_component() -> None:
    from spacy.language import Language

    if not Language.has_factory(FAILING_COMPONENT):
        Language.component(FAILING_COMPONENT, func=_fail_on_marker)


@pytest.fixture(scope="module")
def failing_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The English model with a component that raises on the marker word, saved as a model folder."""
    import spacy

    from extractors.nlp.pipeline import default_model_name

    _register_failing_component()
    nlp = spacy.load(default_model_name())
    nlp.add_pipe(FAILING_COMPONENT, last=True)
    folder = tmp_path_factory.mktemp("models") / "failing"
    nlp.to_disk(folder)
    return folder


@pytest.fixture(scope="module")
def failing_nlp(failing_model: Path) -> Iterator[object]:
    """The full pipeline (our components added) over :func:`failing_model`, outside load_pipeline's cache."""
    import spacy

    from extractors.nlp.pipeline import add_components

    yield add_components(spacy.load(failing_model))


def _documents(*texts: str):
    documents = []
    for number, text in enumerate(texts):
        [document] = parse_source(Path(f"doc{number}.txt"), text.encode()).documents
        documents.append(document)
    return documents


def test_a_document_whose_extraction_fails_is_rejected_and_the_others_extracted(failing_nlp) -> None:
    documents = _documents(
        "Rebels shelled western Aleppo on Monday, residents said.",
        f"The {MARKER} council closed the border crossing on Tuesday.",
        "Government forces recaptured the old city on Wednesday.",
    )
    result = extract_batch(failing_nlp, documents)
    assert result.failed_doc_ids == (documents[1].doc_id,)
    [rejection] = result.rejections
    assert rejection.kind == "extraction_failed"
    assert rejection.path == documents[1].source_uri
    assert f"RuntimeError: cannot handle {MARKER}" in rejection.reason
    assert {e.doc_id for e in result.events} == {documents[0].doc_id, documents[2].doc_id}


def test_a_document_longer_than_max_length_is_extracted_in_parts(failing_nlp) -> None:
    from extractors.readers import read_source

    [document] = read_source(SAMPLE_CORPUS / GOOD_FILE).documents
    whole = extract_batch(failing_nlp, [document])
    saved = failing_nlp.max_length
    failing_nlp.max_length = 1_000  # the sample article is 4,600 characters: five parts or more
    try:
        parts = extract_batch(failing_nlp, [document])
    finally:
        failing_nlp.max_length = saved
    assert parts.rejections == ()
    assert len(document.text) > 4 * 1_000
    assert all(e.sentence == document.text[e.start_char : e.end_char] for e in parts.events)
    assert [e.event_rank for e in parts.events] == list(range(1, len(parts.events) + 1))
    assert max(e.start_char for e in parts.events) > 3_000
    # The first part holds the headline and the lead: the main event is the same as in one piece.
    assert parts.events[0].event_id == whole.events[0].event_id
    # Event ids depend on the document's offsets, not the part's: most events are the same.
    same = {e.event_id for e in parts.events} & {e.event_id for e in whole.events}
    assert len(same) >= 0.7 * len(whole.events)


@pytest.mark.slow
def test_the_flow_does_not_load_a_document_whose_extraction_failed(
    inbox: Path, failing_model: Path, fresh_warehouse: Path, prefect_harness: None
) -> None:
    _register_failing_component()
    (inbox / "odd.txt").write_text(f"The {MARKER} council closed the border crossing on Tuesday.\n")
    summary = _run(inbox, fresh_warehouse, model=str(failing_model))
    assert _loaded_names(fresh_warehouse) == {GOOD_FILE}
    kind, reason = _rejected(fresh_warehouse)["odd.txt"]
    assert kind == "extraction_failed" and MARKER in reason
    assert summary.counts.documents_rejected == 1 and summary.counts.documents_read == 1
    assert query(
        fresh_warehouse, "SELECT count(*) FROM events WHERE doc_id NOT IN (SELECT doc_id FROM documents)"
    ) == [(0,)]


# --- the splitter and the readers, without the flow ------------------------------------------------


@given(
    text=st.text(alphabet=st.sampled_from(["a", "b", " ", ".", "\n", "é", "\u2028"]), max_size=400),
    limit=st.integers(min_value=1, max_value=60),
)
def test_parts_cover_the_text_exactly_each_within_the_limit(text: str, limit: int) -> None:
    parts = split_text(text, limit)
    assert "".join(text[start:end] for start, end in parts) == text
    assert parts[0][0] == 0 and parts[-1][1] == len(text)
    assert all(prev_end == start for (_, prev_end), (start, _) in pairwise(parts))
    assert all(0 < end - start <= limit for start, end in parts) or text == ""
    # No part but the last is shorter than half the limit: a text is never cut into crumbs.
    assert all(end - start > limit // 2 for start, end in parts[:-1])


def test_parts_end_at_paragraph_breaks_then_sentences() -> None:
    text = "First paragraph here.\n\nSecond one. It has two sentences.\n\nThird."
    assert [text[s:e] for s, e in split_text(text, 40)] == [
        "First paragraph here.\n\n",
        "Second one. It has two sentences.\n\n",
        "Third.",
    ]
    # A break in the first half of the window would make a crumb: the next best break after it wins.
    assert [text[s:e] for s, e in split_text(text, 20)][:2] == ["First paragraph ", "here.\n\nSecond one. "]
    assert split_text("abcdef", 4) == [(0, 4), (4, 6)]


def test_jsonl_lines_are_split_at_newlines_only() -> None:
    text = '{"id": "1", "text": "one\u2028two\u2029three\u0085four\x0bfive\x1csix"}\r\n{"id": "2", "text": "seven"}\n'
    result = parse_source(Path("feed.jsonl"), text.encode())
    assert result.rejections == ()
    assert [d.external_id for d in result.documents] == ["1", "2"]
    # Detection splits the same way: without the extension, the file is still JSONL.
    assert [d.format for d in parse_source(Path("feed.txt"), text.encode()).documents] == ["jsonl", "jsonl"]


def test_a_bad_jsonl_line_costs_only_itself() -> None:
    text = (
        '{"id": "1", "text": "Troops entered the city."}\n'
        '{"id": "2", "text": ' + "[" * 100_000 + "]" * 100_000 + "}\n"
        '{"id": "3", "n": ' + "7" * 10_000 + ', "text": "x"}\n'
        '{"id": "4", "text": "Talks resumed in Geneva."}\n'
    )
    result = parse_source(Path("feed.jsonl"), text.encode())
    assert [d.external_id for d in result.documents] == ["1", "4"]
    assert [(r.line, r.kind) for r in result.rejections] == [(2, "invalid"), (3, "invalid")]
    assert "nested too deeply" in result.rejections[0].reason
    assert "number too long" in result.rejections[1].reason


def test_random_bytes_never_become_documents() -> None:
    # Small files are where junk got through: too few bytes for looks_binary to judge.
    rng = random.Random(19)
    for number in range(300):
        data = rng.randbytes(rng.choice([4, 8, 16, 32, 64, 200]))
        result = parse_source(Path(f"r{number}.bin"), data)
        assert result.documents == () or _printable_utf8(data), (data, result.documents[0].text)


def _printable_utf8(data: bytes) -> bool:
    """True for bytes that are UTF-8 text with no control character: text, however short."""
    try:
        return data.decode("utf-8").isprintable()
    except UnicodeDecodeError:
        return False


@pytest.mark.parametrize(
    ("run", "blanked"),
    [
        ("[" * 600, True),  # markup debris
        ("aGVsbG8" * 100, True),  # a base64 blob
        ("https://example.org/" + "a" * 400, False),  # a long URL stays readable
        ("Syrian", False),
    ],
)
def test_the_model_reads_overlong_runs_as_blanks_at_the_same_offsets(run: str, blanked: bool) -> None:
    from extractors.extract import model_text

    text = f"Troops entered Aleppo. {run} Rebels withdrew."
    read = model_text(text)
    assert len(read) == len(text)
    assert (run not in read) is blanked
    assert read.startswith("Troops entered Aleppo. ") and read.endswith(" Rebels withdrew.")
