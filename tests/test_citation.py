"""Citation files: BibTeX, RIS and CSL-JSON of the report, the edition and every
paragraph, read back by real parsers (pybtex, rispy, citeproc-py), from the
model (:mod:`kzedition.citation`) and from the built site (the cite page's
links and each paragraph's Cite).
"""

from __future__ import annotations

import csv
import json
import urllib.request
import warnings
from dataclasses import replace
from pathlib import Path

import pytest
import rispy
import yaml
from bs4 import BeautifulSoup
from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
from citeproc.source.json import CiteProcJSON
from pybtex.database import parse_string

import kzedition
from kzedition import citation, page_metadata
from kzedition.paragraph_ids import Paragraph, load_ids
from kzedition.paths import DATA, ROOT

PUBLICATION = {
    row["field"]: row["value"] for row in csv.DictReader((DATA / "publication.csv").open(encoding="utf-8"))
}
CFF = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
SITE = "https://example.org/kazakhstan-2011"


def works() -> dict[str, citation.Work]:
    p12 = Paragraph.from_entry(next(e for e in load_ids() if e["id"] == "p-12"))
    back = Paragraph.from_entry(next(e for e in load_ids() if e["id"] == "back-cover-p-3"))
    return {
        "report": citation.report(),
        "volume": citation.volume(),
        "edition": citation.edition(SITE),
        "p-12": citation.paragraph(p12, f"{SITE}/chapters/kazakhstan.html"),
        "back-cover-p-3": citation.paragraph(back, f"{SITE}/chapters/back-cover.html"),
    }


def read_bibtex(text: str):
    """The one entry of a BibTeX file, parsed by pybtex (raises on a syntax error)."""
    database = parse_string(text, "bibtex")
    assert len(database.entries) == 1, text
    return next(iter(database.entries.values()))


def read_ris(text: str) -> dict:
    records = rispy.loads(text)
    assert len(records) == 1, text
    return records[0]


def render_csl(text: str) -> list[str]:
    """The CSL-JSON items formatted by citeproc-py (an unsupported variable is an error)."""
    items = json.loads(text)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        source = CiteProcJSON(items)
    style = CitationStylesStyle("harvard-cite-them-right", validate=False)
    bibliography = CitationStylesBibliography(style, source, formatter.plain)
    for item in items:
        bibliography.register(Citation([CitationItem(item["id"])]))
    return [str(entry) for entry in bibliography.bibliography()]


# --- the model ---------------------------------------------------------------------


def test_the_report_is_taken_from_the_repositorys_metadata():
    report = citation.report()
    assert report.title == "Kazakhstan"
    assert (
        [a.inverted for a in report.authors]
        == ["Nurmakov, Adil"]
        == [citation.Name.parse(PUBLICATION["chapter_author"]).inverted]
    )
    assert [e.display for e in report.editors] == [PUBLICATION["editor"]]
    assert report.container_title.startswith(PUBLICATION["title"])
    assert PUBLICATION["subtitle"] in report.container_title
    assert report.isbn == PUBLICATION["isbn"] == CFF["preferred-citation"]["isbn"]
    assert report.issued == PUBLICATION["year"]
    assert report.url == PUBLICATION["chapter_web_url"]
    assert report.licence == "https://creativecommons.org/licenses/by/3.0/"
    assert " and ".join(report.publishers) == CFF["preferred-citation"]["publisher"]["name"]
    assert len(report.publishers) == 2
    # the chapter's first and last print pages are not known: no pages are given
    assert report.pages == "" and "chapter_first_page" not in PUBLICATION


def test_the_edition_is_a_separate_work_based_on_the_report():
    edition = citation.edition(SITE)
    assert edition.title == CFF["title"] and edition.version == kzedition.__version__ == CFF["version"]
    assert edition.issued == str(CFF["date-released"])
    assert edition.url == SITE + "/"
    assert edition.based_on == citation.report()
    assert [a.display for a in edition.authors] == [a["name"] for a in CFF["authors"]]
    assert edition.translators == ()
    assert citation.edition("").url == CFF["repository-code"]


