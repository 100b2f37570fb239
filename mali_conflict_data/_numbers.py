"""Read the numbers in a figure's words: digits with separators and English number words.

>>> numbers_in("more than fifteen thousand personnel")
[15000]
>>> numbers_in("between 1,200 and 1,500 people")
[1200, 1500]
>>> numbers_in("a dozen soldiers"), numbers_in("bloodless")
([12], [])
"""

from __future__ import annotations

import re
from fractions import Fraction

_UNITS = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "dozen": 12,
}
_SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}
# A token: a number in digits (1,500 or 1500 or 1.5), a word, or anything else.
_NUMBER = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
_TOKEN = re.compile(rf"(?<![\w.,]){_NUMBER}(?![\w])|\w+|\S")


def _digits(token: str) -> int | Fraction:
    """A number in digits, exactly: a whole number as an int, "1.5" as a fraction.

    As a float, 9007199254740993 (2**53 + 1) would be read as 9007199254740992.

    >>> _digits("9,007,199,254,740,993"), _digits("1.5")
    (9007199254740993, Fraction(3, 2))
    """
    digits = token.replace(",", "")
    return Fraction(digits) if "." in digits else int(digits)


def numbers_in(text: str) -> list[int]:
    """Every number the words state, in order ("a dozen" is 12, "a hundred" 100).

    Digits and number words combine ("1.5 million", "fifteen thousand",
    "twenty-five"); an article ("a", "an") counts as one only before a scale or
    "dozen". Ordinals and numbers inside words ("64th", "G5") are not numbers.
    """
    tokens = _TOKEN.findall(text.lower().replace("-", " "))
    found: list[int] = []
    current: int | Fraction | None = None  # the number being read, exact: no floats
    group: int | Fraction = 0  # the part of it below the last scale word
    stated = False  # whether a number was read into ``group`` ("zero dozen" is 0, not 12)
    for i, token in enumerate(tokens):
        following = tokens[i + 1] if i + 1 < len(tokens) else ""
        if re.fullmatch(_NUMBER, token):
            if current is not None:
                found.append(round(current + group))
            current, group, stated = 0, _digits(token), True
        elif token in ("a", "an") and (following in _SCALES or following == "dozen"):
            if current is not None:
                found.append(round(current + group))
            current, group, stated = 0, 1, True
        elif token in _UNITS:
            value = _UNITS[token]
            if current is None:
                current, group, stated = 0, 0, False
            if token == "dozen":
                group = (group if stated else 1) * 12
            elif group and value >= 10 and group % 100 == 0:
                group += value  # "hundred twenty"
            elif group and group < 10 <= value or group % 10 == 0 and group >= 20 and value < 10:
                group += value  # "twenty five"
            elif group:
                found.append(round(current + group))
                current, group = 0, value
            else:
                group = value
            stated = True
        elif token in _SCALES and current is not None:
            scale = _SCALES[token]
            if scale == 100:
                group = (group if stated else 1) * scale
            else:
                current += (group if stated else 1) * scale
                group, stated = 0, False
        elif token == "and" and tokens[i - 1] in _SCALES and following in _UNITS:
            continue  # "one hundred and twenty"
        elif current is not None:
            found.append(round(current + group))
            current, group = None, 0
    if current is not None:
        found.append(round(current + group))
    return found
