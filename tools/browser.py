"""Debian's headless chromium, as every part of the project starts and uses it.

Tests, the PDF print and the benchmarks use these; no browser is ever
downloaded. The flags keep chromium from reaching out on its own (component
updates, background networking), which this offline machine would refuse.

- :func:`serve` serves a built site on the loopback, optionally compressing
  text responses with gzip as a static host does; :func:`free_port`;
- :func:`open_page` opens a page, records its console errors and requests
  (optionally blocking every request that would leave the machine) and
  waits until it is quiet (:func:`wait_until_quiet`) and, if asked, draws
  every chart (:data:`DRAW_ALL`) and waits until all are (:data:`ALL_DRAWN`);
- :func:`is_local` tells whether a URL stays on this machine;
- :func:`chart_layout_problems` measures the drawn charts of a page: wider
  than the screen, texts cut off, overlapping, covered or too small
  (``tools/js/layout.js``);
- :func:`script` reads a JavaScript function of ``tools/js/`` (or ``tests/js/``).
"""

from __future__ import annotations

import contextlib
import functools
import gzip
import http.server
import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}
LOCAL_SCHEMES = {"data", "blob", "about"}

#: A chart of the edition, and the element plotly.js draws into it.
CHART = "figure.kz-chart"
DRAWN = "div.js-plotly-plot svg.main-svg"
#: JavaScript for ``page.wait_for_function``: true once every chart of the page is drawn.
ALL_DRAWN = f"() => [...document.querySelectorAll('{CHART}')].every(f => f.querySelector('{DRAWN}'))"
#: JavaScript for ``page.evaluate``: draw every chart now, as a reader who
#: scrolls through the page would (pages draw a chart when it nears the viewport).
DRAW_ALL = "() => window.kzCharts ? window.kzCharts.drawAll().then(() => true) : false"
#: The JavaScript files of the tools (:func:`script`).
JS = Path(__file__).parent / "js"


@functools.cache
def script(name: str, folder: Path = JS) -> str:
    """The JavaScript of ``<folder>/<name>.js``, for ``page.evaluate``.

    Each file holds one function expression (after comment lines): the
    pages' Content-Security-Policy forbids evaluating strings, and Playwright
    calls a function without doing so. Tests keep theirs in ``tests/js/``.
    """
    return (folder / f"{name}.js").read_text(encoding="utf-8").strip()


def is_local(url: str) -> bool:
    """Whether loading ``url`` stays on this machine."""
    parts = urlsplit(url)
    if parts.scheme in LOCAL_SCHEMES:
        return True
    return parts.scheme in {"http", "https", "ws", "wss"} and parts.hostname in LOCAL_HOSTS


def wait_until_quiet(page, inflight: set, quiet: float = 0.5, timeout: float = 20.0) -> None:
    """Return once no request of ``page`` has been in flight for ``quiet`` seconds.

    ``inflight`` is kept by the caller from the page's ``request``,
    ``requestfinished`` and ``requestfailed`` events. Playwright's own
    ``networkidle`` can hang for good on pages whose blocking script runs
    longer than 500 ms (it fires early, then is withdrawn at ``load``:
    microsoft/playwright#42598, "discouraged" by its maintainers).
    """
    deadline = time.monotonic() + timeout
    quiet_since = None
    while time.monotonic() < deadline:
        if inflight:
            quiet_since = None
        elif quiet_since is None:
            quiet_since = time.monotonic()
        elif time.monotonic() - quiet_since >= quiet:
            return
        page.wait_for_timeout(50)  # lets Playwright dispatch request events
    raise TimeoutError(f"requests still in flight after {timeout} s: {[r.url for r in inflight]}")


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:  # keep test and tool output readable
        pass


#: Content types a static host (GitHub Pages, nginx ``gzip_types``) sends compressed;
#: WebAssembly too (the in-page Python's interpreter; wheels and zips are compressed already).
GZIP_TYPES = ("text/", "application/javascript", "application/json", "image/svg+xml", "application/wasm")


@functools.lru_cache(maxsize=512)
def _gzipped(path: str, mtime_ns: int) -> bytes:
    with open(path, "rb") as f:
        return gzip.compress(f.read(), 9, mtime=0)


class _GzipHandler(_QuietHandler):
    """Text responses with ``Content-Encoding: gzip`` when the client accepts it.

    Python's ``http.server`` sends every file as it is; measured through it,
    page weights and Lighthouse scores would be those of an uncompressed
    host. Level 9, as the benchmarks' own gzip sizes; fonts and images,
    already compressed, go as they are.
    """

    def do_GET(self) -> None:
        if not self._send_gzipped(body=True):
            super().do_GET()

    def do_HEAD(self) -> None:
        if not self._send_gzipped(body=False):
            super().do_HEAD()

    def _send_gzipped(self, body: bool) -> bool:
        path = self.translate_path(self.path)
        ctype = self.guess_type(path)
        accepts = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (accepts and os.path.isfile(path) and ctype.startswith(GZIP_TYPES)):
            return False
        data = _gzipped(path, os.stat(path).st_mtime_ns)
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Vary", "Accept-Encoding")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if body:
            self.wfile.write(data)
        return True


