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

from mali_conflict_data import model
from mali_conflict_data._config import RELEASE_URL, archive_name
from mali_conflict_data._figures import check_sums
from mali_conflict_data._text import key_label
from mali_conflict_data.disagreements import (
    KIND_WORDS,
    KINDS,
    VARIANT_KINDS,
    casualty_events,
    pair_events,
)
from mali_conflict_data.disagreements import claim_event as _claim_event
from mali_conflict_data.report import figures, geo, palette
from mali_conflict_data.report.html import (
    beside,
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
    "event_title",
    "killed_by_year",
    "killed_per_month",
    "month_records",
    "map_page",
    "overview_page",
    "row_href",
    "sanctions_page",
    "source_page",
    "timeline_page",
]

Frames = Mapping[str, pd.DataFrame]
#: The folder of the site that holds the tables for download.
DATA = "data"
# The dataset covers the conflict from 2012; earlier events are background, drawn apart.
CONFLICT_START = pd.Timestamp("2012-01-01")
# Colours come from the model's vocabularies (report.palette), never listed by value here.
PRECISION_COLOURS = palette.ordered_colours(model.DATE_PRECISIONS)
OUTCOME_COLOURS = palette.colours(model.OUTCOMES)
STATUS_COLOURS = palette.colours(model.DEPLOYMENT_STATUSES)
# The parts of a sanction's lane (the report's own words, not a vocabulary).
SANCTION_PARTS = ["imposed", "reported in force", "status unknown after", "lifted"]
# Dark and light red for imposed and in force, grey for unknown, green for lifted: checked
# apart for colour-vision deficiencies with the vocabularies' colours.
SANCTION_COLOURS = dict(
    zip(SANCTION_PARTS, ["#882255", "#EE99AA", "#777777", "#117733"], strict=True)
)


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


def _month_domain(first, last) -> tuple[str, str]:
    """A month before ``first`` to two after ``last`` (room for a label), or whole years."""
    first, last = pd.Timestamp(first), pd.Timestamp(last)
    if (last - first).days > 550:
        return _year_domain(first, last)
    start = (first.to_period("M") - 1).to_timestamp()
    end = (last.to_period("M") + 3).to_timestamp()
    return start.date().isoformat(), end.date().isoformat()


def _figure(svg: str, caption: str) -> str:
    hint = '<span class="sideways"> Scroll the figure sideways.</span>'
    # Focusable, so that a keyboard can scroll a figure wider than a phone sideways.
    return f'<figure tabindex="0">{svg}<figcaption>{caption}{hint}</figcaption></figure>'


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


def _event_title(event) -> str:
    """An event named by what happened, where and when: 'Coup, Kati, 2020-08-18'."""
    what = _words(event["event_type"]).capitalize()
    return f"{what}, {event['place']}, {_when(event)}"


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
        + _headline(frames)
        + _monthly(frames)
        + "<p>Every number can be traced to the words it was coded from: open an event "
        'from the <a href="timeline.html">timeline</a>, then a quote, to read it in the '
        "article, highlighted.</p>"
        f"<ul><li>Version: <strong>{cell(version)}</strong></li>"
        f"<li>Licence of the data: {licences}. The code is MIT-licensed.</li>"
        f"<li>Period: events dated {cell(when(first, first, None))} to "
        f"{cell(when(last, last, None))}; {len(recent):,} of the {len(events):,} events from "
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
        "<h2>Download the tables</h2>"
        + _downloads(frames, descriptor)
        + "<h2>Install and download</h2>"
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


def _downloads(frames: Frames, descriptor: dict) -> str:
    """Links to each table of this build as Parquet and CSV, and to the release's archive."""
    version = str(descriptor.get("version", ""))
    rows = [
        [
            f"<code>{cell(r['name'])}</code>",
            f'<a href="{DATA}/{cell(r["name"])}.parquet" download>Parquet</a>',
            f'<a href="{DATA}/csv/{cell(r["name"])}.csv" download>CSV</a>',
            f"{len(frames[r['name']]):,}" if r["name"] in frames else "",
        ]
        for r in descriptor.get("resources", [])
    ]
    archive = RELEASE_URL.format(version=version) + archive_name(version)
    return (
        "<p>The tables of this site's build, typed (Parquet, as <code>mcd.load()</code> "
        "reads them) or as CSV (described by their "
        f'<a href="{DATA}/csv/datapackage.json">CSV data package</a>, for R and '
        f'spreadsheets); the located events as <a href="{DATA}/events.geojson">GeoJSON</a>. '
        f'The release archive, checked by <code>mcd.download()</code>: <a href="{cell(archive)}">'
        f"{cell(archive_name(version))}</a>.</p>" + table(rows, ["table", "Parquet", "CSV", "rows"])
    )


