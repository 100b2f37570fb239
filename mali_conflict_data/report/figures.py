"""The report's figures: Vega-Lite specs rendered to SVG with vl-convert (the ``report`` extra).

Each ``*_spec`` function turns plain records into a Vega-Lite spec (a dict);
:func:`render` turns a spec into an SVG string to inline in a page. Marks link to
pages of the site (Vega-Lite's ``href`` channel); the SVG holds no other address
and names no font file, so the figure needs nothing from outside the site.
Dates are UTC everywhere, so the SVG is the same on every machine.

>>> spec = bars_spec(
...     [{"lane": "001|A", "start": "2020-01-01", "end": "2020-02-01", "point": False,
...       "colour": "x", "href": "#a", "label": "x", "side": "left", "text": "A"}],
...     title="Example", colours={"x": "#2b6cb0"}, x_domain=("2020-01-01", "2021-01-01"))
>>> svg = render(spec, "example")
>>> svg.startswith("<svg") and 'xlink:href="#a"' in svg
True
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import html
import json
import os
import re
import tempfile
from collections.abc import Iterator
from pathlib import Path

from mali_conflict_data.report.html import missing

__all__ = [
    "VEGA_LITE",
    "bars_spec",
    "figure_cache",
    "map_spec",
    "monthly_spec",
    "range_spec",
    "render",
    "strength_spec",
    "yearly_spec",
    "timeline_spec",
    "top",
    "unbounded",
    "upper",
]

VEGA_LITE = "5.21"  # the Vega-Lite version vl-convert renders with (pinned: same bytes)
# vl-convert resolves relative links against this base; the site's links are relative.
_LOADER_BASE = "https://vega.github.io/vega-datasets/"
# Liberation Sans (vl-convert measures text with it) or its metric twins Arimo and Arial,
# so labels take in the browser the room they were given; no font file is fetched.
_FONT = "Liberation Sans, Arimo, Arial, Helvetica, sans-serif"
# A vocabulary value in words: at_risk_of_displacement reads "at risk of displacement".
_WORDS = "replace(datum.label, /_/g, ' ')"
_CONFIG = {
    "font": _FONT,
    "view": {"stroke": "#ddd"},
    "axis": {"labelFontSize": 11, "titleFontSize": 11, "labelLimit": 230},
    "legend": {
        "labelFontSize": 11,
        "titleFontSize": 11,
        "labelLimit": 260,
        "orient": "top",
        "labelExpr": _WORDS,
    },
}


def unbounded(high) -> bool:
    """True when ``high`` states no upper bound (None, NaN or pd.NA); 0 is a bound.

    >>> unbounded(None), unbounded(float("nan")), unbounded(0)
    (True, True, False)
    """
    return missing(high)


def upper(high, ceiling: float):
    """The value a range is drawn up to: ``high``, or ``ceiling`` when it has none (0 is kept).

    >>> upper(0, 10.0), upper(None, 10.0)
    (0, 10.0)
    """
    return ceiling if unbounded(high) else high


def top(records: list[dict], floor: float = 1) -> float:
    """The largest ``high`` in ``records`` (``low`` where none is stated), at least ``floor``.

    >>> top([{"low": 0, "high": 0}, {"low": 3, "high": None}])
    3
    """
    return max([r["low"] if unbounded(r["high"]) else r["high"] for r in records] + [floor])


def render(spec: dict, name: str) -> str:
    """The SVG of a Vega-Lite ``spec``, its element ids prefixed with ``name``.

    Several figures can then share a page. Relative ``href`` links stay relative.

    >>> svg = render({"data": {"values": [{"x": 1}]}, "mark": "point",
    ...               "encoding": {"x": {"field": "x", "type": "quantitative"}}}, "f")
    >>> "http" in svg.replace("http://www.w3.org/", "")
    False
    """
    svg = _converted({"config": _CONFIG, **spec})
    svg = svg.replace(f'xlink:href="{_LOADER_BASE}', 'xlink:href="')
    # vl-convert numbers clip paths across calls (clip1, clip5...): number them afresh,
    # per figure, so the same build gives the same bytes and two figures never clash.
    ids = {
        old: f"{name}-{i}" for i, old in enumerate(dict.fromkeys(re.findall(r'id="([^"]+)"', svg)))
    }
    svg = re.sub(r'id="([^"]+)"', lambda m: f'id="{ids[m.group(1)]}"', svg)
    svg = re.sub(r"url\(#([^)]+)\)", lambda m: f"url(#{ids.get(m.group(1), m.group(1))})", svg)
    # A layer with nothing to draw leaves an empty container announced as a graphic;
    # with no marks there is nothing to name: drop its role (screen readers skip it).
    svg = re.sub(
        r'(<g class="[^"]*role-mark[^"]*") role="graphics-(?:object|symbol)" '
        r'aria-roledescription="[^"]*"/>',
        r"\1/>",
        svg,
    )
    # Each described mark shows its description on hover too (a native tooltip).
    svg = re.sub(
        r'<path aria-label="([^"]*)"([^>]*)/>',
        r'<path aria-label="\1"\2><title>\1</title></path>',
        svg,
    )
    if _LOADER_BASE in svg:  # pragma: no cover - a vl-convert release changed the base
        raise RuntimeError(f"vl-convert wrote a link under {_LOADER_BASE}: figure {name}")
    if spec.get("description"):  # the figure's name, read out and shown on hover
        head = svg.index(">") + 1
        svg = f"{svg[:head]}<title>{html.escape(spec['description'])}</title>{svg[head:]}"
    # The first rect is a white background of the fixed size; the page scales the SVG.
    return svg


#: The folder holding rendered figures while :func:`figure_cache` is active (else None).
_cache_folder: Path | None = None
#: The entries used within the active :func:`figure_cache` block.
_cache_used: set[str] = set()
#: Bump when what a cache entry holds, or how it is keyed, changes.
_CACHE_FORMAT = "figure-cache-1"
#: Where fontdb (vl-convert's text measuring) looks for system fonts.
_FONT_DIRS = ("/usr/share/fonts", "/usr/local/share/fonts", "~/.fonts", "~/.local/share/fonts")


@contextlib.contextmanager
def figure_cache(folder: str | os.PathLike | None) -> Iterator[None]:
    """Within the block, :func:`render` reuses vl-convert renders kept in ``folder``.

    An entry is named by the SHA-256 of the whole spec (as JSON, the shared config
    included), the vl-convert and Vega-Lite versions, the local time zone and the
    system fonts vl-convert measures text with, so a changed input is never served a
    stale figure. An entry that does not read back whole is rendered again; a folder
    that cannot be written only means nothing is kept. ``None`` turns caching off.
    Leaving the block removes the entries it did not use (older figures).

    >>> import tempfile
    >>> spec = {"data": {"values": [{"x": 1}]}, "mark": "point",
    ...         "encoding": {"x": {"field": "x", "type": "quantitative"}}}
    >>> with tempfile.TemporaryDirectory() as folder, figure_cache(folder):
    ...     render(spec, "f") == render(spec, "f") and len(os.listdir(folder))
    1
    """
    global _cache_folder, _cache_used
    previous = _cache_folder, _cache_used
    _cache_folder, _cache_used = (Path(folder) if folder is not None else None), set()
    try:
        yield
        if _cache_folder is not None:  # keep only the renders this report used
            with contextlib.suppress(OSError):
                for old in _cache_folder.glob("*.json"):
                    if old.name not in _cache_used:
                        old.unlink(missing_ok=True)
    finally:
        _cache_folder, _cache_used = previous


@functools.cache
def _render_context() -> str:
    """What, besides the spec, changes vl-convert's output: versions, time zone, fonts."""
    import vl_convert

    digest = hashlib.sha256()
    for folder in _FONT_DIRS:
        base = Path(folder).expanduser()
        if not base.is_dir():
            continue
        for path in sorted(base.rglob("*")):
            with contextlib.suppress(OSError):
                stat = path.stat()
                digest.update(f"{path}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    parts = (_CACHE_FORMAT, vl_convert.__version__, VEGA_LITE, str(vl_convert.get_local_tz()))
    return "\0".join((*parts, digest.hexdigest()))


def _vl_convert(full: dict) -> str:
    import vl_convert

    return vl_convert.vegalite_to_svg(full, vl_version=VEGA_LITE, show_warnings=False)


def _converted(full: dict) -> str:
    """vl-convert's SVG of ``full``, from the figure cache when it holds this very render."""
    folder = _cache_folder
    if folder is None:
        return _vl_convert(full)
    try:
        text = json.dumps(full, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    except (TypeError, ValueError):  # not plain JSON: render it, keep nothing
        return _vl_convert(full)
    key = hashlib.sha256(f"{_render_context()}\0{text}".encode()).hexdigest()
    path = folder / f"{key}.json"
    _cache_used.add(path.name)
    try:
        stored = json.loads(path.read_text(encoding="utf-8"))
        svg = stored["svg"]
        if (
            stored["key"] == key
            and isinstance(svg, str)
            and hashlib.sha256(svg.encode()).hexdigest() == stored["sha256"]
        ):
            return svg
    except (OSError, ValueError, KeyError, TypeError):
        pass  # absent, unreadable or damaged: render again
    svg = _vl_convert(full)
    _store(path, {"key": key, "sha256": hashlib.sha256(svg.encode()).hexdigest(), "svg": svg})
    return svg


def _store(path: Path, entry: dict) -> None:
    """Write a cache entry whole, then move it into place; nothing if it cannot be written."""
    temporary = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(
            "w", dir=path.parent, suffix=".tmp", delete=False, encoding="utf-8"
        ) as out:
            temporary = out.name
            json.dump(entry, out)
        os.replace(temporary, path)
    except OSError:
        if temporary is not None:
            with contextlib.suppress(OSError):
                os.unlink(temporary)


def _x_time(domain: tuple[str, str], orient: str = "top", grid: bool = True) -> dict:
    """A UTC time axis over ``domain``: years, or months when it spans under two years."""
    first, last = (int(d[:4]) * 12 + int(d[5:7]) for d in domain)
    months = last - first
    if months < 24:
        ticks = {"interval": "month", "step": 1 if months <= 8 else 2 if months <= 16 else 3}
        label = "%b %Y"
    else:
        years = months // 12
        step = 1 if years <= 10 else 2 if years <= 20 else 5 if years <= 50 else 10
        ticks, label = {"interval": "year", "step": step}, "%Y"
    return {
        "field": "start",
        "type": "temporal",
        "title": None,
        "scale": {"type": "utc", "domain": list(domain)},
        "axis": {
            "format": label,
            "orient": orient,
            "grid": grid,
            "tickCount": ticks,
            "labelFlush": True,
            "labelOverlap": True,
        },
    }


def _lanes(title: str | None) -> dict:
    return {
        "field": "lane",
        "type": "ordinal",
        "title": title,
        "sort": "ascending",
        "axis": {"labelExpr": "split(datum.label, '|')[1]", "labelLimit": 300},
    }


def bars_spec(
    records: list[dict],
    title: str,
    colours: dict[str, str],
    x_domain: tuple[str, str],
    colour_title: str = "status",
    width: int = 460,
    row_height: int = 30,
    lane_title: str | None = None,
) -> dict:
    """A lane chart: one lane per record, an interval (or a point) and a label beside it.

    Each record has ``lane`` (``"NNN|label"``: sorted by NNN, shown as label),
    ``start`` and ``end`` (ISO dates), ``point`` (draw a point, not an interval),
    ``colour`` (a key of ``colours``), ``href``, ``label`` (the mark's text
    alternative), ``text`` (shown beside the mark) and ``side`` (``"left"`` puts
    the text after the mark, ``"right"`` before it, ``"inside"`` on it). Optional
    ``dashed`` draws an interval dashed (open-ended); optional ``anchor`` (an ISO
    date) is where text put before the mark ends (default: ``start``).

    >>> spec = bars_spec([], "t", {"a": "#000"}, ("2020-01-01", "2021-01-01"))
    >>> [layer["mark"]["type"] for layer in spec["layer"]]
    ['bar', 'rule', 'tick', 'point', 'text', 'text', 'text']
    """
    lanes = sorted({r["lane"] for r in records})
    records = [{**r, "anchor": r.get("anchor") or r["start"]} for r in records]
    colour = {
        "field": "colour",
        "type": "nominal",
        "title": colour_title,
        "scale": {"domain": list(colours), "range": list(colours.values())},
        "legend": {"labelExpr": _WORDS},
    }
    common = {
        "y": _lanes(lane_title),
        "href": {"field": "href", "type": "nominal"},
        "description": {"field": "label", "type": "nominal"},
    }
    intervals = {"filter": "!datum.point"}
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "description": title,
        "width": width,
        "height": {"step": row_height},
        "data": {"values": records},
        "encoding": {"x": _x_time(x_domain)},
        "layer": [
            {
                "transform": [intervals],
                "mark": {"type": "bar", "height": 12, "opacity": 0.75},
                "encoding": {
                    **common,
                    "x2": {"field": "end"},
                    "color": colour,
                },
            },
            # An open-ended interval is crossed by a dashed line.
            {
                "transform": [{"filter": "datum.dashed === true"}],
                "mark": {"type": "rule", "strokeDash": [4, 3], "strokeWidth": 1.5, "color": "#444"},
                "encoding": {
                    **common,
                    "x": {**_x_time(x_domain), "axis": None},
                    "x2": {"field": "end"},
                },
            },
            # The year axis again at the bottom: a tall chart is read from both ends.
            {
                "mark": {"type": "tick", "opacity": 0},
                "encoding": {"x": _x_time(x_domain, "bottom", grid=False)},
            },
            {
                "transform": [{"filter": "datum.point"}],
                "mark": {"type": "point", "filled": True, "size": 90, "opacity": 0.9},
                "encoding": {
                    **common,
                    "x": {**_x_time(x_domain), "axis": None},
                    "color": colour,
                },
            },
            *(
                {
                    "transform": [{"filter": f"datum.side == '{side}'"}],
                    "mark": {
                        "type": "text",
                        "align": "right" if side == "right" else "left",
                        "dx": -6 if side == "right" else 6,
                        "fontSize": 11,
                        "color": "#111",
                        **({"fontWeight": "bold"} if side == "inside" else {}),
                    },
                    "encoding": {
                        "x": {
                            "field": "end" if side == "left" else "anchor",
                            "type": "temporal",
                            "axis": None,
                        },
                        "y": common["y"],
                        "text": {"field": "text", "type": "nominal"},
                        "href": common["href"],
                        "description": common["description"],
                    },
                }
                for side in ("left", "right", "inside")
            ),
        ],
        "resolve": {"scale": {"color": "shared"}},
        "usermeta": {"lanes": len(lanes)},
    }


_SHAPES = ["circle", "square", "triangle-up", "triangle-down"]


def strength_spec(
    records: list[dict],
    title: str,
    colours: dict[str, str],
    kinds: list[str],
    x_domain: tuple[str, str],
    width: int = 760,
) -> dict:
    """People over time, one panel per force, each with its own axis of people.

    Records have ``force``, ``start``, ``end`` (ISO dates), ``low`` and ``high``
    (people; equal for a stated number), ``status`` (a key of ``colours``),
    ``kind`` (one of ``kinds``: drawn as a shape at the start), ``href``, ``label``.
    A figure is a bar over its period at its number, a range a band from low to high.

    >>> spec = strength_spec([], "t", {"deployed": "#000"}, ["number stated"],
    ...                      ("2020-01-01", "2021-01-01"))
    >>> spec["resolve"]
    {'scale': {'y': 'independent'}}
    """
    colour = {
        "field": "status",
        "type": "nominal",
        "title": "status",
        "scale": {"domain": list(colours), "range": list(colours.values())},
        "legend": {"labelExpr": _WORDS},
    }
    x = {**_x_time(x_domain, "bottom"), "title": None}
    common = {
        "href": {"field": "href", "type": "nominal"},
        "description": {"field": "label", "type": "nominal"},
    }
    y = {
        "field": "low",
        "type": "quantitative",
        "title": "people",
        "scale": {"zero": True, "nice": True},
        "axis": {"format": ",d", "tickCount": 3, "grid": True},
    }
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "description": title,
        "data": {"values": records},
        "facet": {"row": _row_facet("force", labelLimit=400)},
        "spacing": 14,
        "spec": {
            "width": width,
            "height": 70,
            "layer": [
                {
                    "transform": [{"filter": "datum.high > datum.low"}],
                    "mark": {"type": "rect", "opacity": 0.35},
                    "encoding": {
                        "x": x,
                        "x2": {"field": "end"},
                        "y": y,
                        "y2": {"field": "high"},
                        "color": colour,
                        **common,
                    },
                },
                {
                    "mark": {"type": "rule", "strokeWidth": 4},
                    "encoding": {
                        "x": x,
                        "x2": {"field": "end"},
                        "y": y,
                        "color": colour,
                        **common,
                    },
                },
                {
                    "mark": {"type": "point", "filled": True, "size": 70, "opacity": 1},
                    "encoding": {
                        "x": x,
                        "y": y,
                        "color": colour,
                        "shape": {
                            "field": "kind",
                            "type": "nominal",
                            "title": "figure",
                            "scale": {"domain": kinds, "range": _SHAPES[: len(kinds)]},
                        },
                        **common,
                    },
                },
            ],
        },
        "resolve": {"scale": {"y": "independent"}},
    }


