"""The report's pages: each function turns the published tables into one page's body.

``frames`` is every published table by name (``event_summary`` included), read
from a build; nothing is read from ``raw/``. Figures come from
:mod:`~mali_conflict_data.report.figures`, the map's geography from
:mod:`~mali_conflict_data.report.geo`, the HTML pieces from
:mod:`~mali_conflict_data.report.html`.

>>> from mali_conflict_data.load import data_dir, read_all
>>> frames = read_all(data_dir())
>>> "Casualty figures" in event_page(frames, "ev-2020-08-18-coup")
True
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from mali_conflict_data.report import figures, geo
from mali_conflict_data.report.html import (
    cell,
    missing,
    number,
    prose,
    quote_link,
    source_link,
    table,
    when,
)

__all__ = [
    "actors_page",
    "claim_event",
    "coverage_record",
    "disagreement_blocks",
    "event_quotes",
    "deployments_page",
    "disagreements_page",
    "event_page",
    "map_page",
    "overview_page",
    "sanctions_page",
    "source_page",
    "timeline_page",
]

Frames = Mapping[str, pd.DataFrame]
# The dataset covers the conflict from 2012; earlier events are background, drawn apart.
CONFLICT_START = pd.Timestamp("2012-01-01")
PRECISION_COLOURS = {
    "day": "#1a365d",
    "week": "#2c7a7b",
    "month": "#3182ce",
    "year": "#90cdf4",
    "range": "#d69e2e",
}
STATUS_COLOURS = {
    "authorized": "#2b6cb0",
    "deployed": "#2f855a",
    "arrived": "#68d391",
    "planned": "#d69e2e",
    "pledged": "#dd6b20",
}
STATUS_WORDS = {"authorized": "authorised"}
SANCTION_COLOURS = {
    "imposed": "#9b2c2c",
    "in force": "#feb2b2",
    "open-ended (no lifting date)": "#fed7d7",
    "lifted": "#276749",
}
OUTCOME_PALETTE = [
    "#c53030",
    "#dd6b20",
    "#6b46c1",
    "#2b6cb0",
    "#2c7a7b",
    "#718096",
    "#b83280",
    "#975a16",
    "#2f855a",
]


def _sources(frames: Frames) -> pd.DataFrame:
    sources = frames["sources"].sort_values("source_id")
    return sources.set_index(sources["source_id"].astype(str).rename(None))


def _iso(value) -> str | None:
    return None if missing(value) else pd.Timestamp(value).date().isoformat()


def _next_day(value) -> str:
    return (pd.Timestamp(value) + pd.Timedelta(days=1)).date().isoformat()


def _when(row, kind: str = "") -> str:
    """The date of a row as precisely as known: its own dates, or ``kind``'s (``imposed``...)."""
    if not kind:
        return when(row["date_start"], row["date_end"], row["date_precision"])
    return when(row[f"{kind}_date"], row[f"{kind}_date_latest"], row[f"{kind}_date_precision"])


def _words(value) -> str:
    return "" if missing(value) else str(value).replace("_", " ")


def _side(start: float, end: float | None = None) -> str:
    """Where a mark's text goes: after it (``left``), before it (``right``) or ``inside``.

    ``start`` and ``end`` are the mark's ends as fractions of the chart's width.
    """
    end = start if end is None else end
    if end < 0.55:
        return "left"
    if start > 0.45:
        return "right"
    return "inside"


def _fraction(day, domain: tuple[str, str]) -> float:
    first, last = (pd.Timestamp(d) for d in domain)
    return (pd.Timestamp(day) - first) / max(last - first, pd.Timedelta(days=1))


def _year_domain(first, last) -> tuple[str, str]:
    """From the first of January of ``first``'s year to the first after ``last``."""
    return f"{pd.Timestamp(first).year}-01-01", f"{pd.Timestamp(last).year + 1}-01-01"


def _figure(svg: str, caption: str) -> str:
    hint = '<span class="sideways"> Scroll the figure sideways.</span>'
    return f"<figure>{svg}<figcaption>{caption}{hint}</figcaption></figure>"


def _actor_names(frames: Frames) -> dict[str, str]:
    actors = frames["actors"]
    return dict(zip(actors["actor_id"].astype(str), actors["name"].astype(str), strict=True))


def _short_names(frames: Frames) -> dict[str, str]:
    """Actor names for figure labels: a long name's acronym (MINUSMA, ECOWAS) if it has one."""
    short = {}
    for actor_id, name, aliases in frames["actors"][["actor_id", "name", "aliases"]].itertuples(
        index=False
    ):
        acronyms = [
            a for a in (aliases if isinstance(aliases, list | tuple) else []) if a.isupper()
        ]
        short[str(actor_id)] = acronyms[0] if len(str(name)) > 28 and acronyms else str(name)
    return short


def _outcomes(summary: pd.DataFrame) -> list[str]:
    """The outcomes of ``event_summary``, in its column order."""
    return [c.removesuffix("_low") for c in summary.columns if c.endswith("_low")]


