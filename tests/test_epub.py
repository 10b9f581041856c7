"""The EPUB 3 edition: ``python -m tools.epub`` builds it strictly, Debian's
epubcheck finds no error and no warning, and the book read back holds every
page of ``_toc.yml``, the chapter's 11 footnotes as EPUB footnotes, the
Russian titles marked ``lang="ru"``, every chart as its static figure with
its description, no script and no code, and the package metadata.

The EPUB is built once per session (a strict epub build: tens of seconds)
in its own folder with its own caches (``_build/epub-work``), so it neither
waits for nor disturbs the suite's HTML build in ``_build/staging``.
``KZ_REUSE_BUILD=1`` reuses an existing ``_build/epub/giswatch2011-kazakhstan.epub``.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

import kzedition
from kzedition import charts
from kzedition.paths import ROOT
from tools import epub as epub_tools
from tools.static_figures import read_manifest

NS = {
    "opf": "http://www.idpf.org/2007/opf",
    "dc": "http://purl.org/dc/elements/1.1/",
    "x": "http://www.w3.org/1999/xhtml",
    "epub": "http://www.idpf.org/2007/ops",
}
EPUB_TYPE = "{http://www.idpf.org/2007/ops}type"
X = "{http://www.w3.org/1999/xhtml}"  #: XHTML element names
OPF = "{http://www.idpf.org/2007/opf}"  #: package element names
CHAPTER = "chapters/kazakhstan.xhtml"


@dataclass
class EpubBuild:
    log: str
    path: Path
    zip: zipfile.ZipFile

    def text(self, name: str) -> str:
        return self.zip.read(name).decode("utf-8")

    def xml(self, name: str) -> ET.Element:
        return ET.fromstring(self.zip.read(name))


@pytest.fixture(scope="session")
def built() -> EpubBuild:
    """``python -m tools.epub``, once per session."""
    if os.environ.get("KZ_REUSE_BUILD") == "1" and epub_tools.EPUB.is_file():
        log = "(reused existing EPUB)"
    else:
        proc = subprocess.run(
            [sys.executable, "-m", "tools.epub", "--language", "en"], cwd=ROOT, capture_output=True, text=True
        )
        log = proc.stdout + proc.stderr
        assert proc.returncode == 0, "python -m tools.epub failed:\n" + log[-4000:]
    with zipfile.ZipFile(epub_tools.EPUB) as book:
        yield EpubBuild(log, epub_tools.EPUB, book)


@pytest.fixture(scope="session")
def check(built) -> epub_tools.EpubCheck:
    try:
        return epub_tools.epubcheck(built.path)
    except FileNotFoundError as exc:  # never skipped: make test installs it
        pytest.fail(str(exc), pytrace=False)


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def all_text(element: ET.Element) -> str:
    return squash("".join(element.itertext()))


# --- the package -------------------------------------------------------------


def test_epubcheck_finds_no_error_and_no_warning(check):
    assert check.clean, check.output
    assert (check.errors, check.warnings, check.fatals) == (0, 0, 0), check.output


def test_epubcheck_reports_a_broken_book(built, tmp_path):
    """A copy whose chapter is not well-formed XHTML fails the check (the check can fail)."""
    broken = tmp_path / "broken.epub"
    with zipfile.ZipFile(broken, "w") as out:
        for info in built.zip.infolist():
            data = built.zip.read(info)
            if info.filename == CHAPTER:
                data = data.replace(b"</body>", b"<p>unclosed<br></p></body>", 1)
            copy = zipfile.ZipInfo(info.filename, info.date_time)  # writestr changes the info it gets
            copy.compress_type = info.compress_type
            out.writestr(copy, data)  # keeps mimetype first and stored
    result = epub_tools.epubcheck(broken)
    assert not result.clean
    assert result.errors + result.fatals > 0, result.output
    assert CHAPTER in result.output


def test_metadata(built):
    opf = built.xml("content.opf")
    meta = opf.find("opf:metadata", NS)
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))["sphinx"]["config"]
    assert meta.findtext("dc:title", namespaces=NS).startswith("GISWatch 2011: Kazakhstan")
    assert meta.findtext("dc:creator", namespaces=NS) == "Adil Nurmakov"
    assert meta.findtext("dc:language", namespaces=NS) == "en"
    assert meta.findtext("dc:publisher", namespaces=NS) == "APC and Hivos"
    assert "CC BY 3.0" in meta.findtext("dc:rights", namespaces=NS)
    identifier = meta.find("dc:identifier", NS)
    assert identifier.text == config["epub_identifier"]
    assert re.fullmatch(r"urn:uuid:[0-9a-f-]{36}", identifier.text)
    assert opf.get("unique-identifier") == identifier.get("id")
    versions = [m.text for m in meta.findall("opf:meta", NS) if m.get("property") == "ibooks:version"]
    assert versions == [kzedition.__version__]
    ncx = built.xml("toc.ncx")
    uid = [m.get("content") for m in ncx.iter("{http://www.daisy.org/z3986/2005/ncx/}meta")]
    assert identifier.text in uid


def test_cover(built):
    opf = built.xml("content.opf")
    covers = [i for i in opf.iter(f"{OPF}item") if "cover-image" in (i.get("properties") or "")]
    assert len(covers) == 1
    svg = built.text(covers[0].get("href"))
    assert "Kazakhstan" in svg and "Adil Nurmakov" in svg and kzedition.__version__ in svg


def test_every_page_of_the_toc_is_in_the_spine(built):
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    pages = [toc["root"]] + [c["file"] for part in toc["parts"] for c in part["chapters"]]
    opf = built.xml("content.opf")
    hrefs = {i.get("id"): i.get("href") for i in opf.iter(f"{OPF}item")}
    spine = [hrefs[ref.get("idref")] for ref in opf.iter(f"{OPF}itemref")]
    for page in pages:
        assert f"{page}.xhtml" in spine, page
    assert len(pages) == 12


# --- the pages -----------------------------------------------------------------


def test_footnotes_are_epub_footnotes(built):
    page = built.xml(CHAPTER)
    notes = [e for e in page.iter() if e.get(EPUB_TYPE) == "footnote"]
    refs = [e for e in page.iter() if e.get(EPUB_TYPE) == "noteref"]
    assert len(notes) == 11 and all(n.tag == f"{X}aside" for n in notes)
    assert len(refs) == 11
    ids = {n.get("id") for n in notes}
    assert {r.get("href").lstrip("#") for r in refs} == ids


def test_russian_titles_are_marked_russian(built):
    page = built.xml(CHAPTER)
    russian = [e for e in page.iter() if e.get("lang") == "ru"]
    assert len(russian) >= 6
    for span in russian:
        assert span.get("{http://www.w3.org/XML/1998/namespace}lang") == "ru"
        assert re.search("[А-Яа-я]", all_text(span))
    assert page.get("lang") == "en"


def test_every_chart_is_its_static_figure_with_its_description(built):
    pages = [n for n in built.zip.namelist() if n.endswith(".xhtml")]
    figures = {}
    for name in pages:
        for figure in built.xml(name).iter(f"{X}figure"):
            img = figure.find("x:img", NS)
            if img is not None:
                figures[Path(img.get("src")).stem] = (name, figure, img)
    for chart_id in read_manifest():
        assert chart_id in figures, f"chart {chart_id} is not in the book"
        name, figure, img = figures[chart_id]
        assert f"_images/{chart_id}.svg" in built.zip.namelist()
        meta = charts.build(chart_id).layout.meta
        text = all_text(figure)
        assert squash(meta["title"]) in all_text(figure.find("x:figcaption", NS))
        assert img.get("alt")
        assert "Description: " + squash(meta["alt"]) in text, chart_id
        assert "Source" in text


def test_no_script_and_no_code(built):
    for name in built.zip.namelist():
        assert not name.endswith(".js"), name
        if name.endswith((".xhtml", ".svg")):
            text = built.text(name)
            assert "<script" not in text, name
            if name.endswith(".xhtml"):
                assert "cell_input" not in text and "highlight-ipython3" not in text, name


def test_the_print_page_marker_stands_before_its_page(built):
    page = built.xml(CHAPTER)
    markers = [e for e in page.iter() if "page-marker" in (e.get("class") or "")]
    assert len(markers) == 1 and all_text(markers[0]).strip() == "p. 167"
    text = squash(all_text(page))
    assert text.index("p. 167") < text.index("Twitter. Clearly")


# --- accessibility ------------------------------------------------------------------


@pytest.fixture(scope="session")
def ace_report(built) -> epub_tools.AceReport:
    try:
        return epub_tools.ace(built.path)
    except FileNotFoundError as exc:  # never skipped: make test installs both
        pytest.fail(str(exc), pytrace=False)


def test_ace_finds_nothing_critical_serious_or_moderate(ace_report):
    assert ace_report.failing() == [], ace_report.describe()
    assert ace_report.report["earl:testSubject"]["metadata"]["dc:title"].startswith("GISWatch 2011")


def test_ace_reports_a_book_without_accessibility_metadata(built, tmp_path):
    """A copy without the schema: properties and the nav's role fails Ace (the check can fail)."""
    stripped = tmp_path / "stripped.epub"
    with zipfile.ZipFile(stripped, "w") as out:
        for info in built.zip.infolist():
            data = built.zip.read(info)
            if info.filename == "content.opf":
                data = re.sub(rb'\s*<meta property="schema:[^"]+">[^<]*</meta>', b"", data)
            if info.filename == "nav.xhtml":
                data = data.replace(b' role="doc-toc"', b"")
            copy = zipfile.ZipInfo(info.filename, info.date_time)
            copy.compress_type = info.compress_type
            out.writestr(copy, data)
    rules = {rule for _, rule, _, _ in epub_tools.ace(stripped).failing()}
    assert {
        "metadata-accessmode",
        "metadata-accessibilityfeature",
        "metadata-accessibilityhazard",
        "metadata-accessibilitysummary",
        "epub-type-has-matching-role",
    } <= rules, rules


