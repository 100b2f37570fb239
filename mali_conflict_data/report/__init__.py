"""A static, offline report site built from a published build folder.

Every page is plain HTML with inline CSS and inline SVG: nothing is fetched from
outside the site, so it works opened from disk and on GitHub Pages.

>>> import tempfile
>>> from mali_conflict_data.loading import data_dir
>>> with tempfile.TemporaryDirectory() as out:
...     pages = write_site(data_dir(), out)
>>> "index.html" in pages
True
"""

from __future__ import annotations

import datetime
import html
import json
import urllib.parse
from pathlib import Path

import pandas as pd

from mali_conflict_data import __version__
from mali_conflict_data.loading import read_table, table_names

__all__ = ["text_fragment", "write_site"]

_CSS = """
body{font-family:system-ui,sans-serif;max-width:60rem;margin:0 auto;padding:0 1rem;
line-height:1.45;color:#222}
nav a{margin-right:.8rem}table{border-collapse:collapse;width:100%;font-size:.9rem}
td,th{border:1px solid #ccc;padding:.25rem .4rem;vertical-align:top;text-align:left}
.scroll{overflow-x:auto}blockquote{margin:.3rem 0;padding-left:.6rem;border-left:3px solid #888}
svg{max-width:100%;height:auto}.disagree{background:#fff3cd}
"""
_NAV = [
    ("index.html", "Overview"),
    ("timeline.html", "Timeline"),
    ("deployments.html", "Deployments"),
    ("sanctions.html", "Sanctions"),
    ("map.html", "Map"),
    ("disagreements.html", "Disagreements"),
    ("actors.html", "Actors"),
]


def text_fragment(url: str, quote: str) -> str:
    """The article address with a ``#:~:text=`` fragment that highlights ``quote``.

    >>> text_fragment("https://example.org/a", "more than 13,000 - troops & police")
    'https://example.org/a#:~:text=more%20than%2013%2C000%20%2D%20troops%20%26%20police'
    """
    encoded = urllib.parse.quote(" ".join(quote.split()), safe="").replace("-", "%2D")
    return f"{url.split('#')[0]}#:~:text={encoded}"


def _e(value) -> str:
    if value is None or (not isinstance(value, list | tuple) and pd.isna(value)):
        return ""
    if isinstance(value, list | tuple):
        return html.escape(", ".join(str(v) for v in value))
    if isinstance(value, pd.Timestamp):  # datetime64 dates read as days
        return html.escape(str(value.date()))
    return html.escape(str(value))


def _day(value) -> datetime.date | None:
    if value is None or pd.isna(value):
        return None
    return pd.Timestamp(value).date()


def _page(title: str, body: str, depth: int = 0) -> str:
    up = "../" * depth
    nav = " ".join(f'<a href="{up}{href}">{label}</a>' for href, label in _NAV)
    return (
        '<!doctype html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width,initial-scale=1">'
        f"<title>{html.escape(title)} · Mali conflict data</title>"
        f'<link rel="icon" href="data:,"><style>{_CSS}</style></head><body>'
        f"<nav>{nav}</nav><h1>{html.escape(title)}</h1>{body}"
        f"<footer><p>mali-conflict-data {__version__}</p></footer></body></html>\n"
    )


def _table(frame: pd.DataFrame, columns: list[str]) -> str:
    columns = [c for c in columns if c in frame.columns]
    head = "".join(f"<th>{_e(c)}</th>" for c in columns)
    rows = "".join(
        "<tr>" + "".join(f"<td>{_e(row[c])}</td>" for c in columns) + "</tr>"
        for _, row in frame.iterrows()
    )
    return f'<div class="scroll"><table><tr>{head}</tr>{rows}</table></div>'


def _quote_link(sources: pd.DataFrame, source_id, quote, depth: int) -> str:
    if source_id is None or pd.isna(source_id) or quote is None or pd.isna(quote):
        return ""
    url = sources.loc[source_id, "url"] if source_id in sources.index else None
    up = "../" * depth
    src = f'<a href="{up}sources/{_e(source_id)}.html">{_e(source_id)}</a>'
    if url is None or pd.isna(url):
        return f"<blockquote>{_e(quote)}</blockquote>{src}"
    return (
        f'<blockquote><a class="quote" href="{_e(text_fragment(url, quote))}">'
        f"{_e(quote)}</a></blockquote>{src}"
    )


