"""What ``make bench`` measures: page weight, build and execution times, environments.

Measured, not estimated, on the machine it runs on (:func:`machine` describes it):

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
  A **stock Jupyter Book 1 book** (``jupyter-book create``) is built beside it
  for the first view and Lighthouse (:mod:`tools.bench_lighthouse`).
* **Build times.** A cold build (empty output folder and execution cache,
  every notebook executed) and a cached rebuild with no change (the same
  command again), each repeated; the machine is shared, so min and max are
  both reported.
* **Cell execution.** Each notebook page is executed top to bottom with
  nbclient (:func:`kzedition.notebook_export.execute`); the time of its cells
  (nbclient's per-cell timestamps) and the wall time with kernel start-up.
* **First view** (the targets of issue 13): the bytes a page loads before
  the reader scrolls (``load`` and no request for 0.7 s; charts are not
  waited for), gzip as above.
* **Environments.** Size on disk and install time of a fresh venv for each
  requirements file (:data:`ENVIRONMENTS`).

:mod:`tools.bench` runs these; :mod:`tools.bench_report` writes them down.
"""

from __future__ import annotations

import base64
import datetime as dt
import gzip
import os
import platform
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from kzedition import notebook_export
from kzedition.paths import ROOT
from tools import build
from tools.browser import ALL_DRAWN, CHROMIUM, DRAW_ALL, serve

KIB, MIB = 1024, 1024 * 1024
CHAPTER = "chapters/kazakhstan.html"
LANDING = "index.html"
TEXT_PAGE = "chapters/dedication.html"
KINDS = ("html", "js", "css", "fonts", "data/images")
#: The extensions the naive baseline leaves out (the theme as the stock theme ships it).
THEME_LEVERS = ("kzedition.sphinxext.theme", "kzedition.sphinxext.icons")

#: The environments a reader, a student and a maintainer install, by requirements file.
ENVIRONMENTS = {
    "book (`make book`, .venv)": "requirements.txt",
    "book + test tools (`make test`, .venv)": "requirements-dev.txt",
    "students (`make lab`, .venv-lab)": "requirements-lab.txt",
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
        total = int(meminfo.read_text().split("MemTotal:", 1)[1].split()[0])  # KiB
        ram = f"{total / MIB:.1f} GiB"
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
        "load average at start": load_average(),
    }


def load_average() -> str:
    """The machine's 1-, 5- and 15-minute load averages, as the report writes them."""
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


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


def add_translated_editions(site: Path, tmp: Path) -> None:
    """Build each translated edition (Russian) and put it in ``site/<folder>``, as ``make book``
    publishes it, so the pages of both languages are measured; its build time is printed."""
    import shutil

    from tools import editions

    for edition in editions.EDITIONS[1:]:
        out = tmp / f"edition-{edition.language}"
        started = time.perf_counter()
        config, toc = editions.config_file(edition, out), editions.toc_file(edition, out)
        proc = build.build_book(ROOT, out, config, edition.env, toc=toc)
        if proc.returncode != 0:
            raise RuntimeError(f"the {edition.language} edition's build failed:\n{proc.stdout[-3000:]}")
        print(f"{edition.language} edition build: cold {time.perf_counter() - started:.1f} s", flush=True)
        shutil.copytree(out / "_build" / "html", site / edition.folder, dirs_exist_ok=True)
        build.merge_headers(site, edition.folder)


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
        cdp, state = _record_network(context, page)
        loads = []
        for path in paths:
            state["seen"] = seen = {}
            page.goto(f"{self.base}/{path}", wait_until="load")
            if wait_drawn:  # as a reader who scrolls to every chart: plotly.js and all images
                page.evaluate(DRAW_ALL)
                page.wait_for_function(ALL_DRAWN, timeout=30000)
            _settle(page, seen)
            loads.append(self._load(path, cdp, seen))
        context.close()
        return loads

    def _load(self, path: str, cdp, seen: dict[str, dict]) -> Load:
        """The responses ``seen`` while ``path`` loaded, their bodies read through ``cdp``."""
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
        return load


def _record_network(context, page) -> tuple[object, dict]:
    """A DevTools session on ``page`` whose network events fill ``state["seen"]`` (request id -> what is known)."""
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
    return cdp, state


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


def page_weights(browser, html: Path, pages: list[str], pairs: list[tuple[str, str]]) -> tuple[dict, dict]:
    """First loads of ``pages`` and second loads of ``pairs`` (every chart drawn), the site served raw."""
    with serve(html) as base:
        site = Site(base, browser)
        first = {p: site.visit(p)[0] for p in pages}
        second = {(a, b): site.visit(a, b)[1] for a, b in pairs}
    return first, second


def measure_first_views(browser, html: Path, pages: list[str]) -> dict[str, Load]:
    """The first view (before scrolling) of each of ``pages``, the site served with gzip."""
    with serve(html, compress=True) as base:
        site = Site(base, browser)
        return {p: site.visit(p, wait_drawn=False)[0] for p in pages}


def kib(n: float) -> str:
    return f"{n / KIB:,.0f} KiB"


# --- cells ----------------------------------------------------------------------------


def cell_times() -> list[tuple[str, float, float]]:
    """(page, seconds of its cells, wall seconds with kernel start) for each notebook page."""
    rows = []
    for page in notebook_export.NOTEBOOK_PAGES:
        started = time.perf_counter()
        executed = notebook_export.execute(ROOT / page)
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


# --- environments ---------------------------------------------------------------------


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