def test_accessibility_metadata_says_what_holds(built):
    meta = built.xml("content.opf").find("opf:metadata", NS)
    declared: dict[str, list[str]] = {}
    for element in meta.findall("opf:meta", NS):
        if (element.get("property") or "").startswith("schema:"):
            declared.setdefault(element.get("property").removeprefix("schema:"), []).append(element.text)
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))["sphinx"]["config"]
    wanted = config["kzedition_epub_accessibility"]
    assert declared == {k: v if isinstance(v, list) else [" ".join(v.split())] for k, v in wanted.items()}
    assert declared["accessMode"] == ["textual", "visual"]
    assert declared["accessibilityHazard"] == ["none"]
    assert "conformsTo" not in "".join(m.get("property") or "" for m in meta.iter())  # no claim made
    # what the features claim: every image has a text alternative, every chart a description
    pages = [n for n in built.zip.namelist() if n.endswith(".xhtml")]
    images = [img for name in pages for img in built.xml(name).iter(f"{X}img")]
    assert images and all(img.get("alt") for img in images)
    assert "tableOfContents" in declared["accessibilityFeature"]
    nav = built.xml("nav.xhtml")
    tocs = [n for n in nav.iter(f"{X}nav") if n.get(EPUB_TYPE) == "toc"]
    assert len(tocs) == 1 and tocs[0].get("role") == "doc-toc"


