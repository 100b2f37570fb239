"""Cutting a release: one procedure, in two commands (see README, "Making a release").

``python -m mali_conflict_data.cut VERSION --previous OLD --date YYYY-MM-DD``
(``nox -s cut -- VERSION --previous OLD --date ...``) turns the tree into release
``VERSION``:

1. refuses a version that is a development version, already registered, or not
   newer than every registered one (nothing is changed);
2. sets ``__version__`` and ``CITATION.cff``'s ``version`` and ``date-released``;
3. rebuilds (``build``, so ``datapackage.json`` and ``croissant.json`` name it);
4. writes the CHANGELOG entry: the ``Unreleased`` notes become ``VERSION (DATE)``,
   followed by what ``diff OLD`` reports (schema changes, then rows per table);
5. writes ``dist/mali-conflict-data-VERSION.zip`` and registers its SHA-256 in
   ``mali_conflict_data/releases.txt`` (``release``);
6. checks that ``__version__``, ``CITATION.cff``, ``datapackage.json``,
   ``croissant.json`` and the registry agree, and that a second archive rebuilt
   from the tree has the registered bytes.

A failure at any step puts every file back as it was (and rebuilds). Then commit
and tag ``vVERSION``, publish the archive, and run
``python -m mali_conflict_data.cut --next`` to move the tree to the next
development version (:func:`mali_conflict_data.release.next_development`).

Each build runs in a fresh interpreter with the tree first on the path, so it
reads the version just written.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

from mali_conflict_data._config import SOURCES_ENV, archive_name
from mali_conflict_data._errors import MaliConflictDataError, ReleaseError
from mali_conflict_data.release import _version_key, is_development, next_development

__all__ = ["cut", "next_version", "set_version"]

_INIT = Path("mali_conflict_data") / "__init__.py"
_REGISTRY = Path("mali_conflict_data") / "releases.txt"
_EDITED = (_INIT, Path("CITATION.cff"), Path("CHANGELOG.md"), _REGISTRY)
_UNRELEASED = "## Unreleased"


def _run(root: Path, *args: str) -> str:
    """Run the command line of the tree in ``root`` in a fresh interpreter; its output.

    It runs in ``root``, so paths given relative to the caller's folder (the root
    itself, ``--sources``, ``$MALI_CONFLICT_DATA_SOURCES``) are made absolute first.
    """
    root = Path(root).resolve()
    env = {**os.environ, "PYTHONPATH": str(root) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    if env.get(SOURCES_ENV):
        env[SOURCES_ENV] = str(Path(env[SOURCES_ENV]).resolve())
    args = tuple(
        str(Path(arg).resolve()) if i and args[i - 1] in ("--root", "--sources", "--out") else arg
        for i, arg in enumerate(args)
    )
    run = subprocess.run(
        [sys.executable, "-m", "mali_conflict_data", *args],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
    )
    if run.returncode != 0:
        last = (run.stderr.strip().splitlines() or ["(no message)"])[-1]
        raise ReleaseError(f"`mali-conflict-data {' '.join(args)}` failed: {last}")
    return run.stdout


def set_version(root: str | os.PathLike, version: str, date: str | None = None) -> None:
    """Write ``version`` into ``__init__.py`` and ``CITATION.cff`` (and ``date-released``)."""
    root = Path(root)
    init = root / _INIT
    text, count = re.subn(
        r'^__version__ = "[^"]*"$', f'__version__ = "{version}"', init.read_text(), flags=re.M
    )
    if count != 1:
        raise ReleaseError(f'{init} has no line `__version__ = "..."` to set')
    init.write_text(text)
    cff = root / "CITATION.cff"
    text = re.sub(r"^version: .*$", f"version: {version}", cff.read_text(), count=1, flags=re.M)
    if date is not None:
        text = re.sub(r"^date-released: .*$", f"date-released: {date}", text, count=1, flags=re.M)
    cff.write_text(text)


def next_version(root: str | os.PathLike) -> str:
    """The development version after the release the tree is at."""
    return next_development(_tree_version(Path(root)))


def _tree_version(root: Path) -> str:
    match = re.search(r'^__version__ = "([^"]*)"$', (root / _INIT).read_text(), flags=re.M)
    if match is None:
        raise ReleaseError(f'{root / _INIT} has no line `__version__ = "..."`')
    return match.group(1)


def _registry(root: Path) -> dict[str, str]:
    from mali_conflict_data.download import registry

    return registry(root / _REGISTRY)


def _check_new(root: Path, version: str) -> None:
    if is_development(version) or not re.fullmatch(r"\d+\.\d+\.\d+", version):
        raise ReleaseError(
            f"{version!r} is not a release version (MAJOR.MINOR.PATCH, e.g. 0.2.0); "
            "development versions are never released"
        )
    known = _registry(root)
    if version in known:
        raise ReleaseError(
            f"{version} is already registered (sha256 {known[version]}): a version names one "
            "dataset, choose the next one"
        )
    newer = [v for v in known if _version_key((v, "")) >= _version_key((version, ""))]
    if newer:
        raise ReleaseError(
            f"{version} is not newer than the registered {', '.join(sorted(newer))}; "
            "choose a version after them"
        )


def changelog_entry(root: Path, previous: Path, version: str, date: str) -> str:
    """The CHANGELOG with its ``Unreleased`` notes under ``version (date)`` and the diff."""
    from mali_conflict_data.diff import diff, schema_changes, summarise_diff

    text = (root / "CHANGELOG.md").read_text(encoding="utf-8")
    if _UNRELEASED not in text:
        raise ReleaseError(f"CHANGELOG.md has no `{_UNRELEASED}` section to release")
    summary = summarise_diff(diff(previous, root), schema_changes(previous, root))
    old = json.loads((previous / "datapackage.json").read_text(encoding="utf-8"))["version"]
    head, notes = text.split(_UNRELEASED, 1)
    following = re.search(r"^## ", notes, flags=re.M)
    body, rest = (
        (notes[: following.start()], notes[following.start() :]) if following else (notes, "")
    )
    entry = (
        f"{_UNRELEASED}\n\n## {version} ({date})\n"
        f"{body.rstrip()}\n\n"
        f"Changes from {old}, generated by `mali-conflict-data diff {old} {version}`:\n\n"
        f"{summary}\n\n"
    )
    return head + entry + rest


def _agree(root: Path, version: str, dist: Path) -> None:
    from mali_conflict_data._hashing import sha256
    from mali_conflict_data.citation import read_cff

    found = {
        "__version__": _tree_version(root),
        "CITATION.cff": read_cff(root / "CITATION.cff").get("version"),
        "datapackage.json": json.loads((root / "datapackage.json").read_text())["version"],
        "croissant.json": json.loads((root / "croissant.json").read_text())["version"],
    }
    wrong = {k: v for k, v in found.items() if v != version}
    if wrong:
        raise ReleaseError(f"these do not name {version}: {wrong}")
    registered = _registry(root).get(version)
    archive = dist / archive_name(version)
    if registered != sha256(archive):
        raise ReleaseError(f"the registry does not hold the SHA-256 of {archive}")
    with tempfile.TemporaryDirectory() as again:
        _run(root, "release", "--root", str(root), "--out", again)
        if sha256(Path(again) / archive_name(version)) != registered:
            raise ReleaseError(f"a second archive of {version} rebuilt from the tree differs")


def cut(
    root: str | os.PathLike,
    version: str,
    previous: str | os.PathLike,
    *,
    date: str | None = None,
    sources: str | os.PathLike | None = None,
    dist: str | os.PathLike = "dist",
) -> Path:
    """Turn the tree in ``root`` into release ``version``; return its archive (see module doc).

    ``previous`` is the folder of the release before (an unpacked release, or
    ``download(OLD)``). ``date`` is the release day (default: today, UTC).
    """
    root, previous, dist = Path(root).resolve(), Path(previous), Path(dist).resolve()
    date = date or dt.datetime.now(dt.UTC).date().isoformat()
    dt.date.fromisoformat(date)  # a malformed date is refused before anything changes
    _check_new(root, version)
    if not (previous / "datapackage.json").is_file():
        raise ReleaseError(f"{previous} holds no datapackage.json (the previous release)")
    kept = {relative: (root / relative).read_bytes() for relative in _EDITED}
    archive = dist / archive_name(version)
    written = [p for p in (dist, archive, dist / "registry.txt") if not p.exists()]
    build = ["build", "--root", str(root)] + (["--sources", str(sources)] if sources else [])
    try:
        set_version(root, version, date)
        _run(root, *build)
        (root / "CHANGELOG.md").write_text(
            changelog_entry(root, previous, version, date), encoding="utf-8"
        )
        _run(root, "release", "--root", str(root), "--out", str(dist))
        _agree(root, version, dist)
    except BaseException:
        for relative, data in kept.items():
            (root / relative).write_bytes(data)
        for path in reversed(written):  # what this cut wrote into dist, and dist if it made it
            if path.is_file():
                path.unlink()
            elif path.is_dir() and not any(path.iterdir()):
                path.rmdir()
        _run(root, *build)
        raise
    return archive


def start_next(root: str | os.PathLike, sources: str | os.PathLike | None = None) -> str:
    """Move the tree from its release to the next development version, and rebuild."""
    root = Path(root).resolve()
    version = next_version(root)
    set_version(root, version)
    _run(root, "build", "--root", str(root), *(["--sources", str(sources)] if sources else []))
    return version


def main(argv: list[str] | None = None) -> int:
    """``python -m mali_conflict_data.cut``: cut a release, or ``--next``."""
    parser = argparse.ArgumentParser(prog="python -m mali_conflict_data.cut", description=__doc__)
    parser.add_argument("version", nargs="?", help="the release to cut, e.g. 0.2.0")
    parser.add_argument("--previous", help="folder of the previous release, or its version")
    parser.add_argument("--date", help="release day, YYYY-MM-DD (default: today)")
    parser.add_argument("--root", default=".", help="project root (default: .)")
    parser.add_argument("--sources", default=os.environ.get("MALI_CONFLICT_DATA_SOURCES"))
    parser.add_argument("--out", default="dist", help="where the archive goes (default: dist)")
    parser.add_argument("--next", action="store_true", help="move to the next .dev0 version")
    args = parser.parse_args(argv)
    try:
        if args.next:
            print(f"now at {start_next(args.root, args.sources)}; commit it")
            return 0
        if not args.version or not args.previous:
            parser.error("give VERSION and --previous (or --next)")
        previous = Path(args.previous)
        if not previous.exists():
            from mali_conflict_data.download import download

            previous = download(args.previous)
        archive = cut(
            args.root, args.version, previous, date=args.date, sources=args.sources, dist=args.out
        )
    except (MaliConflictDataError, ValueError, OSError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print(
        f"{archive} is release {args.version}. Review CHANGELOG.md, then commit, tag "
        f"v{args.version}, publish the archive, and run `python -m mali_conflict_data.cut --next`."
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
