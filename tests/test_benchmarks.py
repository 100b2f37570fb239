"""The benchmarks' synthetic data obeys every rule, so `nox -s bench` measures valid data.

(Timings are printed by the benchmarks, never asserted here.)
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from mali_conflict_data.schema import SCHEMAS
from mali_conflict_data.validate import validate_raw

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"


def _module(name: str):
    spec = importlib.util.spec_from_file_location(f"bench_{name}", BENCHMARKS / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_synthetic_data_obeys_every_rule(tmp_path: Path) -> None:
    """`generate` at a small size: every table written, every rule and every quote passes."""
    out = _module("synthetic").generate(600, tmp_path / "synthetic")
    assert sorted(p.stem for p in (out / "raw").glob("*.csv")) == sorted(SCHEMAS)
    result = validate_raw(out / "raw", sources=out / "sources")
    assert result.problems == []
    assert result.quotes_checked
    # every table holds rows, so every rule had something to check
    assert all(len(table.frame) > 0 for table in result.tables.values())


def test_synthetic_figures_come_from_articles_reporting_their_event(tmp_path: Path) -> None:
    """Casualty figures use both kinds of reporting article: the event's own and a further one."""
    out = _module("synthetic").generate(600, tmp_path / "synthetic")
    frames = validate_raw(out / "raw").frames()
    own = dict(zip(frames["events"]["event_id"], frames["events"]["source_id"], strict=True))
    casualties = frames["casualties"]
    from_own = casualties["event_id"].map(own) == casualties["source_id"]
    assert from_own.any() and not from_own.all()


def test_run_fails_when_a_measured_command_fails() -> None:
    """run.py stops on any non-zero exit of what it runs, instead of timing a failure."""
    run = _module("run")
    with pytest.raises(RuntimeError, match="failed with exit 1"):
        run.timed_process([run.PYTHON, "-c", "raise SystemExit(1)"], 1)
    seconds, _, finished = run.timed_process([run.PYTHON, "-c", "pass"], 1)
    assert finished and seconds > 0
