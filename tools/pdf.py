"""The PDF edition, built offline: ``python -m tools.pdf`` (``make pdf``).

Route: the whole book is built strictly (warnings are errors, nitpicky) as
one HTML page with Sphinx's ``singlehtml`` builder into ``_build/singlehtml``,
served on 127.0.0.1 and printed by Debian's headless Chromium through
Playwright into ``_build/pdf/giswatch2011-kazakhstan.pdf``, with the
edition's print stylesheet ``kzedition/sphinxext/static/print.css`` (A4, page numbers,
one chapter per page, no code cells, no screen furniture). A JSON report
beside the PDF records pages, charts, requests and timings.

* **Charts** are the interactive plotly charts of the HTML edition, drawn by
  the local ``_static/plotly.min.js`` before printing: they print as vector
  graphics (with selectable text) from the same data as the web page, so
  they cannot be stale like a static image. Printing waits until every
  chart is drawn and redraws each at the width of the printed page.
* **Offline**: every request that does not go to the loopback server (or is
  a ``data:``/``blob:`` URL) is aborted and recorded, and then the build fails
  naming it; Chromium also resolves no host name but ``localhost``.
* **Layout**: printing fails if the content is wider than the page, because
  Chromium would then shrink every page to fit it.
* **Build**: the single-page build runs in-process, as ``jupyter-book build``
  does, but with its own doctrees and execution cache in
  ``_build/singlehtml-cache`` (cleared by :mod:`tools.build` when data
  or helpers change), so it never disturbs a concurrent HTML build. The
  ``jupyter-book`` command would share ``_build/.doctrees`` with the HTML
  build and would force MathJax from a CDN onto the page although the book
  has no equations; with Sphinx's default, MathJax is only added if there
  is math (and would then be blocked, loudly).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from kzedition import i18n
from kzedition.paths import ROOT
from tools import build, editions
from tools.browser import CHART, CHROMIUM, CHROMIUM_ARGS, DRAWN, is_local, script, serve

__all__ = [
    "SINGLEHTML",
    "PDF",
    "CHROMIUM",
    "CHROMIUM_ARGS",
    "OfflineError",
    "LayoutError",
    "PrintResult",
    "sphinx_config",
    "build_singlehtml",
    "is_local",
    "serve",
    "print_pdf",
    "page_count",
    "report_path",
    "main",
]

BUILD = ROOT / "_build"
SINGLEHTML = BUILD / "singlehtml"
#: The single-page build's own caches (doctrees, executed notebooks), kept by
#: tools.build like those of the HTML build but apart from them.
CACHES = BUILD / "singlehtml-cache"
PDF = BUILD / "pdf" / "giswatch2011-kazakhstan.pdf"


def pdf_path(language: str = "en") -> Path:
    """Where ``make pdf`` puts the PDF of ``language``'s edition (``…-ru.pdf`` for Russian)."""
    return PDF if language == "en" else PDF.with_name(f"{PDF.stem}-{language}.pdf")


def edition_dirs(language: str = "en") -> tuple[Path, Path]:
    """``(the single page's folder, its caches)`` for ``language``'s edition."""
    if language == "en":
        return SINGLEHTML, CACHES
    return BUILD / f"singlehtml-{language}", BUILD / f"singlehtml-cache-{language}"


#: The print stylesheet, in kzedition/sphinxext/static/ (published to _static/ by kzedition.sphinxext.site_static).
PRINT_CSS = "print.css"

#: A second guard besides request routing: Chromium resolves no host but the loopback.
OFFLINE_ARGS = ["--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1"]
#: A4 width less the side margins of print.css (210 - 2 x 18 mm), in CSS pixels.
PAGE_WIDTH_PX = round((210 - 2 * 18) / 25.4 * 96)
CHART_TIMEOUT_MS = 30_000


class OfflineError(RuntimeError):
    """The page tried to reach a host other than the local machine."""


class LayoutError(RuntimeError):
    """The page cannot be printed as it should (charts not drawn, content too wide)."""


# --- building --------------------------------------------------------------


