"""Releases: deterministic archives, and downloads from a real HTTP server on 127.0.0.1."""

from __future__ import annotations

import functools
import http.server
import importlib
import json
import re
import threading
import time
import zipfile
from pathlib import Path

import pytest

import mali_conflict_data as mcd
from mali_conflict_data import release
from mali_conflict_data._config import CACHE_ENV, DOCUMENTS, URL_ENV, archive_name
from mali_conflict_data._errors import DownloadError
from mali_conflict_data._hashing import sha256
from mali_conflict_data.download import download, registry, verify
from mali_conflict_data.load import read_table

VERSION = "0.0.1-test"
RELEASED = list(registry())[-1]  # the newest registered release (the registry is in order)


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
    monkeypatch.setenv(CACHE_ENV, str(folder))
    return folder


def publish_test_release(root: Path, folder: Path) -> str:
    """Put the current build on the server as release VERSION; return its SHA-256."""
    archive = release.make_archive(root, folder / f"v{VERSION}")
    renamed = archive.with_name(archive_name(VERSION))
    archive.rename(renamed)
    return sha256(renamed)


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


def _released(version: str) -> bool:
    return not release.is_development(version)


def _unregistered_release(known: dict[str, str]) -> str:
    """A release version no registry entry uses: the major after the highest registered."""
    majors = [int(v.split(".")[0]) for v in known]
    return f"{max(majors, default=0) + 1}.0.0"


def test_packaged_registry_lists_this_version():
    if not _released(mcd.__version__):
        pytest.skip(f"{mcd.__version__} is a development version: it is never registered")
    assert mcd.__version__ in registry()


def test_a_development_version_is_not_registered():
    assert [v for v in registry() if release.is_development(v)] == []


def test_the_archive_rebuilt_from_the_tree_is_the_registered_one(root, tmp_path):
    """A version names one dataset: the tree of a release version rebuilds its registered bytes."""
    if not _released(mcd.__version__):
        pytest.skip(
            f"__version__ is {mcd.__version__}, a development version: only a release "
            "version's tree must rebuild its registered archive"
        )
    archive = release.make_archive(root, tmp_path)
    assert archive.name == archive_name(mcd.__version__)
    assert sha256(archive) == registry()[mcd.__version__], (
        f"the tree of {mcd.__version__} does not rebuild its registered archive: bump "
        "__version__ to a development version, or restore the released data"
    )


@pytest.fixture
def registry_copy(tmp_path):
    """A copy of the packaged registry, and its bytes before the test."""
    from mali_conflict_data._config import REGISTRY

    copy = tmp_path / "releases.txt"
    copy.write_bytes(REGISTRY.read_bytes())
    return copy, copy.read_bytes()


def _archive(folder: Path, version: str, content: bytes) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / archive_name(version)
    with zipfile.ZipFile(path, "w") as zipped:
        zipped.writestr(zipfile.ZipInfo("content.txt", date_time=(1980, 1, 1, 0, 0, 0)), content)
    return path


@pytest.mark.parametrize("version", sorted(registry()))
def test_register_refuses_a_registered_version_with_other_bytes(registry_copy, tmp_path, version):
    copy, before = registry_copy
    archive = _archive(tmp_path / "dist", version, b"other bytes")
    with pytest.raises(release.ReleaseError) as raised:
        release.register(archive, copy)
    message = str(raised.value)
    assert registry(copy)[version] in message and sha256(archive) in message
    assert "bump the version" in message
    assert copy.read_bytes() == before
    assert not list(tmp_path.glob("*.part"))


@pytest.mark.parametrize("development", ["{next}.dev0", "{next}.dev3", "{next}dev"])
def test_register_refuses_a_development_version(registry_copy, tmp_path, development):
    copy, before = registry_copy
    version = development.format(next=_unregistered_release(registry(copy)))
    archive = _archive(tmp_path / "dist", version, b"anything")
    with pytest.raises(release.ReleaseError, match="is a development version"):
        release.register(archive, copy)
    assert copy.read_bytes() == before


