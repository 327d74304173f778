"""The ``eventetl_coding`` component: who did what to whom, coded.

It runs after ``eventetl_ranking`` and replaces each frame of ``doc._.events`` with one that has
its PLOVER ``event_type`` (with the CAMEO code and mode), its ``target``, and the actor's and
target's country, sector and normalised name (``ActorCoder`` of :mod:`.actors`). The lexicons
(the verb dictionary, the CAMEO -> PLOVER table, the actor dictionaries) are compiled once per
process, in ``initialize``.
"""

from __future__ import annotations

import datetime as dt
import functools
import time
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass, replace
from importlib import resources
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Token

from extractors.lexicon import LEXICON_PACKAGE, table, words
from extractors.nlp.coding.actors import ActorCoder
from extractors.nlp.coding.cameo import VerbDictionary, parse_verb_dictionary, with_synset_members
from extractors.nlp.coding.counts import load_counted_participants, with_implied_count
from extractors.nlp.coding.plover import PloverCode, parse_plover_table
from extractors.nlp.coding.roles import code_roles
from extractors.nlp.coding.speech_acts import read_speech_acts
from extractors.nlp.coding.targets import target_phrase
from extractors.nlp.coding.territory import TerritoryRules
from extractors.nlp.coding.verbs import CODING_COMPONENT, VerbCoder
from extractors.nlp.events.actors import noun_phrase
from extractors.nlp.events.component import EventExtractor
from extractors.nlp.events.frame import EventFrame, frames_in
from extractors.nlp.events.lexicon import EventLexicon
from extractors.nlp.extensions import doc_text
from extractors.nlp.rule_families import RuleSwitches

VERB_DICTIONARY = "vendor/petrarch2/CAMEO.2.0.txt"
"""The PETRARCH2 CAMEO verb dictionary, relative to the lexicon package."""
PLOVER_TABLE = "vendor/plover/CAMEO2PLOVER-2021.txt"
"""The CAMEO -> PLOVER 2021 table, relative to the lexicon package."""
OVERRIDES = "coding_overrides"
"""Corrections to the two resources (``extractors/lexicon/coding_overrides.toml``)."""
MODALITY_RULES = "coding_modality"
"""How modality and governing verbs turn a category into another (``coding_modality.toml``)."""
NOMINAL_SUFFIXES = "coding_nominal_suffixes"
"""How an event noun names its verb (``coding_nominal_suffixes.toml``, :mod:`.nouns`)."""
PLACE_NOUNS = "events_place_nouns"
"""Kinds of places (the events component's list), the objects territory is taken as (:mod:`.territory`)."""
PERFORMING_VERBS = "coding_performing_verbs"
"""Verbs whose object noun names their subject's action (``coding_performing_verbs.txt``)."""
SPEECH_ACT_VERBS = "coding_speech_act_verbs"
"""Verbs that perform a speech act on the clause they govern (``coding_speech_act_verbs.toml``)."""


def vendored_path(relative: str) -> Path:
    """A vendored resource file of the lexicon package."""
    path = Path(str(resources.files(LEXICON_PACKAGE).joinpath(relative)))
    if not path.is_file():
        raise FileNotFoundError(f"no vendored file {relative!r} in {LEXICON_PACKAGE}")
    return path


def read_verb_dictionary(synset_members: Mapping[str, Iterable[str]] | None = None) -> VerbDictionary:
    """The parsed verb dictionary (not lemmatized), with ``synset_members`` added to its synonym sets."""
    lines = vendored_path(VERB_DICTIONARY).read_text(encoding="utf-8").splitlines()
    return parse_verb_dictionary(with_synset_members(lines, synset_members or {}))


