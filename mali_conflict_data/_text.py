"""Text helpers every module shares: folding for comparisons, and row keys as labels.

>>> fold_spaces("  at least   thirty ")
'at least thirty'
>>> fold_name("Ansar  Dine") == fold_name("ansar dine")
True
>>> fold_name("Keïta’s") == fold_name("keita's")
True
>>> key_label(["ev-x", "cfr-gct-mali"])
'ev-x@cfr-gct-mali'
>>> key_parts("ev-x@cfr-gct-mali")
['ev-x', 'cfr-gct-mali']
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

#: Joins the values of a composite key into one label (``event_id@source_id``).
KEY_SEPARATOR = "@"


def fold_spaces(text: str) -> str:
    """Runs of white space as one space, ends trimmed: how quotes are compared to texts."""
    return re.sub(r"\s+", " ", text).strip()


def fold_case(name: str) -> str:
    """White space folded and case ignored: how a name is matched to its listed names."""
    return " ".join(str(name).split()).casefold()


def fold_name(name: str) -> str:
    """As :func:`fold_case`, also ignoring accents and curly apostrophes (names as renderings)."""
    text = unicodedata.normalize("NFKD", str(name).replace("\u2019", "'"))
    return fold_case("".join(c for c in text if not unicodedata.combining(c)))


def key_label(values: Iterable[object]) -> str:
    """The label of one row's composite key (values joined by ``@``)."""
    return KEY_SEPARATOR.join(str(v) for v in values)


def key_parts(label: str) -> list[str]:
    """The values of a composite key label."""
    return label.split(KEY_SEPARATOR)


def key_labels(frame: pd.DataFrame, columns: list[str]) -> pd.Series:
    """Each row's composite key label; an empty value is an empty part."""
    return frame[columns].astype("string").fillna("").agg(KEY_SEPARATOR.join, axis=1)
