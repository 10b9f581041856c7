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

**In parallel** (``pytest -n 2``, pytest-xdist; ``make test`` runs it so):
the workers share that one build. The first worker that needs it builds it
under a file lock, the others wait on the lock and read its outcome
(:func:`once_per_run`); the controller serves ``_build/html`` on
:data:`SITE_PORT` for every worker (a port the workers inherit through
``KZ_SITE_PORT``). Tests are handed out by module (``--dist loadscope``,
the longest modules first, :data:`LONG_FIRST`, then those with the most
tests), so a module's own fixtures (the
PDF, the EPUB, the chapter page the Run control's tests share) are made
once, on one worker, and its tests run in their order.

**Extensions on small sites.** Sphinx's own test fixtures
(``sphinx.testing.fixtures``: ``app``, ``make_app``) build the tiny source
trees of ``tests/sites/test-<name>/`` with ``@pytest.mark.sphinx("html",
testroot="<name>")``; :func:`snapshot` compares what they write with the
files of ``tests/sites/snapshots/``.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import shutil
import tempfile
import traceback
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

import pytest

from kzedition.paths import BUILD_HTML, ROOT
from tools import browser as browser_tools
from tools.browser import CHROMIUM, CHROMIUM_ARGS, LoadedPage, free_port, serve
from tools.build import build_site

#: The repository the test build's launch links name (no such repository is contacted).
TEST_REPOSITORY = "https://github.com/giswatch-editions/kazakhstan-2011"
SITE_PORT = int(os.environ.get("KZ_SITE_PORT") or free_port())
os.environ["KZ_SITE_PORT"] = str(SITE_PORT)  # pytest-xdist's workers start with this environment
SITE_URL = f"http://127.0.0.1:{SITE_PORT}"
#: ``gw0``, ``gw1``, … in a pytest-xdist worker; ``None`` in a run without workers.
XDIST_WORKER = os.environ.get("PYTEST_XDIST_WORKER")
#: A folder the controller makes for the run: what the workers make once and share, and its locks.
SHARED_ENV = "KZ_TESTS_SHARED"

pytest_plugins = ("sphinx.testing.fixtures",)  # app, make_app: the extensions on tests/sites/
SITES = Path(__file__).parent / "sites"
SNAPSHOTS = SITES / "snapshots"
BUILD_ENV = {"EDITION_REPOSITORY": TEST_REPOSITORY, "EDITION_SITE_URL": SITE_URL}


@dataclass
class Build:
    """Outcome of the strict build: exit status, full log, output folder."""

    returncode: int
    log: str
    html: Path


#: The modules that take longest, longest first (``pytest --durations``; the
#: build behind ``site`` is started by the second): a parallel run hands them
#: out first, so that none of them starts last and holds the run's end alone
#: (longest processing time first). The others follow, most tests first.
LONG_FIRST = (
    "tests/test_reproducible.py",  # two clean builds of the book
    "tests/test_run_cells.py",  # the session's build, then Pyodide in the page
    "tests/test_epub.py",  # the EPUB built, epubcheck and Ace twice each
    "tests/test_build_stops.py",  # the spreadsheets' round trip: a whole build
    "tests/test_hostile.py",  # two builds from hostile data
    "tests/test_launch.py",  # the downloaded chapter in a fresh virtual environment
    "tests/test_quality.py",  # axe on every page, light and dark
    "tests/test_notebooks.py",  # every page run as a plain notebook
    "tests/test_csp.py",
    "tests/test_pdf.py",  # the single-page build, printed
    "tests/test_links.py",  # LinkChecker over the site
    "tests/test_template.py",  # the template's strict build
)


def pytest_configure(config: pytest.Config) -> None:
    """In the controller: the folder the workers share (before they start, so they inherit it).

    Under ``--dist loadscope`` the modules go out in the order of the
    collection (:func:`pytest_collection_modifyitems`), not xdist's own
    (most tests first), which would leave the long modules of few tests last.
    """
    if XDIST_WORKER is None and not os.environ.get(SHARED_ENV):
        config._kz_shared = tempfile.mkdtemp(prefix="kz-tests-")
        os.environ[SHARED_ENV] = config._kz_shared
    if getattr(config.option, "dist", "no") == "loadscope":
        config.option.loadscopereorder = False


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """In a parallel run: :data:`LONG_FIRST` first, then the other modules, most tests first.

    A module's own tests keep their order; a run without workers keeps the
    collection as it is.
    """
    if XDIST_WORKER is None:
        return
    modules: dict[str, list[pytest.Item]] = {}
    for item in items:
        modules.setdefault(item.nodeid.split("::", 1)[0], []).append(item)
    rank = {name: i for i, name in enumerate(LONG_FIRST)}
    order = sorted(modules, key=lambda m: (rank.get(m, len(rank)), -len(modules[m])))
    items[:] = [item for module in order for item in modules[module]]


