"""Fetching a versioned release with pooch, verified against the checksum shipped in the package.

``mali_conflict_data/releases.txt`` (written by ``mali-conflict-data release``)
records the SHA-256 of every release archive, so a download is verified against
a checksum that did not come from the server.
"""

from __future__ import annotations

import functools
import json
import os
import re
from pathlib import Path

from mali_conflict_data._config import (
    CACHE_ENV,
    PACKAGE_NAME,
    REGISTRY,
    RELEASE_URL,
    URL_ENV,
    VERSION_PATTERN,
    archive_name,
)
from mali_conflict_data._errors import DownloadError
from mali_conflict_data._hashing import sha256

__all__ = ["cache_dir", "download", "registry", "verify"]

#: Seconds a whole download may take (connecting, headers and body), unless ``deadline=``.
DEADLINE = 600.0
#: Largest archive accepted, in bytes, unless ``max_bytes=`` (releases are well under 1 MB).
MAX_BYTES = 100 * 2**20
#: Seconds one network read may wait (within the deadline).
READ_TIMEOUT = 30.0


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

    return Path(pooch.os_cache(PACKAGE_NAME))


def download(
    version: str,
    *,
    url: str | None = None,
    sha256_hex: str | None = None,
    deadline: float = DEADLINE,
    max_bytes: int = MAX_BYTES,
) -> Path:
    """Fetch release ``version`` (SHA-256 verified), unpack it in the cache, return its folder.

    The installed version is the copy installed with the package, used offline
    (verified, never downloaded). Once cached, another release is used offline. A
    file whose checksum does not match is refused and never left in the cache. The
    address is the project's release address unless ``url`` or
    ``$MALI_CONFLICT_DATA_URL`` gives another base.

    ``deadline`` (seconds, default :data:`DEADLINE`) bounds the whole download,
    however slowly the server sends; ``max_bytes`` (default :data:`MAX_BYTES`)
    refuses an archive as soon as it is known to be larger (its declared length,
    or the bytes received so far). Either failure is a :class:`DownloadError`, and
    nothing half-written is left in the cache: no file, and no folder the call made.

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
    installed = _installed_copy(version) if sha256_hex is None and url is None else None
    if installed is not None:
        return installed
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
    created = [f for f in (folder.parent, folder) if not f.exists()]
    try:
        archive = _retrieve(pooch, version, base, name, folder, expected, deadline, max_bytes)
        return _unpack(archive, folder / "data")
    except BaseException:
        for made in reversed(created):  # a failure leaves no folder it made, even empty
            _remove_if_empty(made)
        raise


def _retrieve(pooch, version, base, name, folder, expected, deadline, max_bytes) -> Path:
    """The archive of ``version`` in ``folder``, fetched with pooch unless already cached."""
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
    return Path(archive)


def _remove_if_empty(folder: Path) -> None:
    """Remove ``folder`` if it holds nothing but the download lock (another process may use it)."""
    try:
        lock = folder / ".lock"
        if lock.is_file() and [p.name for p in folder.iterdir()] == [".lock"]:
            lock.unlink()
        folder.rmdir()
    except OSError:  # not empty (another download), or already gone
        pass


def _installed_copy(version: str) -> Path | None:
    """The tables installed with the package, when ``version`` is the installed version.

    The installed copy is used offline, without the network or the cache, once its
    files are verified against its ``datapackage.json``.
    """
    from mali_conflict_data import __version__
    from mali_conflict_data.load import installed_dir

    if version != __version__:
        return None
    folder = installed_dir()
    if folder is None:
        return None
    damaged = verify(folder)
    if damaged:
        raise DownloadError(
            f"The installed copy of release {version} in {folder} does not match its "
            f"datapackage.json ({'; '.join(damaged)}); reinstall mali-conflict-data."
        )
    return folder


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
        elif _recorded_sha256(resource) not in (None, sha256(path)):
            damaged.append(f"{resource['path']} does not match its SHA-256")
        elif "bytes" in resource and resource["bytes"] != path.stat().st_size:
            damaged.append(f"{resource['path']} does not match its size")
    return damaged


def _recorded_sha256(resource: dict) -> str | None:
    """The SHA-256 a resource records (``None`` if none).

    Data Package v2 ``hash`` ("sha256:..."), or the ``file_sha256`` of releases before 0.2.0.
    """
    recorded = resource.get("hash")
    if isinstance(recorded, str) and recorded.startswith("sha256:"):
        return recorded.removeprefix("sha256:")
    return resource.get("file_sha256")