def sphinx_config(caches: Path = CACHES, language: str = "en") -> dict:
    """The book's Sphinx configuration (``_config.yml``, ``_toc.yml``; another edition's,
    :mod:`tools.editions`), nitpicky, with its execution cache in ``caches`` and the print
    stylesheet linked for print media if ``_config.yml`` does not."""
    from jupyter_book.config import get_final_config

    edition = next(e for e in editions.EDITIONS if e.language == language)
    config_file = editions.config_file(edition, caches) or ROOT / "_config.yml"
    toc_file = editions.toc_file(edition, caches) or ROOT / "_toc.yml"
    config, _ = get_final_config(
        user_yaml=config_file,
        sourcedir=ROOT,
        cli_config={
            "external_toc_path": toc_file.as_posix(),
            "latex_individualpages": False,
            "nitpicky": True,
        },
    )
    config["nb_execution_cache_path"] = str(caches / ".jupyter_cache")
    css = config.setdefault("html_css_files", [])
    if PRINT_CSS not in [entry if isinstance(entry, str) else entry[0] for entry in css]:
        css.append((PRINT_CSS, {"media": "print"}))
    return config


def build_singlehtml(outdir: Path = SINGLEHTML, caches: Path = CACHES, language: str = "en") -> int:
    """Build ``language``'s edition as one HTML page, warnings as errors; returns Sphinx's status code.

    The notebooks' kernels, started from this process, take the edition's
    language from ``KZEDITION_LANGUAGE``, set for the build and restored after it.
    """

    build.refresh(caches)  # drop stale outputs and doctrees, as ``make book`` does
    saved = os.environ.get(i18n.VARIABLE)
    os.environ[i18n.VARIABLE] = language
    try:
        return _sphinx_build(outdir, caches, language)
    finally:
        if saved is None:
            os.environ.pop(i18n.VARIABLE, None)
        else:
            os.environ[i18n.VARIABLE] = saved


def _sphinx_build(outdir: Path, caches: Path, language: str) -> int:
    from sphinx.application import Sphinx
    from sphinx.util.docutils import docutils_namespace, patch_docutils

    with patch_docutils(None), docutils_namespace():
        app = Sphinx(
            str(ROOT),
            None,
            str(outdir),
            str(caches / ".doctrees"),
            "singlehtml",
            confoverrides=sphinx_config(caches, language),
            warningiserror=True,
            keep_going=True,
        )
        app.build()
    return app.statuscode


# --- printing --------------------------------------------------------------


@dataclass
class PrintResult:
    """What printing did: requests made and blocked, console errors, charts drawn."""

    requests: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    charts: int = 0


def print_pdf(site: Path = SINGLEHTML, pdf: Path = PDF, language: str = "en") -> PrintResult:
    """Print ``site/index.html`` to ``pdf`` with headless Chromium, offline.

    Raises :class:`OfflineError` if the page requested anything outside the
    local machine and :class:`LayoutError` if a chart was not drawn or the
    content is wider than the page; then no PDF is written.
    """
    from playwright.sync_api import sync_playwright

    result = PrintResult()

    def route(r) -> None:
        url = r.request.url
        result.requests.append(url)
        if is_local(url):
            r.continue_()
        else:
            result.blocked.append(url)
            r.abort("blockedbyclient")

    def console(message) -> None:
        if message.type == "error":
            result.console_errors.append(message.text)

    with serve(site) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS + OFFLINE_ARGS)
        try:
            page = browser.new_page(viewport={"width": PAGE_WIDTH_PX, "height": 1000})
            page.route("**/*", route)
            page.on("websocket", lambda ws: None if is_local(ws.url) else result.blocked.append(ws.url))
            page.on("console", console)
            page.on("pageerror", lambda e: result.console_errors.append(str(e)))
            page.emulate_media(media="print")  # lay out as printed, so charts get the page width
            page.goto(f"{base}/index.html", wait_until="load")
            undrawn = page.evaluate(script("draw_charts"), [CHART_TIMEOUT_MS, CHART, DRAWN])
            if undrawn:
                raise LayoutError("charts not drawn in time: " + ", ".join(undrawn))
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > PAGE_WIDTH_PX:
                raise LayoutError(
                    f"the content is {width} px wide, wider than the page "
                    f"({PAGE_WIDTH_PX} px): Chromium would shrink every page; "
                    "make the widest element fit in print.css"
                )
            result.charts = page.locator("figure.kz-chart").count()
            pdf.parent.mkdir(parents=True, exist_ok=True)
            page.pdf(
                path=str(pdf), prefer_css_page_size=True, print_background=True, outline=True, tagged=True
            )
        finally:
            browser.close()
    add_metadata(pdf, language)
    if result.blocked:  # checked last: printing itself may load print-only resources
        pdf.unlink(missing_ok=True)
        raise OfflineError("the page tried to leave the machine: " + ", ".join(result.blocked))
    return result