def _ranges(summary_row, outcomes: list[str]) -> list[tuple[str, int, int | None, int | None]]:
    """(outcome, low, best, high) for each outcome reported of one event."""
    found = []
    for outcome in outcomes:
        low = summary_row[f"{outcome}_low"]
        if missing(low):
            continue
        best, high = summary_row[f"{outcome}_best"], summary_row[f"{outcome}_high"]
        found.append(
            (
                outcome,
                int(low),
                None if missing(best) else int(best),
                None if missing(high) else int(high),
            )
        )
    return found


def _range_words(ranges) -> str:
    """'0–4 killed; ≥ 15 injured': the range across sources of each outcome.

    An outcome whose articles give no number at all (low 0, no high) reads
    'abducted, number not given' rather than '≥ 0'.
    """

    def words(outcome, lo, hi) -> str:
        if (missing(lo) or int(lo) == 0) and missing(hi):
            return f"{_words(outcome)}, number not given"
        return f"{number(lo, None, hi)} {_words(outcome)}"

    return "; ".join(words(o, lo, hi) for o, lo, _, hi in ranges)


# --- overview ---------------------------------------------------------------------------


def overview_page(frames: Frames, descriptor: dict, citation: tuple[str, str]) -> str:
    """What the dataset is, its counts, period, sources, version, licence, citation, install."""
    version = descriptor.get("version", "")
    licences = "; ".join(
        f'<a href="{cell(item.get("path"))}">{cell(item.get("name"))}</a> '
        f"({cell(item.get('title'))})"
        if item.get("path")
        else cell(item.get("name"))
        for item in descriptor.get("licenses", [])
    )
    events = frames["events"]
    first, last = events["date_start"].min(), events["date_end"].max()
    # The descriptor's note to maintainers ("Generated by ...; do not edit") is not for readers.
    about = str(descriptor.get("description", "")).split(" Generated by ")[0]
    recent = events[events["date_start"] >= CONFLICT_START]
    counts = [
        [
            f"<code>{cell(r['name'])}</code>",
            f"{len(frames[r['name']]):,}",
            prose(r.get("description")),
        ]
        for r in descriptor.get("resources", [])
        if r["name"] in frames
    ]
    sources = _sources(frames)
    source_rows = [
        [
            f'<a href="sources/{cell(sid)}.html">{cell(s["title"])}</a>',
            cell(s["publisher"]),
            cell(_when(s, "published")),
            f"<code class='sha'>{cell(s['text_sha256'])}</code>",
        ]
        for sid, s in sources.iterrows()
    ]
    text, bibtex = citation
    return (
        f"<p>{cell(about)}</p>"
        "<p>Every number can be traced to the words it was coded from: open an event "
        'from the <a href="timeline.html">timeline</a>, then a quote, to read it in the '
        "article, highlighted.</p>"
        f"<ul><li>Version: <strong>{cell(version)}</strong></li>"
        f"<li>Licence of the data: {licences}. The code is MIT-licensed.</li>"
        f"<li>Period: events dated {cell(when(first, first, 'day'))} to "
        f"{cell(when(last, last, 'day'))}; {len(recent):,} of the {len(events):,} events from "
        f"{CONFLICT_START.year} on (earlier ones are background the articles give).</li></ul>"
        "<h2>Tables</h2>"
        + table(counts, ["table", "rows", "what it holds"])
        + "<h2>Sources</h2><p>Each article is fingerprinted by the SHA-256 of its text as "
        "coded, so a reader can check the copy they hold is the one the rows quote.</p>"
        + table(
            source_rows, ["article", "publisher", "published", "SHA-256 of the text"], stack=True
        )
        + "<h2>How to cite</h2>"
        f"<p>{cell(text)}</p><pre>{cell(bibtex)}</pre>"
        "<p>Cite also the articles of the rows you use (the sources table). In Python: "
        '<code>mali_conflict_data.cite()</code> or <code>cite("bibtex")</code>.</p>'
        "<h2>Install and download</h2>"
        "<pre>pip install mali-conflict-data</pre>"
        "<p>The package ships this release's tables; load them as typed DataFrames:</p>"
        '<pre>import mali_conflict_data as mcd\nevents = mcd.load("events")\n'
        'summary = mcd.load("event_summary")   # one row per event</pre>'
        "<p>Or fetch a given release (checked against its published SHA-256) and load it:</p>"
        f'<pre>folder = mcd.download("{cell(version)}")\n'
        f'events = mcd.load("events", version="{cell(version)}")\n\n'
        f"mali-conflict-data download {cell(version)}   # the same from the shell</pre>"
        '<p>This site: <code>pip install "mali-conflict-data[report]"</code> then '
        "<code>mali-conflict-data report --out site</code>.</p>"
    )


# --- timeline ---------------------------------------------------------------------------


