"""Compare figures and releases: disagreements within the data, and changes between builds.

Conflicting reports are never averaged or dropped: each stays pinned to its own
source. :func:`disagreements` puts them side by side.
"""

from __future__ import annotations

import datetime as dt
import math
import unicodedata
from collections.abc import Mapping
from itertools import combinations

import numpy as np
import pandas as pd

from mali_conflict_data.load import load

KINDS = [
    "casualty_figures",
    "deployment_figures",
    "actor_relations",
    "actor_names",
    "event_roles",
    "event_dates",
]
CLAIM = ["table", "id", "source_id", "words", "value", "quote"]
COLUMNS = [
    "disagreement",
    "kind",
    "about",
    "why",
    *(f"a_{c}" for c in CLAIM),
    *(f"b_{c}" for c in CLAIM),
]
# Relations that say who left or holds whom: stated in opposite directions they conflict.
_DIRECTED = {"splinter_of", "broke_with", "rebrand_of", "part_of"}
# Relations that exclude each other when stated of the same actor towards the same other actor.
_EXCLUSIVE = {"splinter_of", "rebrand_of", "part_of"}
# An actor splits from, or rebrands, one actor only.
_SINGLE_PARENT = {"splinter_of", "rebrand_of"}
# Roles in one event that one actor cannot hold at once (a `party` or `subject` fits any).
_CLASHING_ROLES = [{"initiator", "target"}, {"initiator", "supporter"}, {"supporter", "target"}]


def disagreements(frames: Mapping[str, pd.DataFrame] | None = None) -> pd.DataFrame:
    """Claims of the articles that cannot all be true, one row per conflicting pair.

    Each row holds claim A and claim B (``a_table``, ``a_id``, ``a_source_id``,
    ``a_words`` as written, ``a_value`` as coded, ``a_quote``; ``b_...`` likewise),
    the ``kind`` of disagreement, what it is ``about`` and ``why`` the two conflict:

    - ``casualty_figures``: two figures for the same event and outcome whose
      ranges (low to high; "more than 70" runs to infinity) cannot both hold,
      counting the same victims, or a figure for some of them larger than one for
      all of them. Figures linked by ``part_of_casualty_id`` never conflict.
    - ``deployment_figures``: two figures for the same force, status and area over
      overlapping periods whose ranges do not overlap, whatever personnel they count.
    - ``actor_relations``: one actor stated to relate differently to another (who
      split from whom), or to have split from two different actors.
    - ``actor_names``: two different translations of one actor's name.
    - ``event_roles``: two articles giving one actor roles in one event that
      cannot both hold (leading it against backing it, or against being its target).
    - ``event_dates``: two articles dating one event to intervals that do not overlap.

    ``frames`` maps table names to DataFrames (default: the published tables).
    Every column is a string column except the number ``disagreement``.

    >>> table = disagreements()
    >>> table.loc[0, ["kind", "a_id", "a_words", "b_id", "b_words"]].tolist()
    ['casualty_figures', 'cas-0001', 'four dead', 'cas-0003', 'bloodless']
    """

    def table(name: str) -> pd.DataFrame | None:
        if frames is None:
            return load(name)
        return frames.get(name)

    pairs = [
        *_casualty_pairs(table("casualties")),
        *_deployment_pairs(table("deployments")),
        *_relation_pairs(table("actor_relations")),
        *_name_pairs(table("actor_names")),
        *_role_pairs(table("event_actors")),
        *_date_pairs(table("events"), table("event_reports")),
    ]
    result = pd.DataFrame(pairs, columns=COLUMNS[1:])
    result.insert(0, "disagreement", pd.Series(range(1, len(result) + 1), dtype="int64"))
    for column in COLUMNS[1:]:
        result[column] = result[column].astype("string")
    return result


def _text(value) -> str | None:
    """A cell as text (dates as YYYY-MM-DD), or None when missing."""
    if value is None or (not isinstance(value, list) and pd.isna(value)):
        return None
    if isinstance(value, (pd.Timestamp, dt.datetime)):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _claim(table: str, row, id_column: str, words, value: str) -> list:
    return [table, getattr(row, id_column), row.source_id, _text(words), value, row.quote]


