"""fetch-sources: the article texts from a store on a real HTTP server on 127.0.0.1 (issue 22, 8).

A good store; one text tampered; one missing; redirects to other schemes (and to http,
which is followed); a trickling body past the deadline; an oversized body (declared
and streamed); a write that fails half-way. Each refusal is a located problem on
raw/sources.csv, and nothing half-written or unverified is left in the folder.
"""

from __future__ import annotations

import errno
import functools
import http.server
import importlib
import json
import shutil
import threading
import time
from pathlib import Path

import pytest

from mali_conflict_data import cli
from mali_conflict_data._config import SOURCES_STORE_ENV
from mali_conflict_data._errors import DownloadError
from mali_conflict_data.fetch_sources import fetch_sources
from mali_conflict_data.validate import validate_raw

download_module = importlib.import_module("mali_conflict_data.download")
MINIMAL = Path(__file__).parent / "data" / "minimal"
TEXTS = sorted(p.name for p in (MINIMAL / "sources").glob("*.txt"))
ROOT = Path(__file__).resolve().parents[1]


class Store(http.server.SimpleHTTPRequestHandler):
    """Serves a folder; ``routes`` (path -> behaviour) override single paths."""

    routes: dict[str, str] = {}

    def log_message(self, *args) -> None:
        pass

    def do_GET(self) -> None:  # noqa: N802 - the name http.server calls
        behaviour = self.routes.get(self.path.split("?")[0], "")
        if behaviour.startswith("redirect:"):
            self.send_response(302)
            self.send_header("Location", behaviour.removeprefix("redirect:"))
            self.end_headers()
        elif behaviour == "trickle":
            self.send_response(200)
            self.send_header("Content-Length", "1000")
            self.end_headers()
            for _ in range(1000):
                try:
                    self.wfile.write(b"x")
                    self.wfile.flush()
                except OSError:
                    return
                time.sleep(0.2)
        elif behaviour in ("huge_declared", "huge_streamed"):
            self.send_response(200)
            if behaviour == "huge_declared":
                self.send_header("Content-Length", str(64 * 2**20))
            self.end_headers()
            try:
                for _ in range(64 * 16):
                    self.wfile.write(b"x" * 65536)
            except OSError:
                return
        else:
            super().do_GET()


