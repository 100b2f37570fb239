"""The report site: built from the build, deterministic, offline, and in a real headless Chromium.

Expectations are derived from the loaded tables (other developers add rows), never
hard-coded. The browser tests skip when no browser is found, except when ``$CI``
is set, where they fail.
"""

from __future__ import annotations

import html
import itertools
import os
import re
import shutil
import subprocess
import sys
import urllib.parse
from pathlib import Path

import pandas as pd
import pytest

from mali_conflict_data.citation import cite
from mali_conflict_data.disagreements import disagreements
from mali_conflict_data.load import _descriptor, data_dir, read_all, read_table, resource
from mali_conflict_data.report import text_fragment, write_site
from mali_conflict_data.report.html import number

ARTIFACTS = Path(__file__).parent / "artifacts" / "screenshots"
# axe-core from npm: `npm ci --prefix tests` installs the version pinned in tests/package.json.
AXE = Path(__file__).parent / "node_modules" / "axe-core" / "axe.min.js"
WIDTHS = (1280, 390)
# Every rendered text node whose size on screen is under 11 px (SVG text scaled with its figure).
SMALL_TEXT = """() => {
  const found = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode, el = node.parentElement;
    if (!node.textContent.trim() || el.getClientRects().length === 0) continue;
    const style = getComputedStyle(el);
    if (style.visibility === 'hidden' || style.opacity === '0') continue;
    let size = parseFloat(style.fontSize);
    if (el instanceof SVGElement) {
      const m = el.getScreenCTM();
      size *= Math.hypot(m.a, m.b);
    }
    const text = node.textContent.trim().slice(0, 40);
    if (size < 10.95) found.push(`${el.tagName} "${text}" ${size.toFixed(1)}px`);
  }
  return found;
}"""
# Pairs of text boxes of one figure that overlap (by more than a pixel each way).
OVERLAPS = """() => {
  const found = [];
  document.querySelectorAll('figure svg').forEach((svg, f) => {
    const boxes = [...svg.querySelectorAll('text')]
      .filter(t => t.textContent.trim() && t.getClientRects().length)
      .map(t => [t.textContent.trim(), t.getBoundingClientRect()]);
    for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
      const [ta, a] = boxes[i], [tb, b] = boxes[j];
      const w = Math.min(a.right, b.right) - Math.max(a.left, b.left);
      const h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
      if (w > 1 && h > 1) found.push(`figure ${f + 1}: "${ta}" and "${tb}"`);
    }
  });
  return found;
}"""
ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip
FIGURE_PAGES = {
    "index.html": ["killed-per-year", "killed-per-month"],
    "timeline.html": ["timeline"],
    "deployments.html": ["deployments"],
    "sanctions.html": ["sanctions"],
    "map.html": ["map"],
}
XMLNS = ("http://www.w3.org/2000/svg", "http://www.w3.org/1999/xlink")


def _chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


def _missing(reason: str):
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (required when CI is set)")
    pytest.skip(reason)


def _norm(text: str) -> str:
    return " ".join(str(text).split())


@pytest.fixture(scope="module")
def frames():
    return read_all(data_dir())


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> tuple[Path, list[str]]:
    out = tmp_path_factory.mktemp("site")
    return out, write_site(data_dir(), out)


@pytest.fixture(scope="module")
def browser():
    executable = _chromium()
    if executable is None:
        _missing("no Chromium found on PATH (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _missing("playwright is not installed (pip install '.[report]')")
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=executable, args=ARGS)
        yield instance
        instance.close()


def _svgs(text: str) -> list[str]:
    return re.findall(r"<svg\b.*?</svg>", text, flags=re.S)


def _event_quotes(frames, event_id: str) -> list[str]:
    quotes = []
    for name in ("events", "event_reports", "event_actors", "casualties"):
        table = frames[name]
        quotes += list(table.loc[table["event_id"].astype(str) == event_id, "quote"])
    return [_norm(q) for q in quotes]


def test_text_fragment_round_trips_every_quote():
    for quote in read_table(data_dir(), "events")["quote"]:
        fragment = text_fragment("https://example.org/a", quote).split("#:~:text=")[1]
        assert not set(fragment) & set(" ,&-#")
        assert urllib.parse.unquote(fragment) == " ".join(quote.split())