def _about(*parts) -> str:
    return " / ".join(p for p in map(_text, parts) if p)


def _number(v) -> float | None:
    return None if v is None or pd.isna(v) else float(v)


def _bounds(row) -> tuple[float, float]:
    """The lowest and highest number a figure allows."""
    low, best, high = _number(row.low), _number(row.best), _number(row.high)
    lo = low if low is not None else best if best is not None else 0.0
    hi = high if high is not None else best if best is not None else math.inf
    return lo, hi


def _figure(row) -> str:
    """The coded figure in words: '4', 'about 1,500', 'more than 70', '3 to 9', 'at most 3,000'."""
    low, best, high = (_number(v) for v in (row.low, row.best, row.high))
    if low is not None and low == high:
        return f"{low:,.0f}"
    if best is not None and low is None and high is None:
        return f"about {best:,.0f}"
    if low is not None and high is not None:
        return f"{low:,.0f} to {high:,.0f}"
    if low is not None and _text(row.qualifier) == "more_than":
        return f"more than {low - 1:,.0f}"
    if low is not None:
        return f"at least {low:,.0f}"
    if high is not None:
        return f"at most {high:,.0f}"
    return "unknown"


def _overlap(a: tuple, b: tuple) -> bool:
    return a[0] <= b[1] and b[0] <= a[1]


def _ancestors(frame: pd.DataFrame, id_column: str, part_column: str) -> dict[str, set[str]]:
    """For each figure, the figures it is part of, directly or through others."""
    parent = dict(zip(frame[id_column], frame[part_column], strict=True))
    found = {}
    for figure in parent:
        seen, current = set(), parent[figure]
        while _text(current) and current not in seen:
            seen.add(current)
            current = parent.get(current)
        found[figure] = seen
    return found


def _linked(ancestors: dict[str, set[str]], a: str, b: str) -> bool:
    return a in ancestors.get(b, ()) or b in ancestors.get(a, ())


def _scope(row) -> tuple[str | None, str | None]:
    group = _text(row.victim_group)
    return (None if group == "unspecified" else group, _text(row.victim_detail))


def _covers(general: tuple, specific: tuple) -> bool:
    """True when the victims of ``general`` include those of ``specific``."""
    return all(g is None or g == s for g, s in zip(general, specific, strict=True))


def _groups(frame: pd.DataFrame, keys: list[str]):
    """``(key, rows)`` for each group of ``frame.groupby(keys)``, in its order, rows in frame order.

    The rows are named tuples from one ``itertuples`` pass over the rows of groups with
    two rows or more (a lone row pairs with nothing), not one pass per group.
    """
    number = frame.groupby(keys, observed=True, sort=True).ngroup().to_numpy(dtype=float)
    grouped = np.flatnonzero(~np.isnan(number))  # a row with an empty key is in no group
    size = np.bincount(number[grouped].astype(np.int64))
    chosen = grouped[size[number[grouped].astype(np.int64)] >= 2]
    order = chosen[np.argsort(number[chosen], kind="stable")]
    if not len(order):
        return
    records = list(frame.iloc[order].itertuples(index=False))
    numbers = number[order]
    starts = np.flatnonzero(np.r_[True, numbers[1:] != numbers[:-1]])
    ends = [*starts[1:], len(order)]
    for start, end in zip(starts, ends, strict=True):
        first = records[start]
        yield tuple(getattr(first, k) for k in keys), records[start:end]


def _casualty_pairs(frame: pd.DataFrame | None) -> list[list]:
    if frame is None or frame.empty:
        return []
    ancestors = _ancestors(frame, "casualty_id", "part_of_casualty_id")
    rows = []
    frame = frame.sort_values("casualty_id")
    for (event, outcome), records in _groups(frame, ["event_id", "outcome"]):
        for a, b in combinations(records, 2):
            if _linked(ancestors, a.casualty_id, b.casualty_id):
                continue
            why = _casualty_conflict(a, b)
            if why:
                rows.append(
                    [
                        "casualty_figures",
                        _about(event, outcome),
                        why,
                        *_claim("casualties", a, "casualty_id", a.count_text, _figure(a)),
                        *_claim("casualties", b, "casualty_id", b.count_text, _figure(b)),
                    ]
                )
    return rows


