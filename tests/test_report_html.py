"""``eventetl report`` rendered in a real headless Chromium, driven over the DevTools protocol.

The browser is the system's (``/usr/bin/chromium``, installed by ``make install`` from the
Debian package); nothing is downloaded. The page is opened from disk and watched for console
errors and for any request other than the file itself. Set ``EVENTETL_SCREENSHOT=1`` to also
refresh ``docs/report.png`` (the README's screenshot) from the sample corpus's report.
"""

from __future__ import annotations

import base64
import json
import os
import shutil
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner
from websockets.sync.client import connect

from flows.cli import app

REPO = Path(__file__).resolve().parent.parent
CHROMIUM = shutil.which("chromium") or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-default-apps",
    "--window-size=1100,1400",
    "--remote-debugging-port=0",
]

pytestmark = pytest.mark.skipif(
    CHROMIUM is None,
    reason="no Chromium: `make install` installs the Debian package `chromium` when run as root",
)


class Page:
    """One browser tab over a DevTools websocket; keeps every event it sees."""

    def __init__(self, ws_url: str) -> None:
        self.ws = connect(ws_url, max_size=None, open_timeout=30)
        self.next_id = 0
        self.events: list[dict[str, Any]] = []

    def call(self, method: str, **params: Any) -> dict[str, Any]:
        self.next_id += 1
        self.ws.send(json.dumps({"id": self.next_id, "method": method, "params": params}))
        while True:
            message = json.loads(self.ws.recv(timeout=60))
            if message.get("id") == self.next_id:
                assert "error" not in message, message
                result: dict[str, Any] = message["result"]
                return result
            self.events.append(message)

    def wait_for(self, method: str) -> None:
        while not any(event.get("method") == method for event in self.events):
            self.events.append(json.loads(self.ws.recv(timeout=60)))


@pytest.fixture
def browser(tmp_path: Path) -> Iterator[Page]:
    """A fresh headless Chromium (own profile directory) and one blank tab."""
    profile = tmp_path / "profile"
    assert CHROMIUM is not None
    process = subprocess.Popen(
        [CHROMIUM, *FLAGS, f"--user-data-dir={profile}", "about:blank"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        port_file = profile / "DevToolsActivePort"
        for _ in range(600):  # Chromium writes its port here once it listens
            if port_file.exists() and port_file.read_text().count("\n") >= 1:
                break
            if process.poll() is not None:
                pytest.fail(f"chromium exited with {process.returncode} before listening")
            time.sleep(0.1)
        port = int(port_file.read_text().split()[0])
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=30) as response:
            tabs = json.load(response)
        page = Page(next(tab for tab in tabs if tab["type"] == "page")["webSocketDebuggerUrl"])
        try:
            yield page
        finally:
            page.ws.close()
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def test_report_renders_offline_in_chromium(seeded_warehouse: Path, tmp_path: Path, browser: Page) -> None:
    output = tmp_path / "out" / "report.html"
    result = CliRunner().invoke(app, ["report", "--db", str(seeded_warehouse), "--output", str(output)])
    assert result.exit_code == 0, result.output
    assert str(output) in result.output
    url = output.resolve().as_uri()

    for domain in ("Page", "Runtime", "Log", "Network"):
        browser.call(f"{domain}.enable")
    browser.call("Page.navigate", url=url)
    browser.wait_for("Page.loadEventFired")
    drawn = browser.call(
        "Runtime.evaluate",
        returnByValue=True,
        expression="""({
          timelineMarks: document.querySelectorAll('#timeline-chart svg path').length,
          timelineWidth: document.querySelector('#timeline-chart svg')?.getBoundingClientRect().width ?? 0,
          mapShapes: document.querySelectorAll('#map-chart svg path').length,
          mapWidth: document.querySelector('#map-chart svg')?.getBoundingClientRect().width ?? 0,
          docsLink: document.querySelector('a[href$="index.html"]')?.getAttribute('href'),
          sourceLinks: document.querySelectorAll('table.events a').length,
          eventRows: document.querySelectorAll('table.events tbody tr').length,
          scripts: document.scripts.length,
        })""",
    )["result"]["value"]
    screenshot = base64.b64decode(browser.call("Page.captureScreenshot", format="png")["data"])

    # Timeline bars and the map's land outline (plus pins) are real SVG paths with a size.
    assert drawn["timelineMarks"] > 5 and drawn["timelineWidth"] > 300, drawn
    assert drawn["mapShapes"] > 100 and drawn["mapWidth"] > 300, drawn
    assert drawn["docsLink"] == "../docs/seeded/index.html", drawn  # relative, beside the warehouse
    assert drawn["eventRows"] > 50 and drawn["sourceLinks"] > 0, drawn
    assert drawn["scripts"] == 0, drawn

    methods = [event.get("method") for event in browser.events]
    errors = [
        event
        for event in browser.events
        if event.get("method") == "Runtime.exceptionThrown"
        or (event.get("method") == "Runtime.consoleAPICalled" and event["params"]["type"] == "error")
        or (event.get("method") == "Log.entryAdded" and event["params"]["entry"]["level"] == "error")
    ]
    assert errors == [], errors
    requests = [
        event["params"]["request"]["url"]
        for event in browser.events
        if event.get("method") == "Network.requestWillBeSent"
    ]
    assert requests == [url], methods
    assert screenshot.startswith(b"\x89PNG") and len(screenshot) > 20_000
    if os.environ.get("EVENTETL_SCREENSHOT") == "1":
        (REPO / "docs" / "report.png").write_bytes(screenshot)


def test_report_defaults_beside_the_warehouse(seeded_warehouse: Path) -> None:
    result = CliRunner().invoke(app, ["report", "--db", str(seeded_warehouse)])
    assert result.exit_code == 0, result.output
    expected = seeded_warehouse.with_name("seeded.report.html")
    assert result.output.strip().endswith(str(expected))
    page = expected.read_text()
    assert "Failed expectations" in page or "Every expectation passed" in page
    assert "<script" not in page and "https://cdn" not in page


def test_report_without_warehouse_fails_in_one_line(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["report", "--db", str(tmp_path / "missing.duckdb")])
    assert result.exit_code == 1
    assert "no warehouse at" in result.output
    assert "Traceback" not in result.output
