"""The ``mali-conflict-data`` command line: build, validate, info, disagreements.

Run ``mali-conflict-data COMMAND --help`` for each command's options.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import os
import sys
from pathlib import Path

from mali_conflict_data import __version__, verdicts
from mali_conflict_data._config import ISSUES_URL, SOURCES_STORE_ENV
from mali_conflict_data._errors import (
    BuildError,
    MaliConflictDataError,
    MissingExtraError,
    data_folder,
)
from mali_conflict_data._files import MAX_TEXT_BYTES
from mali_conflict_data.download import DEADLINE, MAX_BYTES
from mali_conflict_data.fetch_sources import DEADLINE as TEXT_DEADLINE

_SOURCES_HELP = (
    "folder of the source article texts; quotes and fingerprints are checked against it "
    "(default: $MALI_CONFLICT_DATA_SOURCES; unchecked when neither is given)"
)


_UNSAFE = {c: f"\\x{c:02x}" for c in [*range(0, 10), *range(11, 32), *range(127, 160)]}
_UNSAFE.update({c: f"\\u{c:04x}" for c in [0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F)]})
_UNSAFE.update({c: f"\\u{c:04x}" for c in range(0x2066, 0x206A)})


def plain(text: object) -> str:
    r"""``text`` safe for a terminal: control characters and direction marks escaped, visibly.

    An ESC sequence in the data (a title that sets the terminal's title, clears the
    screen or hides text) is printed as ``\x1b``; line breaks are kept.

    >>> plain("Bamako\x1b]0;owned\x07")
    'Bamako\\x1b]0;owned\\x07'
    """
    return str(text).translate(_UNSAFE)


def _print(*parts: object, file=None) -> None:
    print(*(plain(part) for part in parts), file=file or sys.stdout)


#: The same characters escaped as JSON does (``\u001b``), so JSON output stays valid JSON.
_UNSAFE_JSON = {c: f"\\u{c:04x}" for c in _UNSAFE}


def plain_json(text: str) -> str:
    r"""JSON text safe for a terminal and still valid JSON (unsafe characters as ``\uXXXX``).

    >>> import json
    >>> json.loads(plain_json(json.dumps(["\x80\u202e"], ensure_ascii=False)))
    ['\x80\u202e']
    """
    return text.translate(_UNSAFE_JSON)


def _seconds(value: str) -> float:
    """An option's number of seconds: finite and greater than 0 (argparse's usage error else).

    >>> _seconds("2.5")
    2.5
    """
    import math

    try:
        seconds = float(value)
    except ValueError:
        seconds = math.nan
    if not math.isfinite(seconds) or seconds <= 0:
        raise argparse.ArgumentTypeError(
            f"{value!r} is not a number of seconds greater than 0 (and finite), e.g. 60"
        )
    return seconds


def _byte_count(value: str) -> int:
    """An option's number of bytes: a whole number greater than 0 (argparse's usage error else).

    >>> _byte_count("1048576")
    1048576
    """
    try:
        count = int(value)
    except ValueError:
        count = 0
    if count <= 0:
        raise argparse.ArgumentTypeError(
            f"{value!r} is not a whole number of bytes greater than 0, e.g. 33554432"
        )
    return count


def _project_root(value: str) -> Path:
    root = Path(value)
    if not (root / "raw").is_dir():
        raise SystemExit(
            f"error: {root.resolve()} has no raw/ folder; run from the project root or pass --root"
        )
    return root


def _print_problems(validation, fmt: str) -> None:
    from mali_conflict_data.problems import format_problems

    if fmt == "text" and not validation.problems:
        return
    output = format_problems(validation.problems, fmt)
    if output and fmt == "json":
        print(plain_json(output))
    elif output:
        _print(output, file=sys.stdout if fmt != "text" else sys.stderr)


def _quotes_note(validation) -> str:
    return (
        "quotes checked against the source texts"
        if validation.quotes_checked
        else ("quotes NOT checked (pass --sources or set MALI_CONFLICT_DATA_SOURCES)")
    )


@contextlib.contextmanager
def _hypothesis_unseen():
    """Within: ``import hypothesis`` fails as if it were not installed (unless already imported).

    pandera's pandas backend, the first time it validates, imports its strategies for
    generating data, which import hypothesis whenever it is installed (the test extra):
    0.15 s of CPU, a fifth of a first ``validate``, for code validation never calls.
    pandera supports hypothesis being absent (the strategies then say to install it when
    called), and ``None`` in ``sys.modules`` is Python's own way to make an import fail.
    A process that has imported hypothesis (a test run) is left as it is; afterwards
    hypothesis imports again. The verdict does not depend on it (tests/test_cli.py).
    Only the command line's own process hides it (:func:`main` reading ``sys.argv``):
    pandera keeps the strategies it imported while hypothesis was hidden, so a program
    calling ``main([...])`` would be left unable to generate data with pandera.
    """
    if "hypothesis" in sys.modules:
        yield
        return
    sys.modules["hypothesis"] = None  # type: ignore[assignment]
    try:
        yield
    finally:
        if "hypothesis" in sys.modules and sys.modules["hypothesis"] is None:
            del sys.modules["hypothesis"]


def cmd_validate(args: argparse.Namespace) -> int:
    """Validate raw/ and print every problem."""
    root = _project_root(args.root)
    key = _cached(root, "validate", args) if not args.no_cache and args.format == "text" else ""
    if key is None:  # answered from the cache, before importing pandas and pandera
        return 0
    whole = getattr(args, "whole_process", False)
    hidden = _hypothesis_unseen() if whole else contextlib.nullcontext()
    with hidden:
        from mali_conflict_data.validate import validate_raw

        validation = validate_raw(root / "raw", sources=args.sources)
    _print_problems(validation, args.format)
    if args.format == "github" and not validation.quotes_checked:
        _say_unchecked()
    if validation.ok and args.format == "text":
        rows = sum(len(t.frame) for t in validation.tables.values())
        message = (
            f"raw/ is valid: {len(validation.tables)} coded tables, {rows} rows; "
            f"{_quotes_note(validation)}."
        )
        _print(message)
        if key:
            verdicts.remember(root, key, message, "validate")
    return 0 if validation.ok else 1


#: What a run without the article texts could not check (said in the pull request).
UNCHECKED = (
    "Quotes (quote_in_source) and article fingerprints (text_sha256) were NOT checked: "
    "the article texts are not in the repository, and no store of them was given "
    f"(${SOURCES_STORE_ENV}; pull requests from forks get no secrets). A maintainer runs "
    "`mali-conflict-data fetch-sources --out DIR` and `mali-conflict-data validate "
    "--sources DIR` before merging (CONTRIBUTING.md, 'How contributions are checked')."
)


def _say_unchecked() -> None:
    """A GitHub warning annotation and a job-summary section naming the checks not run."""
    print(f"::warning title=Quotes not checked::{UNCHECKED}")
    summary = os.environ.get("GITHUB_STEP_SUMMARY")
    if summary:
        with open(summary, "a", encoding="utf-8") as handle:
            handle.write(f"### Checks that could not run\n\n{UNCHECKED}\n")


def _cached(root: Path, command: str, args: argparse.Namespace) -> str | None:
    """Print the cached passing verdict and return None, else return the key to store it by."""
    key = verdicts.verdict_key(command, root, args.sources)
    message = verdicts.recall(root, key, command)
    if message is None:
        return key
    _print(message)
    print(
        f"(answered from {verdicts.CACHE_DIR}: raw/, the source texts and the package are "
        "unchanged since it passed; --no-cache runs it again)",
        file=sys.stderr,
    )
    return None


def cmd_build(args: argparse.Namespace) -> int:
    """Validate raw/ and write build/, schemas/, datapackage.json and the codebook."""
    root = _project_root(args.root)
    key = "" if args.no_cache or not args.check else _cached(root, "check", args)
    if key is None:  # answered from the cache, before importing pandas and pandera
        return 0
    from mali_conflict_data import build

    try:
        if args.check:
            stale = build.check(root, sources=args.sources)
            for message in stale:
                _print(f"stale: {message}", file=sys.stderr)
            if stale:
                _print("Run `mali-conflict-data build` and commit the result.", file=sys.stderr)
                return 1
            message = "build/, schemas/, datapackage.json and docs/codebook.md are up to date."
            _print(message)
            if key:
                verdicts.remember(root, key, message, "check")
            return 0
        validation = build.build(root, sources=args.sources)
    except BuildError as error:
        _print_problems(error.validation, "text")
        _print("Build stopped: nothing in build/ or datapackage.json was changed.", file=sys.stderr)
        return 1
    from mali_conflict_data.model import PUBLISHED

    _print(
        f"Built {len(validation.tables)} coded tables and "
        f"{len(PUBLISHED) - len(validation.tables)} derived from them into {root / 'build'}; "
        f"{_quotes_note(validation)}."
    )
    return 0


def _data_folder(root: str | None) -> tuple[Path, str]:
    """The folder of published tables to show, and a line saying which copy it is."""
    from mali_conflict_data.load import DATA_ENV, checkout_dir, data_dir

    if root is not None:
        folder = Path(root)
        if not (folder / "datapackage.json").is_file():
            raise SystemExit(
                f"error: {folder.resolve()} holds no datapackage.json; pass the root of a "
                "checkout (after `mali-conflict-data build`) or an unpacked release"
            )
        return folder, f"Showing the data in {folder.resolve()} (--root)."
    folder = data_dir()
    if os.environ.get(DATA_ENV):
        return folder, f"Showing the data in {folder} (${DATA_ENV})."
    if checkout_dir() == folder:
        return folder, f"Showing this checkout's build in {folder} (not the installed copy)."
    return folder, f"Showing the copy installed with the package, in {folder}."


def _day(value) -> str:
    return "" if value is None or value != value else str(value)[:10]


def cmd_info(args: argparse.Namespace) -> int:
    """Print tables, row counts, date coverage and sources of the published data."""
    from mali_conflict_data.load import read_all

    folder, which = _data_folder(args.root)
    frames = read_all(folder, complete=True)
    version = frames["sources"].attrs.get("version", __version__)
    _print(f"mali-conflict-data {version}. {which}")
    _print()
    _print(f"{'table':<15} {'rows':>6}  coverage")
    for name, frame in frames.items():
        coverage = ""
        if "date_start" in frame:
            coverage = f"{_day(frame['date_start'].min())} to {_day(frame['date_end'].max())}"
        _print(f"{name:<15} {len(frame):>6}  {coverage}")
    _print()
    _print("sources:")
    for row in frames["sources"].itertuples():
        first, last = _day(row.published_date), _day(row.published_date_latest)
        published = first if last in ("", first) else f"{first} to {last}"
        _print(
            f"  {row.source_id:<18} {published} ({row.published_date_precision})  "
            f"{row.publisher}: {row.title}"
        )
    return 0


def cmd_disagreements(args: argparse.Namespace) -> int:
    """List pairs of claims from the articles that cannot both be true."""
    from mali_conflict_data.disagreements import disagreements
    from mali_conflict_data.load import read_all

    folder, which = _data_folder(args.root)
    table = disagreements(read_all(folder, complete=True))
    # The CSV goes to stdout untouched; the line saying which copy goes to stderr.
    _print(which, file=sys.stderr if args.format == "csv" else sys.stdout)
    if args.format == "csv":
        print(table.to_csv(index=False), end="")
        return 0
    if table.empty:
        _print("No disagreements.")
        return 0
    for row in table.itertuples(index=False):
        within = ", within one article" if row.same_article else ""
        _print(
            f"#{row.disagreement} {row.kind.replace('_', ' ')} ({row.nature}{within}): {row.about}"
        )
        for side in ("a", "b"):
            claim = {c: getattr(row, f"{side}_{c}") for c in ("id", "source_id", "words", "value")}
            words = f"{claim['words']!r} = " if isinstance(claim["words"], str) else ""
            _print(
                f"  {side.upper()} {claim['id']} ({claim['source_id']}): {words}{claim['value']}"
            )
            _print(f'      "{getattr(row, f"{side}_quote")}"')
        _print(f"  why: {row.why}")
    return 0


def cmd_coverage(args: argparse.Namespace) -> int:
    """Check (or with --update rewrite) coding/coverage.csv, the sentence-by-sentence record."""
    from mali_conflict_data import coverage
    from mali_conflict_data.validate import sources_folder, validate_raw

    root = _project_root(args.root)
    folder = sources_folder(args.sources)
    if folder is None:
        raise SystemExit("error: coverage needs the source texts: pass --sources DIR")
    validation = validate_raw(root / "raw", sources=folder)
    if not validation.ok:
        _print_problems(validation, "text")
        return 1
    record = root / "coding" / "coverage.csv"
    if args.update:
        coverage.write_record(record, validation.frames(), folder)
    problems = coverage.check_record(record, validation.frames(), folder)
    for problem in problems:
        _print(problem, file=sys.stderr)
    if problems:
        _print(f"{len(problems)} sentences need rows or a reason in {record}.", file=sys.stderr)
        return 1
    _print(f"Every sentence of every article is covered or explained in {record}.")
    return 0


def _release_folder(value: str, role: str) -> Path:
    """A folder holding datapackage.json, or a release version (downloaded into the cache)."""
    import re

    from mali_conflict_data._config import VERSION_PATTERN
    from mali_conflict_data.download import download, registry

    if Path(value).exists() or not re.fullmatch(VERSION_PATTERN, value):
        known = ", ".join(sorted(registry())) or "none"
        expected = (
            "expected a folder holding datapackage.json (a checkout after `mali-conflict-data "
            f"build`, an unpacked release) or a release version (known: {known})"
        )
        return data_folder(value, role, expected)
    return download(value)


def cmd_diff(args: argparse.Namespace) -> int:
    """Compare two builds or releases: schema changes, and rows added, removed and changed."""
    from mali_conflict_data.diff import diff, schema_changes, summarise_diff

    old, new = _release_folder(args.old, "old"), _release_folder(args.new, "new")
    changes = diff(old, new)
    if args.format == "csv":
        print(changes.to_csv(index=False), end="")
    else:
        _print(summarise_diff(changes, schema_changes(old, new)))
    return 0


def cmd_fetch_sources(args: argparse.Namespace) -> int:
    """Fetch the article texts from the maintainers' store, each verified (for validate)."""
    from mali_conflict_data.fetch_sources import fetch_sources
    from mali_conflict_data.problems import format_problems

    root = _project_root(args.root)
    result = fetch_sources(
        root / "raw", args.out, args.base_url, deadline=args.deadline, max_bytes=args.max_bytes
    )
    if result.problems:
        output = format_problems(result.problems, args.format)
        _print(output, file=sys.stdout if args.format == "github" else sys.stderr)
        missing = ", ".join(p.message.split(":", 1)[0] for p in result.problems)
        line = (
            f"{len(result.problems)} of {len(result.problems) + len(result.fetched)} article "
            f"texts could not be fetched ({missing}): their quotes and fingerprints cannot be "
            "checked until the store holds them."
        )
        _print(line, file=sys.stderr)
        summary = os.environ.get("GITHUB_STEP_SUMMARY")
        if args.format == "github" and summary:
            with open(summary, "a", encoding="utf-8") as handle:
                handle.write(
                    "### Article texts the store could not provide\n\n"
                    + "".join(f"- {plain(p.message)}\n" for p in result.problems)
                    + f"\n{line}\n"
                )
        return 1
    _print(
        f"Fetched {len(result.fetched)} article texts into {args.out}, each matching its pinned "
        f"text_sha256; now run `mali-conflict-data validate --sources {args.out}`."
    )
    return 0


