"""Fuzzing the readers: whatever the bytes in raw/, validation reports, never raises.

Hypothesis writes arbitrary bytes, arbitrary Unicode text and arbitrary cell values
(multi-line included, with and without a final newline) into every table of the
small valid project; `validate_raw` must return problems located in a file, and the
command line must exit 0 or 1, never with a traceback.
"""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mali_conflict_data.schema import SCHEMAS
from mali_conflict_data.validate import validate_raw

MINIMAL = Path(__file__).parent / "data" / "minimal" / "raw"
FUZZ = settings(max_examples=8, deadline=None, suppress_health_check=list(HealthCheck))


def _project(tmp: Path) -> Path:
    raw = tmp / "raw"
    shutil.rmtree(raw, ignore_errors=True)
    shutil.copytree(MINIMAL, raw)
    return raw


def _holds(raw: Path, table: str) -> None:
    result = validate_raw(raw)  # must not raise
    for problem in result.problems:
        assert problem.file.startswith("raw/") and problem.message, problem
    assert not result.ok or result.problems == []


@pytest.mark.parametrize("table", list(SCHEMAS))
@FUZZ
@given(data=st.binary(max_size=400))
def test_arbitrary_bytes_as_a_whole_file(tmp_path_factory, table, data):
    raw = _project(tmp_path_factory.mktemp("fuzz"))
    (raw / f"{table}.csv").write_bytes(data)
    _holds(raw, table)


@pytest.mark.parametrize("table", list(SCHEMAS))
@FUZZ
@given(text=st.text(max_size=300), final_newline=st.booleans())
def test_arbitrary_text_after_the_header(tmp_path_factory, table, text, final_newline):
    raw = _project(tmp_path_factory.mktemp("fuzz"))
    header = ",".join(SCHEMAS[table].columns)
    body = header + "\n" + text + ("\n" if final_newline else "")
    (raw / f"{table}.csv").write_bytes(body.encode("utf-8", "surrogatepass"))
    _holds(raw, table)


@pytest.mark.parametrize("table", list(SCHEMAS))
@FUZZ
@given(data=st.data())
def test_arbitrary_value_in_any_cell(tmp_path_factory, table, data):
    raw = _project(tmp_path_factory.mktemp("fuzz"))
    path = raw / f"{table}.csv"
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
    row = data.draw(st.integers(1, len(rows) - 1), label="row")
    column = data.draw(st.integers(0, len(rows[0]) - 1), label="column")
    rows[row][column] = data.draw(
        st.text(st.characters(exclude_categories=["Cs"]), max_size=60), label="value"
    )
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")
    _holds(raw, table)
