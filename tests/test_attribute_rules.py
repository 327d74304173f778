"""The indexed attribute ruler sets exactly what the model's AttributeRuler sets, faster."""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy
from hypothesis import given, settings
from hypothesis import strategies as st
from spacy.language import Language
from spacy.pipeline import AttributeRuler
from spacy.tokens import Doc

from extractors.nlp.attribute_rules import IndexedAttributeRuler, index_attribute_rules, token_pattern
from extractors.nlp.pipeline import default_model_name

SAMPLE_CORPUS = Path(__file__).resolve().parents[1] / "data" / "samples" / "aleppo_2016_12"

SENTENCES = (
    "I ain't gonna tell y'all what we gotta do, c'mon.",
    "Let's go: there is nothin' left and there are no doctors.",
    "She doesn't know whether the rebels have withdrawn, but they did.",
    "The army said it had done it; they were seen with him and saw me.",
    "That is what which people want, and this one is not that.",
    "   Extra   spaces\n\n and a tab\there.",
    "'Tis the season: somethin' 'bout doin' it, 'em and ol' Joe.",
)
"""Text for the model's special rules: contractions, negation, auxiliaries, pronouns, spaces."""

WORDS = (
    "I", "you", "it", "ai", "n't", "gon", "na", "got", "ta", "let", "'s", "c'm", "on", "y'", "all",
    "is", "are", "'re", "am", "'m", "have", "'ve", "do", "does", "did", "had", "not", "that", "if",
    "there", "which", "the", "rebels", "army", "said", "went", "to", "nothin'", " ", "\n", ",", ".",
)  # fmt: skip
"""Words of the rules' patterns and filler, so random word sequences hit many of them."""


@pytest.fixture(scope="module")
def stock() -> Language:
    return spacy.load(default_model_name(), disable=["ner"])


@pytest.fixture(scope="module")
def indexed() -> Language:
    nlp = spacy.load(default_model_name(), disable=["ner"])
    index_attribute_rules(nlp)
    return nlp


def annotations(doc: Doc) -> list[tuple[str, str, str, str, str]]:
    return [(t.text, t.pos_, str(t.morph), t.lemma_, t.tag_) for t in doc]


def test_the_model_ruler_is_replaced_in_place_with_every_pattern(stock: Language, indexed: Language) -> None:
    ruler = indexed.get_pipe("attribute_ruler")
    assert isinstance(ruler, IndexedAttributeRuler)
    assert indexed.pipe_names == stock.pipe_names
    assert ruler.patterns == stock.get_pipe("attribute_ruler").patterns
    index_attribute_rules(indexed)  # a second call changes nothing
    assert indexed.get_pipe("attribute_ruler") is ruler


def test_a_pipeline_without_the_ruler_is_left_alone() -> None:
    nlp = spacy.blank("en")
    index_attribute_rules(nlp)
    assert nlp.pipe_names == []


@pytest.mark.parametrize("text", SENTENCES)
def test_literal_sentences_get_the_stock_rulers_annotations(
    stock: Language, indexed: Language, text: str
) -> None:
    assert annotations(indexed(text)) == annotations(stock(text))


def test_the_sample_corpus_gets_the_stock_rulers_annotations(stock: Language, indexed: Language) -> None:
    texts = [path.read_text(encoding="utf-8") for path in sorted(SAMPLE_CORPUS.iterdir())]
    assert len(texts) == 5
    for ours, theirs in zip(indexed.pipe(texts), stock.pipe(texts), strict=True):
        assert annotations(ours) == annotations(theirs)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(WORDS), min_size=1, max_size=25))
def test_random_word_sequences_get_the_stock_rulers_annotations(
    stock: Language, indexed: Language, words: list[str]
) -> None:
    text = " ".join(words)
    assert annotations(indexed(text)) == annotations(stock(text))


def test_later_patterns_win_as_in_the_attribute_ruler() -> None:
    vocab = spacy.blank("en").vocab
    rulers = [AttributeRuler(vocab), IndexedAttributeRuler(vocab)]
    for ruler in rulers:
        ruler.add([[{"LOWER": "run"}]], {"POS": "VERB"})
        ruler.add([[{"LOWER": {"IN": ["run", "walk"]}}]], {"POS": "NOUN"})
        ruler.add([[{"LOWER": "a"}, {"LOWER": "run"}]], {"LEMMA": "sprint"}, index=1)
    results = []
    for ruler in rulers:
        doc = ruler(Doc(vocab, words=["a", "run", "Walk", "run"]))
        results.append([(t.pos_, t.lemma_) for t in doc])
    assert results[0] == results[1] == [("", ""), ("NOUN", "sprint"), ("NOUN", ""), ("NOUN", "")]


def test_one_token_patterns_are_compiled_and_the_rest_are_not() -> None:
    compiled = token_pattern(0, 1, [{"TAG": {"IN": ["VBP", "VBZ"]}, "LOWER": "ai"}])
    assert compiled is not None
    assert compiled.index_attrs == ("LOWER", "TAG")
    assert compiled.index_keys == (("ai", "VBP"), ("ai", "VBZ"))
    assert token_pattern(0, 1, [{"LOWER": "gon"}, {"LOWER": "na"}]) is None  # two tokens: the Matcher's
    assert token_pattern(0, 1, [{"LOWER": "a", "OP": "?"}]) is None  # an operator: the Matcher's
    assert token_pattern(0, 1, [{"LENGTH": 3}]) is None  # an attribute it does not read