def cmd_download(args: argparse.Namespace) -> int:
    """Download a release (SHA-256 verified) into the cache and print its folder."""
    from mali_conflict_data.download import download

    _print(download(args.version, url=args.url, deadline=args.deadline, max_bytes=args.max_bytes))
    return 0


def cmd_release(args: argparse.Namespace) -> int:
    """Write the release archive and its checksum; record it in the project's releases.txt."""
    from mali_conflict_data import release
    from mali_conflict_data._config import REGISTRY

    root = _project_root(args.root)
    release.check_releasable(root)
    archive = release.make_archive(root, args.out)
    try:
        # The project's copy of the registry (not the installed package's), to be committed.
        digest = release.register(archive, root / "mali_conflict_data" / REGISTRY.name)
    except release.ReleaseError:
        archive.unlink()  # a refused version leaves no archive behind
        raise
    (Path(args.out) / "registry.txt").write_text(f"{archive.name} {digest}\n", encoding="utf-8")
    _print(f"{archive} sha256:{digest}")
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    """Write the offline report site from a build folder."""
    from mali_conflict_data.load import data_dir
    from mali_conflict_data.report import write_site

    if not args.out.strip():
        raise SystemExit("error: --out is empty; pass the folder to write the site into")
    pages = write_site(Path(args.build) if args.build else data_dir(), args.out)
    _print(f"wrote {len(pages)} pages to {args.out}; open {Path(args.out) / 'index.html'}")
    return 0