def test_site_is_deterministic(site, tmp_path):
    out, pages = site
    write_site(data_dir(), tmp_path)
    assert sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*.html")) == pages
    for name in pages:
        assert (out / name).read_bytes() == (tmp_path / name).read_bytes(), name


def test_importing_the_package_imports_no_report_dependency():
    code = (
        "import sys, mali_conflict_data, mali_conflict_data.report; "
        "print(sorted(m for m in ('vl_convert', 'playwright') if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_no_page_shows_a_missing_value_marker(site):
    """An empty cell (a sanction with no stated target, say) reads as words, never <NA>."""
    root, _ = site
    markers = ("&lt;NA&gt;", "<NA>", ">None<", ">nan<", "NaT", "→ None", "→ nan")
    found = {
        (str(page.relative_to(root)), marker)
        for page in root.rglob("*.html")
        for marker in markers
        if marker in page.read_text(encoding="utf-8")
    }
    assert not found, f"pages showing a missing-value marker: {sorted(found)}"


def test_figures_are_vega_lite_svg_linking_only_inside_the_site(site):
    out, pages = site
    for name, figures in FIGURE_PAGES.items():
        text = (out / name).read_text("utf-8")
        svgs = _svgs(text)
        assert len(svgs) >= len(figures), name
        for svg in svgs:
            assert 'class="marks"' in svg, f"{name}: not rendered by Vega"
            addresses = set(re.findall(r"https?://[^\"'\s<>)]+", svg)) - set(XMLNS)
            assert not addresses, f"{name}: the figure names {addresses}"
            assert "@font-face" not in svg and "url(http" not in svg
            links = re.findall(r'xlink:href="([^"]+)"', svg)
            assert links, f"{name}: a figure links nowhere"
            for link in links:
                target, _, anchor = link.partition("#")
                if target:
                    assert (out / target).is_file(), f"{name}: {link} is no page"
                else:
                    assert f'id="{anchor}"' in text, f"{name}: {link} is no row"
        # Each figure keeps a text alternative next to it: a caption and a table.
        assert text.count("<figcaption>") >= len(figures) and "<table>" in text, name


def test_timeline_links_every_event_and_shows_years_precision_and_ranges(site, frames):
    out, _ = site
    text = (out / "timeline.html").read_text("utf-8")
    svg = "".join(_svgs(text))
    summary = frames["event_summary"]
    for event_id in summary["event_id"].astype(str):
        assert f'xlink:href="events/{event_id}.html"' in svg, event_id
    first, last = summary["date_start"].dt.year.min(), summary["date_end"].dt.year.max()
    shown = {int(y) for y in re.findall(r">((?:19|20)\d\d)</text>", svg)}
    assert len({y for y in shown if first <= y <= last + 1}) >= 4, shown  # year axes
    for _, row in summary.iterrows():
        # An interval is drawn as a bar, a day as a point: the precision shows.
        mark = re.search(
            rf'<a xlink:href="events/{re.escape(row["event_id"])}\.html"><path[^>]*'
            r'aria-roledescription="(\w+)"',
            svg,
        )
        day = str(row["date_precision"]) == "day" and row["date_start"] == row["date_end"]
        assert mark and mark.group(1) == ("point" if day else "bar"), row["event_id"]
    for precision in summary["date_precision"].dropna().astype(str).unique():
        assert f">{precision}<" in svg  # the legend of the date precision
    outcomes = [c.removesuffix("_low") for c in summary.columns if c.endswith("_low")]
    for _, row in summary.iterrows():
        for outcome in outcomes:
            low, high = row[f"{outcome}_low"], row[f"{outcome}_high"]
            if pd.isna(low):
                continue
            words = f"{number(low, None, high)} {outcome.replace('_', ' ')}"
            assert words in html.unescape(svg), (row["event_id"], words)


def test_deployments_draw_numbers_on_a_people_axis_and_never_a_missing_one(site, frames):
    out, _ = site
    text = (out / "deployments.html").read_text("utf-8")
    svg = html.unescape("".join(_svgs(text)))
    assert ">people</text>" in svg  # an axis of people, not numbers as text
    assert ">?<" not in svg and "?</strong>" not in text
    for status in frames["deployments"]["status"].dropna().astype(str).unique():
        assert f">{status.replace('_', ' ')}</text>" in svg, status  # the legend
    for _, row in frames["deployments"].dropna(subset=["date_start"]).iterrows():
        did = row["deployment_id"]
        figure = number(row["low"], row["best"], row["high"], row["qualifier"])
        stated = not all(pd.isna(row[b]) for b in ("low", "best", "high"))
        assert (f'xlink:href="#{did}"' in svg) == stated, did
        if stated:
            assert f"{figure} " in svg, did  # the mark's text alternative says it
        else:  # said in words, never drawn as 0
            assert f'<a href="#{did}">' in text.split("Reported without a number")[1], did
        if str(row["qualifier"]) == "more_than":
            assert figure.startswith("> "), figure
            # ...and the page says in words that it is a bound.
            assert f"<q>{html.escape(row['count_text'])}</q>" in text, did


def test_map_draws_points_only_for_events_located_to_a_place(site, frames):
    out, _ = site
    text = (out / "map.html").read_text("utf-8")
    svg = "".join(_svgs(text))
    circles = set(re.findall(r'<a xlink:href="events/([^"]+)\.html"><path[^>]*"circle"', svg))
    summary = frames["event_summary"]
    precision = summary["geo_precision"].astype("string")
    located = summary["latitude"].notna() & precision.notna()
    points = located & precision.isin(["site", "settlement"]).fillna(False)
    assert circles == set(summary.loc[points, "event_id"].astype(str))
    # An event located only to a region or a country is listed under its named area.
    for event_id, location in summary.loc[located & ~points, ["event_id", "location_id"]].values:
        assert f'xlink:href="#area-{location}"' in svg, location
        area = text.split(f'<li id="area-{location}">')[1].split("</li>")[0]
        assert f'href="events/{event_id}.html"' in area, event_id


def test_map_sizes_by_killed_only_and_never_draws_a_missing_figure_as_0(site, frames):
    out, _ = site
    svg = html.unescape("".join(_svgs((out / "map.html").read_text("utf-8"))))
    marks = dict(
        re.findall(r'<a xlink:href="events/([^"]+)\.html"><path aria-label="([^"]*)"', svg)
    )
    summary = frames["event_summary"].set_index("event_id")
    outcomes = [c.removesuffix("_low") for c in summary.columns if c.endswith("_low")]
    for event_id, label in marks.items():
        row = summary.loc[event_id]
        assert row["place"] in label, event_id  # each point is named
        stated = [o for o in outcomes if not pd.isna(row[f"{o}_low"])]
        if not stated:
            assert label.endswith("no figure given"), (event_id, label)
        for outcome in stated:  # each outcome on its own, never a sum
            low, high, name = (
                row[f"{outcome}_low"],
                row[f"{outcome}_high"],
                outcome.replace("_", " "),
            )
            if low == 0 and pd.isna(high):  # articles name the outcome without a number
                words = f"{name}, number not given"
            else:
                words = f"{number(low, None, high)} {name}"
            assert words in label, (event_id, label)
        assert " people" not in label and "≥ 0 " not in label, label
    # the size legend is of people killed, up to the largest lowest count
    top = int(summary["killed_low"].max())
    assert "killed (lowest count any article gives)" in svg and f">{top}</text>" in svg


def test_sanctions_link_both_ends_and_end_at_the_last_article_reporting_them(
    site, frames, monkeypatch
):
    from mali_conflict_data.report import figures, pages

    out, _ = site
    text = (out / "sanctions.html").read_text("utf-8")
    svg = html.unescape("".join(_svgs(text)))
    sanctions = frames["sanctions"].dropna(subset=["imposed_date"])
    for _, row in sanctions.iterrows():
        sid = row["sanction_id"]
        assert f'xlink:href="#{sid}-imposed"' in svg, sid
        if not pd.isna(row["lifted_date"]):
            assert f'xlink:href="#{sid}-lifted"' in svg, sid
    drawn = []
    real = figures.bars_spec
    monkeypatch.setattr(
        figures,
        "bars_spec",
        lambda records, *a, **k: drawn.extend(records) or real(records, *a, **k),
    )
    pages.sanctions_page(frames)
    published = frames["sources"].set_index("source_id")["published_date_latest"]
    names = pages._short_names(frames)
    lanes = sanctions.groupby([sanctions["sender_actor_id"], sanctions["measure"]], observed=True)
    assert len({r["lane"] for r in drawn}) == len(lanes)  # one lane per sender and measure
    for (sender, measure), rows in lanes:
        label = f"{names[sender]}: {measure.replace('_', ' ')}"
        mine = [r for r in drawn if r["lane"].split("|")[1] == label]
        last = published[rows["source_id"]].max()
        lifted = rows["lifted_date_latest"].max()
        end = max(last, lifted) if not pd.isna(lifted) else last
        # No mark runs past the last article about the measure (or its lifting)...
        assert max(pd.Timestamp(r["end"]) for r in mine) <= end + pd.Timedelta(days=1), label
        if rows["lifted_date"].isna().any():  # ...where an open one's status becomes unknown
            words = f"unknown after {last.date().isoformat()}"
            assert any(words in (r.get("text") or "") for r in mine), label
            assert words in svg, label


def test_overview_says_how_to_cite_install_and_download(site, frames):
    out, _ = site
    text = (out / "index.html").read_text("utf-8")
    plain = html.unescape(text)
    version = _descriptor(data_dir())["version"]
    assert cite("text", data_dir()) in plain
    assert "pip install mali-conflict-data" in plain and f'download("{version}")' in plain
    for name, frame in frames.items():
        assert f'<code>{name}</code></td><td data-label="rows">{len(frame):,}<' in text, name
    for sha in frames["sources"]["text_sha256"]:
        assert sha in text


def test_every_page_in_the_browser(site, browser, frames):
    out, pages = site
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page = browser.new_page()
    errors: list[str] = []
    external: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("requestfailed", lambda r: errors.append(f"failed {r.url}"))

    def guard(route):
        if route.request.url.startswith("file://"):
            route.continue_()
        else:
            external.append(route.request.url)
            route.abort()

    page.route("**/*", guard)
    sources = frames["sources"].set_index("source_id")
    for name in pages:
        page.goto((out / name).as_uri())
        for svg in page.locator("figure svg").all():
            box = svg.bounding_box()
            assert svg.locator("path, rect, text").count() > 0, f"{name}: empty SVG"
            assert box and box["width"] > 100 and box["height"] > 50, f"{name}: SVG not drawn"
        if name.startswith("events/"):
            eid = name.removeprefix("events/").removesuffix(".html")
            shown = {_norm(s) for s in page.locator("a.quote").all_inner_texts()}
            for quote in _event_quotes(frames, eid):
                assert quote in shown, (eid, quote)
            for link in page.locator("a.quote").all():
                href = link.get_attribute("href")
                assert "#:~:text=" in href, name
                fragment = urllib.parse.unquote(href.split("#:~:text=")[1])
                assert fragment == _norm(link.inner_text()), name
            source = page.locator("a.source").first
            sid = source.inner_text()
            source.click()
            assert page.locator("h1").inner_text() == sources.loc[sid, "title"], name
    page.close()
    assert not errors, errors
    assert not external, external


def test_disagreements_and_actors_pages_list_every_row(site, browser, frames):
    out, _ = site
    page = browser.new_page()
    page.goto((out / "disagreements.html").as_uri())
    pairs = disagreements(frames)
    assert page.locator("section.disagree-pair").count() == len(pairs)
    for i, (_, pair) in enumerate(pairs.iterrows()):
        section = page.locator(f"#disagreement-{pair['disagreement']}")
        block = section.inner_text()
        assert _norm(pair["why"]) in _norm(block)
        for side in ("a", "b"):
            assert str(pair[f"{side}_id"]) in block and str(pair[f"{side}_source_id"]) in block
            assert _norm(pair[f"{side}_quote"]) in _norm(block)
        # each claim's title leads to the page of its row or event, inside the site
        titles = section.locator(".claim > p:first-child a")
        assert titles.count() == 2, f"pair {i + 1} ({pair['kind']}): a claim links nowhere"
        for k in range(2):
            target = titles.nth(k).get_attribute("href").partition("#")[0]
            assert (out / target).is_file(), f"pair {i + 1}: {target} is no page"
    page.goto((out / "actors.html").as_uri())
    names = frames["actor_names"]
    for name_id, written in zip(names["name_id"], names["name"], strict=True):
        row = page.locator(f'[id="{name_id}"]')
        assert row.count() == 1 and written in row.inner_text(), name_id
        assert "#:~:text=" in row.locator("a.quote").get_attribute("href")
    relations = page.locator("#relations + div tr")
    assert relations.count() == len(frames["actor_relations"]) + 1  # and the header
    page.close()


def test_screenshots_at_desktop_and_phone_width(site, browser, frames):
    out, pages = site
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page = browser.new_page()
    for width, label in ((1280, "desktop"), (390, "phone")):
        page.set_viewport_size({"width": width, "height": 900})
        for name in pages:  # every page, kept in the artifacts
            page.goto((out / name).as_uri())
            # At phone width nothing may run off the side of the page.
            overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            assert overflow <= 1, f"{name} at {width}px is {overflow}px too wide"
            stem = name.replace("/", "-").removesuffix(".html")
            page.screenshot(path=ARTIFACTS / f"{stem}-{label}.png", full_page=True)
    page.close()


def test_timeline_mark_reaches_the_article_words_in_two_clicks(site, browser, frames):
    out, _ = site
    page = browser.new_page()
    page.goto((out / "timeline.html").as_uri())
    mark = page.locator("figure svg a").first
    target = mark.get_attribute("xlink:href") or mark.get_attribute("href")
    mark.click()  # first click: the mark opens its event's page
    page.wait_for_load_state()
    assert page.url == (out / target).as_uri()
    eid = target.removeprefix("events/").removesuffix(".html")
    link = page.locator("a.quote").first
    href = link.get_attribute("href")
    # The second click would open the article, scrolled to and highlighting the quote.
    url, _, fragment = href.partition("#:~:text=")
    assert url in set(frames["sources"]["url"])
    assert urllib.parse.unquote(fragment) in _event_quotes(frames, eid)
    page.close()


def test_report_modules_are_layered():
    """Lower layers never import upper ones: html, palette < figures, geo < pages < site."""
    import ast

    import mali_conflict_data.report as report

    layers = {"html": 0, "palette": 0, "figures": 1, "geo": 1, "pages": 2, "site": 3}
    folder = Path(report.__file__).parent
    for name, level in layers.items():
        tree = ast.parse((folder / f"{name}.py").read_text("utf-8"))
        imported = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module:
                if node.module == "mali_conflict_data.report":
                    imported |= {alias.name for alias in node.names}
                elif node.module.startswith("mali_conflict_data.report."):
                    imported.add(node.module.rsplit(".", 1)[1])
        for other in imported:
            assert layers[other] < level, f"report.{name} imports the upper report.{other}"


def _cvd_distance(a: str, b: str) -> float:
    """The smallest CAM02-UCS distance of two colours, seen normally or with a deficiency."""
    colorspacious = pytest.importorskip("colorspacious")
    import numpy as np

    def rgb(colour: str):
        return np.array([int(colour[i : i + 2], 16) for i in (1, 3, 5)]) / 255

    distances = []
    for deficiency in (None, "deuteranomaly", "protanomaly", "tritanomaly"):
        seen = []
        for colour in (a, b):
            value = rgb(colour)
            if deficiency:
                space = {"name": "sRGB1+CVD", "cvd_type": deficiency, "severity": 100}
                value = np.clip(colorspacious.cspace_convert(value, space, "sRGB1"), 0, 1)
            seen.append(colorspacious.cspace_convert(value, "sRGB1", "CAM02-UCS"))
        distances.append(float(np.linalg.norm(seen[0] - seen[1])))
    return min(distances)


def test_every_vocabulary_value_has_its_own_colour_seen_with_any_colour_vision():
    from mali_conflict_data import model
    from mali_conflict_data.report import pages, palette

    maps = {
        "date_precision": (pages.PRECISION_COLOURS, model.DATE_PRECISIONS),
        "outcome": (pages.OUTCOME_COLOURS, model.OUTCOMES),
        "status": (pages.STATUS_COLOURS, model.DEPLOYMENT_STATUSES),
        "sanction part": (pages.SANCTION_COLOURS, pages.SANCTION_PARTS),
    }
    for name, (colours, vocabulary) in maps.items():
        assert list(colours) == list(vocabulary), f"{name}: colours not keyed by the model"
        assert len(set(colours.values())) == len(colours), f"{name}: two values share a colour"
        for (a, ca), (b, cb) in itertools.combinations(colours.items(), 2):
            assert _cvd_distance(ca, cb) >= 10, f"{name}: {a} and {b} look alike ({ca}, {cb})"
    # Every prefix of the palette stays apart: a vocabulary may grow up to its length.
    for a, b in itertools.combinations(palette.QUALITATIVE, 2):
        assert _cvd_distance(a, b) >= 10, f"palette: {a} and {b} look alike"
    for a, b in itertools.combinations(palette.SEQUENTIAL, 2):
        assert _cvd_distance(a, b) >= 10, f"sequential palette: {a} and {b} look alike"
    with pytest.raises(ValueError, match="palette holds"):
        palette.colours([str(i) for i in range(len(palette.QUALITATIVE) + 1)])


def test_no_colour_map_in_the_report_is_keyed_by_hand_written_vocabulary_values():
    """A dict literal keyed by vocabulary values is a hand-kept copy of the model."""
    import ast

    import mali_conflict_data.report as report
    from mali_conflict_data import model

    vocabularies = {
        name: set(getattr(model, name))
        for name in dir(model)
        if name.isupper() and isinstance(getattr(model, name), list)
    }
    assert "OUTCOMES" in vocabularies and "MEASURES" in vocabularies
    for path in Path(report.__file__).parent.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Dict):
                keys = {k.value for k in node.keys if isinstance(k, ast.Constant)}
                for name, values in vocabularies.items():
                    hand = keys & values
                    assert len(hand) < 2, f"{path.name}:{node.lineno} keys {name} by hand: {hand}"


