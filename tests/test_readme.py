"""The README's examples for users run as written and print what it shows."""

from __future__ import annotations

import re

import pytest

README = (__import__("pathlib").Path(__file__).parents[1] / "README.md").read_text()
USER_PART = README.split("## For maintainers")[0]


def _blocks(text: str, language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", text, flags=re.S)


def test_user_examples_run_in_order():
    pytest.importorskip("polars")
    namespace: dict = {}
    for block in _blocks(USER_PART, "python"):
        exec(compile(block, "README.md", "exec"), namespace)


def test_first_example_prints_what_the_readme_shows():
    block = _blocks(USER_PART, "python")[0]
    *setup, last = block.strip().splitlines()
    namespace: dict = {}
    exec("\n".join(setup), namespace)
    result = eval(last.split("#")[0], namespace)
    shown = _blocks(USER_PART, "text")[0].strip()
    assert str(result).rsplit("\nName:", 1)[0].strip() == shown


def test_links_are_absolute():
    relative = [
        link
        for link in re.findall(r"\]\(([^)]+)\)", README)
        if not link.startswith(("https://", "#"))
    ]
    assert relative == []