_STATUS_COLOURS = {"authorized": "#2b6cb0", "deployed": "#2f855a", "arrived": "#2f855a"}


def _lanes_svg(
    label: str, marks: list[tuple[str, datetime.date, datetime.date | None, str, str, str]]
) -> str:
    """An SVG of marks (lane, start, end or None for open, link, title, colour) in lanes."""
    marks = [m for m in marks if m[1] is not None]
    if not marks:
        return "<p>Nothing dated to draw.</p>"
    first = min(m[1] for m in marks)
    last = max(max(m[1], m[2] or m[1]) for m in marks)
    span = max((last - first).days, 1)
    lanes = sorted({m[0] for m in marks})
    width, left, row_h = 800, 170, 26
    height = row_h * len(lanes) + 40
    scale = (width - left - 30) / span
    parts = [
        f'<text x="4" y="{34 + i * row_h}" font-size="12">{html.escape(lane)}</text>'
        for i, lane in enumerate(lanes)
    ]
    for lane, start, end, link, title, colour in marks:
        y = 23 + lanes.index(lane) * row_h
        x0 = left + (start - first).days * scale
        x1 = width - 10 if end is None else left + (end - first).days * scale
        dash = ' stroke-dasharray="4 3"' if end is None else ""
        parts.append(
            f'<a href="{html.escape(link)}"><title>{html.escape(title)}</title>'
            f'<rect x="{x0:.1f}" y="{y}" width="{max(x1 - x0, 6):.1f}" height="16" '
            f'fill="{colour}" fill-opacity="0.6" stroke="{colour}"{dash}/></a>'
        )
    parts.append(
        f'<text x="{left}" y="{height - 6}" font-size="11">{first}</text>'
        f'<text x="{width - 10}" y="{height - 6}" font-size="11" text-anchor="end">'
        f"{last}</text>"
    )
    return (
        f'<svg role="img" aria-label="{html.escape(label)}" viewBox="0 0 {width} {height}" '
        f'xmlns="http://www.w3.org/2000/svg">{"".join(parts)}</svg>'
    )


def _deployments(frame: pd.DataFrame, sources: pd.DataFrame) -> str:
    marks, rows = [], []
    for _, r in frame.sort_values(["force_actor_id", "date_start", "deployment_id"]).iterrows():
        anchor = f"row-{r['deployment_id']}"
        start = _day(r["date_start"])
        marks.append(
            (
                str(r["force_actor_id"]),
                start,
                _day(r["date_end"]) or start,
                f"#{anchor}",
                f"{r['force_actor_id']} {r['status']}: {r['count_text']}",
                _STATUS_COLOURS.get(str(r["status"]), "#b7791f"),
            )
        )
        rows.append(
            f'<tr id="{_e(anchor)}"><td>{_e(r["force_actor_id"])}</td><td>{_e(r["status"])}</td>'
            f"<td>{_e(r['date_start'])}</td><td>{_e(r['count_text'])}</td>"
            f"<td>{_e(r['qualifier'])} {_e(r['low'])}–{_e(r['high'])}</td>"
            f"<td>{_e(r['attributed_to'])}</td>"
            f"<td>{_quote_link(sources, r['source_id'], r['quote'], 0)}</td></tr>"
        )
    return (
        "<p>Each mark is one figure as a source states it; colour is the status (blue "
        "authorised, green deployed or arrived, amber planned or pledged), and the words "
        "as written are kept: 'more than fifteen thousand' authorised is a ceiling "
        "the UN set, 'more than thirteen thousand' deployed is a count on the ground. "
        "Select a mark to reach its row and quote.</p>"
        + _lanes_svg("Deployments over time by force and status", marks)
        + '<div class="scroll"><table><tr><th>force</th><th>status</th><th>date</th>'
        "<th>words as written</th><th>coded range</th><th>attributed to</th><th>quote</th></tr>"
        + "".join(rows)
        + "</table></div>"
    )