def yearly_spec(records: list[dict], title: str, width: int = 520) -> dict:
    """A range per year: a bar from 0 to ``low``, a lighter one on to ``high``.

    Records have ``year`` (text), ``low``, ``high`` (None: no upper bound, drawn
    as an open dashed line up the chart), ``text`` (the range in words, over the
    bar), ``href``, ``label``.

    >>> yearly_spec([], "t")["layer"][0]["mark"]["type"]
    'bar'
    """
    records, y, link = _ranges(records)
    x = {"field": "year", "type": "ordinal", "title": None, "axis": {"labelAngle": 0}}
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "description": title,
        "width": width,
        "height": 180,
        "data": {"values": records},
        "layer": [
            {
                "mark": {"type": "bar", "color": "#CC3311"},
                "encoding": {"x": x, "y": y, **link},
            },
            {
                "mark": {"type": "bar", "color": "#CC3311", "opacity": 0.3},
                "transform": [{"filter": "!datum.open"}],
                "encoding": {"x": x, "y": y, "y2": {"field": "up"}, **link},
            },
            {
                "mark": {"type": "rule", "color": "#CC3311", "strokeDash": [4, 3], "size": 2},
                "transform": [{"filter": "datum.open"}],
                "encoding": {"x": x, "y": y, "y2": {"field": "up"}, **link},
            },
            {
                "mark": {"type": "text", "dy": -8, "fontSize": 11, "color": "#111"},
                "encoding": {
                    "x": x,
                    "y": {**y, "field": "up"},
                    "text": {"field": "text", "type": "nominal"},
                },
            },
        ],
    }


