"""Reading files named by data, safely: confined to their folder, regular, bounded, verified.

Every path that comes from data (``sources.text_file``, a resource's ``path`` or
``schema`` in ``datapackage.json``, an id that becomes a file name) goes through
:func:`confine`; every file read on behalf of data goes through :func:`read_bytes`,
which reads only a regular file within a size cap (never a FIFO, a device, a folder
or a symbolic-link loop), and names what it found otherwise. :func:`verify_file`
checks a file against a recorded size and SHA-256, hashing each version of a file
once per process (a version is named by :func:`version`, and remembered only once
:func:`settled`). Nothing here imports anything heavy.

>>> confine("/data", "build/events.parquet")
PosixPath('/data/build/events.parquet')
>>> confine("/data", "../etc/passwd")  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
mali_conflict_data._files.UnsafeFileError: '../etc/passwd' leaves its folder ...
"""

from __future__ import annotations

import errno
import hashlib
import os
import stat
import time
from functools import lru_cache
from pathlib import Path, PurePosixPath

#: Largest file read for data, in bytes, unless a reader passes another cap.
MAX_FILE_BYTES = 512 * 2**20
#: Largest JSON descriptor or Table Schema read.
MAX_JSON_BYTES = 16 * 2**20
#: Largest article text read for the quote check.
MAX_TEXT_BYTES = 32 * 2**20
#: How long before a read a file's last change must be for the verdict on its bytes to be
#: remembered (nanoseconds). A change after that read gives the file a later change time
#: (ctime), so a remembered version is never confused with a newer one, even on a file
#: system that keeps times to the second or two.
SETTLE_NS = 3 * 10**9

_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


class UnsafeFileError(ValueError):
    """A path from data that leaves its folder, or a file that is not a regular file to read.

    ``reason`` says what is wrong without the path (for a located problem);
    ``str()`` names the path too.
    """

    def __init__(self, path: object, reason: str) -> None:
        super().__init__(f"{path!r} {reason}" if not isinstance(path, Path) else f"{path} {reason}")
        self.path = path
        self.reason = reason


def confine(folder: str | os.PathLike, name: object) -> Path:
    """``folder / name`` when ``name`` is a relative path that stays inside ``folder``.

    Refused (:class:`UnsafeFileError`): anything but a non-empty string, an absolute
    path, a drive or backslash, ``..``, a NUL or control character, a path naming
    ``folder`` itself (``.``, ``./``), and a path whose symbolic links lead outside
    ``folder``.

    >>> confine("/data", "/etc/passwd")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    mali_conflict_data._files.UnsafeFileError: '/etc/passwd' is an absolute path; ...
    """
    expected = "expected a relative path inside its folder"
    if not isinstance(name, str) or not name:
        raise UnsafeFileError(name, f"is not a file name; {expected}")
    pure = _relative(name)
    base = Path(folder)
    path = base / pure
    if _plain(base, pure.parts):  # no symbolic link on the way: it cannot leave ``folder``
        return path
    try:
        root, resolved = base.resolve(), path.resolve()
    except (OSError, RuntimeError):  # a symbolic-link loop: named by read_bytes
        return path
    if resolved == root:  # "a/.", or a symbolic link back to the folder
        raise UnsafeFileError(name, f"names its folder itself, not a file; {expected}")
    if root not in resolved.parents:
        what = kind(resolved)
        target = f"{resolved}, {what}" if what and what != "missing" else str(resolved)
        raise UnsafeFileError(
            name, f"leads outside its folder through a symbolic link (to {target}); {expected}"
        )
    return path


