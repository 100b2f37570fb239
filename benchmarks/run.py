"""Benchmarks: validation, quote checking, build, load and import, against the targets.

Run with ``nox -s bench`` (or ``python benchmarks/run.py [SIZES...]``). Each
measurement runs in a fresh Python process; the table shows the median of
several runs and the peak resident memory of the slowest one. Nothing here is
asserted by the test suite: the numbers are printed, with each target's verdict.

``frictionless validate`` is run on the same synthetic package for comparison.
It is slow (about a thousand rows a second here), so each run is stopped after
25 times our own validation time: a stopped run proves the 20x target and is
shown as a lower bound (">").
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from synthetic import generate  # noqa: E402

PYTHON = sys.executable


def timed_process(argv: list[str], runs: int, timeout: float | None = None, cwd=None):
    """Median wall time and peak memory (MB) of a command; (timeout, peak, False) if stopped."""
    times, peak = [], 0.0
    for _ in range(runs):
        started = time.perf_counter()
        process = subprocess.Popen(
            argv, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        deadline = None if timeout is None else started + timeout
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            if deadline and time.perf_counter() > deadline:
                process.kill()
                _, _, usage = os.wait4(process.pid, 0)
                return timeout, max(peak, usage.ru_maxrss / 1024), False
            time.sleep(0.05)
        times.append(time.perf_counter() - started)
        peak = max(peak, usage.ru_maxrss / 1024)
        if os.waitstatus_to_exitcode(status) not in (0, 1):
            raise RuntimeError(f"{argv} failed")
    return statistics.median(times), peak, True


def python_step(code: str, runs: int, timeout: float | None = None):
    """Median seconds printed by ``code`` in fresh interpreters, and peak memory (MB)."""
    times, peak = [], 0.0
    for _ in range(runs):
        with tempfile.NamedTemporaryFile("r", suffix=".txt") as out:
            full = f"{code}\nopen({out.name!r}, 'w').write(str(_elapsed))"
            seconds, mem, finished = timed_process([PYTHON, "-c", full], 1, timeout)
            if not finished:
                return seconds, mem, False
            times.append(float(Path(out.name).read_text()))
            peak = max(peak, mem)
    return statistics.median(times), peak, True


VALIDATE = """
import time
from mali_conflict_data.validate import validate_raw
_t = time.perf_counter()
_r = validate_raw({raw!r})
_elapsed = time.perf_counter() - _t
assert _r.ok, _r.problems[:5]
"""
QUOTES = """
import time
from mali_conflict_data.validate import validate_raw, _check_sources
from pathlib import Path
_r = validate_raw({raw!r})
_t = time.perf_counter()
_check_sources(_r, Path({sources!r}))
_elapsed = time.perf_counter() - _t
assert not [p for t in _r.tables.values() for p in t.problems], "quote problems"
"""
BUILD = """
import time
from mali_conflict_data.build import build
_t = time.perf_counter()
build({root!r})
_elapsed = time.perf_counter() - _t
"""
LOAD = """
import time, pandas as pd
from mali_conflict_data.load import read_table
from pathlib import Path
_times = []
for _ in range(11):
    _t = time.perf_counter()
    {call}
    _times.append(time.perf_counter() - _t)
