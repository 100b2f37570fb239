"""Benchmarks: validation, quote checking, build, load and import, against the targets.

Run with ``nox -s bench`` (or ``python benchmarks/run.py [SIZES...]``). Each
measurement runs in a fresh Python process and is timed in CPU seconds (user +
system, every thread), which a machine shared with other work disturbs far less
than wall time; validation is the median of several runs, and the peak resident
memory is the largest of them. Targets are ratios of two measurements of the same
run, on the same files:

- the parse floor: ``pyarrow.csv.read_csv`` of every raw CSV file, nothing else;
- ``frictionless validate`` of the same package, run to completion up to 10,000
  events; above that it is stopped once its CPU time reaches the target ratio (a
  stopped run proves the target and is shown as a lower bound, ">").

The command fails (exit 1) as soon as anything it runs fails; an unmet target is
printed as "NO" and fails the command only with ``--require-targets``. Nothing
here is asserted by the test suite.
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from synthetic import generate  # noqa: E402

from mali_conflict_data.report.site import FIGURE_CACHE  # noqa: E402

PYTHON = sys.executable
#: Largest size at which frictionless runs to completion; above, it is stopped at the target.
FRICTIONLESS_COMPLETE = 10_000
FRICTIONLESS_TARGET = 150
BACKENDS = ("pandas", "polars", "pyarrow")
#: The synthetic data has its own texts: the steps on it must not read the real ones.
SYNTHETIC_ENV = {k: v for k, v in os.environ.items() if k != "MALI_CONFLICT_DATA_SOURCES"}


def _cpu_of_running(pid: int) -> float:
    """CPU seconds used so far by a running process (Linux /proc), 0 if unknown."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def timed_process(argv: list[str], runs: int, cpu_limit: float | None = None, cwd=None, env=None):
    """Median CPU seconds and peak memory (MB) of a command, and whether every run finished.

    A run whose CPU time passes ``cpu_limit`` is stopped: (seconds so far, peak, False).
    Any other run that does not exit 0 raises RuntimeError.
    """
    times, peak = [], 0.0
    for _ in range(runs):
        process = subprocess.Popen(
            argv, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
        )
        stopped = False
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            if cpu_limit is not None and _cpu_of_running(process.pid) > cpu_limit:
                process.kill()
                _, status, usage = os.wait4(process.pid, 0)
                stopped = True
                break
            time.sleep(0.05)
        seconds = usage.ru_utime + usage.ru_stime
        peak = max(peak, usage.ru_maxrss / 1024)
        if stopped:
            return seconds, peak, False
        code = os.waitstatus_to_exitcode(status)
        if code != 0:
            error = process.stderr.read().decode(errors="replace").strip().splitlines()[-5:]
            raise RuntimeError(f"{argv[:3]} failed with exit {code}: " + " / ".join(error))
        process.stderr.close()
        times.append(seconds)
    return statistics.median(times), peak, True


def python_step(code: str, runs: int) -> tuple[float, float]:
    """Median CPU seconds of the step timed in ``code`` (``_elapsed``), and peak memory (MB)."""
    times, peak = [], 0.0
    for _ in range(runs):
        with tempfile.NamedTemporaryFile("r", suffix=".txt") as out:
            full = f"{code}\nopen({out.name!r}, 'w').write(repr(_elapsed))"
            _, mem, _ = timed_process([PYTHON, "-c", full], 1, env=SYNTHETIC_ENV)
            times.append(float(Path(out.name).read_text()))
            peak = max(peak, mem)
    return statistics.median(times), peak


