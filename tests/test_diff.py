"""The data changelog: rows added, removed and changed between two builds."""

from __future__ import annotations

import pytest

import mali_conflict_data as mcd
from mali_conflict_data import build
from mali_conflict_data.cli import main
from mali_conflict_data.diff import diff, summarise_diff
from mali_conflict_data.download import registry


def test_a_build_has_no_changes_against_itself(root):
    assert diff(root, root).empty


def test_diff_reports_added_removed_and_changed_rows(root, project):
    casualties = project / "raw" / "casualties.csv"
    lines = casualties.read_text().splitlines(keepends=True)
    lines[1] = lines[1].replace("four dead", "four  dead", 1)  # cas-0001: count_text changes
    removed = lines.pop(2)  # cas-0002
    lines.append(removed.replace("cas-0002", "cas-0099"))
    casualties.write_text("".join(lines))
    build.build(project)
    changes = diff(root, project)
    assert changes.values.tolist() == [
        ["casualties", "changed", "cas-0001", "count_text"],
        ["casualties", "added", "cas-0099", ""],
        ["casualties", "removed", "cas-0002", ""],
    ]
    assert "- `casualties`: 1 added, 1 removed, 1 changed" in summarise_diff(changes)


@pytest.mark.parametrize("where", ["old", "new"])
@pytest.mark.parametrize("kind", ["missing", "no datapackage"])
def test_a_folder_that_is_no_copy_of_the_data_is_a_clear_error(root, tmp_path, where, kind):
    """Not every row 'added' (or a traceback): the folder is named and what was expected."""
    folder = tmp_path / "nowhere"
    if kind == "no datapackage":
        folder.mkdir()
    pair = {"old": root, "new": root, where: folder}
    with pytest.raises(mcd.DataNotFoundError) as raised:
        diff(pair["old"], pair["new"])
    said = "does not exist" if kind == "missing" else "holds no datapackage.json"
    assert f"the {where} folder {folder} {said}; expected a folder holding datapackage.json" in (
        str(raised.value)
    )


@pytest.mark.parametrize(
    ("old", "said"),
    [
        ("9.9.9", "Unknown release '9.9.9' (known: "),
        ("/nonexistent", "the old folder /nonexistent does not exist"),
        ("./buld", "the old folder ./buld does not exist"),
        ("0.1", "the old folder 0.1 does not exist"),
    ],
)
def test_the_cli_names_an_unknown_version_or_folder_in_one_line(root, capsys, old, said):
    code = main(["diff", old, str(root)])
    out, err = capsys.readouterr()
    assert code == 1, f"declared: exit 1; found: {code} ({err})"
    assert err.startswith(f"error: {said}") and err.count("\n") == 1, err
    assert "Traceback" not in err and out == ""


def test_the_cli_names_a_folder_without_datapackage(root, tmp_path, capsys):
    assert main(["diff", str(root), str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert err == (
        f"error: the new folder {tmp_path} holds no datapackage.json; expected a folder holding "
        "datapackage.json (a checkout after `mali-conflict-data build`, an unpacked release) or "
        f"a release version (known: {', '.join(sorted(registry()))})\n"
    )