def killed_by_year(summary: pd.DataFrame) -> pd.DataFrame:
    """People killed per calendar year, as a range: the sums of the events' lows and highs.

    An event counts in a year when its whole date interval lies in it (one that
    spans years is left out and counted in ``spanning``). ``high`` is missing when
    an event of the year has no upper bound ("more than 70"). ``largest`` is the
    event with the largest low figure. Only the outcome ``killed``: never added to
    other outcomes.

    >>> frame = pd.DataFrame({
    ...     "event_id": ["a", "b", "c"],
    ...     "date_start": pd.to_datetime(["2020-01-01", "2020-05-02", "2019-12-01"]),
    ...     "date_end": pd.to_datetime(["2020-01-31", "2020-05-02", "2020-01-31"]),
    ...     "killed_low": pd.array([20, 3, 5], "Int64"),
    ...     "killed_high": pd.array([30, None, 5], "Int64")})
    >>> killed_by_year(frame).values.tolist()
    [[2020, 23, <NA>, 2, 'a', 1]]
    """
    low, high = f"{model.HEADLINE_OUTCOME}_low", f"{model.HEADLINE_OUTCOME}_high"
    killed = summary[summary[low].notna()]
    end = killed["date_end"].fillna(killed["date_start"])
    within = killed["date_start"].dt.year == end.dt.year
    spanning = int((~within).sum())
    years = killed.loc[within, "date_start"].dt.year
    by_year = killed[within].groupby(years.rename("year"))
    check_sums(by_year, [low, high], "killed in a year")
    rows = []
    for year, group in by_year:
        highs = group[high]
        largest = group.sort_values([low, "event_id"], ascending=[False, True]).iloc[0]
        rows.append(
            {
                "year": int(year),
                "low": int(group[low].sum()),
                "high": pd.NA if highs.isna().any() else int(highs.sum()),
                "events": len(group),
                "largest": str(largest["event_id"]),
                "spanning": spanning,
            }
        )
    columns = ["year", "low", "high", "events", "largest", "spanning"]
    return pd.DataFrame(rows, columns=columns).astype({"high": "Int64"})


def year_records(frames: Frames) -> list[dict]:
    """The records the killed-per-year figure draws: one per row of :func:`killed_by_year`.

    Each has ``year`` (text), ``low``, ``high`` (None: no upper bound), ``text``
    (the range in words), a link to the year's largest event (``href``) and its
    ``label`` (the text alternative).
    """
    summary = frames["event_summary"]
    years = killed_by_year(summary)
    titles = {str(e): _event_title(r) for e, r in summary.set_index("event_id").iterrows()}
    return [
        {
            "year": str(r["year"]),
            "low": int(r["low"]),
            "high": None if missing(r["high"]) else int(r["high"]),
            "text": number(r["low"], None, r["high"]),
            "href": f"events/{r['largest']}.html",
            "label": f"{r['year']}: {number(r['low'], None, r['high'])} killed in "
            f"{r['events']} events; largest: {titles[r['largest']]}",
        }
        for _, r in years.iterrows()
    ]


def _headline(frames: Frames) -> str:
    """Killed per year, low to high, the largest event of each year named."""
    summary = frames["event_summary"]
    years = killed_by_year(summary)
    if years.empty:
        return ""
    titles = {str(e): _event_title(r) for e, r in summary.set_index("event_id").iterrows()}
    records = year_records(frames)
    spec = figures.yearly_spec(records, "People killed per year (low to high)")
    rows = [
        [
            cell(r["year"]),
            cell(number(r["low"], None, r["high"])),
            cell(r["events"]),
            f'<a href="events/{cell(r["largest"])}.html">{cell(titles[r["largest"]])}</a>',
        ]
        for _, r in years.iterrows()
    ]
    spanning = int(years["spanning"].iloc[0])
    note = (
        f" {spanning} event(s) with a figure but dated across years are not counted here."
        if spanning
        else ""
    )
    return (
        "<h2>People killed per year</h2>"
        "<p>The sum over the year's events of the lowest and of the highest number killed "
        "any article gives (<code>event_summary</code>: <code>killed_low</code>, "
        "<code>killed_high</code>); no upper bound where an article gives none (“more than "
        "70”). Only what the articles in the dataset report: not a count of the conflict's "
        f"dead.{note} A year without a figure in the articles is not drawn (it is not 0). "
        "Select a bar to open the year's largest event.</p>"
        + _figure(
            figures.render(spec, "killed-per-year"),
            "People killed per year, low to "
            "high; the table below gives each year's range and largest event.",
        )
        + table(rows, ["year", "killed (low to high)", "events", "largest event"])
    )


