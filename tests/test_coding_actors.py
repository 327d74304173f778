"""The actor coder: noun phrases -> ISO country, sector and normalised name, on the real model.

Each kind of evidence has a literal phrase: a country's name, capital and demonym, a possessor, a
leader with a date range (in and out of it), international and non-governmental organisations,
generic agents alone and with a demonym; phrases with nothing to code stay uncoded. The vendored
dictionaries and the vocabulary files are parsed and the codes the rules rely on are resolved.
"""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from nlp_support import run_components
from spacy.tokens import Doc, Span

from extractors.lexicon import table
from extractors.nlp.coding.actor_codes import code_vocabulary
from extractors.nlp.coding.actor_dictionary import (
    CodeRule,
    organisation_acronyms,
    parse_actor_dictionary,
    parse_agent_dictionary,
    parse_date,
    phrase_words,
)
from extractors.nlp.coding.actors import ACTOR_FILES, AGENT_FILE, ActorCode, ActorCoder, _vendored
from extractors.vocabulary import SECTORS

CONTRACT_SECTORS = {
    *("GOV", "MIL", "COP", "REB", "OPP", "PTY", "JUD", "LEG", "CVL"),
    *("MED", "BUS", "REL", "EDU", "HLH", "IGO", "NGO"),
}
"""The sectors ../shared/WAREHOUSE.md names."""
IN_2016 = dt.date(2016, 12, 10)


@pytest.fixture(scope="module")
def coder() -> ActorCoder:
    return ActorCoder.load()


def phrase(nlp, text: str, words: str) -> Span:
    """The span of ``words`` in ``text``, parsed by the real model up to the places component (which
    corrects entity labels such as "Aleppo" as NORP), as the coding component sees it."""
    doc: Doc = run_components(nlp, text, until="eventetl_places")
    start = text.index(words)
    span = doc.char_span(start, start + len(words))
    assert span is not None, f"{words!r} is not a token span of {text!r}"
    return span


def coded(nlp, coder: ActorCoder, text: str, words: str, on: dt.date | None = IN_2016) -> ActorCode:
    return coder.code(phrase(nlp, text, words), on=on)


# ---------------------------------------------------------------------- countries
@pytest.mark.parametrize(
    ("text", "words", "country", "sector"),
    [
        ("Russia said on Monday it would respond.", "Russia", "RUS", "GOV"),  # name
        ("Moscow said the talks had failed.", "Moscow", "RUS", "GOV"),  # capital
        ("The United States and Jordan signed a pact.", "The United States", "USA", "GOV"),
        ("Syrian troops advanced on the town.", "Syrian troops", "SYR", "MIL"),  # demonym + agent
        ("Syria's military said it had regained control.", "Syria's military", "SYR", "MIL"),  # possessor
        ("Assad's forces shelled the district.", "Assad's forces", "SYR", "MIL"),  # leader as possessor
        ("Senior Hungarian officials met on Wednesday.", "Senior Hungarian officials", "HUN", "GOV"),
        ("Residents of Aleppo fled the fighting.", "Residents of Aleppo", "SYR", "CVL"),  # city, agent head
        (
            "Thousands of Syrians fled to Turkey.",
            "Thousands of Syrians",
            "SYR",
            "CVL",
        ),  # a demonym: its people
        ("The Russians demanded a ceasefire.", "The Russians", "RUS", "GOV"),  # "the Russians": the state
        ("Russian tanks shelled the town.", "Russian tanks", "RUS", "MIL"),  # an agent the overrides add
        ("A delegation of Iranian diplomats arrived.", "A delegation of Iranian diplomats", "IRN", "GOV"),
        # A place the overrides add beats its shorter namesake; "Ireland" alone stays Ireland.
        ("Police in Northern Ireland arrested two men.", "Police in Northern Ireland", "GBR", "COP"),
        ("Police in Ireland arrested two men.", "Police in Ireland", "IRL", "COP"),
        ("Two Iraqi youths were wounded.", "Two Iraqi youths", "IRQ", "CVL"),  # agents the overrides add
        ("Uganda paid 67 British nationals.", "67 British nationals", "GBR", "CVL"),
        (
            "UN mediator Diego Cordovez arrived.",
            "UN mediator Diego Cordovez",
            None,
            "IGO",
        ),  # titled by an IGO
    ],
)
def test_countries_come_from_names_capitals_demonyms_and_possessors(
    nlp, coder: ActorCoder, text: str, words: str, country: str | None, sector: str
) -> None:
    code = coded(nlp, coder, text, words)
    assert (code.country, code.sector) == (country, sector)


