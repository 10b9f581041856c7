"""Found by the tools people already use: every page's embedded metadata as a
real extractor (extruct) and Zotero's "Embedded Metadata" translator read it,
link previews whose image is there, sitemap.xml, robots.txt and a 404 page
that works at any depth; and the settings behind them (:mod:`kzedition.discovery`).
"""

from __future__ import annotations

import re
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET
from pathlib import Path

import extruct
import pytest
from bs4 import BeautifulSoup

import kzedition
from kzedition import citation, discovery, notebook_export
from tools.browser import free_port, serve

PAGES = [str(Path(p).with_suffix(".html")) for p in notebook_export.toc_sources()]
DOCNAMES = [str(Path(p).with_suffix("")) for p in notebook_export.toc_sources()]
CC_BY = "https://creativecommons.org/licenses/by/3.0/"

# What Zotero's Embedded Metadata translator reads from Highwire tags (its
# HIGHWIRE_MAPPINGS, and the item type its init() guesses from the tag names).
ZOTERO_FIELDS = {
    "citation_title": "title",
    "citation_publication_date": "date",
    "citation_inbook_title": "publicationTitle",
    "citation_book_title": "bookTitle",
    "citation_publisher": "publisher",
    "citation_isbn": "ISBN",
    "citation_language": "language",
}
ZOTERO_TYPES = {  # tag -> item type, in the translator's order of precedence
    "citation_journal_title": "journalArticle",
    "citation_technical_report_institution": "report",
    "citation_conference_title": "conferencePaper",
    "citation_book_title": "bookSection",
    "citation_dissertation_institution": "thesis",
}


def zotero_item(soup: BeautifulSoup) -> dict:
    """The item Zotero's Embedded Metadata translator makes of a page's Highwire tags."""
    metas = [(m.get("name") or m.get("property"), m.get("content")) for m in soup.head.find_all("meta")]
    item: dict = {"creators": [v for n, v in metas if n == "citation_author"]}
    for tag, name in ZOTERO_FIELDS.items():
        values = [v for n, v in metas if n == tag]
        if values:
            item[name] = values[0]
    kinds = [ZOTERO_TYPES[n] for n, _ in metas if n in ZOTERO_TYPES]
    guess = "book" if any(n == "citation_isbn" for n, _ in metas) else "journalArticle"
    item["itemType"] = kinds[-1] if kinds else guess
    item["og:type"] = next((v for n, v in metas if n == "og:type"), None)
    item["pdf"] = next((v for n, v in metas if n == "citation_pdf_url"), None)
    return item


def _read(site: Path, page: str) -> tuple[str, BeautifulSoup]:
    html = (site / page).read_text(encoding="utf-8")
    return html, BeautifulSoup(html, "html.parser")


def _graph(data: dict) -> dict[str, dict]:
    (block,) = data["json-ld"]
    assert block["@context"] == "https://schema.org"
    return {node["@type"]: node for node in block["@graph"]}


# --- settings (no build) ---------------------------------------------------------------


def test_settings_follow_the_site_address_and_language():
    with_site = discovery.settings("https://example.org/kz", "en", "Title")
    assert with_site["ogp_site_url"] == with_site["site_url"] == "https://example.org/kz/"
    assert with_site["notfound_urls_prefix"] == "/kz/"
    assert with_site["sitemap_url_scheme"] == "{link}"  # no version or language folder in the addresses
    assert 'href="/kz/index.html"' in with_site["notfound_context"]["body"]
    russian = discovery.settings("https://example.org/kz", "ru", "Title")
    assert (
        russian["site_url"] == "https://example.org/kz/ru/" and russian["notfound_urls_prefix"] == "/kz/ru/"
    )
    without = discovery.settings("", "en", "Title")
    assert without["ogp_site_url"] == "" and without["site_url"] is None
    assert without["notfound_urls_prefix"] == "/"


def test_robots_txt_names_each_languages_sitemap():
    assert discovery.robots_txt("") == "User-agent: *\nAllow: /\n"
    text = discovery.robots_txt("https://example.org/kz", ("en", "ru"))
    assert text.splitlines()[2:] == [
        "Sitemap: https://example.org/kz/sitemap.xml",
        "Sitemap: https://example.org/kz/ru/sitemap.xml",
    ]


