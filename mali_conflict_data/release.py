"""Versioned releases: the archive users download, its checksum, and fetching it with pooch.

A release archive ``mali-conflict-data-VERSION.zip`` holds ``datapackage.json``,
``build/*.parquet``, ``schemas/*.json``, the same tables as CSV with their own
``csv/datapackage.json`` (for R and spreadsheets), ``events.geojson`` (located
events), the codebook, the coding guide, ``CITATION.cff``, ``CHANGELOG.md`` and
``release.json`` (the version and the versions of the tools that wrote it). Its
SHA-256 is recorded in ``mali_conflict_data/releases.txt``, which ships with the
package, so a download is verified against a checksum that did not come from
the server.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import re
from pathlib import Path

from mali_conflict_data._errors import DownloadError

__all__ = ["DownloadError", "download", "make_archive", "registry", "verify"]

RELEASE_URL = (
    "https://github.com/mali-conflict-data/mali-conflict-data/releases/download/v{version}/"
)
URL_ENV = "MALI_CONFLICT_DATA_URL"
CACHE_ENV = "MALI_CONFLICT_DATA_CACHE"
REGISTRY = Path(__file__).with_name("releases.txt")
# A release version: 0.1.0, 0.2.0.dev0, 1.0.0rc1 (letters, digits and single separators:
# never a path).
VERSION_PATTERN = r"\d+\.\d+\.\d+(?:[.+-]?[A-Za-z0-9]+)*"
_FIXED_TIME = (1980, 1, 1, 0, 0, 0)  # zip timestamps: fixed, so archives are reproducible
_TOOLS = ("pandas", "pyarrow", "pandera", "numpy")
#: Seconds a whole download may take (connecting, headers and body), unless ``deadline=``.
DEADLINE = 600.0
#: Largest archive accepted, in bytes, unless ``max_bytes=`` (releases are well under 1 MB).
MAX_BYTES = 100 * 2**20
#: Seconds one network read may wait (within the deadline).
READ_TIMEOUT = 30.0
#: Documents every release carries beside the tables (paths relative to the project root).
DOCUMENTS = ("docs/codebook.md", "docs/coding-guide.md", "CITATION.cff", "CHANGELOG.md")


def archive_name(version: str) -> str:
    """File name of the release archive of ``version``.

    >>> archive_name("0.1.0")
    'mali-conflict-data-0.1.0.zip'
    """
    return f"mali-conflict-data-{version}.zip"


def tool_versions() -> dict[str, str]:
    """Versions of Python (major.minor) and of the libraries that write the release files."""
    import platform
    from importlib import metadata

    versions = {"python": ".".join(platform.python_version_tuple()[:2])}
    for tool in _TOOLS:
        try:
            versions[tool] = metadata.version(tool)
        except metadata.PackageNotFoundError:
            versions[tool] = "not installed"
    return versions


def make_archive(root: str | os.PathLike, out_dir: str | os.PathLike) -> Path:
    """Write the release archive of the build in ``root`` into ``out_dir``; return its path.

    The archive is deterministic: members are sorted and carry a fixed timestamp.
    """
    import tempfile
    import zipfile

    from mali_conflict_data.export import write_csv_package, write_geojson

    root, out_dir = Path(root), Path(out_dir)
    descriptor = json.loads((root / "datapackage.json").read_text(encoding="utf-8"))
    version = descriptor["version"]
    missing = [d for d in DOCUMENTS if not (root / d).is_file()]
    if missing:
        raise FileNotFoundError(
            f"A release carries {', '.join(DOCUMENTS)}; missing in {root}: {', '.join(missing)}"
        )
    members = {name: root / name for name in ["datapackage.json", *DOCUMENTS]}
    for resource in descriptor["resources"]:
        for name in (resource["path"], resource["schema"]):
            members[name] = root / name
    manifest = {"version": version, "tools": tool_versions()}
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / archive_name(version)
    partial = path.with_suffix(".zip.part")
    with (
        tempfile.TemporaryDirectory() as tmp,
        zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED) as archive,
    ):
        extra = Path(tmp)
        write_csv_package(root, extra / "csv")
        write_geojson(root, extra / "events.geojson")
        for file in sorted(extra.rglob("*")):
            if file.is_file():
                members[file.relative_to(extra).as_posix()] = file
        for member in sorted(members):
            info = zipfile.ZipInfo(member, date_time=_FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, members[member].read_bytes())
        info = zipfile.ZipInfo("release.json", date_time=_FIXED_TIME)
        archive.writestr(info, json.dumps(manifest, indent=2, sort_keys=True) + "\n")
    os.replace(partial, path)
    return path


def sha256(path: str | os.PathLike) -> str:
    """SHA-256 of a file, hex."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def registry(path: Path | None = None) -> dict[str, str]:
    """Known releases: {version: sha256 of the archive}.

    >>> isinstance(registry(), dict)
    True
    """
    path = path or REGISTRY
    if not path.is_file():
        return {}
    known = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            version, digest = line.split()
            known[version] = digest
    return known


