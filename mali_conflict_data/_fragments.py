"""Text fragments: a quote, the words beside it, and the ``#:~:text=`` directive that finds it.

A browser's text-fragment link (https://wicg.github.io/scroll-to-text-fragment/)
highlights the first occurrence of its text, case ignored. A quote that occurs more than once
in its article is told apart by a ``prefix`` (the words just before it) and a
``suffix`` (the words just after), with only white space between: the directive
is ``text=prefix-,quote,-suffix``, each part percent-encoded, with ``-``, ``,``
and ``&`` (the directive's own syntax) and spaces encoded too.

>>> directive("four dead", prefix="left", suffix="and")
'text=left-,four%20dead,-and'
>>> spans("He left. The coup left four dead and more.", "left", prefix="Coup")
['coup left']
"""

from __future__ import annotations

import urllib.parse
from functools import cache

from mali_conflict_data._text import fold_spaces


def encode(part: str) -> str:
    """One part of a text directive, white space folded, percent-encoded (``-`` too).

    >>> encode("more than 13,000 - troops & police")
    'more%20than%2013%2C000%20%2D%20troops%20%26%20police'
    """
    return urllib.parse.quote(fold_spaces(part), safe="").replace("-", "%2D")


def _given(value) -> str | None:
    """The words of a prefix or suffix, or None when it is empty (None, NaN, NA, blank)."""
    if value is None or not isinstance(value, str):
        return None
    words = fold_spaces(value)
    return words or None


def directive(quote: str, prefix=None, suffix=None) -> str:
    """The ``text=`` directive of a quote with its optional prefix and suffix.

    >>> directive("the UN", suffix="will")
    'text=the%20UN,-will'
    >>> directive("a - b", prefix="x, y")
    'text=x%2C%20y-,a%20%2D%20b'
    """
    prefix, suffix = _given(prefix), _given(suffix)
    parts = [f"{encode(prefix)}-"] if prefix else []
    parts.append(encode(quote))
    if suffix:
        parts.append(f"-{encode(suffix)}")
    return "text=" + ",".join(parts)


def _word_edge(text: str, at: int) -> bool:
    """Whether position ``at`` of ``text`` is not inside a word (a match's edge must not be)."""
    return at <= 0 or at >= len(text) or not (text[at - 1].isalnum() and text[at].isalnum())


def _ends_before(text: str, at: int, prefix: str) -> int | None:
    """Where ``prefix`` starts, if it ends just before ``at`` (only a space between)."""
    end = at - 1 if at > 0 and text[at - 1] == " " else at
    start = end - len(prefix)
    if start >= 0 and text[start:end] == prefix and _word_edge(text, start):
        return start
    return None


def _starts_after(text: str, at: int, suffix: str) -> int | None:
    """Where ``suffix`` ends, if it starts just after ``at`` (only a space between)."""
    start = at + 1 if at < len(text) and text[at] == " " else at
    end = start + len(suffix)
    if text[start:end] == suffix and _word_edge(text, end):
        return end
    return None


def places(text: str, quote: str, prefix=None, suffix=None) -> list[tuple[int, int, int, int]]:
    """Where prefix, quote and suffix stand together in ``text`` (spaces folded, case ignored).

    Each place is (start of the prefix, start of the quote, end of the quote, end of
    the suffix), as offsets in the folded text; with neither prefix nor suffix, every
    occurrence of the quote. Only white space may separate them, and the prefix must
    start, the suffix end, at a word's edge.

    >>> places("a b c. x b c.", "b c", prefix="X")
    [(7, 9, 12, 12)]
    """
    folded, words = _folded(text), fold_spaces(quote).lower()
    prefix, suffix = (None if w is None else w.lower() for w in (_given(prefix), _given(suffix)))
    found, at = [], folded.find(words) if words else -1
    while at >= 0:
        start, end = at, at + len(words)
        if prefix:
            start = _ends_before(folded, at, prefix)
        if suffix and start is not None:
            end = _starts_after(folded, at + len(words), suffix)
        if start is not None and end is not None:
            found.append((start, at, at + len(words), end))
        at = folded.find(words, at + 1)
    return found


def spans(text: str, quote: str, prefix=None, suffix=None) -> list[str]:
    """Each stretch of ``text`` (spaces folded) where prefix, quote and suffix stand together.

    With neither prefix nor suffix, every occurrence of the quote (:func:`places`).
    Case is ignored, as a browser ignores it when it looks for a text fragment, so
    the stretches are given in lower case.

    >>> spans("a b c. x b c.", "b c", prefix="x")
    ['x b c']
    >>> spans("a b c. x b c.", "b c", prefix="y")
    []
    """
    folded = _folded(text)
    return [folded[start:end] for start, _, _, end in places(text, quote, prefix, suffix)]


def forget_texts() -> None:
    """Drop the folded copies of the articles read so far (see :func:`_folded`).

    >>> _folded("A  B"), forget_texts(), _folded.cache_info().currsize
    ('a b', None, 0)
    """
    _folded.cache_clear()


@cache
def _folded(text: str) -> str:
    """``text`` with white space folded, in lower case (a pure function of the text).

    An article is folded once, however many of its quotes are looked for and in
    whatever order (a bounded cache folded each article again for every quote once
    there were more articles than places in it: 100 synthetic articles took 5.5 s
    instead of 0.3 s). The copies are as many as the texts the caller holds anyway,
    and validation and coverage drop them when done (:func:`forget_texts`).
    """
    return fold_spaces(text).lower()
