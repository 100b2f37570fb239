"""A quote that occurs twice is told apart by the words beside it: validation and links.

For every table whose quote has a ``quote_prefix`` / ``quote_suffix`` (read from
the model, so a pinned table added later is covered), the small valid project
gets a second passage holding the quote of the table's first row
("Later, QUOTE again."). Then the quote alone is refused where it stands, the
words beside either occurrence make it unique, and words that are not beside it
are refused on the column holding them. The link test checks the fragment
against the Text Fragments syntax (``text=[prefix-,]start[,-suffix]``).
"""

from __future__ import annotations

import csv
import hashlib
import re
import shutil
import urllib.parse
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mali_conflict_data._fragments import directive, spans
from mali_conflict_data._text import fold_spaces
from mali_conflict_data.model import TABLES
from mali_conflict_data.report import text_fragment
from mali_conflict_data.validate import validate_raw

MINIMAL = Path(__file__).parent / "data" / "minimal"
PINNED = [
    name
    for name, table in TABLES.items()
    if not table.derived and "quote" in table.quote_contexts()
]
LATER, AGAIN = "Later,", "again."


def test_every_table_with_a_quote_has_its_prefix_and_suffix_declared_once():
    quoted = [
        n
        for n, t in TABLES.items()
        if not t.derived and ("quote", "source_id") in t.quote_columns()
    ]
    assert PINNED == quoted and len(PINNED) >= 10
    for name in PINNED:
        columns = list(TABLES[name].columns)
        at = columns.index("quote")
        assert columns[at + 1 : at + 3] == ["quote_prefix", "quote_suffix"], name
        assert TABLES[name].quote_contexts() == {
            "quote": {"prefix": "quote_prefix", "suffix": "quote_suffix"}
        }


class Project:
    """A copy of the minimal project whose article holds one table's quote twice."""

    def __init__(self, root: Path, table: str, twice: bool = True):
        self.raw, self.sources = root / "raw", root / "sources"
        shutil.copytree(MINIMAL / "raw", self.raw)
        shutil.copytree(MINIMAL / "sources", self.sources)
        self.table = table
        with (self.raw / f"{table}.csv").open(encoding="utf-8", newline="") as handle:
            self.rows = list(csv.reader(handle))
        self.header = self.rows[0]
        first = dict(zip(self.header, self.rows[1], strict=True))
        self.quote, self.source = first["quote"], first["source_id"]
        listed = (self.raw / "sources.csv").read_text(encoding="utf-8")
        self.file = next(
            r["text_file"]
            for r in csv.DictReader(listed.splitlines())
            if r["source_id"] == self.source
        )
        text_path = self.sources / self.file
        before = hashlib.sha256(text_path.read_bytes()).hexdigest()
        self.original = text_path.read_text(encoding="utf-8")
        if twice:
            text_path.write_text(
                self.original + f"\n{LATER} {self.quote} {AGAIN}\n", encoding="utf-8"
            )
        after = hashlib.sha256(text_path.read_bytes()).hexdigest()
        (self.raw / "sources.csv").write_text(listed.replace(before, after), encoding="utf-8")

    def words_around_first(self) -> tuple[str | None, str | None]:
        """The word just before and just after the quote's first (original) occurrence."""
        folded, words = fold_spaces(self.original), fold_spaces(self.quote)
        at = folded.find(words)
        before = folded[:at].split()
        after = folded[at + len(words) :].split()
        return (before[-1] if before else None), (after[0] if after else None)

    def problems(self, **beside: str) -> list[tuple]:
        """The problems on the first row of the table, with ``beside`` set on it."""
        rows = [list(r) for r in self.rows]
        for side, words in beside.items():
            rows[1][self.header.index(f"quote_{side}")] = words
        with (self.raw / f"{self.table}.csv").open("w", encoding="utf-8", newline="") as out:
            csv.writer(out, lineterminator="\n").writerows(rows)
        found = validate_raw(self.raw, sources=self.sources).problems
        return [
            (p.file, p.line, p.column, p.rule, p.column_number)
            for p in found
            if p.file == f"raw/{self.table}.csv" and p.line == 2
        ]

    def at(self, column: str, rule: str) -> tuple:
        return (f"raw/{self.table}.csv", 2, column, rule, self.header.index(column) + 1)


