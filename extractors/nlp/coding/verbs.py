"""The event type of a trigger: its CAMEO code from the verb dictionary, its PLOVER category, and
what negation, modality and a governing verb make of it.

* The trigger's lemma is looked up in the PETRARCH2 verb dictionary (:mod:`.cameo`); among the
  patterns of its blocks that the parse satisfies (its particle, object head, prepositional
  phrases, subject: "take control", "call for", "fire on"), the most specific gives the code,
  else the verb's own code (corrected by ``coding_overrides.toml``'s ``verb_codes``).
* The code maps to a PLOVER category and mode (:mod:`.plover`, with ``cameo_to_plover`` overrides).
* A governing verb that performs a speech act on its clause ("refused to withdraw", "urged them
  to withdraw", "demanded that they leave": :mod:`.speech_acts`) makes the event that act; a promise
  ("agreed to release") reads the governed action as an intention. Other governing verbs (want,
  plan, fail) give none. Otherwise the modality (``coding_modality.toml``) turns a future
  cooperation into AGREE, a future use of force into THREATEN, a refusal into REJECT, a negated one
  into REJECT or nothing. Reported speech needs no rule: the reported clause is the event ("X said
  it will send aid": *send*, future -> AGREE).
* A verb with no category of its own that performs what its object names takes the event noun's
  code ("completed its investigation": :mod:`.nouns`); a statement whose object carries a speech act
  is that act ("issued a declaration demanding ...": ``statement_means``); a purpose that is a
  protest or a complaint recasts its means (``purpose_categories``).
* Patterns are looked up through :mod:`.pattern_index` (only those whose words occur in the verb's
  clause); :meth:`VerbCoder.exhaustive_pattern` is the reference search it must agree with.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from extractors.nlp.coding.cameo import PrepSlot, VerbDictionary, VerbEntry, VerbPattern, WordSlot
from extractors.nlp.coding.memo import DocMemo
from extractors.nlp.coding.nouns import event_nouns, nominalised_verb, noun_arguments
from extractors.nlp.coding.pattern_index import PatternIndex, clause_words
from extractors.nlp.coding.plover import PloverCode, plover_of
from extractors.nlp.coding.speech_acts import SpeechAct, governing_speech_act
from extractors.nlp.coding.territory import TerritoryRules
from extractors.nlp.rule_families import RuleSwitches

POST_VERB_DEPS = frozenset(
    {"dobj", "prt", "attr", "oprd", "acomp", "advmod", "npadvmod", "xcomp", "dative", "ccomp", "neg"}
)
"""Children of a verb a pattern's post-verb words are looked for in (object, particle, complement)."""
PRE_VERB_DEPS = frozenset({"nsubj", "nsubjpass", "aux", "auxpass", "neg"})
"""Children of a verb a pattern's pre-verb words are looked for in (subject, auxiliaries, negation)."""
PREP_DEPS = frozenset({"prep", "agent", "dative"})
"""Children that head a prepositional phrase."""


@dataclass(frozen=True, slots=True)
class EventType:
    """The coded type of one event."""

    category: str | None
    """PLOVER 2021 category; None when none applies."""
    cameo_code: str | None
    """The CAMEO code read from the dictionary, when it gives the category (None when a modality rule
    changed the category, or when there is none)."""
    mode: str | None
    """The PLOVER mode the table gives the code, if any."""


NO_TYPE = EventType(None, None, None)
CODING_COMPONENT = "eventetl_coding"
"""The component whose rule families (``rule_families.toml``) the coding rules check."""
PROMISE_CATEGORY = "AGREE"
"""A governing speech act of this category is a promise: what it governs is an intention."""
OBLIGATION_CATEGORY = "REQUEST"
"""What an action stated as an obligation ("must withdraw") is: a demand."""
UNCODED_KEY = "uncoded"
"""Key of a modality's rules giving the category of an action the dictionary does not code."""


def _is(token: Token, words: frozenset[str]) -> bool:
    return token.lower_ in words or token.lemma_.lower() in words