@lru_cache(maxsize=1024)
def _relative(name: str) -> PurePosixPath:
    """``name`` as a relative path that names no parent and no address (see :func:`confine`).

    A pure function of the text, so each name is checked once per process.
    """
    expected = "expected a relative path inside its folder"
    if any(ord(c) < 32 or ord(c) == 127 for c in name):
        raise UnsafeFileError(name, f"holds a control character; {expected}")
    if "\\" in name or (len(name) > 1 and name[1] == ":"):
        raise UnsafeFileError(name, f"holds a backslash or a drive; {expected}")
    pure = PurePosixPath(name)
    if not pure.parts:  # ".", "./": the folder itself, not a file in it
        raise UnsafeFileError(name, f"names its folder itself, not a file; {expected}")
    if ":" in pure.parts[0]:
        raise UnsafeFileError(name, f"holds ':' in its first part (read as an address); {expected}")
    if pure.is_absolute():
        raise UnsafeFileError(name, f"is an absolute path; {expected}")
    if ".." in pure.parts:
        raise UnsafeFileError(name, f"leaves its folder (it holds '..'); {expected}")
    return pure


def _plain(base: Path, parts: tuple[str, ...]) -> bool:
    """Whether each of ``parts`` under ``base`` exists and none is a symbolic link.

    Such a path stays inside ``base`` whatever ``base`` itself resolves to, so
    :func:`confine` needs no full resolution (anything else takes that path).
    """
    current = os.fspath(base)
    try:
        for part in parts:
            current = os.path.join(current, part)
            if stat.S_ISLNK(os.lstat(current).st_mode):
                return False
    except (OSError, ValueError):
        return False
    return True


def version(info: os.stat_result) -> tuple[int, int, int, int, int]:
    """What names one version of a file: device, inode, size, modification and change times.

    Writing a file (in place or by replacing it) changes its change time (ctime),
    which no program can set back; see :func:`settled` for when that is enough.

    >>> version(os.stat(__file__)) == version(os.stat(__file__))
    True
    """
    return (info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns)


def settled(info: os.stat_result, started_ns: int) -> bool:
    """Whether a verdict on a file read from ``started_ns`` (``time.time_ns()``) may be kept.

    Only when the file's last change is :data:`SETTLE_NS` before the read: any later
    write then gives it a later change time, so its :func:`version` differs (a file
    written twice within the clock's tick could otherwise keep one version's name).

    >>> settled(os.stat(__file__), time.time_ns() + SETTLE_NS + 10**9)
    True
    >>> settled(os.stat(__file__), 0)
    False
    """
    return info.st_ctime_ns < started_ns - SETTLE_NS


def kind(path: str | os.PathLike) -> str | None:
    """What ``path`` is when it is not a regular file ("missing", "a named pipe (FIFO)"...).

    >>> kind("/dev/null")
    'a character device'
    >>> kind(__file__) is None
    True
    """
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        try:
            os.lstat(path)
        except OSError:
            return "missing"
        return "a symbolic link to nothing (its target is missing)"
    except OSError as error:
        if error.errno == errno.ELOOP:
            return "a symbolic-link loop"
        if error.errno == errno.ENOTDIR:
            return "missing (a folder on its path is a file)"
        return f"unreadable ({error.strerror or error})"
    except ValueError:  # an embedded NUL
        return "not a valid file name"
    for test, name in _KINDS:
        if test(mode):
            return name
    return None if stat.S_ISREG(mode) else "not a regular file"


def read_bytes(path: str | os.PathLike, cap: int | None = None) -> bytes:
    """The bytes of ``path`` if it is a regular file of at most ``cap`` bytes.

    Opened without blocking, and checked again once open (a file swapped for a FIFO
    after the first look is still refused). Raises :class:`UnsafeFileError` naming
    what the path is (content is never echoed), or ``FileNotFoundError``.

    >>> read_bytes("/dev/zero")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    mali_conflict_data._files.UnsafeFileError: /dev/zero is a character device, ...
    """
    return read_version(path, cap)[0]


def read_version(
    path: str | os.PathLike, cap: int | None = None
) -> tuple[bytes, os.stat_result, bool]:
    """:func:`read_bytes`, with the ``stat`` of the file opened and whether it held still.

    The ``stat`` is the open file's (the file whose bytes these are, even when the path
    was swapped for another file after a first look), and the flag tells whether its
    :func:`version` was the same after the read: only then are the bytes that version's.
    """
    cap = MAX_FILE_BYTES if cap is None else cap
    path = _regular(path)
    data, info, unchanged = _read_open(path, cap)
    if len(data) > cap:
        raise UnsafeFileError(path, f"grew over the cap of {cap:,} bytes while read")
    return data, info, unchanged


