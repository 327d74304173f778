"""Reading the PETRARCH2 CAMEO verb dictionary (``vendor/petrarch2/CAMEO.2.0.txt``).

The format is documented in PETRARCH2's ``dictionaries.rst`` ("Verb Dictionary"):

* synonym sets: a ``&LABEL`` line, then ``+WORD`` or ``+TWO_WORDS`` lines;
* verb blocks: ``--- NAME [code] ---`` opens a block whose code (``---``: none) is the default
  of its verbs; then verb lines ``VERB {forms} [code]`` (a multi-word verb marks its verb with
  ``+``: ``+CALL_OFF``, ``WIRE_+TAP``), then pattern lines
  ``- [pre-verb nouns] * [post-verb nouns] [(PREP NOUN) ...] [code] # comment`` that apply to
  every verb of the block. ``{FINANCIAL AID}`` is a phrase whose last word is its head; ``&X``
  is a synonym set; ``$``, ``+``, ``^`` and ``%`` mark the source, the target, a skipped phrase
  and a compound for PETRARCH's own parser, and are no constraint here.
* ``~`` lines are PETRARCH's verb-verb transformations: not read (modality and governing
  verbs are handled by :mod:`extractors.nlp.coding.events`).

Verb forms (``{TOOK TAKEN}``) are not read either: tokens are matched by their spaCy lemma, and
pattern words are lemmatized with the pipeline's own lemmatizer (:meth:`VerbDictionary.lemmatized`).
Codes are CAMEO event codes (``"190"``); ``[042:043]`` (the code of the event and of its mirror
event) is read as its first code, ``[:173]`` as its second; a null code ``---`` is ``None``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace

PATTERN_MARKERS = frozenset({"$", "+", "^", "%"})
"""Pattern tokens that mark roles for PETRARCH's parser, not words to match."""
_CODE = re.compile(r"\[([^\]]*)\]")
_BLOCK = re.compile(r"^---\s+(\S+)\s+\[([^\]]*)\]\s*---")
_PREP_GROUP = re.compile(r"\(([^()]*)\)")


@dataclass(frozen=True, slots=True)
class WordSlot:
    """One noun (or particle) a pattern requires: its head word, with the words before it in a phrase."""

    heads: frozenset[str]
    """Accepted head words, lower-cased (several for a synonym set)."""
    modifiers: tuple[frozenset[str], ...] = ()
    """For ``{FINANCIAL AID}``: the words before the head, each of which must modify it."""
    phrases: frozenset[tuple[str, ...]] = frozenset()
    """A synonym set's multi-word members (``CEASE_FIRE``): the head is the last word, and the words
    before it must modify it ("fire" alone is no ceasefire)."""


@dataclass(frozen=True, slots=True)
class PrepSlot:
    """A prepositional phrase a pattern requires: ``(AGAINST)`` or ``(FOR {FINANCIAL AID})``."""

    preposition: str
    """The preposition, lower-cased."""
    object: WordSlot | None
    """What its object must be; None: any object."""


@dataclass(frozen=True, slots=True)
class VerbPattern:
    """One pattern line of a verb block."""

    code: str | None
    """CAMEO code the pattern gives; None for a null code (the phrase is not an event)."""
    before: tuple[WordSlot, ...]
    """Words required before the verb (its subject's head, an auxiliary or negation)."""
    after: tuple[WordSlot, ...]
    """Words required after the verb (its object, particle or complement)."""
    preps: tuple[PrepSlot, ...]
    """Prepositional phrases required on the verb."""
    line: int
    """Line number in the dictionary file (ties go to the earlier line)."""

    @property
    def specificity(self) -> int:
        """How much the pattern requires: the most specific matching pattern wins."""
        slots = (*self.before, *self.after)
        return sum(1 + len(s.modifiers) for s in slots) + sum(
            1 + (1 + len(p.object.modifiers) if p.object is not None else 0) for p in self.preps
        )


