"""Place mentions: every place name of a document, resolved to a GeoNames entry from the document's evidence.

Recognition (``extractors.nlp.place_context.place_names``) takes the place entities of a processed
Doc (GPE, LOC, FAC, after ``eventetl_places`` corrected the model's labels and kept hyphenated names
whole), with the rules that tell a place's name by its context there. Demonyms stay NORP, so
"Syrian forces" names no place. An entity holding "Springfield, Illinois" is two names, the second
containing the first.

Resolution (:func:`resolve`) chooses among a name's candidates (``extractors.nlp.gazetteer``)
with the document's evidence, strongest first, and records which decided in ``resolution``:

- ``only candidate``: the gazetteer knows one place of that name;
- ``containment``: the name is followed by ", <place>" ("Aleppo, Syria", "Springfield, Illinois");
- ``feature type``: "the city of X", "X province" (a populated place, or an area);
- ``co-mention``: the document names the state, province or county of one candidate ("Alexandria
  ... Rapides Parish" -> Alexandria, Louisiana);
- ``focal region``: the first-level area (state, province) most of the document's other names
  resolve to (it outweighs a world city's prior: a story set in Tennessee that names "Paris" means
  its town);
- ``shared region``: the first-level area where the candidates of the other names could all lie,
  each name counting 1/n for each of the n areas of its plausible candidates ("Palestine ...
  Anderson County ... Grapeland": Texas);
- ``focal country``: the country most of the document's names resolve to (a named country counts
  as one of them: naming a country alone does not put the other names there, as "talks in Geneva"
  in a story that names the United States shows);
- ``population``: the prior, when no evidence decides: a country before a town of its name, then
  the larger place; an area known by the name only as another name of it, or named after a town it
  holds, last ("Alexandria", "Idlib": the towns).

A town that bears the name only as another name of it and is smaller than a town whose own name it
is never is a candidate ("Pittsburgh": not Pittsburg, California, which GeoNames also calls so).
A country keeps its name against towns called after it ("Jordan"), a state or province too when it
holds more people than those towns and is not named after one ("Texas", "Ontario"), a national
capital too ("Washington"); evidence only chooses among those ("Georgia": the country or the US
state). The focal country and the shared region (not the focal region) do not move a name from a
place at least :data:`PRIOR_DOMINANCE` times larger than every candidate they allow: a story set
in Texas that mentions "Paris" means France unless it says "Paris, Texas".

A name is no evidence for itself (its own occurrences do not vote). The names are resolved twice:
the second round takes the first round's entries as the evidence ("Georgia", the US state, makes
"Atlanta" Georgia's, not the Texas town a named "Texas" first pointed to). One sense per discourse:
the evidence of every occurrence of a name counts for all of them, so a name resolves to the same
entry throughout a document.
"""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from spacy.tokens import Doc

from extractors.nlp.gazetteer import Candidates, Gazetteer, Place, prior_key
from extractors.nlp.place_context import PlaceName, place_names
from extractors.nlp.rule_families import RuleSwitches
from extractors.records import PlaceMentionRecord

COMPONENT = "eventetl_place_mentions"
"""The place mentions component's name (``place_component``), whose rule families these steps are:
``place_mentions.<step>`` switches a step of evidence off (``rule_families.toml``)."""
ALL_ON = RuleSwitches(COMPONENT)
"""Every step on."""

PRIOR_DOMINANCE = 20
"""How many times larger than every candidate of the evidence's country the population prior's
choice must be to keep it against country-level evidence (see the module docstring)."""
GUARDED_STEPS = ("shared region", "focal country")
"""Evidence steps that do not move a name from a world city to a small namesake (:data:`PRIOR_DOMINANCE`)."""
SHARED_REGION_MIN = 1.0
"""Least support (sum of shares, see ``_Evidence.spread``) for the region the document's other names
could share to choose among the candidates of a name."""
FOCAL_MIN_NAMES = 2
"""Fewest names that must resolve to a country for it to be the document's focal country."""


@dataclass(frozen=True, slots=True)
class PlaceMention:
    """A place name with the entry it was resolved to."""

    start_char: int
    """Offset of the name in the Doc's text."""
    end_char: int
    """End of the name (exclusive)."""
    text: str
    """The name as written."""
    place: Place | None
    """The GeoNames entry chosen; None when the gazetteer knows no place of that name."""
    resolution: str | None
    """What decided (see the module docstring); None when unresolved."""