class _NotFoundPageHandler(_QuietHandler):
    """A missing file is answered with the site's ``404.html`` and status 404, as static hosts do."""

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now (for a server started later)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def serve(
    directory: Path, port: int = 0, compress: bool = False, not_found_page: bool = False
) -> Iterator[str]:
    """Serve ``directory`` on 127.0.0.1 (``port``, or a free one) in a thread; yields the base URL.

    With ``compress``, text responses are gzip-compressed for clients that accept it (:class:`_GzipHandler`);
    with ``not_found_page``, a missing file gets the site's ``404.html`` (:class:`_NotFoundPageHandler`).
    """
    kind = _GzipHandler if compress else _NotFoundPageHandler if not_found_page else _QuietHandler
    handler = functools.partial(kind, directory=str(directory))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


@dataclass
class LoadedPage:
    """A page opened in chromium with what it logged and requested."""

    page: object
    console_errors: list = field(default_factory=list)
    requests: list = field(default_factory=list)
    outside: list = field(default_factory=list)  #: requests for other hosts (aborted when blocked)


def open_page(
    browser,
    url: str,
    *,
    color_scheme: str = "light",
    block_outside: bool = False,
    wait_for: str | None = None,
    wait_drawn: bool = False,
    timeout_ms: int = 20000,
    viewport: tuple[int, int] | None = None,
    mobile: bool = False,
    javascript: bool = True,
) -> LoadedPage:
    """Open ``url`` in a new context of ``browser`` and wait until the page is quiet.

    Records console errors and every request; with ``block_outside`` a
    request that would leave the machine is aborted before it goes (and
    recorded in ``outside``). ``wait_for`` is a selector to wait for,
    ``wait_drawn`` draws every chart and waits until all are drawn.
    ``viewport`` is (width, height) in CSS pixels; ``mobile`` emulates a
    phone (mobile viewport, touch, device scale 2); ``javascript=False``
    reads the page as a reader without JavaScript. The caller closes
    ``loaded.page.context``.
    """
    options = {"viewport": {"width": viewport[0], "height": viewport[1]}} if viewport else {}
    if mobile:
        options.update(is_mobile=True, has_touch=True, device_scale_factor=2)
    context = browser.new_context(
        color_scheme=color_scheme, service_workers="block", java_script_enabled=javascript, **options
    )
    page = context.new_page()
    loaded = LoadedPage(page)
    if block_outside:

        def route(r) -> None:
            if is_local(r.request.url):
                r.continue_()
            else:
                loaded.outside.append(r.request.url)
                r.abort("blockedbyclient")

        context.route("**/*", route)
    page.on("console", lambda m: loaded.console_errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: loaded.console_errors.append(str(e)))
    inflight: set = set()
    page.on("request", lambda r: (loaded.requests.append(r.url), inflight.add(r)))
    page.on("requestfinished", lambda r: inflight.discard(r))
    page.on("requestfailed", lambda r: inflight.discard(r))
    page.goto(url, wait_until="load")
    if wait_for:
        page.wait_for_selector(wait_for, timeout=timeout_ms)
    if wait_drawn:
        page.evaluate(DRAW_ALL)
        page.wait_for_function(ALL_DRAWN, timeout=timeout_ms)
    wait_until_quiet(page, inflight)
    return loaded


# --- chart layout ------------------------------------------------------------


def chart_layout_problems(page, min_font_px: float = 11) -> list[str]:
    """What a reader would see wrong in the drawn charts of ``page``, as sentences.

    Every ``figure.kz-chart`` whose plot is drawn (:data:`CHART`,
    :data:`DRAWN`) is measured in the page as laid out now (call it after
    the charts are drawn, at the viewport to check):

    - the chart is wider than the viewport, or runs off its left or right edge
      (on a phone the reader would have to scroll sideways or not see it);
    - a visible text (plotly's ``svg text``; the modebar and hover labels are
      not checked) lies more than 1 px outside the chart's main svg, where it
      is cut off;
    - two visible texts overlap by more than 2 px in both directions. Each
      line of a multi-line text is its own box (their union would cover the
      space beside the shorter lines), turned as the text is (a rotated tick
      label is not its upright bounding box);
    - a text lies under plotly's modebar while the modebar is shown (on a
      touch screen, always; on a desktop, only while the pointer is over
      the chart, so not in a test);
    - a bar drawn after a text covers it (a grouped bar's outside text
      wider than its bar, under the next trace's bar). A bar's own text may
      sit on the bar;
    - a text is drawn smaller than ``min_font_px``: its computed font size
      times the scale of the transforms above it (plotly scales a bar text
      down to fit inside its bar).

    Each problem names the chart (its ``data-chart``), the text and the
    measurement, so a failing test says what to fix. An empty list means
    none was found.
    """
    return page.evaluate(script("layout"), [CHART, DRAWN, min_font_px, 1.0, 2.0])