def _timeline_figure(summary: pd.DataFrame, outcomes: list[str], name: str) -> str:
    if summary.empty:
        return ""
    domain = _year_domain(summary["date_start"].min(), summary["date_end"].max())
    rows, ranges = [], []
    colours = {o: OUTCOME_PALETTE[i % len(OUTCOME_PALETTE)] for i, o in enumerate(outcomes)}
    for i, (_, event) in enumerate(summary.iterrows()):
        eid = str(event["event_id"])
        lane = f"{i:05d}|{_words(event['event_type'])} · {_when(event)}"
        found = _ranges(event, outcomes)
        start, end = _iso(event["date_start"]), _iso(event["date_end"]) or _iso(event["date_start"])
        point = str(event["date_precision"]) == "day" and start == end
        href = f"events/{eid}.html"
        label = (
            f"{eid}: {_words(event['event_type'])}, "
            f"{_when(event)} "
            f"({event['date_precision']} precision)"
        )
        if found:
            label += f"; {_range_words(found)} (low to high across sources)"
        rows.append(
            {
                "lane": lane,
                "start": start,
                "end": start if point else _next_day(end),
                "point": point,
                "colour": str(event["date_precision"]),
                "href": href,
                "label": label,
                "text": _range_words(found) if found else None,
                "side": _side(_fraction(start, domain), _fraction(end, domain)) if found else None,
            }
        )
        for outcome, low, _, high in found:
            ranges.append(
                {
                    "lane": lane,
                    "low": low,
                    "high": high,
                    "open": high is None,
                    "colour": outcome,
                    "href": href,
                    "label": f"{eid}: {number(low, None, high)} {_words(outcome)}",
                }
            )
    used = [o for o in outcomes if any(r["colour"] == o for r in ranges)]
    top = max([r["high"] or r["low"] for r in ranges] + [1])
    x_max = 10 ** math.ceil(math.log10(top + 1))
    for r in ranges:
        if r["high"] is None:
            r["high"] = x_max
    spec = figures.timeline_spec(
        rows, ranges, domain, PRECISION_COLOURS, {o: colours[o] for o in used}, x_max
    )
    return figures.render(spec, name)


def timeline_page(frames: Frames) -> str:
    """Events over time (their date intervals, precision visible) with their casualty ranges."""
    summary = frames["event_summary"].sort_values(["date_start", "event_id"], ignore_index=True)
    outcomes = _outcomes(summary)
    early = summary[summary["date_start"] < CONFLICT_START]
    recent = summary[summary["date_start"] >= CONFLICT_START]
    parts = [
        "<p>One lane per event, at its date interval: a dot is an event dated to the "
        "day, a bar one known only to a week, month, year or range (colour: the date's "
        "precision). Beside it in words, and drawn in the right-hand panel (a log scale), "
        "the people killed, injured, captured... from the lowest to the highest total any "
        "source gives "
        "(<code>event_summary</code>: a figure that is part of another is counted once; a "
        "dashed range has no upper bound). Select a mark to open the event and its quotes.</p>"
    ]
    for name, part, title in (
        ("timeline", recent, f"Events from {CONFLICT_START.year}"),
        ("timeline-early", early, f"Background: events before {CONFLICT_START.year}"),
    ):
        if part.empty:
            continue
        svg = _timeline_figure(part, outcomes, name)
        parts.append(
            f"<h2>{cell(title)}</h2>"
            + _figure(svg, f"{cell(title)}: {len(part)} events; the table below lists them.")
        )
    rows = []
    for _, event in summary.iterrows():
        eid = str(event["event_id"])
        found = _ranges(event, outcomes)
        rows.append(
            [
                f'<a href="events/{cell(eid)}.html">{cell(eid)}</a>',
                cell(_words(event["event_type"])),
                cell(_when(event)),
                cell(event["date_precision"]),
                cell(event["place"]),
                cell(_range_words(found)),
                cell(event["n_sources"])
                + (" (they disagree)" if event["sources_disagree"] is True else ""),
            ]
        )
    parts.append(
        "<h2>Every event</h2>"
        + table(
            rows,
            ["event", "type", "date", "precision", "place", "people (low to high)", "sources"],
            stack=True,
        )
    )
    return "".join(parts)


# --- deployments ------------------------------------------------------------------------


_BOUND_MEANS = {
    "authorized": "a lower bound on the strength authorised (a ceiling), not a count",
    "deployed": "a lower bound on the people on the ground, not a count",
}


def _bounds_read(deployments: pd.DataFrame, short: dict[str, str]) -> str:
    """How each open-ended figure reads: 'more than fifteen thousand' is > 15,000, a bound."""
    bounds = deployments[deployments["qualifier"].astype("string").isin(["more_than", "at_least"])]
    items = [
        f"<li><q>{cell(r['count_text'])}</q> "
        f"{cell(STATUS_WORDS.get(str(r['status']), r['status']))} "
        f"({cell(short.get(str(r['force_actor_id']), r['force_actor_id']))}) is "
        f"<strong>{cell(number(r['low'], r['best'], r['high'], r['qualifier']))}</strong>: "
        f"{cell(_BOUND_MEANS.get(str(r['status']), 'a lower bound, not a count'))}.</li>"
        for _, r in bounds.iterrows()
    ]
    return f"<p>Figures that are bounds:</p><ul>{''.join(items)}</ul>" if items else ""