def _prior(places: Sequence[Place], demoted: frozenset[int] = frozenset()) -> Place:
    """The population prior's choice (see :func:`extractors.nlp.gazetteer.prior_key`), after every
    place not in ``demoted`` (ids of entries)."""
    return max(places, key=lambda p: (id(p) not in demoted, prior_key(p)))


def _demoted(found: Candidates) -> frozenset[int]:
    """The entries the prior takes last (ids): an administrative area known by this name only as
    another name of it when a place bears the name as its own ("Alexandria" for Egypt's governorate,
    "Henry" for a Henry County), and an area named after a town of the same own name that it holds
    ("Idlib": the city, not the governorate; "Idlib province" still asks for the area)."""
    own = found.places[: found.own_names]
    towns = {(p.country_code, p.admin1_code) for p in own if not p.is_area}
    demoted = set()
    for index, place in enumerate(found.places):
        if place.feature_code not in ("ADM1", "ADM2"):
            continue
        if (index >= found.own_names and own) or (place.country_code, place.admin1_code) in towns:
            demoted.add(id(place))
    return frozenset(demoted)


@dataclass(frozen=True, slots=True)
class _Evidence:
    """What the whole document says, gathered from the prior choice of each name."""

    first: dict[str, Place]
    """Name -> the entry chosen without document context (containment applied)."""
    admin1: dict[str, tuple[str, str]]
    """Name -> (country, admin1) of names that resolve to a US state or county."""
    occurrences: Counter[str]
    """Name -> how many times the document says it."""
    spread: dict[str, dict[tuple[str, str], float]]
    """Name -> the (country, admin1) areas its candidates lie in, each with the share 1/n of the n
    areas it has candidates in: "Grapeland" is in Texas alone (1), "Anderson County" in one of five.
    A candidate :data:`PRIOR_DOMINANCE` times smaller than the name's prior choice counts nowhere."""

    def shared_region(self, key: str, regions: set[tuple[str, str]]) -> tuple[str, str] | None:
        """Of ``regions`` (those of the candidates of ``key``), the one where the other names of the
        document could lie together, when it stands out: the sum of their shares there is at least
        :data:`SHARED_REGION_MIN` and more than anywhere else."""
        support: dict[tuple[str, str], float] = {}
        for name, shares in self.spread.items():
            if name != key:
                for region in regions & shares.keys():
                    support[region] = support.get(region, 0.0) + shares[region]
        ranked = sorted(support.items(), key=lambda item: -item[1])[:2]
        if ranked and ranked[0][1] >= SHARED_REGION_MIN and (len(ranked) == 1 or ranked[0][1] > ranked[1][1]):
            return ranked[0][0]
        return None

    def _votes(self, key: str, vote: Callable[[Place], Any]) -> Counter[Any]:
        """Each occurrence of every other name than ``key`` votes for ``vote`` of its prior entry:
        a name is no evidence for itself ("Alexandria" thrice does not put the story in Egypt)."""
        votes: Counter[Any] = Counter()
        for name, place in self.first.items():
            value = vote(place)
            if name != key and value:
                votes[value] += self.occurrences[name]
        return votes

    def focal(self, key: str) -> str | None:
        """The country the other names of the document resolve to, when one stands out."""
        return _standing_out(self._votes(key, lambda p: p.country_code))

    def focal_region(self, key: str) -> tuple[str, str] | None:
        """The (country, admin1) the other names of the document resolve to, when one stands out."""
        return _standing_out(
            self._votes(key, lambda p: (p.country_code, p.admin1_code) if p.admin1_code else None)
        )


def _gather(names: Sequence[PlaceName], gazetteer: Gazetteer) -> _Evidence:
    first: dict[str, Place] = {}
    spread: dict[str, dict[tuple[str, str], float]] = {}
    for key in dict.fromkeys(n.text for n in names):
        found = gazetteer.candidates(key)
        if found.places:
            first[key] = prior = _prior(found.places, _demoted(found))
            # The namesakes a reader could mean: not those the prior dwarfs ("Russia", Ohio).
            regions = {
                (p.country_code, p.admin1_code)
                for p in found.places
                if p.admin1_code is not None and p.population * PRIOR_DOMINANCE >= prior.population
            }
            spread[key] = {region: 1 / len(regions) for region in regions}
    return _Evidence(first, _admin_areas(first), Counter(n.text for n in names), spread)