#: The SHA-256 of each version (:func:`version`) of a file read so far in this process.
_DIGESTS: dict[tuple[int, int, int, int, int], str] = {}


def file_sha256(path: str | os.PathLike, cap: int | None = None) -> tuple[int, str]:
    """(size, SHA-256) of a regular file, hashed once per version of it in this process.

    A version is what :func:`version` names; it is remembered once :func:`settled`.
    """
    path = Path(path)
    found = kind(path)
    if found is not None:
        if found == "missing":
            raise FileNotFoundError(errno.ENOENT, "is missing", str(path))
        raise UnsafeFileError(path, f"is {found}, not a regular file; only files are read")
    now = path.stat()
    known = _DIGESTS.get(version(now))
    if known is not None:
        return now.st_size, known
    cap = MAX_FILE_BYTES if cap is None else cap
    started = time.time_ns()
    data, info, unchanged = _read_open(path, cap)
    if len(data) > cap:
        raise UnsafeFileError(path, f"grew over the cap of {cap:,} bytes while read")
    digest = hashlib.sha256(data).hexdigest()
    if unchanged and settled(info, started):
        _DIGESTS[version(info)] = digest
    return len(data), digest


def known_version(
    path: str | os.PathLike, size: object, digest: object, cap: int | None = None
) -> bool:
    """Whether ``path`` is now a version of a file that :func:`read_verified` hashed to ``digest``.

    It must also be a regular file of ``size`` bytes, at most ``cap``. For a reader
    that needs not the bytes but the verdict on them (it keeps what it made of them,
    by digest): a file changed since is another version, so this says False.
    """
    if not isinstance(size, int) or isinstance(size, bool) or not isinstance(digest, str):
        return False
    try:
        info = os.stat(path)
    except (OSError, ValueError):
        return False
    return (
        stat.S_ISREG(info.st_mode)
        and info.st_size == size <= (MAX_FILE_BYTES if cap is None else cap)
        and _DIGESTS.get(version(info)) == digest.lower()
    )


def verify_file(
    path: str | os.PathLike, size: object, digest: object, cap: int | None = None
) -> str | None:
    """Why ``path`` differs from its recorded ``size`` and ``digest`` (None when it matches)."""
    if not isinstance(size, int) or isinstance(size, bool) or not isinstance(digest, str):
        return "has no recorded size and SHA-256 to be checked against"
    actual_size, actual = file_sha256(path, cap)
    if actual_size != size:
        return f"is {actual_size:,} bytes where {size:,} are recorded"
    if actual != digest.lower():
        return "does not match its recorded SHA-256 (it was changed or damaged)"
    return None


def read_verified(
    path: str | os.PathLike, size: object, digest: object, cap: int | None = None
) -> bytes:
    """The bytes of ``path``, read once, if they match the recorded ``size`` and ``digest``.

    What is checked is what is returned (a file replaced between a check and a read
    cannot slip in). The digest of each version of a file (:func:`version`, taken from
    the open file before and after the read) is remembered for the process once
    :func:`settled`, so a file read again is not hashed again; bytes read while the
    file changed are hashed. Raises :class:`UnsafeFileError` with the reason.
    """
    if not isinstance(size, int) or isinstance(size, bool) or not isinstance(digest, str):
        raise UnsafeFileError(Path(path), "has no recorded size and SHA-256 to be checked against")
    cap = MAX_FILE_BYTES if cap is None else cap
    path = _regular(path)
    started = time.time_ns()
    data, info, unchanged = _read_open(path, cap)
    if len(data) != size:
        raise UnsafeFileError(path, f"is {len(data):,} bytes where {size:,} are recorded")
    key = version(info)
    known = _DIGESTS.get(key) if unchanged else None
    if known is None:
        known = hashlib.sha256(data).hexdigest()
        if unchanged and settled(info, started):
            _DIGESTS[key] = known
    if known != digest.lower():
        raise UnsafeFileError(
            path, "does not match its recorded SHA-256 (it was changed or damaged)"
        )
    return data