def deployments_page(frames: Frames) -> str:
    """Figures of forces' strength over time, by status, each linked to its row and quote."""
    deployments = frames["deployments"].sort_values(
        ["force_actor_id", "date_start", "deployment_id"]
    )
    names, short = _actor_names(frames), _short_names(frames)
    sources = _sources(frames)
    dated = deployments[deployments["date_start"].notna()]
    parts = [
        "<p>One lane per figure as an article states it, grouped by force: the bar is "
        "the period the figure is for, its colour the status (authorised, deployed, "
        "arrived, planned, pledged). The label keeps the words as written and reads bounds "
        "as bounds (&gt; more than, ≥ at least, ≤ at most, ≈ about). Select a mark to reach "
        "its row and quote.</p>" + _bounds_read(deployments, short)
    ]
    if not dated.empty:
        domain = _year_domain(dated["date_start"].min(), dated["date_end"].max())
        records = []
        for i, (_, r) in enumerate(dated.iterrows()):
            start, end = _iso(r["date_start"]), _iso(r["date_end"]) or _iso(r["date_start"])
            status = str(r["status"])
            figure = number(r["low"], r["best"], r["high"], r["qualifier"])
            text = f"{figure} {STATUS_WORDS.get(status, status)}: “{r['count_text']}”"
            force = short.get(str(r["force_actor_id"]), str(r["force_actor_id"]))
            records.append(
                {
                    "lane": f"{i:05d}|{force}",
                    "start": start,
                    "end": _next_day(end),
                    "point": False,
                    "colour": STATUS_WORDS.get(status, status),
                    "href": f"#{r['deployment_id']}",
                    "label": f"{force}, {_when(r)}: {text}",
                    "text": text,
                    "side": _side(_fraction(start, domain), _fraction(end, domain)),
                }
            )
        colours = {STATUS_WORDS.get(k, k): v for k, v in STATUS_COLOURS.items()}
        spec = figures.bars_spec(
            records, "Deployments over time by force and status", colours, domain
        )
        parts.append(
            _figure(
                figures.render(spec, "deployments"),
                "Deployments over time by force and status; every figure is in the table below.",
            )
        )
    rows, ids = [], []
    for _, r in deployments.iterrows():
        ids.append(str(r["deployment_id"]))
        rows.append(
            [
                cell(names.get(str(r["force_actor_id"]), r["force_actor_id"]))
                + (
                    f"<br>({cell(names.get(str(r['contributor_actor_id'])))})"
                    if not missing(r["contributor_actor_id"])
                    else ""
                ),
                cell(STATUS_WORDS.get(str(r["status"]), r["status"])),
                cell(_when(r)),
                f"<strong>{cell(number(r['low'], r['best'], r['high'], r['qualifier']))}</strong> "
                f"{cell(_words(r['personnel_kind']))}<br>“{cell(r['count_text'])}”",
                cell(r["attributed_to"]),
                quote_link(sources, r["source_id"], r["quote"], 0),
            ]
        )
    parts.append(
        table(
            rows,
            ["force", "status", "when", "figure (words as written)", "attributed to", "quote"],
            ids,
            stack=True,
        )
    )
    return "".join(parts)


# --- sanctions --------------------------------------------------------------------------


