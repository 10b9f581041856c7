"""Debian's headless chromium, as every part of the project starts it.

Tests, the PDF print and the benchmarks use these; no browser is ever
downloaded. The flags keep chromium from reaching out on its own (component
updates, background networking), which this offline machine would refuse.
"""

import contextlib
import functools
import http.server
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


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


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now (for a server started later)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def serve(directory: Path, port: int = 0) -> Iterator[str]:
    """Serve ``directory`` on 127.0.0.1 (``port``, or a free one) in a thread; yields the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()