def test_sitemap_names_each_pages_other_languages_once_there_are_several():
    text = (
        "<?xml version='1.0' encoding='utf-8'?>\n"
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        "<url><loc>https://example.org/kz/chapters/kazakhstan.html</loc></url></urlset>"
    )
    assert discovery.sitemap_alternates(text, "https://example.org/kz", "en", ("en",)) == text
    ns = {"s": discovery.SITEMAP_NS, "x": discovery.XHTML_NS}
    for language, loc in (("en", "kz/"), ("ru", "kz/ru/")):
        page = text.replace("kz/", loc)
        root = ET.fromstring(
            discovery.sitemap_alternates(page, "https://example.org/kz", language, ("en", "ru"))
        )
        links = [(a.get("rel"), a.get("hreflang"), a.get("href")) for a in root.findall("s:url/x:link", ns)]
        assert links == [
            ("alternate", "en", "https://example.org/kz/chapters/kazakhstan.html"),
            ("alternate", "ru", "https://example.org/kz/ru/chapters/kazakhstan.html"),
        ]


def test_not_found_body_is_escaped():
    body = discovery.not_found_body('/a"b/', "en")
    assert 'href="/a&quot;b/index.html"' in body


def test_lead_chart_is_the_pages_or_the_chapters_first():
    charts = {"chapters/kazakhstan": [("a", "A"), ("b", "B")], "chapters/timeline": [("t", "T")]}
    assert discovery.lead_chart(charts, "chapters/timeline") == ("t", "T")
    assert discovery.lead_chart(charts, "chapters/cite") == ("a", "A")
    assert discovery.lead_chart({}, "chapters/cite") is None


def test_every_page_has_a_subject():
    subjects = {d: discovery.subject(d) for d in DOCNAMES}
    assert {d for d, s in subjects.items() if s == "chapter"} == {
        "index",
        "chapters/kazakhstan",
        "chapters/exercises",
    }
    assert {d for d, s in subjects.items() if s == "book"} == {"chapters/back-cover", "chapters/dedication"}


# --- the built pages -----------------------------------------------------------------------


@pytest.mark.build
@pytest.mark.parametrize("page", PAGES)
def test_extruct_reads_the_chapter_its_book_and_the_edition(site, page):
    from conftest import SITE_URL

    html, soup = _read(site, page)
    data = extruct.extract(
        html, base_url=f"{SITE_URL}/{page}", syntaxes=["json-ld", "opengraph", "dublincore"], uniform=True
    )
    graph = _graph(data)
    chapter, book, edition, webpage = graph["Chapter"], graph["Book"], graph["CreativeWork"], graph["WebPage"]
    assert chapter["name"] == "Kazakhstan"
    assert chapter["author"][0]["name"] == "Adil Nurmakov"
    assert chapter["isPartOf"] == {"@id": book["@id"]}
    assert book["isbn"] == "978-92-95096-14-1" and book["@id"] == "urn:isbn:978-92-95096-14-1"
    assert book["editor"][0]["name"] == "Alan Finlay"
    assert [p["name"] for p in book["publisher"]] == list(citation.publishers())
    assert chapter["license"] == book["license"] == CC_BY
    assert edition["isBasedOn"] == {"@id": chapter["@id"]}
    assert edition["version"] == kzedition.__version__
    assert edition["contributor"] and "translator" not in edition
    assert edition["url"] == f"{SITE_URL}/" and edition["@id"] == f"{SITE_URL}/"
    assert webpage["url"] == f"{SITE_URL}/{page}" and webpage["isPartOf"] == {"@id": edition["@id"]}
    assert webpage["inLanguage"] == "en"
    # Open Graph: title, description and an absolute image
    (og,) = data["opengraph"]
    assert og["og:title"] and og["og:url"] == f"{SITE_URL}/{page}"
    assert og["og:description"] == soup.head.find("meta", attrs={"name": "description"})["content"]
    assert og["og:image"].startswith(f"{SITE_URL}/_static/figures/") and og["og:image"].endswith(".png")
    assert og["og:image:alt"].startswith("Chart: ")
    assert og["og:site_name"].startswith("GISWatch 2011: Kazakhstan")
    # Dublin Core
    (dc,) = data["dublincore"]
    names = {e["name"] for e in dc["elements"]}
    assert {"DC.title", "DC.date", "DC.publisher", "DC.language", "DC.rights"} <= names