def test_register_adds_a_new_version_and_keeps_every_registered_line(registry_copy, tmp_path):
    copy, before = registry_copy
    version = _unregistered_release(registry(copy))
    archive = _archive(tmp_path / "dist", version, b"new release")
    assert release.register(archive, copy) == sha256(archive)
    lines = copy.read_text().splitlines()
    assert [line for line in before.decode().splitlines()] == lines[:-1]
    assert lines[-1] == f"{version} {sha256(archive)}"
    again = copy.read_bytes()
    assert release.register(archive, copy) == sha256(archive)  # the same bytes: no change
    assert copy.read_bytes() == again


@pytest.mark.parametrize("version", sorted(registry()))
def test_register_accepts_the_registered_bytes_again(registry_copy, tmp_path, version):
    """The registered archive itself (its checksum known, its bytes not stored): the same
    digest is accepted without a change; the registry keeps its bytes."""
    copy, before = registry_copy
    archive = _archive(tmp_path / "dist", version, b"")
    digest = sha256(archive)
    copy.write_text(before.decode().replace(registry(copy)[version], digest))
    kept = copy.read_bytes()
    assert release.register(archive, copy) == digest
    assert copy.read_bytes() == kept


def test_next_development_follows_each_registered_release():
    for version in registry():
        following = release.next_development(version)
        assert release.is_development(following) and following not in registry()
        major, minor, _ = version.split(".")
        assert following == f"{major}.{int(minor) + 1}.0.dev0"
    with pytest.raises(release.ReleaseError, match="not a plain release version"):
        release.next_development(mcd.__version__ + ".dev0")


def test_download_verifies_unpacks_and_loads(root, served, cache):
    folder, url, _ = served
    digest = publish_test_release(root, folder)
    unpacked = download(VERSION, url=url, sha256_hex=digest)
    assert unpacked.parent == cache / VERSION
    events = read_table(unpacked, "events")
    assert events.equals(mcd.load("events"))


def test_cached_release_is_used_offline(root, served, cache):
    folder, url, server = served
    digest = publish_test_release(root, folder)
    first = download(VERSION, url=url, sha256_hex=digest)
    server.shutdown()
    server.server_close()
    assert download(VERSION, url=url, sha256_hex=digest) == first


def test_offline_without_cache_is_a_clear_error(cache):
    with pytest.raises(DownloadError, match="is not in the cache"):
        download(VERSION, url="http://127.0.0.1:9/v{version}/", sha256_hex="0" * 64)