_elapsed = sorted(_times)[5]
"""
IMPORT = (
    "import time\n_t = time.perf_counter()\nimport {module}\n_elapsed = time.perf_counter() - _t\n"
)


def row(name: str, size: str, seconds: float, peak: float, finished: bool = True) -> dict:
    """One line of the results table."""
    shown = f"{seconds:.3f}" if finished else f"> {seconds:.0f} (stopped)"
    return {
        "measure": name,
        "events": size,
        "seconds": shown,
        "peak_mb": f"{peak:.0f}" if peak else "-",
    }


def main() -> int:
    """Run every benchmark, print the table and the verdict on each target."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--runs", type=int, default=3, help="runs per measurement (median)")
    parser.add_argument("--workdir", default=None, help="where to write synthetic data")
    args = parser.parse_args()
    work = Path(args.workdir or tempfile.mkdtemp(prefix="mcd-bench-"))
    rows, verdicts = [], []
    per_event = {}

    imported = {
        m: python_step(IMPORT.format(module=m), 7)[0] for m in ("pandas", "mali_conflict_data")
    }
    rows += [row(f"import {m}", "-", s, 0) for m, s in imported.items()]
    ratio = imported["mali_conflict_data"] / imported["pandas"]
    verdicts.append(
        ("import mali_conflict_data <= 1.2 x import pandas", f"{ratio:.2f} x", ratio <= 1.2)
    )

    for size in args.sizes:
        label = f"{size:,}"
        root = work / str(size)
        if not (root / "raw" / "events.csv").is_file():
            started = time.perf_counter()
            generate(size, root)
            print(
                f"generated {label} events in {time.perf_counter() - started:.1f} s",
                file=sys.stderr,
            )
        raw, sources = str(root / "raw"), str(root / "sources")
        ours, peak, _ = python_step(VALIDATE.format(raw=raw), args.runs)
        per_event[size] = ours / size
        rows.append(row("validate (all rules, no quotes)", label, ours, peak))
        seconds, mem, _ = python_step(QUOTES.format(raw=raw, sources=sources), 1)
        rows.append(row("check quotes against texts", label, seconds, mem))
        seconds, mem, _ = python_step(BUILD.format(root=str(root)), 1)
        rows.append(row("build (validate + write)", label, seconds, mem))
        cap = max(60.0, 25 * ours)
        frictionless = str(Path(PYTHON).with_name("frictionless"))
        theirs, fmem, finished = timed_process(
            [frictionless, "validate", "datapackage.json"], 1, timeout=cap, cwd=root
        )
        rows.append(row("frictionless validate", label, theirs, fmem, finished))
        speedup = theirs / ours
        if size == max(args.sizes):
            verdicts.append(
                (
                    f"validation of {label} events >= 20 x faster than frictionless",
                    ("> " if not finished else "") + f"{speedup:.0f} x",
                    speedup >= 20,
                )
            )
            verdicts.append(
                (
                    f"peak memory of validation at {label} events < 2 GB",
                    f"{peak:.0f} MB",
                    peak < 2048,
                )
            )
        folder = str(root)
        bare, _, _ = python_step(
            LOAD.format(call=f"pd.read_parquet(Path({folder!r}) / 'build' / 'events.parquet')"), 1
        )
        ours_load, _, _ = python_step(
            LOAD.format(call=f"read_table(Path({folder!r}), 'events')"), 1
        )
        rows.append(row("pandas.read_parquet(events)", label, bare, 0))
        rows.append(row("load('events')", label, ours_load, 0))
        if size == max(args.sizes):
            ratio = ours_load / bare
            verdicts.append(
                (
                    f"load('events') <= 1.3 x read_parquet at {label} events",
                    f"{ratio:.2f} x",
                    ratio <= 1.3,
                )
            )

    if len(per_event) > 1:
        # The two largest sizes: at the smallest, fixed start-up costs dominate.
        small, large = sorted(per_event)[-2:]
        growth = per_event[large] / per_event[small]
        verdicts.append(
            (
                f"validation grows linearly ({small:,} to {large:,} events)",
                f"time per event x {growth:.2f}",
                growth <= 1.5,
            )
        )

    print(
        f"\nmachine: {platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}"
    )
    print(f"\n| measure | events | seconds (validate: median of {args.runs}) | peak MB |")
    print("|---|---|---|---|")
    for r in rows:
        print(f"| {r['measure']} | {r['events']} | {r['seconds']} | {r['peak_mb']} |")
    print("\n| target | result | met |")
    print("|---|---|---|")
    for name, result, met in verdicts:
        print(f"| {name} | {result} | {'yes' if met else 'NO'} |")
    return 0 if all(met for _, _, met in verdicts) else 1


if __name__ == "__main__":
    raise SystemExit(main())
