"""Errors the package raises for damaged files (no heavy imports: the CLI imports this)."""

from __future__ import annotations

from pathlib import Path


class DamagedDataError(Exception):
    """A published file (installed, cached or built) is missing, truncated or not what it says."""


def damaged(path: Path, what: str) -> DamagedDataError:
    """The error for a damaged ``path``, saying how to repair it where it lives.

    >>> print(damaged(Path("/tmp/x/build/events.parquet"), "is truncated"))  # doctest: +ELLIPSIS
    /tmp/x/build/events.parquet is truncated; ...
    """
    resolved = Path(path).resolve()
    cached = [p for p in resolved.parents[:4] if any(p.glob("mali-conflict-data-*.zip"))]
    if Path(__file__).resolve().parent in resolved.parents:
        repair = 'reinstall the package: pip install --force-reinstall "mali-conflict-data"'
    elif cached:
        repair = (
            f"delete the cached release {cached[0]} and load it again (it is downloaded afresh)"
        )
    else:
        repair = "rebuild it with `mali-conflict-data build`, or use another copy of the data"
    return DamagedDataError(f"{path} {what}; {repair}.")
