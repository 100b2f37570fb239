"""The table definitions: one pandera schema per table, the single source of truth.

Everything else that describes the tables (the Table Schemas in ``schemas/``,
``datapackage.json``, ``docs/codebook.md`` and the Parquet field metadata) is
generated from :data:`SCHEMAS` by :mod:`mali_conflict_data.build`.

This module imports pandera, so the package imports it only when validating.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pandera.pandas as pa

from mali_conflict_data import _rules as rules

# --- vocabularies ---------------------------------------------------------

DATE_PRECISIONS = ["day", "week", "month", "year", "range"]
PRECISION_WORDS = (
    "`day` (one day), `week` (2 to 7 days), `month` and `year` (the whole calendar "
    "period) or `range` (any other interval, e.g. 'early 2012', or 'after a dated fact and "
    "before publication')"
)

ACTOR_TYPES = [
    "state",
    "armed_forces",
    "government",
    "military_junta",
    "rebel_group",
    "jihadist_group",
    "militia",
    "private_military_company",
    "military_operation",
    "peacekeeping_mission",
    "multinational_force",
    "intergovernmental_organization",
    "political_movement",
    "person",
]
ACTOR_RELATIONS = ["splinter_of", "rebrand_of", "part_of"]
STATED_RELATIONS = [*ACTOR_RELATIONS, "broke_with"]
NAME_KINDS = [
    "name",
    "translation",
    "acronym",
    "short_name",
    "spelling",
    "misspelling",
    "former_name",
    "descriptive",
]

LOCATION_TYPES = ["country", "region", "admin1", "city", "town", "village", "site"]
GEO_PRECISIONS = ["site", "settlement", "admin1", "region", "country"]

EVENT_TYPES = [
    "coup",
    "attack",
    "battle",
    "air_strike",
    "violence_against_civilians",
    "reprisal",
    "abduction",
    "hostage_taking",
    "protest",
    "protest_clash",
    "capture",
    "recapture",
    "declaration",
    "condemnation",
    "resignation",
    "removal",
    "appointment",
    "detention",
    "release",
    "dissolution",
    "enforced_disappearance",
    "closure",
    "rebellion",
    "group_formation",
    "group_split",
    "mission_creation",
    "mission_renewal",
    "mission_deployment",
    "mission_expulsion",
    "intervention",
    "incursion",
    "displacement_warning",
    "property_destruction",
]
EVENT_ROLES = ["initiator", "target", "supporter", "subject", "party"]

# Each event type's category and its nearest ACLED and UCDP GED types: ONE table,
# read by `event_summary` (its mapped columns) and the codebook (shown with its caveats).
# A mapping of types is not a re-coding: ACLED and UCDP code incidents (UCDP only
# those with a death), where one row here may be a campaign, and they decide by
# the sides involved where this table can only say "or".
NO_EQUIVALENT = "no equivalent"
EVENT_CATEGORIES = [
    "political_violence",
    "demonstration",
    "strategic_development",
    "political_development",
]
CATEGORY_WORDS = (
    "`political_violence` (armed force used: attacks, battles, strikes, abductions), "
    "`demonstration` (protests, with or without clashes), `strategic_development` (a "
    "non-violent change in who holds or does what: coups, captures without fighting, "
    "arrests, group formations, deployments) or `political_development` (statements, "
    "appointments, mandates and other acts that are no conflict event: leave them out of "
    "counts of violence)"
)
_PV, _SD, _NO = "Political violence", "Strategic developments", NO_EQUIVALENT
_VAC, _ABD = "Violence against civilians", "Abduction/forced disappearance"
#: event_type -> (category, ACLED disorder_type, ACLED event_type, ACLED sub_event_type,
#: UCDP type_of_violence (1 state-based, 2 non-state, 3 one-sided), caveat).
EVENT_TYPE_MAPPING: dict[str, tuple[str, str, str, str, str, str]] = {
    "coup": ("strategic_development", _SD, _SD, "Other", _NO,
             "Any fighting during a coup is a separate event (battle) for ACLED and UCDP."),
    "attack": ("political_violence", _PV, f"Battles or {_VAC}", "Armed clash or Attack",
               "1, 2 or 3",
               "By the side attacked: armed forces (ACLED battles; UCDP 1 with a state as a "
               "side, else 2) or civilians (violence against civilians; UCDP 3)."),
    "battle": ("political_violence", _PV, "Battles", "Armed clash", "1 or 2",
               "UCDP 1 when a state is a side, 2 when none is."),
    "air_strike": ("political_violence", _PV, "Explosions/Remote violence",
                   "Air/drone strike", "1 or 3", "UCDP 3 when the strike targets civilians."),
    "violence_against_civilians": ("political_violence", _PV, _VAC, "Attack", "3", ""),
    "reprisal": ("political_violence", _PV, f"{_VAC} or Riots", "Attack or Mob violence",
                 "3 or no equivalent",
                 "A reprisal by a crowd is mob violence to ACLED and outside UCDP, which "
                 "counts organised actors only."),
    "abduction": ("political_violence", _PV, _VAC, _ABD, "3",
                  "UCDP counts it only if someone is killed."),
    "hostage_taking": ("political_violence", _PV, _VAC, _ABD, "3",
                       "UCDP counts it only if someone is killed."),
    "protest": ("demonstration", "Demonstrations", "Protests",
                "Peaceful protest or Protest with intervention", _NO, ""),
    "protest_clash": ("demonstration", "Demonstrations", "Protests or Riots",
                      "Excessive force against protesters or Violent demonstration", _NO,
                      "ACLED's sub-event type depends on who used force first."),
    "capture": ("political_violence", _PV, "Battles", "Non-state actor overtakes territory",
                "1 or 2",
                "Taken without fighting, it is ACLED's strategic development 'Non-violent "
                "transfer of territory' and outside UCDP."),
    "recapture": ("political_violence", _PV, "Battles", "Government regains territory", "1",
                  ""),
    "declaration": ("political_development", _NO, _NO, _NO, _NO, ""),
    "condemnation": ("political_development", _NO, _NO, _NO, _NO, ""),
    "resignation": ("political_development", _NO, _NO, _NO, _NO, ""),
    "removal": ("political_development", _NO, _NO, _NO, _NO, ""),
    "appointment": ("political_development", _NO, _NO, _NO, _NO, ""),
    "detention": ("strategic_development", _SD, _SD, "Arrests", _NO, ""),
    "release": ("political_development", _NO, _NO, _NO, _NO, ""),
    "dissolution": ("political_development", _NO, _NO, _NO, _NO, ""),
    "enforced_disappearance": ("political_violence", _PV, _VAC, _ABD, "3",
                               "UCDP counts it only if someone is killed."),
    "closure": ("political_development", _NO, _NO, _NO, _NO, ""),
    "rebellion": ("political_violence", _PV, "Battles", "Armed clash", "1",
                  "A rebellion lasting months is many incidents in ACLED and UCDP."),
    "group_formation": ("strategic_development", _SD, _SD, "Change to group/activity", _NO,
                        ""),
    "group_split": ("strategic_development", _SD, _SD, "Change to group/activity", _NO, ""),
    "mission_creation": ("political_development", _NO, _NO, _NO, _NO, ""),
    "mission_renewal": ("political_development", _NO, _NO, _NO, _NO, ""),
    "mission_deployment": ("strategic_development", _SD, _SD, "Change to group/activity",
                           _NO, ""),
    "mission_expulsion": ("strategic_development", _SD, _SD, "Change to group/activity",
                          _NO, ""),
    "intervention": ("political_violence", _PV, "Battles", "Armed clash", "1",
                     "A campaign: ACLED and UCDP code its clashes and strikes one by one."),
    "incursion": ("strategic_development", _SD, _SD, "Other", _NO, ""),
    "displacement_warning": ("political_development", _NO, _NO, _NO, _NO, ""),
    "property_destruction": ("strategic_development", _SD, _SD,
                             "Looting/property destruction", _NO, ""),
}  # fmt: skip
MAPPED_COLUMNS = (
    "category",
    "acled_disorder_type",
    "acled_event_type",
    "acled_sub_event_type",
    "ucdp_type_of_violence",
)


def mapped_values(column: str) -> list[str]:
    """The values ``EVENT_TYPE_MAPPING`` gives in one of :data:`MAPPED_COLUMNS`, sorted."""
    return sorted({row[MAPPED_COLUMNS.index(column)] for row in EVENT_TYPE_MAPPING.values()})


OUTCOMES = [
    "killed",
    "dead",
    "injured",
    "captured",
    "detained",
    "abducted",
    "disappeared",
    "missing",
    "displaced",
    "at_risk_of_displacement",
]
VICTIM_GROUPS = [
    "civilians",
    "soldiers",
    "militants",
    "hostages",
    "officials",
    "political_opponents",
    "unspecified",
]
QUALIFIERS = [
    "exact",
    "approximately",
    "at_least",
    "more_than",
    "at_most",
    "range",
    "vague",
    "unknown",
]

PERSONNEL_KINDS = ["troops", "personnel", "peacekeepers", "military_trainers"]
DEPLOYMENT_STATUSES = ["deployed", "arrived", "authorized", "planned", "pledged"]

MEASURES = [
    "economic_sanctions",
    "travel_restrictions",
    "membership_suspension",
    "security_assistance_suspension",
]

# --- column builders ------------------------------------------------------

SLUG = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"


def _column(dtype, description: str, *, nullable: bool = False, checks=None, **metadata):
    return pa.Column(
        dtype,
        checks=checks or [],
        nullable=nullable,
        description=description,
        metadata=metadata or None,
    )


def _id(description: str, pattern: str = SLUG, *, nullable: bool = False, unique=False):
    return _column(
        pd.StringDtype(),
        description,
        nullable=nullable,
        checks=[
            pa.Check.str_matches(
                pattern, name="id_pattern", error=f"must match the pattern {pattern}"
            )
        ],
        pattern=pattern,
        unique=unique,
    )


def _text(description: str, *, nullable: bool = False, max_length: int | None = None):
    checks = [pa.Check.str_length(min_value=1, name="not_empty", error="must not be empty")]
    if max_length:
        checks.append(
            pa.Check.str_length(
                max_value=max_length,
                name="too_long",
                error=f"must be at most {max_length} characters",
            )
        )
    return _column(
        pd.StringDtype(),
        description,
        nullable=nullable,
        checks=checks,
        free_text=True,
        max_length=max_length,
    )


def _vocabulary(description: str, values: list[str], *, nullable: bool = False):
    return _column(pd.CategoricalDtype(values), description, nullable=nullable, vocabulary=values)


def _date(description: str, *, nullable: bool = False):
    return _column(
        pa.Date,
        description,
        nullable=nullable,
        checks=[
            pa.Check(
                lambda s: s.map(lambda d: d >= dt.date(1900, 1, 1)),
                element_wise=False,
                name="date_too_early",
                error="must be on or after 1900-01-01",
            )
        ],
    )


def _flag(description: str, *, nullable: bool = False):
    return _column(pd.BooleanDtype(), description, nullable=nullable)


def _count(description: str):
    return _column(
        pd.Int64Dtype(),
        description,
        nullable=True,
        checks=[pa.Check.ge(0, name="negative_count", error="must not be negative")],
        minimum=0,
    )


def _list(description: str):
    return _column(object, description, checks=[rules.is_list_of_text()], list=True)


def _coordinate(description: str, low: float, high: float):
    return _column(
        pd.Float64Dtype(),
        description,
        nullable=True,
        checks=[
            pa.Check.in_range(
                low, high, name="coordinate_range", error=f"must lie between {low} and {high}"
            )
        ],
        minimum=low,
        maximum=high,
    )


def _pin(what: str) -> dict[str, pa.Column]:
    return {
        "source_id": _id(f"The article ({what}) was coded from; a `sources.source_id`."),
        "quote": _text(
            "A short verbatim excerpt of that article holding the fact or figure coded "
            "(at most 400 characters; whitespace may differ).",
            max_length=400,
        ),
    }


def _date_interval(start: str, end: str, *, nullable: bool = False) -> dict[str, pa.Column]:
    return {
        "date_start": _date(start, nullable=nullable),
        "date_end": _date(end, nullable=nullable),
        "date_precision": _vocabulary(
            f"How precisely the article dates it: {PRECISION_WORDS}. The reader's summary of "
            "the interval; `date_start` and `date_end` are the exact bounds.",
            DATE_PRECISIONS,
            nullable=nullable,
        ),
        "date_inferred": _flag(
            "True when the coder resolved the date from relative words ('on Friday', 'last "
            "March', 'thereafter', a day with no year) against other dated facts or the "
            "article's publication date.",
            nullable=nullable,
        ),
    }


def _possible_days(column: str, what: str, *, nullable: bool) -> dict[str, pa.Column]:
    """A date known only as an interval: earliest day, latest day, precision."""
    return {
        column: _date(
            f"Earliest day {what} (the day itself at precision `day`; the first day of the "
            "period otherwise)" + (", if the article dates it." if nullable else "."),
            nullable=nullable,
        ),
        f"{column}_latest": _date(
            f"Latest day {what}: equal to `{column}` at precision `day`, the last day of the "
            f"month or year at those precisions, the end of the interval the article allows "
            "at precision `range`.",
            nullable=nullable,
        ),
        f"{column}_precision": _vocabulary(
            f"How precisely the article dates it: {PRECISION_WORDS}.",
            DATE_PRECISIONS,
            nullable=nullable,
        ),
    }


def _figure() -> dict[str, pa.Column]:
    return {
        "low": _count("Lowest number the words allow (nullable)."),
        "best": _count("The number stated, when the words state one (nullable)."),
        "high": _count("Highest number the words allow (nullable)."),
        "qualifier": _vocabulary(
            "How the words bound the figure; see the coding guide for the rules.", QUALIFIERS
        ),
        "count_text": _text(
            "The words of the figure as written in the quote, e.g. 'more than 70'."
        ),
        "attributed_to": _text(
            "Who the article attributes the figure to (a ministry, a report), if it says.",
            nullable=True,
        ),
    }


def _schema(name: str, description: str, columns: dict, *, primary_key, foreign_keys=(), checks=()):
    return pa.DataFrameSchema(
        columns,
        checks=list(checks),
        name=name,
        description=description,
        unique=list(primary_key),
        strict=True,
        ordered=True,
        metadata={"primary_key": list(primary_key), "foreign_keys": list(foreign_keys)},
    )


def _fk(fields, table, reference_fields=None):
    fields = [fields] if isinstance(fields, str) else list(fields)
    return {
        "fields": fields,
        "reference": {"resource": table, "fields": reference_fields or fields},
    }


def _country_codes(what: str) -> dict[str, pa.Column]:
    """ISO 3166-1 numeric and Gleditsch-Ward codes of ``what``, to join UCDP and ACLED."""
    return {
        "country_iso_numeric": _id(
            f"ISO 3166-1 numeric code of the {what}, three digits (outside fact; `466` Mali, "
            "`012` Algeria), as ACLED's `iso` gives it without leading zeros. Empty where "
            "`country_iso3` is.",
            r"^[0-9]{3}$",
            nullable=True,
        ),
        "country_gw": _count(
            f"Gleditsch-Ward code of the {what} (outside fact; 432 Mali, 615 Algeria), as in "
            "UCDP's `country_id`. Empty where `country_iso3` is, or where no code is certain."
        ),
    }


# --- the tables -----------------------------------------------------------

SOURCES = _schema(
    "sources",
    "The articles the dataset is coded from, fingerprinted by the SHA-256 of their text.",
    {
        "source_id": _id("Identifier of the article.", unique=True),
        "title": _text("Title as published."),
        "publisher": _text("Publisher of the article."),
        "authors": _list("Authors as credited (empty when none is given)."),
        **_possible_days("published_date", "the article may have been published", nullable=False),
        "published_date_inferred": _flag(
            "True when the article states no date and the coder inferred it from its content "
            "(e.g. an article reporting an attack of 17 September 'and its aftermath' cannot "
            "be published before 18 September). No fact the article reports as having "
            "happened may start after `published_date_latest`."
        ),
        "published_date_note": _text(
            "How an inferred publication date was reached.", nullable=True
        ),
        "url": _text("Address the article was captured from."),
        "text_file": _text("File name of the captured text in the folder of source texts."),
        "text_sha256": _id(
            "SHA-256 of the captured text file's bytes (lower-case hex).", r"^[0-9a-f]{64}$"
        ),
    },
    primary_key=["source_id"],
    checks=rules.interval_checks(
        "published_date", "published_date_latest", "published_date_precision"
    ),
)

ACTORS = _schema(
    "actors",
    "Armed groups, state forces, missions, organisations, movements and people in the events.",
    {
        "actor_id": _id("Identifier of the actor.", unique=True),
        "name": _text("Canonical name."),
        "aliases": _list(
            "Every other name the articles use: acronyms, translations, rebrands, misspellings "
            "(each with its source and kind in `actor_names`)."
        ),
        "actor_type": _vocabulary("Kind of actor.", ACTOR_TYPES),
        "parent_actor_id": _id(
            "Actor this one is related to (an `actor_id`), if any: the coder's pick of the "
            "relations in `actor_relations`, where every stated relation has its own source.",
            nullable=True,
        ),
        "parent_relation": _vocabulary(
            "How it relates to `parent_actor_id`, as the article states it.",
            ACTOR_RELATIONS,
            nullable=True,
        ),
        "country_iso3": _id(
            "ISO 3166-1 alpha-3 code of the actor's country (outside fact; empty for "
            "international bodies).",
            r"^[A-Z]{3}$",
            nullable=True,
        ),
        "description": _text("Who the actor is, in the coder's own words."),
        **_pin("naming the actor and, where coded, its relation"),
    },
    primary_key=["actor_id"],
    foreign_keys=[_fk("parent_actor_id", "actors", ["actor_id"]), _fk("source_id", "sources")],
    checks=[rules.both_or_neither("parent_actor_id", "parent_relation")],
)

ACTOR_NAMES = _schema(
    "actor_names",
    "Every name an article uses for an actor, one row per name per article, with its kind.",
    {
        "name_id": _id("Identifier of the row.", r"^name-\d{4,}$", unique=True),
        "actor_id": _id("The actor; an `actors.actor_id`."),
        "name": _text("The name exactly as the article writes it (its spelling, its typos)."),
        "kind": _vocabulary(
            "What kind of name it is: `name` (the actor's name in the article's own language "
            "or the one the actor uses), `translation` (an English rendering of a name in "
            "another language; two different renderings for one actor are listed by "
            "`disagreements()`), `acronym`, `short_name` ('Keita', 'Barkhane'), `spelling` (a "
            "variant spelling, transliteration or accent), `misspelling` (the article's typo), "
            "`former_name` or `descriptive` (a description used as a name: 'Russian "
            "mercenaries', 'blue helmets').",
            NAME_KINDS,
        ),
        **_pin("using the name"),
    },
    primary_key=["name_id"],
    foreign_keys=[_fk("actor_id", "actors"), _fk("source_id", "sources")],
)

ACTOR_RELATIONS = _schema(
    "actor_relations",
    "Every relation between two actors an article states (who split from, rebranded or is part "
    "of whom), one row per relation per article.",
    {
        "actor_id": _id("The actor the relation is stated of; an `actors.actor_id`."),
        "relation": _vocabulary(
            "`splinter_of` (broke away from it, forming a new group), `rebrand_of` (a new name "
            "of a continuing actor), `part_of` (a unit, operation, body or person inside it) or "
            "`broke_with` (ended its alliance with it: the actor is the one that left), as the "
            "article states it. Relations stated differently by two articles (who split from "
            "whom) are listed by `disagreements()`.",
            STATED_RELATIONS,
        ),
        "related_actor_id": _id("The other actor; an `actors.actor_id`."),
        "note": _text("How the article states it, in the coder's words.", nullable=True),
        **_pin("stating the relation"),
    },
    primary_key=["actor_id", "relation", "related_actor_id", "source_id"],
    foreign_keys=[
        _fk("actor_id", "actors"),
        _fk("related_actor_id", "actors", ["actor_id"]),
        _fk("source_id", "sources"),
    ],
)

LOCATIONS = _schema(
    "locations",
    "Places events and deployments refer to, with coordinates from public gazetteers.",
    {
        "location_id": _id("Identifier of the place.", unique=True),
        "name": _text("Canonical name (the gazetteer's spelling)."),
        "aliases": _list("Other spellings the articles use, misspellings included."),
        "location_type": _vocabulary("Kind of place.", LOCATION_TYPES),
        "country_iso3": _id(
            "ISO 3166-1 alpha-3 code of the country (outside fact; empty for regions that span "
            "countries).",
            r"^[A-Z]{3}$",
            nullable=True,
        ),
        **_country_codes("country"),
        "admin1": _text(
            "First-level administrative division (outside fact): for Mali the region (or the "
            "Bamako District) under the regional reform adopted in February 2023 (19 regions "
            "and the District), elsewhere the country's first-level division.",
            nullable=True,
        ),
        "admin1_code": _id(
            "ISO 3166-2 code of `admin1` (outside fact), e.g. `ML-7` (Gao) or `ML-BKO` "
            "(Bamako). Empty where ISO 3166-2 gives the region no code: ISO 3166-2:ML lists "
            "the District and ten regions (ML-1 to ML-10), not the regions created by the "
            "2023 reform such as Douentza and Bandiagara.",
            r"^[A-Z]{2}-[A-Z0-9]{1,3}$",
            nullable=True,
        ),
        "latitude": _coordinate("Latitude in decimal degrees, WGS84 (outside fact).", -90, 90),
        "longitude": _coordinate("Longitude in decimal degrees, WGS84 (outside fact).", -180, 180),
        "geo_precision": _vocabulary(
            "What the coordinates stand for: a `site`, a `settlement`'s centre, the centre of "
            "an `admin1` region, of a wider `region` or of a `country`; empty when no "
            "coordinates were found.",
            GEO_PRECISIONS,
            nullable=True,
        ),
        "geonames_id": _count("GeoNames identifier, where one was found (outside fact)."),
        **_pin("naming the place"),
    },
    primary_key=["location_id"],
    foreign_keys=[_fk("source_id", "sources")],
    checks=[
        rules.both_or_neither("latitude", "longitude"),
        rules.both_or_neither("latitude", "geo_precision"),
        rules.needs("admin1_code", "admin1"),
        rules.needs("country_iso_numeric", "country_iso3"),
        rules.needs("country_gw", "country_iso3"),
    ],
)

EVENTS = _schema(
    "events",
    "Things that happened at a time and place. One row per event; further articles reporting "
    "it are linked in `event_reports`.",
    {
        "event_id": _id("Identifier of the event.", r"^ev-[a-z0-9]+(?:-[a-z0-9]+)*$", unique=True),
        "event_type": _vocabulary("Kind of event.", EVENT_TYPES),
        **_date_interval(
            "Earliest day the event may have happened (its first day, for an event lasting "
            "several days). The interval `date_start` to `date_end` holds every day the "
            "article allows, and no other.",
            "Latest day the event may have happened (its last day, for an event lasting "
            "several days); never after its article's `published_date_latest`.",
        ),
        "date_note": _text("How the date was resolved, when it was not stated.", nullable=True),
        "location_id": _id("Where it happened; a `locations.location_id`."),
        "description": _text("What happened, in the coder's own words."),
        "attributed_to": _text(
            "Who the article attributes the account to (an agency, an official), if it says.",
            nullable=True,
        ),
        **_pin("first coded for this event"),
    },
    primary_key=["event_id"],
    foreign_keys=[_fk("location_id", "locations"), _fk("source_id", "sources")],
    checks=rules.interval_checks(),
)

EVENT_REPORTS = _schema(
    "event_reports",
    "Further articles reporting an event, besides the one in `events.source_id`.",
    {
        "event_id": _id("The event; an `events.event_id`.", r"^ev-[a-z0-9]+(?:-[a-z0-9]+)*$"),
        **_pin("reporting the event"),
        **_date_interval(
            "Earliest day this article allows for the event, when it dates the event itself "
            "(empty when it gives no date); its quote holds the dating words.",
            "Latest day this article allows for the event, when it dates it.",
            nullable=True,
        ),
        "note": _text(
            "What this report adds or how it differs, in the coder's words.", nullable=True
        ),
    },
    primary_key=["event_id", "source_id"],
    foreign_keys=[_fk("event_id", "events"), _fk("source_id", "sources")],
    checks=[
        rules.filled_together(["date_start", "date_end", "date_precision", "date_inferred"]),
        *rules.interval_checks(),
    ],
)

EVENT_ACTORS = _schema(
    "event_actors",
    "Who took part in each event, and in what role.",
    {
        "event_id": _id("The event; an `events.event_id`.", r"^ev-[a-z0-9]+(?:-[a-z0-9]+)*$"),
        "actor_id": _id("The actor; an `actors.actor_id`."),
        "role": _vocabulary(
            "`initiator` (carried it out), `target` (it was aimed at), `supporter` (backed the "
            "initiator), `subject` (the person appointed, detained, released, who resigned) or "
            "`party` (one side of a battle or clash when the article does not say who started "
            "it or at whom it was aimed: 'the MNLA faced-off against the Islamist groups').",
            EVENT_ROLES,
        ),
        **_pin("naming the actor in the event"),
    },
    primary_key=["event_id", "actor_id", "role"],
    foreign_keys=[
        _fk("event_id", "events"),
        _fk("actor_id", "actors"),
        _fk("source_id", "sources"),
    ],
)

CASUALTIES = _schema(
    "casualties",
    "Every human-cost figure, one row per figure per article, with its uncertainty.",
    {
        "casualty_id": _id("Identifier of the figure.", r"^cas-\d{4,}$", unique=True),
        "event_id": _id("The event; an `events.event_id`.", r"^ev-[a-z0-9]+(?:-[a-z0-9]+)*$"),
        "outcome": _vocabulary(
            "What happened to the people counted; `dead` when the article reports deaths "
            "without saying they were killed ('found dead').",
            OUTCOMES,
        ),
        "victim_group": _vocabulary("Who they were.", VICTIM_GROUPS),
        "victim_detail": _text("Further detail the article gives on them.", nullable=True),
        "part_of_casualty_id": _id(
            "The figure this one is part of ('three Americans among the dead' within 'at least "
            "37 hostages'), a `casualty_id` of the same event, article and outcome; totals count "
            "the part once, within its whole.",
            r"^cas-\d{4,}$",
            nullable=True,
        ),
        **_figure(),
        **_pin("stating the figure"),
    },
    primary_key=["casualty_id"],
    foreign_keys=[
        _fk("event_id", "events"),
        _fk("part_of_casualty_id", "casualties", ["casualty_id"]),
        _fk("source_id", "sources"),
    ],
    checks=[
        *rules.figure_checks(),
        *rules.part_of_checks(
            "casualty_id", "part_of_casualty_id", ["event_id", "source_id", "outcome"]
        ),
    ],
)

DEPLOYMENTS = _schema(
    "deployments",
    "Personnel figures of forces and missions, one row per figure per article.",
    {
        "deployment_id": _id("Identifier of the figure.", r"^dep-\d{4,}$", unique=True),
        "force_actor_id": _id("The force or mission; an `actors.actor_id`."),
        "contributor_actor_id": _id(
            "The state or body providing the personnel, when the article names it.", nullable=True
        ),
        "personnel_kind": _vocabulary("What kind of personnel is counted.", PERSONNEL_KINDS),
        "status": _vocabulary(
            "`deployed` (present), `arrived` (newly arrived), `authorized` (mandated ceiling), "
            "`planned` (expected) or `pledged` (offered).",
            DEPLOYMENT_STATUSES,
        ),
        "area_location_id": _id("Area the figure covers; a `locations.location_id`."),
        **_date_interval(
            "Earliest day the period the figure holds for may start (the figure is claimed "
            "over a period lying within `date_start` to `date_end`).",
            "Latest day that period may end; a present-tense figure holds to its article's "
            "publication (`published_date_latest`).",
        ),
        "date_note": _text("How the period was resolved, when it was not stated.", nullable=True),
        "description": _text("What the figure is, in the coder's own words."),
        "part_of_deployment_id": _id(
            "The figure this one is part of, a `deployment_id` of the same force, status and "
            "article; totals count the part once, within its whole.",
            r"^dep-\d{4,}$",
            nullable=True,
        ),
        **_figure(),
        **_pin("stating the figure"),
    },
    primary_key=["deployment_id"],
    foreign_keys=[
        _fk("force_actor_id", "actors", ["actor_id"]),
        _fk("contributor_actor_id", "actors", ["actor_id"]),
        _fk("area_location_id", "locations", ["location_id"]),
        _fk("part_of_deployment_id", "deployments", ["deployment_id"]),
        _fk("source_id", "sources"),
    ],
    checks=[
        *rules.interval_checks(),
        *rules.figure_checks(),
        *rules.part_of_checks(
            "deployment_id", "part_of_deployment_id", ["force_actor_id", "status", "source_id"]
        ),
    ],
)

SANCTIONS = _schema(
    "sanctions",
    "Punitive measures, one row per measure per article (reports of one measure linked by "
    "`same_measure_as`); the lifting is pinned to its own quote.",
    {
        "sanction_id": _id(
            "Identifier of this article's report of the measure.", r"^san-\d{4,}$", unique=True
        ),
        "same_measure_as": _id(
            "The first report (a `sanction_id`) of the same measure, when this row is another "
            "article's report of a measure already recorded (as `event_reports` are of an "
            "event); empty on a first report. The measure is identified by its first report: "
            "`same_measure_as`, else `sanction_id`. Each report keeps its own claim (target, "
            "kind, dates), so the articles may disagree; `mali_conflict_data.in_force()` counts "
            "measures, not rows.",
            r"^san-\d{4,}$",
            nullable=True,
        ),
        "sender_actor_id": _id("Who imposed it; an `actors.actor_id`."),
        "target_actor_id": _id(
            "On whom; an `actors.actor_id`. Empty when the article does not say on whom.",
            nullable=True,
        ),
        "measure": _vocabulary("Kind of measure.", MEASURES),
        **_possible_days("imposed_date", "it may have been imposed", nullable=True),
        **_possible_days("lifted_date", "it may have been lifted", nullable=True),
        "date_inferred": _flag(
            "True when a date was resolved from context (relative words, a month given in a "
            "passage on another date, 'thereafter') rather than stated with the fact."
        ),
        "date_note": _text(
            "How the dates were resolved, when they were not stated.", nullable=True
        ),
        "description": _text("The measure, in the coder's own words."),
        **_pin("reporting the measure"),
        "lifted_source_id": _id(
            "The article reporting that it was lifted; empty while none does.", nullable=True
        ),
        "lifted_quote": _text(
            "Verbatim excerpt of that article reporting the lifting.", nullable=True, max_length=400
        ),
    },
    primary_key=["sanction_id"],
    foreign_keys=[
        _fk("sender_actor_id", "actors", ["actor_id"]),
        _fk("target_actor_id", "actors", ["actor_id"]),
        _fk("source_id", "sources"),
        _fk("lifted_source_id", "sources", ["source_id"]),
        _fk("same_measure_as", "sanctions", ["sanction_id"]),
    ],
    checks=[
        *rules.further_report_checks("sanction_id", "same_measure_as", ["sender_actor_id"]),
        rules.filled_together(["imposed_date", "imposed_date_latest", "imposed_date_precision"]),
        rules.filled_together(["lifted_date", "lifted_date_latest", "lifted_date_precision"]),
        rules.both_or_neither("lifted_source_id", "lifted_quote"),
        *rules.interval_checks("imposed_date", "imposed_date_latest", "imposed_date_precision"),
        *rules.interval_checks("lifted_date", "lifted_date_latest", "lifted_date_precision"),
        rules.lifted_needs_source(),
        rules.not_before("lifted_date_latest", "imposed_date"),
    ],
)

SCHEMAS: dict[str, pa.DataFrameSchema] = {
    s.name: s
    for s in (
        SOURCES,
        ACTORS,
        ACTOR_NAMES,
        ACTOR_RELATIONS,
        LOCATIONS,
        EVENTS,
        EVENT_REPORTS,
        EVENT_ACTORS,
        CASUALTIES,
        DEPLOYMENTS,
        SANCTIONS,
    )
}