def cache_dir() -> Path:
    """Where downloaded releases are kept (``$MALI_CONFLICT_DATA_CACHE`` overrides)."""
    override = os.environ.get(CACHE_ENV)
    if override:
        return Path(override)
    import pooch

    return Path(pooch.os_cache("mali-conflict-data"))


def download(
    version: str,
    *,
    url: str | None = None,
    sha256_hex: str | None = None,
    deadline: float = DEADLINE,
    max_bytes: int = MAX_BYTES,
) -> Path:
    """Fetch release ``version`` (SHA-256 verified), unpack it in the cache, return its folder.

    Once cached, a release is used offline. A file whose checksum does not match
    is refused and never left in the cache. The address is the project's release
    address unless ``url`` or ``$MALI_CONFLICT_DATA_URL`` gives another base.

    ``deadline`` (seconds, default :data:`DEADLINE`) bounds the whole download,
    however slowly the server sends; ``max_bytes`` (default :data:`MAX_BYTES`)
    refuses an archive as soon as it is known to be larger (its declared length,
    or the bytes received so far). Either failure is a :class:`DownloadError`, and
    nothing half-written is left in the cache.

    >>> folder = download("0.1.0")  # doctest: +SKIP
    >>> (folder / "datapackage.json").is_file()  # doctest: +SKIP
    True
    """
    import pooch

    if not re.fullmatch(VERSION_PATTERN, version or ""):
        raise DownloadError(
            f"{version!r} is not a release version (expected e.g. 0.1.0 or 0.2.0.dev0); "
            "check the spelling, or see the known releases in releases.txt."
        )
    expected = sha256_hex or registry().get(version)
    if expected is None:
        known = ", ".join(sorted(registry())) or "none"
        raise DownloadError(
            f"Unknown release {version!r} (known: {known}). Upgrade mali-conflict-data to get "
            "newer releases, or pass sha256_hex= with the published checksum."
        )
    # Only {version} is filled in: other braces in an address are left as they are.
    base = (url or os.environ.get(URL_ENV) or RELEASE_URL).replace("{version}", version)
    folder = cache_dir() / version
    name = archive_name(version)
    try:
        archive = pooch.retrieve(
            url=base.rstrip("/") + "/" + name,
            known_hash=f"sha256:{expected}",
            fname=name,
            path=folder,
            progressbar=False,
            downloader=functools.partial(_fetch, deadline=deadline, max_bytes=max_bytes),
        )
    except DownloadError:  # the deadline or the size cap (pooch removed the partial file)
        raise
    except ValueError as error:  # pooch: hash mismatch; the bad file is discarded
        raise DownloadError(
            f"Release {version} from {base} does not match its SHA-256 and was refused "
            f"(nothing was kept in {folder}). The file may be tampered with or truncated; "
            "try again later or report it."
        ) from error
    except Exception as error:  # network failures (requests' exceptions, OSError)
        status = getattr(getattr(error, "response", None), "status_code", None)
        if status is not None:  # the server answered, with an error
            raise DownloadError(
                f"The server at {base} answered {status} for release {version} "
                f"({name}); nothing was kept in the cache. Check the version and the address "
                "(url= or $MALI_CONFLICT_DATA_URL)."
            ) from error
        raise DownloadError(
            f"Could not download release {version} from {base} ({type(error).__name__}), and it "
            f"is not in the cache ({folder}). Connect to the internet once to cache it."
        ) from error
    return _unpack(Path(archive), folder / "data")


def _fetch(url: str, output_file: str, _pooch=None, *, deadline: float, max_bytes: int) -> None:
    """Stream ``url`` into ``output_file`` (a pooch downloader) within a deadline and a size cap.

    A timer shuts the connection's socket down when ``deadline`` seconds have
    passed, so a server sending one byte every few seconds (in the headers or the
    body) cannot hold the call; each read also times out after
    :data:`READ_TIMEOUT`. pooch writes into a temporary file it removes on failure.
    """
    import socket
    import threading
    import time

    started = time.monotonic()
    expired = threading.Event()
    sockets: list = []

    def stop(sock=None) -> None:
        expired.set()
        for opened in [sock] if sock else list(sockets):
            try:  # the plain socket's shutdown, also under TLS: a blocked read then returns
                socket.socket.shutdown(opened, socket.SHUT_RDWR)
            except OSError:  # already closed
                pass

    def too_large(what: str) -> DownloadError:
        return DownloadError(
            f"The download from {url} was refused: {what}, more than the cap of "
            f"{max_bytes:,} bytes; nothing was kept in the cache. A release archive is far "
            "smaller: check the address (url= or $MALI_CONFLICT_DATA_URL), or pass a larger "
            "max_bytes= (--max-bytes) if releases have grown."
        )

    timer = threading.Timer(deadline, stop)
    timer.daemon = True
    timer.start()
    session = _watched_session(sockets, expired, stop)
    wait = min(READ_TIMEOUT, deadline)
    try:
        with session.get(
            url, stream=True, timeout=(wait, wait), headers={"Accept-Encoding": "identity"}
        ) as response:
            response.raise_for_status()
            declared = response.headers.get("Content-Length", "")
            if declared.isdigit() and int(declared) > max_bytes:
                raise too_large(f"the server declares {int(declared):,} bytes")
            received = 0
            with open(output_file, "wb") as out:
                for block in response.iter_content(1 << 16):
                    received += len(block)
                    if received > max_bytes:
                        raise too_large(f"the server sent {received:,} bytes so far")
                    out.write(block)
        if expired.is_set():
            raise TimeoutError("the connection was shut at the deadline")
    except DownloadError:
        raise
    except Exception as error:
        if not expired.is_set():
            raise
        raise DownloadError(
            f"The download from {url} was stopped after {time.monotonic() - started:.1f} s: "
            f"it did not finish within the deadline of {deadline:g} s (the server or the "
            "connection is too slow); nothing was kept in the cache. Try again later, or pass "
            "a longer deadline= (--deadline on the command line)."
        ) from error
    finally:
        timer.cancel()
        session.close()


