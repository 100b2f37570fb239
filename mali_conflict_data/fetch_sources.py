"""Fetch the article texts from the maintainers' store, each verified against its pinned SHA-256.

The texts belong to their publishers, so they are not in the repository; the
maintainers keep them in a store served over http(s) (the base address comes from
``--from`` or ``$MALI_CONFLICT_DATA_SOURCES_URL``, a secret in CI). For every row of
``raw/sources.csv``, :func:`fetch_sources` downloads ``BASE/text_file`` with the
downloader of :mod:`mali_conflict_data.download` (a deadline, a size cap, redirects
followed only to http(s) addresses) into a temporary file beside its place, and
renames it into place only if its SHA-256 is the row's ``text_sha256``, so a failure
(a mismatch, a full disk, a kill) never leaves a half-written or unverified text.
(Not pooch's ``retrieve``: when a rename fails, its move falls back to copying into
place, which is not one step.) What
could not be fetched is a located problem (``raw/sources.csv``, its line, the
``text_file`` column), so ``validate --sources FOLDER`` then checks every quote of the
texts that were.

>>> result = fetch_sources("tests/data/minimal/raw", "/tmp/texts", base_url="file:///x")
Traceback (most recent call last):
...
mali_conflict_data._errors.DownloadError: the store's address is not an http:// or ... address ...
"""

from __future__ import annotations

import csv
import io
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from mali_conflict_data._config import SOURCES_STORE_ENV
from mali_conflict_data._errors import DownloadError
from mali_conflict_data._files import (
    MAX_TEXT_BYTES,
    UnsafeFileError,
    confine,
    file_sha256,
    read_bytes,
)
from mali_conflict_data.problems import Problem

__all__ = ["DEADLINE", "Fetched", "fetch_sources"]

#: Seconds one article's download may take, unless ``deadline=``.
DEADLINE = 60.0
#: The table naming the texts, as problems name it.
SOURCES_FILE = "raw/sources.csv"
#: Longest text_file name fetched (a longer one is refused before any request).
MAX_NAME = 1024
_SHA256 = re.compile(r"[0-9a-f]{64}")


@dataclass
class Fetched:
    """What :func:`fetch_sources` did: the texts written and the rows it could not fetch."""

    folder: Path
    fetched: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """Whether every text was fetched and verified."""
        return not self.problems


def store_address(explicit: str | None = None) -> str:
    """The store's base address: ``explicit``, else ``$MALI_CONFLICT_DATA_SOURCES_URL``.

    >>> store_address("https://example.org/texts/")
    'https://example.org/texts/'
    """
    chosen = explicit or os.environ.get(SOURCES_STORE_ENV)
    if not chosen:
        raise DownloadError(
            "no address of the store of article texts: pass --from BASE_URL or set "
            f"${SOURCES_STORE_ENV} (the maintainers hold it; see CONTRIBUTING.md, 'How "
            "contributions are checked')"
        )
    return chosen


def _checked(base: str) -> str:
    """``base`` if it is an http(s) address with a host; a DownloadError never showing it.

    >>> _checked("ftp://user:pw@host/x/")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    mali_conflict_data._errors.DownloadError: the store's address is not an http:// ...
    """
    from mali_conflict_data.download import http_parts

    if http_parts(base) is None:
        raise DownloadError(
            "the store's address is not an http:// or https:// address with a host (it is "
            f"not shown: it may be a secret); pass another with --from BASE_URL or fix "
            f"${SOURCES_STORE_ENV}"
        )
    return base


def fetch_sources(
    raw_dir: str | os.PathLike,
    out: str | os.PathLike,
    base_url: str | None = None,
    *,
    deadline: float = DEADLINE,
    max_bytes: int = MAX_TEXT_BYTES,
) -> Fetched:
    """Download every article text ``raw_dir/sources.csv`` names into ``out``, verified.

    Each ``text_file`` is fetched from ``base_url`` (default
    ``$MALI_CONFLICT_DATA_SOURCES_URL``) and kept only if it matches its
    ``text_sha256``; a text already in ``out`` with that SHA-256 is not fetched again,
    and one that differs is removed first, so ``out`` holds verified texts only.
    Rows that could not be fetched are :class:`~mali_conflict_data.problems.Problem`
    objects in the result (the others are still fetched). A base address that is
    not http(s), or an unreadable ``sources.csv``, is a
    :class:`~mali_conflict_data.DownloadError`.
    """
    from mali_conflict_data.download import archive_url

    base = _checked(store_address(base_url))
    out = Path(out)
    if out.exists() and not out.is_dir():
        raise DownloadError(f"{out} is a file, not a folder to write the article texts into")
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise DownloadError(f"{out} cannot be made ({error.strerror or error})") from None
    result = Fetched(out)
    for line, row in _rows(Path(raw_dir) / "sources.csv"):
        problem = _fetch_one(row, line, base, out, deadline, max_bytes, archive_url)
        if problem is None:
            result.fetched.append(row["source_id"])
        else:
            result.problems.append(problem)
    return result


