"""Compare figures and releases: disagreements within the data, and changes between builds.

Conflicting reports are never averaged or dropped: each stays pinned to its own
source. :func:`disagreements` puts them side by side.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from itertools import combinations

import numpy as np
import pandas as pd

from mali_conflict_data import _figures, model
from mali_conflict_data._text import KEY_SEPARATOR, fold_name, key_label, key_parts
from mali_conflict_data.load import load
from mali_conflict_data.strengths import figure_ids

#: Each kind of disagreement and its nature: a ``contradiction`` (the two claims cannot
#: both be true) or a ``variant`` (two renderings of what may be one thing: names,
#: translations, a measure described two ways). Definitions: docs/coding-guide.md, section 5.
NATURES = {
    "casualty_figures": "contradiction",
    "deployment_figures": "contradiction",
    "force_losses": "contradiction",
    "actor_relations": "contradiction",
    "event_roles": "contradiction",
    "event_dates": "contradiction",
    "actor_names": "variant",
    "sanction_terms": "variant",
}
KINDS = list(NATURES)
#: Each kind in words, for readers (the report heads its groups with them).
KIND_WORDS = {
    "casualty_figures": "Casualty figures that cannot both be true",
    "deployment_figures": "Figures of a force's strength that cannot both be true",
    "force_losses": "Losses of a force larger than its reported strength",
    "actor_relations": "Relations between actors that exclude each other",
    "event_roles": "Roles in one event that one actor cannot hold at once",
    "event_dates": "Dates of one event that do not overlap",
    "actor_names": "Two renderings of one actor's name",
    "sanction_terms": "One measure described two ways",
}
#: Kinds whose two claims can both be right (variants: naming, translation, a measure
#: described two ways), listed apart from the contradictions.
VARIANT_KINDS = [kind for kind, nature in NATURES.items() if nature == "variant"]
CLAIM = ["table", "id", "source_id", "words", "value", "quote"]
COLUMNS = [
    "disagreement",
    "kind",
    "nature",
    "same_article",
    "about",
    "why",
    *(f"a_{c}" for c in CLAIM),
    *(f"b_{c}" for c in CLAIM),
]
# What the vocabulary values mean to the comparisons, declared in the model.
_DIRECTED = set(model.DIRECTED_RELATIONS)
_ORIGIN = set(model.ORIGIN_RELATIONS)
_CLASHING_ROLES = [set(pair) for pair in model.CLASHING_ROLES]
_EVERY_KIND = model.EVERY_PERSONNEL_KIND
_LOSSES = set(model.LOSS_OUTCOMES)
_MEMBERS = set(model.MEMBER_GROUPS)
_EXPOSED = set(model.EXPOSED_ROLES)
# Tables whose claim ids are composite keys starting with the event (event@...).
_KEYED_BY_EVENT = {
    name
    for name, table in model.TABLES.items()
    if len(table.primary_key) > 1 and table.primary_key[0] == "event_id"
}


def disagreements(frames: Mapping[str, pd.DataFrame] | None = None) -> pd.DataFrame:
    """Claims of the articles that cannot all be true, or that render one thing two ways.

    One row per pair: claim A and claim B (``a_table``, ``a_id``, ``a_source_id``,
    ``a_words`` as written, ``a_value`` as coded, ``a_quote``; ``b_...`` likewise),
    the ``kind``, its ``nature`` (``contradiction``: they cannot both be true;
    ``variant``: two renderings of what may be one thing), ``same_article`` (both
    claims from one article), what it is ``about`` and ``why``. Contradictions
    come first, then variants. The kinds (defined in docs/coding-guide.md, section 5):

    - ``casualty_figures``: two figures for the same event and outcome, counting the
      same victims (or a subset of them), whose ranges cannot both hold. Figures
      linked by ``part_of_casualty_id`` never conflict.
    - ``deployment_figures``: two figures for the same force, status and area over
      overlapping periods that cannot both hold: of the same personnel kind with
      ranges that do not overlap, or a figure of one kind (troops) larger than a
      figure of all its ``personnel``; and two articles' reports of one figure
      (linked by ``same_figure_as``) whose numbers do not overlap, whatever their
      personnel kinds or areas.
    - ``force_losses``: the members of a force an article reports killed, captured
      or detained in events at the place of a strength figure of that force, from
      its first day on, add up to more than the figure allows.
    - ``actor_relations``: the same relation between two actors stated in opposite
      directions (who split from whom), or one actor split from (or a rebrand of) two
      different actors. Different relations are never compared: they state
      different things, possibly of different times.
    - ``event_roles``: one actor given roles in one event that cannot both hold
      (leading it against backing it, or against being its target).
    - ``event_dates``: two articles dating one event to intervals that do not overlap.
    - ``actor_names`` (variant): two different translations of one actor's name, one
      row per pair of renderings.
    - ``sanction_terms`` (variant): one article reports a sender's measure imposed
      (no lifting reported) and a measure of the same sender lifted (no imposition
      reported) in different terms: possibly one measure, described two ways.

    ``frames`` maps table names to DataFrames (default: the published tables).
    Every column is a string column except the number ``disagreement`` and the
    flag ``same_article``.

    >>> table = disagreements()
    >>> table.loc[0, ["kind", "nature", "a_id", "a_words", "b_id", "b_words"]].tolist()
    ['casualty_figures', 'contradiction', 'cas-0001', 'four dead', 'cas-0003', 'bloodless']
    """

    def table(name: str) -> pd.DataFrame | None:
        if frames is None:
            return load(name)
        return frames.get(name)

    pairs = [
        *_casualty_pairs(table("casualties")),
        *_deployment_pairs(table("deployments")),
        *_loss_pairs(
            table("deployments"), table("casualties"), table("event_actors"), table("events")
        ),
        *_relation_pairs(table("actor_relations")),
        *_role_pairs(table("event_actors")),
        *_date_pairs(table("events"), table("event_reports")),
        *_name_pairs(table("actor_names")),
        *_sanction_pairs(table("sanctions")),
    ]
    columns = ["kind", "about", "why", *COLUMNS[6:]]
    result = pd.DataFrame(pairs, columns=columns)
    result.insert(1, "nature", result["kind"].map(NATURES))
    same = result["a_source_id"] == result["b_source_id"]
    result.insert(2, "same_article", same.astype("boolean"))
    order = result["nature"].map({"contradiction": 0, "variant": 1})
    result = result.iloc[order.argsort(kind="stable")].reset_index(drop=True)
    result.insert(0, "disagreement", pd.Series(range(1, len(result) + 1), dtype="int64"))
    for column in COLUMNS[1:]:
        if column != "same_article":
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


def _bounds(row) -> tuple[int, int | float]:
    """The lowest and highest number a figure allows."""
    return _figures.bounds(row.low, row.best, row.high)


def _figure(row) -> str:
    """The coded figure in words: '4', 'about 1,500', 'more than 70', '3 to 9', 'at most 3,000'."""
    return _figures.words(row.low, row.best, row.high, row.qualifier)


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


def _is_in(series: pd.Series, values) -> np.ndarray:
    """``series.astype(str).isin(values)`` as a NumPy mask, in one Arrow pass.

    pandas builds one Arrow scalar per element of ``values``, which costs more than the
    test itself when ``values`` is another column.

    >>> _is_in(pd.Series(["a", "b", None], dtype="string"), {"b"}).tolist()
    [False, True, False]
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    def text(values) -> pa.Array | pa.ChunkedArray:
        if isinstance(values, pd.Series | pd.Index):
            return pa.array(pd.Series(values).astype(str).array).cast(pa.large_string())
        return pa.array(list(values), pa.large_string())

    found = pc.is_in(text(series), value_set=pa.chunked_array([text(values)]).combine_chunks())
    return np.asarray(found.fill_null(False), dtype=bool)


