"""The data model: every table and column of the dataset, declared once.

Each column is a :class:`Column` (its kind, vocabulary, pattern, description and
what it means to the rules: a quote and the column naming its article, a bound
of a figure); each table is a :class:`Table` (its columns, keys, rules and the
dates it reports as facts). Shared fields (country codes, event ids, figures,
date intervals, source pins) are declared once below and reused by name.

Everything else is generated from this module: the pandera schemas
(:mod:`mali_conflict_data.schema`), the Table Schemas in ``schemas/``,
``datapackage.json``, the codebook, the Parquet types, the CSV reader's
conversions, the cross-table rules' column lists, ``event_summary``'s columns
and the report's colour domains. To add a column, add it to its table here (and
to the data); see CONTRIBUTING.md.

This module imports nothing heavy (no pandas, no pandera), so anything may use it.

>>> TABLES["events"].columns["event_type"].kind
'vocabulary'
>>> TABLES["casualties"].quote_columns()
[('quote', 'source_id')]
"""

from __future__ import annotations

from dataclasses import dataclass, replace

# --- the model's classes ----------------------------------------------------

#: Column kinds: name -> (Frictionless Table Schema type, word used in the codebook).
KINDS = {
    "id": ("string", "string"),
    "text": ("string", "string"),
    "vocabulary": ("string", "categorical"),
    "date": ("date", "date"),
    "flag": ("boolean", "boolean"),
    "count": ("integer", "integer"),
    "number": ("number", "number"),
    "list": ("any", "list of strings"),
}


@dataclass(frozen=True)
class Column:
    """One column: what it holds and the rules it obeys on its own."""

    kind: str
    description: str
    required: bool = True
    #: Regular expression every value matches (ids, codes).
    pattern: str | None = None
    #: The allowed values of a ``vocabulary`` column, in order.
    vocabulary: tuple[str, ...] | None = None
    unique: bool = False
    max_length: int | None = None
    minimum: float | None = None
    maximum: float | None = None
    #: For a verbatim quote: the column naming the article it is quoted from.
    quote_of: str | None = None
    #: For the words next to a quote: (the quote column, ``prefix`` or ``suffix``).
    context_of: tuple[str, str] | None = None
    #: For a figure: which bound it is (``low``, ``best`` or ``high``).
    bound: str | None = None

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown column kind {self.kind!r}; expected one of {list(KINDS)}")

    @property
    def nullable(self) -> bool:
        """Whether the column may be empty."""
        return not self.required

    def described(self, description: str) -> Column:
        """The same column with another description (a shared field, said of its table)."""
        return replace(self, description=description)


@dataclass(frozen=True)
class ForeignKey:
    """``fields`` of a table refer to ``reference_fields`` of ``resource``."""

    fields: tuple[str, ...]
    resource: str
    reference_fields: tuple[str, ...]


@dataclass(frozen=True)
class Rule:
    """A rule over several columns of a row; ``kind`` names it, ``columns`` are what it reads.

    The kinds are implemented in :mod:`mali_conflict_data._rules`, one function each.
    """

    kind: str
    columns: tuple[str, ...]
    #: Further columns the rule compares (``part_of``: those a part shares with its whole).
    same: tuple[str, ...] = ()


@dataclass(frozen=True)
class FactDate:
    """A date a row reports as having happened, so not after its article's publication.

    ``start`` must not be after the article's last possible day; ``end`` (if given)
    neither. ``only_when`` limits the check to rows whose column holds one of the values.
    """

    start: str
    end: str | None = None
    source: str = "source_id"
    only_when: tuple[str, tuple[str, ...]] | None = None


@dataclass(frozen=True)
class Table:
    """One table: its columns in order, its keys, its rules and its fact dates."""

    name: str
    description: str
    columns: dict[str, Column]
    primary_key: tuple[str, ...]
    foreign_keys: tuple[ForeignKey, ...] = ()
    rules: tuple[Rule, ...] = ()
    fact_dates: tuple[FactDate, ...] = ()
    #: Derived at build time from the coded tables (not read from ``raw/``).
    derived: bool = False
    #: Each row says an article reports an event (``events``, ``event_reports``).
    reports_events: bool = False

    def quote_columns(self) -> list[tuple[str, str]]:
        """(quote column, column naming its article) pairs."""
        return [(n, c.quote_of) for n, c in self.columns.items() if c.quote_of]

    def quote_contexts(self) -> dict[str, dict[str, str]]:
        """Quote column -> {``prefix``/``suffix``: the column holding the words beside it}.

        >>> TABLES["events"].quote_contexts()
        {'quote': {'prefix': 'quote_prefix', 'suffix': 'quote_suffix'}}
        """
        found: dict[str, dict[str, str]] = {}
        for name, column in self.columns.items():
            if column.context_of:
                quote, side = column.context_of
                found.setdefault(quote, {})[side] = name
        return found

    def references(self, resource: str) -> list[ForeignKey]:
        """The foreign keys of this table that refer to ``resource``."""
        return [fk for fk in self.foreign_keys if fk.resource == resource]

    def about_events(self) -> bool:
        """Whether each row is a claim about one event (an ``event_id`` referring to events)."""
        return any(fk.fields == ("event_id",) for fk in self.references("events"))


def reporting_tables(tables: dict[str, Table]) -> list[str]:
    """The tables whose rows say which article reports which event.

    >>> reporting_tables(TABLES)
    ['events', 'event_reports']
    """
    return [name for name, table in tables.items() if table.reports_events]