def _noun_lemmatizer(nlp: Language | None) -> Callable[[Iterable[str]], dict[str, str]]:
    """Lemmas of words read as nouns, by the pipeline's own lemmatizer ("attacks" -> attack)."""

    def lemmas(words: Iterable[str]) -> dict[str, str]:
        ordered = sorted(w for w in words if w and " " not in w)
        if nlp is None or "lemmatizer" not in nlp.pipe_names or not ordered:
            return {w: w for w in ordered}
        doc = Doc(nlp.vocab, words=ordered, pos=["NOUN"] * len(ordered))
        doc = nlp.get_pipe("lemmatizer")(doc)
        return {w: t.lemma_.lower() or w for w, t in zip(ordered, doc, strict=True)}

    return lemmas


@functools.cache
def load_verb_coder(nlp: Language | None = None) -> VerbCoder:
    """The verb coder, compiled once per process (and pipeline): parse, lemmatize, map."""
    overrides = table(OVERRIDES)
    dictionary = read_verb_dictionary(overrides["synset_members"])
    lemmas = _noun_lemmatizer(nlp)(dictionary.words())
    dictionary = dictionary.lemmatized(lambda w: lemmas.get(w, w))
    plover = parse_plover_table(vendored_path(PLOVER_TABLE).read_text(encoding="utf-8").splitlines())
    for code, category in overrides["cameo_to_plover"].items():
        plover.setdefault(code, PloverCode(category, None))
    for code, category in overrides["plover_corrections"].items():
        plover[code] = PloverCode(category, None)  # the table's category is wrong for our gold
    rules = table(MODALITY_RULES)
    return VerbCoder(
        dictionary,
        plover,
        verb_codes=dict(overrides["verb_codes"]),
        phrase_codes=dict(overrides["phrase_codes"]),
        modality_rules={k: dict(v) for k, v in rules.items() if isinstance(v, Mapping)},
        governing_categories=frozenset(rules["governing_categories"]),
        obligation_auxiliaries=frozenset(rules["obligation_auxiliaries"]),
        purpose_categories=frozenset(rules["purpose_categories"]),
        purpose_means=frozenset(rules["purpose_means"]),
        statement_means=frozenset(rules["statement_means"]),
        nominal_suffixes={k: tuple(v) for k, v in table(NOMINAL_SUFFIXES).items()},
        performing_verbs=words(PERFORMING_VERBS),
        territory=TerritoryRules.load(words(PLACE_NOUNS)),
        speech_acts=read_speech_acts(table(SPEECH_ACT_VERBS)),
    )


@dataclass(frozen=True, slots=True)
class CompileCost:
    """What compiling the coding lexicons took (README "Event coding")."""

    seconds: float
    """Wall time of the compilation."""


def _trigger_token(doc: Doc, frame: EventFrame) -> Token | None:
    span = doc.char_span(frame.trigger_char, frame.trigger_char + len(frame.trigger), alignment_mode="expand")
    return span[0] if span is not None and len(span) else None


def document_date(doc: Doc) -> dt.date | None:
    """The document's publication date (``doc._.published_date``, ISO), for the leaders' date ranges."""
    published = doc._.published_date
    if not published:
        return None
    try:
        return dt.date.fromisoformat(str(published)[:10])
    except ValueError:
        return None


