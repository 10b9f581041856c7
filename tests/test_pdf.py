"""The PDF edition: ``python -m tools.pdf`` builds it offline, and pypdf
reads it back: pages, every sentence of the report in order, the 11
footnotes (as endnotes of the chapter), every chart drawn on one page, no
code cells, and no request that left the machine.

The PDF is built once per module (a strict single-page build, then
printing: tens of seconds). ``KZ_REUSE_BUILD=1`` reuses an existing
``_build/singlehtml`` and only prints it again.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import threading
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pytest

from kzedition import __version__, charts, reading_text
from kzedition.paths import ROOT
from tools import pdf
from tools.browser import is_local
from tools.static_figures import read_manifest

try:
    import pypdf
except ImportError:  # a dev requirement: fail, never skip
    pytest.fail("pypdf is missing: pip install -r requirements-dev.txt", pytrace=False)

pytestmark = pytest.mark.browser

RUNNING_HEAD = "GISWatch 2011 · Kazakhstan"  #: the @top-right page header of print.css
PARTS = ("back_cover", "dedication", "chapter")
SECTIONS = (
    "Introduction",
    "Political background",
    "Presidential elections 2011",
    "Conclusions",
    "Action steps",
)
BOOK_PAGES = (
    "Back cover",
    "Dedication",
    "Kazakhstan",
    "Claims ledger",
    "Timeline",
    "Glossary",
    "Sources",
    "Editorial note",
    "How to cite",
)


@dataclass
class PdfBuild:
    """The command's output, its JSON report and the PDF read with pypdf."""

    log: str
    report: dict
    reader: pypdf.PdfReader


