"""The Phoenix actor and agent dictionaries (PETRARCH2 formats), parsed into plain entries.

Two formats (see PETRARCH2's ``dictionaries.rst``):

- actors (``Phoenix.*.actors.txt``): a primary phrase, optionally followed by codes, then
  synonym lines starting with ``+`` and date-restriction lines starting with a tab, each a
  ``[CODE]``, ``[CODE >date]``, ``[CODE <date]`` or ``[CODE date-date]``. A code without a
  restriction is the default, used when no restriction holds; ``[---]`` is the null code.
- agents (``Phoenix.agents.txt``): ``PHRASE {plural} [~CODE]`` lines (``[CODE~]`` for codes
  that lead the actor code, e.g. ``NGO~``), with ``!SET! = A, B`` substitution sets.

A phrase's words are separated by ``_`` or blanks. ``phrase_words`` turns a phrase into the
lower-cased word sequence the coder matches token by token: hyphens split words the way spaCy's
tokenizer does ("AL-ASSAD" -> al, assad), a possessive ``'s`` is a word of its own. Plurals are
not generated: the coder matches a token's lemma as well as its text.
"""

from __future__ import annotations

import datetime
import functools
import re
import sys
from dataclasses import dataclass

NULL_CODE = "---"
"""The dictionaries' code for "no code"."""

_CODE = re.compile(
    r"\[\s*(?P<code>[A-Za-z~-]+)\s*(?:(?P<op>[<>])\s*(?P<date>\d{6,10})|(?P<start>\d{6,10})\s*-\s*(?P<end>\d{6,10}))?\s*\]"
)
"""One bracketed code with its optional date restriction."""
_WORD_SPLIT = re.compile(r"[\s_]+")
_HYPHENS = re.compile(r"-+")
_PARENTHESISED = re.compile(r"\(([^)_\s]*)\)")
"""A parenthesised word: an acronym (``_(LTTE)_``) or a qualifier (``KOREA_(NORTH)``). It stays a word
of the phrase and is also an alias written in capitals (see ``parse_actor_dictionary``)."""
_STRIP = ',;:()"{}[]!?'
"""Punctuation that is never part of a word the tokenizer keeps."""
TWO_DIGIT_YEAR_PIVOT = 30
"""``YYMMDD`` dates: years up to this are 20YY, later ones 19YY (the dictionaries' people range
from the 1940s to the 2010s)."""


@dataclass(frozen=True, slots=True)
class CodeRule:
    """One code of an entry, with the dates it applies to."""

    code: str
    """The CAMEO actor code as written (``SYRGOV``, ``IGOUNO``, ``~MIL``), or ``---`` (none)."""
    start: datetime.date | None
    """First day it applies (inclusive); None: since always."""
    end: datetime.date | None
    """Last day it applies (inclusive); None: still applies."""
    dated: bool
    """False for a default code (no restriction): it applies when no dated rule does."""

    def holds_on(self, day: datetime.date) -> bool:
        """Whether this dated rule covers ``day``."""
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)


@dataclass(frozen=True, slots=True)
class ActorEntry:
    """One record of an actor or agent dictionary."""

    name: str
    """The primary phrase as written, underscores as blanks (``BASHAR AL ASSAD``)."""
    phrases: tuple[tuple[str, ...], ...]
    """Every phrase (primary and synonyms) as lower-cased words, as ``phrase_words`` gives them."""
    rules: tuple[CodeRule, ...]
    """Its codes, in file order."""
    agent: bool
    """True for a generic agent (``Phoenix.agents.txt``), False for a named actor."""
    acronym: bool = False
    """True for an acronym the coder derived from an organisation's name: it matches only a word
    written in capitals ("OSCE", not "osce" or "Osce")."""


def phrase_words(phrase: str) -> tuple[str, ...]:
    """The lower-cased words of a dictionary phrase (``SYRIA'S_GOVERNMENT`` -> syria, 's, government)."""
    words: list[str] = []
    for raw in _WORD_SPLIT.split(phrase.replace("\u2019", "'").lower()):
        for part in _HYPHENS.split(raw):
            part = part.strip(_STRIP)
            if not part:
                continue
            if part.endswith("'s") and len(part) > 2:
                words.extend((part[:-2], "'s"))
            elif part.endswith("'") and len(part) > 1:
                words.extend((part[:-1], "'"))
            else:
                words.append(part)
    # Interned: the same words recur across tens of thousands of phrases.
    return tuple(sys.intern(w) for w in words)