def _sanctions(frame: pd.DataFrame, sources: pd.DataFrame) -> str:
    marks, rows = [], []
    for _, r in frame.sort_values(["imposed_date", "sanction_id"]).iterrows():
        anchor = f"row-{r['sanction_id']}"
        lifted = _day(r["lifted_date"])
        marks.append(
            (
                f"{r['sender_actor_id']} → {r['target_actor_id']}",
                _day(r["imposed_date"]),
                lifted,
                f"#{anchor}",
                f"{r['measure']}: {r['imposed_date']} to {lifted or 'not reported lifted'}",
                "#9b2c2c",
            )
        )
        lift = (
            _quote_link(sources, r.get("lifted_source_id"), r.get("lifted_quote"), 0)
            or "no lifting reported (open-ended)"
        )
        rows.append(
            f'<tr id="{_e(anchor)}"><td>{_e(r["sender_actor_id"])}</td>'
            f"<td>{_e(r['target_actor_id'])}</td><td>{_e(r['measure'])}</td>"
            f"<td>{_e(r['imposed_date'])}<br>{_quote_link(sources, r['source_id'], r['quote'], 0)}"
            f"</td><td>{_e(r['lifted_date'])}<br>{lift}</td></tr>"
        )
    return (
        "<p>Each span runs from imposition to lifting; a dashed span that runs to the "
        "right edge has no lifting reported. Select a span to reach both quotes.</p>"
        + _lanes_svg("Sanctions from imposition to lifting", marks)
        + '<div class="scroll"><table><tr><th>sender</th><th>target</th><th>measure</th>'
        "<th>imposed</th><th>lifted</th></tr>" + "".join(rows) + "</table></div>"
    )


def _timeline_svg(events: pd.DataFrame, casualties: pd.DataFrame) -> str:
    dated = [(row, _day(row["date_start"]), _day(row["date_end"])) for _, row in events.iterrows()]
    dated = [(r, s, e or s) for r, s, e in dated if s is not None]
    if not dated:
        return "<p>No dated events.</p>"
    first = min(s for _, s, _ in dated)
    last = max(e for _, _, e in dated)
    span = max((last - first).days, 1)
    types = sorted({str(r["event_type"]) for r, _, _ in dated})
    width, left, row_h = 800, 150, 26
    height = row_h * len(types) + 40
    marks = []
    for i, kind in enumerate(types):
        y = 20 + i * row_h
        marks.append(f'<text x="4" y="{y + 14}" font-size="12">{html.escape(kind)}</text>')
    for row, start, end in dated:
        y = 20 + types.index(str(row["event_type"])) * row_h
        x0 = left + (start - first).days / span * (width - left - 20)
        x1 = left + (end - first).days / span * (width - left - 20)
        deaths = casualties[casualties["event_id"] == row["event_id"]]
        label = (
            f"{row['event_id']}: {row['event_type']}, {start} to {end} "
            f"(precision {row['date_precision']})"
        )
        if len(deaths):
            label += f", casualties {deaths['low'].min()} to {deaths['high'].max()}"
        marks.append(
            f'<a href="events/{_e(row["event_id"])}.html"><title>{html.escape(label)}</title>'
            f'<rect x="{x0:.1f}" y="{y + 3}" width="{max(x1 - x0, 4):.1f}" height="16" '
            f'fill="#2b6cb0" fill-opacity="{0.8 if row["date_precision"] == "day" else 0.35}"/>'
            "</a>"
        )
    marks.append(
        f'<text x="{left}" y="{height - 6}" font-size="11">{first}</text>'
        f'<text x="{width - 20}" y="{height - 6}" font-size="11" text-anchor="end">{last}</text>'
    )
    return (
        f'<svg role="img" aria-label="Events by type over time" viewBox="0 0 {width} {height}" '
        f'xmlns="http://www.w3.org/2000/svg">{"".join(marks)}</svg>'
    )


_BOX = (-18.0, 4.0, 17.0, 30.0)  # west, south, east, north (degrees)


def _xy(lon: float, lat: float, width: int = 700) -> tuple[float, float]:
    west, south, east, north = _BOX
    scale = width / (east - west)
    return (lon - west) * scale, (north - lat) * scale


