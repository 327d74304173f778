"""The coder's per-Doc memo and word arrays (issue 15's speed step): the same answers, computed once.

``DocWords.subtree`` is ``Token.subtree``; the memo remembers only for the open Doc (another Doc is
computed afresh, and nothing is remembered after ``end``); the coder's answers with the memo open
are the answers without it.
"""

from __future__ import annotations

from nlp_support import run_components

from extractors.nlp.coding.actors import ActorCoder
from extractors.nlp.coding.memo import DocMemo, DocWords
from extractors.nlp.coding.pattern_index import clause_words

TEXT = (
    "Syria's military said Monday it has regained control of 98 percent of eastern Aleppo, as "
    "government forces close in on the last rebel pocket. The UN envoy, who met Russian officials "
    "in Moscow, said 50,000 civilians fled the fighting."
)


def test_doc_words_read_the_subtrees_forms_and_lemmas_of_the_tokens(nlp) -> None:
    doc = run_components(nlp, TEXT)
    words = DocWords(doc)
    for token in doc:
        assert words.subtree(token) == sorted(t.i for t in token.subtree)
        assert clause_words(token, words) == clause_words(token)
    assert words.lower([0, 1]) == [doc[0].lower_, doc[1].lower_]
    assert words.head == [t.head.i for t in doc]


def test_the_memo_remembers_only_for_the_open_doc(nlp) -> None:
    doc, other = run_components(nlp, TEXT), run_components(nlp, "The rebels fled.")
    memo, calls = DocMemo(), []

    def compute() -> int:
        calls.append(1)
        return len(calls)

    assert memo.get(doc, "k", compute) == 1 and memo.get(doc, "k", compute) == 2  # not open: afresh
    memo.begin(doc)
    assert memo.get(doc, "k", compute) == 3 and memo.get(doc, "k", compute) == 3
    assert memo.get(other, "k", compute) == 4 and memo.words(other) is None
    assert memo.words(doc) is memo.words(doc)
    memo.end()
    assert memo.get(doc, "k", compute) == 5 and memo.results(doc) is None


def test_codes_with_the_memo_open_are_the_codes_without_it(nlp) -> None:
    doc = run_components(nlp, TEXT)
    coder = ActorCoder.load()
    spans = [doc[i:j] for i in range(len(doc)) for j in range(i + 1, min(i + 5, len(doc)) + 1)]
    plain = [(coder.code(s, on=None), coder.countries(s, on=None)) for s in spans]
    coder.memo.begin(doc)
    try:
        remembered = [(coder.code(s, on=None), coder.countries(s, on=None)) for s in spans + spans]
    finally:
        coder.memo.end()
    assert remembered == plain + plain
    assert any(code.country == "SYR" for code, _ in plain)