def _casualty_conflict(a, b) -> str | None:
    (a_lo, a_hi), (b_lo, b_hi) = _bounds(a), _bounds(b)
    same_a, same_b = _covers(_scope(a), _scope(b)), _covers(_scope(b), _scope(a))
    if same_a and same_b:
        if _overlap((a_lo, a_hi), (b_lo, b_hi)):
            return None
        return f"{_figure(a)} and {_figure(b)} cannot both be the number of the same people"
    for whole, part, (p_lo, w_hi) in ((a, b, (b_lo, a_hi)), (b, a, (a_lo, b_hi))):
        if _covers(_scope(whole), _scope(part)) and p_lo > w_hi:
            return (
                f"{_figure(part)} of some of the people ({_about(*_scope(part))}) is more "
                f"than {_figure(whole)} of all of them"
            )
    return None


def _days(frame: pd.DataFrame, column: str) -> pd.Series:
    return pd.to_datetime(frame[column].astype("object"), errors="coerce")


def _deployment_pairs(frame: pd.DataFrame | None) -> list[list]:
    if frame is None or frame.empty:
        return []
    ancestors = _ancestors(frame, "deployment_id", "part_of_deployment_id")
    frame = frame.sort_values("deployment_id").assign(
        start_day=lambda f: _days(f, "date_start"), end_day=lambda f: _days(f, "date_end")
    )
    rows = []
    keys = ["force_actor_id", "status", "area_location_id"]
    for key, records in _groups(frame, keys):
        for a, b in combinations(records, 2):
            if _linked(ancestors, a.deployment_id, b.deployment_id):
                continue
            if not (a.start_day <= b.end_day and b.start_day <= a.end_day):
                continue
            if _overlap(_bounds(a), _bounds(b)):
                continue
            why = (
                f"{_figure(a)} {a.personnel_kind} and {_figure(b)} {b.personnel_kind} "
                f"cannot both be the strength of the same force over "
                f"{_period(max(a.start_day, b.start_day), min(a.end_day, b.end_day))}"
            )
            rows.append(
                [
                    "deployment_figures",
                    _about(*key),
                    why,
                    *_claim("deployments", a, "deployment_id", a.count_text, _deployed(a)),
                    *_claim("deployments", b, "deployment_id", b.count_text, _deployed(b)),
                ]
            )
    return rows


def _period(start, end) -> str:
    first, last = _text(start), _text(end)
    return first if first == last else f"{first} to {last}"


def _deployed(row) -> str:
    return f"{_figure(row)} {row.personnel_kind}, {_period(row.start_day, row.end_day)}"


def _relation_pairs(frame: pd.DataFrame | None) -> list[list]:
    if frame is None or frame.empty:
        return []
    records = list(
        frame.sort_values(["actor_id", "related_actor_id", "source_id"]).itertuples(index=False)
    )
    rows = []
    for a, b in combinations(records, 2):
        if a.source_id == b.source_id:
            continue
        why = _relation_conflict(a, b)
        if why:
            rows.append(
                [
                    "actor_relations",
                    _about(*sorted({a.actor_id, b.actor_id, a.related_actor_id})),
                    why,
                    *_claim("actor_relations", a, "actor_id", None, _relation(a)),
                    *_claim("actor_relations", b, "actor_id", None, _relation(b)),
                ]
            )
    return rows


def _relation(row) -> str:
    return f"{row.actor_id} {row.relation} {row.related_actor_id}"


