"""Defaults live in ``flows.settings.Settings`` alone: nothing else restates one.

``[tool.eventetl]`` in pyproject.toml and the deployment in prefect.yaml may only hold values
that differ from a default; the flow's signature takes its defaults from ``Settings``.
"""

from __future__ import annotations

import inspect
import tomllib
from typing import Any

import yaml
from conftest import REPO_ROOT

from flows.settings import Settings

FLOW_PARAMETER_SETTINGS = {
    "db": "db",
    "model": "model",
    "batch_size": "batch_size",
    "max_file_bytes": "max_file_bytes",
    "window_start": "corpus_window_start",
    "window_end": "corpus_window_end",
    "max_event_age_days": "max_event_age_days",
    "min_events_per_run": "min_events_per_run",
    "lock_timeout": "lock_timeout",
}
"""Each parameter of ``ingest_events`` that is a setting, and the setting's name."""


def _default(name: str) -> Any:
    return Settings.model_fields[name].default


def _same(value: Any, default: Any) -> bool:
    """Whether a value written in TOML or YAML says what the default says (``600`` is ``600.0``, ``"data/x"`` a path)."""
    return str(value) == str(default) or (
        isinstance(value, int | float) and isinstance(default, int | float) and value == default
    )


def test_pyproject_restates_no_default() -> None:
    table = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["eventetl"]
    unknown = sorted(set(table) - set(Settings.model_fields))
    assert unknown == [], "not settings"
    restated = {name: value for name, value in table.items() if _same(value, _default(name))}
    assert restated == {}, "equal to their default in flows/settings.py: delete them from [tool.eventetl]"


def _deployment() -> dict[str, Any]:
    config = yaml.safe_load((REPO_ROOT / "prefect.yaml").read_text(encoding="utf-8"))
    (deployment,) = config["deployments"]
    return deployment


def test_prefect_yaml_passes_no_default_and_serves_the_default_schedule() -> None:
    from flows.ingest import ingest_events

    deployment = _deployment()
    flow_defaults = {
        name: parameter.default
        for name, parameter in inspect.signature(ingest_events.fn).parameters.items()
        if parameter.default is not inspect.Parameter.empty
    }
    restated = {
        name: value
        for name, value in deployment["parameters"].items()
        if name in flow_defaults and _same(value, flow_defaults[name])
    }
    assert restated == {}, "the flow's defaults already: delete them from prefect.yaml"
    # A YAML file cannot read Settings: its one schedule must be the one `eventetl serve` uses.
    assert [schedule["cron"] for schedule in deployment["schedules"]] == [_default("schedule_cron")]


def test_the_flow_takes_its_defaults_from_settings() -> None:
    from flows.ingest import ingest_events

    parameters = inspect.signature(ingest_events.fn).parameters
    differing = {
        name: (parameters[name].default, _default(setting))
        for name, setting in FLOW_PARAMETER_SETTINGS.items()
        if name in parameters
        and parameters[name].default is not inspect.Parameter.empty
        and not _same(parameters[name].default, _default(setting))
    }
    assert differing == {}
    execution = parameters["execution"].default
    assert (execution.runner, execution.workers, execution.dask_address) == (
        _default("runner"),
        _default("workers"),
        _default("dask_address"),
    )
