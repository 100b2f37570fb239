"""The flat event table ``event_summary``: one row per event, derived from the coded tables.

Analysts mostly want one row per event with its dates, place, actors and the
human cost, the way a UCDP GED download gives it. Building that by hand needs
joins of five tables, and a naive join multiplies casualty rows (one per actor)
and counts a subset figure ("three Americans among the dead") twice. This module
defines the table (:data:`EVENT_SUMMARY`, a pandera schema built with the column
builders of :mod:`mali_conflict_data.schema`) and derives it (:func:`derive`)
from the coded tables only, at build time, so it never drifts from them.

The figures follow UCDP's low / best / high, per outcome (killed, injured, ...):

1. A figure's lower bound is its ``low`` (else its ``best``, else 0); its upper
   bound is its ``high`` (else its ``best``, else none: unbounded).
2. Within one article, the figures of an event for one outcome are added up
   (different victim groups), except a figure that is part of another figure of
   the same article, event and outcome (``casualties.part_of_casualty_id``): it
   is already counted in that whole. Any other part gives only a lower bound.
3. Across the articles reporting that outcome: ``low`` is the smallest article
   total, ``high`` the largest (empty when any article leaves it unbounded) and
   ``best`` the median of the articles' stated totals (of the two middle ones,
   the lower), so it is always a number an article states; empty when no article
   states one.

This module imports pandera (through the schema); the package imports it only
when building.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping

import numpy as np
import pandas as pd
import pandera.pandas as pa

from mali_conflict_data import schema as s

ROLES = {
    "initiator": "initiators",
    "target": "targets",
    "supporter": "supporters",
    "subject": "subjects",
    "party": "parties",
}
BOUNDS = ("low", "best", "high")
DATE_COLUMNS = ("date_start", "date_end", "date_precision", "date_inferred")
PART_OF = "part_of_casualty_id"

_RULE = (
    "Range across every article reporting it (UCDP-style; see the README): a figure's lower "
    "bound is its `low` (else `best`, else 0) and its upper bound its `high` (else `best`); "
    "an article's figures for the event are added up, a figure that is part of another of "
    "the same article (`part_of_casualty_id`) counted once, within its whole."
)


def _events_column(name: str) -> pa.Column:
    """A column of ``events``, described as it is there."""
    return copy.deepcopy(s.SCHEMAS["events"].columns[name])


def _outcome_columns() -> dict[str, pa.Column]:
    columns = {}
    for outcome in s.OUTCOMES:
        words = outcome.replace("_", " ")
        columns[f"{outcome}_low"] = s._count(
            f"People reported {words}: the smallest article total. {_RULE} Empty when no "
            "article reports this outcome for the event."
        )
        columns[f"{outcome}_best"] = s._count(
            f"People reported {words}: the median of the totals the articles state (of two "
            "middle values the lower), so always a number an article gives. Empty when no "
            "article states one (e.g. only 'at least 30')."
        )
        columns[f"{outcome}_high"] = s._count(
            f"People reported {words}: the largest article total. Empty when no article "
            "reports this outcome, or when one gives no upper bound ('more than 70')."
        )
    return columns


def _ordered_figures() -> pa.Check:
    def ok(df: pd.DataFrame) -> pd.Series:
        good = pd.Series(True, index=df.index)
        for outcome in s.OUTCOMES:
            low, best, high = (df[f"{outcome}_{b}"] for b in BOUNDS)
            bad = (low > best).fillna(False) | (best > high).fillna(False)
            good &= ~(bad | (low > high).fillna(False)).astype(bool)
        return good

    return pa.Check(ok, name="summary_low_best_high_ordered", error="low <= best <= high")


EVENT_SUMMARY = s._schema(
    "event_summary",
    "One row per event, for analysis: dates, place, actors by role, and for each outcome "
    "(killed, injured, ...) the low / best / high range across every article reporting it, "
    "a subset figure counted once. Derived at build time from the coded tables; every "
    "number traces back to `casualties` rows through `event_id`.",
    {
        "event_id": s._id(
            "Identifier of the event; an `events.event_id`.",
            r"^ev-[a-z0-9]+(?:-[a-z0-9]+)*$",
            unique=True,
        ),
        "event_type": s._vocabulary("Kind of event.", s.EVENT_TYPES),
        **{c: _events_column(c) for c in DATE_COLUMNS},
        "location_id": s._id("Where it happened; a `locations.location_id`."),
        "place": s._text("Name of the place (`locations.name`)."),
        "admin1": s._text("First-level administrative region of the place.", nullable=True),
        "country_iso3": s._id(
            "ISO 3166-1 alpha-3 code of the place's country (empty for regions that span "
            "countries).",
            r"^[A-Z]{3}$",
            nullable=True,
        ),
        "latitude": s._coordinate("Latitude of the place, WGS84 (empty when unknown).", -90, 90),
        "longitude": s._coordinate(
            "Longitude of the place, WGS84 (empty when unknown).", -180, 180
        ),
        "geo_precision": s._vocabulary(
            "What the coordinates stand for (see `locations.geo_precision`).",
            s.GEO_PRECISIONS,
            nullable=True,
        ),
        **{
            column: s._list(
                f"Names (`actors.name`) of the actors in the role `{role}`, in `actor_id` order."
            )
            for role, column in ROLES.items()
        },
        "actor_ids": s._list("Every actor taking part, by `actors.actor_id`, sorted."),
        **_outcome_columns(),
        "n_sources": s._column(
            pd.Int64Dtype(),
            "Number of articles reporting the event (`source_ids`).",
            checks=[pa.Check.ge(1, name="no_source", error="must be at least 1")],
            minimum=1,
        ),
        "source_ids": s._list(
            "Every article a row about the event was coded from (`events`, `event_reports`, "
            "`event_actors`, `casualties`), by `sources.source_id`, sorted."
        ),
        "sources_disagree": s._flag(
            "True when claims of the articles about the event cannot all be true (its "
            "casualty figures or, where compared, its dates), as listed by "
            "`mali_conflict_data.disagreements()`."
        ),
        "description": s._text("What happened, in the coder's own words."),
    },
    primary_key=["event_id"],
    foreign_keys=[s._fk("event_id", "events"), s._fk("location_id", "locations")],
    checks=[_ordered_figures()],
)

#: Every published table: the coded tables, then the derived ``event_summary``.
PUBLISHED: dict[str, pa.DataFrameSchema] = {**s.SCHEMAS, "event_summary": EVENT_SUMMARY}


def _article_totals(casualties: pd.DataFrame) -> pd.DataFrame:
    """One row per (event, outcome, article): the sum of its figures, each counted once."""
    figures = casualties.assign(
        lo=casualties["low"].fillna(casualties["best"]).fillna(0).astype("Int64"),
        hi=casualties["high"].fillna(casualties["best"]).astype("Int64"),
        stated=casualties["best"].astype("Int64"),
    )
    if PART_OF in figures:
        # The whole's (article, event, outcome), looked up by its casualty_id.
        same = ["source_id", "event_id", "outcome"]
        wholes = figures.set_index(figures["casualty_id"].astype(str))[same].astype(str)
        whole = wholes.reindex(figures[PART_OF].astype("string").fillna("").to_numpy())
        within = (whole.to_numpy() == figures[same].astype(str).to_numpy()).all(axis=1)
        is_part = figures[PART_OF].notna().to_numpy()
        figures = figures[~(is_part & within)].copy()
        alone = figures[PART_OF].notna()
        # A part whose whole is in another article says only "at least this many".
        figures.loc[alone, "hi"] = pd.NA
        figures.loc[alone, "stated"] = pd.NA
    keys = ["event_id", "outcome", "source_id"]
    figures = figures[keys + ["lo", "hi", "stated"]].astype(
        {"event_id": "string", "outcome": "string", "source_id": "string"}
    )
    grouped = figures.groupby(keys, sort=True)
    return pd.DataFrame(
        {
            "lo": grouped["lo"].sum(),
            "hi": grouped["hi"].sum().where(grouped["hi"].count() == grouped.size()),
            "stated": grouped["stated"].sum().where(grouped["stated"].count() == grouped.size()),
        }
    ).reset_index()


def _lower_medians(totals: pd.DataFrame) -> pd.Series:
    """Per (event, outcome): the median of the stated totals, the lower of two middle ones."""
    keys = ["event_id", "outcome"]
    stated = totals.dropna(subset=["stated"]).sort_values([*keys, "stated"])
    position = stated.groupby(keys).cumcount()
    count = stated.groupby(keys)["stated"].transform("size")
    middle = stated[position.to_numpy() == ((count - 1) // 2).to_numpy()]
    return middle.set_index(keys)["stated"]


def figures_by_outcome(casualties: pd.DataFrame) -> pd.DataFrame:
    """Low, best and high per (event, outcome) across articles, by the rule in the module doc."""
    totals = _article_totals(casualties)
    grouped = totals.groupby(["event_id", "outcome"], sort=True)
    return pd.DataFrame(
        {
            "low": grouped["lo"].min(),
            "best": _lower_medians(totals),
            "high": grouped["hi"].max().where(grouped["hi"].count() == grouped.size()),
        }
    ).astype("Int64")


def _sorted_lists(pairs: pd.DataFrame, key: str, value: str) -> dict[str, list[str]]:
    """{key: sorted distinct values} of two columns (one grouped pass, no per-row Python)."""
    unique = pd.DataFrame(
        {
            "k": pairs[key].astype(str).to_numpy(object),
            "v": pairs[value].astype(str).to_numpy(object),
        }
    ).drop_duplicates()
    unique = unique.sort_values(["k", "v"], ignore_index=True)
    keys, values = unique["k"].to_numpy(), unique["v"].to_numpy()
    if not len(keys):
        return {}
    starts = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]])
    ends = [*starts[1:].tolist(), len(values)]
    values = values.tolist()  # slices of one list, not one numpy array per key
    return dict(
        zip(
            keys[starts].tolist(),
            (values[a:b] for a, b in zip(starts.tolist(), ends, strict=True)),
            strict=True,
        )
    )


def claim_events(table: pd.DataFrame, frames: Mapping[str, pd.DataFrame]) -> set[str]:
    """The events that rows of a ``disagreements()`` table are about.

    A claim is named by its table and id (``a_table``/``a_id`` and
    ``b_table``/``b_id``, or ``table``/``row_id``): a casualty figure belongs to
    its event, an ``events`` claim is the event, an ``event_reports`` claim is
    ``event_id@source_id``; claims about forces and actors belong to no event.
    """
    casualties = frames["casualties"]
    event_of = dict(
        zip(casualties["casualty_id"].astype(str), casualties["event_id"].astype(str), strict=True)
    )
    sides = [("a_table", "a_id"), ("b_table", "b_id")] if "a_table" in table else []
    sides = sides or [("table", "row_id")]
    found = set()
    for table_column, id_column in sides:
        for name, claim in zip(table[table_column], table[id_column].astype(str), strict=True):
            if name == "casualties":
                found.add(event_of[claim])
            elif name == "events":
                found.add(claim)
            elif name == "event_reports":
                found.add(claim.split("@")[0])
    return found


def disagreeing_events(frames: Mapping[str, pd.DataFrame]) -> set[str]:
    """Events whose articles' claims cannot all be true, as ``disagreements()`` lists them.

    Only the events that can hold a disagreement are passed on (two figures for
    one outcome, or a further report), which keeps the build fast on large tables.
    """
    from mali_conflict_data.disagreements import disagreements

    casualties, events = frames["casualties"], frames["events"]
    reports = frames["event_reports"]
    keys = [casualties["event_id"].astype(str), casualties["outcome"].astype(str)]
    figures = casualties.groupby(keys)["casualty_id"].transform("size").to_numpy()
    several = set(casualties.loc[figures >= 2, "event_id"].astype(str))
    reported = set(reports["event_id"].astype(str))
    candidates = casualties[casualties["event_id"].astype(str).isin(several)]
    subset = {
        # One row where none can conflict: a lone figure has nothing to disagree with.
        "casualties": candidates if len(candidates) else casualties.iloc[:1],
        "deployments": frames["deployments"].iloc[:1],
        "events": events[events["event_id"].astype(str).isin(reported)],
        "event_reports": reports,
    }
    return claim_events(disagreements(subset), frames)


def derive(frames: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """The ``event_summary`` table from the coded tables (typed frames by table name).

    >>> import mali_conflict_data as mcd
    >>> summary = derive(mcd.load_all())
    >>> coup = summary.set_index("event_id").loc["ev-2020-08-18-coup"]
    >>> [int(coup[c]) for c in ("killed_low", "killed_best", "killed_high", "n_sources")]
    [0, 0, 4, 3]
    """
    events, locations, actors = frames["events"], frames["locations"], frames["actors"]
    event_actors, casualties = frames["event_actors"], frames["casualties"]
    ids = events["event_id"].astype(str)
    id_list = ids.tolist()
    place = locations.set_index(locations["location_id"].astype(str))
    where = events["location_id"].astype(str)

    columns: dict[str, object] = {
        "event_id": events["event_id"].to_numpy(),
        "event_type": events["event_type"].to_numpy(),
    }
    for column in DATE_COLUMNS:
        columns[column] = events[column].to_numpy()
    columns["location_id"] = events["location_id"].to_numpy()
    for column, source in [
        ("place", "name"),
        ("admin1", "admin1"),
        ("country_iso3", "country_iso3"),
        ("latitude", "latitude"),
        ("longitude", "longitude"),
        ("geo_precision", "geo_precision"),
    ]:
        columns[column] = where.map(place[source]).to_numpy()

    names = dict(zip(actors["actor_id"].astype(str), actors["name"].astype(str), strict=True))
    for role, column in ROLES.items():
        in_role = event_actors[event_actors["role"].astype(str) == role]
        by_event = _sorted_lists(in_role, "event_id", "actor_id")
        columns[column] = [[names[a] for a in by_event.get(e, [])] for e in id_list]
    taking_part = _sorted_lists(event_actors, "event_id", "actor_id")
    columns["actor_ids"] = [taking_part.get(e, []) for e in id_list]

    wide = figures_by_outcome(casualties).unstack("outcome").reindex(id_list)
    for outcome in s.OUTCOMES:
        for bound in BOUNDS:
            values = wide[(bound, outcome)] if (bound, outcome) in wide else pd.NA
            columns[f"{outcome}_{bound}"] = pd.array(
                pd.Series(values, index=wide.index), dtype="Int64"
            )

    reported = pd.concat(
        [frames[t][["event_id", "source_id"]] for t in ("events", "event_reports")]
        + [event_actors[["event_id", "source_id"]], casualties[["event_id", "source_id"]]]
    )
    sources = _sorted_lists(reported, "event_id", "source_id")
    columns["n_sources"] = pd.array([len(sources[e]) for e in id_list], dtype="Int64")
    columns["source_ids"] = [sources[e] for e in id_list]
    disagreeing = disagreeing_events(frames)
    columns["sources_disagree"] = pd.array([e in disagreeing for e in id_list], dtype="boolean")
    columns["description"] = events["description"].to_numpy()

    summary = pd.DataFrame(columns)
    for name, column in EVENT_SUMMARY.columns.items():
        kind = str(column.dtype)
        if kind == "category":
            summary[name] = pd.Categorical(
                summary[name].astype("string"), categories=column.metadata["vocabulary"]
            )
        elif kind.startswith("string"):
            summary[name] = summary[name].astype("string")
        elif kind in ("Float64", "Int64", "boolean"):
            summary[name] = summary[name].astype(kind)
    return summary.sort_values(["date_start", "event_id"], ignore_index=True)
