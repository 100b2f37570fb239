"""Fuzzing the readers: whatever the bytes in raw/, validation reports, never raises.

Hypothesis writes, into every table of the small valid project: arbitrary bytes as
a whole file (alone, or after the right header), arbitrary Unicode text as a whole
file (with and without a final newline), arbitrary values in one to eight cells
(arbitrary Unicode, CSV delimiters and quotes, line breaks: multi-line cells; as
often, values that look like data: every cell of the project and the edge values
of the types), arbitrary bytes in place of a cell, and arbitrary rows of any width
after the header. Each example runs ``mali-conflict-data --debug validate
--sources ... --format json`` in-process (``--debug`` lets any exception through,
so a crash fails the example with its traceback) and asserts the invariant: exit
1 with every problem located (a file of raw/, a line inside that file, a column
of its table) or exit 0 with none.

The number of examples comes from the hypothesis profile (tests/conftest.py):
``dev`` by default, ``ci`` when ``CI`` is set or ``HYPOTHESIS_PROFILE=ci``.
The tables the example leaves untouched are read once and copied (their reading
is a function of their bytes), so an example costs about one table's reading.
"""

from __future__ import annotations

import contextlib
import copy
import csv
import io
import json
import shutil
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mali_conflict_data import validate
from mali_conflict_data.cli import main
from mali_conflict_data.schema import SCHEMAS

pytestmark = pytest.mark.fuzz  # full suite only: `pytest -m fuzz` runs these

MINIMAL = Path(__file__).parent / "data" / "minimal"
TABLES = list(SCHEMAS)
# Values that look like data: every cell of the valid project (ids, dates, vocabulary
# words, numbers) and the edge values of the types (past 64 bits, other scripts' digits,
# infinities, spreadsheet error words).
TOKENS = sorted(
    {
        cell
        for path in (MINIMAL / "raw").glob("*.csv")
        for row in csv.reader(io.StringIO(path.read_text("utf-8")))
        for cell in row
    }
    | {"0", "-1", "99999999999999999999", "\u0661\u0662", "1e309", "inf", "-inf", "nan", "NULL"}
    | {"#N/A", "0001-01-01", "9999-12-31", "2020-02-29", "1899-12-31", "TRUE", "true;false"}
)
# A cell: empty, a value that looks like data, or any Unicode but lone surrogates (not
# encodable), with CSV's own characters often (multi-line cells included).
CELL = (
    st.just("")
    | st.sampled_from(TOKENS)
    | st.text(
        st.characters(exclude_categories=["Cs"])
        | st.sampled_from([",", '"', "\n", "\r", ";", " "]),
        max_size=40,
    )
)


@pytest.fixture(scope="module", autouse=True)
def read_each_unchanged_table_once():
    """Validation reads a table's bytes the same way every time: keep each reading."""
    original, kept = validate.check_table, {}

    def check_table(name, path, label):
        key = (name, label, path.read_bytes() if path.is_file() else None)
        if key not in kept:
            kept[key] = original(name, path, label)
        return copy.deepcopy(kept[key])

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(validate, "check_table", check_table)
        yield


