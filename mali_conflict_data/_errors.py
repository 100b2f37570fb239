"""The errors the package raises, all under :class:`MaliConflictDataError`.

No heavy imports: the command line imports this, prints any of these errors in
one line and exits 1.
"""

from __future__ import annotations

import os
from pathlib import Path

from mali_conflict_data._config import PACKAGE_NAME, archive_name


class MaliConflictDataError(Exception):
    """Base of every error the package raises on purpose (catch this to catch them all)."""


class DamagedDataError(MaliConflictDataError):
    """A published file (installed, cached or built) is missing, truncated or not what it says."""


class DownloadError(MaliConflictDataError):
    """A release could not be fetched or did not match its checksum."""


class DataNotFoundError(MaliConflictDataError):
    """A folder given as a copy of the data (or a release version) holds no data."""


class BuildError(MaliConflictDataError):
    """``raw/`` did not validate, so nothing was built (``validation.problems`` say what to fix)."""

    def __init__(self, validation) -> None:
        super().__init__(f"{len(validation.problems)} problems; nothing was written")
        self.validation = validation


class BuildLockError(MaliConflictDataError):
    """Another build in the same folder did not finish in time."""


class ReleaseError(MaliConflictDataError):
    """A release could not be registered (a version already taken, or a development one)."""


class RecordError(MaliConflictDataError):
    """A hand-written record (``coding/coverage.csv``) cannot be read; it names the line."""


class MissingExtraError(MaliConflictDataError):
    """An optional feature was used without its extra installed."""

    def __init__(self, extra: str, module: str) -> None:
        super().__init__(
            f"this needs the [{extra}] extra ({module} is not installed): "
            f'pip install "{PACKAGE_NAME}[{extra}]"'
        )
        self.extra = extra


def data_folder(path, role: str = "folder", expected: str | None = None) -> Path:
    """``path`` as a folder of published tables, or a :class:`DataNotFoundError` saying why not.

    ``role`` names the folder in the message (``old``, ``new``); ``expected`` replaces
    the sentence saying what was expected.

    >>> data_folder("/nonexistent", "old")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    mali_conflict_data._errors.DataNotFoundError: the old folder /nonexistent does not exist; ...
    """
    folder = Path(path)
    expected = expected or (
        "expected a folder holding datapackage.json: a checkout after `mali-conflict-data "
        "build`, an unpacked release, or the folder download(VERSION) returns"
    )
    if not folder.exists():
        raise DataNotFoundError(f"the {role} folder {path} does not exist; {expected}")
    if not (folder / "datapackage.json").is_file():
        raise DataNotFoundError(f"the {role} folder {path} holds no datapackage.json; {expected}")
    return folder


def damaged(path: Path, what: str) -> DamagedDataError:
    """The error for a damaged ``path``, saying how to repair it where it lives.

    >>> print(damaged(Path("/tmp/x/build/events.parquet"), "is truncated"))  # doctest: +ELLIPSIS
    /tmp/x/build/events.parquet is truncated; ...
    """
    try:
        resolved = Path(path).resolve()
    except (OSError, RuntimeError):  # a symbolic-link loop: judge by the path as given
        resolved = Path(os.path.abspath(path))
    cached = [p for p in resolved.parents[:4] if any(p.glob(archive_name("*")))]
    if Path(__file__).resolve().parent in resolved.parents:
        repair = f'reinstall the package: pip install --force-reinstall "{PACKAGE_NAME}"'
    elif cached:
        repair = (
            f"delete the cached release {cached[0]} and load it again (it is downloaded afresh)"
        )
    else:
        repair = "rebuild it with `mali-conflict-data build`, or use another copy of the data"
    return DamagedDataError(f"{path} {what}; {repair}.")
