"""One-time migration of raw/*.csv to the issue-13 columns (dated intervals, subsets, names).

Adds, with values derived mechanically from the existing cells, every column the
schema now has and a table lacks, and writes the two new tables:

- ``sources.published_date_latest``, ``sanctions.imposed_date_latest`` and
  ``lifted_date_latest``: the last day of the period at the row's precision;
- ``sanctions.date_inferred`` (false), ``date_note`` and every other new nullable column:
  empty;
- ``locations.admin1_code``: the ISO 3166-2 code of the region named in ``admin1``;
- ``actor_relations``: one row per ``actors.parent_actor_id``, pinned to the actor's quote;
- ``actor_names``: one row per name of an actor (its name and aliases) per article
  whose text uses it, with the sentence holding it as quote and a guessed ``kind``
  (to be reviewed by the coder).

Columns already present are left as they are, so the script may be run again on a
table that another branch extended in the old format.

    python scripts/migrate_fidelity_columns.py raw SOURCES_DIR
"""

from __future__ import annotations

import csv
import re
import sys
import unicodedata
from pathlib import Path

import pandas as pd

from mali_conflict_data.schema import SCHEMAS

# ISO 3166-2 codes of the admin1 names used so far (before the coder's review for the
# 2023 reform); a name not listed here is left empty for the coder.
ADMIN1_CODES = {
    "Bamako": "ML-BKO",
    "Kayes": "ML-1",
    "Koulikoro": "ML-2",
    "Sikasso": "ML-3",
    "Ségou": "ML-4",
    "Mopti": "ML-5",
    "Tombouctou": "ML-6",
    "Gao": "ML-7",
    "Kidal": "ML-8",
    "Illizi": "DZ-33",
}


