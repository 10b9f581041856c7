"""``make bench``: page weight, build and execution times, written to BENCHMARKS.md.

Measured, not estimated, on the machine it runs on (described in the report):

* **Page weight.** Each page of the built book is loaded in headless Chromium
  from a local server; the bytes of every response are read through the
  Chrome DevTools Protocol, per kind (HTML, JS, CSS, fonts, data/images) and
  for plotly.js alone, raw and as gzip would send them (each text response
  compressed with gzip -9; fonts and images, already compressed, count raw,
  as static hosts such as GitHub Pages serve them). "Second page" loads
  another page in the same browser after a first one and counts only new
  bytes: responses from the cache and 304 revalidations count zero.
* **The naive baseline**, built and measured in the same run: the stock theme
  (without ``kzedition.sphinxext.theme`` and ``kzedition.sphinxext.icons``, so
  ``fontawesome.js``, the full icon fonts and the search index on every page
  are back) and the full plotly.js bundle (``kzedition_plotly_bundle = "full"``).
* **Build times.** A cold build (empty output folder and execution cache,
  every notebook executed) and a cached rebuild with no change (the same
  command again), each repeated; the machine is shared, so min and max are
  both reported.
* **Cell execution.** Each notebook page is executed top to bottom with
  nbclient (:func:`kzedition.sphinxext.notebooks.execute`); the time of its cells
  (nbclient's per-cell timestamps) and the wall time with kernel start-up.
* **First view** (the targets of issue 13): the bytes a page loads before
  the reader scrolls (``load`` and no request for 0.7 s; charts are not
  waited for), gzip as above.
* **Lighthouse** (npm ``lighthouse``, pinned in ``package.json``, a
  development dependency: ``tests/ensure-quality-tools.sh lighthouse``), its
  mobile defaults (simulated throttling) on the site served *with* gzip
  (:func:`tools.browser.serve` with ``compress``), :data:`LIGHTHOUSE_RUNS`
  runs per page: the median and the spread (min–max) of the performance,
  accessibility and best-practices scores and of FCP, LCP, TBT and CLS, and
  the audits that fail. The same pages of a **stock Jupyter Book 1 book**
  (``jupyter-book create``, built with the same pinned stack, not strict:
  its sample notebook imports matplotlib, which the stack lacks) stand
  beside them. Measured, never asserted: no test holds a score or a time.

Run ``python -m tools.bench [--repeat N] [--output BENCHMARKS.md]``, or
``python -m tools.bench --quick`` for the first view and Lighthouse only
(one edition build and the stock book; written to
``_build/BENCHMARKS-quick.md`` unless ``--output`` says otherwise).
"""

from __future__ import annotations

import argparse
import base64
import datetime as dt
import gzip
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from kzedition.paths import ROOT
from kzedition.sphinxext import notebooks
from tools import bench_run_cells, bench_tests, build, quality
from tools.browser import ALL_DRAWN, CHROMIUM, CHROMIUM_ARGS, DRAW_ALL, serve

