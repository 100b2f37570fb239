"""Names the package is configured by: environment variables, addresses, file names.

One home for each, so that the loader, the downloader, the validator and the
command line never spell them differently. Nothing here imports anything heavy.
"""

from __future__ import annotations

from pathlib import Path

#: The distribution's name, on PyPI and in ``datapackage.json``.
PACKAGE_NAME = "mali-conflict-data"
#: The project's home.
PROJECT_URL = "https://github.com/mali-conflict-data/mali-conflict-data"
#: Where problems are reported.
ISSUES_URL = f"{PROJECT_URL}/issues"
#: Where release archives are published (``{version}`` is filled in).
RELEASE_URL = f"{PROJECT_URL}/releases/download/v{{version}}/"

#: A folder of published tables that replaces the installed (or checkout) copy.
DATA_ENV = "MALI_CONFLICT_DATA_DIR"
#: The folder of source article texts that quotes are checked against.
SOURCES_ENV = "MALI_CONFLICT_DATA_SOURCES"
#: Another base address to download releases from.
URL_ENV = "MALI_CONFLICT_DATA_URL"
#: Where downloaded releases are kept.
CACHE_ENV = "MALI_CONFLICT_DATA_CACHE"
#: The base address of the maintainers' store of article texts (``fetch-sources``): a
#: folder served over http(s) holding each ``sources.text_file``. Held by the
#: maintainers (the texts belong to their publishers); in CI, a repository secret.
SOURCES_STORE_ENV = "MALI_CONFLICT_DATA_SOURCES_URL"

#: The registry of released archives and their SHA-256, shipped in the package.
REGISTRY = Path(__file__).with_name("releases.txt")
#: A release version: 0.1.0, 0.2.0.dev0, 1.0.0rc1 (letters, digits and single separators:
#: never a path).
VERSION_PATTERN = r"\d+\.\d+\.\d+(?:[.+-]?[A-Za-z0-9]+)*"
#: The file a build writes while it moves files into place (a crash leaves it behind).
JOURNAL = ".build-journal"
#: The lock a build holds (filelock), so that two builds in one folder take turns. It
#: lives in the system's temporary folder, one per project folder (see
#: ``_files.build_lock``), so a project folder holds nothing but its files.
BUILD_LOCK = "mali-conflict-data-build"

#: Documents every release carries beside the tables (paths relative to the project root).
DOCUMENTS = ("docs/codebook.md", "docs/coding-guide.md", "CITATION.cff", "CHANGELOG.md")


def archive_name(version: str) -> str:
    """File name of the release archive of ``version``.

    >>> archive_name("0.1.0")
    'mali-conflict-data-0.1.0.zip'
    """
    return f"{PACKAGE_NAME}-{version}.zip"


def installed_dir() -> Path | None:
    """The copy of the tables installed with the package (never a checkout's build), if any.

    In a wheel it is ``mali_conflict_data/data``; in an editable install, the
    project folder the package was installed from.

    >>> (installed_dir() / "datapackage.json").is_file()
    True
    """
    package = Path(__file__).resolve().parent
    for folder in (package / "data", package.parent):
        if (folder / "datapackage.json").is_file():
            return folder
    return None