def _row_facet(field: str, **header) -> dict:
    """One panel per value of ``field``, its name bold at the panel's top left.

    >>> _row_facet("country")["header"]["labelOrient"]
    'top'
    """
    return {
        "field": field,
        "type": "nominal",
        "title": None,
        "header": {
            "labelAngle": 0,
            "labelOrient": "top",
            "labelAlign": "left",
            "labelAnchor": "start",
            "labelFontSize": 12,
            "labelFontWeight": "bold",
            **header,
        },
    }


def _ranges(records: list[dict]) -> tuple[list[dict], dict, dict]:
    """Range records with ``open`` and their drawn top ``up``; the people axis; the links.

    ``open`` marks a record with no upper bound. A bounded record is drawn up to its
    ``high`` (0 included); an open one up the chart.

    >>> rows, y, _ = _ranges([
    ...     {"low": 0, "high": 0}, {"low": 2, "high": None}, {"low": 3, "high": 4}])
    >>> [(r["open"], r["up"]) for r in rows], y["scale"]["domain"]
    ([(False, 0), (True, 5.0), (False, 4)], [0, 5.5])
    """
    ceiling = top(records) * 1.25
    records = [
        {**r, "open": unbounded(r["high"]), "up": upper(r["high"], ceiling)} for r in records
    ]
    y = {
        "field": "low",
        "type": "quantitative",
        "title": "people killed",
        "scale": {"domain": [0, ceiling * 1.1], "nice": False},
        "axis": {"format": ",d", "tickCount": 4},
    }
    link = {
        "href": {"field": "href", "type": "nominal"},
        "description": {"field": "label", "type": "nominal"},
    }
    return records, y, link


