"""count_text agrees with low / best / high: numbers read from digits and words."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mali_conflict_data._figures import VAGUE
from mali_conflict_data._numbers import numbers_in
from mali_conflict_data._rules import QUALIFIER_BOUNDS, VAGUE_WORDS, count_words_fit

UNITS = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen"
).split()
TENS = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()


def in_words(n: int) -> str:
    """English words for 0 <= n < 1,000,000 ("twenty-five thousand three hundred and one")."""
    if n < 20:
        return UNITS[n]
    if n < 100:
        return TENS[n // 10] + ("" if n % 10 == 0 else "-" + UNITS[n % 10])
    if n < 1000:
        rest = n % 100
        return UNITS[n // 100] + " hundred" + ("" if rest == 0 else " and " + in_words(rest))
    rest = n % 1000
    return in_words(n // 1000) + " thousand" + ("" if rest == 0 else " " + in_words(rest))


def written(n: int, style: str) -> str:
    return {"digits": str(n), "separated": f"{n:,}", "words": in_words(n)}[style]


PHRASES = {
    "exact": "{} soldiers",
    "approximately": "approximately {} troops",
    "at_least": "at least {} people",
    "more_than": "more than {} dead",
    "at_most": "as many as {} Malians",
}


def bounds(qualifier: str, n: int, m: int) -> tuple:
    return {
        "exact": (n, n, n),
        "approximately": (None, n, None),
        "at_least": (n, None, None),
        "more_than": (n + 1, None, None),
        "at_most": (None, None, n),
        "range": (n, None, m),
    }[qualifier]


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from([*PHRASES, "range"]),
    st.integers(0, 999_999 - 5_000),  # n + span stays below a million (in_words' range)
    st.integers(1, 5_000),
    st.sampled_from(["digits", "separated", "words"]),
)
def test_words_fit_their_own_bounds_and_no_others(qualifier, n, span, style):
    m = n + span
    if qualifier == "range":
        # "between one hundred and one hundred and one" is ambiguous in words
        pattern = "from {} to {} people" if style == "words" else "between {} and {} people"
        text = pattern.format(written(n, style), written(m, style))
    else:
        text = PHRASES[qualifier].format(written(n, style))
    assert numbers_in(text) == ([n, m] if qualifier == "range" else [n])
    low, best, high = bounds(qualifier, n, m)
    assert count_words_fit(text, qualifier, low, best, high)
    shift = lambda v: None if v is None else v + 1  # noqa: E731
    assert not count_words_fit(text, qualifier, shift(low), shift(best), shift(high))


@pytest.mark.parametrize("words, bounds", sorted(VAGUE_WORDS.items()))
def test_vague_words_take_the_coding_guides_constants(words, bounds):
    low, high = bounds
    assert count_words_fit(f"{words} fatalities", "vague", low, None, high)
    assert not count_words_fit(f"{words} fatalities", "vague", low + 1, None, high)


@pytest.mark.parametrize("words", ["many", "scores of", "a few", "numerous"])
def test_vague_words_without_a_constant_must_be_coded_unknown(words):
    # bounds that no constant gives cannot be invented for them
    assert not count_words_fit(f"{words} fatalities", "vague", 2, None, 5)
    assert not count_words_fit(f"{words} fatalities", "vague", 2, None, None)
    assert count_words_fit(f"{words} fatalities", "unknown", None, None, None)


@pytest.mark.parametrize("word", VAGUE, ids=lambda w: w.words)
def test_a_vague_word_without_an_upper_bound_refuses_one(word):
    # "dozens" is any number of dozens: a high of 99 is a bound the words do not give
    guessed = (word.high or word.low * 5) + 1
    assert not count_words_fit(f"{word.words} fatalities", "vague", word.low, None, guessed)
    fits_unbounded = count_words_fit(f"{word.words} fatalities", "vague", word.low, None, None)
    assert fits_unbounded == (word.high is None), (word.words, word.high)


@pytest.mark.parametrize("word", VAGUE, ids=lambda w: w.words)
def test_each_vague_word_says_why_and_what_acled_codes(word):
    assert word.high is None or word.high > word.low, (word.words, word.low, word.high)
    assert word.reading.strip() and word.acled.strip(), word.words


def test_the_codebook_lists_every_vague_word_with_its_bounds():
    from pathlib import Path

    codebook = (Path(__file__).parents[1] / "docs" / "codebook.md").read_text(encoding="utf-8")
    section = codebook.split("## Vague words: the bounds they give", 1)[-1]
    found = {
        cells[0]: (cells[1], cells[2])
        for line in section.splitlines()
        if line.startswith("| ") and not line.startswith("| words")
        for cells in [[c.strip() for c in line.strip("|").split("|")]]
    }
    declared = {w.words: (f"{w.low:,}", "" if w.high is None else f"{w.high:,}") for w in VAGUE}
    assert found == declared


@pytest.mark.parametrize(
    "text, qualifier, low, best, high",
    [
        ("bloodless", "exact", 0, 0, 0),  # no number in the words: not checked
        ("a German priest", "exact", 1, 1, 1),
        ("Many foreigners", "unknown", None, None, None),
        ("several thousand people", "vague", 2000, None, 9999),  # no constant for it
        ("a dozen soldiers", "exact", 12, 12, 12),
        ("five thousand-troop-strong", "exact", 5000, 5000, 5000),
        ("1.5 million people", "approximately", None, 1_500_000, None),
    ],
)
def test_words_the_articles_use(text, qualifier, low, best, high):
    assert count_words_fit(text, qualifier, low, best, high)


def test_a_number_with_qualifier_unknown_is_caught():
    assert not count_words_fit("12 soldiers", "unknown", None, None, None)


def test_every_qualifier_is_handled():
    assert set(QUALIFIER_BOUNDS) == {*PHRASES, "range", "vague", "unknown"}


@given(st.integers(0, 999), st.sampled_from([("dozen", 12), ("hundred", 100), ("thousand", 1000)]))
def test_a_count_of_a_scale_word_is_that_many_of_it(n, scale):
    """Zero included: "zero dozen" is 0, never the 12 of a bare "dozen"."""
    word, value = scale
    assert numbers_in(f"{in_words(n)} {word} people") == [n * value]


@pytest.mark.parametrize("text", ["the 64th anniversary", "G5 Sahel", "Operation Barkhane"])
def test_numbers_inside_words_are_not_numbers(text):
    assert numbers_in(text) == []


def test_several_hundred_is_several_hundreds():
    """The guide's logic: a count of a scale word runs to just below the next count of it."""
    several_low, several_high = VAGUE_WORDS["several"]
    assert VAGUE_WORDS["several hundred"] == (several_low * 100, (several_high + 1) * 100 - 1)
    # matched before "several", which it contains
    phrases = list(VAGUE_WORDS)
    assert phrases.index("several hundred") < phrases.index("several")