def event_claim_tables(tables: dict[str, Table]) -> list[str]:
    """The tables whose rows are claims about an event by an article that must report it.

    >>> event_claim_tables(TABLES)
    ['event_actors', 'casualties']
    """
    return [
        name
        for name, table in tables.items()
        if table.about_events() and not table.reports_events and not table.derived
    ]


# --- vocabularies ---------------------------------------------------------

DATE_PRECISIONS = ["day", "week", "month", "year", "range"]
#: How a date known at each precision is written: the leading characters of its ISO
#: day kept (``2020-08-18``, ``2020-08``, ``2020``); None: written as an interval.
DATE_SHOWN = {"day": 10, "week": None, "month": 7, "year": 4, "range": None}
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
#: The relation an actor row names for its parent (``actors.parent_relation``).
PARENT_RELATIONS = ["splinter_of", "rebrand_of", "part_of"]
#: Every relation an article may state (``actor_relations.relation``).
STATED_RELATIONS = [
    *PARENT_RELATIONS,
    "broke_with",
    "allied_with",
    "affiliated_with",
    "recruited_from",
]
#: Relations with a direction (who split from, left or belongs to whom); the others (an
#: alliance, a link, recruiting) can hold both ways at once.
DIRECTED_RELATIONS = ["splinter_of", "rebrand_of", "part_of", "broke_with"]
#: Relations that say where an actor came from: it has one origin only.
ORIGIN_RELATIONS = ["splinter_of", "rebrand_of"]
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
#: The precisions whose coordinates are a point on the ground (a site, a settlement's
#: centre); the others stand for the centre of an area.
POINT_PRECISIONS = ["site", "settlement"]

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
    "alliance_break",
    "mission_creation",
    "mission_renewal",
    "mission_deployment",
    "mission_expulsion",
    "intervention",
    "incursion",
    "displacement_warning",
    "property_destruction",
    "base_established",
]
# Each event type's category and its nearest ACLED and UCDP GED types: ONE table,
# read by `event_summary` (its mapped columns) and the codebook (shown with its caveats).
# A mapping of types is not a re-coding: ACLED and UCDP code incidents (UCDP only
# those with a death), where one row here may be a campaign, and they decide by
# the sides involved: each cell holds the one value of their vocabulary nearest to the
# event type as this dataset uses it, and the caveat names the other readings.
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
#: The ACLED and UCDP codebooks the mapping was checked against (cited in the codebook).
ACLED_SOURCE = (
    "ACLED Codebook, 2023 edition and edition of 7 October 2024 (ACLED Events: Event Types "
    "and Sub-Event Types; the disorder type of each sub-event type)"
)
UCDP_SOURCE = (
    "UCDP Georeferenced Event Dataset (GED) Codebook, version 22.1 (p. 4: an event is 'an "
    "incident where armed force was used by an organised actor against another organized "
    "actor, or against civilians, resulting in at least 1 direct death'; type_of_violence)"
)
#: ACLED's published vocabulary (:data:`ACLED_SOURCE`): each event_type with its
#: sub_event_types, in the codebook's order.
ACLED_EVENT_TYPES: dict[str, tuple[str, ...]] = {
    "Battles": ("Government regains territory", "Non-state actor overtakes territory",
                "Armed clash"),
    "Protests": ("Excessive force against protesters", "Protest with intervention",
                 "Peaceful protest"),
    "Riots": ("Violent demonstration", "Mob violence"),
    "Explosions/Remote violence": ("Chemical weapon", "Air/drone strike", "Suicide bomb",
                                   "Shelling/artillery/missile attack",
                                   "Remote explosive/landmine/IED", "Grenade"),
    "Violence against civilians": ("Sexual violence", "Attack",
                                   "Abduction/forced disappearance"),
    "Strategic developments": ("Agreement", "Arrests", "Change to group/activity",
                               "Disrupted weapons use", "Headquarters or base established",
                               "Looting/property destruction",
                               "Non-violent transfer of territory", "Other"),
}  # fmt: skip
#: ACLED's disorder_type values (:data:`ACLED_SOURCE`).
ACLED_DISORDER_TYPES = [
    "Political violence",
    "Demonstrations",
    "Political violence; Demonstrations",
    "Strategic developments",
]
#: The disorder_type of each ACLED event_type, and the sub_event_types whose differs.
ACLED_DISORDER_OF_EVENT = {
    "Battles": "Political violence",
    "Protests": "Demonstrations",
    "Riots": "Demonstrations",
    "Explosions/Remote violence": "Political violence",
    "Violence against civilians": "Political violence",
    "Strategic developments": "Strategic developments",
}
ACLED_DISORDER_OF_SUB_EVENT = {
    "Excessive force against protesters": "Political violence; Demonstrations",
    "Mob violence": "Political violence",
}


def acled_disorder_type(event_type: str, sub_event_type: str) -> str:
    """The disorder_type ACLED gives a sub-event type of an event type.

    >>> acled_disorder_type("Riots", "Mob violence")
    'Political violence'
    >>> acled_disorder_type("Riots", "Violent demonstration")
    'Demonstrations'
    """
    return ACLED_DISORDER_OF_SUB_EVENT.get(sub_event_type, ACLED_DISORDER_OF_EVENT[event_type])


