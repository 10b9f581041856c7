"""Debian's headless chromium, as every part of the project starts and uses it.

Tests, the PDF print and the benchmarks use these; no browser is ever
downloaded. The flags keep chromium from reaching out on its own (component
updates, background networking), which this offline machine would refuse.

- :func:`serve` serves a built site on the loopback, optionally compressing
  text responses with gzip as a static host does; :func:`free_port`;
- :func:`open_page` opens a page, records its console errors and requests
  (optionally blocking every request that would leave the machine) and
  waits until it is quiet (:func:`wait_until_quiet`) and, if asked, until
  every chart is drawn (:data:`ALL_DRAWN`);
- :func:`is_local` tells whether a URL stays on this machine.
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


#: Content types a static host (GitHub Pages, nginx ``gzip_types``) sends compressed.
GZIP_TYPES = ("text/", "application/javascript", "application/json", "image/svg+xml")


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


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now (for a server started later)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def serve(directory: Path, port: int = 0, compress: bool = False) -> Iterator[str]:
    """Serve ``directory`` on 127.0.0.1 (``port``, or a free one) in a thread; yields the base URL.

    With ``compress``, text responses are gzip-compressed for clients that accept it (:class:`_GzipHandler`).
    """
    handler = functools.partial(_GzipHandler if compress else _QuietHandler, directory=str(directory))
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
) -> LoadedPage:
    """Open ``url`` in a new context of ``browser`` and wait until the page is quiet.

    Records console errors and every request; with ``block_outside`` a
    request that would leave the machine is aborted before it goes (and
    recorded in ``outside``). ``wait_for`` is a selector to wait for,
    ``wait_drawn`` waits until every chart is drawn. The caller closes
    ``loaded.page.context``.
    """
    context = browser.new_context(color_scheme=color_scheme, service_workers="block")
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
        page.wait_for_function(ALL_DRAWN, timeout=timeout_ms)
    wait_until_quiet(page, inflight)
    return loaded
