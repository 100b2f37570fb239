"""The lowest layer of the report: escaping, the page frame, tables and quote links.

Nothing here knows about figures or pages; every other report module builds on it.
Pages are plain HTML with inline CSS: nothing is fetched from outside the site.

>>> cell(["a", "b & c"])
'a, b &amp; c'
"""

from __future__ import annotations

import html
import re
import urllib.parse
from collections.abc import Iterable, Sequence

import pandas as pd

from mali_conflict_data import __version__, model
from mali_conflict_data._figures import words as figure_words
from mali_conflict_data._fragments import directive

__all__ = [
    "beside",
    "cell",
    "frame_table",
    "missing",
    "number",
    "page",
    "prose",
    "quote_link",
    "safe_url",
    "source_link",
    "table",
    "text_fragment",
    "when",
]

CSS = """
body{font-family:system-ui,sans-serif;max-width:64rem;margin:0 auto;padding:0 .8rem;
line-height:1.45;color:#222;overflow-wrap:break-word}
nav{display:flex;flex-wrap:wrap;gap:.2rem .9rem;padding:.5rem 0;border-bottom:1px solid #ddd}
table{border-collapse:collapse;width:100%;font-size:.9rem}
td,th{border:1px solid #ccc;padding:.25rem .4rem;vertical-align:top;text-align:left}
th{background:#f4f4f4}.scroll{overflow-x:auto}
blockquote{margin:.3rem 0;padding-left:.6rem;border-left:3px solid #888}
figure{margin:1rem 0;overflow-x:auto}figure svg{max-width:100%;height:auto;display:block}
figcaption{font-size:.9rem;color:#444}.disagree{background:#fff3cd}
pre{white-space:pre-wrap;background:#f6f6f6;padding:.5rem;font-size:.85rem}
code.sha{word-break:break-all}.claims{display:grid;grid-template-columns:1fr 1fr;gap:.8rem}
.claim{border:1px solid #ddd;padding:.4rem .6rem}
.sideways{display:none}
@media (max-width:40rem){.claims{grid-template-columns:1fr}
figure svg{max-width:none;width:auto}.sideways{display:inline}
figcaption{position:sticky;left:0;max-width:calc(100vw - 1.6rem)}
.stack table,.stack tbody,.stack tr,.stack td{display:block;width:auto}
.stack tr:first-child{display:none}.stack tr{border-bottom:2px solid #999;margin-bottom:.4rem}
.stack td{border:0;border-bottom:1px solid #eee}.stack td:empty{display:none}
.stack td[data-label]::before{content:attr(data-label) ": ";font-weight:600}}
"""
NAV = [
    ("index.html", "Overview"),
    ("timeline.html", "Timeline"),
    ("deployments.html", "Deployments"),
    ("sanctions.html", "Sanctions"),
    ("map.html", "Map"),
    ("disagreements.html", "Disagreements"),
    ("actors.html", "Actors"),
]


def safe_url(url) -> str | None:
    r"""``url`` if it is an http(s) address with a host to link to, else None.

    Every address from the data passes here before it becomes a link: a
    ``javascript:``, ``data:`` or ``vbscript:`` address (in any case, with tabs or
    line breaks inside) is never written into a page.

    >>> safe_url("https://example.org/a?b=1#c")
    'https://example.org/a?b=1#c'
    >>> safe_url("JaVa\tScRiPt:alert(1)") is None, safe_url("data:text/html,x") is None
    (True, True)
    """
    if missing(url) or not isinstance(url, str):
        return None
    if any(ord(c) <= 32 or 127 <= ord(c) <= 159 for c in url):
        return None
    try:
        parts = urllib.parse.urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    return url