def parser() -> argparse.ArgumentParser:
    """The argument parser (exposed for documentation and tests)."""
    main_parser = argparse.ArgumentParser(
        prog="mali-conflict-data",
        description="Build, validate and inspect the Mali conflict dataset.",
    )
    main_parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    main_parser.add_argument(
        "--debug", action="store_true", help="show the traceback of an internal error"
    )
    commands = main_parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def add(name, function, help_text):
        sub = commands.add_parser(name, help=help_text, description=function.__doc__)
        sub.set_defaults(function=function)
        return sub

    build = add("build", cmd_build, "validate raw/ and write the release files")
    build.add_argument(
        "--check",
        action="store_true",
        help="write nothing; exit 1 if the committed outputs are stale",
    )
    validate = add("validate", cmd_validate, "validate raw/ and report every problem")
    validate.add_argument(
        "--format",
        choices=["text", "json", "github"],
        default="text",
        help="text for people, json for tools, github for Actions annotations",
    )
    for sub in (build, validate):
        sub.add_argument("--root", default=".", help="project root holding raw/ (default: .)")
        sub.add_argument("--sources", default=None, help=_SOURCES_HELP)
        sub.add_argument(
            "--no-cache",
            action="store_true",
            help="run every check even when a passing verdict for the same files is cached "
            "(.cache/verdicts/; validate and build --check)",
        )
    coverage = add("coverage", cmd_coverage, "check the sentence coverage record")
    coverage.add_argument(
        "--update",
        action="store_true",
        help="rewrite the rows column from the quotes, keeping the reasons",
    )
    coverage.add_argument("--root", default=".", help="project root holding raw/ (default: .)")
    coverage.add_argument("--sources", default=None, help=_SOURCES_HELP)
    info = add("info", cmd_info, "summarise the published tables")
    diff = add("diff", cmd_diff, "compare two builds or releases")
    diff.add_argument("old", help="a folder holding datapackage.json, or a release version")
    diff.add_argument("new", help="a folder holding datapackage.json, or a release version")
    diff.add_argument("--format", choices=["markdown", "csv"], default="markdown")
    download = add("download", cmd_download, "download a release into the cache")
    download.add_argument("version", help="release version, e.g. 0.1.0")
    download.add_argument("--url", default=None, help="base address of the releases")
    download.add_argument(
        "--deadline",
        type=_seconds,
        default=DEADLINE,
        metavar="SECONDS",
        help=f"give up when the whole download takes longer (default: {DEADLINE:g})",
    )
    download.add_argument(
        "--max-bytes",
        type=_byte_count,
        default=MAX_BYTES,
        metavar="BYTES",
        help=f"refuse an archive larger than this many bytes (default: {MAX_BYTES})",
    )
    fetch = add(
        "fetch-sources", cmd_fetch_sources, "fetch the article texts from the maintainers' store"
    )
    fetch.add_argument(
        "--from",
        dest="base_url",
        default=None,
        metavar="BASE_URL",
        help=f"base address of the store (default: ${SOURCES_STORE_ENV})",
    )
    fetch.add_argument("--out", required=True, help="folder to write the verified texts into")
    fetch.add_argument("--root", default=".", help="project root holding raw/ (default: .)")
    fetch.add_argument("--format", choices=["text", "github"], default="text")
    fetch.add_argument(
        "--deadline",
        type=_seconds,
        default=TEXT_DEADLINE,
        metavar="SECONDS",
        help=f"give up on an article taking longer (default: {TEXT_DEADLINE:g})",
    )
    fetch.add_argument(
        "--max-bytes",
        type=_byte_count,
        default=MAX_TEXT_BYTES,
        metavar="BYTES",
        help=f"refuse an article text larger than this (default: {MAX_TEXT_BYTES})",
    )
    release = add("release", cmd_release, "write the release archive and its checksum")
    release.add_argument("--root", default=".", help="project root (default: .)")
    release.add_argument("--out", default="dist", help="output folder (default: dist)")
    disagreements = add(
        "disagreements", cmd_disagreements, "list pairs of claims that contradict each other"
    )
    disagreements.add_argument("--format", choices=["text", "csv"], default="text")
    for sub in (info, disagreements):
        sub.add_argument(
            "--root",
            default=None,
            help="folder holding datapackage.json to describe (default: the checkout you are "
            "in, else the copy installed with the package)",
        )
    report = add("report", cmd_report, "write the offline report site")
    report.add_argument("--out", default="site", help="output folder (default: site)")
    report.add_argument("--build", default=None, help="folder holding datapackage.json")
    return main_parser


