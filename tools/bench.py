"""``make bench``: page weight, build and execution times, Lighthouse, written to BENCHMARKS.md.

Three modules do the work, this one runs them in order:

* :mod:`tools.bench_measure` measures: the machine, cold and cached
  builds of the edition and of the naive baseline (the weight levers off),
  a stock Jupyter Book 1 book, page weight first and second (through the
  Chrome DevTools Protocol, raw and as gzip would send it), first views,
  cell execution and the environments' sizes;
* :mod:`tools.bench_lighthouse` runs Lighthouse (npm, a development
  dependency: ``tests/ensure-quality-tools.sh lighthouse``) on a few pages
  of the edition and of the stock book, served with gzip;
* :mod:`tools.bench_report` writes the report from the templates of
  ``tools/templates/`` (Jinja2), with the targets and their verdicts.

The Run control's section (:mod:`tools.bench_run_cells`) is added at the
end, and the "Test suite" section of ``make bench-tests``
(:mod:`tools.bench_tests`) is kept as it is. Measured, never asserted: no
test holds a score or a time.

Run ``python -m tools.bench [--repeat N] [--output BENCHMARKS.md]``, or
``python -m tools.bench --quick`` for the first view and Lighthouse only
(one edition build and the stock book; written to
``_build/BENCHMARKS-quick.md`` unless ``--output`` says otherwise).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from kzedition.paths import ROOT
from tools import bench_run_cells, bench_tests, quality
from tools.bench_lighthouse import LIGHTHOUSE_PAGES, lighthouse_runs
from tools.bench_measure import (
    CHAPTER,
    LANDING,
    add_translated_editions,
    baseline_config,
    cell_times,
    environment_sizes,
    kib,
    load_average,
    machine,
    measure_first_views,
    page_weights,
    stock_book,
    timed_build,
)
from tools.bench_report import quick_report, report
from tools.browser import CHROMIUM, CHROMIUM_ARGS


def lighter_pages(browser, edition_html: Path, stock_html: Path, tmp: Path) -> tuple:
    """First views and Lighthouse runs of :data:`~tools.bench_lighthouse.LIGHTHOUSE_PAGES`, edition and stock book."""
    ours = [p for _kind, p, _stock in LIGHTHOUSE_PAGES]
    theirs = list(dict.fromkeys(p for _kind, _ours, p in LIGHTHOUSE_PAGES))  # each stock page once
    views = measure_first_views(browser, edition_html, ours)
    stock_views = measure_first_views(browser, stock_html, theirs)
    for name, loads in (("edition", views), ("stock", stock_views)):
        print(
            f"{name} first views: " + ", ".join(f"{p} {kib(v.total()[1])}" for p, v in loads.items()),
            flush=True,
        )
    lh = lighthouse_runs(edition_html, ours, tmp)
    stock_lh = lighthouse_runs(stock_html, theirs, tmp)
    return views, stock_views, lh, stock_lh


def browser_measures(edition_html: Path, baseline_html: Path, stock_html: Path, tmp: Path) -> tuple:
    """Page weights of the edition and the baseline (first and second loads), then the lighter pages."""
    from playwright.sync_api import sync_playwright

    pages = quality.site_pages(edition_html)
    pages = [CHAPTER, LANDING] + [p for p in pages if p not in (CHAPTER, LANDING)]
    pairs = [(CHAPTER, p) for p in pages if p != CHAPTER] + [(LANDING, CHAPTER)]
    weights = {}
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for name, html in (("edition", edition_html), ("baseline", baseline_html)):
            weights[name] = page_weights(browser, html, pages, pairs)
            print(f"{name}: chapter first load {kib(weights[name][0][CHAPTER].total()[1])} gzip", flush=True)
        lighter = lighter_pages(browser, edition_html, stock_html, tmp)
        browser.close()
    return weights["edition"], weights["baseline"], lighter


def timed_builds(tmp: Path, repeat: int) -> dict[str, list[float]]:
    """``repeat`` cold and cached builds of the edition (into ``tmp/edition-<i>``), one of the baseline."""
    builds: dict[str, list[float]] = {"edition cold": [], "edition cached": [], "baseline cold": []}
    for i in range(repeat):
        out = tmp / f"edition-{i}"
        builds["edition cold"].append(timed_build(out))
        builds["edition cached"].append(timed_build(out))
        print(
            f"edition build {i + 1}: cold {builds['edition cold'][-1]:.1f} s, "
            f"cached {builds['edition cached'][-1]:.1f} s",
            flush=True,
        )
    builds["baseline cold"].append(timed_build(tmp / "baseline", baseline_config(tmp / "baseline.yml")))
    print(f"baseline build: {builds['baseline cold'][-1]:.1f} s", flush=True)
    return builds


def quick(info: dict, tmp: Path) -> str:
    """``--quick``: one build of the edition, the stock book; first views and Lighthouse only."""
    from playwright.sync_api import sync_playwright

    stock_html = stock_book(tmp)
    print(f"stock book built: {stock_html}", flush=True)
    timed_build(tmp / "edition-0")
    add_translated_editions(tmp / "edition-0" / "_build" / "html", tmp)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        lighter = lighter_pages(browser, tmp / "edition-0" / "_build" / "html", stock_html, tmp)
        browser.close()
    info["load average at end"] = load_average()
    return quick_report(info, *lighter)


def full(info: dict, tmp: Path, repeat: int, output: Path) -> str:
    """Everything: builds, page weights, lighter pages, the Run control, cells, environments."""
    stock_html = stock_book(tmp)
    print(f"stock book built: {stock_html}", flush=True)
    builds = timed_builds(tmp, repeat)
    edition_html = tmp / "edition-0" / "_build" / "html"
    add_translated_editions(edition_html, tmp)
    edition, baseline, lighter = browser_measures(
        edition_html, tmp / "baseline" / "_build" / "html", stock_html, tmp
    )
    run_control = bench_run_cells.section(bench_run_cells.measure(edition_html))
    print(run_control, flush=True)
    cells = cell_times()
    with tempfile.TemporaryDirectory(prefix="kz-envs-") as envs:
        environments = environment_sizes(Path(envs))
    info["load average at end"] = load_average()
    text = report(info, *edition, *baseline, builds, cells, repeat, environments, lighter)
    text = text.rstrip("\n") + "\n\n" + run_control
    if output.exists():  # the test suite's section, from make bench-tests
        text = bench_tests.keep_section(output.read_text(encoding="utf-8"), text)
    return text


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--repeat", type=int, default=2, help="cold and cached builds of the edition (default 2)"
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help="first view and Lighthouse only: one edition build and the stock book, no build times, "
        "cells or environments (default output _build/BENCHMARKS-quick.md)",
    )
    parser.add_argument("--output", type=Path, default=None)
    args = parser.parse_args(argv)
    output = args.output or (
        ROOT / "_build" / "BENCHMARKS-quick.md" if args.quick else ROOT / "BENCHMARKS.md"
    )
    info = machine()
    print("machine:", info, flush=True)
    with tempfile.TemporaryDirectory(prefix="kz-bench-") as tmp:
        text = quick(info, Path(tmp)) if args.quick else full(info, Path(tmp), args.repeat, output)
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(text, encoding="utf-8")
    print(text)
    print(f"\nwrote {output}")


if __name__ == "__main__":
    main(sys.argv[1:])