@pytest.fixture(params=PINNED)
def project(request, tmp_path) -> Project:
    return Project(tmp_path, request.param)


@pytest.mark.generated
def test_a_quote_that_occurs_once_takes_its_neighbours_and_needs_none(tmp_path):
    for table in PINNED:
        case = Project(tmp_path / table, table, twice=False)
        before, after = case.words_around_first()
        assert case.problems() == [], table
        beside = {"prefix": before} if before else {"suffix": after}
        assert case.problems(**beside) == [], table


@pytest.mark.generated
def test_a_quote_found_twice_without_its_neighbours_is_refused_where_it_stands(project):
    assert project.problems() == [project.at("quote", "quote_unique_in_source")]


@pytest.mark.generated
def test_the_words_beside_either_occurrence_make_it_unique(project):
    assert project.problems(prefix=LATER) == []  # the second occurrence
    assert project.problems(suffix=AGAIN) == []
    assert project.problems(prefix=LATER, suffix=AGAIN) == []
    before, after = project.words_around_first()
    if before:
        assert project.problems(prefix=before) == []  # the first occurrence
    if after:
        assert project.problems(suffix=after) == []


@pytest.mark.generated
def test_words_not_beside_the_quote_are_refused_on_their_column(project):
    # "again." follows the quote and "Later," precedes it: each on the wrong side
    assert project.problems(prefix=AGAIN) == [project.at("quote_prefix", "quote_context_in_source")]
    assert project.problems(suffix=LATER) == [project.at("quote_suffix", "quote_context_in_source")]
    # beside different occurrences: the prefix of the second, the suffix of the first
    _, after = project.words_around_first()
    if after and after != AGAIN:
        assert project.problems(prefix=LATER, suffix=after) == [
            project.at("quote_suffix", "quote_context_in_source")
        ]


# --- the link -----------------------------------------------------------------

# The Text Fragments syntax: text=[prefix-,]textStart[,textEnd][,-suffix], each part
# percent-encoded; an unencoded "-", "," or "&" inside a part would change its meaning.
PART = r"[^\-,&\s]+"
DIRECTIVE = re.compile(
    rf"^text=(?:(?P<prefix>{PART})-,)?(?P<start>{PART})(?:,-(?P<suffix>{PART}))?$"
)
WORDS = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1
).filter(lambda s: s.strip())


@settings(max_examples=200, deadline=None)
@given(WORDS, st.one_of(st.none(), WORDS), st.one_of(st.none(), WORDS))
def test_the_link_carries_prefix_and_suffix_in_the_spec_syntax(quote, prefix, suffix):
    href = text_fragment("https://example.org/a#old", quote, prefix, suffix)
    address, _, fragment = href.partition("#:~:")
    assert address == "https://example.org/a"
    match = DIRECTIVE.match(fragment)
    assert match, fragment
    decoded = {k: v and urllib.parse.unquote(v) for k, v in match.groupdict().items()}
    assert decoded == {
        "prefix": prefix and fold_spaces(prefix),
        "start": fold_spaces(quote),
        "suffix": suffix and fold_spaces(suffix),
    }


def test_the_link_of_a_known_case():
    assert directive("the UN", prefix="For its part,", suffix="will") == (
        "text=For%20its%20part%2C-,the%20UN,-will"
    )
    assert directive("a-b & c, d") == "text=a%2Db%20%26%20c%2C%20d"


@pytest.mark.parametrize(
    "text, quote, beside, found",
    [
        ("x b c. y b c.", "b c", {"prefix": "y"}, ["y b c"]),
        ("x b c. y b c.", "b c", {"suffix": "c."}, []),  # the suffix overlaps the quote
        ("xy b c.", "b c", {"prefix": "y"}, []),  # inside a word
        ("x\n\n b  c z", "b c", {"prefix": "x", "suffix": "z"}, ["x b c z"]),
        ("(b c)", "b c", {"prefix": "(", "suffix": ")"}, ["(b c)"]),  # no space between
    ],
)
def test_neighbours_stand_beside_the_quote_at_a_words_edge(text, quote, beside, found):
    assert spans(text, quote, **beside) == found


# --- the dataset and the report -------------------------------------------------


