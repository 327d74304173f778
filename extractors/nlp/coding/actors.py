"""The actor coder: an actor or target noun phrase -> its country, sector and a normalised name.

Evidence comes from the vendored Phoenix dictionaries (PETRARCH2, MIT; see
``extractors/lexicon/vendor/README.md``): named actors (countries with their names, demonyms and
capitals; leaders and officials with date ranges; organisations) and generic agents
("rebels" -> REB, "soldiers" -> MIL). ``ActorCoder.code`` finds every dictionary phrase in the
noun phrase, longest match first, on each token's text, lemma or singular (a possessive also
folded into its word: "People's" as "Peoples"), then (:func:`.actor_evidence.decide_sector`):

- the phrase's head decides the sector: the match holding the head word (``troops`` in "Syrian
  troops"); a state named as the actor ("Moscow said", "the Russians") is its government (GOV), a
  bare demonym as the head ("Syrians fled") its civilians (CVL); an organisation's agents belong to it ("NATO
  soldiers" -> IGO); a head coded with no sector ("spokesman") speaks for the nearest match that
  has one, else the state the phrase names; a head of a kind outside the set (ELI) or an unknown
  head takes a sector only from its premodifiers ("President", "Judge"); an unknown head with an
  "of" object naming people is read as that object ("a group of diplomats");
- a country comes from the deciding match's code, else from the nearest modifier, possessor,
  compound or apposition that has one ("Syrian", "Syria's", "Assad's");
- a person named by surname alone ("Kerry"), whom the dictionaries list only by full name, is
  found among the dictionaries' people when the spaCy entity is that one word and every candidate
  agrees on the country;
- international and non-governmental organisations (IGO, NGO) have no country.

Named actors must be written with a capital (so "turkey" is not Turkey); agents match in any case.
Codes with date ranges are chosen by the document's date (``on``); without one, the most recent
range (one still open first), then the code without a range (see ``actor_dictionary.rule_on``).
"""

from __future__ import annotations

import datetime
import functools
import sys
from collections.abc import Sequence
from dataclasses import dataclass

from spacy.tokens import Span, Token

from extractors.lexicon import lexicon_path
from extractors.nlp.coding.actor_codes import CodeVocabulary, DecodedCode, code_vocabulary
from extractors.nlp.coding.actor_dictionary import (
    ActorEntry,
    organisation_acronyms,
    parse_actor_dictionary,
    parse_agent_dictionary,
    parse_codes,
    rule_on,
)
from extractors.nlp.coding.actor_evidence import Evidence, decide_sector
from extractors.nlp.coding.actor_names import ORGANISATION_PREFIXES, NameBook
from extractors.nlp.coding.memo import DocMemo

VENDOR_FOLDER = "vendor/petrarch2"
"""Where the Phoenix dictionaries are vendored, inside ``extractors/lexicon``."""
ACTOR_FILES = (
    "Phoenix.Countries.actors.txt",
    "Phoenix.International.actors.txt",
    "Phoenix.MilNonState.actors.txt",
)
"""The named-actor dictionaries, in the order their entries are preferred on a tie."""
AGENT_FILE = "Phoenix.agents.txt"
"""The generic-agent dictionary."""
ETHNIC_WORDS = frozenset({"ethnic"})
"""A word before a demonym that makes it an ethnic group's name, not a nationality."""
FORMS_CACHE_SIZE = 200_000
"""Words' forms are kept per process up to this many (text, lemma) pairs, then read afresh."""
SURNAME_MIN_LETTERS = 3
"""Shorter last words (al, bin, jr) are not surnames to look people up by."""


@dataclass(frozen=True, slots=True)
class ActorCode:
    """The coded identity of an actor or target phrase (``events.actor_country`` etc.)."""

    country: str | None
    """ISO 3166-1 alpha-3 code; None when unknown, and for IGO/NGO actors."""
    sector: str | None
    """A sector of the closed set (``extractors/lexicon/coding_actor_sectors.toml``); None when unknown."""
    name: str | None
    """Normalised name for BI grouping ("Syrian armed forces", "United Nations"); None when uncoded."""


UNCODED = ActorCode(None, None, None)
"""A phrase the dictionaries say nothing about."""


