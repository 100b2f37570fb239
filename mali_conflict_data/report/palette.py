"""The report's colours: one distinct colour per vocabulary value, from the data model.

Colour maps are never written out by value: :func:`colours` gives each value of a
vocabulary of :mod:`mali_conflict_data.model` (outcomes, deployment statuses,
date precisions...) its own colour, in the vocabulary's order, so a value added to the
model gets a colour of its own and no two values of one legend ever share one.

:data:`QUALITATIVE` is ordered so that every prefix stays distinguishable with
normal vision and simulated deuteranopia, protanopia and tritanopia (at least
10 CAM02-UCS units apart; ``tests/test_report.py`` checks it with
``colorspacious``). It draws on Okabe and Ito's and Paul Tol's colour-blind safe
palettes, keeping colours dark enough to see on white. :data:`SEQUENTIAL` is for
ordered vocabularies (a date's precision, from the day to a range): dark to light.

>>> colours(["killed", "injured"])
{'killed': '#CC3311', 'injured': '#33BBEE'}
"""

from __future__ import annotations

from collections.abc import Sequence

__all__ = ["QUALITATIVE", "SEQUENTIAL", "colours", "ordered_colours"]

QUALITATIVE = [
    "#CC3311",  # red (Tol vibrant)
    "#33BBEE",  # cyan (Tol vibrant)
    "#222255",  # dark blue (Tol dark)
    "#0072B2",  # blue (Okabe-Ito)
    "#000000",  # black
    "#E69F00",  # orange (Okabe-Ito)
    "#663333",  # dark red (Tol dark)
    "#CC6677",  # rose (Tol muted)
    "#AA3377",  # purple (Tol bright)
    "#225555",  # dark cyan (Tol dark)
]
SEQUENTIAL = ["#0B1F4B", "#1F5A96", "#3C8DC4", "#86BCD9", "#C9A227"]


def colours(values: Sequence[str]) -> dict[str, str]:
    """Each of ``values`` (a vocabulary, in its order) with its own qualitative colour.

    >>> len(set(colours(["a", "b", "c"]).values()))
    3
    """
    values = list(dict.fromkeys(values))
    if len(values) > len(QUALITATIVE):
        raise ValueError(
            f"{len(values)} values to colour but the palette holds {len(QUALITATIVE)} distinct "
            "colours; add colours to report.palette.QUALITATIVE (checked for colour-vision "
            "deficiencies by tests/test_report.py)"
        )
    return dict(zip(values, QUALITATIVE, strict=False))


def ordered_colours(values: Sequence[str]) -> dict[str, str]:
    """Each of ``values`` (an ordered vocabulary) with its own colour, dark to light.

    >>> ordered_colours(["day", "week"])
    {'day': '#0B1F4B', 'week': '#1F5A96'}
    """
    values = list(dict.fromkeys(values))
    if len(values) > len(SEQUENTIAL):
        raise ValueError(
            f"{len(values)} ordered values to colour but report.palette.SEQUENTIAL holds "
            f"{len(SEQUENTIAL)}; add colours to it"
        )
    return dict(zip(values, SEQUENTIAL, strict=False))