@pytest.mark.parametrize("damage", ["tampered", "truncated"])
def test_damaged_file_is_refused_and_not_cached(root, served, cache, damage):
    folder, url, _ = served
    digest = publish_test_release(root, folder)
    archive = folder / f"v{VERSION}" / archive_name(VERSION)
    data = archive.read_bytes()
    archive.write_bytes(
        data[:100] + b"X" + data[101:] if damage == "tampered" else data[: len(data) // 2]
    )
    with pytest.raises(DownloadError, match="does not match its SHA-256 and was refused"):
        download(VERSION, url=url, sha256_hex=digest)
    left = (
        [p for p in (cache / VERSION).rglob("*") if p.is_file()]
        if (cache / VERSION).exists()
        else []
    )
    assert left == [] and _nothing_in(cache)


def test_load_reads_another_release_by_version(root, served, cache, monkeypatch, tmp_path):
    folder, url, _ = served
    digest = publish_test_release(root, folder)
    known = tmp_path / "releases.txt"
    known.write_text(f"{VERSION} {digest}\n")
    monkeypatch.setattr(importlib.import_module("mali_conflict_data.download"), "REGISTRY", known)
    monkeypatch.setenv(URL_ENV, url)
    assert mcd.load("casualties", version=VERSION).equals(mcd.load("casualties"))
    assert (cache / VERSION / "data" / "datapackage.json").is_file()


def test_unknown_version_names_the_known_ones(cache):
    known = ", ".join(sorted(registry()))
    with pytest.raises(DownloadError, match=f"known: {re.escape(known)}"):
        download(_unregistered_release(registry()))
    assert not cache.exists(), "a refused download made the cache folder"


def test_download_of_the_installed_version_is_the_installed_copy_offline(cache, monkeypatch):
    """No network (an address nothing listens on) and no cache: the installed tables."""
    from mali_conflict_data._config import installed_dir

    monkeypatch.setenv(URL_ENV, "http://127.0.0.1:9/v{version}/")
    folder = download(mcd.__version__)
    assert folder == installed_dir()
    assert json.loads((folder / "datapackage.json").read_text())["version"] == mcd.__version__
    assert verify(folder) == []
    assert not cache.exists()


def _nothing_in(cache: Path) -> bool:
    """The cache holds nothing: no file and no folder (it may not exist at all)."""
    return not cache.exists() or not any(cache.iterdir())


@pytest.fixture(scope="module")
def unpacked(root, tmp_path_factory):
    """The release archive of the current build, unpacked."""
    folder = tmp_path_factory.mktemp("release")
    with zipfile.ZipFile(release.make_archive(root, folder / "dist")) as zipped:
        zipped.extractall(folder / "unpacked")
    return folder / "unpacked"


def test_release_carries_the_documents(unpacked, root):
    for document in DOCUMENTS:
        assert (unpacked / document).read_bytes() == (root / document).read_bytes(), document


def test_release_csv_package_passes_frictionless_validate(unpacked):
    frictionless = pytest.importorskip("frictionless")
    report = frictionless.validate(str(unpacked / "csv" / "datapackage.json"))
    assert report.valid, report.flatten(["type", "note"])[:10]
    descriptor = json.loads((unpacked / "csv" / "datapackage.json").read_text())
    assert [r["name"] for r in descriptor["resources"]] == mcd.tables()
    for entry in descriptor["resources"]:
        assert entry["bytes"] > 0 and entry["hash"].startswith("sha256:")


def test_release_csv_package_detects_a_changed_file(unpacked, tmp_path):
    frictionless = pytest.importorskip("frictionless")
    import shutil

    copy = tmp_path / "csv"
    shutil.copytree(unpacked / "csv", copy)
    events = copy / "events.csv"
    events.write_text(events.read_text().replace("coup", "c0up", 1))
    report = frictionless.validate(str(copy / "datapackage.json"))
    assert not report.valid
    assert {"hash-count", "byte-count"} & {e[0] for e in report.flatten(["type"])}


def test_release_csv_tables_hold_the_same_rows(unpacked):
    import pandas as pd

    descriptor = json.loads((unpacked / "csv" / "datapackage.json").read_text())
    for entry in descriptor["resources"]:
        frame = pd.read_csv(unpacked / "csv" / entry["path"], keep_default_na=False)
        original = mcd.load(entry["name"])
        assert len(frame) == len(original), entry["name"]
        assert list(frame.columns) == list(original.columns), entry["name"]
    actors = pd.read_csv(unpacked / "csv" / "actors.csv", keep_default_na=False)
    loaded = mcd.load("actors")
    assert list(actors["aliases"]) == ["; ".join(a) for a in loaded["aliases"]]


def test_release_csv_package_reads_in_r(unpacked):
    import shutil
    import subprocess

    rscript = shutil.which("Rscript")
    if rscript is None:
        pytest.skip("R is not installed (Debian: apt-get install r-base-core r-cran-readr)")
    script = Path(__file__).with_name("read_csv_package.R")
    run = subprocess.run(
        [rscript, str(script), str(unpacked / "csv")], capture_output=True, text=True
    )
    if "there is no package called" in run.stderr:
        pytest.skip("R lacks readr or jsonlite (Debian: r-cran-readr r-cran-jsonlite)")
    assert run.returncode == 0, run.stderr
    read = {line.split()[0]: line.split()[1:] for line in run.stdout.splitlines()}
    expected = {name: [str(len(mcd.load(name))), "0"] for name in mcd.tables()}
    assert read == expected


def test_release_geojson_holds_every_located_event(unpacked):
    collection = json.loads((unpacked / "events.geojson").read_text())
    summary = mcd.load("event_summary")
    located = summary.dropna(subset=["latitude", "longitude"]).set_index("event_id")
    assert collection["type"] == "FeatureCollection"
    assert sorted(f["id"] for f in collection["features"]) == sorted(located.index)
    for feature in collection["features"]:
        longitude, latitude = feature["geometry"]["coordinates"]
        row = located.loc[feature["id"]]
        assert (longitude, latitude) == (row["longitude"], row["latitude"])
        assert feature["properties"]["date_start"] == str(row["date_start"].date())


_A_RELEASE = sorted(registry())[0]


@pytest.mark.parametrize(
    "version", ["../escaped", f"{_A_RELEASE}/../../x", "/etc", "", "0.1", "a.b.c"]
)
def test_version_that_is_not_a_version_touches_nothing(cache, tmp_path, version):
    with pytest.raises(DownloadError, match="is not a release version"):
        download(version, url="http://127.0.0.1:9/v{version}/", sha256_hex="0" * 64)
    assert not cache.exists()
    assert not (tmp_path / "escaped").exists()


def test_other_braces_in_the_address_are_kept(root, served, cache):
    folder, url, _ = served
    digest = publish_test_release(root, folder)
    (folder / "{foo}").mkdir()
    (folder / f"v{VERSION}").rename(folder / "{foo}" / f"v{VERSION}")
    braced = url.replace("/v{version}/", "/{foo}/v{version}/")
    assert (download(VERSION, url=braced, sha256_hex=digest) / "datapackage.json").is_file()


def test_leftover_partial_folder_does_not_block_a_download(root, served, cache):
    folder, url, _ = served
    digest = publish_test_release(root, folder)
    (cache / VERSION / "data.partial").mkdir(parents=True)
    (cache / VERSION / "data.partial" / "junk").write_text("x")
    unpacked = download(VERSION, url=url, sha256_hex=digest)
    assert verify(unpacked) == []
    assert not list((cache / VERSION).glob("data.partial*"))


@pytest.mark.parametrize("table", ["events", "sources", "event_summary"])
def test_cached_release_with_a_changed_file_is_refused_and_removed(root, served, cache, table):
    folder, url, server = served
    digest = publish_test_release(root, folder)
    unpacked = download(VERSION, url=url, sha256_hex=digest)
    other = "casualties" if table != "casualties" else "events"
    swapped = unpacked / "build" / f"{table}.parquet"
    swapped.write_bytes((unpacked / "build" / f"{other}.parquet").read_bytes())
    with pytest.raises(DownloadError, match=f"build/{table}.parquet does not match"):
        download(VERSION, url=url, sha256_hex=digest)
    assert not unpacked.exists()
    # the archive is still cached and verified, so the next call repairs the release offline
    server.shutdown()
    server.server_close()
    assert verify(download(VERSION, url=url, sha256_hex=digest)) == []


def test_concurrent_downloads_of_one_version_all_succeed(root, served, cache):
    import concurrent.futures
    import os
    import subprocess
    import sys

    folder, url, _ = served
    digest = publish_test_release(root, folder)
    code = (
        "from mali_conflict_data.download import download; "
        f"print(download({VERSION!r}, url={url!r}, sha256_hex={digest!r}))"
    )
    env = {**os.environ, CACHE_ENV: str(cache)}

    def run(_):
        return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)

    with concurrent.futures.ThreadPoolExecutor(4) as pool:
        results = list(pool.map(run, range(4)))
    assert [r.returncode for r in results] == [0] * 4, [r.stderr[-500:] for r in results]
    assert verify(cache / VERSION / "data") == []