def text_fragment(url: str, quote: str, prefix=None, suffix=None) -> str:
    """The article address with a ``#:~:text=`` fragment that highlights ``quote``.

    A ``prefix`` and ``suffix`` (the words just before and after the quote, for a
    quote that occurs more than once) become ``text=prefix-,quote,-suffix``.

    >>> text_fragment("https://example.org/a", "more than 13,000 - troops & police")
    'https://example.org/a#:~:text=more%20than%2013%2C000%20%2D%20troops%20%26%20police'
    >>> text_fragment("https://example.org/a", "the UN", prefix="For its part,", suffix="will")
    'https://example.org/a#:~:text=For%20its%20part%2C-,the%20UN,-will'
    """
    return f"{url.split('#')[0]}#:~:{directive(quote, prefix, suffix)}"


def missing(value) -> bool:
    """True for None, NaN, NaT and pd.NA (a list is never missing).

    >>> missing(pd.NA), missing([]), missing("x")
    (True, False, False)
    """
    if value is None or isinstance(value, list | tuple):
        return value is None
    return bool(pd.isna(value))


def cell(value) -> str:
    """A value as escaped HTML text: lists joined by commas, dates as days, missing as ''.

    >>> cell(pd.Timestamp("2020-08-18")), cell(None), cell("<b>")
    ('2020-08-18', '', '&lt;b&gt;')
    """
    if missing(value):
        return ""
    if isinstance(value, list | tuple):
        return html.escape(", ".join(str(v) for v in value))
    if isinstance(value, pd.Timestamp):  # datetime64 dates read as days
        return html.escape(str(value.date()))
    return html.escape(str(value))


def page(title: str, body: str, depth: int = 0) -> str:
    """A whole HTML page: navigation, ``title`` as heading, ``body`` (HTML), footer.

    ``depth`` is how many folders below the site root the page sits.

    >>> "<h1>Timeline</h1>" in page("Timeline", "<p>x</p>")
    True
    """
    up = "../" * depth
    nav = "".join(f'<a href="{up}{href}">{label}</a>' for href, label in NAV)
    return (
        '<!doctype html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width,initial-scale=1">'
        f"<title>{html.escape(title)} · Mali conflict data</title>"
        f'<link rel="icon" href="data:,"><style>{CSS}</style></head><body>'
        f"<nav>{nav}</nav><main><h1>{html.escape(title)}</h1>{body}</main>"
        f"<footer><p>mali-conflict-data {__version__}</p></footer></body></html>\n"
    )


def table(
    rows: Iterable[Sequence[str]],
    header: Sequence[str],
    row_ids: Sequence[str] | None = None,
    stack: bool = False,
) -> str:
    """An HTML table of already-escaped cells.

    ``stack`` lays a wide table's rows out as cards on phones (each cell named by
    its column), so that nothing needs scrolling sideways.

    >>> table([["1", "a"]], ["n", "letter"], row_ids=["r1"])  # doctest: +ELLIPSIS
    '<div class="scroll" tabindex="0"><table><tr><th>n</th><th>letter</th></tr><tr id="r1">...'
    """
    head = "".join(f"<th>{html.escape(h)}</th>" for h in header)
    body = []
    for i, row in enumerate(rows):
        anchor = f' id="{html.escape(row_ids[i])}"' if row_ids else ""
        cells = "".join(
            f'<td data-label="{html.escape(h)}">{c}</td>' for h, c in zip(header, row, strict=True)
        )
        body.append(f"<tr{anchor}>{cells}</tr>")
    kind = "scroll stack" if stack else "scroll"
    # Focusable, so that a keyboard can scroll a table wider than the screen.
    return f'<div class="{kind}" tabindex="0"><table><tr>{head}</tr>{"".join(body)}</table></div>'


def frame_table(frame: pd.DataFrame, columns: list[str], stack: bool = False) -> str:
    """An HTML table of some columns of a DataFrame (missing columns are left out).

    >>> frame_table(pd.DataFrame({"a": [1]}), ["a", "b"])  # doctest: +ELLIPSIS
    '<div class="scroll" tabindex="0"><table><tr><th>a</th></tr><tr><td data-label="a">1</td>...'
    """
    columns = [c for c in columns if c in frame.columns]
    rows = [[cell(v) for v in values] for values in frame[columns].itertuples(index=False)]
    return table(rows, columns, stack=stack)