def build_lock(root: str | os.PathLike) -> Path:
    """The lock file of builds in ``root``: in the temporary folder, named by ``root``'s path.

    >>> build_lock("/a").name == build_lock("/a/").name != build_lock("/b").name
    True
    """
    import tempfile

    from mali_conflict_data._config import BUILD_LOCK

    try:
        folder = Path(root).resolve()  # one lock however the folder is reached
    except (OSError, RuntimeError):
        folder = Path(os.path.abspath(root))
    key = hashlib.sha256(str(folder).encode()).hexdigest()[:16]
    return Path(tempfile.gettempdir()) / f"{BUILD_LOCK}-{key}.lock"


def write_atomic(path: str | os.PathLike, text: str) -> None:
    """Write ``text`` to ``path`` as one step: a temporary file beside it, then a rename.

    A failure (a full disk, a file-size limit, a kill) leaves the old file whole.
    """
    import tempfile

    path = Path(path)
    handle = tempfile.NamedTemporaryFile(
        "w", encoding="utf-8", newline="", dir=path.parent, prefix=f".{path.name}.", delete=False
    )
    try:
        with handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        if path.exists():
            os.chmod(handle.name, stat.S_IMODE(path.stat().st_mode))
        os.replace(handle.name, path)
    except BaseException:
        Path(handle.name).unlink(missing_ok=True)
        raise


def _regular(path: str | os.PathLike) -> Path:
    """``path``, if it is a regular file: FileNotFoundError if missing, else UnsafeFileError."""
    path = Path(path)
    found = kind(path)
    if found == "missing":
        raise FileNotFoundError(errno.ENOENT, "is missing", str(path))
    if found is not None:
        raise UnsafeFileError(path, f"is {found}, not a regular file; only files are read")
    return path


def _read_open(path: Path, cap: int) -> tuple[bytes, os.stat_result, bool]:
    """At most ``cap + 1`` bytes of ``path``, opened without blocking and checked once open.

    A file swapped for a FIFO or a device after the first look is refused here; so is
    one larger than ``cap``. Returns the bytes, the open file's ``stat`` and whether
    its :func:`version` was the same after the read (the bytes are of that version).
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        descriptor = os.open(path, flags)
    except OSError as error:
        raise UnsafeFileError(path, f"cannot be opened ({error.strerror or error})") from None
    try:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode):
            raise UnsafeFileError(path, "is not a regular file; only files are read")
        if info.st_size > cap:
            raise UnsafeFileError(path, f"is {info.st_size:,} bytes, over the cap of {cap:,}")
        data = _read_all(descriptor, cap + 1, info.st_size + 1)
        return data, info, version(os.fstat(descriptor)) == version(info)
    finally:
        os.close(descriptor)


def _read_all(descriptor: int, limit: int, expected: int) -> bytes:
    """The bytes of an open file up to its end or ``limit``, asking first for ``expected``.

    ``expected`` is its size and one byte: one read, then the end; a file that grows
    while read is read on, in blocks, up to ``limit``.
    """
    blocks, total, wanted = [], 0, min(limit, expected)
    while total < limit:
        block = os.read(descriptor, wanted)
        if not block:
            break
        blocks.append(block)
        total += len(block)
        wanted = min(limit - total, 2**20)
    return blocks[0] if len(blocks) == 1 else b"".join(blocks)


def recorded(resource: dict) -> tuple[object, str | None]:
    """The size and SHA-256 (hex) a ``datapackage.json`` resource records for its file.

    Data Package v2's ``bytes`` and ``hash`` ("sha256:..."), or the ``file_bytes`` and
    ``file_sha256`` of releases before 0.2.0; ``None`` for what it does not record.

    >>> recorded({"bytes": 3, "hash": "sha256:ab"})
    (3, 'ab')
    >>> recorded({"file_bytes": 3, "file_sha256": "ab"})
    (3, 'ab')
    """
    digest = resource.get("hash")
    if isinstance(digest, str) and digest.startswith("sha256:"):
        return resource.get("bytes"), digest.removeprefix("sha256:")
    return resource.get("file_bytes", resource.get("bytes")), resource.get("file_sha256")