def monthly_spec(
    records: list[dict], title: str, colour: str, x_domain: tuple[str, str], width: int = 620
) -> dict:
    """A range per month, one panel per country: a bar to ``low``, lighter on to ``high``.

    Records have ``country`` (the panel), ``start`` and ``end`` (the first day of
    the month and of the next, ISO), ``mid`` (the middle of the month), ``low``,
    ``best`` (None: no best figure stated, no tick drawn), ``high`` (None: no
    upper bound, drawn as an open dashed line up the chart, never as a bounded
    band), ``href`` and ``label``. Only months with a figure are given: a month
    that is not in ``records`` is not drawn (it is not 0).

    >>> spec = monthly_spec([], "t", "#CC3311", ("2020-01-01", "2021-01-01"))
    >>> [layer["name"] for layer in spec["spec"]["layer"]]
    ['low', 'band', 'open', 'best']
    """
    records, y, link = _ranges(records)
    x = {**_x_time(x_domain, "bottom"), "title": None}
    mid = {**x, "field": "mid"}
    zero = {"datum": 0}
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "description": title,
        "data": {"values": records},
        "facet": {"row": _row_facet("country")},
        "spacing": 14,
        "spec": {
            "width": width,
            "height": 150,
            "layer": [
                {
                    "name": "low",
                    "mark": {"type": "bar", "color": colour},
                    "encoding": {"x": x, "x2": {"field": "end"}, "y": y, "y2": zero, **link},
                },
                {
                    "name": "band",
                    "mark": {"type": "bar", "color": colour, "opacity": 0.3},
                    "transform": [{"filter": "!datum.open"}],
                    "encoding": {
                        "x": x,
                        "x2": {"field": "end"},
                        "y": y,
                        "y2": {"field": "up"},
                        **link,
                    },
                },
                {
                    "name": "open",
                    "mark": {"type": "rule", "color": colour, "strokeDash": [4, 3], "size": 2},
                    "transform": [{"filter": "datum.open"}],
                    "encoding": {"x": mid, "y": y, "y2": {"field": "up"}, **link},
                },
                {
                    "name": "best",
                    "mark": {"type": "tick", "color": "#111", "thickness": 2, "size": 10},
                    "transform": [{"filter": "datum.best != null"}],
                    "encoding": {"x": mid, "y": {**y, "field": "best"}, **link},
                },
            ],
        },
        "resolve": {"scale": {"y": "shared"}},
    }


