"""The compiled gazetteer (``extractors.nlp.gazetteer_store``): the same candidates as the built one,
loaded from the user's cache folder, compiled once per fingerprint (issue 16, gazetteer cost)."""

from __future__ import annotations

from pathlib import Path

import pytest

from extractors.nlp import gazetteer_store
from extractors.nlp.gazetteer import build_gazetteer, fingerprint, shared_gazetteer
from extractors.nlp.gazetteer_lookup import Gazetteer, Place

ALEPPO = Place(
    170063, "Aleppo", "SY", 36.20278, 37.15861, "P", None, "09", "Aleppo Governorate", None, 1602264
)
ALEPPO_GOVERNORATE = Place(
    170062, "Aleppo Governorate", "SY", 36.2, 37.4, "A", "ADM1", "09", "Aleppo Governorate", None, 4868000
)
EUROPE = Place(6255148, "Europe", "", 48.69096, 9.14062, "L", "CONT", None, None, None, 0)
NO_POINT = Place(None, "São Tomé", "ST", None, None, "P", None, "", None, None, 0)


def small() -> Gazetteer:
    """A gazetteer of a few hand-made entries: other names, an alias, None and empty fields."""
    entries = [
        (ALEPPO, ["Halab"]),
        (ALEPPO_GOVERNORATE, ["Aleppo", "Halab Gov."]),
        (EUROPE, []),
        (NO_POINT, []),
    ]
    return Gazetteer.of(entries, {"Haleb": "Aleppo"})


def test_the_compiled_gazetteer_gives_the_built_one_s_candidates(tmp_path: Path) -> None:
    built = small()
    gazetteer_store.save(built, tmp_path / "compiled")
    loaded = gazetteer_store.load(tmp_path / "compiled")
    for name in ("Aleppo", "Halab", "Haleb", "Halab Gov", "Europe", "São Tomé", "Sao Tome", "Nowhere"):
        assert loaded.candidates(name) == built.candidates(name), name
    assert [p.geonameid for p in loaded.candidates("Aleppo").places] == [170063, 170062]
    assert loaded.candidates("Aleppo").own_names == 1  # the governorate has "Aleppo" as another name
    # one object per entry, whichever name found it: resolution tells entries apart by identity
    assert loaded.candidates("Halab").places[0] is loaded.candidates("Aleppo").places[0]
    assert len(loaded) == len(built)


def test_the_real_gazetteer_compiles_without_loss(tmp_path: Path) -> None:
    built = build_gazetteer()
    gazetteer_store.save(built, tmp_path / "compiled")
    loaded = gazetteer_store.load(tmp_path / "compiled")
    own, other = built.indexes()
    names = sorted(own.keys() | other.keys())
    for name in [*names[:: max(1, len(names) // 3000)], "Alexandria", "Georgia", "U.S.", "Ga.", "NSW"]:
        assert loaded.candidates(name) == built.candidates(name), name


def test_a_gazetteer_is_compiled_once_then_loaded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(gazetteer_store.CACHE_DIR_VARIABLE, str(tmp_path))
    builds: list[int] = []

    def build() -> Gazetteer:
        builds.append(1)
        return small()

    first = gazetteer_store.load_or_build("abc", build)
    second = gazetteer_store.load_or_build("abc", build)
    assert len(builds) == 1 and first.candidates("Halab") == second.candidates("Halab") == small().candidates(
        "Halab"
    )
    assert [p.name for p in tmp_path.iterdir()] == [f"{gazetteer_store.FORMAT}-abc"]
    gazetteer_store.load_or_build("def", build)  # another fingerprint: compiled afresh
    assert len(builds) == 2


def test_an_unwritable_cache_folder_leaves_the_built_gazetteer(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv(gazetteer_store.CACHE_DIR_VARIABLE, str(blocker / "cache"))
    built = small()
    assert gazetteer_store.load_or_build("abc", lambda: built) is built


def test_the_fingerprint_follows_what_the_build_reads() -> None:
    assert fingerprint() == fingerprint()
    assert fingerprint(min_population=1000) != fingerprint()
    # the process's gazetteer is the compiled one, loaded from the cache folder
    assert shared_gazetteer().candidates("Aleppo").places[0].geonameid == 170063