def _project(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("fuzz")
    shutil.copytree(MINIMAL / "raw", root / "raw")
    return root


def _holds(root: Path) -> None:
    """Validation of ``root`` exits 1 with located problems, or 0 with none; never raises."""
    out, err = io.StringIO(), io.StringIO()
    argv = ["--debug", "validate", "--root", str(root), "--sources", str(MINIMAL / "sources")]
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main([*argv, "--format", "json"])
    problems = json.loads(out.getvalue() or "[]")
    assert code == (1 if problems else 0), f"declared: exit 1 iff problems; found {code}, {err}"
    for problem in problems:
        assert problem["message"], problem
        name = problem["file"].removeprefix("raw/").removesuffix(".csv")
        assert problem["file"] == f"raw/{name}.csv" and name in SCHEMAS, problem
        # lines as editors show them: a lone CR (old Mac) ends a line too
        data = (root / problem["file"]).read_bytes().replace(b"\r\n", b"\n")
        lines = data.replace(b"\r", b"\n").count(b"\n") + 1
        assert problem["line"] is None or 1 <= problem["line"] <= lines, (
            f"declared: a line of {problem['file']} (1 to {lines}); found {problem}"
        )
        if problem["column"] and problem["rule"] != "header":
            unknown = set(problem["column"].split(", ")) - set(SCHEMAS[name].columns)
            assert not unknown, f"declared: columns of {name}; found {problem}"


def _header(table: str) -> bytes:
    return ",".join(SCHEMAS[table].columns).encode() + b"\n"


def _cells(table: str) -> list[list[str]]:
    with (MINIMAL / "raw" / f"{table}.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


def _csv(rows: list[list[str]], final_newline: bool = True) -> bytes:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    text = out.getvalue()
    return (text if final_newline else text.removesuffix("\n")).encode("utf-8")


@pytest.mark.parametrize("table", TABLES)
@given(data=st.binary(max_size=400), after_header=st.booleans())
def test_arbitrary_bytes_as_a_whole_file(tmp_path_factory, table, data, after_header):
    root = _project(tmp_path_factory)
    (root / "raw" / f"{table}.csv").write_bytes((_header(table) if after_header else b"") + data)
    _holds(root)


@pytest.mark.parametrize("table", TABLES)
@given(text=st.text(max_size=300), after_header=st.booleans(), final_newline=st.booleans())
def test_arbitrary_text_as_a_whole_file(tmp_path_factory, table, text, after_header, final_newline):
    root = _project(tmp_path_factory)
    body = (_header(table).decode() if after_header else "") + text
    body = body + "\n" if final_newline else body.removesuffix("\n")
    (root / "raw" / f"{table}.csv").write_bytes(body.encode("utf-8", "surrogatepass"))
    _holds(root)


@pytest.mark.parametrize("table", TABLES)
@given(data=st.data(), final_newline=st.booleans())
def test_arbitrary_values_in_any_cells(tmp_path_factory, table, data, final_newline):
    root = _project(tmp_path_factory)
    rows = _cells(table)
    for _ in range(data.draw(st.integers(1, 8), label="cells")):
        row = data.draw(st.integers(1, len(rows) - 1), label="row")
        column = data.draw(st.integers(0, len(rows[0]) - 1), label="column")
        rows[row][column] = data.draw(CELL, label="value")
    (root / "raw" / f"{table}.csv").write_bytes(_csv(rows, final_newline))
    _holds(root)


@pytest.mark.parametrize("table", TABLES)
@given(data=st.data())
def test_arbitrary_bytes_in_place_of_a_cell(tmp_path_factory, table, data):
    root = _project(tmp_path_factory)
    rows = _cells(table)
    row = data.draw(st.integers(1, len(rows) - 1), label="row")
    column = data.draw(st.integers(0, len(rows[0]) - 1), label="column")
    marker = "\x00cell\x00"
    rows[row][column] = marker
    before, after = _csv(rows).split(marker.encode())
    (root / "raw" / f"{table}.csv").write_bytes(
        before + data.draw(st.binary(max_size=40), label="bytes") + after
    )
    _holds(root)


@pytest.mark.parametrize("table", TABLES)
@given(
    rows=st.lists(st.lists(CELL, max_size=25), max_size=6),
    keep_valid_rows=st.booleans(),
    final_newline=st.booleans(),
)
def test_arbitrary_rows_after_the_header(
    tmp_path_factory, table, rows, keep_valid_rows, final_newline
):
    root = _project(tmp_path_factory)
    cells = _cells(table) if keep_valid_rows else _cells(table)[:1]
    (root / "raw" / f"{table}.csv").write_bytes(_csv([*cells, *rows], final_newline))
    _holds(root)