def _told_apart(frames) -> list[tuple[str, object]]:
    """(table, row) of every published row whose quote carries a prefix or suffix."""
    found = []
    for name in PINNED:
        frame = frames[name]
        given = frame["quote_prefix"].notna() | frame["quote_suffix"].notna()
        found += [(name, row) for _, row in frame[given].iterrows()]
    return found


def test_the_report_links_a_told_apart_quote_with_its_prefix_and_suffix():
    from mali_conflict_data.load import data_dir, read_all
    from mali_conflict_data.report.pages import actors_page

    frames = read_all(data_dir())
    told = _told_apart(frames)
    assert {name for name, _ in told} >= {"actors", "actor_relations"}  # CIPS's government
    page = actors_page(frames)
    for _, row in told:
        if row["source_id"] not in set(frames["sources"]["source_id"]):
            continue
        url = frames["sources"].set_index("source_id").loc[row["source_id"], "url"]
        href = text_fragment(url, row["quote"], row["quote_prefix"], row["quote_suffix"])
        assert href.replace("&", "&amp;") in page, row["quote"]
        assert "-," in href.partition("#:~:")[2] or ",-" in href.partition("#:~:")[2]


@pytest.fixture(scope="module")
def browser():
    """Headless Debian Chromium through Playwright (skipped where either is missing)."""
    executable = shutil.which("chromium")
    playwright_api = pytest.importorskip("playwright.sync_api")
    if executable is None:
        pytest.skip("no Chromium found on PATH (apt-get install chromium)")
    with playwright_api.sync_playwright() as playwright:
        instance = playwright.chromium.launch(
            executable_path=executable, args=["--headless", "--no-sandbox", "--disable-gpu"]
        )
        yield instance
        instance.close()


def _served(folder: Path):
    """A local HTTP server for ``folder`` (text fragments act on real page loads)."""
    import functools
    import http.server
    import threading

    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(folder))
    handler.log_message = lambda *args: None  # type: ignore[method-assign]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def test_a_browser_highlights_the_occurrence_the_prefix_names(browser, sources_dir, tmp_path):
    """CIPS's "Mali’s new government": the link with its prefix reaches the body's
    occurrence, not the pull quote above it; without the prefix the pull quote."""
    import html

    from mali_conflict_data.load import data_dir, read_all

    frames = read_all(data_dir())
    name, row = next((n, r) for n, r in _told_apart(frames) if n == "actors")
    sources = frames["sources"].set_index("source_id")
    text = (sources_dir / sources.loc[row["source_id"], "text_file"]).read_text("utf-8")
    # a served copy of the article, in the test's own folder: a paragraph per line,
    # far apart, so that the one scrolled to is the only one in view
    paragraphs = [line for line in text.split("\n") if line.strip()]
    body = "".join(
        f'<p id="p{i}" style="margin-bottom:3000px">{html.escape(p)}</p>'
        for i, p in enumerate(paragraphs)
    )
    (tmp_path / "article.html").write_text(
        f'<html><head><meta charset="utf-8"></head><body>{body}</body></html>', "utf-8"
    )
    holding = [i for i, p in enumerate(paragraphs) if fold_spaces(row["quote"]) in fold_spaces(p)]
    assert len(holding) == 2, holding  # the pull quote and the body
    beside = [
        i
        for i, p in enumerate(paragraphs)
        if spans(p, row["quote"], row["quote_prefix"], row["quote_suffix"])
    ]
    assert len(beside) == 1 and beside[0] in holding
    server = _served(tmp_path)
    try:
        address = f"http://127.0.0.1:{server.server_address[1]}/article.html"
        for prefix, expected in ((row["quote_prefix"], beside[0]), (None, holding[0])):
            page = browser.new_page()
            page.goto(text_fragment(address, row["quote"], prefix, row["quote_suffix"]))
            page.wait_for_timeout(500)
            in_view = page.evaluate(
                """ids => ids.filter(id => {
                    const r = document.getElementById(id).getBoundingClientRect();
                    return r.bottom > 0 && r.top < window.innerHeight; })""",
                [f"p{i}" for i in holding],
            )
            page.close()
            assert in_view == [f"p{expected}"], (prefix, in_view)
    finally:
        server.shutdown()