@pytest.fixture
def store(tmp_path):
    """(folder served, base address, routes) on 127.0.0.1 for one test."""
    folder = tmp_path / "store"
    shutil.copytree(MINIMAL / "sources", folder)
    routes: dict[str, str] = {}
    handler = functools.partial(type("S", (Store,), {"routes": routes}), directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield folder, f"http://127.0.0.1:{server.server_address[1]}/texts/", routes
    server.shutdown()
    server.server_close()


@pytest.fixture
def project(tmp_path) -> Path:
    shutil.copytree(MINIMAL / "raw", tmp_path / "project" / "raw")
    return tmp_path / "project"


def _served(store, base):
    """The store's folder under /texts/ (the base address has a path, as a real store's may)."""
    folder, _, _ = store
    (folder / "texts").mkdir()
    for name in TEXTS:
        shutil.move(folder / name, folder / "texts" / name)
    return folder / "texts"


def _line_of(name: str) -> int:
    lines = (MINIMAL / "raw" / "sources.csv").read_text().splitlines()
    return next(n for n, text in enumerate(lines, 1) if name in text)


def _only(out: Path) -> list[str]:
    return sorted(p.name for p in out.iterdir()) if out.exists() else []


def test_a_good_store_gives_every_text_and_validate_checks_the_quotes(store, project, tmp_path):
    texts = _served(store, store[1])
    out = tmp_path / "fetched"
    result = fetch_sources(project / "raw", out, store[1])
    assert result.ok and len(result.fetched) == len(TEXTS)
    assert _only(out) == TEXTS
    for name in TEXTS:
        assert (out / name).read_bytes() == (texts / name).read_bytes()
    validation = validate_raw(project / "raw", sources=out)
    assert validation.ok and validation.quotes_checked


def test_the_command_reads_the_store_address_from_the_environment(
    store, project, tmp_path, capsys, monkeypatch
):
    _served(store, store[1])
    monkeypatch.setenv(SOURCES_STORE_ENV, store[1])
    out = tmp_path / "fetched"
    assert cli.main(["fetch-sources", "--root", str(project), "--out", str(out)]) == 0
    assert f"Fetched {len(TEXTS)} article texts" in capsys.readouterr().out
    assert cli.main(["validate", "--root", str(project), "--sources", str(out)]) == 0


def test_no_store_address_is_one_line(project, tmp_path, capsys, monkeypatch):
    monkeypatch.delenv(SOURCES_STORE_ENV, raising=False)
    assert cli.main(["fetch-sources", "--root", str(project), "--out", str(tmp_path / "o")]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and SOURCES_STORE_ENV in err[0] and "--from" in err[0]


@pytest.mark.parametrize("base", ["file:///etc/", "ftp://127.0.0.1/", "javascript:alert(1)"])
def test_a_store_address_that_is_not_http_is_refused(project, tmp_path, base):
    with pytest.raises(DownloadError, match="is not an http"):
        fetch_sources(project / "raw", tmp_path / "out", base)
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("where", ["--from", "environment"])
@pytest.mark.parametrize(
    "base", ["ftp://user:s3cret@store.example/x/", "file:///srv/store/", "https://", "http://h:x/"]
)
def test_a_store_address_that_is_not_http_is_one_line_never_echoed(
    project, tmp_path, capsys, monkeypatch, where, base
):
    """The message names --from and the store's variable, and never the address itself."""
    argv = ["fetch-sources", "--root", str(project), "--out", str(tmp_path / "out")]
    if where == "--from":
        monkeypatch.delenv(SOURCES_STORE_ENV, raising=False)
        argv += ["--from", base]
    else:
        monkeypatch.setenv(SOURCES_STORE_ENV, base)
    assert cli.main(argv) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("error:"), err
    assert "--from" in err[0] and f"${SOURCES_STORE_ENV}" in err[0], err
    for hidden in ("s3cret", "user", "store.example", "/x/", "/srv/store", "--url", "h:x"):
        assert hidden not in err[0], err
    assert "$MALI_CONFLICT_DATA_URL" not in err[0], err
    assert not (tmp_path / "out").exists()


def _problem(result, name: str, row_of: str | None = None):
    """The one problem naming ``name``, located on the line of the row of ``row_of``."""
    [problem] = [p for p in result.problems if name in p.message]
    assert (problem.file, problem.line, problem.column) == (
        "raw/sources.csv",
        _line_of(row_of or name),
        "text_file",
    )
    return problem


def test_a_tampered_text_is_refused_and_the_others_kept(store, project, tmp_path):
    texts = _served(store, store[1])
    tampered = TEXTS[-1]
    (texts / tampered).write_text((texts / tampered).read_text().replace("a", "e", 1))
    out = tmp_path / "fetched"
    result = fetch_sources(project / "raw", out, store[1])
    problem = _problem(result, tampered)
    assert problem.rule == "text_mismatch" and "pinned text_sha256" in problem.message
    assert _only(out) == TEXTS[:-1]  # nothing of the tampered text, no temporary file


def test_a_stale_text_in_the_folder_is_replaced_or_removed(store, project, tmp_path):
    """The folder holds verified texts only: a wrong copy already there is replaced by the
    store's (verified), or removed when the store cannot give it."""
    texts = _served(store, store[1])
    out = tmp_path / "fetched"
    out.mkdir()
    for name in TEXTS:
        (out / name).write_text("The rebels killed 9999 civilians")
    (texts / TEXTS[0]).unlink()
    result = fetch_sources(project / "raw", out, store[1])
    assert _problem(result, TEXTS[0]).rule == "text_not_in_store"
    assert _only(out) == TEXTS[1:]
    assert (out / TEXTS[1]).read_bytes() == (texts / TEXTS[1]).read_bytes()


def test_a_text_missing_from_the_store_is_named(store, project, tmp_path, capsys, monkeypatch):
    texts = _served(store, store[1])
    (texts / TEXTS[0]).unlink()
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    out = tmp_path / "fetched"
    argv = ["fetch-sources", "--root", str(project), "--out", str(out), "--from", store[1]]
    assert cli.main([*argv, "--format", "github"]) == 1
    captured = capsys.readouterr()
    [annotation] = captured.out.strip().splitlines()
    assert annotation.startswith(f"::error file=raw/sources.csv,line={_line_of(TEXTS[0])},")
    assert "text_not_in_store" in annotation and "127.0.0.1" not in annotation
    assert "1 of 2 article texts could not be fetched" in captured.err
    assert "Article texts the store could not provide" in summary.read_text()
    assert _only(out) == TEXTS[1:]
    # validate then names the text that is missing: the quotes of the other one are checked
    validation = validate_raw(project / "raw", sources=out)
    assert not validation.ok and all(TEXTS[0] in p.message or p.value for p in validation.problems)


@pytest.mark.parametrize(
    "location",
    ["file:///etc/passwd", "ftp://127.0.0.1/x.txt", "javascript:alert(1)", "data:text/plain,x"],
)
def test_a_redirect_to_another_scheme_is_refused(store, project, tmp_path, location):
    _served(store, store[1])
    store[2][f"/texts/{TEXTS[0]}"] = f"redirect:{location}"
    out = tmp_path / "fetched"
    problem = _problem(fetch_sources(project / "raw", out, store[1]), TEXTS[0])
    assert problem.rule == "text_refused" and "redirected" in problem.message, problem
    assert location.split(":")[0] in problem.message and "passwd" not in problem.message
    assert _only(out) == TEXTS[1:]


def test_a_redirect_to_http_is_followed_and_still_verified(store, project, tmp_path):
    texts = _served(store, store[1])
    (texts / "moved").mkdir()
    shutil.copy2(texts / TEXTS[0], texts / "moved" / TEXTS[0])
    store[2][f"/texts/{TEXTS[0]}"] = f"redirect:/texts/moved/{TEXTS[0]}"
    out = tmp_path / "fetched"
    assert fetch_sources(project / "raw", out, store[1]).ok
    assert _only(out) == TEXTS


@pytest.mark.parametrize(
    "behaviour, words",
    [
        ("trickle", "deadline"),
        ("huge_declared", "declares"),
        ("huge_streamed", "so far"),
    ],
)
def test_a_slow_or_oversized_body_is_refused(store, project, tmp_path, behaviour, words):
    _served(store, store[1])
    store[2][f"/texts/{TEXTS[0]}"] = behaviour
    out = tmp_path / "fetched"
    started = time.monotonic()
    result = fetch_sources(project / "raw", out, store[1], deadline=1.0, max_bytes=256 * 1024)
    assert time.monotonic() - started < 20
    problem = _problem(result, TEXTS[0])
    assert problem.rule == "text_refused" and words in problem.message, problem
    assert _only(out) == TEXTS[1:]


def test_a_write_failing_half_way_leaves_nothing(store, project, tmp_path, monkeypatch):
    """The disk fills after the first bytes of a text: no file, whole or partial, is left."""
    _served(store, store[1])
    real_open = open

    class Failing:
        def __init__(self, handle):
            self.handle = handle

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.handle.close()

        def write(self, block):
            self.handle.write(block[:10])  # half-written, then the disk is full
            self.handle.flush()
            raise OSError(errno.ENOSPC, "No space left on device")

    def failing_open(path, mode="r", *args, **kwargs):
        handle = real_open(path, mode, *args, **kwargs)
        return Failing(handle) if "w" in mode else handle

    monkeypatch.setattr(download_module, "open", failing_open, raising=False)
    out = tmp_path / "fetched"
    result = fetch_sources(project / "raw", out, store[1])
    assert {p.rule for p in result.problems} == {"text_not_written"}
    assert all("No space left" in p.message for p in result.problems)
    assert len(result.problems) == len(TEXTS) and _only(out) == []


def test_a_killed_fetch_leaves_no_text_and_the_next_run_clears_its_leftovers(
    store, project, tmp_path
):
    """Killed while a text trickles in: the text is not in its place; the next run removes
    the temporary file and fetches every text."""
    import os
    import signal
    import subprocess
    import sys

    _served(store, store[1])
    store[2][f"/texts/{TEXTS[-1]}"] = "trickle"
    out = tmp_path / "fetched"
    argv = ["fetch-sources", "--root", str(project), "--out", str(out), "--from", store[1]]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    running = subprocess.Popen([sys.executable, "-m", "mali_conflict_data", *argv], env=env)
    deadline = time.monotonic() + 60
    while not list(out.glob(f".{TEXTS[-1]}.partial-*")) and time.monotonic() < deadline:
        time.sleep(0.1)
    time.sleep(0.5)  # a few bytes in
    running.send_signal(signal.SIGKILL)
    running.wait()
    assert TEXTS[-1] not in _only(out) and list(out.glob(f".{TEXTS[-1]}.partial-*"))
    store[2].clear()
    assert fetch_sources(project / "raw", out, store[1]).ok
    assert _only(out) == TEXTS  # the leftover removed


def test_a_rename_failing_leaves_nothing(store, project, tmp_path, monkeypatch):
    _served(store, store[1])
    import os

    def full(*_args, **_kwargs):
        raise OSError(errno.EFBIG, "File too large")

    monkeypatch.setattr(os, "rename", full)
    monkeypatch.setattr(os, "replace", full)
    out = tmp_path / "fetched"
    result = fetch_sources(project / "raw", out, store[1])
    assert {p.rule for p in result.problems} == {"text_not_written"}
    assert _only(out) == []


def test_a_text_file_leaving_the_folder_is_not_fetched(store, project, tmp_path):
    _served(store, store[1])
    path = project / "raw" / "sources.csv"
    path.write_text(path.read_text().replace(TEXTS[0], "../escaped.txt"))
    out = tmp_path / "fetched"
    result = fetch_sources(project / "raw", out, store[1])
    problem = _problem(result, "../escaped.txt", row_of=TEXTS[0])
    assert problem.rule == "text_file_unsafe"
    assert not (tmp_path / "escaped.txt").exists() and _only(out) == TEXTS[1:]


def test_the_pull_request_workflow_fetches_when_the_store_is_set():
    """validate.yml: fetch-sources then validate --sources when the secret is set; otherwise
    validate without texts (which names the checks it could not run in the job summary)."""
    yaml = pytest.importorskip("yaml")
    text = (ROOT / ".github" / "workflows" / "validate.yml").read_text()
    workflow = yaml.safe_load(text)
    job = workflow["jobs"]["validate"]
    secret = f"${{{{ secrets.{SOURCES_STORE_ENV} }}}}"
    assert job["env"]["HAS_STORE"] == f"${{{{ secrets.{SOURCES_STORE_ENV} != '' }}}}"
    steps = {step.get("name", ""): step for step in job["steps"]}
    fetch = next(s for s in steps.values() if "fetch-sources" in s.get("run", ""))
    checked = next(
        s for s in steps.values() if "validate --format github --sources" in s.get("run", "")
    )
    unchecked = next(
        s
        for s in steps.values()
        if "validate --format github" in s.get("run", "") and "--sources" not in s["run"]
    )
    assert fetch["if"] == checked["if"] == "env.HAS_STORE == 'true'"
    assert unchecked["if"] == "env.HAS_STORE != 'true'"
    # the secret is given to the fetch step alone: never to the job, to `pip install .`,
    # `npm ci` or the test suite (the pull request's code)
    assert fetch["env"] == {SOURCES_STORE_ENV: secret}
    assert text.count(f"secrets.{SOURCES_STORE_ENV} ") == 2  # the fetch step's, HAS_STORE's
    for step in job["steps"]:
        if step is not fetch:
            assert secret not in json.dumps(step), step
            assert SOURCES_STORE_ENV not in json.dumps(step.get("env", {})), step
    # ...and it runs a trusted install (the base branch's), before any of the pull
    # request's code runs, reading only raw/sources.csv of the checkout (--root)
    names = [step.get("name", step.get("run", step.get("uses", ""))) for step in job["steps"]]
    install = next(i for i, s in enumerate(job["steps"]) if 'install ".' in s.get("run", ""))
    assert names.index(fetch["name"]) < install
    assert '--root "$GITHUB_WORKSPACE"' in fetch["run"] and "trusted" in fetch["run"]
    trusted = next(s for s in job["steps"] if s.get("with", {}).get("path") == "trusted")
    assert "base.sha" in trusted["with"]["ref"]
    assert "--format github" in fetch["run"]


BAD_LIMITS = {
    "--deadline": ["inf", "-inf", "nan", "0", "-1", "1e999", "soon"],
    "--max-bytes": ["-1", "0", "1.5", "many"],
}


@pytest.mark.parametrize("command", ["fetch-sources", "download"])
@pytest.mark.parametrize(
    "option, value", [(option, value) for option, values in BAD_LIMITS.items() for value in values]
)
def test_a_limit_that_is_not_a_finite_positive_number_is_a_usage_error(
    project, tmp_path, capsys, command, option, value
):
    """argparse's convention (exit 2, the usage and one error line naming the option)."""
    argv = {
        "fetch-sources": ["fetch-sources", "--root", str(project), "--out", str(tmp_path / "o")]
        + ["--from", "http://127.0.0.1:9/"],
        "download": ["download", "0.1.0", "--url", "http://127.0.0.1:9/"],
    }[command]
    with pytest.raises(SystemExit) as exited:
        cli.main([*argv, f"{option}={value}"])  # "-inf" would read as an option
    err = capsys.readouterr().err
    assert exited.value.code == 2, err
    assert "Traceback" not in err and "internal error" not in err, err
    [line] = [line for line in err.splitlines() if "error:" in line]
    assert f"argument {option}" in line and "greater than 0" in line, err
    assert not (tmp_path / "o").exists()


def test_a_row_the_csv_module_cannot_read_is_one_located_line(
    project, tmp_path, capsys, monkeypatch
):
    """Any csv.Error (here a field limit the command cannot lift) names the file and line."""
    import csv

    real = csv.field_size_limit
    previous = real(40)  # the header passes; the first row's text_sha256 does not
    monkeypatch.setattr(csv, "field_size_limit", lambda *limit: 40)
    try:
        argv = ["fetch-sources", "--root", str(project), "--out", str(tmp_path / "o")]
        code = cli.main([*argv, "--from", "http://127.0.0.1:9/"])
    finally:
        real(previous)
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 1 and len(err) == 1, err
    assert "sources.csv:2 cannot be read as CSV" in err[0], err
    assert not (tmp_path / "o" / TEXTS[0]).exists()