def sanctions_page(frames: Frames) -> str:
    """Sanctions as spans from imposition to lifting, open-ended where none is reported."""
    sanctions = frames["sanctions"].sort_values(["imposed_date", "sanction_id"])
    names, short = _actor_names(frames), _short_names(frames)
    sources = _sources(frames)
    dated = sanctions[sanctions["imposed_date"].notna()]
    latest = frames["sources"]["published_date_latest"].max()
    parts = [
        "<p>One lane per sanction: the dark block is when it was imposed (as precisely as "
        "the article dates it), the span runs to its lifting (green block) or, where no "
        "lifting date is reported, on to the date of the latest article (dashed: open-ended; "
        "the label says whether a lifting without a date is reported). "
        "Select either end to reach its quote.</p>"
    ]
    if not dated.empty:
        ends = [d for d in (dated["lifted_date_latest"].max(), latest) if not missing(d)]
        domain = _year_domain(dated["imposed_date"].min(), max(ends))
        records = []
        for i, (_, r) in enumerate(dated.iterrows()):
            sid = str(r["sanction_id"])
            target = (
                "target not stated"
                if missing(r["target_actor_id"])
                else short.get(str(r["target_actor_id"]), r["target_actor_id"])
            )
            lane = (
                f"{i:05d}|{short.get(str(r['sender_actor_id']), r['sender_actor_id'])} → {target}"
            )
            imposed_end = _iso(r["imposed_date_latest"]) or _iso(r["imposed_date"])
            lifted = not missing(r["lifted_date"])
            undated_lifting = not lifted and not missing(r["lifted_quote"])
            span_end = _iso(r["lifted_date"]) if lifted else _iso(latest) or imposed_end
            measure = _words(r["measure"])
            open_words = (
                " (lifted, the date not given)" if undated_lifting else " (no lifting reported)"
            )
            common = {"lane": lane, "point": False, "side": None, "text": None}
            records.append(
                {
                    **common,
                    "start": _iso(r["imposed_date"]),
                    "end": _next_day(imposed_end),
                    "colour": "imposed",
                    "href": f"#{sid}-imposed",
                    "label": f"{measure} imposed {_when(r, 'imposed')}",
                }
            )
            if span_end > imposed_end:
                records.append(
                    {
                        **common,
                        "start": _next_day(imposed_end),
                        "end": span_end,
                        "colour": "in force" if lifted else "open-ended (no lifting date)",
                        "dashed": not lifted,
                        "href": f"#{sid}-lifted" if undated_lifting else f"#{sid}",
                        "label": f"{measure}: in force" + ("" if lifted else open_words),
                        "text": measure + ("" if lifted else open_words),
                        "side": _side(_fraction(r["imposed_date"], domain)),
                    }
                )
            if lifted:
                records.append(
                    {
                        **common,
                        "start": _iso(r["lifted_date"]),
                        "end": _next_day(_iso(r["lifted_date_latest"]) or _iso(r["lifted_date"])),
                        "colour": "lifted",
                        "href": f"#{sid}-lifted",
                        "label": f"{measure} lifted {_when(r, 'lifted')}",
                    }
                )
        spec = figures.bars_spec(
            records, "Sanctions from imposition to lifting", SANCTION_COLOURS, domain, "part"
        )
        parts.append(
            _figure(
                figures.render(spec, "sanctions"),
                "Sanctions from imposition to lifting; every sanction is in the table below.",
            )
        )
    undated = sanctions[sanctions["imposed_date"].isna()]
    if len(undated):
        parts.append(
            f"<p>{len(undated)} sanction(s) the articles do not date: in the table only.</p>"
        )
    rows, ids = [], []
    for _, r in sanctions.iterrows():
        sid = str(r["sanction_id"])
        ids.append(sid)
        lifted = quote_link(sources, r["lifted_source_id"], r["lifted_quote"], 0)
        rows.append(
            [
                cell(names.get(str(r["sender_actor_id"]), r["sender_actor_id"])),
                cell(names.get(str(r["target_actor_id"]), r["target_actor_id"]))
                or "<em>not stated</em>",
                cell(_words(r["measure"])),
                f'<span id="{cell(sid)}-imposed">'
                f"{cell(_when(r, 'imposed'))}"
                f"</span>{quote_link(sources, r['source_id'], r['quote'], 0)}",
                f'<span id="{cell(sid)}-lifted">'
                + (
                    (
                        cell(_when(r, "lifted"))
                        if not missing(r["lifted_date"])
                        else "lifted, the date not given"
                    )
                    + lifted
                    if lifted
                    else "no lifting reported (open-ended)"
                )
                + "</span>",
            ]
        )
    parts.append(table(rows, ["sender", "target", "measure", "imposed", "lifted"], ids, stack=True))
    return "".join(parts)


# --- map --------------------------------------------------------------------------------


def map_page(frames: Frames) -> str:
    """Mali and its neighbours: events at settlements as circles, the others named as areas."""
    summary = frames["event_summary"].sort_values(["date_start", "event_id"], ignore_index=True)
    size = geo.people(summary, _outcomes(summary))
    shown = geo.placed(summary)
    points, areas, rows = [], [], []
    area_events: dict[str, list[str]] = {}
    for i, event in summary.iterrows():
        eid = str(event["event_id"])
        href = f"events/{eid}.html"
        if shown[i] == "point":
            points.append(
                {
                    "longitude": float(event["longitude"]),
                    "latitude": float(event["latitude"]),
                    "size": int(size[i]),
                    "href": href,
                    "label": f"{eid} at {event['place']} ({event['geo_precision']}): "
                    f"{size[i]} people",
                }
            )
        elif shown[i] == "area":
            area_events.setdefault(str(event["location_id"]), []).append(eid)
        how = {
            "point": f"circle ({_words(event['geo_precision'])})",
            "area": f"named area only ({_words(event['geo_precision'])}), no point",
        }.get(shown[i], "not located")
        rows.append(
            [
                f'<a href="{cell(href)}">{cell(eid)}</a>',
                f'<span id="loc-{cell(event["location_id"])}-{i}">{cell(event["place"])}</span>',
                cell(how),
                cell(size[i]),
            ]
        )
    places = summary.drop_duplicates("location_id").set_index("location_id")
    for location, eids in sorted(area_events.items()):
        place = places.loc[location]
        areas.append(
            {
                "longitude": float(place["longitude"]),
                "latitude": float(place["latitude"]),
                "text": f"{place['place']} ({_words(place['geo_precision'])}): {len(eids)}",
                "href": f"#area-{location}",
                "label": f"{len(eids)} events located only to {place['place']}",
            }
        )
    width = 700
    projection, height = geo.projection(width)
    spec = figures.map_spec(geo.shapes(), points, areas, projection, width, height)
    about = geo.source()
    area_list = "".join(
        f'<li id="area-{cell(location)}">{cell(places.loc[location, "place"])}: '
        + ", ".join(f'<a href="events/{cell(e)}.html">{cell(e)}</a>' for e in eids)
        + "</li>"
        for location, eids in sorted(area_events.items())
    )
    return (
        "<p>Circles are events located to a settlement or site, sized by the people "
        "affected (for each outcome the lowest total any source gives, summed; a figure "
        "that is part of another counted once). Events located only to a region or a "
        "country are not drawn as points: the area is named with its number of events "
        "(bold), listed below.</p>"
        + _figure(
            figures.render(spec, "map"),
            "Map of Mali and its neighbours with the located events; every event is in the "
            "table below.",
        )
        + f"<h2>Events located only to an area</h2><ul>{area_list}</ul>"
        + "<h2>Every event</h2>"
        + table(rows, ["event", "place", "shown as", "people (lowest count)"])
        + f"<p>Boundaries: {cell(about['source'])}. {cell(about['licence'])}.</p>"
    )


