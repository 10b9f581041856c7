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
  (without ``kzedition.sphinxext.theme``, so ``fontawesome.js`` is back) and the full
  plotly.js bundle (``kzedition_plotly_bundle = "full"``).
* **Build times.** A cold build (empty output folder and execution cache,
  every notebook executed) and a cached rebuild with no change (the same
  command again), each repeated; the machine is shared, so min and max are
  both reported.
* **Cell execution.** Each notebook page is executed top to bottom with
  nbclient (:func:`kzedition.sphinxext.notebooks.execute`); the time of its cells
  (nbclient's per-cell timestamps) and the wall time with kernel start-up.

Run ``python -m tools.bench [--repeat N] [--output BENCHMARKS.md]``.
"""

from __future__ import annotations

import argparse
import base64
import datetime as dt
import gzip
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
from tools import build, quality
from tools.browser import ALL_DRAWN, CHROMIUM, CHROMIUM_ARGS, serve

KIB, MIB = 1024, 1024 * 1024
CHAPTER = "chapters/kazakhstan.html"
LANDING = "index.html"
KINDS = ("html", "js", "css", "fonts", "data/images")
#: Targets of the edition (bytes, or a fraction of the cold build time).
TARGETS = {
    "chapter_first_gzip": 1 * MIB,
    "second_page_new": 150 * KIB,
    "cached_fraction": 0.2,
    "cells_seconds": 5.0,
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
    """The book's ``_config.yml`` with the weight levers off: stock theme, full plotly.js."""
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    sphinx = config.setdefault("sphinx", {})
    sphinx["extra_extensions"] = [
        e for e in sphinx.get("extra_extensions", []) if e != "kzedition.sphinxext.theme"
    ]
    sphinx.setdefault("config", {})["kzedition_plotly_bundle"] = "full"
    dest.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return dest


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

    def visit(self, *paths: str) -> list[Load]:
        """Load ``paths`` one after the other in one fresh browser context (one cache)."""
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


def report(info, first, second, base_first, base_second, builds, cells, repeat, environments) -> str:
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
        "Page bytes are what Chromium received from a local server (uncompressed: the gzip column "
        "compresses each text response with gzip -9, as a static host such as GitHub Pages would "
        "send it; fonts and images count raw). The baseline is the same book with the weight "
        "levers off: the stock theme (with `fontawesome.js`) and the full plotly.js bundle.",
        "",
        "## Machine",
        "",
        "| | |",
        "|---|---|",
    ]
    out += [f"| {k} | {v} |" for k, v in info.items()]
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
        "## First load of each page (empty cache)",
        "",
    ]
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


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--repeat", type=int, default=2, help="cold and cached builds of the edition (default 2)"
    )
    parser.add_argument("--output", type=Path, default=ROOT / "BENCHMARKS.md")
    args = parser.parse_args(argv)
    info = machine()
    print("machine:", info, flush=True)
    builds: dict[str, list[float]] = {"edition cold": [], "edition cached": [], "baseline cold": []}
    with tempfile.TemporaryDirectory(prefix="kz-bench-") as tmp:
        tmp = Path(tmp)
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
        from playwright.sync_api import sync_playwright

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
            browser.close()
    cells = cell_times()
    with tempfile.TemporaryDirectory(prefix="kz-envs-") as tmp:
        environments = environment_sizes(Path(tmp))
    info["load average at end"] = " ".join(f"{x:.1f}" for x in os.getloadavg())
    text = report(info, *results["edition"], *results["baseline"], builds, cells, args.repeat, environments)
    args.output.write_text(text, encoding="utf-8")
    print(text)
    print(f"\nwrote {args.output}")


if __name__ == "__main__":
    main(sys.argv[1:])