def test_the_normalised_name_groups_a_country_and_a_sector(nlp, coder: ActorCoder) -> None:
    army = coded(nlp, coder, "The Syrian army said it had taken the district.", "The Syrian army")
    troops = coded(nlp, coder, "Syrian troops advanced on the town.", "Syrian troops")
    assert army.name == troops.name == "Syrian armed forces"
    assert coded(nlp, coder, "Moscow said the talks had failed.", "Moscow").name == "Russian government"


@pytest.mark.parametrize(
    ("sentence", "phrase", "name"),
    [
        # the dictionaries write in capitals: a short word is an acronym only when it reads as one
        ("The Red Cross delivered aid to the city.", "The Red Cross", "Red Cross"),
        ("The UN Security Council met on Monday.", "The UN Security Council", "UN Security Council"),
        ("The International War Crimes Tribunal opened a case.", "The International War Crimes Tribunal",
         "International War Crimes Tribunal"),
    ],
)  # fmt: skip
def test_an_organisations_name_keeps_only_its_acronyms_in_capitals(
    nlp, coder: ActorCoder, sentence: str, phrase: str, name: str
) -> None:
    assert coded(nlp, coder, sentence, phrase).name == name


# ---------------------------------------------------------------------- leaders with date ranges
def test_a_leader_is_coded_by_the_documents_date(nlp, coder: ActorCoder) -> None:
    text = "Kerry met Lavrov in Paris."
    assert coded(nlp, coder, text, "Kerry") == ActorCode("USA", "GOV", "John Kerry")
    lavrov = coded(nlp, coder, text, "Lavrov")
    assert (lavrov.country, lavrov.sector) == ("RUS", "GOV")


def test_a_leader_outside_every_date_range_is_not_coded(nlp, coder: ActorCoder) -> None:
    # John Kerry's ranges start in 1985 (senator) and 2013 (secretary of state); no default code.
    assert coded(
        nlp, coder, "John Kerry spoke in Boston.", "John Kerry", on=dt.date(1970, 1, 1)
    ) == ActorCode(None, None, None)
    in_1990 = coded(nlp, coder, "John Kerry spoke in Boston.", "John Kerry", on=dt.date(1990, 1, 1))
    assert (in_1990.country, in_1990.sector) == ("USA", "GOV")  # USAGOVLEG 1985-2013: first role GOV


def test_a_title_gives_the_sector_when_the_leaders_code_on_that_date_has_none(nlp, coder: ActorCoder) -> None:
    # Bashar al-Assad is SYRELI (an elite, no sector) from 1983 to 2000: "President" says GOV.
    text = "President Bashar al-Assad spoke in Damascus."
    code = coded(nlp, coder, text, "President Bashar al-Assad", on=dt.date(1990, 1, 1))
    assert (code.country, code.sector) == ("SYR", "GOV")
    alone = coded(nlp, coder, "Bashar al-Assad spoke in Damascus.", "Bashar al-Assad", on=dt.date(1990, 1, 1))
    assert (alone.country, alone.sector) == ("SYR", None)


def test_a_title_inside_the_dictionarys_own_phrase_gives_the_sector(nlp, coder: ActorCoder) -> None:
    # The dictionary lists "PRESIDENT REAGAN" as one phrase, coded USAELI without a date: the title
    # the text writes says GOV; "former" says he is out of office.
    text = "The government welcomed President Reagan's statement."
    code = coded(nlp, coder, text, "President Reagan's", on=None)
    assert (code.country, code.sector) == ("USA", "GOV")
    alone = coded(nlp, coder, "The government welcomed Reagan's statement.", "Reagan's", on=None)
    assert (alone.country, alone.sector) == ("USA", None)