#: UCDP GED's type_of_violence codes (:data:`UCDP_SOURCE`), as the mapping writes them.
UCDP_TYPES_OF_VIOLENCE = {
    "1": "state-based conflict",
    "2": "non-state conflict",
    "3": "one-sided violence",
}
#: The ACLED disorder types each category of this dataset maps to (else no equivalent).
CATEGORY_DISORDERS = {
    "political_violence": ["Political violence"],
    "demonstration": ["Demonstrations", "Political violence; Demonstrations"],
    "strategic_development": ["Strategic developments"],
    "political_development": [NO_EQUIVALENT],
}
_PV, _SD, _NO = "Political violence", "Strategic developments", NO_EQUIVALENT
_VAC, _ABD = "Violence against civilians", "Abduction/forced disappearance"
_DEATH = (
    "A UCDP event needs at least one direct death: if someone is killed, one-sided violence (3)."
)
_GROUP = "Change to group/activity"
#: event_type -> (category, ACLED disorder_type, ACLED event_type, ACLED sub_event_type,
#: UCDP type_of_violence (1 state-based, 2 non-state, 3 one-sided), caveat): each value is
#: one of the codebooks' (ACLED_EVENT_TYPES, ACLED_DISORDER_TYPES, UCDP_TYPES_OF_VIOLENCE)
#: or "no equivalent".
EVENT_TYPE_MAPPING: dict[str, tuple[str, str, str, str, str, str]] = {
    "coup": ("strategic_development", _SD, _SD, "Other", _NO,
             "ACLED has no coup sub-event type: a seizure of power without fighting is a "
             "significant development of no other kind ('Other'); fighting during it is a "
             "separate battle. A bloodless coup is no UCDP event (no death)."),
    "attack": ("political_violence", _PV, "Battles", "Armed clash", "1",
               "As coded here, an armed group's attack on state forces. An attack on "
               "civilians is ACLED's Violence against civilians / Attack and UCDP 3; one "
               "between two non-state groups UCDP 2."),
    "battle": ("political_violence", _PV, "Battles", "Armed clash", "1",
               "UCDP 1 when a state is a side, 2 when none is (the MNLA against the "
               "Islamists at Gao, 2012)."),
    "air_strike": ("political_violence", _PV, "Explosions/Remote violence",
                   "Air/drone strike", "1", "UCDP 3 when the strike targets civilians."),
    "violence_against_civilians": ("political_violence", _PV, _VAC, "Attack", "3",
                                   "UCDP keeps one-sided violence only of an actor killing "
                                   "at least 25 civilians in a calendar year."),
    "reprisal": ("political_violence", _PV, "Riots", "Mob violence", _NO,
                 "As coded here, a crowd's or vigilantes' reprisal: mob violence to ACLED and "
                 "outside UCDP, which counts organised actors only. A reprisal by an armed "
                 "group on civilians is ACLED's Violence against civilians / Attack and UCDP 3."),
    "abduction": ("political_violence", _PV, _VAC, _ABD, _NO, _DEATH),
    "hostage_taking": ("political_violence", _PV, _VAC, _ABD, _NO,
                       _DEATH + " Deaths in a rescue are a separate battle."),
    "protest": ("demonstration", "Demonstrations", "Protests", "Peaceful protest", _NO,
                "ACLED's 'Protest with intervention' when the authorities try to disperse it "
                "without serious injury."),
    "protest_clash": ("demonstration", "Demonstrations", "Riots", "Violent demonstration",
                      _NO,
                      "The articles say only 'a clash' with deaths. If the security forces "
                      "used lethal force on peaceful protesters, ACLED codes Protests / "
                      "Excessive force against protesters (disorder 'Political violence; "
                      "Demonstrations'), and UCDP may count the state's killing of civilians "
                      "as one-sided violence (3)."),
    "capture": ("political_violence", _PV, "Battles", "Non-state actor overtakes territory",
                "1",
                "Taken without fighting, it is ACLED's Strategic developments / Non-violent "
                "transfer of territory and no UCDP event; taken from another non-state "
                "group, UCDP 2."),
    "recapture": ("political_violence", _PV, "Battles", "Government regains territory", "1",
                  "ACLED's sub-event type covers the government and forces acting for it."),
    "declaration": ("political_development", _NO, _NO, _NO, _NO, ""),
    "condemnation": ("political_development", _NO, _NO, _NO, _NO, ""),
    "resignation": ("political_development", _NO, _NO, _NO, _NO, ""),
    "removal": ("political_development", _NO, _NO, _NO, _NO, ""),
    "appointment": ("political_development", _NO, _NO, _NO, _NO, ""),
    "detention": ("strategic_development", _SD, _SD, "Arrests", _NO,
                  "ACLED codes arrests of significant people, or mass arrests, only."),
    "release": ("political_development", _NO, _NO, _NO, _NO,
                "A release negotiated between parties may be ACLED's Strategic developments "
                "/ Agreement; one by the detaining side alone is not mapped."),
    "dissolution": ("political_development", _NO, _NO, _NO, _NO, ""),
    "enforced_disappearance": ("political_violence", _PV, _VAC, _ABD, _NO, _DEATH),
    "closure": ("political_development", _NO, _NO, _NO, _NO, ""),
    "rebellion": ("political_violence", _PV, "Battles", "Armed clash", "1",
                  "A rebellion lasting months is many incidents in ACLED and UCDP."),
    "group_formation": ("strategic_development", _SD, _SD, _GROUP, _NO, ""),
    "group_split": ("strategic_development", _SD, _SD, _GROUP, _NO, ""),
    "alliance_break": ("strategic_development", _SD, _SD, _GROUP, _NO,
                       "Uncertain: the nearest sub-event type for a change in a group's "
                       "alliances; fighting between the former allies is a battle (UCDP 2)."),
    "mission_creation": ("political_development", _NO, _NO, _NO, _NO,
                         "A mandate is a decision, not an event ACLED or UCDP codes."),
    "mission_renewal": ("political_development", _NO, _NO, _NO, _NO,
                        "A mandate is a decision, not an event ACLED or UCDP codes."),
    "mission_deployment": ("strategic_development", _SD, _SD, _GROUP, _NO,
                           "Uncertain: a force starting operations is a change to its "
                           "activity; a base it sets up is 'Headquarters or base "
                           "established'."),
    "mission_expulsion": ("strategic_development", _SD, _SD, _GROUP, _NO,
                          "Uncertain: the government's order is no ACLED event; the "
                          "forces' withdrawal is at most a change to their activity."),
    "intervention": ("political_violence", _PV, "Battles", "Armed clash", "1",
                     "A campaign: ACLED and UCDP code its clashes and strikes one by one."),
    "incursion": ("strategic_development", _SD, _SD, "Other", _NO,
                  "Uncertain: an armed group's move into the country with no fighting "
                  "reported; a base it sets up is 'Headquarters or base established'."),
    "displacement_warning": ("political_development", _NO, _NO, _NO, _NO, ""),
    "property_destruction": ("strategic_development", _SD, _SD,
                             "Looting/property destruction", _NO,
                             "Destruction during violence against people is part of that "
                             "event."),
    "base_established": ("strategic_development", _SD, _SD,
                         "Headquarters or base established", _NO,
                         "No violence: outside UCDP. A base told as being built, with no "
                         "day, may be below what ACLED codes as an event."),
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


#: Roles of an actor in an event, each with the name of its column in ``event_summary``.
ROLE_COLUMNS = {
    "initiator": "initiators",
    "target": "targets",
    "supporter": "supporters",
    "subject": "subjects",
    "party": "parties",
}
EVENT_ROLES = list(ROLE_COLUMNS)
#: Pairs of roles one actor cannot hold in one event (a ``party`` or ``subject`` fits any).
CLASHING_ROLES = [("initiator", "target"), ("initiator", "supporter"), ("supporter", "target")]
#: The roles that oppose two actors in a dyad: the initiator against the target.
OPPOSING_ROLES = ("initiator", "target")
#: The role of each side of a clash whose articles do not say who started it.
SIDE_ROLE = "party"
#: Roles of a force in an event in which its members can be lost.
EXPOSED_ROLES = ["target", "party"]

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
#: The outcome headline figures and the map show (people killed, the count UCDP and
#: ACLED report as fatalities); other outcomes are never added to it.
HEADLINE_OUTCOME = "killed"
#: Outcomes that take members out of a force (killed, captured or detained members).
LOSS_OUTCOMES = ["killed", "captured", "detained"]
#: Victim groups that are members of a force.
MEMBER_GROUPS = ["militants", "soldiers"]
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

PERSONNEL_KINDS = ["troops", "personnel", "peacekeepers", "military_trainers", "fighters"]
#: The personnel kind that counts every other kind: a figure of troops is part of it.
EVERY_PERSONNEL_KIND = "personnel"
DEPLOYMENT_STATUSES = ["deployed", "arrived", "authorized", "planned", "pledged"]
#: Statuses that report a fact (personnel present or arrived), so dated by their article;
#: ``authorized``, ``planned`` and ``pledged`` figures may look ahead of it.
FACT_STATUSES = ["deployed", "arrived"]

MEASURES = [
    "economic_sanctions",
    "travel_restrictions",
    "membership_suspension",
    "security_assistance_suspension",
    "unspecified",
]

# --- column builders ------------------------------------------------------

SLUG = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
#: Every event id: ``ev-`` and a slug.
EVENT_ID = r"^ev-[a-z0-9]+(?:-[a-z0-9]+)*$"
#: Longest quote, in characters.
QUOTE_LENGTH = 400


def _id(description: str, pattern: str = SLUG, *, nullable: bool = False, unique=False) -> Column:
    return Column("id", description, required=not nullable, pattern=pattern, unique=unique)


def _text(description: str, *, nullable: bool = False, max_length: int | None = None) -> Column:
    return Column("text", description, required=not nullable, max_length=max_length)


def _quote(description: str, *, of: str, nullable: bool = False) -> Column:
    """A verbatim excerpt of the article named in column ``of``."""
    return Column("text", description, required=not nullable, max_length=QUOTE_LENGTH, quote_of=of)


def _vocabulary(description: str, values: list[str], *, nullable: bool = False) -> Column:
    return Column("vocabulary", description, required=not nullable, vocabulary=tuple(values))


def _date(description: str, *, nullable: bool = False) -> Column:
    return Column("date", description, required=not nullable)


def _flag(description: str, *, nullable: bool = False) -> Column:
    return Column("flag", description, required=not nullable)


def _count(
    description: str, *, minimum: int = 0, bound: str | None = None, required: bool = False
) -> Column:
    return Column("count", description, required=required, minimum=minimum, bound=bound)


def _list(description: str) -> Column:
    return Column("list", description)


def _coordinate(description: str, low: float, high: float) -> Column:
    return Column("number", description, required=False, minimum=low, maximum=high)


#: The longest prefix or suffix of a quote: a few words, enough to tell two occurrences apart.
CONTEXT_LENGTH = 100
#: Which side of its quote a context column stands on, and the words for it.
CONTEXT_SIDES = {"prefix": "just before", "suffix": "just after"}


def _context(side: str, of: str) -> Column:
    """The words of the article just before (``prefix``) or after (``suffix``) quote ``of``."""
    return Column(
        "text",
        f"The article's words {CONTEXT_SIDES[side]} the quote (only white space between), "
        "needed when the quote occurs more than once in its article: prefix, quote and "
        "suffix together occur once. The report's text-fragment links carry them "
        f"(`#:~:text=prefix-,quote,-suffix`). At most {CONTEXT_LENGTH} characters; "
        "usually empty.",
        required=False,
        max_length=CONTEXT_LENGTH,
        context_of=(of, side),
    )


def _pin(what: str) -> dict[str, Column]:
    return {
        "source_id": _id(f"The article ({what}) was coded from; a `sources.source_id`."),
        "quote": _quote(
            "A short verbatim excerpt of that article holding the fact or figure coded "
            f"(at most {QUOTE_LENGTH} characters; whitespace may differ).",
            of="source_id",
        ),
        "quote_prefix": _context("prefix", "quote"),
        "quote_suffix": _context("suffix", "quote"),
    }


def _date_interval(start: str, end: str, *, nullable: bool = False) -> dict[str, Column]:
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


def _possible_days(column: str, what: str, *, nullable: bool) -> dict[str, Column]:
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


#: The bounds of a figure, in order.
BOUNDS = ("low", "best", "high")


def _figure() -> dict[str, Column]:
    return {
        "low": _count("Lowest number the words allow (nullable).", bound="low"),
        "best": _count("The number stated, when the words state one (nullable).", bound="best"),
        "high": _count("Highest number the words allow (nullable).", bound="high"),
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


#: ISO 3166-1 alpha-3 country code (an outside fact), shared by several tables.
COUNTRY_ISO3 = _id(
    "ISO 3166-1 alpha-3 code of the country (outside fact; empty for regions that span countries).",
    r"^[A-Z]{3}$",
    nullable=True,
)


def _country_codes(what: str) -> dict[str, Column]:
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


#: A reference to an event.
EVENT_REF = _id("The event; an `events.event_id`.", EVENT_ID)


def _schema(
    name: str,
    description: str,
    columns: dict[str, Column],
    *,
    primary_key,
    foreign_keys=(),
    rules=(),
    fact_dates=(),
    derived: bool = False,
    reports_events: bool = False,
) -> Table:
    return Table(
        name,
        description,
        dict(columns),
        tuple(primary_key),
        tuple(foreign_keys),
        tuple(rules),
        tuple(fact_dates),
        derived,
        reports_events,
    )


def _fk(fields, table, reference_fields=None) -> ForeignKey:
    fields = (fields,) if isinstance(fields, str) else tuple(fields)
    return ForeignKey(fields, table, tuple(reference_fields or fields))


def _first_report(id_column: str, thing: str, pattern: str, *, claims: str, counted: str) -> Column:
    """The column linking another article's report of one ``thing`` to its first report.

    One declaration for every table holding one row per report per article
    (``sanctions.same_measure_as``, ``deployments.same_figure_as``); its rules are
    :func:`further_report` (another row, itself a first report, of the same thing
    and from another article) and a foreign key to ``id_column``.
    """
    return _id(
        f"The first report (a `{id_column}`) of the same {thing}, when this row is another "
        f"article's report of a {thing} already recorded (as `event_reports` are of an "
        f"event); empty on a first report. The {thing} is identified by its first report: "
        f"this column, else `{id_column}`. Each report keeps its own claim ({claims}), so "
        f"the articles may differ; {counted}.",
        pattern,
        nullable=True,
    )


# --- rule builders (the rule kinds of _rules.py) ---------------------------


def both_or_neither(a: str, b: str) -> Rule:
    """Columns ``a`` and ``b`` are both filled or both empty."""
    return Rule("both_or_neither", (a, b))


def needs(column: str, required: str) -> Rule:
    """``column`` is filled only where ``required`` is filled too."""
    return Rule("needs", (column, required))


def filled_together(columns: list[str]) -> Rule:
    """The ``columns`` are all filled or all empty."""
    return Rule("filled_together", tuple(columns))


def not_before(later: str, earlier: str) -> Rule:
    """``later`` is not before ``earlier``."""
    return Rule("not_before", (later, earlier))


def lifted_needs_source() -> Rule:
    """A lifting date is pinned to the article reporting it."""
    return Rule("lifted_needs_source", ("lifted_date", "lifted_source_id"))


def interval(
    start: str = "date_start", end: str = "date_end", precision: str = "date_precision"
) -> Rule:
    """``start`` <= ``end``, spanning what ``precision`` says."""
    return Rule("interval", (start, end, precision))


def figure() -> Rule:
    """Low <= best <= high, consistent with the qualifier and the words of the figure."""
    return Rule("figure", ("low", "best", "high", "qualifier", "count_text"))


def part_of(id_column: str, part_column: str, same: list[str]) -> Rule:
    """A part refers to a whole of the same table sharing ``same``, and is not larger."""
    return Rule("part_of", (id_column, part_column), tuple(same))


def further_report(id_column: str, link_column: str, same: list[str]) -> Rule:
    """A further report names a first one (itself linked to none), sharing ``same``."""
    return Rule("further_report", (id_column, link_column), tuple(same))


def same_period(id_column: str, link_column: str, start: str, end: str) -> Rule:
    """A further report's interval (``start`` to ``end``) overlaps its first report's."""
    return Rule("same_period", (id_column, link_column, start, end))


def ordered_bounds(prefixes: list[str]) -> Rule:
    """For each prefix, ``{prefix}_low <= {prefix}_best <= {prefix}_high``."""
    return Rule("ordered_bounds", tuple(f"{p}_{b}" for p in prefixes for b in BOUNDS))


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
    rules=[interval("published_date", "published_date_latest", "published_date_precision")],
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
            PARENT_RELATIONS,
            nullable=True,
        ),
        "country_iso3": COUNTRY_ISO3.described(
            "ISO 3166-1 alpha-3 code of the actor's country (outside fact; empty for "
            "international bodies)."
        ),
        "description": _text("Who the actor is, in the coder's own words."),
        **_pin("naming the actor and, where coded, its relation"),
    },
    primary_key=["actor_id"],
    foreign_keys=[_fk("parent_actor_id", "actors", ["actor_id"]), _fk("source_id", "sources")],
    rules=[both_or_neither("parent_actor_id", "parent_relation")],
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