def _matches(slot: WordSlot, token: Token) -> bool:
    if slot.phrases and any(
        _is(token, frozenset({phrase[-1]}))
        and all(any(c.lower_ == word for c in token.children) for word in phrase[:-1])
        for phrase in slot.phrases
    ):
        return True
    if not _is(token, slot.heads):
        # A bare noun of a pattern also matches as the compound before the head ("* AID" and
        # "suspended aid deliveries", "* TALKS" and "peace talks"): newswire stacks nouns.
        return not slot.modifiers and any(c.dep_ == "compound" and _is(c, slot.heads) for c in token.children)
    return all(
        any(c.lower_ in words or c.lemma_.lower() in words for c in token.children)
        for words in slot.modifiers
    )


def _prep_phrases(verb: Token, nouns: list[Token]) -> Iterator[Token]:
    """Prepositions on the verb, and on its objects ("staged a series of attacks")."""
    for head in (verb, *nouns):
        for child in head.children:
            if child.dep_ in PREP_DEPS:
                yield child


def _prep_matches(slot: PrepSlot, preps: list[Token]) -> bool:
    for prep in preps:
        if prep.lower_ != slot.preposition:
            continue
        if slot.object is None:
            return True
        if any(c.dep_ == "pobj" and _matches(slot.object, c) for c in prep.children):
            return True
    return False