@dataclass(frozen=True, slots=True)
class VerbEntry:
    """A verb of a block: its lemma, the code of the isolated verb, the block's patterns."""

    lemma: str
    """The verb, lower-cased (the word marked ``+`` of a multi-word verb)."""
    code: str | None
    """Code of the verb alone (its own, else its block's); None when the verb alone is no event."""
    block: str
    """Name of the block it belongs to."""
    patterns: tuple[VerbPattern, ...] = ()
    """The block's patterns, plus one for a multi-word verb's other words."""


@dataclass(slots=True)
class VerbDictionary:
    """The parsed dictionary: synonym sets and verb entries by lemma."""

    synsets: dict[str, frozenset[str]] = field(default_factory=dict)
    """``&LABEL`` -> its phrases' head words (the last word), lower-cased."""
    entries: dict[str, list[VerbEntry]] = field(default_factory=dict)
    """Verb lemma -> its entries (a verb may sit in several blocks)."""
    forms: dict[str, str] = field(default_factory=dict)
    """Inflected form -> verb lemma: the irregular forms the file lists in ``{...}`` and the regular
    ones the format generates (``regular_forms``); read when spaCy's lemma is not a listed verb
    (the small model lemmatizes "staged" as "stag")."""
    skipped: list[tuple[int, str]] = field(default_factory=list)
    """Lines that could not be read (line number, reason): a test keeps this short and explained."""

    def words(self) -> frozenset[str]:
        """Every word the patterns match on (for lemmatizing them once)."""
        found: set[str] = set()
        for entries in self.entries.values():
            for entry in entries:
                for pattern in entry.patterns:
                    for slot in (*pattern.before, *pattern.after):
                        found |= slot.heads
                        found |= {phrase[-1] for phrase in slot.phrases}
                        for modifier in slot.modifiers:
                            found |= modifier
                    for prep in pattern.preps:
                        if prep.object is not None:
                            found |= prep.object.heads
        return frozenset(found)

    def lemmatized(self, lemma_of: Callable[[str], str]) -> VerbDictionary:
        """The dictionary with each pattern word's lemma added to its alternatives ("ATTACKS" -> attack)."""

        # A block's patterns are shared by its verbs, and synonym sets by many patterns: each is
        # lemmatized once (memoized), so the compiled dictionary holds one copy of each.
        slots: dict[WordSlot, WordSlot] = {}
        patterns: dict[int, VerbPattern] = {}

        def slot(s: WordSlot) -> WordSlot:
            done = slots.get(s)
            if done is None:
                done = slots[s] = WordSlot(
                    frozenset(s.heads | {lemma_of(w) for w in s.heads}),
                    tuple(frozenset(m | {lemma_of(w) for w in m}) for m in s.modifiers),
                    frozenset(s.phrases | {(*p[:-1], lemma_of(p[-1])) for p in s.phrases}),
                )
            return done

        def prep(p: PrepSlot) -> PrepSlot:
            return PrepSlot(p.preposition, slot(p.object) if p.object is not None else None)

        def pattern(p: VerbPattern) -> VerbPattern:
            done = patterns.get(id(p))
            if done is None:
                done = patterns[id(p)] = replace(
                    p,
                    before=tuple(slot(s) for s in p.before),
                    after=tuple(slot(s) for s in p.after),
                    preps=tuple(prep(x) for x in p.preps),
                )
            return done

        entries = {
            lemma: [replace(entry, patterns=tuple(pattern(p) for p in entry.patterns)) for entry in entries]
            for lemma, entries in self.entries.items()
        }
        return VerbDictionary(dict(self.synsets), entries, dict(self.forms), list(self.skipped))


def read_code(text: str) -> str | None:
    """``"190"`` -> "190"; ``"042:043"`` -> "042"; ``":173"`` -> "173"; ``"---"`` -> None."""
    for part in text.strip().split(":"):
        part = part.strip()
        if part and part != "---":
            return part
        if part == "---":
            return None
    return None