class ActorCoder:
    """The Phoenix dictionaries compiled into token-sequence lookups; ``code`` codes one phrase."""

    def __init__(self, entries: Sequence[ActorEntry], vocabulary: CodeVocabulary) -> None:
        self.vocabulary = vocabulary
        """Code -> country and sector tables."""
        self.entries: tuple[ActorEntry, ...] = tuple(entries)
        """Every entry of the dictionaries, actors before agents."""
        # Phrases are looked up by their first two words (one-word phrases by their word), so that a
        # token like "al" or "the" does not scan the thousands of phrases starting with it.
        index: dict[tuple[str, ...], list[tuple[tuple[str, ...], int]]] = {}
        surnames: dict[str, list[int]] = {}
        for number, entry in enumerate(self.entries):
            person = not entry.agent and any(r.dated for r in entry.rules)
            for words in entry.phrases:
                index.setdefault(words[:2], []).append((words, number))
                if person and len(words) >= 2 and len(words[-1]) >= SURNAME_MIN_LETTERS:
                    surnames.setdefault(words[-1], []).append(number)
        self._index = index
        # Which words key a phrase, alone or as the first of two: most words of a phrase key none.
        self._singles = frozenset(key[0] for key in index if len(key) == 1)
        pairs: dict[str, set[str]] = {}
        for key in index:
            if len(key) == 2:
                pairs.setdefault(key[0], set()).add(key[1])
        self._pairs = {first: frozenset(seconds) for first, seconds in pairs.items()}
        self._known_forms: dict[tuple[str, str], frozenset[str]] = {}
        self._surnames = {name: tuple(dict.fromkeys(numbers)) for name, numbers in surnames.items()}
        self.names = NameBook(self.entries, vocabulary)
        """Normalised names of countries, sectors and named actors."""
        self.memo = DocMemo()
        """Codes, countries and token forms of the Doc being coded (the component opens it per Doc)."""

    @classmethod
    def load(cls) -> ActorCoder:
        """The coder compiled from the packaged dictionaries, once per process."""
        return _compiled_coder()

    @property
    def phrase_count(self) -> int:
        """How many dictionary phrases the lookups hold."""
        return sum(len(candidates) for candidates in self._index.values())

    # ------------------------------------------------------------------ matching
    @staticmethod
    def _kept(phrase: Span) -> list[Token]:
        """The phrase's tokens that can be words of a dictionary phrase (no hyphens, commas, ...)."""
        return [t for t in phrase if not t.is_punct or t.text in ("'", "\u2019")]

    def _forms(self, token: Token) -> frozenset[str]:
        """The words a token may match: its text, lemma, text without periods, and singular."""
        lower, lemma = token.lower_, token.lemma_
        known = self._known_forms.get((lower, lemma))
        if known is None:
            if len(self._known_forms) >= FORMS_CACHE_SIZE:
                self._known_forms.clear()
            known = self._known_forms[(lower, lemma)] = word_forms(lower, lemma)
        return known

    def _lookups(self, forms: list[frozenset[str]], i: int) -> list[tuple[tuple[str, ...], int]]:
        """The dictionary phrases that may start at ``forms[i]``: keyed by its word, then by it and
        the next (in that order, which ``_resolve`` breaks ties by); only words that key a phrase."""
        hits = [hit for first in forms[i] if first in self._singles for hit in self._index[(first,)]]
        if i + 1 < len(forms):
            for first in forms[i]:
                seconds = self._pairs.get(first)
                if seconds is not None:
                    hits += [
                        hit
                        for second in forms[i + 1]
                        if second in seconds
                        for hit in self._index[(first, second)]
                    ]
        return hits

    def _matches(self, tokens: list[Token]) -> dict[tuple[int, int], list[int]]:
        """Every dictionary phrase found in ``tokens``: (start, end) -> entry numbers."""
        forms = [self._forms(t) for t in tokens]
        lookups = [self._lookups(forms, i) for i in range(len(tokens))]
        found: dict[tuple[int, int], list[int]] = {}
        self._scan(tokens, forms, [(i, i + 1) for i in range(len(tokens))], lookups, found)
        possessive = [i for i, t in enumerate(tokens) if i and t.lower_.replace("\u2019", "'") in ("'s", "'")]
        if possessive:
            # "People's Republic" is also listed as "Peoples Republic": scan again with each
            # possessive folded into the word before it.
            folded: list[frozenset[str]] = []
            spans: list[tuple[int, int]] = []
            for i, token_forms in enumerate(forms):
                if i in possessive:
                    folded[-1] = folded[-1] | {f + "s" for f in folded[-1]}
                    spans[-1] = (spans[-1][0], i + 1)
                else:
                    folded.append(token_forms)
                    spans.append((i, i + 1))
            self._scan(tokens, folded, spans, [self._lookups(folded, i) for i in range(len(folded))], found)
        return found

    def _scan(
        self,
        tokens: list[Token],
        forms: list[frozenset[str]],
        spans: list[tuple[int, int]],
        lookups: list[list[tuple[tuple[str, ...], int]]],
        found: dict[tuple[int, int], list[int]],
    ) -> None:
        """Add to ``found`` the phrases matching ``forms`` (the words of the ``spans`` of ``tokens``),
        among the ``lookups`` (``_lookups``) of each position."""
        capital: list[bool] | None = None
        for i, hits in enumerate(lookups):
            for words, number in hits:
                end = i + len(words)
                if end > len(forms) or not all(words[k] in forms[i + k] for k in range(2, len(words))):
                    continue
                start, stop = spans[i][0], spans[end - 1][1]
                entry = self.entries[number]
                if capital is None:
                    capital = [t.text[:1].isupper() for t in tokens]
                if not entry.agent and not any(capital[start:stop]):
                    continue  # a named actor is written with a capital: "turkey" is not Turkey
                if entry.acronym and not tokens[start].text.replace(".", "").isupper():
                    continue  # a derived acronym only in capitals: "OSCE", not "Osce"
                numbers = found.setdefault((start, stop), [])
                if number not in numbers:
                    numbers.append(number)

    def _resolve(self, numbers: Sequence[int], on: datetime.date | None) -> tuple[str, ActorEntry] | None:
        """The best-fitting code among entries sharing a phrase: best date fit, then named before agent."""
        best: tuple[int, int, int] | None = None
        chosen: tuple[str, ActorEntry] | None = None
        for rank, number in enumerate(numbers):
            entry = self.entries[number]
            fit = rule_on(entry, on)
            if fit is None:
                continue
            key = (fit[0], 0 if entry.agent else 1, -rank)
            if best is None or key > best:
                best, chosen = key, (fit[1].code, entry)
        return chosen

    def _evidence(self, tokens: list[Token], on: datetime.date | None) -> list[Evidence]:
        """The matches kept, longest first, none overlapping another."""
        evidence: list[Evidence] = []
        taken: set[int] = set()
        found = self._matches(tokens)
        for (start, end), numbers in sorted(
            found.items(), key=lambda item: (item[0][0] - item[0][1], item[0][0])
        ):
            if taken.intersection(range(start, end)):
                continue
            resolved = self._resolve(numbers, on)
            if resolved is None:
                continue
            taken.update(range(start, end))
            code, entry = resolved
            decoded = self.vocabulary.decode(code)
            if decoded.country_only and start and tokens[start - 1].lower_ in ETHNIC_WORDS:
                # "ethnic Albanians", "ethnic Turks": an ethnic group, not the state's people; where
                # they live is told by the context (``roles.context_country``).
                decoded = DecodedCode(None, "CVL", country_only=False)
            evidence.append(Evidence(start, end, code, decoded, entry))
        return evidence

    def _by_surname(self, token: Token, at: int, on: datetime.date | None) -> Evidence | None:
        """A person named by surname alone, when every best candidate agrees on the country."""
        # A one-token PERSON entity, read from the token's IOB tags: Doc.ents builds every entity
        # Span anew on each access, which cost half of the coding step.
        doc = token.doc
        continues = token.i + 1 < len(doc) and doc[token.i + 1].ent_iob_ == "I"
        if token.ent_iob_ != "B" or token.ent_type_ != "PERSON" or continues:
            return None  # a full name the dictionaries lack is someone else with that surname
        numbers = self._surnames.get(token.lower_, ())
        fits = [(f, self.entries[n]) for n in numbers if (f := rule_on(self.entries[n], on)) is not None]
        if not fits:
            return None
        top = max(f[0] for f, _ in fits)
        codes = [(f[1].code, e) for f, e in fits if f[0] == top]
        countries = {self.vocabulary.decode(code).country for code, _ in codes}
        if len(countries) != 1 or None in countries:
            return None
        code, entry = codes[0]
        return Evidence(at, at + 1, code, self.vocabulary.decode(code), entry)

    def countries(self, span: Span, *, on: datetime.date | None) -> list[tuple[int, str]]:
        """The countries ``span`` names (names, demonyms, capitals, coded actors): (Doc token index, ISO)."""
        return list(
            self.memo.get(
                span.doc, ("countries", span.start, span.end, on), lambda: self._countries(span, on)
            )
        )

    def _countries(self, span: Span, on: datetime.date | None) -> tuple[tuple[int, str], ...]:
        tokens = self._kept(span)
        found = [(tokens[e.start].i, e.code.country) for e in self._evidence(tokens, on) if e.code.country]
        return tuple(sorted(found))

    # ------------------------------------------------------------------ coding

    def code(self, phrase: Span, *, on: datetime.date | None) -> ActorCode:
        """The country, sector and normalised name of ``phrase`` on the document's date ``on``."""
        if isinstance(on, datetime.datetime):
            on = on.date()  # a timestamp does not compare with the dictionaries' dates
        return self.memo.get(
            phrase.doc, ("code", phrase.start, phrase.end, on), lambda: self._code(phrase, on)
        )

    def _code(self, phrase: Span, on: datetime.date | None) -> ActorCode:
        tokens = self._kept(phrase)
        if not tokens:
            return UNCODED
        root = phrase.root
        head = next((i for i, t in enumerate(tokens) if t.i == root.i), len(tokens) - 1)
        evidence = self._evidence(tokens, on)
        at_head = next((e for e in evidence if e.start <= head < e.end), None)
        if at_head is None:
            # "A group of Moroccan diplomats", "thousands of Syrians": an unknown head's "of" object
            # says who they are.
            of_object = next(
                (o for p in root.children if p.lower_ == "of" for o in p.children if o.dep_ == "pobj"), None
            )
            position = next(
                (i for i, t in enumerate(tokens) if of_object is not None and t.i == of_object.i), None
            )
            named = next((e for e in evidence if position is not None and e.start <= position < e.end), None)
            # ... when it names people ("of civilians", "of Syrians"), not a place ("the loss of Aleppo").
            if (
                position is not None
                and named
                and (not named.code.country_only or tokens[position].ent_type_ == "NORP")
            ):
                head, at_head = position, named
        if at_head is None:
            at_head = self._by_surname(tokens[head], head, on)
            if at_head is not None:
                evidence.append(at_head)
        if not evidence:
            return UNCODED

        def distance(e: Evidence) -> int:
            return 0 if e.start <= head < e.end else min(abs(e.start - head), abs(e.end - 1 - head))

        nearest = sorted(evidence, key=distance)
        decider, sector = decide_sector(tokens[head], head, at_head, nearest)
        if (
            sector is None
            and decider is not None
            and decider is at_head
            and any(r.dated for r in decider.entry.rules)
        ):
            # A person out of office on that date (ELI) whose name the text writes with a title inside the
            # dictionary's own phrase ("President Reagan"): the title says the role ("former president": none).
            titles = [e for e in self._evidence(tokens[decider.start : head], on) if e.entry.agent]
            sector = next((e.code.sector for e in reversed(titles)), None)
        country: str | None = None
        if sector not in ("IGO", "NGO"):
            country = next((e.code.country for e in nearest if e.code.country is not None), None)
            if decider is not None and decider.code.country is not None:
                country = decider.code.country
        if sector is None and country is None:
            return UNCODED
        name = self.names.name(decider.entry, decider.raw, country, sector) if decider else None
        return ActorCode(country, sector, name or self.names.name(None, None, country, sector))