def test_a_translated_edition_names_its_translator():
    russian = citation.edition(SITE, language="ru", translators=("Ivan Petrov",))
    assert russian.language == "ru" and [t.inverted for t in russian.translators] == ["Petrov, Ivan"]
    assert "translator" in json.loads(citation.csl_json(russian))[0]
    assert "A4  - Petrov, Ivan" in citation.ris(russian)
    assert read_bibtex(citation.bibtex(russian)).fields["translator"] == "Petrov, Ivan"
    graph = page_metadata.page_metadata(
        "edition", site=SITE, language="ru", translators=("Ivan Petrov",)
    ).json_ld
    edition = next(n for n in graph["@graph"] if n["@type"] == "CreativeWork")
    assert edition["translator"] == [
        {"@type": "Person", "name": "Ivan Petrov", "familyName": "Petrov", "givenName": "Ivan"}
    ]
    assert edition["inLanguage"] == "ru"
    # the English edition names none, even when given one
    assert citation.edition(SITE, translators=("Ivan Petrov",)).translators == ()


def test_a_paragraph_is_cited_at_its_print_page_with_its_link():
    p12, back = works()["p-12"], works()["back-cover-p-3"]
    assert p12.pages == "167" and p12.url.endswith("/chapters/kazakhstan.html#p-12")
    assert p12.note.endswith("para. 12") and p12.kind == "chapter"
    assert back.kind == "book" and back.note.endswith("back cover, para. 3")
    first = Paragraph.from_entry(next(e for e in load_ids() if e["id"] == "p-1"))
    assert citation.paragraph(first).pages == ""  # "before 167": the page is unknown
    assert citation.paragraph(first).url == ""  # no site address, no link


@pytest.mark.parametrize("name", list(works()))
def test_bibtex_parses_with_pybtex(name):
    work = works()[name]
    entry = read_bibtex(citation.bibtex(work))
    assert entry.type == {"chapter": "incollection", "book": "book", "edition": "misc"}[work.kind]
    assert entry.fields["title"].strip("{}") == work.title
    assert entry.fields["year"] == work.year
    if work.url:
        assert entry.fields["url"] == work.url
    people = entry.persons.get("author") or entry.persons.get("editor")
    assert people, entry
    if work.kind == "chapter":
        assert str(entry.persons["author"][0]) == "Nurmakov, Adil"
        assert entry.fields["booktitle"].strip("{}") == work.container_title
        assert entry.fields["isbn"] == PUBLICATION["isbn"]
    if work.kind == "edition":
        assert entry.fields["version"] == kzedition.__version__


@pytest.mark.parametrize("name", list(works()))
def test_ris_parses_with_rispy(name):
    work = works()[name]
    record = read_ris(citation.ris(work))
    assert record["type_of_reference"] == {"chapter": "CHAP", "book": "BOOK", "edition": "COMP"}[work.kind]
    assert (record.get("title") or record.get("primary_title")) == work.title
    assert record["year"] == work.year
    if work.url:
        assert record["urls"] == [work.url]
    if work.kind == "chapter":
        assert record["authors"] == ["Nurmakov, Adil"]
        assert record["secondary_title"] == work.container_title
        assert record["secondary_authors"] == ["Finlay, Alan"]
    if work.kind == "edition":
        assert record["edition"] == kzedition.__version__


@pytest.mark.parametrize("name", list(works()))
def test_csl_json_is_formatted_by_citeproc(name):
    work = works()[name]
    text = citation.csl_json(work)
    entries = render_csl(text)
    item = json.loads(text)[0]
    assert item["type"] == {"chapter": "chapter", "book": "book", "edition": "software"}[work.kind]
    assert any(work.title in entry for entry in entries), entries
    if work.kind == "chapter":
        assert any(entry.startswith("Nurmakov, A. (2011)") for entry in entries), entries
    if work.kind == "edition":
        assert item["version"] == kzedition.__version__
        assert len(entries) == 2  # the edition and the report it is based on


def test_special_characters_survive_every_format():
    tricky = replace(citation.report(), title="Costs & 50% {braces} #1", note="A & B")
    assert read_bibtex(citation.bibtex(tricky)).fields["title"] == r"{Costs \& 50\% \{braces\} \#1}"
    assert read_ris(citation.ris(tricky))["title"] == "Costs & 50% {braces} #1"
    assert json.loads(citation.csl_json(tricky))[0]["title"] == "Costs & 50% {braces} #1"


