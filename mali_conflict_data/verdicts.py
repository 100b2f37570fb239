"""Cached passing verdicts: ``validate`` and ``build --check`` on unchanged files answer at once.

A cached answer imports neither pandas nor pandera.

A verdict is stored under ``.cache/verdicts/`` in the project (gitignored), named by a
SHA-256 of everything it depends on: the command, the bytes and names of every file in
``raw/``, the name and bytes of every source text (or that none was given), the package
version and the bytes of the package's own code; ``build --check`` adds every generated
file and whether a build was interrupted. Any change to any of them gives another key,
so a stale verdict is never served. Only passing verdicts are kept: a failing run is
always run again and prints its problems.

>>> import tempfile
>>> root = Path(tempfile.mkdtemp())
>>> (root / "raw").mkdir()
>>> key = verdict_key("validate", root, None)
>>> remember(root, key, "raw/ is valid.") and recall(root, key)
'raw/ is valid.'
>>> (root / "raw" / "events.csv").write_text("changed")
7
>>> recall(root, verdict_key("validate", root, None)) is None
True
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path

from mali_conflict_data._config import JOURNAL, SOURCES_ENV

#: The folder, inside the project, that holds the cached verdicts.
CACHE_DIR = Path(".cache") / "verdicts"
_PACKAGE = Path(__file__).resolve().parent
#: The generated files ``build --check`` compares (folders are read whole).
_GENERATED = ("build", "schemas", "datapackage.json", "docs/codebook.md")


def _files(path: Path, pattern: str = "*") -> list[Path]:
    if path.is_file():
        return [path]
    return sorted(p for p in path.rglob(pattern) if p.is_file()) if path.is_dir() else []


def _digest_files(digest, base: Path, paths: list[Path]) -> None:
    for path in paths:
        data = path.read_bytes()
        name = path.relative_to(base).as_posix().encode()
        digest.update(b"%d:%s:%d:" % (len(name), name, len(data)))
        digest.update(hashlib.sha256(data).digest())


def verdict_key(command: str, root: Path, sources: str | os.PathLike | None) -> str:
    """The SHA-256 naming the verdict of ``command`` ("validate" or "check") on ``root``.

    ``sources`` is the folder of source texts as the command was given it (else
    ``$MALI_CONFLICT_DATA_SOURCES``; none when neither is set).
    """
    from mali_conflict_data import __version__

    root = Path(root)
    digest = hashlib.sha256(f"{command}\0{__version__}\0".encode())
    _digest_files(digest, _PACKAGE, _files(_PACKAGE, "*.py"))  # an edited rule changes it
    digest.update(b"\0raw\0")
    _digest_files(digest, root, _files(root / "raw"))
    folder = sources or os.environ.get(SOURCES_ENV)
    if folder:
        folder = Path(folder).resolve()
        digest.update(f"\0sources\0{folder}\0{folder.is_dir()}\0".encode())
        _digest_files(digest, folder, _files(folder))
    else:
        digest.update(b"\0no sources\0")
    if command == "check":
        digest.update(f"\0generated\0{(root / JOURNAL).exists()}\0".encode())
        for name in _GENERATED:
            _digest_files(digest, root, _files(root / name))
    return digest.hexdigest()


def recall(root: Path, key: str, command: str = "validate") -> str | None:
    """The message of the passing verdict of ``command`` stored under ``key``, or None."""
    path = Path(root) / CACHE_DIR / f"{command}-{key}.json"
    try:
        stored = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(stored, dict) or stored.get("key") != key:
        return None
    message = stored.get("message")
    return message if isinstance(message, str) else None


def remember(root: Path, key: str, message: str, command: str = "validate") -> bool:
    """Store a passing verdict (written whole, then moved into place); False if it cannot be.

    Older verdicts of the same command are removed: only the latest is ever useful.
    """
    folder = Path(root) / CACHE_DIR
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for old in folder.glob(f"{command}-*.json"):
            old.unlink(missing_ok=True)
        with tempfile.NamedTemporaryFile(
            "w", dir=folder, suffix=".tmp", delete=False, encoding="utf-8"
        ) as out:
            json.dump({"key": key, "message": message}, out)
        os.replace(out.name, folder / f"{command}-{key}.json")
    except OSError:
        return False
    return True
