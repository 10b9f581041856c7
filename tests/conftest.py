"""Shared fixtures: one strict build per test session, a loopback server and
headless Debian chromium.

The strict build is itself a test (``test_build.py``); every test that reads
the built site depends on the same session fixture, so the book is built once.
Set ``KZ_REUSE_BUILD=1`` to reuse an existing ``_build/html`` while iterating
locally (CI never sets it).

The build is made as the workflow makes it, with ``EDITION_REPOSITORY`` and
``EDITION_SITE_URL`` set: the site address is the loopback server the tests
start on :data:`SITE_PORT`, so a notebook downloaded from a page fetches the
edition from this very build.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import pytest

from kzedition.paths import BUILD_HTML, ROOT
from tools import browser as browser_tools
from tools.browser import CHROMIUM, CHROMIUM_ARGS, LoadedPage, free_port, serve
from tools.build import build_site

#: The repository the test build's launch links name (no such repository is contacted).
TEST_REPOSITORY = "https://github.com/giswatch-editions/kazakhstan-2011"
SITE_PORT = int(os.environ.get("KZ_SITE_PORT") or free_port())
SITE_URL = f"http://127.0.0.1:{SITE_PORT}"
BUILD_ENV = {"EDITION_REPOSITORY": TEST_REPOSITORY, "EDITION_SITE_URL": SITE_URL}


@dataclass
class Build:
    """Outcome of the strict build: exit status, full log, output folder."""

    returncode: int
    log: str
    html: Path


@pytest.fixture(scope="session")
def build() -> Build:
    """Build the book strictly (``-W -n``) once per session, as ``make book`` does."""
    if os.environ.get("KZ_REUSE_BUILD") == "1" and (BUILD_HTML / "index.html").exists():
        return Build(0, "(reused existing build; set KZ_SITE_PORT to the port it was built for)", BUILD_HTML)
    status, log = build_site(ROOT / "_build", env=BUILD_ENV, echo=False)
    (ROOT / "_build" / "build.log").write_text(log)
    return Build(status, log, BUILD_HTML)


@pytest.fixture(scope="session")
def site(build: Build) -> Path:
    """The built HTML folder; fails (never skips) when the build failed."""
    assert build.returncode == 0, "strict build failed:\n" + build.log[-4000:]
    return build.html


@pytest.fixture(scope="session")
def server(site: Path):
    """Serve the built site on 127.0.0.1 (a free port); yields the base URL."""
    with serve(site, SITE_PORT) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    """Headless Debian chromium through Playwright (no browser download)."""
    if not Path(CHROMIUM).exists():
        pytest.fail(
            "Debian's chromium is missing: run 'make test' (it installs it) or 'apt-get install chromium'"
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def open_page(browser, server):
    """Open ``path`` of the served site; record console errors and requests."""
    contexts = []

    def _open(path: str, wait_for: str | None = None, **options) -> LoadedPage:
        """``options``: those of :func:`tools.browser.open_page` (viewport, mobile, wait_drawn, ...)."""
        loaded = browser_tools.open_page(browser, f"{server}/{path}", wait_for=wait_for, **options)
        contexts.append(loaded.page.context)
        return loaded

    yield _open
    for context in contexts:
        context.close()