PARSE = """
import time, pyarrow.csv as pacsv
from pathlib import Path
_files = sorted(Path({raw!r}).glob("*.csv"))
_t = time.process_time()
for _f in _files:
    pacsv.read_csv(_f)
_elapsed = time.process_time() - _t
"""
VALIDATE = """
import time
from mali_conflict_data.validate import validate_raw
_t = time.process_time()
_r = validate_raw({raw!r})
_elapsed = time.process_time() - _t
assert _r.ok, _r.problems[:5]
"""
QUOTES = """
import time
from mali_conflict_data.validate import validate_raw, _check_sources
from pathlib import Path
_r = validate_raw({raw!r})
_t = time.process_time()
_check_sources(_r, Path({sources!r}))
_elapsed = time.process_time() - _t
assert not [p for t in _r.tables.values() for p in t.problems], "quote problems"
"""
BUILD = """
import time
from mali_conflict_data.build import build
_t = time.process_time()
build({root!r})
_elapsed = time.process_time() - _t
"""
# every table, read by our loader and by the backend's own reader: 7 samples each, taken in
# turn (so that a slower spell of the machine falls on both), each sample as many reads as
# last about 0.1 s (a table read in a millisecond is otherwise timed at the clock's grain)
LOAD = """
import json, time
from pathlib import Path
from mali_conflict_data.load import read_table, table_names
import pandas, polars, pyarrow.parquet
_folder = Path({folder!r})
_bare = {{
    "pandas": pandas.read_parquet,
    "polars": polars.read_parquet,
    "pyarrow": pyarrow.parquet.read_table,
}}[{backend!r}]

def _sample(call, reads):
    t = time.process_time()
    for _ in range(reads):
        call()
    return (time.process_time() - t) / reads

def _medians(ours, theirs):
    ours(), theirs()  # the first read of each: files opened, caches filled
    reads = max(1, round(0.1 / max(_sample(theirs, 1), 1e-4)))
    pairs = [(_sample(ours, reads), _sample(theirs, reads)) for _ in range(7)]
    return [sorted(side)[3] for side in zip(*pairs)]

_ratios = {{}}
for _name in table_names(_folder):
    _path = _folder / "build" / f"{{_name}}.parquet"
    _ratios[_name] = _medians(
        lambda: read_table(_folder, _name, backend={backend!r}), lambda: _bare(_path)
    )
_elapsed = json.dumps(_ratios)
"""
IMPORT = """
import time
_t = time.process_time()
import {module}
_elapsed = time.process_time() - _t
"""


def load_ratios(folder: Path, backend: str) -> dict[str, tuple[float, float]]:
    """(our load, the backend's reader) CPU seconds for every table of a build."""
    import json

    with tempfile.NamedTemporaryFile("r", suffix=".txt") as out:
        code = LOAD.format(folder=str(folder), backend=backend)
        # polars and pyarrow threads sometimes abort the interpreter's teardown ("terminate
        # called without an active exception", on main too): leave once the result is written
        full = (
            f"{code}\nwith open({out.name!r}, 'w') as _out:\n    _out.write(_elapsed)\n"
            "import os\nos._exit(0)"
        )
        timed_process([PYTHON, "-c", full], 1, env=SYNTHETIC_ENV)
        return {name: tuple(pair) for name, pair in json.loads(Path(out.name).read_text()).items()}