def test_a_surname_is_not_looked_up_inside_another_full_name(nlp, coder: ActorCoder) -> None:
    # "Kerry" alone is John Kerry; "Maria Kerry" is someone the dictionaries do not list.
    code = coded(nlp, coder, "Judge Maria Kerry ruled on Monday.", "Judge Maria Kerry")
    assert (code.country, code.sector) == (None, "JUD")


def test_without_a_date_a_leader_takes_the_range_still_open(nlp, coder: ActorCoder) -> None:
    code = coded(nlp, coder, "John Kerry spoke in Boston.", "John Kerry", on=None)
    assert (code.country, code.sector) == ("USA", "GOV")


# ---------------------------------------------------------------------- organisations
@pytest.mark.parametrize(
    ("text", "words", "sector", "name"),
    [
        ("The United Nations condemned the attack.", "The United Nations", "IGO", "United Nations"),
        ("The UN condemned the attack.", "The UN", "IGO", "United Nations"),
        ("NATO warned Russia.", "NATO", "IGO", None),
        ("Amnesty International accused the government.", "Amnesty International", "NGO", None),
        (
            "The OSCE sent observers.",
            "The OSCE",
            "IGO",
            "Organisation for Security and Cooperation in Europe",
        ),
        (
            "NATO soldiers patrolled the border.",
            "NATO soldiers",
            "IGO",
            "North Atlantic Treaty Organization",
        ),  # the organisation's troops
    ],
)
def test_international_and_non_governmental_organisations_have_no_country(
    nlp, coder: ActorCoder, text: str, words: str, sector: str, name: str | None
) -> None:
    code = coded(nlp, coder, text, words)
    assert code.country is None and code.sector == sector and code.name
    if name:
        assert code.name == name


# ---------------------------------------------------------------------- generic agents
@pytest.mark.parametrize(
    ("text", "words", "country", "sector"),
    [
        ("The rebels withdrew from the town.", "The rebels", None, "REB"),
        ("Civilians fled the city.", "Civilians", None, "CVL"),
        ("Medics treated the wounded.", "Medics", None, "HLH"),
        ("Soldiers opened fire.", "Soldiers", None, "MIL"),
        ("Police arrested two men.", "Police", None, "COP"),
        ("Syrian rebels shelled the road.", "Syrian rebels", "SYR", "REB"),
        ("Russian warplanes bombed the town.", "Russian warplanes", "RUS", "MIL"),
        ("A Kremlin spokesman denied the report.", "A Kremlin spokesman", "RUS", "GOV"),
    ],
)
def test_generic_agents_give_the_sector_and_a_modifier_the_country(
    nlp, coder: ActorCoder, text: str, words: str, country: str | None, sector: str
) -> None:
    code = coded(nlp, coder, text, words)
    assert (code.country, code.sector) == (country, sector)


@pytest.mark.parametrize(
    ("text", "words", "country", "sector"),
    [
        # An unknown people's name after a state's demonym: a population, not the government.
        ("Thousands of Iraqi Kurds fled to the mountains.", "Iraqi Kurds", "IRQ", "CVL"),
        ("The Bosnian Serbs rejected the plan.", "The Bosnian Serbs", "BIH", "CVL"),
        # A plural proper noun that names an organisation is not a people.
        ("Syrian Airlines stopped its flights.", "Syrian Airlines", "SYR", "BUS"),
    ],
)
def test_a_people_named_after_a_states_demonym_are_civilians(
    nlp, coder: ActorCoder, text: str, words: str, country: str | None, sector: str
) -> None:
    code = coded(nlp, coder, text, words)
    assert (code.country, code.sector) == (country, sector)


def test_a_place_after_of_gives_the_country_not_the_sector(nlp, coder: ActorCoder) -> None:
    code = coded(nlp, coder, "The fall of Aleppo shocked the region.", "The fall of Aleppo")
    assert (code.country, code.sector) == ("SYR", None)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("The heavy rain flooded the streets.", "The heavy rain"),
        ("We ate turkey and chad.", "turkey"),  # a country's name in lower case is a common noun
        ("The decision surprised everyone.", "The decision"),
    ],
)
def test_a_phrase_the_dictionaries_do_not_know_is_not_coded(
    nlp, coder: ActorCoder, text: str, words: str
) -> None:
    assert coded(nlp, coder, text, words) == ActorCode(None, None, None)


