"""A static, offline report site built from a published build folder.

``write_site(folder, out)`` (or ``mali-conflict-data report --out DIR``) writes
plain HTML pages with inline CSS and inline SVG figures: nothing is fetched from
outside the site, so it works opened from disk and on GitHub Pages.

The modules, from the bottom layer up (a module imports only those above it):

- :mod:`.html`: escaping, the page frame, tables, quote links with text fragments;
- :mod:`.figures`: Vega-Lite specs rendered to SVG with vl-convert;
- :mod:`.geo`: the country outlines and how each event is placed on the map;
- :mod:`.pages`: one function per page, from the published tables;
- :mod:`.site`: reads a build and writes every page.

Importing this package imports none of them; the report's dependencies
(vl-convert) load only when a figure is drawn.

>>> text_fragment("https://example.org/a", "four dead")
'https://example.org/a#:~:text=four%20dead'
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["text_fragment", "write_site"]


def text_fragment(url: str, quote: str, prefix=None, suffix=None) -> str:
    """The article address with a ``#:~:text=`` fragment that highlights ``quote``.

    ``prefix`` and ``suffix``, the words just before and after a quote that occurs
    more than once, make it ``text=prefix-,quote,-suffix``.

    >>> text_fragment("https://example.org/a", "more than 13,000 - troops")
    'https://example.org/a#:~:text=more%20than%2013%2C000%20%2D%20troops'
    >>> text_fragment("https://example.org/a", "four dead", "left", "and")
    'https://example.org/a#:~:text=left-,four%20dead,-and'
    """
    from mali_conflict_data.report.html import text_fragment as fragment

    return fragment(url, quote, prefix, suffix)


def write_site(
    folder: str | Path, out: str | Path, coverage: str | Path | None = None
) -> list[str]:
    """Write the report site for the build in ``folder`` into ``out``; return the pages.

    >>> import tempfile
    >>> from mali_conflict_data.load import data_dir
    >>> with tempfile.TemporaryDirectory() as out:
    ...     written = write_site(data_dir(), out)
    >>> "index.html" in written
    True
    """
    from mali_conflict_data.report.site import write_site as write

    return write(folder, out, coverage)