def test_event_page_names_every_actor_in_every_role(frames):
    from mali_conflict_data import model
    from mali_conflict_data.report import pages

    names = frames["actors"].set_index("actor_id")["name"]
    event_actors = frames["event_actors"]
    assert set(event_actors["role"].astype(str)) <= set(model.EVENT_ROLES)
    for event_id in frames["events"]["event_id"].astype(str):
        header = pages.event_page(frames, event_id).split("<h2>")[0]
        mine = event_actors[event_actors["event_id"].astype(str) == event_id]
        for role, group in mine.groupby(mine["role"].astype(str)):
            item = header.split(f"<li>{role.replace('_', ' ')}: ")[1].split("</li>")[0]
            for actor_id in group["actor_id"].astype(str):
                assert html.escape(names[actor_id]) in item, (event_id, role, actor_id)


def test_event_page_and_event_summary_agree_on_disagreement_for_every_event(frames):
    """One function decides which event a claim is about; the page and the table agree."""
    from mali_conflict_data.report import pages

    pairs = disagreements(frames)
    summary = frames["event_summary"].set_index("event_id")
    for event_id in frames["events"]["event_id"].astype(str):
        shown = "<h2>Disagreements</h2>" in pages.event_page(frames, event_id, pairs)
        assert shown == bool(summary.loc[event_id, "sources_disagree"]), event_id
    assert summary.loc["ev-2012-northern-takeover", "sources_disagree"]  # a role clash