def _without_sizes(root: Path) -> str:
    """The build's descriptor without ``bytes`` and ``hash`` (a file beside it), for frictionless.

    frictionless cannot count the bytes of a Parquet file (it reports "actual is None" and
    fails every table), so it is given everything else: schemas, keys, every row.
    """
    import json

    descriptor = json.loads((root / "datapackage.json").read_text(encoding="utf-8"))
    for resource in descriptor["resources"]:
        resource.pop("bytes", None)
        resource.pop("hash", None)
    (root / "frictionless-datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    return "frictionless-datapackage.json"


def row(name: str, size: str, seconds: float, peak: float, note: str = "", finished=True) -> dict:
    """One line of the results table."""
    return {
        "measure": name,
        "events": size,
        "seconds": f"{seconds:.3f}" if finished else f"> {seconds:.0f} (stopped)",
        "peak_mb": f"{peak:.0f}" if peak else "-",
        "note": note,
    }


def _compile_ours() -> None:
    """The package's modules compiled to bytecode first, as ``pip install`` leaves them.

    The libraries it is compared with (pandas, pandera, pyarrow) are installed with
    their bytecode; a checkout run with ``PYTHONDONTWRITEBYTECODE`` set would compile
    ours again in every process timed, which no installed copy does.
    """
    import compileall

    import mali_conflict_data

    compileall.compile_dir(Path(mali_conflict_data.__file__).parent, quiet=1)


def main() -> int:
    """Run every benchmark, print the table and the verdict on each target."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--runs", type=int, default=3, help="runs per validation (median)")
    parser.add_argument("--workdir", default=None, help="where to write synthetic data")
    parser.add_argument(
        "--require-targets", action="store_true", help="exit 1 when a target is not met"
    )
    parser.add_argument(
        "--frictionless-up-to",
        type=int,
        default=None,
        help="run frictionless only at sizes up to this many events (default: every size; "
        "above 10,000 it runs until its CPU time proves the target, which takes long)",
    )
    args = parser.parse_args()
    _compile_ours()
    work = Path(args.workdir or tempfile.mkdtemp(prefix="mcd-bench-"))
    started_at = time.perf_counter()
    rows, verdicts = [], []
    per_event = {}

    def verdict(name: str, shown: str, met: bool) -> None:
        verdicts.append((name, shown, met))
        print(f"  {name}: {shown} ({'yes' if met else 'NO'})", file=sys.stderr, flush=True)

    imported = {
        m: python_step(IMPORT.format(module=m), 7)[0] for m in ("pandas", "mali_conflict_data")
    }
    rows += [row(f"import {m}", "-", s, 0) for m, s in imported.items()]
    ratio = imported["mali_conflict_data"] / imported["pandas"]
    verdict("import mali_conflict_data <= 1.2 x import pandas", f"{ratio:.2f} x", ratio <= 1.2)

    # the contributor loop, on the project's own data (sources from $MALI_CONFLICT_DATA_SOURCES)
    project = ["--root", str(HERE.parent)]
    libraries, _, _ = timed_process(
        [PYTHON, "-c", "import pandas, pandera.pandas, pyarrow.csv, pyarrow.compute"], 5
    )
    cli = [PYTHON, "-m", "mali_conflict_data", "validate", *project]
    first, _, _ = timed_process([*cli, "--no-cache"], 3)
    timed_process(cli, 1)  # stores the verdict
    began = time.perf_counter()
    again, _, _ = timed_process(cli, 5)
    wall = (time.perf_counter() - began) / 5
    rows.append(row("import pandas, pandera, pyarrow (a process)", "real data", libraries, 0))
    rows.append(
        row(
            "validate, first run (a process)",
            "real data",
            first,
            0,
            f"{first / libraries:.2f} x imports",
        )
    )
    rows.append(
        row(
            "validate, unchanged files (cached verdict)",
            "real data",
            again,
            0,
            f"{wall:.3f} s wall",
        )
    )
    verdict(
        "first validate of the real data <= 1.5 x importing its libraries",
        f"{first / libraries:.2f} x",
        first / libraries <= 1.5,
    )
    verdict(
        "validate on unchanged files < 0.3 s", f"{wall:.3f} s wall, {again:.3f} s CPU", wall < 0.3
    )
    # the report of the project's build: every figure rendered, then all from the figure cache
    report = [PYTHON, "-m", "mali_conflict_data", "report", "--build", str(HERE.parent)]
    shutil.rmtree(HERE.parent / FIGURE_CACHE, ignore_errors=True)
    cold, _, _ = timed_process([*report, "--out", str(work / "site-cold")], 1)
    warm, _, _ = timed_process([*report, "--out", str(work / "site-warm")], 3)
    rows.append(row("report, figures rendered (empty figure cache)", "real data", cold, 0))
    rows.append(
        row(
            "report, unchanged build (figures from the cache)",
            "real data",
            warm,
            0,
            f"{cold / warm:.2f} x faster",
        )
    )

    for size in args.sizes:
        label = f"{size:,}"
        root = work / str(size)
        if not (root / "raw" / "events.csv").is_file():
            began = time.perf_counter()
            generate(size, root)
            print(
                f"generated {label} events in {time.perf_counter() - began:.1f} s", file=sys.stderr
            )
        raw, sources = str(root / "raw"), str(root / "sources")
        floor, _ = python_step(PARSE.format(raw=raw), args.runs)
        rows.append(row("parse floor: pyarrow.csv.read_csv of raw/", label, floor, 0))
        ours, peak = python_step(VALIDATE.format(raw=raw), args.runs)
        per_event[size] = ours / size
        rows.append(
            row("validate (all rules, no quotes)", label, ours, peak, f"{ours / floor:.1f} x floor")
        )
        seconds, mem = python_step(QUOTES.format(raw=raw, sources=sources), 1)
        rows.append(row("check quotes against texts", label, seconds, mem))
        built, built_peak = python_step(BUILD.format(root=str(root)), 1)
        rows.append(
            row(
                "build (validate + write)",
                label,
                built,
                built_peak,
                f"{built / ours:.2f} x validate",
            )
        )
        if args.frictionless_up_to is None or size <= args.frictionless_up_to:
            complete = size <= FRICTIONLESS_COMPLETE
            frictionless = str(Path(PYTHON).with_name("frictionless"))
            theirs, fmem, finished = timed_process(
                [frictionless, "validate", _without_sizes(root)],
                1,
                cpu_limit=None if complete else FRICTIONLESS_TARGET * ours,
                cwd=root,
                env=SYNTHETIC_ENV,
            )
            speedup = theirs / ours
            shown = ("> " if not finished else "") + f"{speedup:.0f} x"
            rows.append(
                row("frictionless validate", label, theirs, fmem, f"ours {shown} faster", finished)
            )
            print(
                f"{label}: floor {floor:.2f} s, validate {ours:.2f} s, build {built:.2f} s, "
                f"frictionless {theirs:.0f} s",
                file=sys.stderr,
                flush=True,
            )
            verdict(
                f"validation of {label} events >= {FRICTIONLESS_TARGET} x faster than frictionless",
                shown,
                speedup >= FRICTIONLESS_TARGET,
            )
        if size >= 100_000:
            verdict(
                f"validation of {label} events <= 8 x the parse floor",
                f"{ours / floor:.1f} x",
                ours / floor <= 8,
            )
            verdict(
                f"build of {label} events <= 1.3 x validation",
                f"{built / ours:.2f} x",
                built / ours <= 1.3,
            )
            verdict(
                f"peak memory of build at {label} events < 2 GB",
                f"{built_peak:.0f} MB",
                built_peak < 2048,
            )
        if size >= 1_000_000:
            verdict(
                f"peak memory of validation at {label} events < 1.5 GB",
                f"{peak:.0f} MB",
                peak < 1536,
            )
        if size == max(args.sizes):
            for backend in BACKENDS:
                pairs = load_ratios(root, backend)
                worst = max(pairs, key=lambda n: pairs[n][0] / pairs[n][1])
                for name, (mine, bare) in pairs.items():
                    if name in ("events", "event_summary") or name == worst:
                        rows.append(
                            row(
                                f"load({name!r}, backend={backend!r})",
                                label,
                                mine,
                                0,
                                f"{mine / bare:.2f} x its reader ({bare:.3f} s)",
                            )
                        )
                worst_ratio = pairs[worst][0] / pairs[worst][1]
                verdict(
                    f"load(name, backend={backend!r}) <= 1.1 x its own Parquet reader, every table",
                    f"worst {worst_ratio:.2f} x ({worst})",
                    worst_ratio <= 1.1,
                )

    if len(per_event) > 1:
        # The two largest sizes: at the smallest, fixed start-up costs dominate.
        small, large = sorted(per_event)[-2:]
        growth = per_event[large] / per_event[small]
        verdict(
            f"validation grows linearly ({small:,} to {large:,} events)",
            f"time per event x {growth:.2f}",
            growth <= 1.5,
        )

    print(
        f"\n{datetime.date.today().isoformat()}; machine: {platform.machine()}, "
        f"{os.cpu_count()} cores, Python {platform.python_version()}; "
        f"{(time.perf_counter() - started_at) / 60:.0f} minutes in all"
    )
    print("\n| measure | events | CPU seconds | peak MB | compared |")
    print("|---|---|---|---|---|")
    for r in rows:
        print(f"| {r['measure']} | {r['events']} | {r['seconds']} | {r['peak_mb']} | {r['note']} |")
    print("\n| target | result | met |")
    print("|---|---|---|")
    for name, result, met in verdicts:
        print(f"| {name} | {result} | {'yes' if met else 'NO'} |")
    unmet = [name for name, _, met in verdicts if not met]
    if unmet and args.require_targets:
        return 1
    return 0


if __name__ == "__main__":
    try:
        raise SystemExit(main())
    except RuntimeError as error:
        print(f"benchmark failed: {error}", file=sys.stderr)
        raise SystemExit(1) from None