def _days(frame: pd.DataFrame, column: str) -> pd.Series:
    values = frame[column]
    if isinstance(values.dtype, np.dtype) and values.dtype.kind == "M":
        return values.astype("datetime64[ns]")  # already days: no round trip through objects
    return pd.to_datetime(values.astype("object"), errors="coerce")


def _deployment_pairs(frame: pd.DataFrame | None) -> list[list]:
    if frame is None or frame.empty:
        return []
    ancestors = _ancestors(frame, "deployment_id", "part_of_deployment_id")
    frame = frame.sort_values("deployment_id").assign(
        start_day=lambda f: _days(f, "date_start"), end_day=lambda f: _days(f, "date_end")
    )
    rows, listed = [], set()
    keys = ["force_actor_id", "status", "area_location_id"]
    for key, records in _groups(frame, keys):
        for a, b in combinations(records, 2):
            if _linked(ancestors, a.deployment_id, b.deployment_id):
                continue
            if not (a.start_day <= b.end_day and b.start_day <= a.end_day):
                continue
            if not _strengths_conflict(a, b):
                continue
            why = (
                f"{_figure(a)} {a.personnel_kind} and {_figure(b)} {b.personnel_kind} "
                f"cannot both be the strength of the same force over "
                f"{_period(max(a.start_day, b.start_day), min(a.end_day, b.end_day))}"
            )
            listed.add((a.deployment_id, b.deployment_id))
            rows.append(
                [
                    "deployment_figures",
                    _about(*key),
                    why,
                    *_claim("deployments", a, "deployment_id", a.count_text, _deployed(a)),
                    *_claim("deployments", b, "deployment_id", b.count_text, _deployed(b)),
                ]
            )
    return rows + _linked_figure_pairs(frame, listed)


