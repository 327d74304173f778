"""Process-level defaults for Prefect, applied by the command line before Prefect is imported."""

from __future__ import annotations

import os
import sys

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


LOCAL_SERVER_PROBE_TIMEOUT = 0.5
"""Seconds the health probe waits for a local Prefect server: a closed port refuses at once."""


def prefect_server_answers(api_url: str, *, timeout: float = LOCAL_SERVER_PROBE_TIMEOUT) -> bool:
    """Whether a Prefect API at ``api_url`` (``http://HOST:PORT/api``) answers its health check.

    Prefect's health endpoint answers ``true``; any other service on the port does not count.
    """
    import urllib.error
    import urllib.request

    try:
        with urllib.request.urlopen(f"{api_url}/health", timeout=timeout) as response:
            return bool(response.status == 200 and response.read(16).strip() == b"true")
    except (urllib.error.URLError, OSError, ValueError):
        return False


def use_local_prefect_server(port: int) -> str | None:
    """Point this process at the Prefect server on 127.0.0.1:``port`` when one answers; return its API URL.

    Only when ``PREFECT_API_URL`` is unset and Prefect is not imported yet (it reads its settings
    once, at import): the run then skips Prefect's temporary API server, which costs 8-10 s of
    start-up (importing the server, then waiting for its child process). Says so on stderr.
    """
    if os.environ.get("PREFECT_API_URL") or "prefect" in sys.modules:
        return None
    api_url = f"http://127.0.0.1:{port}/api"
    if not prefect_server_answers(api_url):
        return None
    os.environ["PREFECT_API_URL"] = api_url
    print(f"eventetl: using the Prefect server at {api_url} (no temporary server)", file=sys.stderr)
    return api_url