def range_spec(records: list[dict], title: str, colours: dict[str, str], x_max: int) -> dict:
    """Ranges of numbers on a log-like axis: one rule per record from ``low`` to ``high``.

    Records have ``lane``, ``low``, ``high`` (``x_max`` when open-ended, then
    ``open`` is true and the rule is dashed), ``colour``, ``href``, ``label``.

    >>> range_spec([], "t", {"killed": "#000"}, 10)["layer"][0]["mark"]
    {'type': 'rule', 'strokeWidth': 3}
    """
    encoding = {
        "y": {**_lanes(None), "axis": None},
        "yOffset": {"field": "colour", "type": "nominal"},
        "x": {
            "field": "low",
            "type": "quantitative",
            "title": "people (low to high across sources)",
            "scale": {"type": "symlog", "domain": [0, x_max], "nice": False},
            "axis": {
                "orient": "top",
                "grid": True,
                "values": _ticks(x_max),
                # 1k, 10k, 1M: short labels that never run together
                "labelExpr": "datum.value >= 1e6 ? format(datum.value / 1e6, 'd') + 'M' : "
                "datum.value >= 1e3 ? format(datum.value / 1e3, 'd') + 'k' : "
                "format(datum.value, 'd')",
                "labelFlush": True,
            },
        },
        "color": {
            "field": "colour",
            "type": "nominal",
            "title": "outcome",
            "legend": {"orient": "right", "columns": 1, "symbolLimit": 0, "labelExpr": _WORDS},
            "scale": {"domain": list(colours), "range": list(colours.values())},
        },
        "href": {"field": "href", "type": "nominal"},
        "description": {"field": "label", "type": "nominal"},
    }
    return {
        "width": 200,
        "data": {"values": records},
        "description": title,
        "encoding": encoding,
        "layer": [
            {
                "mark": {"type": "rule", "strokeWidth": 3},
                "encoding": {
                    "x2": {"field": "high"},
                    "strokeDash": {
                        "condition": {"test": "datum.open", "value": [3, 2]},
                        "value": [1, 0],
                    },
                },
            },
            # A tick at each stated end, so a single number (low = high) shows too.
            {"mark": {"type": "tick", "orient": "vertical", "size": 9, "thickness": 2}},
            {
                "transform": [{"filter": "!datum.open"}],
                "mark": {"type": "tick", "orient": "vertical", "size": 9, "thickness": 2},
                "encoding": {"x": {"field": "high", "type": "quantitative"}},
            },
        ],
    }