def test_toctree_captions_have_a_level_and_tables_no_empty_header(built):
    index = built.xml("index.xhtml")
    headings = [e for e in index.iter() if e.get("role") == "heading"]
    assert headings and all(e.get("aria-level") == "2" for e in headings)
    for name in ("chapters/exercises.xhtml", "chapters/data.xhtml"):
        headers = list(built.xml(name).iter(f"{X}th"))
        assert headers, name
        assert all(all_text(th) for th in headers), name


def test_xhtml_turns_an_empty_header_cell_into_a_data_cell():
    from kzedition.sphinxext.epub import xhtml

    table = "<table><thead><tr><th></th><th>votes</th><th> <br></th></tr></thead></table>"
    assert xhtml(table) == ("<table><thead><tr><td></td><th>votes</th><td> <br /></td></tr></thead></table>")


def test_nav_roles_and_metadata_are_escaped():
    from kzedition.sphinxext.epub import accessibility_metadata, nav_with_roles

    assert nav_with_roles('<nav epub:type="toc">') == '<nav epub:type="toc" role="doc-toc">'
    assert nav_with_roles('<nav epub:type="landmarks">') == '<nav epub:type="landmarks">'
    assert accessibility_metadata({"accessibilitySummary": "a < b &\n c"}) == (
        '    <meta property="schema:accessibilitySummary">a &lt; b &amp; c</meta>\n'
    )
