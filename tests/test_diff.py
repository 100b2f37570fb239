"""The data changelog: rows added, removed and changed between two builds."""

from __future__ import annotations

from mali_conflict_data import publish
from mali_conflict_data.compare import diff, summarise_diff


def test_a_build_has_no_changes_against_itself(root):
    assert diff(root, root).empty


def test_diff_reports_added_removed_and_changed_rows(root, project):
    casualties = project / "raw" / "casualties.csv"
    lines = casualties.read_text().splitlines(keepends=True)
    lines[1] = lines[1].replace("four dead", "four  dead", 1)  # cas-0001: count_text changes
    removed = lines.pop(2)  # cas-0002
    lines.append(removed.replace("cas-0002", "cas-0099"))
    casualties.write_text("".join(lines))
    publish.build(project)
    changes = diff(root, project)
    assert changes.values.tolist() == [
        ["casualties", "changed", "cas-0001", "count_text"],
        ["casualties", "added", "cas-0099", ""],
        ["casualties", "removed", "cas-0002", ""],
    ]
    assert "- `casualties`: 1 added, 1 removed, 1 changed" in summarise_diff(changes)