@functools.lru_cache(maxsize=8192)  # the same dates recur across thousands of entries
def parse_date(text: str) -> datetime.date:
    """A dictionary date, ``YYYYMMDD`` or ``YYMMDD``; a day 00 or beyond the month is its last day.

    A few entries carry a longer typo (``1920030320``): its first eight digits are the date.
    """
    text = text[:8]
    if len(text) == 6:
        year = int(text[:2])
        text = f"{2000 + year if year <= TWO_DIGIT_YEAR_PIVOT else 1900 + year}{text[2:]}"
    year, month, day = int(text[:4]), max(1, min(12, int(text[4:6]))), int(text[6:8])
    # Some entries say 000101 or 19940931: clamp to a real day of the month.
    next_month = datetime.date(year + month // 12, month % 12 + 1, 1)
    last = (next_month - datetime.timedelta(days=1)).day
    return datetime.date(year, month, max(1, min(day, last)))


def parse_codes(text: str) -> list[CodeRule]:
    """Every bracketed code in ``text`` (a line's part after its phrase)."""
    rules = []
    for match in _CODE.finditer(text):
        code = match["code"].upper()
        if match["op"] == ">":
            rules.append(CodeRule(code, parse_date(match["date"]), None, dated=True))
        elif match["op"] == "<":
            rules.append(CodeRule(code, None, parse_date(match["date"]), dated=True))
        elif match["start"]:
            rules.append(CodeRule(code, parse_date(match["start"]), parse_date(match["end"]), dated=True))
        else:
            rules.append(CodeRule(code, None, None, dated=False))
    return rules


def parse_actor_dictionary(text: str) -> list[ActorEntry]:
    """The entries of a Phoenix ``.actors.txt`` file.

    A parenthesised word of a phrase (``LIBERATION_TIGERS_OF_TAMIL_EELAM_(LTTE)_``) also makes an
    entry of its own, with the same codes, that matches only a word in capitals ("LTTE"): it is
    usually an acronym, but may be a qualifier ("KOREA_(NORTH)") that prose never writes in capitals.
    """
    entries: list[ActorEntry] = []
    name = ""
    phrases: list[tuple[str, ...]] = []
    aliases: list[tuple[str, ...]] = []
    rules: list[CodeRule] = []

    def close() -> None:
        if name and phrases:
            entries.append(ActorEntry(name, tuple(phrases), tuple(rules), agent=False))
        if name and aliases:
            entries.append(
                ActorEntry(name, tuple(dict.fromkeys(aliases)), tuple(rules), agent=False, acronym=True)
            )

    for raw in text.splitlines():
        line = raw.split("#", 1)[0]
        if not line.strip():
            continue
        if line[0] in " \t":  # a date restriction of the current entry
            rules.extend(parse_codes(line))
            continue
        phrase, _, codes = line.partition("[")
        codes = f"[{codes}" if codes else ""
        found: list[tuple[str, ...]] = [
            w for alias in _PARENTHESISED.findall(phrase) if (w := phrase_words(alias)) and len(w) == 1
        ]
        # Without its parenthesised word too, when that leaves a name ("... TAMIL EELAM", not "KOREA").
        bare = phrase_words(_PARENTHESISED.sub(" ", phrase.lstrip("+"))) if found else ()
        extra = [bare] if len(bare) >= 2 else []
        if line.startswith("+"):
            words = phrase_words(phrase[1:])
            phrases.extend([words, *extra] if words else [])
            aliases.extend(found)
            if codes:
                rules.extend(parse_codes(codes))
            continue
        close()
        words = phrase_words(phrase)
        name = " ".join(w for w in _WORD_SPLIT.split(_PARENTHESISED.sub(" ", phrase).strip("_ \t")) if w)
        phrases = [words, *extra] if words else []
        aliases = list(found)
        rules = parse_codes(codes) if codes else []
    close()
    return entries


def parse_agent_dictionary(text: str) -> list[ActorEntry]:
    """The entries of ``Phoenix.agents.txt``, substitution sets expanded, explicit plurals added."""
    substitutions: dict[str, list[str]] = {}
    entries: list[ActorEntry] = []
    for raw in text.splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        set_name, equals, members = line.partition("=")
        if equals and set_name.strip().startswith("!"):
            substitutions[set_name.strip()] = [m.strip() for m in members.split(",") if m.strip()]
            continue
        rules = parse_codes(line)
        if not rules:
            continue
        head = line[: line.index("[")]
        phrase, _, plural = head.partition("{")
        plural = plural.partition("}")[0]
        forms = [phrase.strip()] + ([plural.strip()] if plural.strip() else [])
        expanded: list[str] = []
        for form in forms:
            marker = re.search(r"![A-Z]+!", form)
            if marker and marker.group(0) in substitutions:
                expanded.extend(form.replace(marker.group(0), m) for m in substitutions[marker.group(0)])
            else:
                expanded.append(form)
        phrases = tuple(dict.fromkeys(w for w in map(phrase_words, expanded) if w))
        if phrases:
            name = " ".join(phrases[0])
            entries.append(ActorEntry(name, phrases, tuple(rules), agent=True))
    return entries


ACRONYM_SKIPPED = frozenset({"of", "the", "and", "for", "in", "on", "de", "to", "'s", "'", "&"})
"""Words an organisation's acronym leaves out ("Organization for Security and Co-operation in Europe" -> OSCE)."""
ACRONYM_MIN_LETTERS = 4
"""Shorter initials are too ambiguous to stand for one organisation, and three-word names are often
people's."""


def organisation_acronyms(entries: list[ActorEntry], prefixes: tuple[str, ...]) -> list[ActorEntry]:
    """Acronyms of the organisations (entries whose undated codes start with ``prefixes``), as entries.

    News names organisations by acronyms the dictionaries often lack. An acronym is derived from a
    name of four or more words; one that is already a phrase of the dictionaries, or that two
    organisations with different codes share, is left out.
    """
    taken = {words for entry in entries for words in entry.phrases if len(words) == 1}
    derived: dict[tuple[str, ...], set[str]] = {}
    owners: dict[tuple[str, ...], ActorEntry] = {}
    for entry in entries:
        codes = {rule.code for rule in entry.rules}
        if (
            entry.agent
            or any(rule.dated for rule in entry.rules)
            or not all(c.startswith(prefixes) for c in codes)
        ):
            continue
        for words in entry.phrases:
            significant = [w for w in words if w not in ACRONYM_SKIPPED]
            if len(significant) < ACRONYM_MIN_LETTERS:
                continue
            acronym = (sys.intern("".join(w[0] for w in significant)),)
            if acronym not in taken:
                derived.setdefault(acronym, set()).update(codes)
                owners.setdefault(acronym, entry)
    return [
        ActorEntry(owners[a].name, (a,), owners[a].rules, agent=False, acronym=True)
        for a, codes in derived.items()
        if len(codes) == 1
    ]


def rule_on(entry: ActorEntry, on: datetime.date | None) -> tuple[int, CodeRule] | None:
    """The entry's code on ``on``, with how good a fit it is (3 a range holding ``on`` ... 1 the default).

    Without a date, the most recent role is the best guess for news: a range still open, else the
    latest range. The code without a range is what applies outside the ranges: for most people
    ``ELI`` (out of office), so it comes last.
    """
    dated = [r for r in entry.rules if r.dated]
    default = next((r for r in entry.rules if not r.dated), None)
    if on is not None:
        hits = [r for r in dated if r.holds_on(on)]
        if hits:
            return 3, max(hits, key=lambda r: r.start or datetime.date.min)
        return (1, default) if default else None
    if dated:
        return 2, max(dated, key=lambda r: (r.end or datetime.date.max, r.start or datetime.date.min))
    return (1, default) if default else None