# --- the deadline and the size cap: a slow or endless server cannot hold or fill the cache ---


class _Misbehaving(http.server.BaseHTTPRequestHandler):
    """Serves one kind of bad response, chosen by the server's ``mode``; every loop is bounded."""

    def do_GET(self):
        mode, sent = self.server.mode, self.server.sent
        try:
            if mode == "trickle_headers":
                self.wfile.write(b"HTTP/1.0 200 OK\r\nX-Slow: ")
                for _ in range(50):  # 10 s at most
                    self.wfile.write(b"x")
                    self.wfile.flush()
                    time.sleep(0.2)
                return
            self.send_response(200)
            if mode == "trickle_body":
                self.send_header("Content-Length", "1000")
            elif mode == "declared_huge":
                self.send_header("Content-Length", str(10**12))
            self.end_headers()
            for _ in range(50 if mode == "trickle_body" else 1024):  # 10 s, or 64 MB, at most
                block = b"x" if mode == "trickle_body" else b"x" * (1 << 16)
                self.wfile.write(block)
                self.wfile.flush()
                sent.append(len(block))
                if mode == "trickle_body":
                    time.sleep(0.2)
        except OSError:  # the client hung up, as it should
            return

    def log_message(self, *args):
        pass


@pytest.fixture
def misbehaving():
    """Start a server of one misbehaving ``mode`` on 127.0.0.1; return (url, bytes sent)."""
    servers = []

    def start(mode: str):
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Misbehaving)
        server.mode, server.sent = mode, []
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}/v{{version}}/", server.sent

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