KIB, MIB = 1024, 1024 * 1024
CHAPTER = "chapters/kazakhstan.html"
LANDING = "index.html"
TEXT_PAGE = "chapters/dedication.html"
KINDS = ("html", "js", "css", "fonts", "data/images")
#: Targets of the edition (bytes, a fraction of the cold build time, Lighthouse scores).
TARGETS = {
    "chapter_first_gzip": 1 * MIB,
    "second_page_new": 150 * KIB,
    "cached_fraction": 0.2,
    "cells_seconds": 5.0,
    "text_first_view_gzip": 150 * KIB,
    "chapter_first_view_gzip": 400 * KIB,
    "performance_text": 95,
    "performance_chapter": 90,
    "accessibility": 100,
    "best-practices": 100,
}
#: The extensions the naive baseline leaves out (the theme as the stock theme ships it).
THEME_LEVERS = ("kzedition.sphinxext.theme", "kzedition.sphinxext.icons")
#: Pages measured with Lighthouse: (what it is, the edition's page, the stock book's page).
LIGHTHOUSE_PAGES = [
    ("text page", TEXT_PAGE, "markdown.html"),
    ("landing page", LANDING, "intro.html"),
    ("chapter (charts)", CHAPTER, "notebooks.html"),
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
#: Content types that are already compressed: a static host sends them as they are.
PRECOMPRESSED = (
    "font/",
    "image/png",
    "image/jpeg",
    "image/gif",
    "image/webp",
    "application/font-woff",
    "application/zip",
)


# --- machine --------------------------------------------------------------------------


def machine() -> dict[str, str]:
    cpu = "unknown"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    ram = "unknown"
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        kib = int(meminfo.read_text().split("MemTotal:", 1)[1].split()[0])
        ram = f"{kib / MIB:.1f} GiB"
    os_name = platform.platform()
    release = Path("/etc/os-release")
    if release.exists():
        fields = dict(line.split("=", 1) for line in release.read_text().splitlines() if "=" in line)
        os_name = f"{fields.get('PRETTY_NAME', '').strip(chr(34))} (Linux {platform.release()})"
    chromium = subprocess.run([CHROMIUM, "--version"], capture_output=True, text=True).stdout.strip()
    return {
        "CPU": cpu,
        "cores": str(os.cpu_count()),
        "RAM": ram,
        "OS": os_name,
        "Python": platform.python_version(),
        "Chromium": chromium or CHROMIUM,
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "load average at start": " ".join(f"{x:.1f}" for x in os.getloadavg()),
    }


# --- builds ---------------------------------------------------------------------------


def baseline_config(dest: Path) -> Path:
    """The book's ``_config.yml`` with the weight levers off: stock theme and icons, full plotly.js."""
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    sphinx = config.setdefault("sphinx", {})
    sphinx["extra_extensions"] = [e for e in sphinx.get("extra_extensions", []) if e not in THEME_LEVERS]
    sphinx.setdefault("config", {})["kzedition_plotly_bundle"] = "full"
    dest.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return dest


def stock_book(tmp: Path) -> Path:
    """A stock Jupyter Book 1 book (``jupyter-book create``) built with this environment; its HTML folder.

    Built as its author would (``jupyter-book build``, not strict): the
    sample notebook imports matplotlib, which the edition's stack does not
    install, so that cell shows its error and the build warns.
    """
    jb = str(Path(sys.executable).parent / "jupyter-book")
    book = tmp / "stockbook"
    subprocess.run([jb, "create", str(book)], check=True, capture_output=True)
    proc = subprocess.run([jb, "build", str(book)], capture_output=True, text=True)
    html = book / "_build" / "html"
    if not (html / "index.html").exists():
        raise RuntimeError(f"stock book build failed:\n{(proc.stdout + proc.stderr)[-3000:]}")
    return html


def timed_build(out: Path, config: Path | None = None) -> float:
    started = time.perf_counter()
    proc = build.build_book(ROOT, out, config)
    elapsed = time.perf_counter() - started
    if proc.returncode != 0:
        raise RuntimeError(f"build into {out} failed:\n{(proc.stdout + proc.stderr)[-3000:]}")
    return elapsed


# --- page weight ----------------------------------------------------------------------


@dataclass
class Load:
    """The responses of one page load: (url, kind, raw bytes, gzip bytes, new?)."""

    page: str
    responses: list[tuple[str, str, int, int, bool]] = field(default_factory=list)

    def total(self, new_only: bool = False, kind: str | None = None, plotly: bool = False) -> tuple[int, int]:
        rows = [
            r
            for r in self.responses
            if (r[4] or not new_only) and (kind is None or r[1] == kind) and (not plotly or _is_plotly(r[0]))
        ]
        return sum(r[2] for r in rows), sum(r[3] for r in rows)


def _is_plotly(url: str) -> bool:
    path = url.split("?", 1)[0]
    return "plotly" in path.rsplit("/", 1)[-1] and path.endswith(".js")


def _kind(resource_type: str, mime: str) -> str:
    if resource_type == "Document":
        return "html"
    if resource_type == "Script" or "javascript" in mime:
        return "js"
    if resource_type == "Stylesheet" or mime == "text/css":
        return "css"
    if resource_type == "Font" or mime.startswith("font/"):
        return "fonts"
    return "data/images"


def _gzip_size(body: bytes, mime: str) -> int:
    if mime.startswith(PRECOMPRESSED):
        return len(body)
    return len(gzip.compress(body, 9))


class Site:
    """A built site served on 127.0.0.1 and measured in one Chromium."""

    def __init__(self, base: str, browser):
        self.base = base
        self.browser = browser

    def visit(self, *paths: str, wait_drawn: bool = True) -> list[Load]:
        """Load ``paths`` one after the other in one fresh browser context (one cache).

        ``wait_drawn``: draw every chart (as if the reader scrolled to each)
        and wait until all are; without it, only
        until the page is quiet after ``load`` (the view before scrolling).
        """
        context = self.browser.new_context()
        page = context.new_page()
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        state: dict[str, dict] = {"seen": {}}

        def info(event: dict) -> dict:
            return state["seen"].setdefault(event["requestId"], {})

        cdp.on(
            "Network.requestWillBeSent",
            lambda e: info(e).update(url=e["request"]["url"], type=e.get("type", "")),
        )
        cdp.on("Network.requestServedFromCache", lambda e: info(e).update(cached=True))
        cdp.on(
            "Network.responseReceived",
            lambda e: info(e).update(
                status=e["response"]["status"],
                mime=e["response"].get("mimeType", ""),
                type=e.get("type", ""),
                disk=bool(e["response"].get("fromDiskCache") or e["response"].get("fromPrefetchCache")),
            ),
        )
        cdp.on("Network.loadingFinished", lambda e: info(e).update(done=True))
        cdp.on("Network.loadingFailed", lambda e: info(e).update(done=True))
        loads = []
        for path in paths:
            state["seen"] = seen = {}
            page.goto(f"{self.base}/{path}", wait_until="load")
            if wait_drawn:  # as a reader who scrolls to every chart: plotly.js and all images
                page.evaluate(DRAW_ALL)
                page.wait_for_function(ALL_DRAWN, timeout=30000)
            _settle(page, seen)
            load = Load(path)
            for request_id, row in list(seen.items()):
                if "status" not in row or row.get("url", "").startswith("data:"):
                    continue
                try:
                    got = cdp.send("Network.getResponseBody", {"requestId": request_id})
                    body = base64.b64decode(got["body"]) if got["base64Encoded"] else got["body"].encode()
                except Exception:
                    body = b""
                new = row["status"] == 200 and not row.get("cached") and not row.get("disk")
                load.responses.append(
                    (
                        row["url"].removeprefix(self.base),
                        _kind(row["type"], row["mime"]),
                        len(body),
                        _gzip_size(body, row["mime"]),
                        new,
                    )
                )
            loads.append(load)
        context.close()
        return loads


def _settle(page, seen: dict, quiet: float = 0.7, timeout: float = 30.0) -> None:
    """Wait until every request seen has finished and none started for ``quiet`` seconds."""
    deadline, last, count = time.monotonic() + timeout, time.monotonic(), -1
    while time.monotonic() < deadline:
        pending = [i for i in seen.values() if not i.get("done")]
        if len(seen) != count or pending:
            count, last = len(seen), time.monotonic()
        elif time.monotonic() - last >= quiet:
            return
        page.wait_for_timeout(50)


# --- Lighthouse -----------------------------------------------------------------------


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


#: How a Lighthouse value is written, by unit (scores, milliseconds as seconds or ms, CLS).
FORMATS = {
    "score": "{:.0f}".format,
    "s": lambda v: f"{v / 1000:.1f} s",
    "ms": lambda v: f"{v:.0f} ms",
    "": "{:.3f}".format,
}


def median_spread(values: list[float], unit: str) -> str:
    """``median (min–max)``, or the median alone when every run gave the same."""
    med, low, high = (FORMATS[unit](v) for v in (statistics.median(values), min(values), max(values)))
    return med if low == high else f"{med} ({low}–{high})"


def lighthouse_table(edition: dict, stock: dict) -> list[str]:
    head = " | ".join(CATEGORIES) + " | " + " | ".join(METRICS)
    lines = [
        f"| page | site | {head} |",
        "|---|---|" + "--:|" * (len(CATEGORIES) + len(METRICS)),
    ]
    for kind, ours, theirs in LIGHTHOUSE_PAGES:
        for site, page, runs in (
            ("edition", ours, edition.get(ours)),
            ("stock Jupyter Book", theirs, stock.get(theirs)),
        ):
            if not runs:
                continue
            cells = [median_spread([r[c] for r in runs], "score") for c in CATEGORIES]
            cells += [median_spread([r[label] for r in runs], unit) for label, (_a, unit) in METRICS.items()]
            lines.append(f"| {kind}: `{page}` | {site} | " + " | ".join(cells) + " |")
    return lines


def lighthouse_findings(edition: dict, stock: dict) -> list[str]:
    lines = []
    for site, results in (("edition", edition), ("stock Jupyter Book", stock)):
        for page, runs in results.items():
            found = sorted({f for r in runs for f in r["findings"]})
            lines.append(f"- {site}, `{page}`: " + (", ".join(f"`{f}`" for f in found) if found else "none"))
    return lines


# --- cells ----------------------------------------------------------------------------


def cell_times() -> list[tuple[str, float, float]]:
    """(page, seconds of its cells, wall seconds with kernel start) for each notebook page."""
    rows = []
    for page in notebooks.NOTEBOOK_PAGES:
        started = time.perf_counter()
        executed = notebooks.execute(ROOT / page)
        wall = time.perf_counter() - started
        cells = 0.0
        for cell in executed.cells:
            timing = cell.get("metadata", {}).get("execution", {})
            start = timing.get("iopub.execute_input") or timing.get("shell.execute_reply.started")
            end = timing.get("shell.execute_reply")
            if start and end:
                cells += (_timestamp(end) - _timestamp(start)).total_seconds()
        rows.append((page, cells, wall))
    return rows


def _timestamp(value: str) -> dt.datetime:
    return dt.datetime.fromisoformat(value.replace("Z", "+00:00"))


# --- report ---------------------------------------------------------------------------


#: The environments a reader, a student and a maintainer install, by requirements file.
ENVIRONMENTS = {
    "book (`make book`, .venv)": "requirements.txt",
    "book + test tools (`make test`, .venv)": "requirements-dev.txt",
    "students (`make lab`, .venv-lab)": "requirements-lab.txt",
}


def environment_sizes(tmp: Path) -> dict[str, tuple[int, float]]:
    """Size on disk and install time of a fresh venv for each of :data:`ENVIRONMENTS`."""
    sizes = {}
    for name, requirements in ENVIRONMENTS.items():
        venv = tmp / f"env-{len(sizes)}"
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run(
            [str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", "-r", str(ROOT / requirements)],
            check=True,
        )
        elapsed = time.perf_counter() - start
        size = sum(f.stat().st_size for f in venv.rglob("*") if f.is_file() and not f.is_symlink())
        sizes[name] = (size, elapsed)
        print(f"environment {name}: {size / MIB:.0f} MiB, {elapsed:.0f} s", flush=True)
    return sizes


def kib(n: float) -> str:
    return f"{n / KIB:,.0f} KiB"


def verdict(ok: bool) -> str:
    return "met" if ok else "**not met**"


def weight_table(first: dict[str, Load], base_first: dict[str, Load]) -> list[str]:
    lines = [
        "| page | raw | gzip | "
        + " | ".join(f"{k} (gzip)" for k in KINDS)
        + " | plotly.js raw / gzip | baseline gzip |",
        "|---|--:|--:|" + "--:|" * len(KINDS) + "--:|--:|",
    ]
    for path, load in first.items():
        raw, gz = load.total()
        kinds = " | ".join(kib(load.total(kind=k)[1]) for k in KINDS)
        p_raw, p_gz = load.total(plotly=True)
        share = f"{kib(p_raw)} / {kib(p_gz)} ({p_gz / gz:.0%})" if p_raw else "–"
        base = kib(base_first[path].total()[1]) if path in base_first else "–"
        lines.append(f"| {path} | {kib(raw)} | {kib(gz)} | {kinds} | {share} | {base} |")
    return lines


def first_view_targets(
    views: dict[str, Load], stock_views: dict[str, Load], lh: dict, stock_lh: dict
) -> list[str]:
    """The rows of issue 13's targets: first view bytes and Lighthouse medians, with the stock book's."""

    def gz(loads: dict[str, Load], page: str) -> int:
        return loads[page].total()[1]

    def med(results: dict, page: str, category: str) -> float:
        return statistics.median(r[category] for r in results[page])

    stock_page = {ours: theirs for _kind, ours, theirs in LIGHTHOUSE_PAGES}
    rows = []
    for page, target, label in (
        (TEXT_PAGE, "text_first_view_gzip", "text page"),
        (CHAPTER, "chapter_first_view_gzip", "chapter"),
    ):
        rows.append(
            f"| {label} (`{page}`), first view before scrolling, gzip ≤ {kib(TARGETS[target])} | "
            f"{kib(gz(views, page))} | {kib(gz(stock_views, stock_page[page]))} | "
            f"{verdict(gz(views, page) <= TARGETS[target])} |"
        )
    for kind, page, theirs in LIGHTHOUSE_PAGES:
        target = TARGETS["performance_chapter" if page == CHAPTER else "performance_text"]
        rows.append(
            f"| Lighthouse mobile performance, median of {LIGHTHOUSE_RUNS}, ≥ {target}: {kind} (`{page}`) | "
            f"{median_spread([r['performance'] for r in lh[page]], 'score')} | "
            f"{median_spread([r['performance'] for r in stock_lh[theirs]], 'score')} | "
            f"{verdict(med(lh, page, 'performance') >= target)} |"
        )
    for category in CATEGORIES[1:]:
        worst = min(lh, key=lambda p: med(lh, p, category))
        stock_worst = min(stock_lh, key=lambda p: med(stock_lh, p, category))
        rows.append(
            f"| Lighthouse {category} = {TARGETS[category]} on every page measured (lowest median: `{worst}`) | "
            f"{med(lh, worst, category):.0f} | {med(stock_lh, stock_worst, category):.0f} | "
            f"{verdict(med(lh, worst, category) >= TARGETS[category])} |"
        )
    return rows


def first_view_section(
    views: dict[str, Load], stock_views: dict[str, Load], lh: dict, stock_lh: dict
) -> list[str]:
    """First view and Lighthouse, the edition beside a stock Jupyter Book 1 book."""
    out = [
        "## First view and Lighthouse, beside a stock Jupyter Book 1 book",
        "",
        "First view: the bytes a page loads before the reader scrolls (empty cache; `load`, then no "
        "request for 0.7 s; charts not waited for), gzip as above. Stock: `jupyter-book create` "
        "built with the same pinned stack (its sample notebook's matplotlib cell fails: matplotlib "
        "is not in the stack).",
        "",
        "| page | site | gzip | " + " | ".join(f"{k} (gzip)" for k in KINDS) + " |",
        "|---|---|--:|" + "--:|" * len(KINDS),
    ]
    for kind, ours, theirs in LIGHTHOUSE_PAGES:
        for site, page, loads in (("edition", ours, views), ("stock Jupyter Book", theirs, stock_views)):
            load = loads[page]
            kinds = " | ".join(kib(load.total(kind=k)[1]) for k in KINDS)
            out.append(f"| {kind}: `{page}` | {site} | {kib(load.total()[1])} | {kinds} |")
    out += [
        "",
        f"Lighthouse {_lighthouse_version()} (npm, `package.json`), mobile defaults (simulated "
        "throttling), Debian's Chromium headless, the site served by `tools.browser.serve` with gzip; "
        f"{LIGHTHOUSE_RUNS} runs per page: median (min–max). Scores are measured, not asserted: "
        "on a shared 2-core machine simulated scores move by several points from run to run.",
        "",
    ]
    out += lighthouse_table(lh, stock_lh)
    out += ["", "Audits that fail (accessibility, best practices; any run):", ""]
    out += lighthouse_findings(lh, stock_lh)
    out.append("")
    return out


def _lighthouse_version() -> str:
    package = ROOT / "node_modules" / "lighthouse" / "package.json"
    return json.loads(package.read_text())["version"] if package.exists() else "(not installed)"


def machine_section(info: dict) -> list[str]:
    """The "Machine" table: where the figures were measured."""
    return ["## Machine", "", "| | |", "|---|---|", *(f"| {k} | {v} |" for k, v in info.items())]


def quick_report(info, views, stock_views, lh, stock_lh) -> str:
    out = [
        "# Benchmarks (quick: first view and Lighthouse only)",
        "",
        "Written by `python -m tools.bench --quick`; `make bench` writes the full `BENCHMARKS.md`.",
        "",
        *machine_section(info),
    ]
    out += ["", "## Targets", "", "| target | measured | stock Jupyter Book | verdict |", "|---|--:|--:|---|"]
    out += first_view_targets(views, stock_views, lh, stock_lh)
    out += [""] + first_view_section(views, stock_views, lh, stock_lh)
    return "\n".join(out)


def report(info, first, second, base_first, base_second, builds, cells, repeat, environments, lighter) -> str:
    views, stock_views, lh, stock_lh = lighter
    chapter_raw, chapter_gz = first[CHAPTER].total()
    base_raw, base_gz = base_first[CHAPTER].total()
    after_chapter = {k: v for k, v in second.items() if k[0] == CHAPTER}
    worst_second = max(after_chapter.items(), key=lambda kv: kv[1].total(new_only=True)[0])
    cold, cached = builds["edition cold"], builds["edition cached"]
    fraction = statistics.median(cached) / statistics.median(cold)
    slowest_cells = max(cells, key=lambda r: r[1])
    out = [
        "# Benchmarks",
        "",
        "Written by `make bench` (`python -m tools.bench`): measured numbers, on the machine below. "
        "Page bytes are what Chromium received from a local server (raw: the bytes of each file; "
        "gzip: each text response compressed with gzip -9, as a static host such as GitHub Pages "
        "sends it; fonts and images count raw). The baseline is the same book with the weight "
        "levers off: the stock theme (with `fontawesome.js` and the full icon font) and the full "
        "plotly.js bundle. Lighthouse runs on the site served with gzip.",
        "",
        *machine_section(info),
    ]
    out += [
        "",
        "## Targets",
        "",
        "| target | measured | baseline | verdict |",
        "|---|--:|--:|---|",
        f"| chapter page, first load, gzip ≤ 1 MiB (all its charts) | {kib(chapter_gz)} "
        f"({kib(chapter_raw)} raw) | {kib(base_gz)} ({kib(base_raw)} raw) | "
        f"{verdict(chapter_gz <= TARGETS['chapter_first_gzip'])} |",
        f"| a second page after the chapter, new bytes ≤ 150 KiB (worst: {worst_second[0][1]}) | "
        f"{kib(worst_second[1].total(new_only=True)[0])} raw | "
        f"{kib(base_second[worst_second[0]].total(new_only=True)[0])} raw | "
        f"{verdict(worst_second[1].total(new_only=True)[0] <= TARGETS['second_page_new'])} |",
        f"| cached rebuild ≤ 1/5 of the cold build | {statistics.median(cached):.1f} s / "
        f"{statistics.median(cold):.1f} s = {fraction:.2f} | – | {verdict(fraction <= TARGETS['cached_fraction'])} |",
        f"| each chapter's cells < 5 s (slowest: {slowest_cells[0]}) | {slowest_cells[1]:.2f} s | – | "
        f"{verdict(slowest_cells[1] < TARGETS['cells_seconds'])} |",
        "",
        f"Chapter first load, baseline / edition: {base_gz / chapter_gz:.1f}× the gzip bytes, "
        f"{base_raw / chapter_raw:.1f}× the raw bytes.",
        "",
        "### Lighter pages (issue 13): first view and Lighthouse",
        "",
        "| target | measured | stock Jupyter Book | verdict |",
        "|---|--:|--:|---|",
    ]
    out += first_view_targets(views, stock_views, lh, stock_lh)
    out += [""] + first_view_section(views, stock_views, lh, stock_lh)
    out += ["## First load of each page (empty cache, every chart drawn)", ""]
    out += weight_table(first, base_first)
    out += [
        "",
        "## A second page after a first one (same browser, warm cache: new bytes only)",
        "",
        "| first → second | new raw | new gzip | of which plotly.js (gzip) | baseline new raw | baseline new gzip |",
        "|---|--:|--:|--:|--:|--:|",
    ]
    for (a, b), load in second.items():
        raw, gz = load.total(new_only=True)
        p_gz = load.total(new_only=True, plotly=True)[1]
        b_raw, b_gz = base_second[(a, b)].total(new_only=True)
        out.append(
            f"| {a} → {b} | {kib(raw)} | {kib(gz)} | {kib(p_gz) if p_gz else '–'} | {kib(b_raw)} | {kib(b_gz)} |"
        )
    out += [
        "",
        "A page with charts after a page without them loads plotly.js (the partial bundle) once; "
        "every later page finds it in the cache.",
        "",
        f"## Build times ({repeat} runs each; min – max, median)",
        "",
        "| build | min | max | median |",
        "|---|--:|--:|--:|",
    ]
    for name, times in builds.items():
        out.append(f"| {name} | {min(times):.1f} s | {max(times):.1f} s | {statistics.median(times):.1f} s |")
    out += [
        "",
        "Cold: empty output folder and execution cache, every notebook executed "
        "(`jupyter-book build . -W -n --keep-going --path-output <new folder>`). Cached: the same "
        "command again with no change (execution cache and Sphinx environment reused).",
        "",
        "## Cell execution (nbclient, `kzedition.sphinxext.notebooks.execute`)",
        "",
        "| page | cells | wall, with kernel start |",
        "|---|--:|--:|",
    ]
    out += [f"| {page} | {c:.2f} s | {w:.2f} s |" for page, c, w in cells]
    out += [
        "",
        "## Environments (fresh venv, pip cache warm)",
        "",
        "| environment | requirements | size on disk | install time |",
        "|---|---|--:|--:|",
    ]
    out += [
        f"| {name} | `{ENVIRONMENTS[name]}` | {size / MIB:.0f} MiB | {seconds:.0f} s |"
        for name, (size, seconds) in environments.items()
    ]
    out += [
        "",
        "## Reproducible builds",
        "",
        "`tests/test_quality.py::test_two_clean_builds_are_identical` builds the book twice from "
        "clean (one from a copy of the sources in another folder, another time zone, hash seed and "
        "`SOURCE_DATE_EPOCH`) and compares every file of the two sites byte for byte. Fields allowed "
        "to differ: **none**. Causes removed at the source: plotly's random `<div>` ids (chart ids "
        "instead, `kzedition.sphinxext.plotly_charts`); Sphinx 7.4 rewrites a copyright that starts with a year "
        "to the `SOURCE_DATE_EPOCH` year, so `_config.yml`'s copyright does not start with one. "
        "Sphinx's `?v=` query strings are checksums of the files' content and the theme's "
        "`?digest=` is fixed per theme version: both only change when the files do.",
        "",
    ]
    return "\n".join(out)


def measure_first_views(browser, html: Path, pages: list[str]) -> dict[str, Load]:
    """The first view (before scrolling) of each of ``pages``, the site served with gzip."""
    with serve(html, compress=True) as base:
        site = Site(base, browser)
        return {p: site.visit(p, wait_drawn=False)[0] for p in pages}


def lighter_pages(browser, edition_html: Path, stock_html: Path, tmp: Path) -> tuple:
    """First views and Lighthouse runs of :data:`LIGHTHOUSE_PAGES`, edition and stock book."""
    ours = [p for _kind, p, _stock in LIGHTHOUSE_PAGES]
    theirs = [p for _kind, _ours, p in LIGHTHOUSE_PAGES]
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
    from playwright.sync_api import sync_playwright

    builds: dict[str, list[float]] = {"edition cold": [], "edition cached": [], "baseline cold": []}
    with tempfile.TemporaryDirectory(prefix="kz-bench-") as tmp:
        tmp = Path(tmp)
        stock_html = stock_book(tmp)
        print(f"stock book built: {stock_html}", flush=True)
        if args.quick:
            timed_build(tmp / "edition-0")
            with sync_playwright() as pw:
                browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                lighter = lighter_pages(browser, tmp / "edition-0" / "_build" / "html", stock_html, tmp)
                browser.close()
            info["load average at end"] = " ".join(f"{x:.1f}" for x in os.getloadavg())
            text = quick_report(info, *lighter)
            output.parent.mkdir(parents=True, exist_ok=True)
            output.write_text(text, encoding="utf-8")
            print(text)
            print(f"\nwrote {output}")
            return
        for i in range(args.repeat):
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
        edition_html, baseline_html = (
            tmp / "edition-0" / "_build" / "html",
            tmp / "baseline" / "_build" / "html",
        )
        pages = quality.site_pages(edition_html)
        pages = [CHAPTER, LANDING] + [p for p in pages if p not in (CHAPTER, LANDING)]
        pairs = [(CHAPTER, p) for p in pages if p != CHAPTER] + [(LANDING, CHAPTER)]

        results = {}
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for name, html in (("edition", edition_html), ("baseline", baseline_html)):
                with serve(html) as base:
                    site = Site(base, browser)
                    first = {p: site.visit(p)[0] for p in pages}
                    second = {(a, b): site.visit(a, b)[1] for a, b in pairs}
                results[name] = (first, second)
                print(f"{name}: chapter first load {kib(first[CHAPTER].total()[1])} gzip", flush=True)
            lighter = lighter_pages(browser, edition_html, stock_html, tmp)
            browser.close()
        run_control = bench_run_cells.section(bench_run_cells.measure(edition_html))
        print(run_control, flush=True)
    cells = cell_times()
    with tempfile.TemporaryDirectory(prefix="kz-envs-") as tmp:
        environments = environment_sizes(Path(tmp))
    info["load average at end"] = " ".join(f"{x:.1f}" for x in os.getloadavg())
    text = report(
        info, *results["edition"], *results["baseline"], builds, cells, args.repeat, environments, lighter
    )
    text = text.rstrip("\n") + "\n\n" + run_control
    if output.exists():  # the test suite's section, from make bench-tests
        text = bench_tests.keep_section(output.read_text(encoding="utf-8"), text)
    output.write_text(text, encoding="utf-8")
    print(text)
    print(f"\nwrote {output}")


if __name__ == "__main__":
    main(sys.argv[1:])
