"""Deterministic synthetic raw tables, valid under the schemas, at any number of events.

Related tables grow in proportion to the events (ratios close to the coded
articles), and every foreign key, date, figure and quote is real work for the
validator: quotes are written into synthetic source texts, so quote checking
can be measured too.

    python benchmarks/synthetic.py 10000 /tmp/synthetic-10k
"""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

import numpy as np
import pandas as pd

from mali_conflict_data.model import TABLES

PER_EVENT = {
    "sources": 0.01,
    "actors": 0.02,
    "locations": 0.01,
    "event_reports": 0.3,
    "casualties": 0.35,
    "deployments": 0.15,
    "sanctions": 0.08,
}
EVENT_TYPES = ["attack", "battle", "air_strike", "abduction", "protest", "capture", "appointment"]
OUTCOMES = ["killed", "injured", "captured", "detained", "abducted"]
VICTIMS = ["civilians", "soldiers", "militants", "unspecified"]


def _ids(prefix: str, n: int) -> pd.Series:
    return prefix + pd.Series(np.arange(1, n + 1)).astype(str).str.zfill(7)


def _dates(rng: np.random.Generator, n: int) -> pd.Series:
    days = rng.integers(0, (pd.Timestamp("2024-06-30") - pd.Timestamp("2012-01-01")).days, n)
    return pd.Series(pd.Timestamp("2012-01-01") + pd.to_timedelta(days, unit="D"))


def _write(folder: Path, name: str, frame: pd.DataFrame) -> None:
    """Write one table with the model's columns, in its order; a column not generated is empty."""
    columns = list(TABLES[name].columns)
    unknown = sorted(set(frame.columns) - set(columns))
    if unknown:
        raise ValueError(f"synthetic {name} has columns the model does not declare: {unknown}")
    frame = frame.reindex(columns=columns, fill_value="")
    frame.to_csv(folder / "raw" / f"{name}.csv", index=False, lineterminator="\n")