def source_link(source_id, depth: int) -> str:
    """A link to the page of a source.

    >>> source_link("fp-2020-08-21", 1)
    '<a class="source" href="../sources/fp-2020-08-21.html">fp-2020-08-21</a>'
    """
    if missing(source_id):
        return ""
    up = "../" * depth
    return f'<a class="source" href="{up}sources/{cell(source_id)}.html">{cell(source_id)}</a>'


def beside(row) -> dict:
    """A row's ``quote_prefix`` and ``quote_suffix`` as ``quote_link``'s keywords.

    >>> beside(pd.Series({"quote": "the UN", "quote_prefix": "part,", "quote_suffix": None}))
    {'prefix': 'part,', 'suffix': None}
    """
    found = {side: row.get(f"quote_{side}") for side in ("prefix", "suffix")}
    return {side: None if missing(words) else words for side, words in found.items()}


def quote_link(
    sources: pd.DataFrame,
    source_id,
    quote,
    depth: int,
    with_source: bool = True,
    *,
    prefix=None,
    suffix=None,
) -> str:
    """A quote linked to its article (text fragment), then a link to its source's page.

    ``sources`` is the sources table indexed by ``source_id``; ``with_source=False``
    leaves out the link to the source's page (where the source is named already);
    ``prefix`` and ``suffix`` (a row's ``quote_prefix`` / ``quote_suffix``) go into
    the fragment, so that it finds the right occurrence.

    >>> sources = pd.DataFrame({"url": ["https://example.org/a"]}, index=["s1"])
    >>> quote_link(sources, "s1", "four dead", 0)  # doctest: +ELLIPSIS
    '<blockquote><a class="quote" href="https://example.org/a#:~:text=four%20dead">four dead...'
    """
    if missing(source_id) or missing(quote):
        return ""
    url = safe_url(sources.loc[source_id, "url"]) if source_id in sources.index else None
    src = source_link(source_id, depth) if with_source else ""
    if missing(url):
        return f"<blockquote>{cell(quote)}</blockquote>{src}"
    return (
        f'<blockquote><a class="quote" href="{cell(text_fragment(url, quote, prefix, suffix))}">'
        f"{cell(quote)}</a></blockquote>{src}"
    )


def number(low, best, high, qualifier=None) -> str:
    """A coded figure as a short label that keeps bounds as bounds.

    "more than fifteen thousand" (coded low 15001) reads ``> 15,000``: a lower
    bound, not a count.

    >>> number(15001, None, None, "more_than"), number(None, 1500, None, "approximately")
    ('> 15,000', '≈ 1,500')
    >>> number(20, None, 30, "range"), number(15, None, None, "at_least"), number(4, 4, 4)
    ('20–30', '≥ 15', '4')
    >>> number(None, None, 3000, "at_most")
    '≤ 3,000'
    """
    return figure_words(low, best, high, qualifier, symbols=True)


def when(start, end, precision) -> str:
    """A date interval as precise as it is known: a day, a month, a year, or from–to.

    >>> when(pd.Timestamp("2020-08-01"), pd.Timestamp("2020-08-31"), "month")
    '2020-08'
    >>> when(pd.Timestamp("2014-07-01"), pd.Timestamp("2020-10-31"), "range")
    '2014-07-01 to 2020-10-31'
    """
    if missing(start):
        return "undated"
    first = pd.Timestamp(start).date().isoformat()
    last = first if missing(end) else pd.Timestamp(end).date().isoformat()
    shown = None if missing(precision) else model.DATE_SHOWN.get(str(precision))
    if first == last:
        return first
    if shown is not None:
        return first[:shown]
    return f"{first} to {last}"


def prose(text) -> str:
    """Escaped text with its Markdown ``code`` spans as ``<code>`` (the descriptions use them).

    >>> prose("linked in `event_reports` & more")
    'linked in <code>event_reports</code> &amp; more'
    """
    return re.sub(r"`([^`]+)`", r"<code>\1</code>", cell(text))