def _rows(path: Path) -> list[tuple[int, dict[str, str]]]:
    """(line as the file shows it, row) for each row of ``sources.csv``."""
    try:
        text = read_bytes(path, MAX_TEXT_BYTES).decode("utf-8-sig")
    except FileNotFoundError:
        raise DownloadError(f"{path} is missing; pass the project's raw/ folder") from None
    except (UnsafeFileError, OSError, UnicodeDecodeError) as error:
        reason = getattr(error, "reason", None) or str(error)
        raise DownloadError(f"{path} cannot be read ({reason})") from None
    # any cell the raw reader reads (the csv module's default stops at 131,072 characters)
    csv.field_size_limit(min(2**31 - 1, 2**62))
    reader = csv.DictReader(io.StringIO(text, newline=""))
    needed = {"source_id", "text_file", "text_sha256"}
    rows = []
    start = 2
    try:
        if not needed <= set(reader.fieldnames or []):
            missing = ", ".join(sorted(needed - set(reader.fieldnames or [])))
            raise DownloadError(
                f"{path} has no column {missing}; run `mali-conflict-data validate` to see "
                "what is wrong with it"
            )
        for row in reader:
            rows.append((start, {k: (row.get(k) or "").strip() for k in needed}))
            start = reader.line_num + 1
    except csv.Error as error:
        raise DownloadError(
            f"{path}:{reader.reader.line_num or 1} cannot be read as CSV ({error}); run "
            "`mali-conflict-data validate` to see what is wrong with it"
        ) from None
    return rows


def _shown(cell: str, limit: int = 200) -> str:
    """A cell for a message, cut short past ``limit`` characters (never echoed at length)."""
    return cell if len(cell) <= limit else cell[:60] + f"... ({len(cell):,} characters)"


def _fetch_one(row, line, base, out, deadline, max_bytes, archive_url) -> Problem | None:
    """Fetch one row's text; the problem that stopped it, or None."""
    import glob
    import importlib
    import tempfile

    download = importlib.import_module("mali_conflict_data.download")  # the module
    name, digest = row["text_file"], row["text_sha256"].lower()

    def problem(rule: str, message: str) -> Problem:
        source = _shown(row["source_id"])
        return Problem(SOURCES_FILE, line, "text_file", rule, f"{source}: {message}")

    if len(name) > MAX_NAME:
        return problem(
            "text_file_unsafe",
            f"{_shown(name)!r} is {len(name):,} characters long; expected a file name of at "
            f"most {MAX_NAME}; nothing was fetched",
        )
    try:
        target = confine(out, name)
    except UnsafeFileError as error:
        return problem("text_file_unsafe", f"{name!r} {error.reason}; nothing was fetched")
    if not _SHA256.fullmatch(digest):
        return problem("text_not_pinned", "no text_sha256 to verify the store's copy against")
    from urllib.parse import quote

    url = archive_url(base, quote(name))
    try:
        if target.is_file() and not target.is_symlink():
            if file_sha256(target, max_bytes)[1] == digest:
                return None  # already fetched and verified
            target.unlink()  # the folder holds verified texts only, whatever happens next
    except (UnsafeFileError, OSError):
        pass  # not a readable text: fetched afresh, and replaced only once verified
    partial = None
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        for leftover in target.parent.glob(f".{glob.escape(target.name)}.partial-*"):
            leftover.unlink(missing_ok=True)  # from a run that was killed
        handle, partial = tempfile.mkstemp(prefix=f".{target.name}.partial-", dir=target.parent)
        os.close(handle)
        download._fetch(url, partial, deadline=deadline, max_bytes=max_bytes)
        if file_sha256(partial, max_bytes)[1] != digest:
            return problem(
                "text_mismatch",
                f"the store's {name} does not match the pinned text_sha256 (changed, or "
                "another text); nothing was written",
            )
        os.replace(partial, target)
        partial = None
    except (download.TooLargeError, download.DeadlineError, download.RedirectError) as error:
        return problem("text_refused", f"{name} was refused: {error.reason}; nothing was written")
    except OSError as error:
        if type(error).__module__.startswith(("requests", "urllib3")):
            return _unreachable(problem, name, error)
        return problem(
            "text_not_written",
            f"{name} could not be written to {out} ({error.strerror or error}); nothing "
            "half-written was left",
        )
    except Exception as error:  # requests' other failures (an invalid address, a bad reply)
        return _unreachable(problem, name, error)
    finally:
        if partial is not None:
            Path(partial).unlink(missing_ok=True)
    return None


def _unreachable(problem, name: str, error: BaseException) -> Problem:
    """The problem of a text the store did not give (never showing the store's address).

    The address may be a secret, or hold one.
    """
    status = getattr(getattr(error, "response", None), "status_code", None)
    if status == 404:
        return problem("text_not_in_store", f"the store has no {name} (it answered 404)")
    if status is not None:
        return problem("text_not_fetched", f"the store answered {status} for {name}")
    return problem(
        "text_not_fetched", f"{name} could not be fetched from the store ({type(error).__name__})"
    )