@pytest.mark.build
@pytest.mark.parametrize("page", PAGES)
def test_zotero_saves_the_chapter_or_the_book_from_the_reports_pages(site, page):
    _, soup = _read(site, page)
    item = zotero_item(soup)
    subject = discovery.subject(page.removesuffix(".html"))
    if subject == "edition":
        assert "title" not in item, "an edition page carries no Highwire tags"
        return
    assert item["language"] == "en" and item["date"] == "2011"
    assert item["ISBN"] == "978-92-95096-14-1"
    assert item["publisher"].startswith("Association for Progressive Communications (APC)")
    assert item["pdf"].endswith(f"/releases/download/v{kzedition.__version__}/giswatch2011-kazakhstan.pdf")
    if subject == "chapter":
        assert item["itemType"] == "bookSection" and item["title"] == "Kazakhstan"
        assert item["creators"] == ["Nurmakov, Adil"]
        assert item["bookTitle"].startswith("Global Information Society Watch 2011")
        assert item["og:type"] == "article"  # not "website", which Zotero's RDF reading turns into a web page
    else:
        assert item["itemType"] == "book" and item["title"].startswith(
            "Global Information Society Watch 2011"
        )
        assert item["og:type"] == "book"
    names = [m.get("name") for m in soup.head.find_all("meta")]
    assert "citation_firstpage" not in names and "citation_lastpage" not in names  # unknown: left out
    # Highwire tags come before the Open Graph tags
    head = str(soup.head)
    assert head.index('name="citation_title"') < head.index('property="og:type"')


@pytest.mark.build
def test_json_ld_is_data_not_script(site):
    for page in PAGES:
        _, soup = _read(site, page)
        blocks = soup.find_all("script", type="application/ld+json")
        assert len(blocks) == 1, page
        assert "<" not in blocks[0].string and "&" not in blocks[0].string, page


@pytest.mark.build
@pytest.mark.parametrize("page", ["chapters/kazakhstan.html", "chapters/cite.html"])
def test_the_preview_image_is_at_its_address(site, server, page):
    _, soup = _read(site, page)
    image = soup.head.find("meta", property="og:image")["content"]
    path = image.split("/", 3)[3]
    with urllib.request.urlopen(f"{server}/{path}") as response:
        assert response.headers["Content-Type"] == "image/png"
        assert response.read().startswith(b"\x89PNG\r\n\x1a\n")  # read whole: the server finishes writing


@pytest.mark.build
def test_sitemap_lists_every_page_with_its_absolute_address(site):
    from conftest import SITE_URL

    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locs = [e.text for e in ET.parse(site / discovery.SITEMAP).getroot().findall("s:url/s:loc", ns)]
    assert sorted(locs) == sorted(f"{SITE_URL}/{page}" for page in PAGES)
    for loc in locs:
        assert (site / loc.removeprefix(SITE_URL + "/")).is_file(), loc
    robots = (site / "robots.txt").read_text(encoding="utf-8")
    assert f"Sitemap: {SITE_URL}/sitemap.xml" in robots.splitlines()


@pytest.mark.build
def test_404_page_is_in_the_editions_style_and_links_to_the_contents(site):
    _, soup = _read(site, "404.html")
    assert [h.get_text(strip=True) for h in soup.find_all("h1")] == [
        "Page not found"
    ] * 2  # print heading too
    assert soup.select_one("article h1").get_text(strip=True) == "Page not found"
    contents = soup.find("a", string=re.compile("contents"))
    assert contents["href"] == "/index.html"
    sheets = [link["href"] for link in soup.find_all("link", rel="stylesheet")]
    assert any("edition.css" in href for href in sheets) and all(href.startswith("/") for href in sheets)
    assert soup.find("html")["lang"] == "en"
    assert not soup.find("script", type="application/ld+json")  # a missing page describes nothing


@pytest.mark.browser
@pytest.mark.parametrize("path", ["missing.html", "chapters/missing.html", "a/b/c/d/missing"])
def test_404_works_at_any_depth(browser, site, path):
    from tools.browser import open_page

    with serve(site, free_port(), not_found_page=True) as url:
        with pytest.raises(urllib.error.HTTPError) as answer:
            urllib.request.urlopen(f"{url}/{path}")
        assert answer.value.code == 404
        assert b"Page not found" in answer.value.read()  # the whole page, read before the connection closes
        loaded = open_page(browser, f"{url}/{path}")
        page = loaded.page
        try:
            assert page.locator("article h1").inner_text() == "Page not found"
            statuses = page.evaluate(
                "() => performance.getEntriesByType('resource').map(e => [e.name, e.responseStatus])"
            )
            assert statuses and [s for s in statuses if s[1] != 200] == [], statuses
            # the theme's stylesheet applied: the page is drawn in the edition's style
            assert page.evaluate(
                "() => getComputedStyle(document.body).getPropertyValue('--pst-color-primary')"
            )
            page.get_by_role("link", name="Go to the contents of the edition").click()
            page.wait_for_url(f"{url}/index.html")
            assert "Kazakhstan" in page.title()
        finally:
            page.context.close()