def _cached_files(cache: Path) -> list[Path]:
    return [p for p in cache.rglob("*") if p.is_file()] if cache.exists() else []


@pytest.mark.parametrize("mode", ["trickle_body", "trickle_headers"])
def test_a_trickling_server_is_stopped_at_the_deadline(cache, misbehaving, mode):
    """One byte every 0.2 s would take 10 s; the deadline of 1 s ends the call (per-read
    timeouts alone never would: every read gets its byte in time)."""
    url, _ = misbehaving(mode)
    started = time.monotonic()
    with pytest.raises(DownloadError, match=r"within the deadline of 1 s") as raised:
        download(VERSION, url=url, sha256_hex="0" * 64, deadline=1.0)
    took = time.monotonic() - started
    assert took < 3, f"declared: stopped at the 1 s deadline; found: {took:.1f} s"
    assert "Try again later, or pass a longer deadline=" in str(raised.value)
    assert _cached_files(cache) == [] and _nothing_in(cache)


@pytest.mark.parametrize(
    ("mode", "said"),
    [("declared_huge", "the server declares 1,000,000,000,000 bytes"), ("endless", "sent")],
)
def test_a_file_over_the_size_cap_is_refused_as_soon_as_it_is_known(cache, misbehaving, mode, said):
    """Declared too large: refused on the headers. Undeclared (read until the server closes):
    refused once the bytes received pass the cap, long before the server's 64 MB."""
    url, sent = misbehaving(mode)
    with pytest.raises(DownloadError, match="more than the cap of 262,144 bytes") as raised:
        download(VERSION, url=url, sha256_hex="0" * 64, max_bytes=256 * 1024, deadline=20)
    assert said in str(raised.value) and "pass a larger max_bytes=" in str(raised.value)
    assert _cached_files(cache) == [] and _nothing_in(cache)
    time.sleep(0.2)  # let the server notice the hang-up
    total = sum(sent)
    assert total < 32 * 2**20, f"declared: refused early; found: the server sent {total:,} bytes"


def test_the_size_cap_is_inclusive(root, served, cache):
    folder, url, _ = served
    digest = publish_test_release(root, folder)
    size = (folder / f"v{VERSION}" / archive_name(VERSION)).stat().st_size
    with pytest.raises(DownloadError, match=f"declares {size:,} bytes"):
        download(VERSION, url=url, sha256_hex=digest, max_bytes=size - 1)
    assert _cached_files(cache) == [] and _nothing_in(cache)
    unpacked = download(VERSION, url=url, sha256_hex=digest, max_bytes=size, deadline=10)
    assert verify(unpacked) == []


