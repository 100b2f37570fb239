"""Releases: deterministic archives, and downloads from a real HTTP server on 127.0.0.1."""

from __future__ import annotations

import functools
import http.server
import threading
import zipfile
from pathlib import Path

import pytest

import mali_conflict_data as mcd
from mali_conflict_data import release
from mali_conflict_data.loading import read_table

VERSION = "0.0.1-test"


@pytest.fixture
def served(tmp_path):
    """A folder served over HTTP on 127.0.0.1 for the length of one test."""
    folder = tmp_path / "www"
    folder.mkdir()
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(folder))
    handler.log_message = lambda *args: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield folder, f"http://127.0.0.1:{server.server_address[1]}/v{{version}}/", server
    server.shutdown()
    server.server_close()


@pytest.fixture
def cache(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv(release.CACHE_ENV, str(folder))
    return folder


def publish_test_release(root: Path, folder: Path) -> str:
    """Put the current build on the server as release VERSION; return its SHA-256."""
    archive = release.make_archive(root, folder / f"v{VERSION}")
    renamed = archive.with_name(release.archive_name(VERSION))
    archive.rename(renamed)
    return release.sha256(renamed)


def test_release_archive_is_deterministic(root, tmp_path):
    first = release.make_archive(root, tmp_path / "a")
    second = release.make_archive(root, tmp_path / "b")
    assert first.read_bytes() == second.read_bytes()


def test_release_archive_holds_the_build_and_tool_versions(root, tmp_path):
    archive = release.make_archive(root, tmp_path)
    with zipfile.ZipFile(archive) as zipped:
        names = set(zipped.namelist())
        assert (
            zipped.read("build/events.parquet") == (root / "build" / "events.parquet").read_bytes()
        )
        manifest = zipped.read("release.json").decode()
    assert {"datapackage.json", "release.json", "schemas/events.json"} <= names
    assert '"pyarrow"' in manifest and mcd.__version__ in manifest


def test_packaged_registry_lists_this_version():
    assert mcd.__version__ in release.registry()


def test_download_verifies_unpacks_and_loads(root, served, cache):
    folder, url, _ = served
    digest = publish_test_release(root, folder)
    unpacked = release.download(VERSION, url=url, sha256_hex=digest)
    assert unpacked.parent == cache / VERSION
    events = read_table(unpacked, "events")
    assert events.equals(mcd.load("events"))


def test_cached_release_is_used_offline(root, served, cache):
    folder, url, server = served
    digest = publish_test_release(root, folder)
    first = release.download(VERSION, url=url, sha256_hex=digest)
    server.shutdown()
    server.server_close()
    assert release.download(VERSION, url=url, sha256_hex=digest) == first


def test_offline_without_cache_is_a_clear_error(cache):
    with pytest.raises(release.DownloadError, match="is not in the cache"):
        release.download(VERSION, url="http://127.0.0.1:9/v{version}/", sha256_hex="0" * 64)


@pytest.mark.parametrize("damage", ["tampered", "truncated"])
def test_damaged_file_is_refused_and_not_cached(root, served, cache, damage):
    folder, url, _ = served
    digest = publish_test_release(root, folder)
    archive = folder / f"v{VERSION}" / release.archive_name(VERSION)
    data = archive.read_bytes()
    archive.write_bytes(
        data[:100] + b"X" + data[101:] if damage == "tampered" else data[: len(data) // 2]
    )
    with pytest.raises(release.DownloadError, match="does not match its SHA-256 and was refused"):
        release.download(VERSION, url=url, sha256_hex=digest)
    left = (
        [p for p in (cache / VERSION).rglob("*") if p.is_file()]
        if (cache / VERSION).exists()
        else []
    )
    assert left == []


def test_load_reads_another_release_by_version(root, served, cache, monkeypatch, tmp_path):
    folder, url, _ = served
    digest = publish_test_release(root, folder)
    known = tmp_path / "releases.txt"
    known.write_text(f"{VERSION} {digest}\n")
    monkeypatch.setattr(release, "REGISTRY", known)
    monkeypatch.setenv(release.URL_ENV, url)
    assert mcd.load("casualties", version=VERSION).equals(mcd.load("casualties"))
    assert (cache / VERSION / "data" / "datapackage.json").is_file()


def test_unknown_version_names_the_known_ones(cache):
    with pytest.raises(release.DownloadError, match=f"known: {mcd.__version__}"):
        release.download("9.9.9")
