"""Real tools behind the quality gates (``tests/test_quality.py``) and ``make bench``.

Nothing here greps HTML for problems: accessibility is axe-core run inside
headless Chromium, HTML validity is the Nu validator (``vnu.jar``), links
are checked by LinkChecker. The npm packages come from ``package.json`` /
``package-lock.json`` (``tests/ensure-quality-tools.sh`` runs ``npm ci``).
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from kzedition.notebook_export import toc_sources
from kzedition.paths import ROOT

NODE_MODULES = ROOT / "node_modules"
AXE_JS = NODE_MODULES / "axe-core" / "axe.min.js"
VNU_JAR = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
PLOTLY_BASIC_JS = NODE_MODULES / "plotly.js-basic-dist-min" / "plotly-basic.min.js"
INSTALL_HINT = (
    "run 'bash tests/ensure-quality-tools.sh java' (make test does) to install the pinned npm packages"
)

#: Pages the theme adds to every book besides the toc: the search page (the
#: search form's target, reached without JavaScript) and the general index
#: (linked from every page's ``<link rel="index">``). They are checked like
#: every other page: readers can land on them.
THEME_PAGES = ("search.html", "genindex.html")
#: The page a static host serves for a missing address (sphinx-notfound-page). Its
#: links start at the site's path (``/index.html``), so that it works at any depth:
#: checked like the others, but its links only on a served site
#: (``tests/test_found.py``), not as files by LinkChecker.
NOT_FOUND_PAGE = "404.html"


def require(path: Path) -> Path:
    """``path``, or a failure that says how to install the npm packages."""
    if not path.is_file():
        raise FileNotFoundError(f"{path} is missing: {INSTALL_HINT}")
    return path


def npm_version(package: str) -> str:
    """The installed version of an npm package of ``node_modules``."""
    return json.loads((NODE_MODULES / package / "package.json").read_text(encoding="utf-8"))["version"]


def toc_pages(root: Path = ROOT) -> list[str]:
    """The HTML pages of the book, from ``_toc.yml``, plus the theme's pages: the English
    edition's at the site's root, then the same paths in each other edition's folder (``ru/``)."""
    from kzedition.discovery import language_prefix
    from kzedition.i18n import LANGUAGES

    pages = [str(Path(f).with_suffix(".html")) for f in toc_sources(root)] + [*THEME_PAGES, NOT_FOUND_PAGE]
    return [language_prefix(lang) + page for lang in LANGUAGES for page in pages]


def site_pages(site: Path) -> list[str]:
    """Every HTML page of a built site, relative to it (theme files under ``_static`` are not pages)."""
    return sorted(
        p.relative_to(site).as_posix()
        for p in site.rglob("*.html")
        if "_static" not in p.relative_to(site).parts
    )


# --- accessibility -------------------------------------------------------------

#: axe.run options: every rule axe-core ships (WCAG 2.x A/AA and best practices).
AXE_RUN = "async () => await axe.run(document, {resultTypes: ['violations']})"
BLOCKING_IMPACTS = ("serious", "critical")


def axe_violations(page, impacts=BLOCKING_IMPACTS) -> list[dict]:
    """Run axe-core in a loaded Playwright page; the violations of the given impacts.

    axe is evaluated through the DevTools protocol, not added as an inline
    ``<script>``: the pages' Content-Security-Policy refuses inline scripts
    (kzedition.sphinxext.csp), and the test's tool is not the page's code.
    """
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(require(AXE_JS).read_text(encoding="utf-8") + "\n;true")
    result = page.evaluate(AXE_RUN)
    return [v for v in result["violations"] if v["impact"] in impacts]


def describe_violations(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"{v['impact']} {v['id']}: {v['help']} ({v['helpUrl']})")
        for node in v["nodes"][:5]:
            lines.append(f"    {node['target']}: {node['html'][:160]!r}")
            lines.append(f"      {node['failureSummary'][:300]!r}")
    return "\n".join(lines)


# --- HTML validity ---------------------------------------------------------------