# ---------------------------------------------------------------------- the resources
@pytest.mark.parametrize("file_name", ACTOR_FILES)
def test_every_vendored_actor_dictionary_parses(file_name: str) -> None:
    entries = parse_actor_dictionary(_vendored(file_name))
    assert len(entries) > 500
    assert all(entry.phrases and all(entry.phrases) for entry in entries)
    assert sum(bool(entry.rules) for entry in entries) > 0.9 * len(entries)


def test_the_vendored_agent_dictionary_parses_with_its_substitution_sets() -> None:
    entries = parse_agent_dictionary(_vendored(AGENT_FILE))
    phrases = {words for entry in entries for words in entry.phrases}
    assert len(entries) > 1500
    assert {("soldier",), ("rebel",), ("civilian",), ("medic",), ("police",)} <= phrases
    assert ("policeman",) in phrases and ("policewomen",) in phrases  # POLICE!PERSON!
    assert all(entry.agent and entry.rules for entry in entries)


def test_the_dictionary_formats_are_read_as_documented() -> None:
    entries = parse_actor_dictionary(
        "JOHN_KERRY_ # a comment\n+SECRETARY_KERRY_\n\t[USAGOVLEG 850103-130201]\n\t[USAGOV >130201]\n"
        "UN_\t[IGOUNO] # inline\nBASHAR_AL-ASSAD\n+SYRIA'S_GOVERNMENT\n\t[SYRGOV]\n"
    )
    assert [e.name for e in entries] == ["JOHN KERRY", "UN", "BASHAR AL-ASSAD"]
    assert entries[0].phrases == (("john", "kerry"), ("secretary", "kerry"))
    assert entries[0].rules == (
        CodeRule("USAGOVLEG", dt.date(1985, 1, 3), dt.date(2013, 2, 1), dated=True),
        CodeRule("USAGOV", dt.date(2013, 2, 1), None, dated=True),
    )
    assert entries[2].phrases == (("bashar", "al", "assad"), ("syria", "'s", "government"))
    assert entries[2].rules == (CodeRule("SYRGOV", None, None, dated=False),)
    agents = parse_agent_dictionary("!PERSON! = MAN, WOMAN\nPOLICE!PERSON! [~COP]\nGUNMAN {GUNMEN} [~UAF]\n")
    assert [a.phrases for a in agents] == [(("policeman",), ("policewoman",)), (("gunman",), ("gunmen",))]
    assert parse_date("000717") == dt.date(2000, 7, 17) and parse_date("450703") == dt.date(1945, 7, 3)
    aliased = parse_actor_dictionary(
        "LIBERATION_TIGERS_OF_TAMIL_EELAM_(LTTE)_ [LKAREB]\n+CONGO_(DEMOCRATIC_REPUBLIC)_\n+KOREA_(NORTH)_\n"
    )
    assert aliased[0].name == aliased[1].name == "LIBERATION TIGERS OF TAMIL EELAM"
    assert aliased[0].phrases == (
        ("liberation", "tigers", "of", "tamil", "eelam", "ltte"),
        ("liberation", "tigers", "of", "tamil", "eelam"),
        ("congo", "democratic", "republic"),
        ("korea", "north"),
    )
    # A parenthesised word is also an alias of its own, matched only in capitals.
    assert aliased[1].phrases == (("ltte",), ("north",)) and aliased[1].acronym
    assert aliased[1].rules == aliased[0].rules


def test_organisations_get_their_acronyms_unless_ambiguous_or_already_listed() -> None:
    entries = parse_actor_dictionary(
        "ORGANIZATION_FOR_SECURITY_AND_COOPERATION_IN_EUROPE_ [IGOEUR]\n"
        "WORLD_HEALTH_ORGANIZATION_ASSEMBLY [IGOUNOHLH]\nWORLD_HUNGER_OBSERVATORY_ALLIANCE [NGO]\n"
        "UNITED_NATIONS_SECURITY_COUNCIL [IGOUNO]\nUNSC [IGOUNO]\nJOHN_ALBERT_SMITH_JONES [USAGOV >20010101]\n"
    )
    acronyms = organisation_acronyms(entries, ("IGO", "NGO"))
    assert [(a.phrases, a.rules[0].code, a.acronym) for a in acronyms] == [((("osce",),), "IGOEUR", True)]
    assert phrase_words("U.N._MONITOR_") == ("u.n.", "monitor")