def test_the_deadline_holds_through_an_http_proxy(cache, misbehaving, monkeypatch):
    """Through a proxy (here the trickling server itself), the connections are watched too."""
    proxy, _ = misbehaving("trickle_body")
    monkeypatch.setenv("HTTP_PROXY", proxy.split("/v")[0])
    monkeypatch.delenv("NO_PROXY", raising=False)
    monkeypatch.delenv("no_proxy", raising=False)
    started = time.monotonic()
    with pytest.raises(DownloadError, match=r"within the deadline of 1 s"):
        download(
            VERSION, url="http://releases.invalid/v{version}/", sha256_hex="0" * 64, deadline=1.0
        )
    assert time.monotonic() - started < 3


def test_the_cli_takes_the_deadline_and_says_what_happened_in_one_line(cache, misbehaving, capsys):
    from mali_conflict_data.cli import main

    url, _ = misbehaving("trickle_body")
    code = main(["download", sorted(registry())[0], "--url", url, "--deadline", "1"])
    err = capsys.readouterr().err.strip().splitlines()[-1]
    assert code == 1 and err.startswith("error: The download from "), err
    assert "within the deadline of 1 s" in err and "(--deadline on the command line)" in err


def test_a_release_the_server_does_not_have_names_the_answer(served, cache):
    _, url, _ = served
    with pytest.raises(DownloadError, match=r"answered 404 for release 0\.0\.1-test"):
        download(VERSION, url=url, sha256_hex="0" * 64)
    assert _cached_files(cache) == [] and _nothing_in(cache)


def test_the_deadline_holds_over_https(cache, tmp_path, monkeypatch):
    """A TLS server trickling its body (a certificate made for 127.0.0.1) is stopped too."""
    import shutil
    import ssl
    import subprocess

    if shutil.which("openssl") is None:
        pytest.skip("openssl is not installed (needed to make a test certificate)")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1"]
        + ["-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"]
        + ["-keyout", str(key), "-out", str(cert)],
        check=True,
        capture_output=True,
    )
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Misbehaving)
    server.mode, server.sent = "trickle_body", []
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(cert))
    url = f"https://127.0.0.1:{server.server_address[1]}/v{{version}}/"
    try:
        started = time.monotonic()
        with pytest.raises(DownloadError, match=r"within the deadline of 1 s"):
            download(VERSION, url=url, sha256_hex="0" * 64, deadline=1.0)
        assert time.monotonic() - started < 3
        assert server.sent, "declared: the body was reached over TLS; found: no byte sent"
    finally:
        server.shutdown()
        server.server_close()
    assert _cached_files(cache) == [] and _nothing_in(cache)


def test_load_inside_a_checkout_says_once_that_it_reads_the_checkout(project, monkeypatch):
    import warnings

    from mali_conflict_data._config import DATA_ENV
    from mali_conflict_data.load import CheckoutDataWarning

    monkeypatch.delenv(DATA_ENV, raising=False)
    monkeypatch.chdir(project / "raw")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        first = mcd.load("events")
        mcd.load("casualties")
        mcd.tables()
    said = [w for w in caught if issubclass(w.category, CheckoutDataWarning)]
    assert len(said) == 1, [str(w.message) for w in said]
    assert str(project.resolve()) in str(said[0].message) and "build/" in str(said[0].message)
    assert first.attrs["source"] == str(project.resolve())


@pytest.mark.parametrize(
    "writer",
    [
        "export.write_csv_package",
        "export.write_geojson",
        "formats.write_duckdb",
        "formats.write_geopackage",
        "formats.write_stata",
    ],
)
def test_a_failed_archive_leaves_nothing_in_its_folder(root, tmp_path, monkeypatch, writer):
    """A writer that fails (a Stata refusal, a full disk) left the half-written .zip.part."""
    import importlib

    module, name = writer.split(".")

    def fails(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(importlib.import_module(f"mali_conflict_data.{module}"), name, fails)
    with pytest.raises(OSError, match="No space left"):
        release.make_archive(root, tmp_path / "out")
    assert not [p for p in (tmp_path / "out").rglob("*")], writer