ACTOR_RELATIONS_TABLE = _schema(
    "actor_relations",
    "Every relation between two actors an article states (who split from, rebranded or is part "
    "of whom), one row per relation per article.",
    {
        "actor_id": _id("The actor the relation is stated of; an `actors.actor_id`."),
        "relation": _vocabulary(
            "`splinter_of` (broke away from it, forming a new group), `rebrand_of` (a new name "
            "of a continuing actor), `part_of` (a unit, operation, body or person inside it) or "
            "`broke_with` (ended its alliance with it: the actor is the one that left), "
            "`allied_with` (in an alliance with it), `affiliated_with` (linked to it, as an "
            "affiliate or a group 'linked to' it) or `recruited_from` (took members from it), as "
            "the article states it. Relations stated differently by two articles (who split from "
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
        "country_iso3": COUNTRY_ISO3,
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
    rules=[
        both_or_neither("latitude", "longitude"),
        both_or_neither("latitude", "geo_precision"),
        needs("admin1_code", "admin1"),
        needs("country_iso_numeric", "country_iso3"),
        needs("country_gw", "country_iso3"),
    ],
)

EVENTS = _schema(
    "events",
    "Things that happened at a time and place. One row per event; further articles reporting "
    "it are linked in `event_reports`.",
    {
        "event_id": _id("Identifier of the event.", EVENT_ID, unique=True),
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
    rules=[interval()],
    fact_dates=[FactDate("date_start", "date_end")],
    reports_events=True,
)

EVENT_REPORTS = _schema(
    "event_reports",
    "Further articles reporting an event, besides the one in `events.source_id`.",
    {
        "event_id": EVENT_REF,
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
    rules=[
        filled_together(["date_start", "date_end", "date_precision", "date_inferred"]),
        interval(),
    ],
    fact_dates=[FactDate("date_start", "date_end")],
    reports_events=True,
)

EVENT_ACTORS = _schema(
    "event_actors",
    "Who took part in each event, and in what role.",
    {
        "event_id": EVENT_REF,
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
        "event_id": EVENT_REF,
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
    rules=[
        figure(),
        part_of("casualty_id", "part_of_casualty_id", ["event_id", "source_id", "outcome"]),
    ],
)

DEPLOYMENTS = _schema(
    "deployments",
    "Personnel figures of forces and missions, one row per figure per article (reports of "
    "one figure by several articles linked by `same_figure_as`).",
    {
        "deployment_id": _id("Identifier of the figure.", r"^dep-\d{4,}$", unique=True),
        "same_figure_as": _first_report(
            "deployment_id",
            "figure",
            r"^dep-\d{4,}$",
            claims="number, personnel kind, area, period",
            counted="only another article's figure of the same force and status over an "
            "overlapping period is linked (the same claim, however it words what is "
            "counted), never a figure of another time; `mali_conflict_data.deployments_on()` "
            "counts figures, not rows, and `disagreements()` compares the linked reports",
        ),
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
        _fk("same_figure_as", "deployments", ["deployment_id"]),
        _fk("source_id", "sources"),
    ],
    rules=[
        interval(),
        figure(),
        part_of(
            "deployment_id", "part_of_deployment_id", ["force_actor_id", "status", "source_id"]
        ),
        further_report("deployment_id", "same_figure_as", ["force_actor_id", "status"]),
        same_period("deployment_id", "same_figure_as", "date_start", "date_end"),
    ],
    fact_dates=[FactDate("date_start", only_when=("status", tuple(FACT_STATUSES)))],
)

SANCTIONS = _schema(
    "sanctions",
    "Punitive measures, one row per measure per article (reports of one measure linked by "
    "`same_measure_as`); the lifting is pinned to its own quote.",
    {
        "sanction_id": _id(
            "Identifier of this article's report of the measure.", r"^san-\d{4,}$", unique=True
        ),
        "same_measure_as": _first_report(
            "sanction_id",
            "measure",
            r"^san-\d{4,}$",
            claims="target, kind, dates",
            counted="`mali_conflict_data.in_force()` counts measures, not rows",
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
        "lifted_quote": _quote(
            "Verbatim excerpt of that article reporting the lifting.",
            of="lifted_source_id",
            nullable=True,
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
    rules=[
        further_report("sanction_id", "same_measure_as", ["sender_actor_id"]),
        filled_together(["imposed_date", "imposed_date_latest", "imposed_date_precision"]),
        filled_together(["lifted_date", "lifted_date_latest", "lifted_date_precision"]),
        both_or_neither("lifted_source_id", "lifted_quote"),
        interval("imposed_date", "imposed_date_latest", "imposed_date_precision"),
        interval("lifted_date", "lifted_date_latest", "lifted_date_precision"),
        lifted_needs_source(),
        not_before("lifted_date_latest", "imposed_date"),
    ],
    fact_dates=[FactDate("imposed_date"), FactDate("lifted_date", source="lifted_source_id")],
)

#: The coded tables (``raw/*.csv``), in the order they are built.
TABLES: dict[str, Table] = {
    s.name: s
    for s in (
        SOURCES,
        ACTORS,
        ACTOR_NAMES,
        ACTOR_RELATIONS_TABLE,
        LOCATIONS,
        EVENTS,
        EVENT_REPORTS,
        EVENT_ACTORS,
        CASUALTIES,
        DEPLOYMENTS,
        SANCTIONS,
    )
}

# --- derived tables ---------------------------------------------------------

_SUMMARY_RULE = (
    "Range across every article reporting it (UCDP-style; see the README): a figure's lower "
    "bound is its `low` (else `best`, else 0) and its upper bound its `high` (else `best`); "
    "an article's figures for the event are added up, a figure that is part of another of "
    "the same article (`part_of_casualty_id`) counted once, within its whole."
)


def _outcome_columns() -> dict[str, Column]:
    columns = {}
    for outcome in OUTCOMES:
        words = outcome.replace("_", " ")
        columns[f"{outcome}_low"] = _count(
            f"People reported {words}: the smallest article total. {_SUMMARY_RULE} Empty when "
            "no article reports this outcome for the event.",
            bound="low",
        )
        columns[f"{outcome}_best"] = _count(
            f"People reported {words}: the most reliable total an article states (UCDP's "
            "best): a total counted in numbers ('four dead') before one read from a word "
            "with no number ('bloodless'); among equals their median (of two middle values "
            "the lower), so always a number an article gives. Empty when the articles giving "
            "counts state none (e.g. only 'at least 30').",
            bound="best",
        )
        columns[f"{outcome}_high"] = _count(
            f"People reported {words}: the largest article total. Empty when no article "
            "reports this outcome, or when one gives no upper bound ('more than 70').",
            bound="high",
        )
    return columns


_MAPPED = {
    "category": f"Category of the event type: {CATEGORY_WORDS}.",
    "acled_disorder_type": "ACLED's `disorder_type` nearest to the event type",
    "acled_event_type": "ACLED's `event_type` nearest to the event type",
    "acled_sub_event_type": "ACLED's `sub_event_type` nearest to the event type",
    "ucdp_type_of_violence": (
        "UCDP GED's `type_of_violence` nearest to the event type (1 state-based, 2 "
        "non-state, 3 one-sided; the caveats say where the sides would change it)"
    ),
}
_MAPPING_CAVEAT = (
    "; `no equivalent` where there is none. From the event type only (the mapping table in "
    "the codebook, with its caveats): a mapping of types, not a re-coding by their rules."
)


def _mapped_columns() -> dict[str, Column]:
    """The columns mapped from ``event_type`` by :data:`EVENT_TYPE_MAPPING`."""
    return {
        name: _vocabulary(
            words if name == "category" else words + _MAPPING_CAVEAT,
            EVENT_CATEGORIES if name == "category" else mapped_values(name),
        )
        for name, words in _MAPPED.items()
    }


_EVENTS = TABLES["events"].columns
_LOCATIONS = TABLES["locations"].columns

EVENT_SUMMARY = _schema(
    "event_summary",
    "One row per event, for analysis: dates, place, actors by role, and for each outcome "
    "(killed, injured, ...) the low / best / high range across every article reporting it, "
    "a subset figure counted once. Derived at build time from the coded tables; every "
    "number traces back to `casualties` rows through `event_id`.",
    {
        "event_id": _id("Identifier of the event; an `events.event_id`.", EVENT_ID, unique=True),
        "event_type": _EVENTS["event_type"],
        **_mapped_columns(),
        **{c: _EVENTS[c] for c in ("date_start", "date_end", "date_precision", "date_inferred")},
        "location_id": _EVENTS["location_id"],
        "place": _text("Name of the place (`locations.name`)."),
        "admin1": _text("First-level administrative region of the place.", nullable=True),
        "country_iso3": COUNTRY_ISO3.described(
            "ISO 3166-1 alpha-3 code of the place's country (empty for regions that span "
            "countries)."
        ),
        **_country_codes("place's country"),
        "latitude": _LOCATIONS["latitude"].described(
            "Latitude of the place, WGS84 (empty when unknown)."
        ),
        "longitude": _LOCATIONS["longitude"].described(
            "Longitude of the place, WGS84 (empty when unknown)."
        ),
        "geo_precision": _LOCATIONS["geo_precision"].described(
            "What the coordinates stand for (see `locations.geo_precision`)."
        ),
        **{
            column: _list(
                f"Names (`actors.name`) of the actors in the role `{role}`, in `actor_id` order."
            )
            for role, column in ROLE_COLUMNS.items()
        },
        "actor_ids": _list("Every actor taking part, by `actors.actor_id`, sorted."),
        **_outcome_columns(),
        "n_sources": _count(
            "Number of articles reporting the event (`source_ids`).", minimum=1, required=True
        ),
        "source_ids": _list(
            "Every article a row about the event was coded from (`events`, `event_reports`, "
            "`event_actors`, `casualties`), by `sources.source_id`, sorted."
        ),
        "sources_disagree": _flag(
            "True when claims of the articles about the event cannot all be true (its "
            "casualty figures, its dates, the actors' roles, or losses of a force beyond its "
            "strength), as listed by `mali_conflict_data.disagreements()` (contradictions only)."
        ),
        "description": _EVENTS["description"],
    },
    primary_key=["event_id"],
    foreign_keys=[_fk("event_id", "events"), _fk("location_id", "locations")],
    rules=[ordered_bounds(OUTCOMES)],
    derived=True,
)

_FITS = (
    "whose whole interval (`date_start` to `date_end`) lies inside the period; an event dated "
    "only to an interval crossing the period's bounds is in `events_spanning` instead"
)


def _period_columns(period: str) -> dict[str, Column]:
    """The counts and totals of a period table (``country_month``, ``admin1_year``)."""
    columns = {
        "events": _count(f"Number of events {_FITS}.", required=True),
        **{
            f"events_{category}": _count(
                f"Number of those events whose event type has the category `{category}` "
                "(`event_summary.category`; see the mapping table at the end of the codebook).",
                required=True,
            )
            for category in EVENT_CATEGORIES
        },
        "events_spanning": _count(
            f"Number of events dated only to an interval that overlaps this {period} and "
            f"crosses its bounds: they may have happened in this {period} or in another, so "
            f"they are counted in every {period} they overlap, here only, and their figures "
            "are in no total (they are never put in their first period).",
            required=True,
        ),
    }
    for outcome in OUTCOMES:
        words = outcome.replace("_", " ")
        columns[f"{outcome}_low"] = _count(
            f"People reported {words} in the events counted in `events`: the sum of their "
            "`event_summary` lows (`mali_conflict_data.totals`); 0 when none reports it.",
            bound="low",
            required=True,
        )
        columns[f"{outcome}_best"] = _count(
            f"People reported {words}: the sum of the events' best figures; empty when one "
            "of the events reporting it states no best figure (an unstated best is not 0).",
            bound="best",
        )
        columns[f"{outcome}_high"] = _count(
            f"People reported {words}: the sum of the events' upper bounds; empty when one "
            "of the events reporting it has no upper bound ('at least thirty').",
            bound="high",
        )
    return columns


_PERIOD_COUNTRY = _id("ISO 3166-1 alpha-3 code of the country.", r"^[A-Z]{3}$")
_YEAR = Column("count", "Calendar year of the period.", minimum=1900, maximum=2100)

COUNTRY_MONTH = _schema(
    "country_month",
    "One row per country and calendar month (a panel: months with no event included), with "
    "the number of events by category and, per outcome, the low / best / high total of the "
    "events dated inside the month; events dated only to a range across months are counted "
    "apart (`events_spanning`), never in their first month. Derived at build time from "
    "`event_summary`; events whose place has no country are not in it.",
    {
        "country_iso3": _PERIOD_COUNTRY,
        "year": _YEAR,
        "month": Column("count", "Calendar month of the period, 1 to 12.", minimum=1, maximum=12),
        **_period_columns("month"),
    },
    primary_key=["country_iso3", "year", "month"],
    rules=[ordered_bounds(OUTCOMES)],
    derived=True,
)

ADMIN1_YEAR = _schema(
    "admin1_year",
    "One row per first-level region and calendar year (a panel: years with no event "
    "included), with the number of events by category and, per outcome, the low / best / "
    "high total of the events dated inside the year; events dated only to a range across "
    "years are counted apart (`events_spanning`), never in their first year. Derived at "
    "build time from `event_summary`; events whose place has no `admin1` are not in it.",
    {
        "country_iso3": _PERIOD_COUNTRY,
        "admin1": _text("First-level administrative region (`locations.admin1`)."),
        "year": _YEAR,
        **_period_columns("year"),
    },
    primary_key=["country_iso3", "admin1", "year"],
    rules=[ordered_bounds(OUTCOMES)],
    derived=True,
)

#: Ways a dyad of ``event_dyads`` is formed.
PAIRINGS = ["initiator_target", "parties"]


def _side(letter: str, roles: str) -> dict[str, Column]:
    return {
        f"side_{letter}_actor_id": _id(f"Side {letter.upper()}: an `actors.actor_id`."),
        f"side_{letter}": _text(f"Name of side {letter.upper()} (`actors.name`)."),
        f"side_{letter}_role": _vocabulary(
            f"Its role in the event (`event_actors.role`): {roles}.", EVENT_ROLES
        ),
    }


EVENT_DYADS = _schema(
    "event_dyads",
    "One row per event and pair of opposing sides, for comparison with UCDP's dyads: every "
    "initiator against every target, or the two parties of an event with exactly two "
    "(with more, the articles do not say who was on which side, so there is no pair). "
    "Supporters and subjects are not sides. Derived at build time from `event_actors`.",
    {
        "event_id": EVENT_REF,
        **_side("a", "`initiator`, or `party`"),
        **_side("b", "`target`, or `party`"),
        "pairing": _vocabulary(
            "How the pair was formed: `initiator_target` (side A carried it out against side "
            "B) or `parties` (the two sides of a battle or clash, neither said to have "
            "started it; side A is the first by `actor_id`).",
            PAIRINGS,
        ),
        "source_ids": _list(
            "The articles naming the two sides in their roles (`event_actors.source_id`), sorted."
        ),
    },
    primary_key=["event_id", "side_a_actor_id", "side_b_actor_id"],
    foreign_keys=[
        _fk("event_id", "events"),
        _fk("side_a_actor_id", "actors", ["actor_id"]),
        _fk("side_b_actor_id", "actors", ["actor_id"]),
    ],
    derived=True,
)

#: Every published table: the coded tables, then the derived ones.
PUBLISHED: dict[str, Table] = {
    **TABLES,
    **{t.name: t for t in (EVENT_SUMMARY, COUNTRY_MONTH, ADMIN1_YEAR, EVENT_DYADS)},
}
