"""The candidate gazetteer: administrative areas worldwide and US counties from the vendored GeoNames
extract, spellings news use, and the resolution rules that read area entries (issue 16, third step)."""

from __future__ import annotations

import math

from extractors.nlp.gazetteer import admin_areas, country_names, shared_gazetteer, spellings
from extractors.nlp.place_context import known_place
from extractors.nlp.place_mentions import PlaceName, resolve

PUNJAB_PAKISTAN, PUNJAB_INDIA, ONTARIO, GUANGDONG = 1167710, 1259223, 6093943, 1809935
RAPIDES_PARISH, HENRY_COUNTY_TENNESSEE = 4338356, 4628829
GEORGIA_STATE, GEORGIA_COUNTRY, ATLANTA_GEORGIA = 4197000, 614540, 4180439
ALEXANDRIA_EGYPT, ALEXANDRIA_GOVERNORATE, ALEXANDRIA_LOUISIANA = 361058, 361059, 4314550
IDLIB, IDLIB_GOVERNORATE = 169389, 169387
SAVANNAH_GEORGIA, SAVANNAH_GHANA = 4221552, 12105074
PALESTINE_TEXAS, PALESTINE = 4717232, 6254930
SAINT_PETERSBURG, ST_PETERSBURG_FLORIDA = 498817, 4171563
UNITED_KINGDOM, CONGO_KINSHASA, NEW_SOUTH_WALES, UNITED_STATES = 2635167, 203312, 2155400, 6252001