def test_disagreements_page_groups_by_kind_with_variants_apart(site):
    from mali_conflict_data.disagreements import KIND_WORDS, VARIANT_KINDS

    out, _ = site
    text = (out / "disagreements.html").read_text("utf-8")
    pairs = disagreements(read_all(data_dir()))
    contradictions, _, variants = text.partition("<h2>Variants</h2>")
    assert "cannot both be true" in text and "can both be right" in text
    for _, pair in pairs.iterrows():
        kind, anchor = str(pair["kind"]), f'id="disagreement-{pair["disagreement"]}"'
        part = variants if kind in VARIANT_KINDS else contradictions
        assert anchor in part, (kind, pair["disagreement"])
        # under the heading of its own kind
        before = part.split(anchor)[0]
        assert before.rfind(f'id="kind-{kind}"') == max(
            before.rfind(f'id="kind-{k}"') for k in KIND_WORDS
        ), (kind, pair["disagreement"])
    n = int((~pairs["kind"].astype(str).isin(VARIANT_KINDS)).sum())
    assert f"{n} contradictions and {len(pairs) - n} variants" in text


def test_event_pages_are_titled_by_what_where_and_when(site, frames):
    out, _ = site
    for _, row in frames["event_summary"].iterrows():
        text = (out / "events" / f"{row['event_id']}.html").read_text("utf-8")
        title = html.unescape(text.split("<h1>")[1].split("</h1>")[0])
        what = str(row["event_type"]).replace("_", " ")
        assert title.lower().startswith(what), (row["event_id"], title)
        assert str(row["place"]) in title and str(row["date_start"].year) in title, title
        assert f"<code>{row['event_id']}</code>" in text  # the id is still on the page
        assert "Also reports it" not in text