def _ticks(x_max: int) -> list[int]:
    ticks, step = [0], 10
    while step <= x_max:
        ticks.append(step)
        step *= 10
    return ticks


def timeline_spec(
    rows: list[dict],
    ranges: list[dict],
    x_domain: tuple[str, str],
    colours: dict,
    outcomes: dict,
    x_max: int,
) -> dict:
    """The timeline: one lane per event (its date interval), its casualty ranges beside it.

    ``rows`` are :func:`bars_spec` records, ``ranges`` :func:`range_spec` records
    on the same lanes; the ranges' lanes share the events' vertical axis.

    >>> timeline_spec([], [], ("2012-01-01", "2013-01-01"), {}, {}, 10)["resolve"]
    {'scale': {'y': 'shared', 'color': 'independent'}, 'legend': {'color': 'independent'}}
    """
    left = bars_spec(rows, "Events over time", colours, x_domain, "date precision", 330, 18)
    del left["$schema"]
    charts = [left]
    if ranges:
        right = range_spec(ranges, "Casualty ranges", outcomes, x_max)
        right["height"] = {"step": 18, "for": "position"}
        charts.append(right)
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "description": "Events over time, with the casualty range of each",
        "hconcat": charts,
        "spacing": 12,
        "resolve": {
            "scale": {"y": "shared", "color": "independent"},
            "legend": {"color": "independent"},
        },
    }