# --- disagreements ----------------------------------------------------------------------


def claim_event(frames: Frames, claim_table: str, claim_id: str) -> str | None:
    """The event a claim of ``disagreements()`` is about, if any.

    >>> from mali_conflict_data.load import data_dir, read_all
    >>> claim_event(read_all(data_dir()), "casualties", "cas-0001")
    'ev-2020-08-18-coup'
    """
    if claim_table == "events":
        return claim_id
    if claim_table in ("event_reports", "event_actors"):  # ids are keys: event@...
        return claim_id.split("@")[0]
    if claim_table == "casualties":
        casualties = frames["casualties"]
        found = casualties.loc[casualties["casualty_id"].astype(str) == claim_id, "event_id"]
        return str(found.iloc[0]) if len(found) else None
    return None


def _claim(frames: Frames, sources: pd.DataFrame, row, side: str, depth: int) -> str:
    table_name, claim_id = str(row[f"{side}_table"]), str(row[f"{side}_id"])
    event = claim_event(frames, table_name, claim_id)
    up = "../" * depth
    where = {
        "deployments": f"{up}deployments.html#{claim_id}",
        "sanctions": f"{up}sanctions.html",
        "actor_names": f"{up}actors.html#{claim_id}",
        "actor_relations": f"{up}actors.html#relations",
    }.get(table_name, f"{up}events/{event}.html" if event else None)
    name = f"{table_name} {claim_id}"
    title = f'<a href="{cell(where)}">{cell(name)}</a>' if where else cell(name)
    words = "" if missing(row[f"{side}_words"]) else f"<p>“{cell(row[f'{side}_words'])}”</p>"
    return (
        f'<div class="claim"><p><strong>{cell(side.upper())}</strong>: {title}</p>{words}'
        f"<p>coded as {cell(row[f'{side}_value'])}</p>"
        + quote_link(sources, row[f"{side}_source_id"], row[f"{side}_quote"], depth)
        + "</div>"
    )


def disagreement_blocks(frames: Frames, pairs: pd.DataFrame, depth: int) -> str:
    """Each pair of ``disagreements()`` side by side: claim A, claim B, why they conflict."""
    sources = _sources(frames)
    blocks = []
    for _, row in pairs.iterrows():
        blocks.append(
            f'<section class="disagree-pair" id="disagreement-{cell(row["disagreement"])}">'
            f"<h3>{cell(row['disagreement'])}. {cell(_words(row['kind']))}: "
            f"{cell(row['about'])}</h3>"
            f'<p class="disagree">{cell(row["why"])}</p><div class="claims">'
            + _claim(frames, sources, row, "a", depth)
            + _claim(frames, sources, row, "b", depth)
            + "</div></section>"
        )
    return "".join(blocks)


def disagreements_page(frames: Frames, pairs: pd.DataFrame) -> str:
    """Every pair of claims that cannot both be true, from ``compare.disagreements()``."""
    kinds = pairs["kind"].astype(str).value_counts().sort_index()
    summary = ", ".join(f"{n} {_words(k)}" for k, n in kinds.items()) or "none"
    return (
        "<p>Pairs of claims from the articles that cannot both be true, as "
        "<code>mali_conflict_data.disagreements()</code> lists them: neither is dropped or "
        "averaged; each keeps its words, its coding and its quote.</p>"
        f"<p>{len(pairs)} pairs: {cell(summary)}.</p>" + disagreement_blocks(frames, pairs, 0)
    )


# --- actors -----------------------------------------------------------------------------


