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
            "newer releases, or give the published checksum (sha256_hex= in Python)."
        )
    # Only {version} is filled in: other braces in an address are left as they are.
    address = (url or os.environ.get(URL_ENV) or RELEASE_URL).replace("{version}", version)
    name = archive_name(version)
    full = archive_url(address, name)
    base = masked(address)
    folder = _cache_folder(version)
    created = [f for f in (folder.parent, folder) if not f.exists()]
    try:
        archive = _retrieve(pooch, version, full, base, folder, expected, deadline, max_bytes)
        try:
            return _unpack(archive, folder / "data")
        except OSError as error:  # data/ or .lock of the wrong kind, a read-only cache...
            raise DownloadError(
                f"Release {version} could not be unpacked in {folder} "
                f"({error.strerror or type(error).__name__}"
                f"{': ' + str(error.filename) if error.filename else ''}); delete that folder "
                f"and try again, or set ${CACHE_ENV} to another cache folder."
            ) from None
    except BaseException:
        for made in reversed(created):  # a failure leaves no folder it made, even empty
            _remove_if_empty(made)
        raise


def _retrieve(pooch, version, full, base, folder, expected, deadline, max_bytes) -> Path:
    """The archive of ``version`` in ``folder``, fetched with pooch unless already cached."""
    name = archive_name(version)
    try:
        pooch.get_logger().setLevel("WARNING")  # errors are ours, in one line; no chatter
        archive = pooch.retrieve(
            url=full,
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
        if isinstance(error, OSError) and not type(error).__module__.startswith(
            ("requests", "urllib3")
        ):
            where = f" ({error.filename})" if error.filename else ""
            raise DownloadError(
                f"Release {version} could not be written to the cache {folder}{where}: "
                f"{error.strerror or error}; set ${CACHE_ENV} to a writable folder."
            ) from error
        raise DownloadError(
            f"Could not download release {version} from {base} ({type(error).__name__}), and it "
            f"is not in the cache ({folder}). Connect to the internet once to cache it."
        ) from error
    return Path(archive)


def masked(url: str) -> str:
    """``url`` with any password replaced by ``***`` (for messages).

    >>> masked("https://user:secret@example.org/releases/")
    'https://user:***@example.org/releases/'
    """
    from urllib.parse import urlsplit, urlunsplit

    try:
        parts = urlsplit(url)
    except ValueError:
        return "(a malformed address)"
    if parts.password is None and "@" not in parts.netloc:
        return url
    user = parts.username or ""
    host = parts.netloc.rsplit("@", 1)[1]
    netloc = f"{user}:***@{host}" if parts.password is not None else f"{user}@{host}"
    return urlunsplit(parts._replace(netloc=netloc))


def archive_url(base: str, name: str) -> str:
    """The address of archive ``name`` under ``base`` (an http or https address).

    The name goes at the end of the path, before any ``?query``; anything but an
    http(s) address with a host is a :class:`DownloadError`.

    >>> archive_url("https://example.org/r/?token=1", "a.zip")
    'https://example.org/r/a.zip?token=1'
    """
    from urllib.parse import urlunsplit

    parts = http_parts(base)
    if parts is None:
        raise DownloadError(
            f"{masked(base)!r} is not an http:// or https:// address to download releases "
            f"from; pass another url= (--url) or fix ${URL_ENV}."
        )
    return urlunsplit(parts._replace(path=parts.path.rstrip("/") + "/" + name))


def http_parts(address: str):
    """The parts (``urllib.parse.SplitResult``) of an http(s) address with a host, else None.

    >>> http_parts("https://example.org/r/").hostname, http_parts("ftp://example.org/")
    ('example.org', None)
    """
    from urllib.parse import urlsplit

    try:
        parts = urlsplit(address)
        parts.port  # noqa: B018 - raises on a malformed port
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    return parts


def _cache_folder(version: str) -> Path:
    """The cache folder of ``version``; a DownloadError when the cache is not a folder."""
    cache = cache_dir()
    for folder in (cache, cache / version):
        if folder.exists() and not folder.is_dir():
            raise DownloadError(
                f"the cache {folder} is a file, not a folder; move it away, or set "
                f"${CACHE_ENV} to a folder"
            )
    return cache / version


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
    from mali_conflict_data._config import installed_dir

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

    A redirect is followed only to an http(s) address (:class:`RedirectError`). A
    timer shuts the connection's socket down when ``deadline`` seconds have passed,
    so a server sending one byte every few seconds (in the headers or the body)
    cannot hold the call; each read also times out after :data:`READ_TIMEOUT`. pooch
    writes into a temporary file it removes on failure.
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
        return TooLargeError(
            what,
            f"The download from {masked(url)} was refused: {what}, more than the cap of "
            f"{max_bytes:,} bytes; nothing was kept in the cache. A release archive is far "
            "smaller: check the address (url= or $MALI_CONFLICT_DATA_URL), or pass a larger "
            "max_bytes= (--max-bytes) if releases have grown.",
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
        raise DeadlineError(
            f"it did not finish within the deadline of {deadline:g} s",
            f"The download from {masked(url)} was stopped after "
            f"{time.monotonic() - started:.1f} s: "
            f"it did not finish within the deadline of {deadline:g} s (the server or the "
            "connection is too slow); nothing was kept in the cache. Try again later, or pass "
            "a longer deadline= (--deadline on the command line).",
        ) from error
    finally:
        timer.cancel()
        session.close()


class TooLargeError(DownloadError):
    """A download refused for its size; ``reason`` says so in a few words."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason


class DeadlineError(DownloadError):
    """A download stopped at its deadline; ``reason`` says so in a few words."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason


class RedirectError(DownloadError):
    """A server redirected a download to an address that is not http(s)."""

    def __init__(self, scheme: str, url: str) -> None:
        self.reason = f"the server redirected it to a {scheme or 'schemeless'}: address"
        super().__init__(
            f"The download from {masked(url)} was refused: {self.reason}, and only http:// "
            "and https:// addresses are followed; nothing was kept."
        )


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

    class Session(requests.Session):
        def get_redirect_target(self, response):
            """The redirect's address, refused unless it is http(s) (never file:, ftp:...)."""
            from urllib.parse import urljoin, urlsplit

            target = super().get_redirect_target(response)
            if target is not None:
                try:
                    scheme = urlsplit(urljoin(response.url, target)).scheme.lower()
                except ValueError:
                    scheme = "malformed"
                if scheme not in ("http", "https"):
                    raise RedirectError(scheme, response.url)
            return target

    session = Session()
    for prefix in ("http://", "https://"):
        session.mount(prefix, Adapter())
    return session


#: Largest total size of the files unpacked from one archive, in bytes.
MAX_UNPACKED_BYTES = 1 << 30


def _members(zipped) -> dict[str, object]:
    """The members of a release archive to unpack, by name, checked before anything is written.

    Only what the archive's own ``datapackage.json`` lists (each table's file and Table
    Schema), the CSV package its ``csv/datapackage.json`` lists, the documents every
    release carries and ``release.json`` / ``events.geojson`` are unpacked; any other
    member is left in the archive. A member's name must stay inside the folder, and the
    total must fit :data:`MAX_UNPACKED_BYTES`.
    """
    from mali_conflict_data._config import DOCUMENTS
    from mali_conflict_data._files import UnsafeFileError, confine

    infos = {info.filename: info for info in zipped.infolist() if not info.is_dir()}
    wanted = {"datapackage.json", "release.json", "events.geojson", *DOCUMENTS}
    for manifest, prefix in (("datapackage.json", ""), ("csv/datapackage.json", "csv/")):
        if manifest not in infos:
            continue
        wanted.add(manifest)
        try:
            descriptor = json.loads(zipped.read(manifest).decode("utf-8"))
            for resource in descriptor["resources"]:
                for key in ("path", "schema"):
                    if isinstance(resource.get(key), str):
                        wanted.add(prefix + resource[key])
        except (ValueError, KeyError, TypeError, RecursionError) as error:
            raise DownloadError(
                f"the archive's {manifest} cannot be read ({type(error).__name__}); "
                "it is not a release of this package"
            ) from None
    chosen = {name: info for name, info in infos.items() if name in wanted}
    for name in chosen:
        try:
            confine("/release", name)
        except UnsafeFileError as error:
            raise DownloadError(f"the archive holds a member {error}; it was refused") from None
    total = sum(info.file_size for info in chosen.values())
    if total > MAX_UNPACKED_BYTES:
        raise DownloadError(
            f"the archive would unpack to {total:,} bytes, more than the cap of "
            f"{MAX_UNPACKED_BYTES:,}; it was refused"
        )
    return chosen


def _archive_digests(archive: Path) -> dict[str, tuple[int, str]]:
    """(size, SHA-256) of every member to unpack, read from the verified archive itself."""
    import hashlib
    import zipfile

    key = (str(archive.resolve()), archive.stat().st_size, archive.stat().st_mtime_ns)
    if key not in _DIGESTS:
        with zipfile.ZipFile(archive) as zipped:
            found = {}
            for name, info in _members(zipped).items():
                digest = hashlib.sha256()
                with zipped.open(info) as member:
                    for block in iter(lambda m=member: m.read(1 << 20), b""):
                        digest.update(block)
                found[name] = (info.file_size, digest.hexdigest())
        _DIGESTS[key] = found
    return _DIGESTS[key]


_DIGESTS: dict[tuple, dict[str, tuple[int, str]]] = {}


def _differences(archive: Path, unpacked: Path) -> list[str]:
    """Files of ``unpacked`` that differ from the (verified) archive they were unpacked from."""
    from mali_conflict_data._files import UnsafeFileError, file_sha256

    problems = []
    for name, (size, digest) in _archive_digests(archive).items():
        try:
            if file_sha256(unpacked / name) != (size, digest):
                problems.append(f"{name} does not match the archive")
        except FileNotFoundError:
            problems.append(f"{name} is missing")
        except (UnsafeFileError, OSError) as error:
            problems.append(f"{name}: {getattr(error, 'reason', None) or error}")
    return problems


def _unpack(archive: Path, unpacked: Path) -> Path:
    """Unpack ``archive`` into ``unpacked`` once, atomically, and verify every file.

    A lock (filelock) makes processes that download the same version at once take
    turns; each unpacks into its own staging folder, so a leftover from a killed run
    is never in the way. Every use compares the unpacked files with the archive's
    members (the archive itself verified against the registry, each file hashed once
    per version): a folder that differs (changed, planted or partly removed) is
    removed and refused, and the next call unpacks it afresh from the archive.
    """
    import shutil
    import tempfile
    import zipfile

    from filelock import FileLock

    with FileLock(str(unpacked.parent / ".lock"), timeout=600):
        if unpacked.is_symlink() or (unpacked.exists() and not unpacked.is_dir()):
            unpacked.unlink()
        if not unpacked.is_dir():
            for leftover in unpacked.parent.glob("data.partial*"):
                shutil.rmtree(leftover, ignore_errors=True)
            staging = Path(tempfile.mkdtemp(prefix="data.partial-", dir=unpacked.parent))
            try:
                with zipfile.ZipFile(archive) as zipped:
                    for name in _members(zipped):
                        zipped.extract(name, staging)
                shutil.rmtree(unpacked, ignore_errors=True)
                os.replace(staging, unpacked)
            finally:
                shutil.rmtree(staging, ignore_errors=True)
        damaged = _differences(archive, unpacked) + verify(unpacked)
        if damaged:
            shutil.rmtree(unpacked, ignore_errors=True)
            raise DownloadError(
                f"The release in {unpacked} does not match its archive "
                f"({'; '.join(damaged[:5])}); it was removed from the cache. Run the same "
                "command again to download it afresh."
            )
    from mali_conflict_data._vouched import vouch

    # what load() reads from this folder is checked against the archive's own members,
    # also the Table Schemas a descriptor before 0.2.0 records no checksum for
    vouch(unpacked, _archive_digests(archive))
    return unpacked


def verify(folder: Path) -> list[str]:
    """Files of a release folder that differ from the size and SHA-256 its datapackage records.

    Each table's file, and its Table Schema where a checksum is recorded for it.

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
        if isinstance(resource.get("schema_sha256"), str):
            schema = (folder / str(resource.get("schema", ""))).resolve()
            if root not in schema.parents or not schema.is_file():
                damaged.append(f"{resource.get('schema')!r} is missing or outside the release")
            elif sha256(schema) != resource["schema_sha256"]:
                damaged.append(f"{resource['schema']} does not match its SHA-256")
    return damaged


def _recorded_sha256(resource: dict) -> str | None:
    """The SHA-256 a resource records (``None`` if none).

    Data Package v2 ``hash`` ("sha256:..."), or the ``file_sha256`` of releases before 0.2.0.
    """
    from mali_conflict_data._files import recorded

    return recorded(resource)[1]