def _slot(words: list[str], synsets: dict[str, frozenset[str]]) -> WordSlot | None:
    """A phrase's words as a slot: the last is the head; None when a synonym set is unknown."""
    alternatives: list[frozenset[str]] = []
    for word in words:
        if word.startswith("&"):
            members = synsets.get(word[1:].upper())
            if members is None:
                return None
            alternatives.append(members)
        else:  # "ATTACK/BOMBING/RAID": alternatives
            alternatives.append(frozenset(w.lower().replace("_", " ") for w in word.split("/") if w))
    # Multi-word members ("cease fire") are phrases; as a modifier, a member counts by its last word.
    head = alternatives[-1]
    modifiers = tuple(frozenset(m.split()[-1] for m in words_) for words_ in alternatives[:-1])
    return WordSlot(
        frozenset(m for m in head if " " not in m),
        modifiers,
        frozenset(tuple(m.split()) for m in head if " " in m),
    )


def _nouns(text: str, synsets: dict[str, frozenset[str]]) -> list[WordSlot] | None:
    """The noun slots of a pattern part: bare words and ``{PHRASES}``; None when one cannot be read."""
    slots: list[WordSlot] = []
    for phrase in re.findall(r"\{[^}]*\}|\S+", text):
        words = phrase.strip("{}").split() if phrase.startswith("{") else [phrase]
        words = [w for w in words if w not in PATTERN_MARKERS]
        if not words:
            continue
        slot = _slot(words, synsets)
        if slot is None:
            return None
        slots.append(slot)
    return slots


def parse_pattern(
    body: str, code: str | None, line: int, synsets: dict[str, frozenset[str]]
) -> VerbPattern | None:
    """A pattern line's text (without ``-`` and code) as a :class:`VerbPattern`; None when unreadable."""
    if body.count("*") != 1 or "_*" in body or "*_" in body:
        return None
    before_text, after_text = body.split("*")
    preps: list[PrepSlot] = []
    for group in _PREP_GROUP.findall(after_text):
        words = group.split(None, 1)
        if not words:
            return None
        # The object is one phrase, braced or not: "(TO A VOTE)", "(OF {BANNED PARTIES})".
        phrase = (
            [w for w in words[1].replace("{", " ").replace("}", " ").split() if w not in PATTERN_MARKERS]
            if len(words) > 1
            else []
        )
        noun = _slot(phrase, synsets) if phrase else None
        if phrase and noun is None:
            return None
        preps.append(PrepSlot(words[0].lower(), noun))
    before = _nouns(_PREP_GROUP.sub(" ", before_text), synsets)
    after = _nouns(_PREP_GROUP.sub(" ", after_text), synsets)
    if before is None or after is None or "(" in before_text:
        return None
    return VerbPattern(code, tuple(before), tuple(after), tuple(preps), line)


def regular_forms(verb: str) -> tuple[str, ...]:
    """The regular forms the format generates for a verb: -s/-es/-ies, -ed/-d/-ied, -ing."""
    if verb.endswith("e"):
        return (verb + "s", verb + "d", verb[:-1] + "ing")
    if verb.endswith("y") and len(verb) > 1 and verb[-2] not in "aeiou":
        return (verb[:-1] + "ies", verb[:-1] + "ied", verb + "ing")
    if verb.endswith(("s", "sh", "ch", "x", "z")):
        return (verb + "es", verb + "ed", verb + "ing")
    return (verb + "s", verb + "ed", verb + "ing")


def _forms(text: str, verb: str) -> dict[str, str]:
    """Form -> lemma for a single-word verb line: its ``{...}`` forms, else its regular ones."""
    if "_" in text.split()[0]:
        return {}
    braces = re.search(r"\{([^}]*)\}", text)
    listed = [w.strip(",").lower() for w in braces.group(1).split()] if braces else []
    return {form: verb for form in (*listed, *regular_forms(verb)) if form and "_" not in form}