def actors_page(frames: Frames) -> str:
    """Actors, every name an article uses for them, and their relations, each with its quote."""
    actors = frames["actors"].sort_values("actor_id")
    names = frames["actor_names"].sort_values(["actor_id", "name_id"])
    relations = frames["actor_relations"].sort_values(["actor_id", "relation", "related_actor_id"])
    sources = _sources(frames)
    label = _actor_names(frames)

    def link(actor_id) -> str:
        return f'<a href="#actor-{cell(actor_id)}">{cell(label.get(str(actor_id), actor_id))}</a>'

    def relation(r) -> str:
        note = "" if missing(r["note"]) else f" ({cell(r['note'])})"
        return (
            f"{link(r['actor_id'])} <strong>{cell(_words(r['relation']))}</strong> "
            f"{link(r['related_actor_id'])}{note}"
        )

    relation_rows = [
        [relation(r), quote_link(sources, r["source_id"], r["quote"], 0)]
        for _, r in relations.iterrows()
    ]
    sections = []
    for _, a in actors.iterrows():
        actor_id = str(a["actor_id"])
        own = names[names["actor_id"].astype(str) == actor_id]
        items = "".join(
            f'<li id="{cell(n["name_id"])}">“{cell(n["name"])}” <small>'
            f"({cell(_words(n['kind']))})</small>"
            f"{quote_link(sources, n['source_id'], n['quote'], 0)}</li>"
            for _, n in own.iterrows()
        )
        linked = relations[
            (relations["actor_id"].astype(str) == actor_id)
            | (relations["related_actor_id"].astype(str) == actor_id)
        ]
        related = "".join(f"<li>{relation(r)}</li>" for _, r in linked.iterrows())
        sections.append(
            f'<section id="actor-{cell(actor_id)}"><h3>{cell(a["name"])}</h3>'
            f"<p><code>{cell(actor_id)}</code>, {cell(_words(a['actor_type']))}: "
            f"{cell(a['description'])}</p>"
            + quote_link(sources, a["source_id"], a["quote"], 0)
            + (f"<p>Names as written ({len(own)}):</p><ul>{items}</ul>" if items else "")
            + (f"<p>Relations:</p><ul>{related}</ul>" if related else "")
            + "</section>"
        )
    return (
        "<p>Who is who: each actor, every name the articles call it by (names, "
        "acronyms, translations, spellings and misspellings, as written), and the "
        "relations the articles state between actors (splinter of, rebrand of, part of, "
        "broke with), each with the quote it was coded from.</p>"
        f'<h2 id="relations">Relations ({len(relations)})</h2>'
        + table(relation_rows, ["relation", "quote"])
        + f'<h2 id="names">Actors and their names ({len(actors)} actors, {len(names)} names)</h2>'
        + "".join(sections)
    )


# --- one page per event and per source -------------------------------------------------


def event_quotes(frames: Frames, event_id: str) -> list[tuple[str, str]]:
    """Every (source_id, quote) about one event: its row, further reports, actors, figures.

    >>> from mali_conflict_data.load import data_dir, read_all
    >>> len(event_quotes(read_all(data_dir()), "ev-2020-08-18-coup")) > 3
    True
    """
    found = []
    for name in ("events", "event_reports", "event_actors", "casualties"):
        rows = frames[name][frames[name]["event_id"].astype(str) == event_id]
        found += [(str(s), str(q)) for s, q in zip(rows["source_id"], rows["quote"], strict=True)]
    return list(dict.fromkeys(found))