def km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance in km."""
    la1, lo1, la2, lo2 = map(math.radians, (*a, *b))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 12742 * math.asin(math.sqrt(h))


def ids(*names: str) -> list[tuple[int | None, str | None]]:
    """Each name's entry and resolution, the names as one document's, in order."""
    found = resolve([PlaceName(i * 30, i * 30 + len(n), n) for i, n in enumerate(names)], shared_gazetteer())
    return [(m.place.geonameid if m.place else None, m.resolution) for m in found]


def test_first_level_areas_of_every_country_have_ids_names_and_points() -> None:
    places = {p.geonameid: p for p in shared_gazetteer().candidates("Punjab").places}
    assert {PUNJAB_PAKISTAN, PUNJAB_INDIA} <= places.keys()
    pakistan = places[PUNJAB_PAKISTAN]
    assert (pakistan.country_code, pakistan.feature_code, pakistan.admin1_name) == ("PK", "ADM1", "Punjab")
    assert pakistan.latitude is not None and pakistan.longitude is not None
    assert (
        km((pakistan.latitude, pakistan.longitude), (31.0, 72.5)) < 300
    )  # central Punjab, not Lahore's corner
    # an English other name reaches an area whose GeoNames name is the local one ("Guangdong Sheng")
    (guangdong,) = shared_gazetteer().candidates("Guangdong").places
    assert (guangdong.geonameid, guangdong.name) == (GUANGDONG, "Guangdong Sheng")
    # a town carries its first-level area's name outside the US too
    aleppo = next(p for p in shared_gazetteer().candidates("Aleppo").places if p.feature_class == "P")
    assert aleppo.admin1_name is not None and aleppo.admin1_code == "09"


def test_us_counties_have_ids_and_points() -> None:
    (parish,) = shared_gazetteer().candidates("Rapides Parish").places
    assert (parish.geonameid, parish.feature_code, parish.admin1_code, parish.admin2_name) == (
        RAPIDES_PARISH, "ADM2", "LA", "Rapides Parish",
    )  # fmt: skip
    assert parish.latitude is not None and parish.longitude is not None
    assert km((parish.latitude, parish.longitude), (31.17, -92.48)) < 40
    henrys = shared_gazetteer().candidates("Henry County").places
    assert HENRY_COUNTY_TENNESSEE in {p.geonameid for p in henrys} and len(henrys) >= 10


def test_the_vendored_extract_is_complete_and_in_range() -> None:
    areas = admin_areas()
    assert len([a for a in areas if a.place.feature_code == "ADM1"]) > 3000
    assert len([a for a in areas if a.place.country_code == "US" and a.place.feature_code == "ADM2"]) > 3000
    assert all(-90 <= a.place.latitude <= 90 for a in areas if a.place.latitude is not None)
    assert all(-180 <= a.place.longitude <= 180 for a in areas if a.place.longitude is not None)
    assert "Czech Republic" in country_names()["CZ"]


def test_names_are_looked_up_under_the_spellings_news_use() -> None:
    assert "Saint Cloud" in spellings("St. Cloud") and "UK" in spellings("U.K.")
    # both St. Petersburgs are candidates; the larger one wins without evidence
    petersburgs = {p.geonameid for p in shared_gazetteer().candidates("St. Petersburg").places}
    assert {SAINT_PETERSBURG, ST_PETERSBURG_FLORIDA} <= petersburgs
    assert ids("U.K.") == [(UNITED_KINGDOM, "only candidate")]
    assert ids("Democratic Republic of Congo") == [(CONGO_KINSHASA, "only candidate")]
    assert ids("NSW") == [(NEW_SOUTH_WALES, "only candidate")]  # the ISO 3166-2 code news write
    assert shared_gazetteer().candidates("Sttt. Qwzx").places == ()


def test_an_alias_adds_the_country_the_news_mean_to_the_towns_of_that_name() -> None:
    found = shared_gazetteer().candidates("America").places
    assert found[0].geonameid == UNITED_STATES and any(p.feature_class == "P" for p in found)
    assert ids("America") == [(UNITED_STATES, "population")]


def test_a_state_abbreviation_names_the_us_state_only() -> None:
    assert ids("Ga.") == [(GEORGIA_STATE, "only candidate")]
    assert ids("Georgia")[0][0] == GEORGIA_COUNTRY  # the name itself: a country first


def test_an_area_known_by_another_name_or_named_after_its_town_gives_way_to_the_town() -> None:
    # "Alexandria" is also another name of Egypt's governorate; "Idlib" the own name of the governorate
    assert ids("Alexandria") == [(ALEXANDRIA_EGYPT, "population")]
    assert ALEXANDRIA_GOVERNORATE in {p.geonameid for p in shared_gazetteer().candidates("Alexandria").places}
    assert ids("Idlib") == [(IDLIB, "population")]
    # a county's short name is mostly a surname: "Henry" is a town, not a Henry County
    (henry,) = ids("Henry")
    assert henry[0] not in {p.geonameid for p in shared_gazetteer().candidates("Henry County").places}


def test_a_first_level_area_comes_first_only_when_larger_than_the_towns_of_its_name() -> None:
    assert ids("Ontario") == [(ONTARIO, "population")]  # not Ontario, California
    assert ids("Savannah") == [(SAVANNAH_GEORGIA, "population")]  # not Ghana's Savannah region
    assert SAVANNAH_GHANA in {p.geonameid for p in shared_gazetteer().candidates("Savannah").places}


def test_a_name_is_no_evidence_for_itself() -> None:
    # said thrice, "Alexandria" does not vote Egypt in: two Louisiana towns put the story there
    assert ids("Alexandria", "Alexandria", "Alexandria", "Shreveport", "Baton Rouge")[0] == (
        ALEXANDRIA_LOUISIANA, "focal region",
    )  # fmt: skip
    assert ids("Alexandria", "Alexandria", "Alexandria")[0] == (ALEXANDRIA_EGYPT, "population")


def test_what_the_first_round_resolved_is_evidence_for_the_second() -> None:
    # "Georgia" is the US state ("Atlanta" can only be Georgia's); then "Atlanta" is Georgia's, not Texas's
    found = ids("Georgia", "Atlanta", "Texas", "Atlanta")
    assert found[0] == (GEORGIA_STATE, "shared region")
    assert found[1] == found[3] == (ATLANTA_GEORGIA, "co-mention")


def test_the_region_the_other_names_can_share_chooses_among_namesakes() -> None:
    # every name has a Texas candidate; only Grapeland is in Texas alone
    found = ids("Palestine", "Anderson County", "Elkhart", "Grapeland")
    assert found[0][0] == PALESTINE_TEXAS
    assert found[1] == (4670756, "shared region")  # Anderson County, Texas
    assert ids("Palestine", "Gaza", "Ramallah")[0] == (PALESTINE, "focal country")


PITTSBURGH_PENNSYLVANIA, PITTSBURG_CALIFORNIA = 5206379, 5383465
MINYA, DISTRICT_OF_COLUMBIA, SAO_PAULO, TEXAS, GAUTENG = 360686, 4138106, 3448439, 4736286, 1085594


def test_a_hyphenated_arabic_article_is_looked_up_apart_and_without() -> None:
    assert {"Al Minya", "Minya"} <= set(spellings("Al-Minya"))
    assert ids("Al-Minya")[0][0] == MINYA
    # no hyphen, no article: "El Paso" and "Alabama" are looked up as written
    assert spellings("El Paso") == ("El Paso",) and "abama" not in spellings("Alabama")


def test_a_name_is_found_without_its_diacritics_and_its_periods() -> None:
    assert ids("Sao Paulo")[0][0] == SAO_PAULO  # GeoNames: "São Paulo"
    assert ids("Washington DC") == [(DISTRICT_OF_COLUMBIA, "only candidate")]  # other name "Washington D.C."
    assert ids("D.C.") == [(DISTRICT_OF_COLUMBIA, "only candidate")]  # the AP abbreviation
    # a name is still its own: "Bogota" is a New Jersey town's own name, a candidate beside Bogotá
    assert {p.country_code for p in shared_gazetteer().candidates("Bogota").places} == {"US", "CO"}


def test_a_smaller_town_known_by_the_name_only_as_a_variant_is_never_chosen() -> None:
    # "Pittsburgh" is another name of Pittsburg, California: naming California does not move it there
    assert ids("Pittsburgh", "California", "San Diego")[0] == (PITTSBURGH_PENNSYLVANIA, "population")
    # the town's own name still goes to it with that evidence
    assert ids("Pittsburg", "California", "San Diego")[0] == (PITTSBURG_CALIFORNIA, "co-mention")


def test_a_large_first_level_area_is_placed_at_the_middle_of_its_land() -> None:
    (texas,) = [p for p in shared_gazetteer().candidates("Texas").places if p.geonameid == TEXAS]
    assert texas.latitude is not None and texas.longitude is not None
    # the middle of Texas (31 N, 100 W), not its populous east
    assert km((texas.latitude, texas.longitude), (31.0, -100.0)) < 120
    # a small province keeps the vendored point (the middle of its towns)
    (gauteng,) = shared_gazetteer().candidates("Gauteng").places
    vendored = next(a.place for a in admin_areas() if a.place.geonameid == GAUTENG)
    assert (gauteng.geonameid, gauteng.latitude, gauteng.longitude) == (
        GAUTENG, vendored.latitude, vendored.longitude,
    )  # fmt: skip


def test_a_person_s_name_is_not_a_known_place_for_dropping_a_town_s_diacritics() -> None:
    # "Gore" (the politician) only drops the accent of Goré, Chad; the town's own spelling is known
    assert not known_place("Gore", shared_gazetteer())
    assert known_place("Goré", shared_gazetteer()) and known_place("Aleppo", shared_gazetteer())