@pytest.fixture(scope="module")
def built() -> PdfBuild:
    reuse = os.environ.get("KZ_REUSE_BUILD") == "1" and (pdf.SINGLEHTML / "index.html").exists()
    proc = subprocess.run(
        [sys.executable, "-m", "tools.pdf", "--language", "en", *(["--no-build"] if reuse else [])],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    log = proc.stdout + proc.stderr
    assert proc.returncode == 0, "python -m tools.pdf failed:\n" + log[-4000:]
    report = json.loads(pdf.report_path().read_text(encoding="utf-8"))
    return PdfBuild(log, report, pypdf.PdfReader(pdf.PDF))


def compact(s: str) -> str:
    """Text reduced for comparison: ligatures unfolded (NFKC), all white space removed."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", s))


def page_body(page_text: str, number: int) -> str:
    """A page's text without the running head and the page number."""
    lines = [line for line in page_text.splitlines() if line.strip()]
    for furniture in (RUNNING_HEAD, str(number)):
        if furniture in (line.strip() for line in lines):
            lines.remove(next(line for line in lines if line.strip() == furniture))
    return "\n".join(lines)


@pytest.fixture(scope="module")
def page_texts(built) -> list[str]:
    """Each page's text in content order (also finds the charts' rotated labels)."""
    return [unicodedata.normalize("NFKC", p.extract_text()) for p in built.reader.pages]


@pytest.fixture(scope="module")
def reading(built) -> str:
    """The book as read: pages laid out top to bottom, page furniture, footnote
    marks, † marks and the edition's page-167 marker removed, compacted."""
    bodies = [
        page_body(p.extract_text(extraction_mode="layout"), i + 1) for i, p in enumerate(built.reader.pages)
    ]
    return re.sub(r"\[\d+\]|†|p\.167", "", compact("\n".join(bodies)))


def captioned_figures(reader: pypdf.PdfReader) -> list[set[int]]:
    """The pages each captioned ``/Figure`` of the tagged PDF (an HTML
    ``<figure>`` with a ``<figcaption>``) is drawn on, one set per figure."""
    numbers = {page.indirect_reference.idnum: i for i, page in enumerate(reader.pages)}

    def kids(node) -> list:
        k = node.get("/K")
        return [] if k is None else [c.get_object() for c in (k if isinstance(k, list) else [k])]

    def pages(node, page: int | None) -> set[int]:
        """Pages of the marked content under ``node`` (``page`` is inherited)."""
        if not isinstance(node, dict):
            return {page} if isinstance(node, int) and page is not None else set()
        if "/Pg" in node:
            page = numbers[node.raw_get("/Pg").idnum]
        if node.get("/Type") == "/MCR":
            return {page}
        return set().union(*(pages(kid, page) for kid in kids(node)))

    figures = []

    def visit(node) -> None:
        if not isinstance(node, dict):
            return
        if node.get("/S") == "/Figure" and any(
            isinstance(k, dict) and k.get("/S") == "/Caption" for k in kids(node)
        ):
            figures.append(pages(node, None))
        for kid in kids(node):
            visit(kid)

    visit(reader.trailer["/Root"]["/StructTreeRoot"])
    return figures


def drawn_labels(fig) -> list[str]:
    """Texts only plotly draws (axis titles; legend entries when there is a legend)."""
    labels = [a.title.text for a in (fig.layout.xaxis, fig.layout.yaxis) if a.title.text]
    if len(fig.data) > 1 and fig.layout.showlegend is not False:
        labels += [t.name for t in fig.data if t.name and t.showlegend is not False]
    return labels


# --- the file ---------------------------------------------------------------


def test_pdf_is_an_a4_book(built):
    reader = built.reader
    assert len(reader.pages) >= 10
    assert built.report["pages"] == len(reader.pages), "page count of the report and pypdf differ"
    for page in reader.pages:
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        assert abs(width - 595.3) < 2 and abs(height - 841.9) < 2, "not A4"
    assert reader.metadata.title.startswith("GISWatch 2011: Kazakhstan")
    assert reader.metadata.subject.endswith(f"version {__version__}")
    assert reader.metadata["/EditionVersion"] == __version__
    assert f"{len(reader.pages)} pages" in built.log


def test_bookmarks_list_every_page_of_the_book(built):
    def titles(outline):
        for item in outline:
            yield from titles(item) if isinstance(item, list) else [item.title]

    bookmarks = list(titles(built.reader.outline))
    for title in (*BOOK_PAGES, *SECTIONS):
        assert bookmarks.count(title) == 1, f"bookmark {title!r}: {bookmarks}"


def test_no_request_left_the_machine(built):
    requests = built.report["requests"]
    assert built.report["blocked"] == []
    assert requests and all(is_local(url) for url in requests), [u for u in requests if not is_local(u)]
    assert any("/_static/plotly.min.js" in url for url in requests), "plotly.js not served locally"


# --- the text ---------------------------------------------------------------


def test_titles_and_section_headings(reading):
    for heading in ("Kazakhstan", "Adil Nurmakov", *SECTIONS, *BOOK_PAGES):
        assert compact(heading) in reading, heading


@pytest.mark.parametrize("part", PARTS)
def test_every_sentence_in_order(reading, part):
    """Every sentence and heading of the source of record, in order."""
    position, missing = 0, []
    for segment in reading_text.segments(reading_text.cached_reading_text()[part].blocks):
        found = reading.find(compact(segment), position)
        if found < 0:
            missing.append(segment)
        else:
            position = found
    assert not missing, f"{len(missing)} segments missing or out of order:\n" + "\n".join(missing[:10])


def test_eleven_footnotes_as_endnotes_of_the_chapter(reading):
    footnotes = reading_text.cached_reading_text()["chapter"].footnotes
    assert sorted(footnotes) == list(range(1, 12))
    chapter_end = reading.index(compact("Action steps"))
    next_page = reading.index(compact("Claims ledger"), chapter_end)
    for number, note in footnotes.items():
        at = reading.find(compact(note), chapter_end)
        assert chapter_end < at < next_page, f"footnote {number} not at the end of the chapter: {note!r}"
    for distinctive in (
        "Interview with Vladimir Kozlov (Almaty), 10 May 2011.",
        "Количество интернет-пользователей в Казахстане превысило 4,7 млн чел.",
        "Нурсултан Назарбаев набрал 95,55% голосов на выборах президента Казахстана",
    ):
        assert compact(distinctive) in reading[chapter_end:next_page]


def test_code_cells_and_screen_furniture_are_not_printed(reading):
    for absent in (
        "from myst_nb import glue",
        "charts.build(",
        "claims.check(ledger)",
        "Skip to main content",
        "Back to top",
        "Ctrl+K",
        "Download plot as a png",
    ):
        assert compact(absent) not in reading, absent


# --- the charts -------------------------------------------------------------


def test_every_chart_is_a_figure_drawn_on_one_page(built, page_texts):
    """Each chart of the registry is a captioned figure of the tagged PDF,
    on one page, with its title and the labels only plotly draws."""
    figures = charts.build_all()
    assert set(read_manifest()) <= set(figures), "figures/manifest.json names unknown charts"
    drawn = captioned_figures(built.reader)
    split = [sorted(pages) for pages in drawn if len(pages) != 1]
    assert not split, f"figures split across pages: {split}"
    assert len(drawn) >= len(figures), f"{len(drawn)} figures in the PDF for {len(figures)} charts"
    figure_texts = [compact(page_texts[next(iter(pages))]) for pages in drawn]
    for chart_id, fig in figures.items():
        labels = [fig.layout.meta["title"], *drawn_labels(fig)]
        assert any(all(compact(label) in page for label in labels) for page in figure_texts), (
            f"chart {chart_id!r}: no figure page shows {labels}"
        )
    assert built.report["charts"] >= len(figures)


# --- offline, without a build -------------------------------------------------


@pytest.mark.parametrize(
    "url, local",
    [
        ("http://127.0.0.1:8000/index.html", True),
        ("http://localhost:1/_static/plotly.min.js", True),
        ("http://[::1]:9/x", True),
        ("data:image/png;base64,AAAA", True),
        ("https://cdn.jsdelivr.net/npm/mathjax@3/es5/tex-mml-chtml.js", False),
        ("http://127.0.0.1.example.org/", False),
        ("http://10.0.0.1/", False),
        ("file:///etc/passwd", False),
    ],
)
def test_is_local(url, local):
    assert is_local(url) is local


def test_a_request_off_the_machine_stops_the_print(tmp_path: Path):
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text(
        '<!doctype html><html lang="en"><title>t</title>'
        '<img src="https://cdn.example.invalid/probe.png" alt="probe"></html>',
        encoding="utf-8",
    )
    target = tmp_path / "out.pdf"
    # in its own thread: the session's browser fixture may already hold
    # Playwright's sync API (one per thread) open in this one
    failure: list[BaseException] = []

    def attempt():
        try:
            pdf.print_pdf(site, target)
        except BaseException as exc:  # re-raised below, in the test's thread
            failure.append(exc)

    worker = threading.Thread(target=attempt)
    worker.start()
    worker.join()
    assert failure and isinstance(failure[0], pdf.OfflineError), failure
    assert "cdn.example.invalid" in str(failure[0])
    assert not target.exists()


def test_the_print_page_marker_stands_before_its_page(page_texts):
    chapter = compact("\n".join(page_texts))
    assert chapter.count(compact("p. 167Twitter.")) == 1, (
        "the marker of print page 167 is not where the page begins"
    )