def _relation_conflict(a, b) -> str | None:
    ra, rb = str(a.relation), str(b.relation)
    same = (a.actor_id, a.related_actor_id) == (b.actor_id, b.related_actor_id)
    reverse = (a.actor_id, a.related_actor_id) == (b.related_actor_id, b.actor_id)
    if same and ra != rb and {ra, rb} <= _EXCLUSIVE:
        return f"the articles relate {a.actor_id} to {a.related_actor_id} differently"
    if reverse and {ra, rb} <= _DIRECTED:
        return (
            f"the articles tell the relation the other way round (who split from, left or "
            f"belongs to whom): {_relation(a)} against {_relation(b)}"
        )
    if (
        a.actor_id == b.actor_id
        and a.related_actor_id != b.related_actor_id
        and ra == rb
        and ra in _SINGLE_PARENT
    ):
        return f"{a.actor_id} cannot be a {ra.replace('_', ' ')} two different actors"
    return None


def _role_pairs(frame: pd.DataFrame | None) -> list[list]:
    if frame is None or frame.empty:
        return []
    records = frame.sort_values(["event_id", "actor_id", "source_id"])
    rows = []
    for (event, actor), claims in _groups(records, ["event_id", "actor_id"]):
        for a, b in combinations(claims, 2):
            roles = {str(a.role), str(b.role)}
            if a.source_id == b.source_id or roles not in _CLASHING_ROLES:
                continue
            rows.append(
                [
                    "event_roles",
                    _about(event, actor),
                    f"one article has {actor} as {a.role} of the event, the other as {b.role}",
                    *_role_claim(a),
                    *_role_claim(b),
                ]
            )
    return rows


def _role_claim(row) -> list:
    """An event_actors row as a claim; its id is its key, as coding/coverage.csv writes it."""
    key = f"{row.event_id}@{row.actor_id}@{row.role}"
    return ["event_actors", key, row.source_id, None, str(row.role), row.quote]


def _fold(name: str) -> str:
    text = unicodedata.normalize("NFKD", str(name).replace("’", "'"))
    return " ".join("".join(c for c in text if not unicodedata.combining(c)).split()).casefold()


def _name_pairs(frame: pd.DataFrame | None) -> list[list]:
    if frame is None or frame.empty:
        return []
    translations = frame[frame["kind"].astype("string") == "translation"]
    rows = []
    for actor, group in translations.sort_values("name_id").groupby("actor_id", observed=True):
        records = list(group.itertuples(index=False))
        for a, b in combinations(records, 2):
            if a.source_id == b.source_id or _fold(a.name) == _fold(b.name):
                continue
            rows.append(
                [
                    "actor_names",
                    actor,
                    "the articles translate the name of the same actor differently",
                    *_claim("actor_names", a, "name_id", a.name, "translation"),
                    *_claim("actor_names", b, "name_id", b.name, "translation"),
                ]
            )
    return rows


def _date_pairs(events: pd.DataFrame | None, reports: pd.DataFrame | None) -> list[list]:
    if events is None or reports is None or events.empty or reports.empty:
        return []
    columns = ["event_id", "source_id", "quote", "date_start", "date_end", "date_precision"]
    own = events[columns].assign(claim_table="events", claim_id=events["event_id"])
    dated = reports[reports["date_start"].notna()]
    further = dated[columns].assign(
        claim_table="event_reports", claim_id=dated["event_id"] + "@" + dated["source_id"]
    )
    claims = pd.concat([own, further], ignore_index=True)
    claims = claims.assign(start_day=_days(claims, "date_start"), end_day=_days(claims, "date_end"))
    claims = claims[claims["event_id"].isin(dated["event_id"])]
    rows = []
    for event, group in claims.groupby("event_id", sort=True):
        records = list(group.itertuples(index=False))
        for a, b in combinations(records, 2):
            if a.source_id == b.source_id or (
                a.start_day <= b.end_day and b.start_day <= a.end_day
            ):
                continue
            rows.append(
                [
                    "event_dates",
                    event,
                    f"{_period(a.start_day, a.end_day)} and "
                    f"{_period(b.start_day, b.end_day)} do not overlap: the event cannot "
                    "have happened in both",
                    *_date_claim(a),
                    *_date_claim(b),
                ]
            )
    return rows


def _date_claim(row) -> list:
    value = f"{_period(row.start_day, row.end_day)} ({row.date_precision})"
    return [row.claim_table, row.claim_id, row.source_id, None, value, row.quote]