def _month_spans(summary: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    """Per event with a country: its first and last month (``country_month``'s rule)."""
    located = summary[summary["country_iso3"].notna()]
    start = pd.to_datetime(located["date_start"]).dt.to_period("M")
    end = pd.to_datetime(located["date_end"].fillna(located["date_start"])).dt.to_period("M")
    return start, end


def killed_per_month(frames: Frames) -> pd.DataFrame:
    """The months of ``country_month`` with a figure of people killed, as the table gives them.

    ``low``, ``best`` and ``high`` are the row's ``killed_low``, ``killed_best``
    and ``killed_high`` (``best`` empty when an event of the month states no best
    figure, ``high`` when one has no upper bound); ``events`` and ``spanning`` are
    its ``events`` and ``events_spanning``. A month is given only when one of the
    events dated inside it (``event_summary``, the same rule) reports people
    killed: the panel's other months hold 0 because nobody is reported, which is
    no figure, and they are not drawn.

    >>> from mali_conflict_data.load import data_dir, read_all
    >>> months = killed_per_month(read_all(data_dir()))
    >>> row = months.set_index(["country_iso3", "year", "month"]).loc[("MLI", 2024, 9)]
    >>> int(row["low"]), pd.isna(row["high"])  # "more than 70": no upper bound
    (72, True)
    """
    summary, panel = frames["event_summary"], frames["country_month"]
    outcome = model.HEADLINE_OUTCOME
    start, end = _month_spans(summary)
    located = summary.loc[start.index]
    bounds = [f"{outcome}_{b}" for b in model.BOUNDS]
    reporting = located[bounds].notna().any(axis=1) & (start == end)
    reported = {
        (str(c), p.year, p.month)
        for c, p in zip(located.loc[reporting, "country_iso3"], start[reporting], strict=True)
    }
    keys = zip(panel["country_iso3"].astype(str), panel["year"], panel["month"], strict=True)
    rows = panel[[(c, int(y), int(m)) in reported for c, y, m in keys]]
    names = dict(zip(bounds, model.BOUNDS, strict=True))
    columns = ["country_iso3", "year", "month", *bounds, "events", "events_spanning"]
    months = rows[columns].rename(columns={**names, "events_spanning": "spanning"})
    return months.sort_values(["country_iso3", "year", "month"], ignore_index=True)


def month_records(frames: Frames) -> list[dict]:
    """The records the killed-per-month figure draws: one per row of :func:`killed_per_month`.

    Each carries its row's keys (``country_iso3``, ``period``: ``YYYY-MM``) and
    numbers (``low``; ``best`` and ``high`` None when the row's are empty: no tick,
    an open line), the panel's ``country`` label (its ISO3 code, alike for every
    country), the month's ``start``, ``end`` and ``mid`` days, ``events``,
    ``spanning``, and a link (``href``, ``event_id``) to the month's largest event
    with its ``label`` (the text alternative).
    """
    months = killed_per_month(frames)
    summary = frames["event_summary"]
    start, end = _month_spans(summary)
    located = summary.loc[start.index]
    low = f"{model.HEADLINE_OUTCOME}_low"
    records = []
    for _, r in months.iterrows():
        month = pd.Period(year=int(r["year"]), month=int(r["month"]), freq="M")
        inside = located[
            (start == month).to_numpy()
            & (end == month).to_numpy()
            & (located["country_iso3"].astype(str) == r["country_iso3"]).to_numpy()
        ]
        largest = inside.sort_values([low, "event_id"], ascending=[False, True], na_position="last")
        code = str(r["country_iso3"])
        country = code  # every panel alike: not every country has a row in ``locations``
        best = None if missing(r["best"]) else int(r["best"])
        high = None if missing(r["high"]) else int(r["high"])
        spanning = int(r["spanning"])
        label = (
            f"{country}, {month.strftime('%B %Y')}: {number(r['low'], None, high)} killed"
            + (f" (best {best:,})" if best is not None else " (no best figure)")
            + ("; no upper bound" if high is None else "")
            + f" in {int(r['events'])} events; largest: {_event_title(largest.iloc[0])}"
            + (f"; {spanning} more dated only across months (in no total)" if spanning else "")
        )
        records.append(
            {
                "country_iso3": code,
                "period": str(month),
                "country": country,
                "start": month.start_time.date().isoformat(),
                "end": (month + 1).start_time.date().isoformat(),
                "mid": (month.start_time + pd.Timedelta(days=14)).date().isoformat(),
                "low": int(r["low"]),
                "best": best,
                "high": high,
                "events": int(r["events"]),
                "spanning": spanning,
                "event_id": str(largest["event_id"].iloc[0]),
                "href": f"events/{largest['event_id'].iloc[0]}.html",
                "label": label,
            }
        )
    return records


def _monthly(frames: Frames) -> str:
    """Killed per month (``country_month``), low / best / high, and what no month holds."""
    records = month_records(frames)
    summary = frames["event_summary"]
    start, end = _month_spans(summary)
    across = summary.loc[start.index][(start != end).to_numpy()]
    killed = across[across[f"{model.HEADLINE_OUTCOME}_low"].notna()]
    if not records and across.empty:
        return ""
    titles = {str(e): _event_title(r) for e, r in summary.set_index("event_id").iterrows()}
    figure, rows = "", []
    if records:
        firsts = [pd.Timestamp(r["start"]) for r in records]
        spec = figures.monthly_spec(
            records,
            "People killed per month (low, best, high)",
            OUTCOME_COLOURS[model.HEADLINE_OUTCOME],
            _year_domain(min(firsts), max(firsts)),
        )
        figure = _figure(
            figures.render(spec, "killed-per-month"),
            "People killed per month, low to high, by country; the table below gives each "
            "month's range, best figure and largest event.",
        )
        rows = [
            [
                cell(r["country"]),
                cell(r["start"][:7]),
                cell(number(r["low"], None, r["high"])),
                cell("none stated" if r["best"] is None else f"{r['best']:,}"),
                cell(r["events"]),
                cell(r["spanning"]),
                f'<a href="{cell(r["href"])}">{cell(titles[r["event_id"]])}</a>',
            ]
            for r in records
        ]
    listed = ", ".join(
        f'<a href="events/{cell(e)}.html">{cell(titles[str(e)])}</a>' for e in killed["event_id"]
    )
    columns = ["country", "month", "killed (low to high)", "best", "events"]
    return (
        "<h2>People killed per month</h2>"
        "<p>From the <code>country_month</code> table: per country (one panel each, named "
        "by its <code>country_iso3</code> code) and month, the sum over "
        "the events dated inside the month of the lowest (<code>killed_low</code>, the dark "
        "bar), best (<code>killed_best</code>, the black tick) and highest "
        "(<code>killed_high</code>, the light bar) number killed. A dashed line going up has "
        "no upper bound (an article gives none, “at least thirty”); a month without a tick "
        "has no best figure (one of its events states none). Only the months where an event "
        "reports people killed are drawn: the other months hold no figure (not 0).</p>"
        f"<p>{len(across):,} events are dated only to a range across months: they are in "
        "no month's total (never put in their first month); <code>events_spanning</code> "
        "counts each in every month its range overlaps"
        + (f". Those reporting people killed ({len(killed):,}): {listed}." if len(killed) else ".")
        + "</p>"
        + figure
        + (table(rows, [*columns, "events dated across months", "largest event"]) if rows else "")
    )


# --- timeline ---------------------------------------------------------------------------


def _timeline_figure(summary: pd.DataFrame, outcomes: list[str], name: str) -> str:
    if summary.empty:
        return ""
    domain = _year_domain(summary["date_start"].min(), summary["date_end"].max())
    rows, ranges = [], []
    colours = OUTCOME_COLOURS
    for i, (_, event) in enumerate(summary.iterrows()):
        eid = str(event["event_id"])
        lane = f"{i:05d}|{_words(event['event_type'])} · {event['place']} · {_when(event)}"
        found = _ranges(event, outcomes)
        start, end = _iso(event["date_start"]), _iso(event["date_end"]) or _iso(event["date_start"])
        point = start == end  # one day, whatever its precision word
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
    x_max = 10 ** math.ceil(math.log10(figures.top(ranges) + 1))
    for r in ranges:
        r["high"] = figures.upper(r["high"], x_max)
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


def _bounds_read(deployments: pd.DataFrame, short: dict[str, str]) -> str:
    """How each open-ended figure reads: 'more than fifteen thousand' is > 15,000, a bound.

    A figure with a lower bound and no upper one is a bound, whatever its words.
    """
    bounds = deployments[deployments["low"].notna() & deployments["high"].isna()]
    items = [
        f"<li><q>{cell(r['count_text'])}</q> "
        f"{cell(_words(r['status']))} "
        f"({cell(short.get(str(r['force_actor_id']), r['force_actor_id']))}) is "
        f"<strong>{cell(number(r['low'], r['best'], r['high'], r['qualifier']))}</strong>: "
        f"a lower bound on the {cell(_words(r['personnel_kind']))} "
        f"{cell(_words(r['status']))}, not a count.</li>"
        for _, r in bounds.iterrows()
    ]
    return f"<p>Figures that are bounds:</p><ul>{''.join(items)}</ul>" if items else ""


def _figure_kind(r) -> str:
    """How a figure is drawn: a stated number, a lower bound, an upper bound or a range."""
    low, best, high = (not missing(r[b]) for b in ("low", "best", "high"))
    if low and high and r["low"] != r["high"]:
        return "range (low to high)"
    if low and not high:
        return "lower bound (more than, at least)"
    if high and not low:
        return "upper bound (at most)"
    return "number stated" if low or best else "no number"


FIGURE_KINDS = [
    "number stated",
    "range (low to high)",
    "lower bound (more than, at least)",
    "upper bound (at most)",
]


def _figure_words(r) -> str:
    """A deployment's figure as a label, or 'no number given' (never '?')."""
    if _figure_kind(r) == "no number":
        return "no number given"
    return number(r["low"], r["best"], r["high"], r["qualifier"])


def deployments_page(frames: Frames) -> str:
    """Figures of forces' strength over time, by status, each linked to its row and quote."""
    deployments = frames["deployments"].sort_values(
        ["force_actor_id", "date_start", "deployment_id"]
    )
    names, short = _actor_names(frames), _short_names(frames)
    sources = _sources(frames)
    dated = deployments[deployments["date_start"].notna()]
    kinds = deployments.apply(_figure_kind, axis=1) if len(deployments) else pd.Series()
    numbered = dated[kinds.reindex(dated.index) != "no number"] if len(dated) else dated
    unnumbered = deployments[kinds == "no number"] if len(deployments) else deployments
    parts = [
        "<p>One panel per force: each figure an article states is drawn at its number of "
        "people (the vertical axis, its own per force) over the period it is for (a "
        "horizontal bar; colour: the status). A range is drawn from its low to its high "
        "number, a bound (▲ more than or at least, ▼ at most) at the number it bounds. "
        "The words as written are in the table below; select a mark to reach its row "
        "and quote.</p>" + _bounds_read(deployments, short)
    ]
    if not numbered.empty:
        domain = _year_domain(numbered["date_start"].min(), numbered["date_end"].max())
        records = []
        for _, r in numbered.iterrows():
            start, end = _iso(r["date_start"]), _iso(r["date_end"]) or _iso(r["date_start"])
            status = str(r["status"])
            figure = number(r["low"], r["best"], r["high"], r["qualifier"])
            low = r["low"] if not missing(r["low"]) else r["best"]
            low = r["high"] if missing(low) else low
            high = r["high"] if not missing(r["high"]) else low
            force = short.get(str(r["force_actor_id"]), str(r["force_actor_id"]))
            records.append(
                {
                    "force": force,
                    "start": start,
                    "end": _next_day(end),
                    "low": int(low),
                    "high": int(high),
                    "status": status,
                    "kind": _figure_kind(r),
                    "href": f"#{r['deployment_id']}",
                    "label": f"{force}, {_when(r)}: {figure} {_words(r['personnel_kind'])} "
                    f"{_words(status)} (“{r['count_text']}”)",
                }
            )
        spec = figures.strength_spec(
            records,
            "Deployments over time: people by force and status",
            {k: STATUS_COLOURS[k] for k in model.DEPLOYMENT_STATUSES},
            FIGURE_KINDS,
            domain,
        )
        parts.append(
            _figure(
                figures.render(spec, "deployments"),
                "Deployments over time: people by force and status; every figure is in the "
                "table below.",
            )
        )
    if len(unnumbered):
        listed = ", ".join(
            f'<a href="#{cell(r["deployment_id"])}">'
            f"{cell(short.get(str(r['force_actor_id']), r['force_actor_id']))} "
            f"({cell(_when(r))})</a>"
            for _, r in unnumbered.iterrows()
        )
        parts.append(f"<p>Reported without a number (not drawn, never as 0): {listed}.</p>")
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
                cell(_words(r["status"])),
                cell(_when(r)),
                f"<strong>{cell(_figure_words(r))}</strong> "
                f"{cell(_words(r['personnel_kind']))}<br>“{cell(r['count_text'])}”",
                cell(r["attributed_to"]),
                quote_link(sources, r["source_id"], r["quote"], 0, **beside(r)),
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


def _last_reported(frames: Frames, rows: pd.DataFrame) -> pd.Timestamp | None:
    """The latest day an article of ``rows`` (sanctions) may have been published.

    A sanction with no reported end is known to be in force only up to then:
    after it, its status is unknown.
    """
    sources = _sources(frames)
    ids = [str(s) for s in rows["source_id"] if str(s) in sources.index]
    days = sources.loc[ids, "published_date_latest"].fillna(sources.loc[ids, "published_date"])
    return None if days.dropna().empty else pd.Timestamp(days.max())


def _lanes_of(sanctions: pd.DataFrame) -> list[tuple[tuple[str, str], pd.DataFrame]]:
    """The sanctions grouped by sender and measure (one lane each), in order of imposition."""
    keys = [sanctions["sender_actor_id"].astype(str), sanctions["measure"].astype(str)]
    groups = [(key, group) for key, group in sanctions.groupby(keys, sort=False)]
    return sorted(groups, key=lambda g: (g[1]["imposed_date"].min(), g[0]))


def _text_side(text: str, start: float, end: float, width: int) -> str:
    """Put ``text`` before the mark when it fits there, else after it."""
    room_before, room_after = start * width, (1 - end) * width
    needed = len(text) * 6.2 + 8  # 11 px Liberation Sans: about 6 px a character
    return "right" if room_before >= needed or room_before > room_after else "left"


def sanctions_page(frames: Frames) -> str:
    """Sanctions per sender and measure, from imposition to lifting or to the last report."""
    sanctions = frames["sanctions"].sort_values(["imposed_date", "sanction_id"])
    names, short = _actor_names(frames), _short_names(frames)
    sources = _sources(frames)
    dated = sanctions[sanctions["imposed_date"].notna()]
    width = 700
    parts = [
        "<p>One lane per measure of one sender; each article's claim is drawn inside it. "
        "The dark block is when it was imposed (as precisely as the article dates it); the "
        "span runs to its lifting (green) or, where no article reports its end, to the "
        "last day the latest article about it may have been published: the measure is "
        "reported in force until then, and its status is unknown after that day (the "
        "end mark). Select a mark to reach its quote.</p>"
    ]
    if not dated.empty:
        lanes = _lanes_of(dated)
        ends = []
        for _, rows in lanes:
            ends += [d for d in rows["lifted_date_latest"] if not missing(d)]
            last = _last_reported(frames, rows)
            ends += [last] if last is not None else []
        last = max(ends + [dated["imposed_date"].max()])
        domain = _month_domain(dated["imposed_date"].min(), last)
        records = []
        for i, ((sender, measure_id), rows) in enumerate(lanes):
            measure = _words(measure_id)
            lane = f"{i:05d}|{short.get(sender, sender)}: {measure}"
            common = {"lane": lane, "point": False, "side": None, "text": None}
            open_rows = rows[rows["lifted_date"].isna()]
            for _, r in rows.iterrows():
                sid = str(r["sanction_id"])
                target = (
                    "target not stated"
                    if missing(r["target_actor_id"])
                    else short.get(str(r["target_actor_id"]), r["target_actor_id"])
                )
                imposed_end = _iso(r["imposed_date_latest"]) or _iso(r["imposed_date"])
                records.append(
                    {
                        **common,
                        "start": _iso(r["imposed_date"]),
                        "end": _next_day(imposed_end),
                        "colour": "imposed",
                        "href": f"#{sid}-imposed",
                        "label": f"{measure} on {target} imposed {_when(r, 'imposed')} "
                        f"({r['source_id']})",
                    }
                )
                if not missing(r["lifted_date"]):
                    lifted = _iso(r["lifted_date"])
                    if lifted > imposed_end:
                        records.append(
                            {
                                **common,
                                "start": _next_day(imposed_end),
                                "end": lifted,
                                "colour": "reported in force",
                                "href": f"#{sid}",
                                "label": f"{measure} on {target}: in force until lifted",
                            }
                        )
                    records.append(
                        {
                            **common,
                            "start": lifted,
                            "end": _next_day(_iso(r["lifted_date_latest"]) or lifted),
                            "colour": "lifted",
                            "href": f"#{sid}-lifted",
                            "label": f"{measure} on {target} lifted {_when(r, 'lifted')}",
                        }
                    )
            if len(open_rows):
                last = _last_reported(frames, open_rows)
                first_end = min(
                    _iso(r["imposed_date_latest"]) or _iso(r["imposed_date"])
                    for _, r in open_rows.iterrows()
                )
                last_day = _iso(last) if last is not None else first_end
                text = f"unknown after {last_day}"
                if last_day > first_end:
                    records.append(
                        {
                            **common,
                            "start": _next_day(first_end),
                            "end": last_day,
                            "colour": "reported in force",
                            "href": f"#{open_rows['sanction_id'].iloc[0]}",
                            "label": f"{measure}: reported in force up to {last_day}, the "
                            "latest article reporting it",
                        }
                    )
                start = _iso(open_rows["imposed_date"].min())
                records.append(
                    {
                        **common,
                        "start": last_day,
                        "end": last_day,
                        "point": True,
                        "colour": "status unknown after",
                        "href": f"#{open_rows['sanction_id'].iloc[-1]}",
                        "label": f"{measure}: no article after {last_day} reports it; its "
                        "status after that day is unknown",
                        "text": text,
                        "side": _text_side(
                            text, _fraction(start, domain), _fraction(last_day, domain), width
                        ),
                        "anchor": start,
                    }
                )
        # Spans first, so each article's own dating is drawn over them, not hidden.
        records.sort(key=lambda r: r["colour"] != "reported in force")
        spec = figures.bars_spec(
            records,
            "Sanctions from imposition to lifting or to the last report",
            SANCTION_COLOURS,
            domain,
            "part",
            width=width,
            lane_title=None,
        )
        parts.append(
            _figure(
                figures.render(spec, "sanctions"),
                "Sanctions from imposition to lifting or to the last report; every sanction "
                "is in the table below.",
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
                f"</span>{quote_link(sources, r['source_id'], r['quote'], 0, **beside(r))}",
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
    """Mali and its neighbours: events at places, sized by the people killed; areas apart."""
    summary = frames["event_summary"].sort_values(["date_start", "event_id"], ignore_index=True)
    killed = geo.killed(summary)
    shown = geo.placed(summary)
    outcomes = _outcomes(summary)
    points, rows = [], []
    area_events: dict[str, list[str]] = {}
    place_events: dict[str, list[str]] = {}
    for i, event in summary.iterrows():
        eid = str(event["event_id"])
        href = f"events/{eid}.html"
        found = _ranges(event, outcomes)
        figure = _range_words(found) if found else "no figure given"
        title = _event_title(event)
        if shown[i] == "point":
            place_events.setdefault(str(event["location_id"]), []).append(eid)
            points.append(
                {
                    "longitude": float(event["longitude"]),
                    "latitude": float(event["latitude"]),
                    "killed": None if missing(killed[i]) else int(killed[i]),
                    "href": href,
                    "label": f"{title} ({_words(event['geo_precision'])}): {figure}",
                }
            )
        elif shown[i] == "area":
            area_events.setdefault(str(event["location_id"]), []).append(eid)
        how = {
            "point": f"circle ({_words(event['geo_precision'])})",
            "area": f"square: the {_words(event['geo_precision'])} only, no point",
        }.get(shown[i], "not located")
        rows.append(
            [
                f'<a href="{cell(href)}">{cell(title)}</a>',
                f'<span id="loc-{cell(event["location_id"])}-{i}">{cell(event["place"])}</span>',
                cell(how),
                cell(figure),
            ]
        )
    places = summary.drop_duplicates("location_id").set_index("location_id")
    areas = [
        {
            "longitude": float(places.loc[location, "longitude"]),
            "latitude": float(places.loc[location, "latitude"]),
            "href": f"#area-{location}",
            "label": f"{len(eids)} events located only to {places.loc[location, 'place']}",
        }
        for location, eids in sorted(area_events.items())
    ]
    width = 700
    projection, height = geo.projection(width)
    outlines = geo.shapes()
    by_event = dict(zip(summary["event_id"].astype(str), killed, strict=True))
    top = max([int(k) for k in killed.dropna()] + [1])

    def radius(eids: list[str]) -> float:
        """The largest marker's radius at a place (circle areas: 0 to 900 px² at the top)."""
        most = max([0] + [int(by_event[e]) for e in eids if not missing(by_event[e])])
        return max(5.0, math.sqrt(900 * most / top / math.pi)) + 1

    named = [
        {
            "longitude": f["properties"]["label_lon"],
            "latitude": f["properties"]["label_lat"],
            "text": f["properties"]["name"],
            "radius": 0,
        }
        for f in outlines["features"]
        if f["properties"]["name"] != "Mali"
    ]
    marked = [
        {
            "longitude": float(places.loc[location, "longitude"]),
            "latitude": float(places.loc[location, "latitude"]),
            "text": f"{places.loc[location, 'place']} ({len(eids)})"
            if len(eids) > 1
            else str(places.loc[location, "place"]),
            "radius": 8 if kind == "area" else radius(eids),
        }
        for kind, group in (("area", area_events), ("point", place_events))
        for location, eids in sorted(group.items(), key=lambda g: -len(g[1]))
    ]
    placed_labels = geo.labels(marked + named, projection, (width, height))
    spec = figures.map_spec(outlines, points, areas, placed_labels, projection, width, height)
    about = geo.source()
    area_list = "".join(
        f'<li id="area-{cell(location)}">{cell(places.loc[location, "place"])} '
        f"({cell(_words(places.loc[location, 'geo_precision']))}, {len(eids)} events): "
        + ", ".join(f'<a href="events/{cell(e)}.html">{cell(e)}</a>' for e in eids)
        + "</li>"
        for location, eids in sorted(area_events.items())
    )
    return (
        "<p>Circles are events located to a settlement or site, sized by the people "
        "killed (the lowest total any article gives); a ring is an event for which no "
        "article gives a number killed, never drawn as 0. Other outcomes (injured, "
        "detained...) are never added in: they are in the table and on each event's page. "
        "Events located only to a region or a country are not points: a dashed square "
        "marks the area, named with its number of events, listed below.</p>"
        + _figure(
            figures.render(spec, "map"),
            "Map of Mali and its neighbours with the located events; every event is in the "
            "table below.",
        )
        + f"<h2>Events located only to an area</h2><ul>{area_list}</ul>"
        + "<h2>Every event</h2>"
        + table(rows, ["event", "place", "shown as", "people (low to high)"], stack=True)
        + f"<p>Boundaries: {cell(about['source'])}. {cell(about['licence'])}.</p>"
    )


# --- disagreements ----------------------------------------------------------------------


def claim_event(frames: Frames, claim_table: str, claim_id: str) -> str | None:
    """The event a claim of ``disagreements()`` is about, if any (``disagreements.claim_event``).

    >>> from mali_conflict_data.load import data_dir, read_all
    >>> claim_event(read_all(data_dir()), "casualties", "cas-0001")
    'ev-2020-08-18-coup'
    """
    return _claim_event(claim_table, claim_id, casualty_events(frames))


def row_href(table_name: str, row_id: str, events_of: Mapping[str, str], depth: int) -> str | None:
    """The page (and row) of the site that shows one row of a table, if any.

    A row about an event (``disagreements.claim_event``) is on the event's page; a
    force's figure, a sanction, an actor and its names and relations on theirs.

    >>> row_href("deployments", "dep-0001", {}, 1)
    '../deployments.html#dep-0001'
    >>> row_href("event_reports", "ev-2012-x@src", {}, 0)
    'events/ev-2012-x.html'
    """
    up = "../" * depth
    event = _claim_event(table_name, row_id, events_of)
    if event is not None:
        return f"{up}events/{event}.html"
    return {
        "deployments": f"{up}deployments.html#{row_id}",
        "sanctions": f"{up}sanctions.html#{row_id}",
        "actor_names": f"{up}actors.html#{row_id}",
        "actors": f"{up}actors.html#actor-{row_id}",
        "actor_relations": f"{up}actors.html#relations",
        "locations": f"{up}map.html",
        "sources": f"{up}sources/{row_id}.html",
    }.get(table_name)


def _claim_context(frames: Frames, table_name: str, source_id, quote) -> dict:
    """The ``quote_prefix`` / ``quote_suffix`` of the row of ``table_name`` a claim quotes."""
    frame = frames.get(table_name)
    if frame is None or "quote_prefix" not in frame or missing(quote):
        return {"prefix": None, "suffix": None}
    rows = frame[(frame["source_id"] == source_id) & (frame["quote"] == quote)]
    return beside(rows.iloc[0]) if len(rows) else {"prefix": None, "suffix": None}


def _claim(frames: Frames, sources: pd.DataFrame, row, side: str, depth: int) -> str:
    table_name, claim_id = str(row[f"{side}_table"]), str(row[f"{side}_id"])
    where = row_href(table_name, claim_id, casualty_events(frames), depth)
    name = f"{table_name} {claim_id}"
    title = f'<a href="{cell(where)}">{cell(name)}</a>' if where else cell(name)
    words = "" if missing(row[f"{side}_words"]) else f"<p>“{cell(row[f'{side}_words'])}”</p>"
    return (
        f'<div class="claim"><p><strong>{cell(side.upper())}</strong>: {title}</p>{words}'
        f"<p>coded as {cell(row[f'{side}_value'])}</p>"
        + quote_link(
            sources,
            row[f"{side}_source_id"],
            row[f"{side}_quote"],
            depth,
            **_claim_context(frames, table_name, row[f"{side}_source_id"], row[f"{side}_quote"]),
        )
        + "</div>"
    )


def disagreement_blocks(frames: Frames, pairs: pd.DataFrame, depth: int, level: int = 3) -> str:
    """Each pair of ``disagreements()`` side by side: claim A, claim B, why they differ.

    ``level`` is the heading level of each pair.
    """
    sources = _sources(frames)
    blocks = []
    for _, row in pairs.iterrows():
        blocks.append(
            f'<section class="disagree-pair" id="disagreement-{cell(row["disagreement"])}">'
            f"<h{level}>{cell(row['disagreement'])}. {cell(row['about'])}</h{level}>"
            f'<p class="disagree">{cell(row["why"])}</p><div class="claims">'
            + _claim(frames, sources, row, "a", depth)
            + _claim(frames, sources, row, "b", depth)
            + "</div></section>"
        )
    return "".join(blocks)


def _kind_words(kind: str) -> str:
    return KIND_WORDS.get(kind, _words(kind).capitalize())


def disagreements_page(frames: Frames, pairs: pd.DataFrame) -> str:
    """The pairs of ``disagreements()`` by kind: contradictions first, variants apart."""
    kinds = pairs["kind"].astype(str)
    order = [k for k in KINDS if k in set(kinds)]
    order += sorted(set(kinds) - set(order))
    variant = set(VARIANT_KINDS)
    contradictions = int((~kinds.isin(variant)).sum())
    parts = [
        "<p>Where the articles' claims differ, as <code>mali_conflict_data.disagreements()"
        "</code> lists them: neither claim is dropped or averaged; each keeps its words, its "
        "coding and its quote. <strong>Contradictions</strong> are pairs of claims that "
        "cannot both be true; <strong>variants</strong> (such as two translations of one "
        "name) can both be right, and are listed apart.</p>"
        f"<p>{contradictions} contradictions and {len(pairs) - contradictions} variants.</p>"
    ]
    for heading, kinds_here in (
        ("Contradictions", [k for k in order if k not in variant]),
        ("Variants", [k for k in order if k in variant]),
    ):
        if not kinds_here:
            continue
        parts.append(f"<h2>{heading}</h2>")
        for kind in kinds_here:
            mine = pairs[kinds == kind]
            parts.append(
                f'<h3 id="kind-{cell(kind)}">{cell(_kind_words(kind))} ({len(mine)})</h3>'
                + disagreement_blocks(frames, mine, 0, level=4)
            )
    return "".join(parts)


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
        [relation(r), quote_link(sources, r["source_id"], r["quote"], 0, **beside(r))]
        for _, r in relations.iterrows()
    ]
    sections = []
    for _, a in actors.iterrows():
        actor_id = str(a["actor_id"])
        own = names[names["actor_id"].astype(str) == actor_id]
        items = "".join(
            f'<li id="{cell(n["name_id"])}">“{cell(n["name"])}” <small>'
            f"({cell(_words(n['kind']))})</small>"
            f"{quote_link(sources, n['source_id'], n['quote'], 0, **beside(n))}</li>"
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
            + quote_link(sources, a["source_id"], a["quote"], 0, **beside(a))
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
    for name in model.reporting_tables(model.TABLES) + model.event_claim_tables(model.TABLES):
        rows = frames[name][frames[name]["event_id"].astype(str) == event_id]
        found += [(str(s), str(q)) for s, q in zip(rows["source_id"], rows["quote"], strict=True)]
    return list(dict.fromkeys(found))


def event_title(frames: Frames, event_id: str) -> str:
    """The heading of an event's page: what happened, where and when.

    >>> from mali_conflict_data.load import data_dir, read_all
    >>> event_title(read_all(data_dir()), "ev-2020-08-18-coup")
    'Coup, Kati, 2020-08-18'
    """
    summary = frames["event_summary"]
    return _event_title(summary[summary["event_id"].astype(str) == event_id].iloc[0])


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
        mine = [event_id in found for found in pair_events(pairs, frames)]
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
                + quote_link(sources, sid, event["quote"], 1, False, **beside(event))
            )
        for _, r in reports[reports["source_id"].astype(str) == sid].iterrows():
            dated = f", dating it {cell(_when(r))}" if not missing(r["date_start"]) else ""
            key = key_label([event_id, sid])
            mark = ' class="disagree"' if key in disputed else ""
            parts.append(
                f"<p{mark}>This article also reports the event{dated}"
                + (f" ({cell(r['note'])})" if not missing(r["note"]) else "")
                + ":</p>"
                + quote_link(sources, sid, r["quote"], 1, False, **beside(r))
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
                + quote_link(sources, sid, f["quote"], 1, False, **beside(f))
            )
        for _, a in actors[actors["source_id"].astype(str) == sid].iterrows():
            parts.append(
                f"<p>{cell(_words(a['role']))}: "
                f"{cell(names.get(str(a['actor_id']), a['actor_id']))}</p>"
                + quote_link(sources, sid, a["quote"], 1, False, **beside(a))
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
    roles = "".join(
        f"<li>{cell(_words(role))}: "
        + ", ".join(
            cell(names.get(a, a)) for a in sorted(set(actors.loc[in_role, "actor_id"].astype(str)))
        )
        + "</li>"
        for role in model.EVENT_ROLES
        if (in_role := (actors["role"].astype(str) == role).to_numpy()).any()
    )
    return (
        f"<p>{cell(event['description'])}</p>"
        f"<ul><li>event: <code>{cell(event_id)}</code></li>"
        f"<li>type: {cell(_words(event['event_type']))}</li>"
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
            "<h2>Disagreements</h2>"
            + "".join(
                f"<h3>{cell(_kind_words(kind))}</h3>"
                + disagreement_blocks(frames, group, 1, level=4)
                for kind, group in own_pairs.groupby(own_pairs["kind"].astype(str), sort=False)
            )
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
        coverage = _coverage(frames, record, source_id)
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


def _coverage(frames: Frames, record: pd.DataFrame, source_id: str) -> str:
    """The coverage record of one article: each paragraph, its rows (linked) or why none.

    Paragraphs are numbered as a reader counts them (1, 2, 3...), not by the line of
    the text file they sit on (blank lines between them).
    """
    mine = record[record["source_id"].astype(str) == source_id].sort_values("line")
    events_of = casualty_events(frames)
    items = []
    for number_, (_, r) in enumerate(mine.iterrows(), 1):
        labels = [] if missing(r.get("rows")) else str(r["rows"]).split()
        links = []
        for label in labels:
            table_name, _, row_id = label.partition(":")
            # A row's second quote is named by its column: san-0003#lifted (its lifting).
            row_id, _, part = row_id.partition("#")
            href = row_href(table_name, row_id, events_of, 1)
            if href and part and "#" in href:
                href += f"-{part}"
            text = f"{_words(table_name)} {row_id}" + (f" ({_words(part)})" if part else "")
            links.append(f'<a href="{cell(href)}">{cell(text)}</a>' if href else cell(text))
        coded = (
            f"<p>Coded from it: {', '.join(links)}.</p>"
            if links
            else f"<p>Nothing coded: {cell(r.get('reason'))}</p>"
        )
        items.append(
            f'<li id="paragraph-{number_}" value="{number_}"><p><q>{cell(r.get("starts_with"))}'
            f"…</q> <small>(line {cell(r.get('line'))} of the text)</small></p>{coded}</li>"
        )
    coded_count = sum(1 for _, r in mine.iterrows() if not missing(r.get("rows")))
    return (
        f"<p>{len(mine)} paragraphs, {coded_count} of them coded; each is named by its "
        "first words.</p>"
        f'<ol class="coverage">{"".join(items)}</ol>'
    )


def coverage_record(path: Path) -> pd.DataFrame | None:
    """The paragraph coverage record (``coding/coverage.csv`` in a checkout), if it is there."""
    return pd.read_csv(path) if path.is_file() else None