def test_source_pages_number_paragraphs_as_read_and_link_their_rows(site, frames):
    from mali_conflict_data.report.pages import coverage_record

    out, _ = site
    record = coverage_record(data_dir() / "coding" / "coverage.csv")
    if record is None:
        pytest.skip("no coverage record beside this build")
    for source_id, mine in record.groupby("source_id"):
        text = (out / "sources" / f"{source_id}.html").read_text("utf-8")
        numbers = [int(n) for n in re.findall(r'<li id="paragraph-(\d+)"', text)]
        assert numbers == list(range(1, len(mine) + 1)), source_id
        for labels in mine["rows"].dropna():
            for label in str(labels).split():
                table_name, _, row_id = label.partition(":")
                row_id, _, part = row_id.partition("#")  # a second quote of the row
                words = f"{table_name.replace('_', ' ')} {row_id}" + (f" ({part})" if part else "")
                link = re.search(rf'<a href="([^"]+)">{re.escape(html.escape(words))}</a>', text)
                assert link, (source_id, label)
                target, _, anchor = link.group(1).partition("#")
                page = (out / "sources" / target).resolve()
                assert page.is_file(), (source_id, label, target)
                if anchor:
                    assert f'id="{anchor}"' in page.read_text("utf-8"), (label, anchor)


