"""Lighthouse for ``make bench``: scores, metrics and failing audits of a few pages.

Lighthouse (npm ``lighthouse``, pinned in ``package.json``, a development
dependency: ``tests/ensure-quality-tools.sh lighthouse``) runs with its
mobile defaults (simulated throttling) on the site served *with* gzip
(:func:`tools.browser.serve` with ``compress``), :data:`LIGHTHOUSE_RUNS` runs
per page, in rounds. :mod:`tools.bench_report` writes the median and the
spread (min–max) of the performance, accessibility and best-practices
scores and of FCP, LCP, TBT and CLS, and the audits that fail. The same
pages of a stock Jupyter Book 1 book (:func:`tools.bench_measure.stock_book`)
stand beside them. Measured, never asserted: no test holds a score.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

from kzedition.paths import ROOT
from tools.bench_measure import CHAPTER, LANDING, TEXT_PAGE
from tools.browser import CHROMIUM, serve

#: Pages measured with Lighthouse: (what it is, the edition's page, the stock book's page).
#: The Russian edition's text page and chapter too (``ru/``), beside the same stock pages.
LIGHTHOUSE_PAGES = [
    ("text page", TEXT_PAGE, "markdown.html"),
    ("landing page", LANDING, "intro.html"),
    ("chapter (charts)", CHAPTER, "notebooks.html"),
    ("Russian text page", f"ru/{TEXT_PAGE}", "markdown.html"),
    ("Russian chapter (charts)", f"ru/{CHAPTER}", "notebooks.html"),
]
LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
LIGHTHOUSE_RUNS = 3
CATEGORIES = ("performance", "accessibility", "best-practices")
#: Lighthouse metrics: label -> (audit id, unit).
METRICS = {
    "FCP": ("first-contentful-paint", "s"),
    "LCP": ("largest-contentful-paint", "s"),
    "TBT": ("total-blocking-time", "ms"),
    "CLS": ("cumulative-layout-shift", ""),
}


def lighthouse(url: str, out: Path) -> dict:
    """One Lighthouse run (mobile defaults) on ``url``: scores, metrics and failing audits."""
    if not LIGHTHOUSE.exists():
        raise RuntimeError("Lighthouse is missing: run `bash tests/ensure-quality-tools.sh lighthouse`")
    proc = subprocess.run(
        [
            str(LIGHTHOUSE),
            url,
            "--output=json",
            f"--output-path={out}",
            "--quiet",
            "--chrome-flags=--headless=new --no-sandbox",
            f"--only-categories={','.join(CATEGORIES)}",
        ],
        env={**os.environ, "CHROME_PATH": CHROMIUM},
        capture_output=True,
        text=True,
        timeout=600,
    )
    if proc.returncode != 0 or not out.exists():
        raise RuntimeError(f"lighthouse {url} failed:\n{(proc.stdout + proc.stderr)[-3000:]}")
    result = json.loads(out.read_text(encoding="utf-8"))
    row = {c: round(result["categories"][c]["score"] * 100) for c in CATEGORIES}
    for label, (audit, _unit) in METRICS.items():
        row[label] = result["audits"][audit]["numericValue"]
    row["findings"] = sorted(
        f"{category}: {ref['id']}"
        for category in CATEGORIES[1:]
        for ref in result["categories"][category]["auditRefs"]
        if ref.get("weight")
        and (result["audits"][ref["id"]].get("score") is not None)
        and result["audits"][ref["id"]]["score"] < 1
    )
    return row


def lighthouse_runs(html: Path, pages: list[str], tmp: Path, runs: int = LIGHTHOUSE_RUNS) -> dict:
    """``page -> [run, ...]``: ``runs`` Lighthouse runs of each page, the site served with gzip."""
    results: dict[str, list[dict]] = {}
    with serve(html, compress=True) as base:
        for i in range(runs):  # rounds, so a burst of load on the machine spreads over the pages
            for page in pages:
                row = lighthouse(f"{base}/{page}", tmp / f"lh-{len(results)}-{i}.json")
                results.setdefault(page, []).append(row)
                print(
                    f"lighthouse {page} run {i + 1}: " + ", ".join(f"{c} {row[c]}" for c in CATEGORIES),
                    flush=True,
                )
    return results


def lighthouse_version() -> str:
    """The installed Lighthouse's version, as the report names it."""
    package = ROOT / "node_modules" / "lighthouse" / "package.json"
    return json.loads(package.read_text())["version"] if package.exists() else "(not installed)"
