"""Territory changing hands: one CAMEO code per direction, whatever the verb.

A verb of taking (``seizure_verbs``: "captured", "retook", "took control of") whose object names a
place, or a verb of holding it said to hold it now ("now controls"), is CAMEO 192 "Occupy
territory"; holding it otherwise ("still control") is a state with no type; a verb of giving up (``loss_verbs``: "lost", "ceded") whose
object names a place is CAMEO 0874 "Retreat or surrender militarily" (PLOVER RETREAT), the same
change of hands told from the loser's side. The object names a place when its head is a kind of
place ("the town", "districts"), a named place ("Aleppo"), a control noun with an "of"/"over" place
("control of eastern Aleppo"), or a part of one ("98 percent of eastern Aleppo", "most of the
territory"). The target is the place's former holder when a "from" phrase names one, else the place.
The words are data (``extractors/lexicon/coding_territory.toml``).
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Token

from extractors.lexicon import table

TERRITORY_TABLE = "coding_territory"
"""The lexicon table of territorial verbs, nouns and codes."""
OBJECT_DEPS = frozenset({"dobj", "nsubjpass"})
"""Roles of the thing taken or lost: the object, the passive subject ("the town was captured")."""
RELATIVE_TAGS = frozenset({"WDT", "WP"})
"""Tags of a relative pronoun, which stands for the noun its clause describes."""
PLACE_OF = ("of", "over")
"""Prepositions of a control or part noun whose object is the place."""


@dataclass(frozen=True, slots=True)
class TerritoryRules:
    """What ``coding_territory.toml`` says (see the module docstring)."""

    seizure_code: str
    """CAMEO code of a place taken."""
    loss_code: str
    """CAMEO code of a place lost, from the loser's side."""
    seizure_verbs: frozenset[str]
    """Lemmas of verbs of taking."""
    loss_verbs: frozenset[str]
    """Lemmas of verbs of giving up."""
    control_nouns: frozenset[str]
    """Nouns whose "of"/"over" object is the place ("control")."""
    part_nouns: frozenset[str]
    """Nouns of a share whose "of" object is the place ("percent", "most")."""
    place_nouns: frozenset[str]
    """Kinds of places (the events component's place nouns and the table's extra ones)."""
    place_entities: frozenset[str]
    """Entity labels of named places."""
    holder_prepositions: frozenset[str]
    """Prepositions on the verb whose object held the place ("from")."""
    holding_verbs: frozenset[str] = frozenset()
    """Lemmas of verbs of holding a place: a state, coded with no type."""
    acquisition_adverbs: frozenset[str] = frozenset()
    """Adverbs that make holding a place news of its taking ("now controls"): a seizure."""

    @classmethod
    def load(cls, place_nouns: frozenset[str]) -> TerritoryRules:
        """The rules of the packaged table, with the events component's ``place_nouns``."""
        data = table(TERRITORY_TABLE)
        return cls(
            seizure_code=str(data["seizure_code"]),
            loss_code=str(data["loss_code"]),
            seizure_verbs=frozenset(data["seizure_verbs"]),
            loss_verbs=frozenset(data["loss_verbs"]),
            control_nouns=frozenset(data["control_nouns"]),
            part_nouns=frozenset(data["part_nouns"]),
            place_nouns=place_nouns | frozenset(data["extra_place_nouns"]),
            place_entities=frozenset(data["place_entities"]),
            holder_prepositions=frozenset(data["holder_prepositions"]),
            holding_verbs=frozenset(data["holding_verbs"]),
            acquisition_adverbs=frozenset(data["acquisition_adverbs"]),
        )

    def _is_place(self, token: Token) -> bool:
        return token.ent_type_ in self.place_entities or (
            token.pos_ in ("NOUN", "PROPN") and token.lemma_.lower() in self.place_nouns
        )

    def _place_of(self, token: Token, nouns: frozenset[str]) -> Token | None:
        """The place a control or part noun is of ("control of eastern Aleppo")."""
        if token.lemma_.lower() not in nouns and token.lower_ not in nouns:
            return None
        for prep in token.children:
            if prep.dep_ == "prep" and prep.lower_ in PLACE_OF:
                for place in prep.children:
                    if place.dep_ == "pobj":
                        return self.place(place, control=False)
        return None

    def place(self, thing: Token, *, control: bool = True) -> Token | None:
        """The place ``thing`` (an object) names: itself, its control's, or its part's; else None."""
        if self._is_place(thing):
            return thing
        found = self._place_of(thing, self.part_nouns)
        if found is None and control:
            found = self._place_of(thing, self.control_nouns)
        return found

    def taken_place(self, verb: Token) -> Token | None:
        """The place the verb's object or passive subject names, if any."""
        for child in verb.children:
            if child.dep_ in OBJECT_DEPS:
                if child.tag_ in RELATIVE_TAGS and verb.dep_ == "relcl":
                    child = verb.head  # "eastern Aleppo, which was captured by the opposition"
                found = self.place(child)
                if found is not None:
                    return found
        return None

    def code(self, verb: Token, lemma: str) -> str | None:
        """The territorial code of the verb (its dictionary ``lemma``): ``""`` for holding a place
        (no event type), None when the verb does not take, lose or hold a place."""
        if (
            lemma not in self.seizure_verbs
            and lemma not in self.loss_verbs
            and lemma not in self.holding_verbs
        ):
            return None
        if self.taken_place(verb) is None:
            return None
        if lemma in self.seizure_verbs:
            return self.seizure_code
        if lemma in self.loss_verbs:
            return self.loss_code
        if any(c.dep_ == "advmod" and c.lower_ in self.acquisition_adverbs for c in verb.children):
            return self.seizure_code  # "it now controls 90 percent of eastern Aleppo"
        return ""

    def target(self, verb: Token) -> Token | None:
        """The place's former holder named by a "from" phrase, else the place (None: not territorial)."""
        place = self.taken_place(verb)
        if place is None:
            return None
        for prep in verb.children:
            if prep.dep_ == "prep" and prep.lower_ in self.holder_prepositions:
                for holder in prep.children:
                    if holder.dep_ == "pobj" and not self._is_place(holder):
                        return holder
        return place