@pytest.mark.parametrize(
    "text, qualifier, low, high, fits",
    [
        ("unlikely they have more than several hundred members", "at_most", None, 999, True),
        ("unlikely they have more than several hundred members", "at_most", None, 9, False),
        ("unlikely they have more than several hundred members", "at_most", None, 900, False),
        ("several hundred members", "vague", 300, 999, True),
        ("several hundred members", "vague", 3, 9, False),
        ("at least several hundred members", "at_least", 300, None, True),
        ("at least several hundred members", "at_least", 3, None, False),
        ("hundreds of thousands of people", "vague", 200_000, 999_999, True),  # no constant
    ],
)
def test_a_vague_phrase_bounds_the_side_its_qualifier_names(text, qualifier, low, high, fits):
    assert count_words_fit(text, qualifier, low, None, high) is fits


@given(st.one_of(st.integers(0, 2**64), st.integers(2**53, 2**53 + 9)), st.booleans())
def test_digits_are_read_exactly_at_any_size(n, grouped):
    """As floats, 9,007,199,254,740,993 (2**53 + 1) was read as 9,007,199,254,740,992."""
    assert numbers_in(f"{n:,} people" if grouped else f"{n} people") == [n]


@given(
    st.integers(0, 10**6),
    st.integers(1, 9),
    st.sampled_from([("million", 10**6), ("billion", 10**9)]),
)
def test_a_decimal_of_a_scale_word_is_exact(whole, tenth, scale):
    """ "1.1 million" is 1,100,000: a decimal times a scale, in fractions, not floats."""
    word, value = scale
    assert numbers_in(f"{whole}.{tenth} {word} people") == [whole * value + tenth * value // 10]