def _watched_session(sockets: list, expired, stop):
    """A requests session recording each socket it opens (through HTTP proxies too).

    The sockets go into ``sockets``: the socket, not the connection, because
    http.client lets go of the connection's socket once a response to be read until
    closed has begun. A socket opened after the deadline passed is shut at once
    (``stop``).
    """
    import requests
    from urllib3 import connection, connectionpool

    def watch(opened) -> None:
        sockets.append(opened)
        if expired.is_set():
            stop(opened)

    class HTTP(connection.HTTPConnection):
        def connect(self) -> None:
            super().connect()
            watch(self.sock)

    class HTTPS(connection.HTTPSConnection):
        def connect(self) -> None:
            super().connect()
            watch(self.sock)

    class HTTPPool(connectionpool.HTTPConnectionPool):
        ConnectionCls = HTTP

    class HTTPSPool(connectionpool.HTTPSConnectionPool):
        ConnectionCls = HTTPS

    pools = {"http": HTTPPool, "https": HTTPSPool}

    class Adapter(requests.adapters.HTTPAdapter):
        def init_poolmanager(self, *args, **kwargs) -> None:
            super().init_poolmanager(*args, **kwargs)
            self.poolmanager.pool_classes_by_scheme = pools

        def proxy_manager_for(self, proxy: str, **kwargs):
            manager = super().proxy_manager_for(proxy, **kwargs)
            if not proxy.lower().startswith("socks"):  # SOCKS pools: per-read timeouts only
                manager.pool_classes_by_scheme = pools
            return manager

    session = requests.Session()
    for prefix in ("http://", "https://"):
        session.mount(prefix, Adapter())
    return session


def _unpack(archive: Path, unpacked: Path) -> Path:
    """Unpack ``archive`` into ``unpacked`` once, atomically, and verify every file.

    A lock (filelock) makes processes that download the same version at once take
    turns; each unpacks into its own staging folder, so a leftover from a killed run
    is never in the way. A release whose files differ from the SHA-256 recorded in
    its ``datapackage.json`` is removed and refused.
    """
    import shutil
    import tempfile
    import zipfile

    from filelock import FileLock

    with FileLock(str(unpacked.parent / ".lock"), timeout=600):
        if not (unpacked / "datapackage.json").is_file():
            for leftover in unpacked.parent.glob("data.partial*"):
                shutil.rmtree(leftover, ignore_errors=True)
            staging = Path(tempfile.mkdtemp(prefix="data.partial-", dir=unpacked.parent))
            try:
                with zipfile.ZipFile(archive) as zipped:
                    zipped.extractall(staging)
                shutil.rmtree(unpacked, ignore_errors=True)
                os.replace(staging, unpacked)
            finally:
                shutil.rmtree(staging, ignore_errors=True)
        damaged = verify(unpacked)
        if damaged:
            shutil.rmtree(unpacked, ignore_errors=True)
            raise DownloadError(
                f"The release in {unpacked} does not match its datapackage.json "
                f"({'; '.join(damaged)}); it was removed from the cache. Run the same "
                "command again to download it afresh."
            )
    return unpacked


def verify(folder: Path) -> list[str]:
    """Files of a release folder that differ from the size and SHA-256 its datapackage records.

    >>> from mali_conflict_data import data_dir
    >>> verify(data_dir())
    []
    """
    try:
        descriptor = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
        resources = descriptor["resources"]
    except (OSError, ValueError, KeyError, TypeError) as error:
        return [f"datapackage.json is unreadable ({type(error).__name__})"]
    damaged = []
    root = folder.resolve()
    for resource in resources:
        path = (folder / str(resource.get("path", ""))).resolve()
        if root not in path.parents:
            damaged.append(f"{resource.get('path')!r} lies outside the release")
        elif not path.is_file():
            damaged.append(f"{resource.get('path')} is missing")
        elif "file_sha256" in resource and sha256(path) != resource["file_sha256"]:
            damaged.append(f"{resource['path']} does not match its SHA-256")
    return damaged
