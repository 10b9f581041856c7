"""``make bench-tests``: the test suite's wall time, into the section "Test suite" of BENCHMARKS.md.

Runs the whole suite (``python -m pytest``, as ``make test`` runs it) once
for each number of pytest-xdist workers asked (``0``: one process, no
workers), from an empty ``_build`` so that each run builds the book, the
PDF and the EPUB with empty caches, as on a fresh clone (``.venv``, the pip
cache, the npm packages and the Run control's files in ``_build/runtime``
stay: a fresh clone gets them before the build's own work starts). Each run's wall time, pytest's own
summary line and the load average before and after go into the section;
the machine is shared, so the load says how far to trust a figure.
Measured, never asserted.

``python -m tools.bench`` rewrites BENCHMARKS.md and keeps this section as
it is (:func:`keep_section`).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

from kzedition.paths import ROOT

HEADING = "## Test suite"
BENCHMARKS = ROOT / "BENCHMARKS.md"
#: pytest's closing line, ``==== 585 passed, 2 warnings in 412.31s (0:06:52) ====`` (bare with ``-q``).
SUMMARY = re.compile(r"^(?:=+ )?(\d+ (?:passed|failed)[^=\n]* in [\d.]+s(?: \([\d:]+\))?)(?: =+)?$", re.M)


def load() -> str:
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


def empty_build_folder(build: Path = ROOT / "_build") -> None:
    """Remove everything under ``build`` but the Run control's runtime (fetched files, checked)."""
    if build.is_dir():
        for path in build.iterdir():
            if path.name == "runtime":
                continue
            if path.is_dir():
                shutil.rmtree(path)
            else:
                path.unlink()


def run_suite(workers: int) -> dict[str, str | float | int]:
    """One run of the suite from an empty ``_build``: wall time, summary, load, exit status."""
    empty_build_folder()
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"]
    command += ["-n", str(workers), "--dist", "loadscope"] if workers else ["-p", "no:xdist"]  # as make test
    before = load()
    start = time.monotonic()
    proc = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    wall = time.monotonic() - start
    found = SUMMARY.findall(proc.stdout)
    return {
        "workers": workers,
        "wall": wall,
        "summary": found[-1] if found else f"(no summary line; exit status {proc.returncode})",
        "returncode": proc.returncode,
        "load_before": before,
        "load_after": load(),
    }


def section(runs: list[dict], cpus: int | None = None) -> str:
    """The Markdown section for ``runs``."""
    cpus = cpus or os.cpu_count()
    now = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    lines = [
        HEADING,
        "",
        f"Written by `make bench-tests` (`python -m tools.bench_tests`) on {now}, on {cpus} cores shared "
        "with other work (load average: 1-, 5- and 15-minute, before and after each run). Each run starts "
        "from an empty `_build` but for the Run control's files (`_build/runtime`): the book, the PDF and "
        "the EPUB are built with empty caches in the run; `.venv`, the pip cache and `node_modules` are "
        "kept. `make test` runs the suite with pytest-xdist, its workers sharing one build of the book "
        "(`tests/conftest.py`).",
        "",
        "| run | wall time | pytest's summary | load before | load after |",
        "|---|--:|---|---|---|",
    ]
    for run in runs:
        name = f"`pytest -n {run['workers']} --dist loadscope`" if run["workers"] else "`pytest -p no:xdist`"
        lines.append(
            f"| {name} | {run['wall']:.0f} s | {run['summary']} | {run['load_before']} | {run['load_after']} |"
        )
    return "\n".join(lines) + "\n"


def keep_section(source: str, document: str) -> str:
    """``document`` with the "Test suite" section of ``source`` instead of its own, at its end.

    ``document`` is returned as it is when ``source`` has no such section.
    """
    kept = _find(source)
    if kept is None:
        return document
    own = _find(document)
    if own is not None:
        document = document[: own[0]] + document[own[1] :]
    return document.rstrip("\n") + "\n\n" + source[kept[0] : kept[1]].rstrip("\n") + "\n"


def _find(text: str) -> tuple[int, int] | None:
    """Start and end of the section under :data:`HEADING` in ``text``, or ``None``."""
    match = re.search(rf"^{re.escape(HEADING)}\n", text, re.M)
    if match is None:
        return None
    following = re.compile(r"^## ", re.M).search(text, match.end())
    return match.start(), following.start() if following else len(text)


def write(text: str, path: Path = BENCHMARKS) -> None:
    """Replace (or add) the section in ``path``."""
    old = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n"
    path.write_text(keep_section(text, old), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.bench_tests", description=__doc__.split("\n")[0])
    parser.add_argument(
        "--workers", type=int, nargs="+", default=[3], help="pytest-xdist workers per run (0: none)"
    )
    parser.add_argument("--output", type=Path, default=BENCHMARKS)
    args = parser.parse_args(argv)
    runs = []
    for workers in args.workers:
        runs.append(run_suite(workers))
        print(runs[-1], flush=True)
    text = section(runs)
    write(text, args.output)
    print(text)
    return 0 if all(r["returncode"] == 0 for r in runs) else 1


if __name__ == "__main__":
    sys.exit(main())
