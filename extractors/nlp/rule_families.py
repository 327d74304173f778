"""Rule families: groups of extraction rules that can be switched off by config, for ablations.

Each family is declared once, in the lexicon file ``rule_families.toml`` (name, component, what it
does). A component takes the names of its families to switch off in its ``disabled_rules`` config
(``pipeline.add_components(nlp, disabled_rules=...)`` hands each component its own) and checks
``RuleSwitches.on(name)`` where the family's rules run. ``bench/ablation.py`` runs every dev set
with each family off and reports what it is worth.
"""

from __future__ import annotations

import functools
from collections.abc import Collection, Iterable
from dataclasses import dataclass

from extractors import lexicon

RULE_FAMILIES_LEXICON = "rule_families"


@dataclass(frozen=True, slots=True)
class RuleFamily:
    """One switchable group of rules."""

    name: str
    """Dotted name, component area first (``ranking.dated_from_lead``)."""
    component: str
    """The pipeline component whose rules these are (``eventetl_ranking``)."""
    description: str
    """What the rules do, in one line."""


@functools.cache
def rule_families() -> tuple[RuleFamily, ...]:
    """Every rule family, in the file's order."""
    families = []
    for area, entries in lexicon.table(RULE_FAMILIES_LEXICON).items():
        for family, entry in entries.items():
            families.append(
                RuleFamily(f"{area}.{family}", str(entry["component"]), str(entry["description"]))
            )
    return tuple(families)


class UnknownRuleFamily(ValueError):
    """A disabled rule family that no component declares (a typo would otherwise switch nothing off)."""


def check_rule_families(names: Iterable[str]) -> None:
    """Raise ``UnknownRuleFamily`` for a name no family has."""
    unknown = sorted(set(names) - {f.name for f in rule_families()})
    if unknown:
        raise UnknownRuleFamily(
            f"unknown rule families: {', '.join(unknown)} (see {RULE_FAMILIES_LEXICON}.toml)"
        )


def families_of(component: str, disabled: Iterable[str]) -> list[str]:
    """The families of ``component`` among ``disabled``; raises ``UnknownRuleFamily`` for a name no
    family has."""
    names = list(disabled)
    check_rule_families(names)
    components = {f.name: f.component for f in rule_families()}
    return sorted(name for name in names if components[name] == component)


@dataclass(frozen=True, slots=True)
class RuleSwitches:
    """Which of a component's rule families are off (all on by default)."""

    component: str
    """The component the switches belong to."""
    disabled: frozenset[str] = frozenset()
    """Families switched off."""

    @classmethod
    def of(cls, component: str, disabled: Collection[str]) -> RuleSwitches:
        """The switches of ``component``; raises ``UnknownRuleFamily`` for a name that is not one of
        its families."""
        mine = families_of(component, disabled)
        if len(mine) != len(set(disabled)):
            others = sorted(set(disabled) - set(mine))
            raise UnknownRuleFamily(f"not rule families of {component}: {', '.join(others)}")
        return cls(component, frozenset(mine))

    def on(self, family: str) -> bool:
        """True unless ``family`` is switched off."""
        return family not in self.disabled