@pytest.mark.parametrize(
    ("code", "country", "sector"),
    [
        ("SYR", "SYR", None),
        ("SYRMIL", "SYR", "MIL"),
        ("USAGOVLEG", "USA", "GOV"),
        ("SYROPPHRI", "SYR", "OPP"),
        ("SYRINSMUS", "SYR", "REB"),
        ("SYRELI", "SYR", None),
        ("ITL", "ITA", None),  # CAMEO's code, corrected by the overrides file
        ("KSV", "XKX", None),
        ("IGOUNOKID", None, "IGO"),
        ("NGOUSA", None, "NGO"),
        ("MNC", None, "BUS"),
        ("MEAREB", None, "REB"),  # a region is not a country
        ("~MIL", None, "MIL"),
        ("NGO~", None, "NGO"),
        ("---", None, None),
    ],
)
def test_cameo_codes_decode_to_an_iso_country_and_a_contract_sector(code: str, country, sector) -> None:
    decoded = code_vocabulary().decode(code)
    assert (decoded.country, decoded.sector) == (country, sector)


def test_the_sector_vocabulary_is_the_contracts_closed_set_and_every_override_resolves() -> None:
    vocabulary = code_vocabulary()
    assert vocabulary.sectors == CONTRACT_SECTORS == set(SECTORS)
    assert set(vocabulary.roles.values()) <= CONTRACT_SECTORS
    overrides = table("coding_actor_overrides")
    assert all(entry["reason"] for group in overrides.values() for entry in group.values())
    for phrase_text, code in vocabulary.agent_overrides.items():
        decoded = vocabulary.decode(code)
        # An agent's sector, or a place name's bare country ("northern ireland" -> GBR).
        assert code == "" or decoded.sector in CONTRACT_SECTORS or decoded.country_only, phrase_text


# ---------------------------------------------------------------------- any phrase
@pytest.fixture(scope="module")
def parsed_news(nlp) -> Doc:
    return run_components(
        nlp,
        "Syria's military said Monday it has regained control of 98 percent of eastern Aleppo, as "
        "Russian warplanes and rebels of the Free Syrian Army fought near Damascus. UN envoy Staffan "
        "de Mistura and Amnesty International urged the government, Turkey and Iran to let medics in.",
        until="eventetl_places",
    )


@settings(max_examples=150, deadline=None)
@given(data=st.data())
def test_any_phrase_codes_to_a_valid_country_and_a_sector_of_the_set(
    coder: ActorCoder, parsed_news: Doc, data: st.DataObject
) -> None:
    start = data.draw(st.integers(0, len(parsed_news) - 1))
    end = data.draw(st.integers(start + 1, min(len(parsed_news), start + 8)))
    on = data.draw(st.none() | st.dates(dt.date(1950, 1, 1), dt.date(2030, 12, 31)))
    code = coder.code(parsed_news[start:end], on=on)
    assert code.country is None or code.country in code_vocabulary().iso_codes
    assert code.sector is None or code.sector in CONTRACT_SECTORS
    assert (code.name is None) == (code.country is None and code.sector is None)
    assert code.sector not in ("IGO", "NGO") or code.country is None


def test_a_possessive_matches_a_name_the_dictionary_spells_without_its_apostrophe(nlp) -> None:
    # The dictionaries list many names both ways, some only as "PEOPLES_...": a literal dictionary.
    coder = ActorCoder(parse_actor_dictionary("PEOPLES_FRONT_OF_JUDEA [ISROPP]\n"), code_vocabulary())
    span = phrase(nlp, "The People's Front of Judea denounced the decision.", "The People's Front of Judea")
    assert coder.code(span, on=None) == ActorCode("ISR", "OPP", "Peoples Front of Judea")
