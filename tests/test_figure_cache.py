"""The report's figure cache: an unchanged figure is not rendered again, a changed one is.

Every test counts the calls to vl-convert, so a cache that served nothing (or served a
stale or damaged render) fails.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

pytest.importorskip("vl_convert")

from mali_conflict_data.report import figures  # noqa: E402

SPEC = {
    "data": {"values": [{"x": 1}, {"x": 2}]},
    "mark": "point",
    "encoding": {"x": {"field": "x", "type": "quantitative"}},
    "description": "two points",
}


@pytest.fixture
def renders(monkeypatch):
    """The specs vl-convert was asked to render, in order."""
    calls = []
    convert = figures._vl_convert

    def counted(full):
        calls.append(full)
        return convert(full)

    monkeypatch.setattr(figures, "_vl_convert", counted)
    return calls


def test_an_unchanged_spec_is_rendered_once_and_served_the_same(tmp_path, renders):
    fresh = figures.render(SPEC, "f")
    with figures.figure_cache(tmp_path):
        first = figures.render(SPEC, "f")
        again = figures.render(SPEC, "f")
        other_name = figures.render(SPEC, "g")
    assert len(renders) == 2  # the uncached render and the first cached one
    assert first == again == fresh
    assert other_name == fresh.replace('id="f-', 'id="g-').replace("url(#f-", "url(#g-")


def test_a_changed_spec_is_rendered_again(tmp_path, renders):
    changed = {**SPEC, "data": {"values": [{"x": 1}, {"x": 3}]}}
    with figures.figure_cache(tmp_path):
        before = figures.render(SPEC, "f")
        after = figures.render(changed, "f")
    assert len(renders) == 2
    assert before != after
    assert after == figures.render(changed, "f")  # as rendered without a cache


def test_another_renderer_or_font_set_is_rendered_again(tmp_path, renders, monkeypatch):
    with figures.figure_cache(tmp_path):
        figures.render(SPEC, "f")
        context = figures._render_context()
        monkeypatch.setattr(figures, "_render_context", lambda: context + "another vl-convert")
        figures.render(SPEC, "f")
    assert len(renders) == 2


@pytest.mark.parametrize(
    "damage",
    [
        lambda text: text[: len(text) // 2],  # cut short
        lambda text: text.replace("<svg", "<svg data-stale='1'", 1),  # bytes changed
        lambda text: json.dumps({**json.loads(text), "key": "0" * 64}),  # another key
        lambda text: "[]",
        lambda text: "",
    ],
    ids=["truncated", "edited", "wrong-key", "not-an-entry", "empty"],
)
def test_a_damaged_entry_is_rendered_again_not_served(tmp_path, renders, damage):
    fresh = figures.render(SPEC, "f")
    with figures.figure_cache(tmp_path):
        figures.render(SPEC, "f")
    (entry,) = tmp_path.glob("*.json")
    entry.write_text(damage(entry.read_text(encoding="utf-8")), encoding="utf-8")
    with figures.figure_cache(tmp_path):
        served = figures.render(SPEC, "f")
    assert len(renders) == 3
    assert served == fresh
    with figures.figure_cache(tmp_path):  # and the entry is whole again
        assert figures.render(SPEC, "f") == fresh
    assert len(renders) == 3


def test_an_unwritable_cache_folder_still_renders(tmp_path, renders):
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    fresh = figures.render(SPEC, "f")
    with figures.figure_cache(blocked / "figures"):
        assert figures.render(SPEC, "f") == fresh
        assert figures.render(SPEC, "f") == fresh
    assert len(renders) == 3
    assert blocked.read_text() == "not a folder"


def test_entries_the_report_no_longer_uses_are_removed(tmp_path, renders):
    changed = {**SPEC, "mark": "tick"}
    with figures.figure_cache(tmp_path):
        figures.render(SPEC, "f")
    with figures.figure_cache(tmp_path):
        figures.render(changed, "f")
    assert len(list(tmp_path.glob("*.json"))) == 1
    assert not list(tmp_path.glob("*.tmp"))


@pytest.mark.slow
def test_report_on_an_unchanged_build_renders_no_figure_and_writes_the_same_bytes(
    tmp_path, renders, monkeypatch
):
    from mali_conflict_data.load import data_dir
    from mali_conflict_data.report.site import FIGURE_CACHE, write_site

    shutil.rmtree(data_dir() / FIGURE_CACHE, ignore_errors=True)  # a first report
    first, second = tmp_path / "first", tmp_path / "second"
    write_site(data_dir(), first)
    rendered = len(renders)
    assert rendered and len(list((data_dir() / FIGURE_CACHE).glob("*.json"))) == rendered
    write_site(data_dir(), second)
    assert len(renders) == rendered  # every figure came from the cache
    written = sorted(p.relative_to(first) for p in first.rglob("*") if p.is_file())
    assert written == sorted(p.relative_to(second) for p in second.rglob("*") if p.is_file())
    for name in written:
        assert (first / name).read_bytes() == (second / name).read_bytes(), name
    # and without the cache, the same pages
    uncached = figures.figure_cache
    monkeypatch.setattr(figures, "figure_cache", lambda folder: uncached(None))
    third = tmp_path / "third"
    write_site(data_dir(), third)
    assert len(renders) == 2 * rendered
    for name in written:
        if Path(name).suffix == ".html":
            assert (first / name).read_bytes() == (third / name).read_bytes(), name
