"""The verb dictionary's patterns indexed by the words they require, compiled once per process.

A verb such as "set" or "fight" sits in blocks with hundreds of patterns; matching each against the
parse cost ~11 ms an article. Every pattern slot is satisfied only by a token of the verb's clause
(its subtree) whose form or lemma is one of the slot's words (the head, a phrase's last word, or a
compound before the head), and every prepositional phrase only by its preposition. So a pattern
can match only when each of those word sets meets the clause's words: the index keys each pattern
by one such set, and :meth:`PatternIndex.candidates` yields, most specific first, only the patterns
whose required words all occur in the clause. The full match (:mod:`.verbs`) then decides as before,
and the first pattern that matches is the one the exhaustive search picked (same order: specificity,
then the earlier line, then the entries' order).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from spacy.tokens import Token

from extractors.nlp.coding.cameo import VerbDictionary, VerbEntry, VerbPattern, WordSlot
from extractors.nlp.coding.memo import DocWords


def slot_words(slot: WordSlot) -> frozenset[str]:
    """The words one of which a token matching ``slot`` (or its compound) must be."""
    return slot.heads | {phrase[-1] for phrase in slot.phrases}


def required_words(pattern: VerbPattern) -> tuple[frozenset[str], ...]:
    """One word set per requirement of the pattern; each must meet the clause's words."""
    required = [slot_words(s) for s in (*pattern.before, *pattern.after)]
    for prep in pattern.preps:
        required.append(frozenset({prep.preposition}))
        if prep.object is not None:
            required.append(slot_words(prep.object))
    return tuple(required)


def clause_words(verb: Token, words_of: DocWords | None = None) -> frozenset[str]:
    """Forms and lemmas of the verb's subtree: every token a pattern slot may match is in it.
    ``words_of``: the Doc's words, read instead of its Tokens (the same result, faster)."""
    if words_of is not None:
        subtree = words_of.subtree(verb)
        return frozenset(words_of.lower(subtree) + words_of.lemma(subtree))
    words: set[str] = set()
    for token in verb.subtree:
        words.add(token.lower_)
        words.add(token.lemma_.lower())
    return frozenset(words)


@dataclass(frozen=True, slots=True)
class _Ranked:
    """The patterns of one verb lemma, most specific first, with their indexes."""

    patterns: tuple[VerbPattern, ...]
    """Every pattern of the lemma's entries, by (specificity descending, line, entries' order)."""
    required: tuple[tuple[frozenset[str], ...], ...]
    """``required_words`` of each pattern, by the same position."""
    by_word: dict[str, tuple[int, ...]]
    """Word -> positions of the patterns keyed by it (one requirement of theirs holds the word)."""
    always: tuple[int, ...]
    """Positions of the patterns that require no word (tried for every clause)."""


def _patterns(entries: Iterable[VerbEntry]) -> list[VerbPattern]:
    return [p for entry in entries for p in entry.patterns]


def _key(required: tuple[frozenset[str], ...], nouns: int) -> frozenset[str] | None:
    """The requirement a pattern is indexed by: its smallest noun slot (prepositions are frequent
    words, so one is the key only when the pattern has no noun slot); None when it requires nothing."""
    if nouns:
        return min(required[:nouns], key=len)
    return required[0] if required else None


def _rank(
    listed: list[VerbPattern], needs_of: Callable[[VerbPattern], tuple[frozenset[str], ...]]
) -> _Ranked:
    ordered = sorted(listed, key=lambda p: (-p.specificity, p.line))  # stable: entries' order on ties
    required = tuple(needs_of(p) for p in ordered)
    by_word: dict[str, list[int]] = {}
    always: list[int] = []
    for position, (pattern, needs) in enumerate(zip(ordered, required, strict=True)):
        if any(not words for words in needs):
            continue  # a slot no word satisfies: the pattern never matches
        key = _key(needs, len(pattern.before) + len(pattern.after))
        if key is None:
            always.append(position)
            continue
        for word in key:
            by_word.setdefault(word, []).append(position)
    return _Ranked(tuple(ordered), required, {w: tuple(p) for w, p in by_word.items()}, tuple(always))


class PatternIndex:
    """Per verb lemma of the dictionary, its patterns ranked and indexed (see the module docstring)."""

    def __init__(self, dictionary: VerbDictionary) -> None:
        # The verbs of a block share its pattern objects: one ranking per distinct list of patterns
        # (about one per block), and each pattern's words computed once.
        needs: dict[int, tuple[frozenset[str], ...]] = {}
        ranked: dict[tuple[int, ...], _Ranked] = {}

        def needs_of(pattern: VerbPattern) -> tuple[frozenset[str], ...]:
            found = needs.get(id(pattern))
            if found is None:
                found = needs[id(pattern)] = required_words(pattern)
            return found

        self._lemmas: dict[str, _Ranked] = {}
        for lemma, entries in dictionary.entries.items():
            listed = _patterns(entries)
            key = tuple(id(p) for p in listed)
            done = ranked.get(key)
            if done is None:
                done = ranked[key] = _rank(listed, needs_of)
            self._lemmas[lemma] = done

    def candidates(self, lemma: str, words: frozenset[str]) -> Iterator[VerbPattern]:
        """The lemma's patterns whose required words all occur in ``words``, most specific first."""
        ranked = self._lemmas.get(lemma)
        if ranked is None:
            return
        positions = set(ranked.always)
        for word in words:
            found = ranked.by_word.get(word)
            if found is not None:
                positions.update(found)
        for position in sorted(positions):
            if all(not needs.isdisjoint(words) for needs in ranked.required[position]):
                yield ranked.patterns[position]
