"""Sessions: `nox -s tests` (the whole test suite), `release`, `cut`, `cff`, `lint`.

The folder of source texts is read from $MALI_CONFLICT_DATA_SOURCES; CI sets it
to ../shared/sources. Every session installs the locked toolchain in
constraints.txt, so that builds are byte-identical wherever they run.
"""

from __future__ import annotations

import os

import nox

nox.options.sessions = ["tests"]
nox.options.default_venv_backend = "venv"

SOURCES_ENV = "MALI_CONFLICT_DATA_SOURCES"
LOCK = ("-c", "constraints.txt")


def _sources() -> list[str]:
    sources = os.environ.get(SOURCES_ENV)
    return ["--sources", sources] if sources else []


@nox.session
def tests(session: nox.Session) -> None:
    """Install the package (as a wheel), check the committed build, run every test.

    `-m ""` undoes the default deselection of plain `pytest` (the fast subset), so the
    slow, generated, fuzz, faults and browser tests all run; arguments after `--` are
    passed on (e.g. `nox -s tests -- -m fuzz` runs the fuzz tests only).
    """
    session.install(*LOCK, ".[test,report]")
    session.run("mali-conflict-data", "build", "--check", *_sources())
    session.run("pytest", "-m", "", *session.posargs)


@nox.session
def report(session: nox.Session) -> None:
    """Write the offline report site into site/."""
    session.install(*LOCK, ".[report]")
    session.run("mali-conflict-data", "report", "--out", "site")


@nox.session
def release(session: nox.Session) -> None:
    """Check the build, then write dist/mali-conflict-data-VERSION.zip and dist/registry.txt."""
    session.install(*LOCK, ".[release]")
    session.run("mali-conflict-data", "build", "--check", *_sources())
    session.run("mali-conflict-data", "release", "--out", "dist")


@nox.session
def cut(session: nox.Session) -> None:
    """Cut a release: `nox -s cut -- 0.2.0 --previous 0.1.0 --date YYYY-MM-DD`, later `-- --next`.

    See README, "Making a release" (and mali_conflict_data/cut.py).
    """
    session.install(*LOCK, ".[release]")
    session.run("python", "-m", "mali_conflict_data.cut", *_sources(), *session.posargs)


@nox.session
def cff(session: nox.Session) -> None:
    """Validate CITATION.cff with cffconvert (a session of its own: it pins an old jsonschema)."""
    session.install("cffconvert==2.0.0")
    session.run("cffconvert", "--validate")


@nox.session
def lint(session: nox.Session) -> None:
    """Ruff lint and format check."""
    session.install("ruff")
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")


@nox.session
def bench(session: nox.Session) -> None:
    """Benchmarks at 10,000, 100,000 and 1,000,000 synthetic events, and the report (an hour).

    Fails when anything it runs fails; prints each target's verdict (add
    ``-- --require-targets`` to fail on an unmet one too).
    """
    session.install(*LOCK, ".[validate,polars,report]")
    session.run("python", "benchmarks/run.py", *session.posargs)