def add_metadata(pdf: Path, language: str = "en") -> None:
    """Author, subject with the edition's version, licence and keywords in the PDF's metadata."""
    from pypdf import PdfWriter

    from kzedition import __version__

    writer = PdfWriter(clone_from=str(pdf))  # keeps the outline and the tagged structure
    title = (writer.metadata or {}).get("/Title", "GISWatch 2011: Kazakhstan")
    subject = i18n._("GISWatch 2011: Kazakhstan, an executable edition, version {version}", language)
    writer.add_metadata(
        {
            "/Title": title,
            "/Author": i18n._("Adil Nurmakov (report); the edition's contributors", language),
            "/Subject": subject.format(version=__version__),
            "/Lang": language,
            "/Keywords": "Kazakhstan; elections; internet; GISWatch 2011; CC BY 3.0",
            "/EditionVersion": __version__,
        }
    )
    tmp = pdf.with_suffix(".tmp.pdf")
    with tmp.open("wb") as out:
        writer.write(out)
    tmp.replace(pdf)


def page_count(pdf: Path) -> int:
    """Number of pages of a PDF written by Chromium (which does not compress page objects)."""
    return len(re.findall(rb"/Type\s*/Page\b", pdf.read_bytes()))


def report_path(pdf: Path = PDF) -> Path:
    """The JSON report written beside the PDF."""
    return pdf.with_suffix(".json")


# --- command line ----------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.pdf", description=__doc__.split("\n")[0])
    parser.add_argument(
        "--no-build", action="store_true", help="print the existing _build/singlehtml without rebuilding it"
    )
    parser.add_argument(
        "--language", choices=[e.language for e in editions.EDITIONS], action="append",
        help="the edition(s) to print (default: every one: English and Russian)",
    )  # fmt: skip
    args = parser.parse_args(argv)
    for language in args.language or [e.language for e in editions.EDITIONS]:
        status = make(language, build_first=not args.no_build)
        if status:
            return status
    return 0


def make(language: str, build_first: bool = True) -> int:
    """Build and print ``language``'s edition into :func:`pdf_path`: 0, or the status of what failed."""
    output, (site, caches) = pdf_path(language), edition_dirs(language)
    start = time.perf_counter()
    if build_first and build_singlehtml(site, caches, language) != 0:
        print("pdf: the single-page build failed (warnings are errors): see above", file=sys.stderr)
        return 1
    built = time.perf_counter()
    for stale in (output, report_path(output)):
        stale.unlink(missing_ok=True)
    try:
        result = print_pdf(site, output, language)
    except (OfflineError, LayoutError) as exc:
        print(f"pdf: {exc}", file=sys.stderr)
        return 2
    done = time.perf_counter()
    pages = page_count(output)
    report = {
        "pdf": str(output),
        "pages": pages,
        "build_seconds": round(built - start, 1),
        "print_seconds": round(done - built, 1),
        **asdict(result),
    }
    report_path(output).write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    for message in result.console_errors:
        print(f"pdf: console: {message}", file=sys.stderr)
    print(
        f"{output}: {pages} pages, {result.charts} charts, "
        f"{len(result.requests)} requests (all local); built in {built - start:.1f} s, "
        f"printed in {done - built:.1f} s, total {done - start:.1f} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