def _revised(evidence: _Evidence, chosen: dict[str, Place]) -> _Evidence:
    """``evidence`` with the entries the names were resolved to in place of their prior choices."""
    first = {**evidence.first, **chosen}
    return _Evidence(first, _admin_areas(first), evidence.occurrences, evidence.spread)


def _admin_areas(first: dict[str, Place]) -> dict[str, tuple[str, str]]:
    """Name -> (country, admin1) of the names whose entry is a first- or second-level area."""
    return {
        k: (p.country_code, p.admin1_code or "")
        for k, p in first.items()
        if p.feature_code in ("ADM1", "ADM2") and p.admin1_code
    }


def _standing_out(votes: Counter[Any]) -> Any:
    """The most voted key when it has at least :data:`FOCAL_MIN_NAMES` votes and more than any other."""
    ranked = votes.most_common(2)
    if ranked and ranked[0][1] >= FOCAL_MIN_NAMES and (len(ranked) == 1 or ranked[0][1] > ranked[1][1]):
        return ranked[0][0]
    return None


def _within(container: Place, place: Place) -> bool:
    """Whether ``container`` (a country, state, county or city) holds ``place``."""
    if container.feature_code == "PCLI":
        return place.country_code == container.country_code
    if container.feature_code in ("ADM1", "ADM2") or container.feature_class == "P":
        return place.country_code == container.country_code and place.admin1_code == container.admin1_code
    return False


def _areas_first(own: Sequence[Place], demoted: frozenset[int]) -> bool:
    """Whether a name means its country or first-level area before the towns of that name: always
    for a country ("Jordan"); for a state or province when it holds more people than every town of
    its name ("Texas", "Ontario"; not Ghana's Savannah region against Savannah, Georgia) and is not
    named after a town of its own (:func:`_demoted`)."""
    towns = max((p.population for p in own if not p.is_area), default=0)
    return any(
        p.feature_code == "PCLI"
        or (p.feature_code == "ADM1" and p.population > towns and id(p) not in demoted)
        for p in own
    )


def _without_lesser_variants(found: Candidates) -> list[Place]:
    """The candidates less the towns that bear the name only as another name of theirs and are smaller
    than a town whose own name it is ("Pittsburgh" is another name of Pittsburg, California, and the
    own name of the larger Pittsburgh, Pennsylvania): no evidence makes such a variant the referent."""
    largest = max((p.population for p in found.places[: found.own_names] if not p.is_area), default=0)
    return [
        p
        for index, p in enumerate(found.places)
        if index < found.own_names or p.is_area or p.population >= largest
    ]


def _choose(
    key: str,
    occurrences: Sequence[PlaceName],
    gazetteer: Gazetteer,
    evidence: _Evidence,
    rules: RuleSwitches = ALL_ON,
) -> PlaceMention | None:
    """The entry of name ``key`` (the returned mention's offsets are placeholders)."""
    found = gazetteer.candidates(key)
    if not found.places:
        return None
    if len(found.places) == 1:
        return PlaceMention(0, 0, key, found.places[0], "only candidate")
    own = found.places[: found.own_names]
    pool = _without_lesser_variants(found)
    classes = {n.feature_class for n in occurrences if n.feature_class}
    wanted = classes.pop() if len(classes) == 1 else None
    demoted = _demoted(found)
    if wanted != "P" and _areas_first(own, demoted):
        # "Jordan", "Texas": areas before towns named after them (but "Washington": the capital).
        pool = [p for p in own if p.is_area or p.feature_code == "PPLC"]
    prior = _prior(pool, demoted)
    # Each step keeps the candidates its evidence allows, from those the stronger steps kept.
    steps: list[tuple[str, Callable[[Place], bool]]] = []
    for occurrence in occurrences:
        container = gazetteer.candidates(occurrence.container) if occurrence.container else None
        if container is not None and container.places and rules.on("place_mentions.containment"):
            holder = _prior(container.places)
            steps.append(("containment", functools.partial(_within, holder)))
    if wanted is not None and rules.on("place_mentions.feature_type"):
        steps.append(("feature type", lambda p: (p.feature_class == "P") == (wanted == "P")))
    admin1 = {v for k, v in evidence.admin1.items() if k != key}
    if rules.on("place_mentions.co_mention"):
        steps.append(("co-mention", lambda p: (p.country_code, p.admin1_code) in admin1))
    region, country = evidence.focal_region(key), evidence.focal(key)
    if region and rules.on("place_mentions.focal_region"):
        steps.append(("focal region", lambda p: (p.country_code, p.admin1_code) == region))
    shared = evidence.shared_region(key, {(p.country_code, p.admin1_code or "") for p in pool})
    if shared and rules.on("place_mentions.shared_region"):
        steps.append(("shared region", lambda p: (p.country_code, p.admin1_code) == shared))
    if country and rules.on("place_mentions.focal_country"):
        steps.append(("focal country", lambda p: p.country_code == country))
    resolution: str | None = None
    for reason, allowed in steps:
        narrowed = [p for p in pool if allowed(p)]
        if not narrowed or len(narrowed) == len(pool):
            continue
        dominated = PRIOR_DOMINANCE * max(1, max(p.population for p in narrowed))
        country_level = reason in GUARDED_STEPS
        if country_level and prior not in narrowed and prior.population >= dominated:
            continue  # a world city keeps its name against a small namesake
        pool = narrowed
        resolution = resolution or reason
    chosen = _prior(pool, demoted)
    return PlaceMention(0, 0, key, chosen, resolution or "population")