def _linked_figure_pairs(frame: pd.DataFrame, listed: set[tuple[str, str]]) -> list[list]:
    """Reports of one figure (``same_figure_as``) by two articles whose numbers do not overlap.

    Linked reports claim one figure of one force at one time, whatever their words
    (troops, personnel) or areas: numbers that cannot both hold are a contradiction.
    Pairs the comparison of like figures already lists are not listed twice.
    """
    if "same_figure_as" not in frame or frame["same_figure_as"].isna().all():
        return []
    frame = frame.assign(figure=figure_ids(frame).to_numpy())
    rows = []
    for (figure,), records in _groups(frame, ["figure"]):
        for a, b in combinations(records, 2):
            if (a.deployment_id, b.deployment_id) in listed:
                continue
            if _overlap(_bounds(a), _bounds(b)):
                continue
            rows.append(
                [
                    "deployment_figures",
                    _about(a.force_actor_id, a.status, figure),
                    f"the articles report one figure of the force (linked by same_figure_as) as "
                    f"{_figure(a)} {a.personnel_kind} and {_figure(b)} {b.personnel_kind}: "
                    "both cannot be it",
                    *_claim("deployments", a, "deployment_id", a.count_text, _deployed(a)),
                    *_claim("deployments", b, "deployment_id", b.count_text, _deployed(b)),
                ]
            )
    return rows


def _strengths_conflict(a, b) -> bool:
    """Figures of one kind that do not overlap, or a kind larger than all the personnel."""
    kinds = (str(a.personnel_kind), str(b.personnel_kind))
    if kinds[0] == kinds[1]:
        return not _overlap(_bounds(a), _bounds(b))
    if _EVERY_KIND not in kinds:
        return False  # troops and trainers: different people, no bound on each other
    every, kind = (a, b) if kinds[0] == _EVERY_KIND else (b, a)
    return _bounds(kind)[0] > _bounds(every)[1]