def _event_size(casualties: pd.DataFrame, event_id: str) -> int:
    """Lowest reported count per outcome (the largest low across sources), summed.

    Rows that are a subset of another figure (``part_of_casualty_id``) are left out.
    """
    rows = casualties[casualties["event_id"] == event_id]
    if "part_of_casualty_id" in rows.columns:
        rows = rows[rows["part_of_casualty_id"].isna()]
    lows = rows.groupby("outcome", observed=True)["low"].max()
    return int(lows.fillna(0).sum())


def _map(events: pd.DataFrame, locations: pd.DataFrame, casualties: pd.DataFrame) -> str:
    shapes = json.loads((Path(__file__).with_name("boundaries.json")).read_text("utf-8"))
    width = 700
    height = round(_xy(0, _BOX[1], width)[1])
    parts = []
    for feature in shapes["features"]:
        path = " ".join(
            "M" + " L".join("{:.1f},{:.1f}".format(*_xy(lon, lat)) for lon, lat in ring) + "Z"
            for ring in feature["rings"]
        )
        fill = "#f2efe6" if feature["name"] == "Mali" else "#fafafa"
        parts.append(
            f'<path d="{path}" fill="{fill}" stroke="#999" stroke-width="0.7">'
            f"<title>{html.escape(feature['name'])}</title></path>"
        )
    places = locations.set_index("location_id")
    rows = []
    for _, event in events.sort_values("event_id").iterrows():
        place = places.loc[event["location_id"]] if event["location_id"] in places.index else None
        size = _event_size(casualties, event["event_id"])
        link = f"events/{_e(event['event_id'])}.html"
        precision = None if place is None else place["geo_precision"]
        shown = "not located"
        if place is not None and not pd.isna(place["latitude"]) and not pd.isna(precision):
            x, y = _xy(float(place["longitude"]), float(place["latitude"]))
            label = html.escape(f"{event['event_id']} at {place['name']} ({precision}), {size}")
            if precision == "settlement":
                radius = 3 + size**0.5
                parts.append(
                    f'<a href="{link}"><title>{label}</title><circle cx="{x:.1f}" '
                    f'cy="{y:.1f}" r="{radius:.1f}" fill="#c53030" fill-opacity="0.55"'
                    ' stroke="#742a2a"/></a>'
                )
                shown = "point"
            else:
                parts.append(
                    f'<a href="{link}"><title>{label}</title><text x="{x:.1f}" '
                    f'y="{y:.1f}" font-size="11" text-anchor="middle" fill="#742a2a">'
                    f"{html.escape(str(place['name']))} ({html.escape(str(precision))})"
                    "</text></a>"
                )
                shown = f"{precision} only (no point)"
        rows.append(
            f'<tr><td><a href="{link}">{_e(event["event_id"])}</a></td>'
            f"<td>{'' if place is None else _e(place['name'])}</td><td>{_e(shown)}</td>"
            f"<td>{size}</td></tr>"
        )
    svg = (
        f'<svg role="img" aria-label="Map of Mali and its neighbours with located events" '
        f'viewBox="0 0 {width} {height}" xmlns="http://www.w3.org/2000/svg">'
        f"{''.join(parts)}</svg>"
    )
    return (
        "<p>Circles are events located to a settlement, sized by the lowest reported count "
        "of people affected; events located only to a country or region are named at "
        "that area, not drawn as a point.</p>"
        + svg
        + '<div class="scroll"><table><tr><th>event</th><th>place</th><th>shown as</th>'
        "<th>people (lowest count)</th></tr>" + "".join(rows) + "</table></div>"
        f"<p>Boundaries: {_e(shapes['source'])}. {_e(shapes['licence'])}.</p>"
    )