def resolve(
    names: Sequence[PlaceName], gazetteer: Gazetteer, rules: RuleSwitches = ALL_ON
) -> list[PlaceMention]:
    """Each name with its entry, in the order given; a name the gazetteer lacks keeps ``place=None``.
    ``rules``: the steps of evidence switched off (all on by default)."""
    evidence = _gather(names, gazetteer)
    by_key: dict[str, list[PlaceName]] = {}
    for name in names:
        by_key.setdefault(name.text, []).append(name)
    chosen = {
        key: _choose(key, occurrences, gazetteer, evidence, rules) for key, occurrences in by_key.items()
    }
    if rules.on("place_mentions.second_round"):
        # Once more with what the first round chose as the evidence: a name resolved by the document
        # ("Georgia" the US state, by "Atlanta") is evidence for the others ("Atlanta" then is Georgia's).
        evidence = _revised(
            evidence, {k: c.place for k, c in chosen.items() if c is not None and c.place is not None}
        )
        chosen = {
            key: _choose(key, occurrences, gazetteer, evidence, rules) for key, occurrences in by_key.items()
        }
    mentions = []
    for name in names:
        choice = chosen[name.text]
        mentions.append(
            PlaceMention(
                name.start_char,
                name.end_char,
                name.text,
                choice.place if choice else None,
                choice.resolution if choice else None,
            )
        )
    return mentions


def document_mentions(
    doc: Doc, gazetteer: Gazetteer, *, offset: int = 0, rules: RuleSwitches = ALL_ON
) -> list[PlaceMention]:
    """The resolved place mentions of a processed Doc, offsets shifted by ``offset`` (a part's start);
    ``rules``: the steps of evidence switched off."""
    mentions = resolve(place_names(doc, gazetteer), gazetteer, rules)
    if not offset:
        return mentions
    return [
        PlaceMention(m.start_char + offset, m.end_char + offset, m.text, m.place, m.resolution)
        for m in mentions
    ]


def mention_records(doc_id: str, mentions: Iterable[PlaceMention]) -> tuple[PlaceMentionRecord, ...]:
    """The ``place_mentions`` rows of one document's mentions."""
    records = []
    for m in mentions:
        p = m.place
        records.append(
            PlaceMentionRecord(
                doc_id=doc_id,
                start_char=m.start_char,
                end_char=m.end_char,
                text=m.text,
                name=p.name if p else None,
                geonameid=p.geonameid if p else None,
                country_code=(p.country_code or None) if p else None,
                latitude=p.latitude if p else None,
                longitude=p.longitude if p else None,
                feature_class=p.feature_class if p else None,
                feature_code=p.feature_code if p else None,
                admin1_code=p.admin1_code if p else None,
                admin1_name=p.admin1_name if p else None,
                admin2_name=p.admin2_name if p else None,
                population=p.population if p else None,
                resolution=m.resolution,
            )
        )
    return tuple(records)