def map_spec(
    shapes: dict,
    points: list[dict],
    areas: list[dict],
    labels: list[dict],
    projection: dict,
    width: int,
    height: int,
) -> dict:
    """A map: country outlines (GeoJSON ``shapes``), events at places, areas, labels.

    ``points`` have ``longitude``, ``latitude``, ``killed`` (None: no figure, drawn
    as a ring, never as 0), ``href``, ``label``; ``areas`` (events located only to
    a region or country, drawn as squares at its centre) have ``longitude``,
    ``latitude``, ``href``, ``label``; ``labels`` are placed text
    (``longitude``, ``latitude``, ``text``, ``align``, from :func:`geo.labels`).

    >>> empty = {"type": "FeatureCollection", "features": []}
    >>> map_spec(empty, [], [], [], {"type": "equirectangular"}, 700, 440)["projection"]["type"]
    'equirectangular'
    """
    where = {
        "longitude": {"field": "longitude", "type": "quantitative"},
        "latitude": {"field": "latitude", "type": "quantitative"},
    }
    link = {
        "href": {"field": "href", "type": "nominal"},
        "description": {"field": "label", "type": "nominal"},
    }
    with_figure = [p for p in points if p["killed"] is not None]
    without = [p for p in points if p["killed"] is None]
    top = max([p["killed"] for p in with_figure] + [1])
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "description": "Map of Mali and its neighbours with the located events",
        "width": width,
        "height": height,
        "projection": projection,
        "layer": [
            {
                "data": {"values": shapes, "format": {"type": "json", "property": "features"}},
                "mark": {"type": "geoshape", "stroke": "#888", "strokeWidth": 0.8},
                "encoding": {
                    "color": {
                        "condition": {
                            "test": "datum.properties.name == 'Mali'",
                            "value": "#f2efe6",
                        },
                        "value": "#fafafa",
                    },
                    "description": {"field": "properties.name", "type": "nominal"},
                },
            },
            {
                "data": {"values": areas},
                "mark": {
                    "type": "square",
                    "size": 120,
                    "filled": False,
                    "strokeWidth": 2,
                    "color": "#555",
                    "strokeDash": [3, 2],
                },
                "encoding": {**where, **link},
            },
            {
                "data": {"values": without},
                "mark": {
                    "type": "circle",
                    "size": 60,
                    "filled": False,
                    "strokeWidth": 2,
                    "color": "#333",
                },
                "encoding": {**where, **link},
            },
            {
                "data": {"values": with_figure},
                "mark": {"type": "circle", "stroke": "#333", "color": "#CC3311", "opacity": 0.7},
                "encoding": {
                    **where,
                    **link,
                    "size": {
                        "field": "killed",
                        "type": "quantitative",
                        "title": "killed (lowest count any article gives)",
                        "scale": {"type": "sqrt", "domain": [0, top], "range": [0, 900]},
                        "legend": {"values": sorted({1, 10, top} - {0}), "titleLimit": 400},
                    },
                },
            },
            *(
                {
                    "data": {"values": [r for r in labels if r["align"] == align]},
                    "mark": {
                        "type": "text",
                        "align": align,
                        "baseline": "middle",
                        "fontSize": 11,
                        "color": "#222",
                    },
                    "encoding": {**where, "text": {"field": "text", "type": "nominal"}},
                }
                for align in ("left", "right", "center")
            ),
        ],
    }