def _verb_line(text: str, block_code: str | None, block: str, line: int) -> VerbEntry | None:
    """A verb line (``TAKE {TOOK TAKEN} [code]``, ``+CALL_OFF [160]``) as an entry."""
    codes = _CODE.findall(text)
    code = read_code(codes[0]) if codes else block_code
    head = re.sub(r"\{[^}]*\}|\[[^\]]*\]", " ", text).split()
    if not head:
        return None
    words = head[0].split("_")
    marked = [w for w in words if w.startswith("+")]
    verb = (marked[0] if marked else words[0]).lstrip("+").lower()
    others = [w.lstrip("+").lower() for w in words if w.lstrip("+").lower() != verb and w]
    patterns: tuple[VerbPattern, ...] = ()
    if others:
        # "+CALL_OFF": the other words must come with the verb (a particle, object or preposition).
        patterns = (VerbPattern(code, (), tuple(WordSlot(frozenset({w})) for w in others), (), line),)
    return VerbEntry(verb, code if not others else None, block, patterns)


def with_synset_members(lines: Iterable[str], extra: Mapping[str, Iterable[str]]) -> list[str]:
    """The dictionary's lines with ``extra`` members added to their synonym sets (``LABEL`` ->
    words as the file writes them, ``ARMED_FORCES``), right after each set's ``&LABEL`` line, so that
    every pattern naming the set reads them."""
    wanted = {label.upper(): list(words) for label, words in extra.items()}
    result: list[str] = []
    for raw in lines:
        result.append(raw)
        stripped = raw.split("#", 1)[0].strip()
        if stripped.startswith("&"):
            label = stripped[1:].rstrip("_").upper()
            result.extend(f"+{word.upper()}" for word in wanted.pop(label, []))
    if wanted:
        raise ValueError(f"no synonym sets {sorted(wanted)} in the verb dictionary")
    return result


def parse_verb_dictionary(lines: Iterable[str]) -> VerbDictionary:
    """Parse the dictionary's lines (see the module docstring)."""
    result = VerbDictionary()
    synset: str | None = None
    members: set[str] = set()
    block, block_code = "", None
    block_entries: list[VerbEntry] = []
    block_patterns: list[VerbPattern] = []

    def close_synset() -> None:
        if synset is not None:
            result.synsets[synset] = frozenset(members)

    def close_block() -> None:
        for entry in block_entries:
            merged = replace(entry, patterns=(*entry.patterns, *block_patterns))
            result.entries.setdefault(entry.lemma, []).append(merged)

    for number, raw in enumerate(lines, start=1):
        text = raw.split("#", 1)[0].rstrip()
        if not text.strip():
            continue
        stripped = text.strip()
        if stripped.startswith("&"):
            close_synset()
            synset, members = stripped[1:].rstrip("_").upper(), set()
        elif stripped.startswith("+") and synset is not None:
            members.add(" ".join(stripped[1:].rstrip("_").lower().replace("_", " ").split()))
        elif stripped.startswith("---"):
            close_synset()
            synset = None
            close_block()
            match = _BLOCK.match(stripped)
            if match is None:
                result.skipped.append((number, "block header"))
                block, block_code = "", None
            else:
                block, block_code = match.group(1), read_code(match.group(2))
            block_entries, block_patterns = [], []
        elif stripped.startswith("~"):
            continue  # a transformation (see the module docstring)
        elif stripped.startswith("-"):
            codes = _CODE.findall(stripped)
            body = _CODE.sub(" ", stripped[1:])
            pattern = parse_pattern(body, read_code(codes[-1]), number, result.synsets) if codes else None
            if pattern is None:
                result.skipped.append((number, "pattern"))
            else:
                block_patterns.append(pattern)
        elif block:
            entry = _verb_line(stripped, block_code, block, number)
            if entry is None:
                result.skipped.append((number, "verb"))
            else:
                block_entries.append(entry)
                for form, lemma in _forms(stripped, entry.lemma).items():
                    result.forms.setdefault(form, lemma)
    close_synset()
    close_block()
    return result