def generate(n_events: int, out: str | Path, seed: int = 0) -> Path:
    """Write ``out/raw/*.csv`` and ``out/sources/*.txt`` for ``n_events`` events; return ``out``."""
    out = Path(out)
    (out / "raw").mkdir(parents=True, exist_ok=True)
    (out / "sources").mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(seed)
    n = {name: max(3, int(n_events * ratio)) for name, ratio in PER_EVENT.items()}
    source_ids = _ids("src-", n["sources"])
    actor_ids = _ids("actor-", n["actors"])
    location_ids = _ids("place-", n["locations"])
    pins: list[pd.DataFrame] = []

    def pin(count: int, text: pd.Series, sources=None) -> tuple[pd.Series, pd.Series]:
        if sources is None:
            sources = source_ids.iloc[rng.integers(0, len(source_ids), count)]
        sources = pd.Series(np.asarray(sources)).reset_index(drop=True)
        pins.append(pd.DataFrame({"source_id": sources, "quote": text}))
        return sources, text

    # actors and locations
    a = len(actor_ids)
    src, quote = pin(a, "Actor number " + actor_ids.str[6:] + " is named in this text.")
    actors = pd.DataFrame(
        {
            "actor_id": actor_ids,
            "name": "Actor " + actor_ids.str[6:],
            "aliases": "A" + actor_ids.str[6:] + "; Group " + actor_ids.str[6:],
            "actor_type": np.where(np.arange(a) % 2, "rebel_group", "armed_forces"),
            "parent_actor_id": "",
            "parent_relation": "",
            "country_iso3": "MLI",
            "description": "A synthetic actor.",
            "source_id": src,
            "quote": quote,
        }
    )
    # every alias of every actor, pinned to a sentence using it; each actor part of the previous
    alias_text = pd.concat(
        ["A" + actor_ids.str[6:], "Group " + actor_ids.str[6:]], ignore_index=True
    )
    owner = pd.concat([actor_ids, actor_ids], ignore_index=True)
    src, quote = pin(2 * a, "They call it " + alias_text + " here.")
    actor_names = pd.DataFrame(
        {
            "name_id": _ids("name-", 2 * a),
            "actor_id": owner,
            "name": alias_text,
            "kind": np.where(np.arange(2 * a) < a, "acronym", "short_name"),
            "source_id": src,
            "quote": quote,
        }
    )
    src, quote = pin(a - 1, actor_ids.iloc[1:].reset_index(drop=True) + " is part of another.")
    actor_relations = pd.DataFrame(
        {
            "actor_id": actor_ids.iloc[1:].to_numpy(),
            "relation": "part_of",
            "related_actor_id": actor_ids.iloc[:-1].to_numpy(),
            "note": "",
            "source_id": src,
            "quote": quote,
        }
    )
    m = len(location_ids)
    src, quote = pin(m, "Place number " + location_ids.str[6:] + " is mentioned.")
    locations = pd.DataFrame(
        {
            "location_id": location_ids,
            "name": "Place " + location_ids.str[6:],
            "aliases": "",
            "location_type": "town",
            "country_iso3": "MLI",
            "country_iso_numeric": "466",
            "country_gw": 432,
            "admin1": "Mopti",
            "admin1_code": "ML-5",
            "latitude": rng.uniform(11, 24, m).round(5),
            "longitude": rng.uniform(-11, 4, m).round(5),
            "geo_precision": "settlement",
            "geonames_id": "",
            "source_id": src,
            "quote": quote,
        }
    )

    # events: day precision for most, whole months for the rest
    event_ids = _ids("ev-syn-", n_events)
    start = _dates(rng, n_events)
    monthly = rng.random(n_events) < 0.3
    start = start.where(~monthly, start.dt.to_period("M").dt.start_time)
    end = start.where(~monthly, start + pd.offsets.MonthEnd(0))
    src, quote = pin(n_events, "Event " + event_ids.str[7:] + " took place as described.")
    events = pd.DataFrame(
        {
            "event_id": event_ids,
            "event_type": np.array(EVENT_TYPES)[rng.integers(0, len(EVENT_TYPES), n_events)],
            "date_start": start.dt.strftime("%Y-%m-%d"),
            "date_end": end.dt.strftime("%Y-%m-%d"),
            "date_precision": np.where(monthly, "month", "day"),
            "date_inferred": "false",
            "date_note": "",
            "location_id": location_ids.iloc[rng.integers(0, m, n_events)].to_numpy(),
            "description": "Synthetic event " + event_ids.str[7:] + ".",
            "attributed_to": "",
            "source_id": src,
            "quote": quote,
        }
    )

    # further reports: distinct events, a source other than the event's own
    k = n["event_reports"]
    chosen = np.sort(rng.choice(n_events, k, replace=False))
    own = events["source_id"].str[4:].astype(int).to_numpy()[chosen] - 1
    other = source_ids.iloc[(own + 1 + rng.integers(0, len(source_ids) - 1, k)) % len(source_ids)]
    report_quote = "Report on event " + event_ids.iloc[chosen].str[7:].reset_index(drop=True) + "."
    pins.append(pd.DataFrame({"source_id": other.to_numpy(), "quote": report_quote}))
    event_reports = pd.DataFrame(
        {
            "event_id": event_ids.iloc[chosen].to_numpy(),
            "source_id": other.to_numpy(),
            "quote": report_quote,
            "date_start": "",
            "date_end": "",
            "date_precision": "",
            "date_inferred": "",
            "note": "",
        }
    )

    # two actors per event, in different roles
    first = rng.integers(0, a, n_events)
    second = (first + 1 + rng.integers(0, a - 1, n_events)) % a
    event_actors = pd.DataFrame(
        {
            "event_id": np.repeat(event_ids.to_numpy(), 2),
            "actor_id": np.column_stack(
                [actor_ids.to_numpy()[first], actor_ids.to_numpy()[second]]
            ).ravel(),
            "role": np.tile(["initiator", "target"], n_events),
            "source_id": np.repeat(events["source_id"].to_numpy(), 2),
            "quote": np.repeat(events["quote"].to_numpy(), 2),
        }
    )

    # casualty figures, exact or at least, each from an article reporting its event: the
    # event's own source, or (for about half of the reported events) the further report's
    c = n["casualties"]
    count = pd.Series(rng.integers(0, 500, c)).astype(str)
    exact = rng.random(c) < 0.7
    casualty_ids = _ids("cas-", c)
    text = np.where(exact, count + " people", "at least " + count + " people")
    casualty_event = rng.integers(0, n_events, c)
    reporter = events["source_id"].to_numpy().copy()
    reporter[chosen] = np.where(rng.random(k) < 0.5, other.to_numpy(), reporter[chosen])
    src, quote = pin(
        c,
        "Figure " + casualty_ids.str[4:] + ": " + pd.Series(text) + " were affected.",
        reporter[casualty_event],
    )
    casualties = pd.DataFrame(
        {
            "casualty_id": casualty_ids,
            "event_id": event_ids.iloc[casualty_event].to_numpy(),
            "outcome": np.array(OUTCOMES)[rng.integers(0, len(OUTCOMES), c)],
            "victim_group": np.array(VICTIMS)[rng.integers(0, len(VICTIMS), c)],
            "victim_detail": "",
            "part_of_casualty_id": "",
            "low": count,
            "best": np.where(exact, count, ""),
            "high": np.where(exact, count, ""),
            "qualifier": np.where(exact, "exact", "at_least"),
            "count_text": text,
            "attributed_to": "",
            "source_id": src,
            "quote": quote,
        }
    )

    # deployment figures over whole months
    d = n["deployments"]
    month = _dates(rng, d).dt.to_period("M").dt.start_time
    troops = pd.Series(rng.integers(100, 20_000, d)).astype(str)
    deployment_ids = _ids("dep-", d)
    src, quote = pin(d, "Deployment " + deployment_ids.str[4:] + ": " + troops + " troops.")
    deployments = pd.DataFrame(
        {
            "deployment_id": deployment_ids,
            "force_actor_id": actor_ids.iloc[rng.integers(0, a, d)].to_numpy(),
            "contributor_actor_id": "",
            "personnel_kind": "troops",
            "status": "deployed",
            "area_location_id": location_ids.iloc[rng.integers(0, m, d)].to_numpy(),
            "date_start": month.dt.strftime("%Y-%m-%d"),
            "date_end": (month + pd.offsets.MonthEnd(0)).dt.strftime("%Y-%m-%d"),
            "date_precision": "month",
            "date_inferred": "false",
            "date_note": "",
            "description": "A synthetic figure.",
            "part_of_deployment_id": "",
            "low": troops,
            "best": troops,
            "high": troops,
            "qualifier": "exact",
            "count_text": troops + " troops",
            "attributed_to": "",
            "source_id": src,
            "quote": quote,
        }
    )

    s = n["sanctions"]
    sanction_ids = _ids("san-", s)
    imposed = _dates(rng, s).dt.strftime("%Y-%m-%d")
    src, quote = pin(s, "Sanction " + sanction_ids.str[4:] + " was imposed.")
    sanctions = pd.DataFrame(
        {
            "sanction_id": sanction_ids,
            "sender_actor_id": actor_ids.iloc[rng.integers(0, a, s)].to_numpy(),
            "target_actor_id": actor_ids.iloc[rng.integers(0, a, s)].to_numpy(),
            "measure": "economic_sanctions",
            "imposed_date": imposed,
            "imposed_date_latest": imposed,
            "imposed_date_precision": "day",
            "lifted_date": "",
            "lifted_date_latest": "",
            "lifted_date_precision": "",
            "date_inferred": "false",
            "date_note": "",
            "description": "A synthetic measure.",
            "source_id": src,
            "quote": quote,
            "lifted_source_id": "",
            "lifted_quote": "",
        }
    )

    # source texts hold every quote pinned to them
    texts = pd.concat(pins, ignore_index=True).groupby("source_id")["quote"].agg("\n\n".join)
    digests = {}
    for source_id in source_ids:
        data = (f"Synthetic source {source_id}\n\n" + texts.get(source_id, "")).encode()
        (out / "sources" / f"{source_id}.txt").write_bytes(data)
        digests[source_id] = hashlib.sha256(data).hexdigest()
    sources = pd.DataFrame(
        {
            "source_id": source_ids,
            "title": "Synthetic source " + source_ids,
            "publisher": "Bench Press",
            "authors": "",
            "published_date": "2024-12-31",
            "published_date_latest": "2024-12-31",
            "published_date_precision": "day",
            "published_date_inferred": "false",
            "published_date_note": "",
            "url": "https://example.org/" + source_ids,
            "text_file": source_ids + ".txt",
            "text_sha256": source_ids.map(digests),
        }
    )
    for name, frame in [
        ("sources", sources),
        ("actors", actors),
        ("actor_names", actor_names),
        ("actor_relations", actor_relations),
        ("locations", locations),
        ("events", events),
        ("event_reports", event_reports),
        ("event_actors", event_actors),
        ("casualties", casualties),
        ("deployments", deployments),
        ("sanctions", sanctions),
    ]:
        _write(out, name, frame)
    return out


if __name__ == "__main__":
    generate(int(sys.argv[1]), sys.argv[2])