#: Optional libraries, by the extra that installs them.
_EXTRAS = {
    "pandera": "validate",
    "frictionless": "validate",
    "vl_convert": "report",
    "playwright": "report",
    "polars": "polars",
}


def _run(args: argparse.Namespace) -> int:
    """Run the command; it says itself which copy of the data it shows, so no warning does."""
    import warnings

    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="Reading the tables of the checkout")
        return args.function(args)


#: Objects allocated between two collections of the youngest generation, in a command's
#: own process (Python's default is 700).
YOUNG_COLLECTION_THRESHOLD = 20_000


def collect_less_often() -> None:
    """Have the cycle collector run less often, in a command's own short-lived process.

    A command imports pandas and pandera, hundreds of thousands of objects, and makes
    few reference cycles; at Python's default threshold the collector walks those
    objects again and again (about a seventh of a first ``validate`` of the project's
    data). Only the command line itself calls this: a program calling :func:`main`
    keeps its own settings. mypy raises the threshold for the same reason.

    >>> import gc
    >>> before = gc.get_threshold()
    >>> collect_less_often()
    >>> gc.get_threshold()[0]
    20000
    >>> gc.set_threshold(*before)
    """
    young, older, oldest = gc.get_threshold()
    gc.set_threshold(max(young, YOUNG_COLLECTION_THRESHOLD), older, oldest)