class VerbCoder:
    """Codes triggers with the verb dictionary, the CAMEO -> PLOVER table and the data-file rules."""

    def __init__(
        self,
        dictionary: VerbDictionary,
        table: Mapping[str, PloverCode],
        *,
        verb_codes: Mapping[str, str],
        phrase_codes: Mapping[str, str],
        modality_rules: Mapping[str, Mapping[str, str]],
        governing_categories: frozenset[str],
        obligation_auxiliaries: frozenset[str],
        purpose_categories: frozenset[str] = frozenset(),
        purpose_means: frozenset[str] = frozenset(),
        statement_means: frozenset[str] = frozenset(),
        nominal_suffixes: Mapping[str, tuple[str, ...]] | None = None,
        performing_verbs: frozenset[str] = frozenset(),
        territory: TerritoryRules | None = None,
        speech_acts: Mapping[str, SpeechAct] | None = None,
    ) -> None:
        self.dictionary = dictionary
        self.table = table
        self.verb_codes = verb_codes
        self.phrase_codes = phrase_codes
        self.modality_rules = modality_rules
        self.governing_categories = governing_categories
        self.obligation_auxiliaries = obligation_auxiliaries
        self.purpose_categories = purpose_categories
        self.purpose_means = purpose_means
        self.statement_means = statement_means
        self.nominal_suffixes = nominal_suffixes or {}
        self.performing_verbs = performing_verbs
        self.territory = territory
        """Territory changing hands (:mod:`.territory`), coded before the dictionary's patterns."""
        self.speech_acts = speech_acts or {}
        """Verbs (or "verb particle") that perform a speech act on the clause they govern."""
        self.index = PatternIndex(dictionary)
        """The patterns by the words they require (built once, with the coder)."""
        self._patterns: dict[tuple[int, int], tuple[Doc, VerbPattern | None]] = {}
        """Best pattern per (Doc, token) of the Doc being coded: each verb is matched once."""
        self.memo = DocMemo()
        """The words of the Doc being coded (the component opens it per Doc)."""

    def begin_document(self, doc: Doc | None = None) -> None:
        """Forget the previous Doc's matches (the component calls this before each Doc, with it)."""
        self._patterns.clear()
        if doc is not None:
            self.memo.begin(doc)
        else:
            self.memo.end()

    # ------------------------------------------------------------------ CAMEO code of a verb
    def lemma(self, verb: Token) -> str:
        """The verb's lemma as the dictionary lists it: spaCy's, else the dictionary's own reading of the form."""
        lemma = verb.lemma_.lower()
        if lemma in self.dictionary.entries:
            return lemma
        return self.dictionary.forms.get(verb.lower_, lemma)

    def _entries(self, verb: Token) -> list[VerbEntry]:
        return self.dictionary.entries.get(self.lemma(verb), [])

    def pattern_for(self, verb: Token) -> VerbPattern | None:
        """The most specific pattern of the verb's blocks that its parse satisfies (earlier line on ties)."""
        key = (id(verb.doc), verb.i)
        known = self._patterns.get(key)
        if known is None or known[0] is not verb.doc:  # the Doc itself: an id may be reused
            known = self._patterns[key] = (verb.doc, self._best_pattern(verb))
        return known[1]

    def _satisfied(
        self, pattern: VerbPattern, before: list[Token], after: list[Token], preps: list[Token]
    ) -> bool:
        return (
            all(any(_matches(s, t) for t in after) for s in pattern.after)
            and all(any(_matches(s, t) for t in before) for s in pattern.before)
            and all(_prep_matches(p, preps) for p in pattern.preps)
        )

    def _best_pattern(self, verb: Token) -> VerbPattern | None:
        """The first satisfied pattern among those whose words occur in the verb's clause (the
        index yields them most specific first): what :meth:`exhaustive_pattern` finds, faster."""
        lemma = self.lemma(verb)
        if lemma not in self.dictionary.entries:
            return None
        after = [c for c in verb.children if c.dep_ in POST_VERB_DEPS]
        before = [c for c in verb.children if c.dep_ in PRE_VERB_DEPS]
        preps = list(_prep_phrases(verb, after))
        for pattern in self.index.candidates(lemma, clause_words(verb, self.memo.words(verb.doc))):
            if self._satisfied(pattern, before, after, preps):
                return pattern
        return None

    def exhaustive_pattern(self, verb: Token) -> VerbPattern | None:
        """The most specific satisfied pattern by trying every pattern of the verb's entries: the
        reference :meth:`_best_pattern` must agree with (tests/test_coding_verbs.py)."""
        entries = self._entries(verb)
        after = [c for c in verb.children if c.dep_ in POST_VERB_DEPS]
        before = [c for c in verb.children if c.dep_ in PRE_VERB_DEPS]
        preps = list(_prep_phrases(verb, after))
        best: VerbPattern | None = None
        for entry in entries:
            for pattern in entry.patterns:
                if best is not None and (pattern.specificity, -pattern.line) <= (
                    best.specificity,
                    -best.line,
                ):
                    continue
                if self._satisfied(pattern, before, after, preps):
                    best = pattern
        return best

    def action_nouns(self, verb: Token) -> frozenset[int]:
        """Indices of the verb's objects its best pattern matched: part of the action ("staged
        rallies", "imposed sanctions"), so not its target."""
        pattern = self.pattern_for(verb)
        if pattern is None:
            return frozenset()
        after = [c for c in verb.children if c.dep_ in POST_VERB_DEPS]
        return frozenset(t.i for t in after if any(_matches(s, t) for s in pattern.after))

    def cameo_code(self, verb: Token) -> str | None:
        """The verb's CAMEO code: an override of its phrase ("regain control", "commit to"), its best pattern's,
        else the verb's own; None when it is no event."""
        lemma = self.lemma(verb)
        if self.territory is not None:
            territorial = self.territory.code(verb, lemma)
            if territorial is not None:
                return territorial or None  # "" holds a place: a state, no event
        for child in verb.children:
            if child.dep_ in ("dobj", "prt", "prep"):
                phrase = self.phrase_codes.get(f"{lemma} {child.lemma_.lower()}")
                if phrase is not None:
                    return phrase
        pattern = self.pattern_for(verb)
        if pattern is not None:
            return pattern.code
        return self.own_code(lemma)

    def own_code(self, lemma: str) -> str | None:
        """The code of a dictionary verb alone: its override, else its first entry's."""
        override = self.verb_codes.get(lemma)
        if override is not None:
            return override
        return next((e.code for e in self.dictionary.entries.get(lemma, []) if e.code is not None), None)

    def noun_code(self, verb: Token) -> str | None:
        """The code of the event noun the verb's object names ("completed its investigation":
        investigate), coded with its verb's patterns (:mod:`.nouns`); None when there is none, or
        when the verb is not one whose object is its subject's own action ("fled the fighting")."""
        if self.lemma(verb) not in self.performing_verbs:
            return None
        for noun in event_nouns(verb):
            lemma = nominalised_verb(noun, self.dictionary.entries, self.nominal_suffixes)
            if lemma is None:
                continue
            objects, preps = noun_arguments(noun)
            matched = next(
                (
                    p
                    for p in self.index.candidates(lemma, clause_words(noun, self.memo.words(noun.doc)))
                    if self._satisfied(p, [], objects, preps)
                ),
                None,
            )
            code = matched.code if matched is not None else self.own_code(lemma)
            if code is not None:
                return code
        return None

    def plover(self, code: str | None) -> PloverCode | None:
        """The PLOVER category (and mode) of a CAMEO code."""
        return plover_of(code, self.table) if code is not None else None

    # ------------------------------------------------------------------ the event's type
    def is_obligation(self, trigger: Token) -> bool:
        """The action is stated as an obligation ("Russia must withdraw"): a demand made of its subject."""
        return any(c.dep_ == "aux" and c.lower_ in self.obligation_auxiliaries for c in trigger.children)

    def purpose_category(self, trigger: Token) -> tuple[str, PloverCode] | None:
        """The CAMEO code and PLOVER reading of the purpose the action serves, when it is one that
        recasts its means: a purpose clause ("shunned work to protest the settlements") or an
        "in"-phrase naming an action ("went on strike in protest against the ban")."""
        purposes = [
            c
            for c in trigger.children
            if c.dep_ in ("advcl", "xcomp") and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children)
        ]
        purposes += [
            o
            for p in trigger.children
            if p.dep_ == "prep" and p.lower_ == "in"
            for o in p.children
            if o.dep_ == "pobj"
        ]
        for purpose in purposes:
            code = self.cameo_code(purpose)
            kind = self.plover(code)
            if code is not None and kind is not None and kind.category in self.purpose_categories:
                return code, kind
        return None

    def statement_content(self, trigger: Token) -> tuple[str, PloverCode] | None:
        """The CAMEO code and PLOVER reading of the speech act a participle on the verb's object
        performs ("issued a declaration demanding that ...": REQUEST), when it is one of the
        governing categories."""
        for noun in trigger.children:
            if noun.dep_ != "dobj":
                continue
            for said in noun.children:
                if said.dep_ != "acl" or said.tag_ != "VBG":
                    continue
                code = self.cameo_code(said)
                kind = self.plover(code)
                if code is not None and kind is not None and kind.category in self.governing_categories:
                    return code, kind
        return None

    def event_type(
        self,
        trigger: Token,
        modality: str,
        *,
        reporting_verbs: frozenset[str] = frozenset(),
        rules: RuleSwitches | None = None,
    ) -> EventType:
        """The type of the event ``trigger`` expresses, asserted with ``modality``.

        ``reporting_verbs``: lemmas that report rather than govern ("claimed to have retaken" is a
        reported retaking, not an accusation). ``rules``: the ``eventetl_coding`` rule families
        switched off (all on by default).
        """
        rules = rules or RuleSwitches(CODING_COMPONENT)
        code = self.cameo_code(trigger)
        entry = self.plover(code)
        speech = (
            governing_speech_act(trigger, self.speech_acts, reporting_verbs=reporting_verbs)
            if rules.on("coding.governing_speech_acts")
            else None
        )
        if speech is not None:
            governor, act = speech
            if act.content is None or (entry is not None and entry.category in act.content):
                # The governor's own code and mode, when the dictionary codes it as this act.
                governor_code = self.cameo_code(governor)
                governing = self.plover(governor_code)
                kind = (
                    EventType(act.category, governor_code, governing.mode)
                    if governing is not None and governing.category == act.category
                    else EventType(act.category, None, None)
                )
                if act.category != PROMISE_CATEGORY:
                    return kind
                # A promise: the governed action as an intention (future), AGREE when it is none.
                modality = "future"
                if entry is None:
                    return kind
        if rules.on("coding.obligations") and self.is_obligation(trigger):
            return EventType(OBLIGATION_CATEGORY, None, None)
        if entry is None and rules.on("coding.event_nouns"):
            noun_code = self.noun_code(trigger)
            noun_kind = self.plover(noun_code)
            if noun_kind is not None:
                code, entry = noun_code, noun_kind
        if rules.on("coding.statement_means") and (entry is None or entry.category in self.statement_means):
            said = self.statement_content(trigger)
            if said is not None:
                code, entry = said
        if rules.on("coding.purposes") and (entry is None or entry.category in self.purpose_means):
            purpose = self.purpose_category(trigger)
            if purpose is not None:
                code, entry = purpose
        turns = self.modality_rules.get(modality, {}) if rules.on("coding.modality") else {}
        if entry is None:
            uncoded = turns.get(UNCODED_KEY)
            return EventType(uncoded, None, None) if uncoded else NO_TYPE
        category = turns.get(entry.category, entry.category)
        if category != entry.category:
            return EventType(category or None, None, None)
        return EventType(entry.category, code, entry.mode)
