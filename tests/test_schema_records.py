"""A Table Schema is verified before use, against a checksum that is not the folder's word alone.

A local folder's ``datapackage.json`` must record ``schema_sha256`` for every Table
Schema it names (0.2.0 and later do), or ``load()`` refuses it and says what to do. A
release ``download()`` unpacks is checked against its archive (itself verified against
the SHA-256 the package registers), so 0.1.0, whose descriptor records no schema
checksum, still loads by version: its registered archive (tests/data/releases) is served
from a real HTTP server on 127.0.0.1.
"""

from __future__ import annotations

import functools
import http.server
import importlib
import json
import shutil
import threading
from pathlib import Path

import pytest

from mali_conflict_data import cli
from mali_conflict_data._config import URL_ENV, archive_name
from mali_conflict_data._errors import DamagedDataError, DownloadError
from mali_conflict_data._hashing import sha256
from mali_conflict_data.download import download, registry
from mali_conflict_data.load import data_dir, load, read_all, read_table, table_names

download_module = importlib.import_module("mali_conflict_data.download")
OLD = "0.1.0"
ARCHIVE = Path(__file__).parent / "data" / "releases" / archive_name(OLD)
TABLES = table_names(data_dir())


def _drop_schema_checksum(folder: Path, table: str) -> None:
    path = folder / "datapackage.json"
    descriptor = json.loads(path.read_text())
    for entry in descriptor["resources"]:
        if entry["name"] == table:
            del entry["schema_sha256"], entry["schema_bytes"]
    path.write_text(json.dumps(descriptor))


def _refusal(message: str, table: str) -> None:
    assert "records no checksum" in message and f"table {table!r}" in message, message
    assert "mali-conflict-data build" in message and 'download("0.1.0")' in message, message


@pytest.mark.parametrize("table", TABLES)
def test_a_local_folder_without_a_schema_checksum_is_refused(published_copy, table):
    _drop_schema_checksum(published_copy, table)
    with pytest.raises(DamagedDataError) as raised:
        read_table(published_copy, table)
    _refusal(str(raised.value), table)
    with pytest.raises(DamagedDataError, match="records no checksum"):
        read_all(published_copy)


def test_the_command_line_says_it_in_one_line(published_copy, capsys):
    _drop_schema_checksum(published_copy, "events")
    assert cli.main(["info", "--root", str(published_copy)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("error:") and "records no checksum" in err[0]


def test_the_fixture_is_the_registered_0_1_0_archive():
    assert sha256(ARCHIVE) == registry()[OLD]


@pytest.fixture
def served(tmp_path, monkeypatch):
    """The registered 0.1.0 archive on 127.0.0.1 (the address, with {version})."""
    monkeypatch.setenv("MALI_CONFLICT_DATA_CACHE", str(tmp_path / "cache"))
    www = tmp_path / "www"
    (www / f"v{OLD}").mkdir(parents=True)
    shutil.copy2(ARCHIVE, www / f"v{OLD}" / ARCHIVE.name)
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(www))
    handler.log_message = lambda *args: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/v{{version}}/"
    server.shutdown()
    server.server_close()


def test_0_1_0_loads_through_download(served, monkeypatch):
    folder = download(OLD, url=served)  # verified against the registered SHA-256
    descriptor = json.loads((folder / "datapackage.json").read_text())
    assert descriptor["version"] == OLD
    assert not any("schema_sha256" in r for r in descriptor["resources"])  # the 0.1.0 kind
    frames = read_all(folder)
    assert list(frames) == [r["name"] for r in descriptor["resources"]]
    assert all(len(frame) > 0 for frame in frames.values())
    monkeypatch.setenv(URL_ENV, served)
    assert load("events", version=OLD).equals(frames["events"])


def test_the_0_1_0_folder_copied_elsewhere_is_refused(served, tmp_path):
    local = tmp_path / "local"
    shutil.copytree(download(OLD, url=served), local)
    with pytest.raises(DamagedDataError) as raised:
        read_table(local, "events")
    _refusal(str(raised.value), "events")


def test_a_schema_changed_after_download_is_refused(served):
    folder = download(OLD, url=served)
    read_table(folder, "events")
    schema = folder / "schemas" / "events.json"
    fields = json.loads(schema.read_text())
    fields["fields"][0]["description"] = "changed"
    schema.write_text(json.dumps(fields))
    with pytest.raises(DamagedDataError, match="schemas/events.json"):
        read_table(folder, "events")  # checked against the archive's published_copy, not trusted
    with pytest.raises(DownloadError, match="does not match"):
        download(OLD, url=served)  # the cached release is refused and removed...
    assert len(read_table(download(OLD, url=served), "events")) > 0  # ...and unpacked afresh


def test_verify_checks_recorded_schema_checksums(published_copy):
    assert download_module.verify(published_copy) == []
    (published_copy / "schemas" / "events.json").write_text("{}")
    assert download_module.verify(published_copy) == [
        "schemas/events.json does not match its SHA-256"
    ]


def test_diff_against_0_1_0_by_version(served, monkeypatch, capsys):
    """The command line reaches 0.1.0 through download too: diff by version works."""
    monkeypatch.setenv(URL_ENV, served)
    assert cli.main(["diff", OLD, str(data_dir())]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Schema changes:") and "`event_summary`: new table" in out