def main(argv: list[str] | None = None) -> int:
    """Entry point of ``mali-conflict-data`` and ``python -m mali_conflict_data``.

    Exit codes: 0 success, 1 a problem in the data or the environment (printed in
    one line), 2 an internal error (a bug: one line asking for a report; the
    traceback with ``--debug``).
    """
    args = parser().parse_args(argv)
    args.whole_process = argv is None  # the command line itself, not a program calling main
    if args.whole_process:
        collect_less_often()
    try:
        return _run(args)
    except MaliConflictDataError as error:
        print(plain(f"error: {error}"), file=sys.stderr)
        return 1
    except BrokenPipeError:
        # The reader went away (``info | head``): end quietly, as Unix tools do.
        sys.stderr.close()
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except ModuleNotFoundError as error:
        missing = (error.name or "").split(".")[0]
        if args.debug or missing not in _EXTRAS:
            raise
        print(
            f"error: `{args.command}`: {MissingExtraError(_EXTRAS[missing], missing)}",
            file=sys.stderr,
        )
        return 1
    except OSError as error:
        if args.debug:
            raise
        where = f" {error.filename}:" if error.filename else ""
        context = (
            ""
            if error.filename
            else f" (while running `{args.command}`; run it again with --debug to see where)"
        )
        print(plain(f"error:{where} {error.strerror or error}{context}"), file=sys.stderr)
        return 1
    except Exception as error:  # a bug, not bad data
        if args.debug:
            raise
        print(
            f"internal error ({type(error).__name__}: {plain(str(error)[:300])}); please "
            f"report it at "
            f"{ISSUES_URL} with the output of the same command run with --debug",
            file=sys.stderr,
        )
        return 2


if __name__ == "__main__":
    raise SystemExit(main())