def test_overview_links_every_table_for_download_as_parquet_and_csv(site, frames):
    out, _ = site
    text = (out / "index.html").read_text("utf-8")
    links = set(re.findall(r'href="(data/[^"]+)"', text))
    for name in frames:
        assert f"data/{name}.parquet" in links and f"data/csv/{name}.csv" in links, name
    for link in links:
        assert (out / link).is_file(), link
    for name in frames:  # the very files of the build
        source = data_dir() / resource(data_dir(), name)["path"]
        assert (out / "data" / f"{name}.parquet").read_bytes() == source.read_bytes(), name
        assert len(pd.read_csv(out / "data" / "csv" / f"{name}.csv")) == len(frames[name])


def test_text_is_11px_or_more_and_no_figure_text_overlaps_at_both_widths(site, browser):
    """On every page at 1280 and 390 px: no text under 11 px, no two text boxes of a figure
    overlapping (bounding boxes in Chromium)."""
    out, pages = site
    page = browser.new_page()
    small, overlaps = [], []
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        for name in pages:
            page.goto((out / name).as_uri())
            small += [f"{name} at {width}px: {s}" for s in page.evaluate(SMALL_TEXT)]
            overlaps += [f"{name} at {width}px: {s}" for s in page.evaluate(OVERLAPS)]
    page.close()
    assert not small, "text under 11 px:\n" + "\n".join(small[:40])
    assert not overlaps, "overlapping text:\n" + "\n".join(overlaps[:40])


