"""Making a versioned release: the archive users download and its registered checksum.

A release archive ``mali-conflict-data-VERSION.zip`` holds ``datapackage.json``,
``build/*.parquet``, ``schemas/*.json``, ``croissant.json``, the same tables as CSV
with their own ``csv/datapackage.json`` (for R and spreadsheets), ``events.geojson``
and ``events.gpkg`` (located events), ``mali-conflict-data.duckdb`` (a DuckDB
database with its keys and vocabularies), ``stata/TABLE.dta`` (see
:mod:`mali_conflict_data.formats`), the codebook, the coding guide,
``CITATION.cff``, ``CHANGELOG.md`` and ``release.json`` (the version and the
versions of the tools that wrote it). Its SHA-256 is recorded in
``mali_conflict_data/releases.txt``, which ships with the package, so a download
is verified against a checksum that did not come from the server (fetching it is
:mod:`mali_conflict_data.download`'s work).
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

from mali_conflict_data._config import DOCUMENTS, PACKAGE_NAME, REGISTRY, archive_name
from mali_conflict_data._errors import ReleaseError
from mali_conflict_data._hashing import sha256

__all__ = [
    "ReleaseError",
    "check_releasable",
    "is_development",
    "make_archive",
    "next_development",
    "register",
    "tool_versions",
]

_FIXED_TIME = (1980, 1, 1, 0, 0, 0)  # zip timestamps: fixed, so archives are reproducible
_TOOLS = ("pandas", "pyarrow", "pandera", "numpy", "duckdb", "pyogrio")


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
    from mali_conflict_data.formats import (
        DUCKDB_NAME,
        GEOPACKAGE_NAME,
        write_duckdb,
        write_geopackage,
        write_stata,
    )

    root, out_dir = Path(root), Path(out_dir)
    descriptor = json.loads((root / "datapackage.json").read_text(encoding="utf-8"))
    version = descriptor["version"]
    missing = [d for d in DOCUMENTS if not (root / d).is_file()]
    if missing:
        raise FileNotFoundError(
            f"A release carries {', '.join(DOCUMENTS)}; missing in {root}: {', '.join(missing)}"
        )
    members = {name: root / name for name in ["datapackage.json", "croissant.json", *DOCUMENTS]}
    for resource in descriptor["resources"]:
        for name in (resource["path"], resource["schema"]):
            members[name] = root / name
    manifest = {"version": version, "tools": tool_versions()}
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / archive_name(version)
    partial = path.with_suffix(".zip.part")
    try:
        with (
            tempfile.TemporaryDirectory() as tmp,
            zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED) as archive,
        ):
            extra = Path(tmp)
            write_csv_package(root, extra / "csv")
            write_geojson(root, extra / "events.geojson")
            write_duckdb(root, extra / DUCKDB_NAME)
            write_geopackage(root, extra / GEOPACKAGE_NAME)
            write_stata(root, extra / "stata")
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
    finally:
        partial.unlink(missing_ok=True)  # a failed archive leaves nothing half-written
    return path


def is_development(version: str) -> bool:
    """Whether ``version`` is a development version (never registered, never cited).

    >>> is_development("0.2.0.dev0"), is_development("0.2.0")
    (True, False)
    """
    return ".dev" in version or version.endswith("dev")


def next_development(version: str) -> str:
    """The development version that follows release ``version``: the next minor, ``.dev0``.

    >>> next_development("0.2.0")
    '0.3.0.dev0'
    """
    match = re.fullmatch(r"(\d+)\.(\d+)\.\d+", version)
    if match is None or is_development(version):
        raise ReleaseError(
            f"{version!r} is not a plain release version (MAJOR.MINOR.PATCH); "
            "the next development version follows a release such as 0.2.0"
        )
    return f"{match.group(1)}.{int(match.group(2)) + 1}.0.dev0"


def check_releasable(root: str | os.PathLike) -> str:
    """The version of the build in ``root``, if it can be released; else :class:`ReleaseError`.

    >>> check_releasable(".")  # doctest: +SKIP
    '0.2.0'
    """
    path = Path(root) / "datapackage.json"
    version = json.loads(path.read_text(encoding="utf-8")).get("version", "")
    if is_development(version):
        raise ReleaseError(_development_message(version))
    return version


def _development_message(version: str) -> str:
    return (
        f"{version} is a development version; a release needs a release version: set "
        "__version__ in mali_conflict_data/__init__.py (e.g. 0.2.0), rebuild, release"
    )


def register(archive: str | os.PathLike, registry_file: str | os.PathLike | None = None) -> str:
    """Record ``archive``'s SHA-256 under its version in the registry; return the digest.

    A version names one dataset: registering a version again with other bytes, or a
    development version at all, raises :class:`ReleaseError` and leaves the registry
    as it was. Registering the same bytes again changes nothing. The registry is
    rewritten atomically (a temporary file moved into place).

    >>> import tempfile, zipfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> archive = folder / "mali-conflict-data-9.9.9.zip"
    >>> zipfile.ZipFile(archive, "w").close()
    >>> register(archive, folder / "releases.txt") == sha256(archive)
    True
    """
    from mali_conflict_data.download import registry

    archive = Path(archive)
    registry_file = Path(registry_file) if registry_file else REGISTRY
    version = archive.name.removeprefix(f"{PACKAGE_NAME}-").removesuffix(".zip")
    if is_development(version):
        raise ReleaseError(_development_message(version))
    digest = sha256(archive)
    known = registry(registry_file)
    if version in known and known[version] != digest:
        raise ReleaseError(
            f"version {version} is already registered with sha256 {known[version]}, and this "
            f"archive is {digest}: a version names one dataset, so bump the version "
            "(mali_conflict_data/__init__.py), rebuild and release again"
        )
    known[version] = digest
    header = f"# version, sha256 of {PACKAGE_NAME}-VERSION.zip (`mali-conflict-data release`)\n"
    text = header + "".join(f"{v} {h}\n" for v, h in sorted(known.items(), key=_version_key))
    partial = registry_file.with_name(registry_file.name + ".part")
    partial.write_text(text, encoding="utf-8")
    os.replace(partial, registry_file)
    return digest


def _version_key(item: tuple[str, str]) -> tuple:
    parts = item[0].replace("-", ".").replace("+", ".").split(".")
    return tuple((0, int(p)) if p.isdigit() else (1, p) for p in parts)
