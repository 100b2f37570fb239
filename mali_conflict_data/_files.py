"""Reading files named by data, safely: confined to their folder, regular, bounded, verified.

Every path that comes from data (``sources.text_file``, a resource's ``path`` or
``schema`` in ``datapackage.json``, an id that becomes a file name) goes through
:func:`confine`; every file read on behalf of data goes through :func:`read_bytes`,
which reads only a regular file within a size cap (never a FIFO, a device, a folder
or a symbolic-link loop), and names what it found otherwise. :func:`verify_file`
checks a file against a recorded size and SHA-256, hashing each version of a file
once per process. Nothing here imports anything heavy.

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
from pathlib import Path, PurePosixPath

#: Largest file read for data, in bytes, unless a reader passes another cap.
MAX_FILE_BYTES = 512 * 2**20
#: Largest JSON descriptor or Table Schema read.
MAX_JSON_BYTES = 16 * 2**20
#: Largest article text read for the quote check.
MAX_TEXT_BYTES = 32 * 2**20

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
    base = Path(folder)
    path = base / pure
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
    cap = MAX_FILE_BYTES if cap is None else cap
    path = _regular(path)
    data, _ = _read_open(path, cap)
    if len(data) > cap:
        raise UnsafeFileError(path, f"grew over the cap of {cap:,} bytes while read")
    return data


_VERIFIED: dict[tuple[str, int, int], str] = {}


def file_sha256(path: str | os.PathLike, cap: int | None = None) -> tuple[int, str]:
    """(size, SHA-256) of a regular file, hashed once per version of it in this process.

    A version is (resolved path, size, modification time in ns).
    """
    path = Path(path)
    found = kind(path)
    if found is not None:
        if found == "missing":
            raise FileNotFoundError(errno.ENOENT, "is missing", str(path))
        raise UnsafeFileError(path, f"is {found}, not a regular file; only files are read")
    info = path.stat()
    key = (str(path.resolve()), info.st_size, info.st_mtime_ns)
    if key not in _VERIFIED:
        _VERIFIED[key] = hashlib.sha256(read_bytes(path, cap)).hexdigest()
    return info.st_size, _VERIFIED[key]


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
    cannot slip in). The digest of each version of a file (path, size, modification
    time, taken from the open file) is remembered for the process, so a file read
    again is not hashed again. Raises :class:`UnsafeFileError` with the reason.
    """
    if not isinstance(size, int) or isinstance(size, bool) or not isinstance(digest, str):
        raise UnsafeFileError(Path(path), "has no recorded size and SHA-256 to be checked against")
    cap = MAX_FILE_BYTES if cap is None else cap
    path = _regular(path)
    data, info = _read_open(path, cap)
    if len(data) != size:
        raise UnsafeFileError(path, f"is {len(data):,} bytes where {size:,} are recorded")
    key = (str(path.resolve()), info.st_size, info.st_mtime_ns)
    known = _VERIFIED.get(key)
    if known is None:
        known = _VERIFIED[key] = hashlib.sha256(data).hexdigest()
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


def _read_open(path: Path, cap: int) -> tuple[bytes, os.stat_result]:
    """At most ``cap + 1`` bytes of ``path``, opened without blocking and checked once open.

    A file swapped for a FIFO or a device after the first look is refused here; so is
    one larger than ``cap``. Returns the bytes and the open file's ``stat``.
    """
    try:
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as error:
        raise UnsafeFileError(path, f"cannot be opened ({error.strerror or error})") from None
    with os.fdopen(descriptor, "rb") as handle:
        info = os.fstat(handle.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise UnsafeFileError(path, "is not a regular file; only files are read")
        if info.st_size > cap:
            raise UnsafeFileError(path, f"is {info.st_size:,} bytes, over the cap of {cap:,}")
        return handle.read(cap + 1), info


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