def test_known_print_pages_become_first_and_last_page():
    pages = citation.print_pages({"chapter_first_page": "159", "chapter_last_page": "162"})
    assert pages == "159–162"
    tags = dict(page_metadata.highwire(replace(citation.report(), pages=pages)))
    assert (tags["citation_firstpage"], tags["citation_lastpage"]) == ("159", "162")
    assert read_ris(citation.ris(replace(citation.report(), pages=pages)))["start_page"] == "159"
    assert "citation_firstpage" not in dict(page_metadata.highwire(citation.report()))
    assert citation.print_pages({"chapter_first_page": "159"}) == ""


def test_script_json_cannot_close_its_script():
    text = page_metadata.script_json({"a": "</script><b>&\u2028\u2029"})
    assert "<" not in text and ">" not in text and "&" not in text and "\u2028" not in text
    assert json.loads(text) == {"a": "</script><b>&\u2028\u2029"}


def test_pdf_url_only_for_a_github_repository():
    assert page_metadata.pdf_url("") == ""
    assert page_metadata.pdf_url("https://github.com/o/r") == (
        f"https://github.com/o/r/releases/download/v{kzedition.__version__}/giswatch2011-kazakhstan.pdf"
    )


# --- the built site -------------------------------------------------------------------


def _files_from(soup: BeautifulSoup, page: Path, site: Path) -> dict[str, Path]:
    out = {}
    for link in soup.select("ul.cite-downloads a[href]"):
        out[link["href"]] = (page.parent / link["href"]).resolve()
    return out


@pytest.mark.build
def test_cite_page_offers_the_three_files_for_report_and_edition(site):
    page = site / "chapters" / "cite.html"
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    files = _files_from(soup, page, site)
    names = sorted(Path(href).name for href in files)
    assert names == sorted(
        [f"{stem}.{suffix}" for stem in ("nurmakov2011", "kzedition") for suffix in ("bib", "ris", "json")]
        + ["references.bib"]
    )
    for href, path in files.items():
        assert path.is_file(), href
        text = path.read_text(encoding="utf-8")
        if path.name == "references.bib":
            assert "nurmakov2011" in parse_string(text, "bibtex").entries
        elif path.suffix == ".bib":
            assert read_bibtex(text).fields["year"]
        elif path.suffix == ".ris":
            assert read_ris(text)["year"]
        else:
            assert render_csl(text)
    edition = read_bibtex((site / "cite" / "kzedition.bib").read_text(encoding="utf-8"))
    assert edition.fields["version"] == kzedition.__version__


@pytest.mark.build
def test_every_paragraph_has_its_three_files(site):
    from conftest import SITE_URL

    for entry in load_ids():
        stem = site / "cite" / entry["id"]
        url = f"{SITE_URL}/{entry['page']}#{entry['id']}"
        assert read_bibtex(stem.with_suffix(".bib").read_text(encoding="utf-8")).fields["url"] == url
        assert read_ris(stem.with_suffix(".ris").read_text(encoding="utf-8"))["urls"] == [url]
        assert json.loads(stem.with_suffix(".json").read_text(encoding="utf-8"))[0]["URL"] == url


@pytest.mark.browser
def test_a_paragraphs_cite_offers_its_files(open_page, server):
    loaded = open_page("chapters/kazakhstan.html")
    page = loaded.page
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=server)
    page.locator('button.cite-para[data-target="p-12"]').click()
    links = page.locator(".cite-status .cite-files a")
    links.first.wait_for()
    assert links.all_inner_texts() == ["BibTeX", "RIS", "CSL-JSON"]
    hrefs = [page.evaluate("a => a.href", link.element_handle()) for link in links.all()]
    assert hrefs == [f"{server}/cite/p-12.{suffix}" for suffix in ("bib", "ris", "json")]
    texts = [urllib.request.urlopen(href).read().decode("utf-8") for href in hrefs]
    link = f"{server}/chapters/kazakhstan.html#p-12"
    assert read_bibtex(texts[0]).fields["url"] == link
    assert read_ris(texts[1])["urls"] == [link]
    assert json.loads(texts[2])[0]["URL"] == link and render_csl(texts[2])
    assert loaded.console_errors == []
