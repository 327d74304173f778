"""The verb coder (issue 15): the indexed pattern search picks the pattern the exhaustive search
picks, on parses the model makes and on any parse tree built from a verb's pattern words; and the
phrase rules (event nouns, statements, purposes, prepositions) on literal sentences, each with a
sentence it must not apply to."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from nlp_support import run_components
from spacy.tokens import Doc

from extractors.nlp.coding.nouns import nominalised_verb
from extractors.nlp.coding.pattern_index import required_words
from extractors.nlp.coding.verbs import VerbCoder
from extractors.nlp.events.frame import frames_in

BUSY_VERBS = ("set", "fight", "open", "take", "call", "go", "get", "hold", "send", "launch", "carry", "give")
"""Verbs with many patterns (up to 536 for "set"): where a wrong index would show."""
DEPS = ("dobj", "prt", "prep", "pobj", "compound", "amod", "nsubj", "aux", "neg", "xcomp", "advmod", "det")
"""Dependency labels a generated tree uses: the ones patterns look at, and some they do not."""
FILLERS = ("the", "to", "against", "with", "on", "for", "of", "in", "not", "will", "officials")


def _coder(nlp) -> VerbCoder:
    return nlp.get_pipe("eventetl_coding").verbs


def _pattern_words(coder: VerbCoder, lemma: str) -> list[str]:
    words = {
        w for e in coder.dictionary.entries[lemma] for p in e.patterns for r in required_words(p) for w in r
    }
    return sorted(w for w in words if " " not in w)


@pytest.mark.parametrize(
    "text",
    [
        "The rebels set fire to the building and set up a checkpoint on the road.",
        "Government forces took control of the town after the rebels called off the ceasefire.",
        "The ministers held talks with the opposition and opened the border to aid convoys.",
        "The army launched an offensive against the militants and carried out air strikes.",
        "Russia will send humanitarian aid and give financial assistance to the refugees.",
    ],
)
def test_the_indexed_search_finds_the_exhaustive_searchs_pattern(nlp, text: str) -> None:
    coder = _coder(nlp)
    doc = run_components(nlp, text)
    coded = [t for t in doc if coder.lemma(t) in coder.dictionary.entries]
    assert coded, text
    for token in coded:
        assert coder._best_pattern(token) == coder.exhaustive_pattern(token), token.text
    # and the sentences do exercise patterns, not only bare verbs
    assert any(coder.exhaustive_pattern(t) is not None for t in coded)


def test_a_verb_with_no_pattern_word_in_its_clause_tries_no_pattern(nlp) -> None:
    coder = _coder(nlp)
    assert list(coder.index.candidates("set", frozenset({"set", "the"}))) == [
        p for p in coder.index.candidates("set", frozenset()) if not any(required_words(p))
    ]
    found = list(coder.index.candidates("set", frozenset({"set", "fire", "to"})))
    assert found and all(all(r & {"set", "fire", "to"} for r in required_words(p)) for p in found)
    ranks = [(-p.specificity, p.line) for p in found]
    assert ranks == sorted(ranks)  # most specific first


@st.composite
def _trees(draw: st.DrawFn, words_of: dict[str, list[str]]) -> tuple[str, list[tuple[str, int, str]]]:
    """A verb and a projective tree under it: (word, head, dep) per token, the verb first."""
    verb = draw(st.sampled_from(sorted(words_of)))
    pool = [*words_of[verb], *FILLERS]
    tokens: list[tuple[str, int, str]] = [(verb, 0, "ROOT")]
    path = [0]  # the rightmost path: a preorder layout stays projective
    for i in range(1, draw(st.integers(1, 9))):
        depth = draw(st.integers(1, len(path)))
        tokens.append((draw(st.sampled_from(pool)), path[depth - 1], draw(st.sampled_from(DEPS))))
        path = [*path[:depth], i]
    return verb, tokens


def test_on_any_tree_the_indexed_search_finds_the_exhaustive_searchs_pattern(nlp) -> None:
    coder = _coder(nlp)
    words_of = {verb: _pattern_words(coder, verb) for verb in BUSY_VERBS}
    matched: list[bool] = []

    @settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(_trees(words_of))
    def agree(tree: tuple[str, list[tuple[str, int, str]]]) -> None:
        _, tokens = tree
        doc = Doc(
            nlp.vocab,
            words=[w for w, _, _ in tokens],
            lemmas=[w for w, _, _ in tokens],
            heads=[h for _, h, _ in tokens],
            deps=[d for _, _, d in tokens],
        )
        expected = coder.exhaustive_pattern(doc[0])
        assert coder._best_pattern(doc[0]) == expected
        matched.append(expected is not None and bool(expected.after or expected.preps))

    agree()
    assert any(matched)  # the generated trees do satisfy patterns with words


# --------------------------------------------------------------------- literal sentences
def _types(nlp, text: str) -> dict[str, str | None]:
    return {f.trigger: f.event_type for f in frames_in(run_components(nlp, text))}


@pytest.mark.parametrize(
    ("text", "trigger", "category"),
    [
        # A verb the dictionary gives no category takes its object's event noun, coded as its verb.
        ("The committee completed its investigation into the killings on Monday.", "completed", "ACCUSE"),
        ("Israel mounted an invasion of Lebanon on Monday.", "mounted", "ASSAULT"),
        # A statement whose content is a speech act is that act.
        ("The union issued a statement demanding higher wages on Monday.", "issued", "REQUEST"),
        # An official complaint is an ACCUSE whatever its means.
        ("The minister summoned the ambassador to complain about the attacks.", "summoned", "ACCUSE"),
        # A preposition completes the verb's phrase: being committed to an action is an intent.
        ("Vietnam is committed to opening up its economy.", "committed", "AGREE"),
        # The overrides' synonym-set members: "forces" are an army.
        ("Russia withdrew its forces from the region on Monday.", "withdrew", "RETREAT"),
    ],
)
def test_a_phrase_rule_gives_the_category(nlp, text: str, trigger: str, category: str) -> None:
    assert _types(nlp, text)[trigger] == category


@pytest.mark.parametrize(
    ("text", "trigger", "category"),
    [
        # An object that names no event: no category.
        ("The committee completed its report on Monday.", "completed", None),
        # A verb with its own category keeps it, whatever its object names.
        ("The government approved the investigation on Monday.", "approved", "CONCEDE"),
        # People who demand, acted on by force: the action keeps its kind.
        ("Police arrested protesters demanding reforms on Monday.", "arrested", "COERCE"),
        # A meeting to talk is a consultation, not a complaint.
        ("The minister summoned the ambassador to discuss trade.", "summoned", "CONSULT"),
        # "Committed" with an object is no commitment.
        ("The soldiers committed atrocities in the village.", "committed", None),
    ],
)
def test_without_the_phrase_the_rule_does_not_apply(
    nlp, text: str, trigger: str, category: str | None
) -> None:
    assert _types(nlp, text)[trigger] == category


@pytest.mark.parametrize(
    ("noun", "verb"),
    [
        ("investigation", "investigate"),
        ("withdrawal", "withdraw"),
        ("invasion", "invade"),
        ("attack", "attack"),
    ],
)
def test_an_event_noun_names_its_dictionary_verb(nlp, noun: str, verb: str) -> None:
    coder = _coder(nlp)
    doc = Doc(nlp.vocab, words=[noun], pos=["NOUN"], lemmas=[noun])
    assert nominalised_verb(doc[0], coder.dictionary.entries, coder.nominal_suffixes) == verb


def test_a_word_that_is_no_event_noun_names_no_verb(nlp) -> None:
    coder = _coder(nlp)
    doc = Doc(
        nlp.vocab,
        words=["report", "city", "Attack"],
        pos=["NOUN", "NOUN", "PROPN"],
        lemmas=["report", "city", "attack"],
    )
    names = [nominalised_verb(t, coder.dictionary.entries, coder.nominal_suffixes) for t in doc]
    # "report" is a verb of the dictionary (a statement, 01: no category); a city is none; a name is an actor.
    assert names == ["report", None, None]
    assert coder.plover(coder.own_code("report")) is None