def test_axe_core_finds_no_serious_violation_on_any_page(site, browser):
    out, pages = site
    if not AXE.is_file():
        _missing(f"axe-core is not installed ({AXE}): npm ci --prefix tests")
    page = browser.new_page()
    found = []
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        for name in pages:
            page.goto((out / name).as_uri())
            page.add_script_tag(path=str(AXE))
            violations = page.evaluate(
                "async () => (await axe.run(document, {resultTypes: ['violations']}))"
                ".violations.map(v => [v.id, v.impact, v.nodes.map(n => n.target.join(' '))])"
            )
            found += [
                f"{name} at {width}px: {rule} ({impact}) {targets[:3]}"
                for rule, impact, targets in violations
                if impact in ("serious", "critical")
            ]
    page.close()
    assert not found, "\n".join(found[:40])


def test_overview_headline_is_killed_per_year_as_a_plain_sum_of_ranges(site, frames):
    from mali_conflict_data.report.pages import killed_by_year

    out, _ = site
    text = html.unescape((out / "index.html").read_text("utf-8"))
    summary = frames["event_summary"]
    expected = {}
    for _, row in summary.iterrows():  # the plain reference: loop, add, compare
        if pd.isna(row["killed_low"]):
            continue
        end = row["date_end"] if not pd.isna(row["date_end"]) else row["date_start"]
        if row["date_start"].year != end.year:
            continue
        low, high, n = expected.get(row["date_start"].year, (0, 0, 0))
        high = None if high is None or pd.isna(row["killed_high"]) else high + row["killed_high"]
        expected[row["date_start"].year] = (low + row["killed_low"], high, n + 1)
    years = killed_by_year(summary)
    assert len(years) == len(expected) > 0
    for _, r in years.iterrows():
        low, high, n = expected[r["year"]]
        assert (r["low"], r["events"]) == (low, n), r["year"]
        assert (None if pd.isna(r["high"]) else r["high"]) == high, r["year"]
        words = number(low, None, high)
        assert f'<td data-label="killed (low to high)">{words}</td>' in text, r["year"]
        assert f'xlink:href="events/{r["largest"]}.html"' in text  # the largest event, linked
    assert "People killed per year" in text