def _read(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def _write(frame: pd.DataFrame, path: Path, name: str) -> None:
    columns = list(SCHEMAS[name].columns)
    frame = frame.reindex(columns=columns, fill_value="")
    frame.to_csv(path, index=False, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)


def _latest(dates: pd.Series, precision: pd.Series) -> pd.Series:
    def one(day: str, unit: str) -> str:
        if not day:
            return ""
        start = pd.Timestamp(day)
        if unit == "month":
            return (start + pd.offsets.MonthEnd(0)).date().isoformat()
        if unit == "year":
            return (start + pd.offsets.YearEnd(0)).date().isoformat()
        return day

    return pd.Series([one(d, p) for d, p in zip(dates, precision, strict=True)], index=dates.index)


def _fold(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _plain(text: str) -> str:
    text = text.replace("’", "'").replace("‘", "'")
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def _kind(name: str, canonical: str) -> str:
    if name == canonical:
        return "name"
    if re.fullmatch(r"[A-Z0-9.\-]{2,8}", name):
        return "acronym"
    if _plain(name) == _plain(canonical):
        return "spelling"
    if _plain(canonical).endswith(_plain(name)) or _plain(canonical).startswith(_plain(name)):
        return "short_name"
    words, canonical_words = set(_plain(name).split()), set(_plain(canonical).split())
    if len(words) >= 4 and len(words & canonical_words) >= len(words) / 2:
        return "translation"
    return "descriptive"


def _sentence(text: str, start: int, end: int) -> str:
    """The sentence around text[start:end], cut to at most 400 characters."""
    left = max(text.rfind(". ", 0, start), text.rfind("? ", 0, start), text.rfind("! ", 0, start))
    left = 0 if left < 0 else left + 2
    stops = [text.find(stop, end) for stop in (". ", "? ", "! ")]
    stops = [i for i in stops if i >= 0]
    right = min(stops) + 1 if stops else len(text)
    if right - left > 400:
        left = max(left, start - 150)
        right = min(right, end + 150)
        left = text.find(" ", left) + 1 if left > 0 and text[left - 1] != " " else left
        right = text.rfind(" ", 0, right) if right < len(text) else right
    quote = text[left:right].strip().lstrip("=+-@ ")
    return quote


def actor_names(actors: pd.DataFrame, sources: pd.DataFrame, folder: Path) -> pd.DataFrame:
    """One row per name of each actor per article using it, with a guessed kind."""
    texts = {  # paragraphs (lines) of each article, white space folded
        s: [_fold(line) for line in (folder / f).read_text(encoding="utf-8").splitlines()]
        for s, f in zip(sources["source_id"], sources["text_file"], strict=True)
        if (folder / f).is_file()
    }
    names_of = {
        a: [n, *[x.strip() for x in aliases.split(";") if x.strip()]]
        for a, n, aliases in zip(actors["actor_id"], actors["name"], actors["aliases"], strict=True)
    }
    every_name = sorted({n for names in names_of.values() for n in names}, key=len)
    rows = []
    for actor, names in names_of.items():
        for name in names:
            longer = [n for n in every_name if len(n) > len(name) and name in n]
            for source_id, paragraphs in texts.items():
                quote = _first_use(name, longer, paragraphs)
                if quote:
                    rows.append(
                        {
                            "actor_id": actor,
                            "name": name,
                            "kind": _kind(name, names[0]),
                            "source_id": source_id,
                            "quote": quote,
                        }
                    )
    frame = pd.DataFrame(rows)
    frame.insert(0, "name_id", [f"name-{i:04d}" for i in range(1, len(frame) + 1)])
    return frame


def _first_use(name: str, longer: list[str], paragraphs: list[str]) -> str | None:
    """The sentence of the first use of ``name`` not inside a longer name."""
    for text in paragraphs:
        covered = [(m.start(), m.end()) for o in longer for m in re.finditer(re.escape(o), text)]
        for m in re.finditer(rf"(?<!\w){re.escape(name)}(?!\w)", text):
            if not any(a <= m.start() and m.end() <= b for a, b in covered):
                return _sentence(text, m.start(), m.end())
    return None


def migrate(raw: Path, folder: Path) -> None:
    """Add the new columns and tables to the CSVs in ``raw``."""
    sources = _read(raw / "sources.csv")
    if "published_date_latest" not in sources:
        sources["published_date_latest"] = _latest(
            sources["published_date"], sources["published_date_precision"]
        )
    _write(sources, raw / "sources.csv", "sources")

    sanctions = _read(raw / "sanctions.csv")
    for column in ("imposed_date", "lifted_date"):
        if f"{column}_latest" not in sanctions:
            sanctions[f"{column}_latest"] = _latest(
                sanctions[column], sanctions[f"{column}_precision"]
            )
    if "date_inferred" not in sanctions:
        sanctions["date_inferred"] = "false"
    _write(sanctions, raw / "sanctions.csv", "sanctions")

    locations = _read(raw / "locations.csv")
    if "admin1_code" not in locations:
        locations["admin1_code"] = locations["admin1"].map(ADMIN1_CODES).fillna("")
    _write(locations, raw / "locations.csv", "locations")

    for name in ("event_reports", "casualties", "deployments"):
        _write(_read(raw / f"{name}.csv"), raw / f"{name}.csv", name)

    actors = _read(raw / "actors.csv")
    if not (raw / "actor_relations.csv").is_file():
        related = actors[actors["parent_actor_id"] != ""]
        relations = pd.DataFrame(
            {
                "actor_id": related["actor_id"],
                "relation": related["parent_relation"],
                "related_actor_id": related["parent_actor_id"],
                "source_id": related["source_id"],
                "quote": related["quote"],
            }
        )
        _write(relations, raw / "actor_relations.csv", "actor_relations")
    if not (raw / "actor_names.csv").is_file():
        _write(actor_names(actors, sources, folder), raw / "actor_names.csv", "actor_names")


if __name__ == "__main__":
    migrate(Path(sys.argv[1]), Path(sys.argv[2]))