@functools.cache
def _compiled_coder() -> ActorCoder:
    """Parse the vendored dictionaries and compile the coder (once per process)."""
    entries: list[ActorEntry] = []
    for file_name in ACTOR_FILES:
        entries.extend(parse_actor_dictionary(_vendored(file_name)))
    entries.extend(organisation_acronyms(entries, ORGANISATION_PREFIXES))
    vocabulary = code_vocabulary()
    overrides = {
        phrase: tuple(parse_codes(f"[{code or '---'}]"))
        for phrase, code in vocabulary.agent_overrides.items()
    }
    agents = []
    for agent in parse_agent_dictionary(_vendored(AGENT_FILE)):
        primary = " ".join(agent.phrases[0])
        rules = overrides.pop(primary, agent.rules)  # the overrides file corrects this agent's code
        agents.append(ActorEntry(agent.name, agent.phrases, rules, agent=True))
    for phrase, rules in overrides.items():  # and adds the agents the dictionary lacks
        agents.append(ActorEntry(phrase, (tuple(sys.intern(w) for w in phrase.split()),), rules, agent=True))
    return ActorCoder([*entries, *agents], vocabulary)


def word_forms(lower: str, lemma: str) -> frozenset[str]:
    """The words a token written ``lower`` (lower-cased) with ``lemma`` may match: its text, lemma,
    text without periods, and singular."""
    lower = lower.replace("\u2019", "'")
    forms = {lower, lemma.lower(), lower.replace(".", "")}
    if lower == "'":
        forms.add("'s")
    if len(lower) > 3 and lower.endswith("s") and not lower.endswith("ss"):
        # The dictionaries list singulars and derive regular plurals, as PETRARCH does; a proper
        # noun's lemma is often its plural text ("Syrians").
        forms.add(lower[:-3] + "y" if lower.endswith("ies") else lower[:-1])
    forms.discard("")
    return frozenset(forms)


def _vendored(file_name: str) -> str:
    return lexicon_path(f"{VENDOR_FOLDER}/{file_name}").read_text(encoding="utf-8")