def write_site(
    folder: str | Path, out: str | Path, coverage: str | Path | None = None
) -> list[str]:
    """Write the report site for the build in ``folder`` into ``out``; return the pages."""
    folder, out = Path(folder), Path(out)
    frames = {name: read_table(folder, name) for name in table_names(folder)}
    sources = frames["sources"].set_index("source_id", drop=False)
    events, casualties = frames["events"], frames["casualties"]
    pages: dict[str, str] = {}
    counts = "".join(f"<li>{_e(n)}: {len(f)} rows</li>" for n, f in frames.items())
    src_list = "".join(
        f'<li><a href="sources/{_e(s)}.html">{_e(r["title"])}</a> ({_e(r["publisher"])}, '
        f"{_e(r['published_date'])}) sha256 <code>{_e(r['text_sha256'])}</code></li>"
        for s, r in sources.iterrows()
    )
    pages["index.html"] = _page(
        "Mali conflict data",
        "<p>An open, provenance-first dataset of the conflict in Mali: every row is pinned "
        "to a verbatim quote of its source article.</p>"
        f"<h2>Tables</h2><ul>{counts}</ul><h2>Sources</h2><ul>{src_list}</ul>"
        "<h2>Install</h2><pre>pip install mali-conflict-data</pre>"
        "<p>Licence: code MIT; coding CC-BY-4.0; quotes remain their publishers'.</p>",
    )
    pages["timeline.html"] = _page(
        "Timeline",
        "<p>Each bar spans an event's date interval: solid bars are dated to the day, pale bars "
        "only to a month, year or range. Select a bar to open the event.</p>"
        + _timeline_svg(events, casualties)
        + _table(events, ["event_id", "event_type", "date_start", "date_end", "date_precision"]),
    )
    pages["deployments.html"] = _page("Deployments", _deployments(frames["deployments"], sources))
    pages["sanctions.html"] = _page("Sanctions", _sanctions(frames["sanctions"], sources))
    pages["map.html"] = _page("Map", _map(events, frames["locations"], casualties))
    pages["actors.html"] = _page(
        "Actors",
        _table(
            frames["actors"],
            ["actor_id", "name", "aliases", "actor_type", "parent_actor_id", "parent_relation"],
        ),
    )
    disagree = [
        eid
        for eid, group in casualties.groupby("event_id")
        if group.groupby("outcome")["source_id"].nunique().gt(1).any()
    ]
    pages["disagreements.html"] = _page(
        "Disagreements",
        "<p>Events whose casualties are reported by more than one source.</p><ul>"
        + "".join(f'<li><a href="events/{_e(e)}.html">{_e(e)}</a></li>' for e in disagree)
        + "</ul>",
    )
    reports = frames["event_reports"]
    for _, event in events.iterrows():
        eid = event["event_id"]
        claims = [_quote_link(sources, event["source_id"], event["quote"], 1)]
        claims += [
            _quote_link(sources, r["source_id"], r["quote"], 1)
            for _, r in reports[reports["event_id"] == eid].iterrows()
        ]
        rows = casualties[casualties["event_id"] == eid]
        figures = "".join(
            f"<tr{' class=disagree' if eid in disagree else ''}><td>{_e(r['outcome'])}</td>"
            f"<td>{_e(r['count_text'])}</td><td>{_e(r['attributed_to'])}</td>"
            f"<td>{_quote_link(sources, r['source_id'], r['quote'], 1)}</td></tr>"
            for _, r in rows.iterrows()
        )
        pages[f"events/{eid}.html"] = _page(
            f"Event {eid}",
            f"<p>{_e(event['description'])}</p><p>{_e(event['event_type'])}, "
            f"{_e(event['date_start'])} to {_e(event['date_end'])} "
            f"(precision: {_e(event['date_precision'])})</p><h2>Reports</h2>"
            + "".join(claims)
            + '<h2>Casualty figures</h2><div class="scroll"><table><tr><th>outcome</th>'
            "<th>words as written</th><th>attributed to</th><th>quote</th></tr>"
            + figures
            + "</table></div>",
            depth=1,
        )
    coverage_path = Path(coverage) if coverage else folder / "coding" / "coverage.csv"
    record = pd.read_csv(coverage_path) if coverage_path.is_file() else None
    for sid, source in sources.iterrows():
        if record is None:
            cov = "<p>The coverage record (coding/coverage.csv) is not available here.</p>"
        else:
            cov = _table(
                record[record["source_id"] == sid], ["line", "starts_with", "rows", "reason"]
            )
        pages[f"sources/{sid}.html"] = _page(
            str(source["title"]),
            f"<p>{_e(source['publisher'])}, {_e(source['published_date'])}; "
            f'<a href="{_e(source["url"])}">original article</a>; sha256 '
            f"<code>{_e(source['text_sha256'])}</code></p><h2>Coverage record</h2>{cov}",
            depth=1,
        )
    for name, text in pages.items():
        path = out / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return sorted(pages)
