"""The examples in the public docstrings run and give what they show."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = [
    "mali_conflict_data",
    "mali_conflict_data.load",
    "mali_conflict_data.disagreements",
    "mali_conflict_data.problems",
    "mali_conflict_data.release",
    "mali_conflict_data.validate",
    "mali_conflict_data.build",
    "mali_conflict_data._numbers",
    "mali_conflict_data._figures",
    "mali_conflict_data._dates",
    "mali_conflict_data._vouched",
    "mali_conflict_data._rules",
    "mali_conflict_data.summary",
    "mali_conflict_data.totals",
    "mali_conflict_data.periods",
    "mali_conflict_data.dyads",
    "mali_conflict_data.measures",
    "mali_conflict_data.strengths",
    "mali_conflict_data.query",
    "mali_conflict_data.dictionary",
    "mali_conflict_data.citation",
    "mali_conflict_data.export",
    "mali_conflict_data.report",
    "mali_conflict_data.report.html",
    "mali_conflict_data.report.figures",
    "mali_conflict_data.report.geo",
    "mali_conflict_data.report.pages",
    "mali_conflict_data.report.site",
    "mali_conflict_data._errors",
    "mali_conflict_data._profiles",
    "mali_conflict_data.fetch_sources",
    "mali_conflict_data.cli",
    "mali_conflict_data._pylists",
]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples_run(name):
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.failed == 0, f"{result.failed} of {result.attempted} examples failed in {name}"
