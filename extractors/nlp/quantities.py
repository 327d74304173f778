"""Numbers with their unit: "98 percent", "some 50,000 civilians", "tens of thousands".

``parse_quantity_text`` turns the words of a number into a value and an
approximate flag; the ``eventetl_quantities`` component finds number phrases
in a Doc, decides each one's unit from the counted noun (closed vocabulary
``UNITS``), and stores them in ``doc.spans["eventetl_quantities"]`` with
``span._.quantity`` = {value, unit, approx, out_of}.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans
from text_to_num import text2num

from extractors.nlp.matching import AnchoredMatcher
from extractors.vocabulary import QUANTITY_UNITS

SPAN_KEY = "eventetl_quantities"

UNITS = QUANTITY_UNITS

MEASURE_WORDS = {
    "km": "km",
    "kms": "km",
    "kilometer": "km",
    "kilometre": "km",
    "kilometers": "km",
    "kilometres": "km",
    "mile": "mile",
    "miles": "mile",
    "meter": "meter",
    "metre": "meter",
    "meters": "meter",
    "metres": "meter",
    "m": "meter",
    "hectare": "hectare",
    "hectares": "hectare",
    "acre": "acre",
    "acres": "acre",
    "ton": "ton",
    "tons": "ton",
    "tonne": "ton",
    "tonnes": "ton",
    "kg": "kg",
    "kilograms": "kg",
    "kilogram": "kg",
    "liter": "liter",
    "liters": "liter",
    "litre": "liter",
    "litres": "liter",
    "hour": "hour",
    "hours": "hour",
    "day": "day",
    "days": "day",
    "week": "week",
    "weeks": "week",
    "month": "month",
    "months": "month",
    "year": "year",
    "years": "year",
}
CURRENCY = {
    "$": "currency_usd",
    "dollar": "currency_usd",
    "dollars": "currency_usd",
    "usd": "currency_usd",
    "€": "currency_eur",
    "euro": "currency_eur",
    "euros": "currency_eur",
    "£": "currency_gbp",
    "pound": "currency_gbp",
    "pounds": "currency_gbp",
}
PERSON_NOUNS = frozenset(
    [
        "people",
        "person",
        "persons",
        "civilian",
        "civilians",
        "man",
        "men",
        "woman",
        "women",
        "child",
        "children",
        "kid",
        "kids",
        "baby",
        "babies",
        "boy",
        "boys",
        "girl",
        "girls",
        "nurse",
        "nurses",
        "doctor",
        "doctors",
        "medic",
        "medics",
        "staff",
        "staffer",
        "staffers",
        "fighter",
        "fighters",
        "soldier",
        "soldiers",
        "troop",
        "troops",
        "rebel",
        "rebels",
        "militant",
        "militants",
        "insurgent",
        "insurgents",
        "resident",
        "residents",
        "refugee",
        "refugees",
        "protester",
        "protesters",
        "demonstrator",
        "demonstrators",
        "casualty",
        "casualties",
        "victim",
        "victims",
        "dead",
        "wounded",
        "injured",
        "killed",
        "missing",
        "homeless",
        "displaced",
        "worker",
        "workers",
        "volunteer",
        "volunteers",
        "official",
        "officials",
        "member",
        "members",
        "student",
        "students",
        "migrant",
        "migrants",
        "prisoner",
        "prisoners",
        "hostage",
        "hostages",
        "detainee",
        "detainees",
        "passenger",
        "passengers",
        "journalist",
        "journalists",
        "officer",
        "officers",
        "police",
        "policemen",
        "militiaman",
        "militiamen",
        "jihadist",
        "jihadists",
        "employee",
        "employees",
        "patient",
        "patients",
        "inhabitant",
        "inhabitants",
        "voter",
        "voters",
        "delegate",
        "delegates",
        "diplomat",
        "diplomats",
        "leader",
        "leaders",
        "minister",
        "ministers",
        "commander",
        "commanders",
        "personnel",
        "individual",
        "individuals",
        "adult",
        "adults",
        "family",
        "families",
        "survivor",
        "survivors",
        "evacuee",
        "evacuees",
    ]
)
HEDGES = (
    "some",
    "about",
    "around",
    "nearly",
    "almost",
    "approximately",
    "roughly",
    "more than",
    "over",
    "at least",
    "up to",
    "less than",
    "fewer than",
    "close to",
    "an estimated",
    "as many as",
    "upwards of",
    "estimated",
    "an",
    "approx",
    "just over",
    "just under",
    "under",
    "below",
    "above",
)
VAGUE_MAGNITUDES = {
    "dozen": 12.0,
    "dozens": 12.0,
    "score": 20.0,
    "scores": 20.0,
    "hundreds": 100.0,
    "thousands": 1000.0,
    "millions": 1_000_000.0,
    "billions": 1_000_000_000.0,
    "tens": 10.0,
}
SCALES = {
    "hundred": 100.0,
    "thousand": 1000.0,
    "million": 1_000_000.0,
    "billion": 1_000_000_000.0,
    "trillion": 1e12,
    "k": 1000.0,
    "m": 1_000_000.0,
    "bn": 1_000_000_000.0,
}
NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")


@dataclass(frozen=True, slots=True)
class ParsedNumber:
    """A number read from words."""

    value: float
    """The value."""
    approximate: bool
    """True when hedged or vague (some, more than, tens of thousands)."""


def parse_quantity_text(text: str) -> ParsedNumber | None:
    """Value and approximate flag of number words ("some 50,000", "tens of thousands", "eight")."""
    lower = " ".join(text.lower().replace("-", " ").split())
    approximate = False
    for hedge in sorted(HEDGES, key=len, reverse=True):
        if lower.startswith(hedge + " "):
            lower = lower[len(hedge) + 1 :]
            approximate = hedge not in ("an",)
            break
    for word in ("percent", "per cent", "%", "pct"):
        lower = lower.replace(word, " ")
    lower = re.sub(r"[$€£]", " ", lower)
    words = [w for w in lower.split() if w not in ("of", "the", "all", "its", "their", "a")]
    if not words:
        return None
    # "tens of thousands" -> 10 x 1000, vague; "hundreds" -> 100, vague.
    if words[0] in VAGUE_MAGNITUDES:
        value = VAGUE_MAGNITUDES[words[0]]
        for word in words[1:]:
            if word in VAGUE_MAGNITUDES and word != "tens":
                value *= VAGUE_MAGNITUDES[word]
        return ParsedNumber(value, True)
    digits = NUMBER.search(lower)
    if digits:
        try:
            value = float(digits.group().replace(",", ""))
        except ValueError:
            return None
        rest = lower[digits.end() :].split()
        if rest and rest[0] in SCALES:
            value *= SCALES[rest[0]]
        return ParsedNumber(value, approximate)
    number_words = []
    for word in words:
        if word in SCALES or re.fullmatch(r"[a-z]+", word):
            number_words.append(word)
        else:
            break
    for end in range(len(number_words), 0, -1):
        try:
            value = float(text2num(" ".join(number_words[:end]), "en"))
        except ValueError:
            continue
        return ParsedNumber(value, approximate)
    return None


def _counted_noun(span: Span) -> Token | None:
    """The noun a number counts: its head ("50,000 civilians"), or the object of "of" ("47 of its 57 staff")."""
    doc = span.doc
    root = span.root
    candidate: Token | None = None
    if root.dep_ in ("nummod", "quantmod", "amod", "compound") and root.head.pos_ in ("NOUN", "PROPN", "ADJ"):
        candidate = root.head
    else:
        for child in root.children:
            if child.dep_ == "prep" and child.lower_ == "of":
                objects = [c for c in child.children if c.dep_ == "pobj"]
                if objects:
                    candidate = objects[0]
        if candidate is None and span.end < len(doc) and doc[span.end].pos_ in ("NOUN", "ADJ"):
            candidate = doc[span.end]
    if candidate is not None and candidate.i < span.end and candidate.i >= span.start and span.end < len(doc):
        candidate = doc[span.end] if doc[span.end].pos_ in ("NOUN", "ADJ", "PROPN") else None
    return candidate


def unit_of(span: Span) -> tuple[str, Token | None]:
    """Unit of a number phrase from the closed vocabulary, and the noun it counts."""
    lower = span.text.lower()
    if span.label_ == "PERCENT" or "percent" in lower or "%" in lower or "per cent" in lower:
        return "percent", None
    doc = span.doc
    next_token = doc[span.end] if span.end < len(doc) else None
    for token in list(span) + ([next_token] if next_token is not None else []):
        word = token.lower_.strip(".")
        if word in CURRENCY:
            return CURRENCY[word], None
        if word in MEASURE_WORDS and (token in span or token.i == span.end):
            return MEASURE_WORDS[word], None
        if "-" in word and word.split("-")[-1] in MEASURE_WORDS:  # "five-day", "6-year"
            return MEASURE_WORDS[word.split("-")[-1]], None
    noun = _counted_noun(span)
    if noun is not None:
        lemma, lower_noun = noun.lemma_.lower(), noun.lower_
        if (
            lemma in PERSON_NOUNS
            or lower_noun in PERSON_NOUNS
            or (noun.ent_type_ == "NORP" and noun.tag_ == "NNPS")
        ):
            return "person", noun
        if lower_noun in MEASURE_WORDS:
            return MEASURE_WORDS[lower_noun], noun
        if noun.pos_ == "NOUN":
            return "item", noun
    return "other", noun


QUANTITY_PATTERNS: list[list[dict[str, object]]] = [
    [
        {"LOWER": {"IN": ["tens", "hundreds", "thousands", "millions", "dozens", "scores"]}},
        {"LOWER": "of", "OP": "?"},
        {"LOWER": {"IN": ["thousands", "millions"]}, "OP": "?"},
    ],
    [{"LIKE_NUM": True, "ENT_TYPE": ""}],
    [{"TEXT": {"REGEX": r"^\w+-(day|week|month|year|hour)$"}}],
    # "a three-day truce": the tokenizer splits the hyphen off
    [{"LIKE_NUM": True}, {"ORTH": "-"}, {"LOWER": {"IN": ["day", "week", "month", "year", "hour"]}}],
]
NUMERIC_LABELS = ("CARDINAL", "PERCENT", "QUANTITY", "MONEY")


def _is_year_or_ordinal(span: Span) -> bool:
    text = span.text.strip()
    return bool(re.fullmatch(r"(1[89]|20)\d\d", text)) or span.root.ent_type_ == "ORDINAL"


class QuantityFinder:
    """Finds number phrases and stores their value, unit and approximation on span extensions."""

    def __init__(self, nlp: Language, name: str, *, span_key: str) -> None:
        self.name = name
        self.span_key = span_key
        self.matcher = AnchoredMatcher(nlp.vocab, "QUANTITY", QUANTITY_PATTERNS)

    def _candidates(self, doc: Doc) -> list[Span]:
        spans = [ent for ent in doc.ents if ent.label_ in NUMERIC_LABELS]
        for _, start, end in self.matcher(doc):
            span = Span(doc, start, end, label="CARDINAL")
            covered = any(t.ent_type_ in ("DATE", "TIME", "ORDINAL") for t in span)
            if covered and not re.search(r"-(day|week|month|year|hour)$", span.text.lower()):
                continue
            spans.append(span)
        return filter_spans(spans)

    def __call__(self, doc: Doc) -> Doc:
        kept: list[Span] = []
        previous_end = -10
        for span in self._candidates(doc):
            # "8 hectares (about 20 acres)": the parenthesised conversion is the same quantity again.
            if span.start > 0 and doc[span.start - 1].text == "(" and span.start - 1 <= previous_end + 1:
                continue
            if (
                span.start > 1
                and doc[span.start - 1].text == "("
                and doc[span.start - 2].lower_ in MEASURE_WORDS
            ):
                continue
            if _is_year_or_ordinal(span):
                continue
            if span.text.lower() in ("one",) and span.end < len(doc) and doc[span.end].lower_ == "of":
                continue  # "one of the most populous districts"
            parsed = parse_quantity_text(span.text)
            if parsed is None:
                continue
            unit, noun = unit_of(span)
            out_of = None
            if noun is not None:
                # "47 of its 57 staff": the second number is the whole, not a quantity of its own.
                wholes = [t for t in noun.children if t.dep_ == "nummod" and t.i > span.end]
                if span.end < len(doc) and doc[span.end].lower_ == "of":
                    for whole in wholes:
                        whole_value = parse_quantity_text(whole.text)
                        if whole_value is not None:
                            out_of = whole_value.value
            span._.quantity = {
                "value": parsed.value,
                "unit": unit,
                "approx": parsed.approximate,
                "out_of": out_of,
            }
            kept.append(span)
            previous_end = span.end + (
                1 if span.end < len(doc) and doc[span.end].lower_ in MEASURE_WORDS else 0
            )
        # Drop the whole of "47 of its 57 staff": it is stored as the part's out_of.
        stated_wholes = [(k._.quantity["out_of"], k.end) for k in kept if k._.quantity["out_of"] is not None]
        doc.spans[self.span_key] = [
            s
            for s in kept
            if not any(
                out_of == s._.quantity["value"] and end < s.start <= end + 4 for out_of, end in stated_wholes
            )
        ]
        return doc


@Language.factory("eventetl_quantities", default_config={"span_key": SPAN_KEY})
def make_quantity_finder(nlp: Language, name: str, *, span_key: str) -> QuantityFinder:
    """spaCy factory: ``nlp.add_pipe("eventetl_quantities")``."""
    return QuantityFinder(nlp, name, span_key=span_key)
