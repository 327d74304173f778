"""Process-level defaults for Prefect, applied by the command line before Prefect is imported."""

from __future__ import annotations

import os

PREFECT_DEFAULTS = {
    # The ephemeral API server takes 15-30 s to start on a loaded 2-core machine; Prefect's default is 20 s.
    "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "120",
    # The server's telemetry calls an outside host; this network reaches none, so every run logged an error.
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
}


def configure_prefect_defaults() -> None:
    """Set Prefect defaults that the environment has not set already."""
    for name, value in PREFECT_DEFAULTS.items():
        os.environ.setdefault(name, value)