def pytest_sessionstart(session: pytest.Session) -> None:
    """In the controller of a parallel run: the in-page Python's files, then serve ``_build/html``.

    Every build assembles the Run control's runtime into ``_build/runtime/`` when
    it is not there yet (a fresh clone); assembled here, before the workers start,
    builds that run at the same time find it ready instead of fetching it side by
    side. A runtime that cannot be had is left for the build to report.
    """
    if XDIST_WORKER is None and session.config.pluginmanager.has_plugin("dsession"):
        from kzedition.sphinxext import pyodide_runtime, run_cells

        with contextlib.suppress(Exception):  # a wrong setting too: the build names it
            if run_cells.enabled(os.environ):
                pyodide_runtime.assemble()
        session.config._kz_server = contextlib.ExitStack()
        session.config._kz_server.enter_context(serve(BUILD_HTML, SITE_PORT))


def pytest_unconfigure(config: pytest.Config) -> None:
    server = getattr(config, "_kz_server", None)
    if server is not None:
        server.close()
    shared = getattr(config, "_kz_shared", None)
    if shared is not None:
        shutil.rmtree(shared, ignore_errors=True)
        os.environ.pop(SHARED_ENV, None)


def once_per_run(name: str, make: Callable[[], dict]) -> dict:
    """``make()`` once per test run, whichever worker asks first; the others wait and get its result.

    ``make`` returns what JSON can hold. Without workers it is just ``make()``
    (a session fixture already makes it once). In a parallel run the first
    caller makes it under a lock on ``<name>.lock`` in the run's shared
    folder and writes ``<name>.json``; a caller that gets the lock after it
    reads that file. A ``make`` that raised is raised again, as a failure, in
    every worker that asks.
    """
    shared = os.environ.get(SHARED_ENV)
    if XDIST_WORKER is None or not shared:
        return make()
    result = Path(shared) / f"{name}.json"
    with open(Path(shared) / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
        if not result.exists():
            try:
                value = {"value": make()}
            except Exception:  # every worker that asks must see the failure
                value = {"error": traceback.format_exc()}
            result.write_text(json.dumps(value), encoding="utf-8")
        value = json.loads(result.read_text(encoding="utf-8"))
    if "error" in value:
        pytest.fail(f"{name}, made once for every worker, failed: {value['error']}")
    return value["value"]


def _strict_build() -> dict:
    status, log = build_site(ROOT / "_build", env=BUILD_ENV, echo=False)
    (ROOT / "_build" / "build.log").write_text(log)
    return {**asdict(Build(status, log, BUILD_HTML)), "html": str(BUILD_HTML)}


@pytest.fixture(scope="session")
def build() -> Build:
    """Build the book strictly (``-W -n``) once per session (per run, in parallel), as ``make book`` does."""
    if os.environ.get("KZ_REUSE_BUILD") == "1" and (BUILD_HTML / "index.html").exists():
        return Build(0, "(reused existing build; set KZ_SITE_PORT to the port it was built for)", BUILD_HTML)
    outcome = once_per_run("build", _strict_build)
    return Build(outcome["returncode"], outcome["log"], Path(outcome["html"]))


@pytest.fixture(scope="session")
def site(build: Build) -> Path:
    """The built HTML folder; fails (never skips) when the build failed."""
    assert build.returncode == 0, "strict build failed:\n" + build.log[-4000:]
    return build.html


@pytest.fixture(scope="session")
def server(site: Path):
    """Serve the built site on 127.0.0.1 (a free port); yields the base URL.

    In a parallel run the controller serves it (:func:`pytest_sessionstart`): one port, every worker.
    """
    if XDIST_WORKER is not None:
        yield SITE_URL
        return
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


# --- the extensions on small sites (Sphinx's test fixtures) -------------------------


@pytest.fixture(scope="session")
def rootdir() -> Path:
    """Where Sphinx's ``testroot`` names are found: ``tests/sites/test-<name>``."""
    return SITES


@pytest.fixture
def snapshot() -> Callable[[str, str], None]:
    """``snapshot(name, text)``: ``text`` must equal ``tests/sites/snapshots/<name>``.

    ``KZ_UPDATE_SNAPSHOTS=1`` writes the files instead (review the diff, commit);
    a missing file fails, it is never taken as a pass.
    """

    def check(name: str, text: str) -> None:
        path = SNAPSHOTS / name
        if os.environ.get("KZ_UPDATE_SNAPSHOTS") == "1":
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        assert path.is_file(), f"no snapshot {path}: write it with KZ_UPDATE_SNAPSHOTS=1, review, commit"
        assert text == path.read_text(encoding="utf-8"), f"differs from the snapshot {path}"

    return check