def nu_validate(files: list[Path]) -> list[dict]:
    """Errors of the Nu HTML validator (``vnu.jar --errors-only``) for ``files``."""
    java = shutil.which("java")
    if java is None:
        raise FileNotFoundError(f"java is missing: {INSTALL_HINT}")
    proc = subprocess.run(
        [
            java,
            "-jar",
            str(require(VNU_JAR)),
            "--skip-non-html",
            "--errors-only",
            "--format",
            "json",
            *map(str, files),
        ],
        capture_output=True,
        text=True,
    )
    report = json.loads(proc.stderr or '{"messages": []}')  # vnu writes its JSON report to stderr
    return [m for m in report["messages"] if m.get("type") in ("error", "non-document-error")]


# --- links -----------------------------------------------------------------------

LINKCHECKER_CONFIG = """\
[checking]
threads=4
[filtering]
checkextern=0
[AnchorCheck]
"""


def _world_readable(site: Path) -> list[str]:
    """Paths under (and above) ``site`` that the user 'nobody' could not read."""
    bad = [str(d) for d in [site, *site.parents] if not d.stat().st_mode & 0o001]
    for path in site.rglob("*"):
        mode = path.stat().st_mode
        if not mode & 0o004 or (path.is_dir() and not mode & 0o001):
            bad.append(str(path))
    return bad


def check_links(site: Path, pages: list[str]) -> list[dict]:
    """Broken links and anchors that LinkChecker finds in the built files of ``site``.

    Every page is a start URL (``file://``); every ``href`` and ``src`` of the
    site's own files is followed, and ``[AnchorCheck]`` checks each
    ``#fragment`` against the ids of its target. Addresses outside the site
    (``http(s)``, ``mailto``, ...) are ignored: the machine is offline and
    the sources page lists them with archived copies. Each problem is a row
    of LinkChecker's CSV output (url, parent page, line, result, warning).

    Run as root, LinkChecker drops its privileges to the user 'nobody', so the
    site must be world-readable: that is checked first, with a clear message.
    """
    if os.geteuid() == 0:
        unreadable = _world_readable(site)
        if unreadable:
            raise PermissionError(
                "LinkChecker runs as 'nobody' and cannot read: "
                f"{unreadable[:5]} (chmod -R o+rX, or build with umask 022)"
            )
    with tempfile.TemporaryDirectory() as tmp:
        os.chmod(tmp, 0o755)
        config = Path(tmp) / "linkcheckerrc"
        config.write_text(LINKCHECKER_CONFIG)
        config.chmod(0o644)
        linkchecker = Path(sys.executable).parent / "linkchecker"
        proc = subprocess.run(
            [
                str(linkchecker),
                "--config",
                str(config),
                "--no-status",
                "--output",
                "csv",
                "--ignore-url",
                "^(?!file:)",
                *((site / p).as_uri() for p in pages if p != NOT_FOUND_PAGE),
            ],
            capture_output=True,
            text=True,
        )
    # comment lines start with "# "; a same-page link's row starts with "#anchor"
    rows = [
        line
        for line in proc.stdout.splitlines()
        if line and not line.startswith(("# ", "#\t")) and line != "#"
    ]
    if proc.returncode not in (0, 1) or not rows:  # 1 = problems found; anything else is a crash
        raise RuntimeError(f"linkchecker failed ({proc.returncode}):\n{proc.stderr[-3000:]}")
    problems = []
    for row in csv.DictReader(io.StringIO("\n".join(rows)), delimiter=";"):
        if row.get("valid") != "True" or row.get("warningstring"):
            problems.append({k: row.get(k) for k in ("url", "parentname", "line", "result", "warningstring")})
    return problems


# --- builds ----------------------------------------------------------------------


def copy_sources(dest: Path, src: Path = ROOT) -> Path:
    """A copy of the book's sources (no build output, venv, node_modules or git data)."""
    skip = {"_build", ".venv", "node_modules", ".git", ".pytest_cache", "__pycache__", ".ipynb_checkpoints"}
    shutil.copytree(
        src, dest, ignore=lambda d, names: [n for n in names if n in skip or n.endswith(".egg-info")]
    )
    return dest