def _loss_pairs(deployments, casualties, event_actors, events) -> list[list]:
    """A force's strength figure against the members it is reported to have lost.

    Joined table by table (no loop over rows), so that it stays fast on large tables.
    """
    tables = (deployments, casualties, event_actors, events)
    if any(t is None or t.empty for t in tables):
        return []
    part = casualties["part_of_casualty_id"] if "part_of_casualty_id" in casualties else None
    lost = casualties[["casualty_id", "event_id", "source_id", "low", "best"]][
        casualties["outcome"].astype(str).isin(_LOSSES)
        & casualties["victim_group"].astype(str).isin(_MEMBERS)
        & (part.isna() if part is not None else True)
    ]
    if lost.empty:
        return []
    text = {"event_id": str, "actor_id": str, "location_id": str}
    # only the events that lost members take part in the joins (inner joins on event_id:
    # the rows left out would match nothing, and the rows kept keep their order)
    events = events[["event_id", "location_id", "date_start"]]  # the columns used, then rows
    events = events[_is_in(events["event_id"], lost["event_id"])]
    event_actors = event_actors[["event_id", "actor_id", "role"]]
    event_actors = event_actors[_is_in(event_actors["event_id"], lost["event_id"])]
    where = (
        events[["event_id", "location_id"]]
        .astype(str)
        .assign(event_start=_days(events, "date_start").to_numpy())
    )
    # once per event and actor: a force both target and party of one event (two
    # articles' roles) loses its members once, not once per role
    exposed = (
        event_actors.loc[event_actors["role"].astype(str).isin(_EXPOSED), ["event_id", "actor_id"]]
        .astype(str)
        .drop_duplicates()
    )
    # Python ints, summed exactly (int64 would wrap past its limit, floats miss by
    # hundreds there): the losses of a force can add up to more than any one figure
    lows = pd.Series(_figures.lowest(lost).to_numpy(np.int64).tolist(), dtype=object)
    losses = (
        pd.DataFrame(
            {
                "casualty_id": lost["casualty_id"].astype(str).to_numpy(),
                "event_id": lost["event_id"].astype(str).to_numpy(),
                "loss_source": lost["source_id"].astype(str).to_numpy(),
                "loss_low": lows.to_numpy(),
            }
        )
        .merge(where, on="event_id")
        .merge(exposed, on="event_id")
        .astype(text)
    )
    forces = pd.DataFrame(
        {
            "deployment_id": deployments["deployment_id"].astype(str).to_numpy(),
            "actor_id": deployments["force_actor_id"].astype(str).to_numpy(),
            "location_id": deployments["area_location_id"].astype(str).to_numpy(),
            "force_start": _days(deployments, "date_start").to_numpy(),
        }
    )
    joined = forces.merge(losses, on=["actor_id", "location_id"])
    joined = joined[joined["event_start"] >= joined["force_start"]]
    if joined.empty:
        return []
    totals = joined.groupby(["deployment_id", "loss_source"], sort=True)["loss_low"].sum()
    named = deployments["deployment_id"].astype(str)
    wanted = deployments[named.isin(totals.index.get_level_values(0)).to_numpy()]
    by_id = dict(
        zip(
            wanted["deployment_id"].astype(str),
            wanted.assign(
                start_day=lambda f: _days(f, "date_start"), end_day=lambda f: _days(f, "date_end")
            ).itertuples(index=False),
            strict=True,
        )
    )  # one pass over the forces that lost members, not one lookup per total
    figures = casualties.set_index(casualties["casualty_id"].astype(str))
    rows = []
    for (deployment_id, _source), low in totals.items():
        force = by_id[deployment_id]
        if low <= _bounds(force)[1]:
            continue
        ids = joined.loc[
            (joined["deployment_id"] == deployment_id) & (joined["loss_source"] == _source),
            "casualty_id",
        ]
        members = [r for r in figures.loc[sorted(set(ids))].itertuples()]
        largest = max(members, key=lambda r: _bounds(r)[0])
        each = "; ".join(f"{r.count_text} {r.outcome} ({r.Index})" for r in members)
        rows.append(
            [
                "force_losses",
                _about(force.force_actor_id, force.area_location_id),
                f"the members of the force reported lost there from "
                f"{_text(force.start_day)} on add up to at least {low:,} ({each}), "
                f"more than the {_figure(force)} {force.personnel_kind} it is said to number",
                *_claim("deployments", force, "deployment_id", force.count_text, _deployed(force)),
                "casualties",
                largest.Index,
                largest.source_id,
                _text(largest.count_text),
                f"{_figure(largest)} {largest.outcome}",
                largest.quote,
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
        why = _relation_conflict(a, b)
        if why:
            rows.append(
                [
                    "actor_relations",
                    _about(
                        *sorted({a.actor_id, b.actor_id, a.related_actor_id, b.related_actor_id})
                    ),
                    why,
                    *_claim("actor_relations", a, "actor_id", None, _relation(a)),
                    *_claim("actor_relations", b, "actor_id", None, _relation(b)),
                ]
            )
    return rows


def _relation(row) -> str:
    return f"{row.actor_id} {row.relation} {row.related_actor_id}"


def _relation_conflict(a, b) -> str | None:
    """Why two relation rows cannot both hold; only the same relation is compared."""
    relation = str(a.relation)
    if relation != str(b.relation):
        return None  # different relations state different things (a split, then a break)
    if relation in _DIRECTED and (a.actor_id, a.related_actor_id) == (
        b.related_actor_id,
        b.actor_id,
    ):
        return (
            f"the same relation ({relation.replace('_', ' ')}) is told the other way round: "
            f"{_relation(a)} against {_relation(b)}"
        )
    if (
        relation in _ORIGIN
        and a.actor_id == b.actor_id
        and a.related_actor_id != b.related_actor_id
    ):
        return f"{a.actor_id} cannot be a {relation.replace('_', ' ')} two different actors"
    return None


def _role_pairs(frame: pd.DataFrame | None) -> list[list]:
    if frame is None or frame.empty:
        return []
    records = frame.sort_values(["event_id", "actor_id", "source_id"])
    rows = []
    for (event, actor), claims in _groups(records, ["event_id", "actor_id"]):
        for a, b in combinations(claims, 2):
            roles = {str(a.role), str(b.role)}
            if roles not in _CLASHING_ROLES:
                continue
            rows.append(
                [
                    "event_roles",
                    _about(event, actor),
                    f"{actor} cannot be both {a.role} and {b.role} of the event",
                    *_role_claim(a),
                    *_role_claim(b),
                ]
            )
    return rows


def _role_claim(row) -> list:
    """An event_actors row as a claim; its id is its key, as coding/coverage.csv writes it."""
    key = key_label([row.event_id, row.actor_id, row.role])
    return ["event_actors", key, row.source_id, None, str(row.role), row.quote]


def _fold(name: str) -> str:
    return fold_name(name)


def _name_pairs(frame: pd.DataFrame | None) -> list[list]:
    """One row per pair of different renderings of one actor's name.

    Each rendering is shown by its first row; when one article uses both, by that
    article's rows (the article itself renders the name two ways).
    """
    if frame is None or frame.empty:
        return []
    translations = frame[frame["kind"].astype("string") == "translation"]
    rows = []
    for actor, group in translations.sort_values("name_id").groupby("actor_id", observed=True):
        records = list(group.itertuples(index=False))
        renderings: dict[str, list] = {}
        for record in records:
            renderings.setdefault(_fold(record.name), []).append(record)
        for first, second in combinations(renderings.values(), 2):
            shared = sorted({r.source_id for r in first} & {r.source_id for r in second})
            if shared:
                first = [r for r in first if r.source_id == shared[0]]
                second = [r for r in second if r.source_id == shared[0]]
            a, b = first[0], second[0]
            rows.append(
                [
                    "actor_names",
                    actor,
                    f"two renderings of one name: {a.name!r} and {b.name!r}",
                    *_claim("actor_names", a, "name_id", a.name, "translation"),
                    *_claim("actor_names", b, "name_id", b.name, "translation"),
                ]
            )
    return rows


def _sanction_pairs(frame: pd.DataFrame | None) -> list[list]:
    """One article's imposed-only and lifted-only measures of one sender, in other terms."""
    if frame is None or frame.empty:
        return []
    records = list(frame.sort_values("sanction_id").itertuples(index=False))
    imposed = [r for r in records if _text(r.imposed_date) and not _text(r.lifted_date)]
    lifted = [r for r in records if _text(r.lifted_date) and not _text(r.imposed_date)]
    rows = []
    for a in imposed:
        for b in lifted:
            if a.sender_actor_id != b.sender_actor_id or a.source_id != b.lifted_source_id:
                continue
            terms = [(_text(r.measure), _text(r.target_actor_id)) for r in (a, b)]
            if terms[0] == terms[1] or not all(
                _compatible(x, y, "unspecified") for x, y in zip(*terms, strict=True)
            ):
                continue  # described alike, or plainly two measures (travel, economic)
            rows.append(
                [
                    "sanction_terms",
                    _about(a.sender_actor_id),
                    "the article reports a measure imposed and a measure lifted in terms that "
                    "may describe one measure, and does not say whether they are one",
                    *_claim("sanctions", a, "sanction_id", None, _measure(a, "imposed")),
                    "sanctions",
                    b.sanction_id,
                    b.lifted_source_id,
                    None,
                    _measure(b, "lifted"),
                    b.lifted_quote,
                ]
            )
    return rows


def _compatible(x: str | None, y: str | None, unstated: str) -> bool:
    """Two terms that may name one thing: equal, or one of them not stated."""
    return x == y or None in (x, y) or unstated in (x, y)


def _measure(row, what: str) -> str:
    target = _text(row.target_actor_id) or "target not named"
    return f"{row.measure} {what}, on {target}"


def _date_pairs(events: pd.DataFrame | None, reports: pd.DataFrame | None) -> list[list]:
    if events is None or reports is None or events.empty or reports.empty:
        return []
    columns = ["event_id", "source_id", "quote", "date_start", "date_end", "date_precision"]
    own = events[columns].assign(claim_table="events", claim_id=events["event_id"])
    dated = reports[reports["date_start"].notna()]
    further = dated[columns].assign(
        claim_table="event_reports", claim_id=dated["event_id"] + KEY_SEPARATOR + dated["source_id"]
    )
    claims = pd.concat([own, further], ignore_index=True)
    claims = claims.assign(start_day=_days(claims, "date_start"), end_day=_days(claims, "date_end"))
    claims = claims[_is_in(claims["event_id"], dated["event_id"])]
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


# --- which event a claim is about ----------------------------------------------


def claim_event(table_name: str, claim_id: str, casualty_events: Mapping[str, str]) -> str | None:
    """The event one claim of ``disagreements()`` is about, or None (forces, actors).

    A claim is named by its table and id: an ``events`` claim is the event, an
    ``event_reports`` claim is ``event_id@source_id``, an ``event_actors`` claim
    ``event_id@actor_id@role`` and a casualty figure belongs to its event
    (``casualty_events``: ``casualty_id`` to ``event_id``, see :func:`casualty_events`).
    This is the one answer both ``event_summary.sources_disagree``
    (:mod:`mali_conflict_data.summary`) and the report's event pages use.

    >>> claim_event("event_actors", "ev-2012-x@act-mnla@initiator", {})
    'ev-2012-x'
    >>> claim_event("casualties", "cas-1", {"cas-1": "ev-2020-y"})
    'ev-2020-y'
    >>> claim_event("deployments", "dep-0001", {}) is None
    True
    """
    if table_name == "events":
        return claim_id
    if table_name in _KEYED_BY_EVENT:  # ids are keys: event@...
        return key_parts(claim_id)[0]
    if table_name == "casualties":
        return casualty_events.get(claim_id)
    return None


def casualty_events(frames: Mapping[str, pd.DataFrame]) -> dict[str, str]:
    """``casualty_id`` to ``event_id`` for every casualty figure in ``frames``.

    >>> frames = {"casualties": pd.DataFrame({"casualty_id": ["cas-1"], "event_id": ["ev-a"]})}
    >>> casualty_events(frames)
    {'cas-1': 'ev-a'}
    """
    casualties = frames["casualties"]
    ids, events = (casualties[c].astype(str).tolist() for c in ("casualty_id", "event_id"))
    return dict(zip(ids, events, strict=True))


def pair_events(table: pd.DataFrame, frames: Mapping[str, pd.DataFrame]) -> list[set[str]]:
    """For each row of a ``disagreements()`` table, the events its claims are about.

    A row names its claims by ``a_table``/``a_id`` and ``b_table``/``b_id`` (or
    ``table``/``row_id``); each claim is placed by :func:`claim_event`.

    >>> frames = {"casualties": pd.DataFrame({"casualty_id": ["cas-1"], "event_id": ["ev-a"]})}
    >>> pairs = pd.DataFrame({"a_table": ["casualties"], "a_id": ["cas-1"],
    ...                       "b_table": ["event_actors"], "b_id": ["ev-a@act-x@target"]})
    >>> pair_events(pairs, frames)
    [{'ev-a'}]
    """
    of = casualty_events(frames)
    sides = [("a_table", "a_id"), ("b_table", "b_id")] if "a_table" in table else []
    sides = sides or [("table", "row_id")]
    columns = [zip(table[t].astype(str), table[i].astype(str), strict=True) for t, i in sides]
    found = []
    for claims in zip(*columns, strict=True):
        events = {claim_event(name, claim, of) for name, claim in claims}
        found.append({e for e in events if e is not None})
    return found


def claim_events(table: pd.DataFrame, frames: Mapping[str, pd.DataFrame]) -> set[str]:
    """The events that rows of a ``disagreements()`` table are about (see :func:`pair_events`)."""
    return set().union(*pair_events(table, frames))
