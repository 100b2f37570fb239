"""A quote must point at one passage of its article: unique, or only in a repeated paragraph.

A browser's text-fragment link highlights the first occurrence of a quote, so a
quote found in two different passages could point at the wrong words. The texts
here are built so that the answer is known by construction: filler words are
drawn from letters the quote never uses.
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

import mali_conflict_data as mcd
from mali_conflict_data._fragments import spans
from mali_conflict_data.model import TABLES
from mali_conflict_data.validate import QUOTE_COLUMNS, ambiguous_quote, validate_raw

MINIMAL = Path(__file__).parent / "data" / "minimal"
QUOTE = "quux zyzzy"  # letters q-z only
FILLER = st.text(alphabet="abcdefghij", min_size=1, max_size=8)
SENTENCE = st.lists(FILLER, min_size=1, max_size=6).map(" ".join)


@st.composite
def article(draw) -> tuple[str, bool]:
    """A text holding QUOTE, and whether the quote is ambiguous in it."""
    paragraphs = draw(st.lists(SENTENCE, min_size=1, max_size=5))
    how = draw(st.sampled_from(["once", "two passages", "twice in one", "repeated paragraph"]))
    at = draw(st.integers(0, len(paragraphs) - 1))
    holding = f"{paragraphs[at]} {QUOTE} {draw(SENTENCE)}"
    if how == "twice in one":
        holding = f"{holding} {QUOTE}"
    paragraphs[at] = holding
    if how == "two passages":
        paragraphs.append(f"{draw(SENTENCE)} {QUOTE}")
    if how == "repeated paragraph":  # a page capture repeats the paragraph, word for word
        paragraphs.insert(draw(st.integers(0, len(paragraphs))), holding)
    spacing = draw(st.sampled_from(["\n\n", "\n", "\n \n"]))
    return spacing.join(paragraphs), how in ("two passages", "twice in one")


@settings(max_examples=200, deadline=None)
@given(article())
def test_a_quote_in_two_passages_is_ambiguous_and_a_repeated_paragraph_is_not(case):
    text, ambiguous = case
    assert ambiguous_quote(text, QUOTE) is ambiguous


@settings(max_examples=50, deadline=None)
@given(article())
def test_spacing_of_the_quote_does_not_change_the_answer(case):
    text, ambiguous = case
    assert ambiguous_quote(text, QUOTE.replace(" ", "  \n ")) is ambiguous


def test_every_quote_of_the_dataset_points_at_one_passage(sources_dir):
    sources = mcd.load("sources").set_index("source_id")
    texts = {
        s: (sources_dir / f).read_text(encoding="utf-8") for s, f in sources["text_file"].items()
    }
    checked = beside = 0
    for table in mcd.tables():
        frame = mcd.load(table)
        contexts = TABLES[table].quote_contexts() if table in TABLES else {}
        for quote_column, source_column in QUOTE_COLUMNS:
            if quote_column not in frame:
                continue
            sides = contexts.get(quote_column, {})
            for _, row in frame.iterrows():
                quote, source = row[quote_column], row[source_column]
                if not (isinstance(quote, str) and isinstance(source, str)):
                    continue
                given = {s: row[c] for s, c in sides.items() if isinstance(row[c], str)}
                text = texts[source]
                if given:  # the quote with its neighbours stands in one passage
                    (stretch,) = set(spans(text, quote, **given))
                    assert not ambiguous_quote(text.lower(), stretch), (table, source, quote)
                    beside += 1
                else:
                    assert not ambiguous_quote(text.lower(), quote.lower()), (table, source, quote)
                checked += 1
    assert checked > 500
    assert beside >= 2  # CIPS's "Mali’s new government", told apart from its pull quote


def test_validation_reports_a_quote_found_in_two_passages(tmp_path):
    # report-a, copied, gains a second passage holding "On 3 May 2020 fighters" (the
    # attack paragraph holds the first); its fingerprint in sources.csv follows
    raw, sources = tmp_path / "raw", tmp_path / "sources"
    shutil.copytree(MINIMAL / "raw", raw)
    shutil.copytree(MINIMAL / "sources", sources)
    text = sources / "report-a.txt"
    before = hashlib.sha256(text.read_bytes()).hexdigest()
    text.write_text(text.read_text(encoding="utf-8") + "\nOn 3 May 2020 fighters rested.\n")
    listed = raw / "sources.csv"
    after = hashlib.sha256(text.read_bytes()).hexdigest()
    listed.write_text(listed.read_text(encoding="utf-8").replace(before, after), encoding="utf-8")
    events = (raw / "events.csv").read_text(encoding="utf-8").splitlines()
    header = events[0].split(",")
    cells = events[1].split(",")
    assert "report-a" in cells
    cells[header.index("quote")] = "On 3 May 2020 fighters"
    events[1] = ",".join(cells)
    (raw / "events.csv").write_text("\n".join(events) + "\n", encoding="utf-8")
    problems = validate_raw(raw, sources=sources).problems
    found = [(p.file, p.line, p.column, p.rule) for p in problems]
    assert found == [("raw/events.csv", 2, "quote", "quote_unique_in_source")], found


def test_validation_keeps_no_folded_copy_of_the_articles_it_read():
    """The articles' folded copies (one per text, to look quotes up) go once checked."""
    from mali_conflict_data import _fragments

    assert spans("An  article held before.", "article") == ["article"]
    assert _fragments._folded.cache_info().currsize > 0, "a folded copy is kept while in use"
    result = validate_raw(MINIMAL / "raw", sources=MINIMAL / "sources")
    assert result.ok, result.problems[:3]
    assert _fragments._folded.cache_info().currsize == 0, _fragments._folded.cache_info()