def event_page(frames: Frames, event_id: str, pairs: pd.DataFrame | None = None) -> str:
    """One event: what each article says of it, side by side, every quote linked."""
    sources = _sources(frames)
    events = frames["events"].set_index(frames["events"]["event_id"].astype(str))
    event = events.loc[event_id]
    summary = frames["event_summary"]
    row = summary[summary["event_id"].astype(str) == event_id].iloc[0]
    names = _actor_names(frames)
    outcomes = _outcomes(summary)

    def of(name: str) -> pd.DataFrame:
        frame = frames[name]
        return frame[frame["event_id"].astype(str) == event_id]

    reports, actors, figures_ = of("event_reports"), of("event_actors"), of("casualties")
    disputed: set[str] = set()
    own_pairs = pd.DataFrame()
    if pairs is not None and len(pairs):
        mine = [
            event_id
            in {
                claim_event(frames, str(p["a_table"]), str(p["a_id"])),
                claim_event(frames, str(p["b_table"]), str(p["b_id"])),
            }
            for _, p in pairs.iterrows()
        ]
        own_pairs = pairs[mine]
        disputed = set(own_pairs["a_id"].astype(str)) | set(own_pairs["b_id"].astype(str))
    cards = []
    by_source = sorted(
        set(reports["source_id"].astype(str))
        | set(actors["source_id"].astype(str))
        | set(figures_["source_id"].astype(str))
        | {str(event["source_id"])}
    )
    for sid in by_source:
        parts = []
        if str(event["source_id"]) == sid:
            parts.append(
                f"<p>The event as coded ({cell(_when(event))}"
                + (
                    f"; attributed to {cell(event['attributed_to'])}"
                    if not missing(event["attributed_to"])
                    else ""
                )
                + "):</p>"
                + quote_link(sources, sid, event["quote"], 1, False)
            )
        for _, r in reports[reports["source_id"].astype(str) == sid].iterrows():
            dated = f" dates it {cell(_when(r))}" if not missing(r["date_start"]) else ""
            mark = ' class="disagree"' if f"{event_id}@{sid}" in disputed else ""
            parts.append(
                f"<p{mark}>Also reports it{dated}"
                + (f" ({cell(r['note'])})" if not missing(r["note"]) else "")
                + ":</p>"
                + quote_link(sources, sid, r["quote"], 1, False)
            )
        for _, f in figures_[figures_["source_id"].astype(str) == sid].iterrows():
            mark = ' class="disagree"' if str(f["casualty_id"]) in disputed else ""
            part = (
                f" (part of {cell(f['part_of_casualty_id'])})"
                if not missing(f["part_of_casualty_id"])
                else ""
            )
            parts.append(
                f"<p{mark}><strong>{cell(_words(f['outcome']))}</strong> "
                f"{cell(_words(f['victim_group']))}{part}: “{cell(f['count_text'])}” "
                f"= {cell(number(f['low'], f['best'], f['high'], f['qualifier']))}"
                + (
                    f", attributed to {cell(f['attributed_to'])}"
                    if not missing(f["attributed_to"])
                    else ""
                )
                + f" <small>({cell(f['casualty_id'])})</small></p>"
                + quote_link(sources, sid, f["quote"], 1, False)
            )
        for _, a in actors[actors["source_id"].astype(str) == sid].iterrows():
            parts.append(
                f"<p>{cell(_words(a['role']))}: "
                f"{cell(names.get(str(a['actor_id']), a['actor_id']))}</p>"
                + quote_link(sources, sid, a["quote"], 1, False)
            )
        title = sources.loc[sid, "title"] if sid in sources.index else sid
        cards.append(
            f'<div class="claim"><h3>{cell(title)}</h3><p>{source_link(sid, 1)}</p>'
            f"{''.join(parts)}</div>"
        )
    found = _ranges(row, outcomes)
    figure_rows = [
        [
            cell(_words(o)),
            cell(lo),
            cell(best) if best is not None else "none stated",
            cell(hi) if hi is not None else "no upper bound",
        ]
        for o, lo, best, hi in found
    ]
    roles = (
        "".join(
            f"<li>{cell(role)}: {cell(row[role])}</li>"
            for role in ("initiators", "targets", "supporters", "subjects")
            if isinstance(row[role], list | tuple) and len(row[role])
        )
        if "initiators" in row
        else ""
    )
    return (
        f"<p>{cell(event['description'])}</p>"
        f"<ul><li>type: {cell(_words(event['event_type']))}</li>"
        f"<li>date: {cell(_when(event))} "
        f"(precision: {cell(event['date_precision'])}"
        + (", inferred" if event["date_inferred"] is True else "")
        + ")</li>"
        + f"<li>place: {cell(row['place'])} ({cell(_words(row['geo_precision']))})</li>"
        + roles
        + f"<li>sources: {cell(row['n_sources'])}</li></ul>"
        + "<h2>Casualty figures</h2>"
        + (
            "<p>Across the sources (<code>event_summary</code>): low is the smallest "
            "article total, high the largest, best the most reliable total stated (a count "
            "before a word with no number, see the README); a figure "
            "that is part of another is counted once.</p>"
            + table(figure_rows, ["outcome", "low", "best", "high"])
            if figure_rows
            else "<p>No article gives a figure for this event.</p>"
        )
        + (
            "<h2>Disagreements</h2>" + disagreement_blocks(frames, own_pairs, 1)
            if len(own_pairs)
            else ""
        )
        + "<h2>What each article says</h2>"
        + f'<div class="claims">{"".join(cards)}</div>'
    )


def source_page(frames: Frames, source_id: str, record: pd.DataFrame | None) -> str:
    """One article: its metadata, fingerprint and coverage record paragraph by paragraph."""
    source = _sources(frames).loc[source_id]
    if record is None:
        coverage = (
            "<p>The coverage record (<code>coding/coverage.csv</code>) is not available here.</p>"
        )
    else:
        mine = record[record["source_id"].astype(str) == source_id]
        coverage = table(
            [
                [
                    cell(r.get("line")),
                    f"{cell(r.get('starts_with'))}…",
                    cell(r.get("rows")),
                    cell(r.get("reason")),
                ]
                for _, r in mine.iterrows()
            ],
            ["paragraph", "starts with", "rows coded from it", "why none"],
            stack=True,
        )
    coded = [
        (name, len(frame[frame["source_id"].astype(str) == source_id]))
        for name, frame in frames.items()
        if "source_id" in frame.columns and name != "sources"
    ]
    url = source["url"]
    return (
        f"<ul><li>publisher: {cell(source['publisher'])}</li>"
        f"<li>authors: {cell(source['authors']) or 'not named'}</li>"
        f"<li>published: {cell(_when(source, 'published'))}"
        + (
            f" ({cell(source['published_date_note'])})"
            if not missing(source["published_date_note"])
            else ""
        )
        + "</li>"
        + (
            f'<li><a class="article" href="{cell(url)}">the original article</a></li>'
            if not missing(url)
            else ""
        )
        + "<li>SHA-256 of the text as coded: "
        f"<code class='sha'>{cell(source['text_sha256'])}</code></li>"
        + "<li>rows coded from it: "
        + ", ".join(f"{cell(n)} {c}" for n, c in coded if c)
        + "</li></ul>"
        "<p>The article belongs to its publisher: this site shows short quotes and links, "
        "never its text.</p><h2>Coverage record</h2>" + coverage
    )


def coverage_record(path: Path) -> pd.DataFrame | None:
    """The paragraph coverage record (``coding/coverage.csv`` in a checkout), if it is there."""
    return pd.read_csv(path) if path.is_file() else None