class EventCoder:
    """Codes every frame of a Doc (see the module docstring)."""

    def __init__(
        self, nlp: Language, name: str, *, max_target_tokens: int, disabled_rules: Collection[str] = ()
    ) -> None:
        self.name = name
        self.rules = RuleSwitches.of(CODING_COMPONENT, disabled_rules)
        self.max_target_tokens = max_target_tokens
        self._nlp = nlp
        self._verbs: VerbCoder | None = None
        self._actors: ActorCoder | None = None
        self._lexicon: EventLexicon | None = None
        self.compile_cost: CompileCost | None = None

    def initialize(
        self, get_examples: Callable[[], Iterable[Any]] | None = None, *, nlp: Language | None = None
    ) -> None:
        """Compile the lexicons (``pipeline.add_components`` calls this; cached per process)."""
        nlp = nlp or self._nlp
        started = time.perf_counter()
        self._verbs = load_verb_coder(nlp)
        self._actors = ActorCoder.load()
        load_counted_participants()  # read when the pipeline is built (cached)
        events = nlp.get_pipe("eventetl_events")
        assert isinstance(events, EventExtractor), "eventetl_coding runs after eventetl_events"
        self._lexicon = events.lexicon
        self.compile_cost = CompileCost(time.perf_counter() - started)

    @property
    def verbs(self) -> VerbCoder:
        """The verb coder; compiled on first use when ``initialize`` was not called."""
        if self._verbs is None:
            self.initialize()
        assert self._verbs is not None
        return self._verbs

    @property
    def actors(self) -> ActorCoder:
        """The actor coder (H15b's :mod:`.actors`); compiled on first use when ``initialize`` was not called."""
        if self._actors is None:
            self.initialize()
        assert self._actors is not None
        return self._actors

    @property
    def lexicon(self) -> EventLexicon:
        """The events component's vocabularies (pronouns, predicate nouns)."""
        if self._lexicon is None:
            self.initialize()
        assert self._lexicon is not None
        return self._lexicon

    def code_frame(self, doc: Doc, frame: EventFrame, *, text: str, on: dt.date | None) -> EventFrame:
        """The frame with its event type, its target, and the actor's and target's codes."""
        trigger = _trigger_token(doc, frame)
        if trigger is None:
            return frame
        kind = self.verbs.event_type(
            trigger, frame.modality, reporting_verbs=self.lexicon.reporting_verbs, rules=self.rules
        )
        target = target_phrase(
            trigger,
            self.lexicon,
            action_nouns=self.verbs.action_nouns(trigger),
            max_tokens=self.max_target_tokens,
            rules=self.rules,
        )
        territory = self.verbs.territory
        if territory is not None and territory.code(trigger, self.verbs.lemma(trigger)):
            # A place taken or lost: its former holder when named, else the place (:mod:`.territory`).
            holder = territory.target(trigger)
            target = noun_phrase(holder, max_tokens=self.max_target_tokens) if holder is not None else target
        roles = code_roles(
            self.actors,
            self.lexicon,
            frame,
            trigger,
            target,
            text=text,
            category=kind.category,
            obligation=self.verbs.is_obligation(trigger),
            on=on,
            rules=self.rules,
        )
        coded = replace(
            frame,
            event_type=kind.category,
            cameo_code=kind.cameo_code,
            plover_mode=kind.mode,
            actor=roles.actor,
            actor_type=roles.actor_type,
            target=roles.target,
            actor_name=roles.actor_code.name,
            actor_country=roles.actor_code.country,
            actor_sector=roles.actor_code.sector,
            target_country=roles.target_code.country,
            target_sector=roles.target_code.sector,
        )
        if self.rules.on("coding.implied_single_count"):  # a single person named is a count (:mod:`.counts`)
            coded = with_implied_count(
                coded,
                trigger,
                kind.category,
                load_counted_participants(),
                self.lexicon,
                text=text,
                max_tokens=self.max_target_tokens,
            )
        return coded

    def __call__(self, doc: Doc) -> Doc:
        frames = frames_in(doc)
        if frames:
            self.verbs.begin_document(doc)
            self.actors.memo.begin(doc)
            try:
                text, on = doc_text(doc), document_date(doc)
                doc._.events = tuple(self.code_frame(doc, frame, text=text, on=on) for frame in frames)
            finally:
                self.actors.memo.end()
                self.verbs.memo.end()
        return doc


@Language.factory(
    "eventetl_coding",
    default_config={"max_target_tokens": 10, "disabled_rules": []},
    assigns=["doc._.events"],
    requires=["doc._.events", "token.dep", "token.lemma", "token.pos"],
)
def make_event_coder(
    nlp: Language, name: str, *, max_target_tokens: int, disabled_rules: list[str]
) -> EventCoder:
    """spaCy factory: ``nlp.add_pipe("eventetl_coding", after="eventetl_ranking")``;
    ``disabled_rules``: its rule families switched off (``rule_families.toml``)."""
    return EventCoder(nlp, name, max_target_tokens=max_target_tokens, disabled_rules=disabled_rules)