def test_every_legend_gives_each_value_its_own_colour(site):
    out, _ = site
    for name in FIGURE_PAGES:
        text = (out / name).read_text("utf-8")
        legends = [
            part
            for svg in _svgs(text)
            for part in svg.split('class="mark-group role-legend"')[1:]
            if "for fill color" in part.split(">")[0] or "for color" in part.split(">")[0]
        ]
        # (the map sizes by killed, the overview's bars are all of one outcome)
        assert legends or name in ("map.html", "index.html"), f"{name}: no colour legend"
        for legend in legends:
            legend = legend.split('class="mark-group role-legend"')[0]
            fills = re.findall(r'role-legend-symbol"[^>]*><path [^>]*fill="([^"]+)"', legend)
            labels = re.findall(r'role-legend-label"[^>]*><text[^>]*>([^<]+)</text>', legend)
            assert len(fills) == len(labels) > 0, name
            assert len(set(fills)) == len(fills), f"{name}: {list(zip(labels, fills, strict=True))}"


def test_every_linked_mark_has_a_tooltip_saying_what_it_is(site):
    out, _ = site
    for name in FIGURE_PAGES:
        for svg in _svgs((out / name).read_text("utf-8")):
            marks = re.findall(r"<a xlink:href=[^>]+><path ([^>]*)>(<title>[^<]*</title>)?", svg)
            assert marks, name
            for attributes, title in marks:
                label = re.search(r'aria-label="([^"]*)"', attributes)
                assert label and title == f"<title>{label.group(1)}</title>", (name, attributes)


def test_the_report_needs_no_pandera():
    """The `report` extra holds no pandera: the site's modules must not import it."""
    code = (
        "import sys\n"
        "sys.modules['pandera'] = None  # importing it now fails\n"
        "import mali_conflict_data.report.site, mali_conflict_data.report.pages\n"
        "print('ok')\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.stdout.strip() == "ok", done.stderr[-800:]
