"""Sessions: `nox -s tests` (the test suite), `nox -s lint`.

The folder of source texts is read from $MALI_CONFLICT_DATA_SOURCES; CI sets it
to ../shared/sources.
"""

from __future__ import annotations

import os

import nox

nox.options.sessions = ["tests"]
nox.options.default_venv_backend = "venv"

SOURCES_ENV = "MALI_CONFLICT_DATA_SOURCES"


@nox.session
def tests(session: nox.Session) -> None:
    """Install the package (as a wheel), check the committed build, run the tests."""
    session.install(".[test]")
    sources = os.environ.get(SOURCES_ENV)
    check = ["mali-conflict-data", "build", "--check"]
    if sources:
        check += ["--sources", sources]
    session.run(*check)
    session.run("pytest", *session.posargs)


@nox.session
def lint(session: nox.Session) -> None:
    """Ruff lint and format check."""
    session.install("ruff")
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")
