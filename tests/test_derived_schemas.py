"""Every derived table, as the build writes it, passes its pandera schema.

The build derives ``event_summary``, the period panels and ``event_dyads`` without
running their pandera schemas (they cost more than the derivations); these tests run
them, for every derived table of the model, on the tables the build derives from: the
project's own ``raw/`` and the benchmarks' generated data.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pandas as pd
import pytest

from mali_conflict_data import model
from mali_conflict_data.dyads import derive_dyads
from mali_conflict_data.periods import derive_periods
from mali_conflict_data.schema import PUBLISHED_SCHEMAS
from mali_conflict_data.summary import derive, derive_arrow
from mali_conflict_data.validate import validate_raw

ROOT = Path(__file__).resolve().parents[1]
#: The derived tables, from the model: published, but not coded in raw/.
DERIVED = [name for name in model.PUBLISHED if name not in model.TABLES]


def _generated(folder: Path) -> Path:
    spec = importlib.util.spec_from_file_location(
        "bench_synthetic", ROOT / "benchmarks" / "synthetic.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.generate(800, folder) / "raw"


@pytest.fixture(scope="module", params=["project", "generated"])
def derived(request, tmp_path_factory) -> dict[str, pd.DataFrame]:
    """The derived tables as ``build.render`` derives them (lists as Python lists)."""
    if request.param == "project":
        validation = validate_raw(ROOT / "raw")  # the texts of $MALI_CONFLICT_DATA_SOURCES
    else:  # the generated data has its own texts
        raw = _generated(tmp_path_factory.mktemp("g"))
        validation = validate_raw(raw, sources=raw.parent / "sources")
    assert validation.ok, validation.problems[:3]
    frames = validation.frames()
    held = derive_arrow(frames)  # what the build writes
    summary = derive(frames)
    for name, column in model.EVENT_SUMMARY.columns.items():
        if column.kind == "list":
            assert held[name].tolist() == [list(v) for v in summary[name]]
    tables = {"event_summary": summary, **derive_periods(held), "event_dyads": derive_dyads(frames)}
    assert sorted(tables) == sorted(DERIVED), "every derived table is derived here"
    return tables


@pytest.mark.parametrize("name", DERIVED)
def test_every_derived_table_passes_its_schema(derived, name):
    table = derived[name]
    assert len(table), f"{name}: the derivation gives rows to check"
    PUBLISHED_SCHEMAS[name].validate(table, lazy=True)
