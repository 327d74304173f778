"""``eventetl --version``: the versions that decide what a run extracts, from package metadata alone."""

from __future__ import annotations

import typer

LIBRARIES = ("duckdb", "prefect", "spacy", "great-expectations")
"""Libraries whose versions ``--version`` prints after eventetl's own, its extractor's and its model's."""


def _package_version(package: str) -> str:
    import importlib.metadata

    try:
        return importlib.metadata.version(package)
    except importlib.metadata.PackageNotFoundError:
        return "not installed"


def print_version(value: bool) -> None:
    """Print the versions (no spaCy, Prefect or Great Expectations import), then exit; nothing when not asked."""
    if not value:
        return
    from extractors.models import default_model, installed_model
    from extractors.version import extractor_version
    from flows.settings import SettingsError, load_settings

    try:
        configured = load_settings().model
    except SettingsError:
        configured = None  # --version still answers; a run would name the invalid setting
    name = configured or default_model()
    model = installed_model(name) if name else None
    lines = [
        f"eventetl {_package_version('eventetl')}",
        f"extractor {extractor_version(name) if model is not None and model.version else 'unknown (no model)'}",
        "model none installed"
        if model is None
        else f"model {model.package} {model.version or 'not installed'}"
        + (f" ({model.pipeline})" if model.pipeline else "")
        + ("" if configured else " (default)"),
    ]
    lines += [f"{package} {_package_version(package)}" for package in LIBRARIES]
    typer.echo("\n".join(lines))
    raise typer.Exit()
