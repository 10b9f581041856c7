"""Readers: every page has a title, a description and the licence line; the
glossary is linked from first mentions; sources, timeline and search work."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from kzedition import data, notebook_export, reading_text
from tools.browser import script

#: The JavaScript the tests run in pages (:func:`tools.browser.script`).
JS = Path(__file__).parent / "js"

PAGES = [str(Path(p).with_suffix(".html")) for p in notebook_export.toc_sources()]


def _soup(site: Path, page: str) -> BeautifulSoup:
    return BeautifulSoup((site / page).read_text(encoding="utf-8"), "lxml")


@pytest.mark.parametrize("page", PAGES)
def test_page_has_title_description_and_licence(site, page):
    soup = _soup(site, page)
    assert soup.title and soup.title.get_text(strip=True)
    description = soup.select_one('meta[name="description"]')
    assert description is not None and len(description["content"]) > 40
    footer = " ".join(f.get_text(" ", strip=True) for f in soup.select("footer"))
    assert "CC BY 3.0" in footer and "APC and Hivos" in footer


def test_first_mentions_link_to_the_glossary(site):
    glossary = _soup(site, "chapters/glossary.html")
    terms = {dt["id"] for dt in glossary.select("dl.glossary dt[id]")}
    chapter = _soup(site, "chapters/kazakhstan.html").select_one("article")
    linked = [a["href"].split("#", 1)[1] for a in chapter.select('a[href^="glossary.html#term-"]')]
    assert set(linked) == terms, f"terms never linked: {terms - set(linked)}"
    assert len(linked) == len(set(linked)), "a term is linked more than once (only its first mention)"


def test_sources_page_lists_every_footnote_link_with_an_archived_copy(site):
    soup = _soup(site, "chapters/sources.html")
    assert (
        len(soup.select('.citation-list > [role="listitem"]')) == 13
    )  # 11 footnotes + the report and the volume
    rows = soup.select("table.footnote-links tbody tr")
    footnotes = reading_text.reading_text()["chapter"].footnotes
    with_urls = [n for n, note in footnotes.items() if "." in note.split()[-1] and "Interview" not in note]
    assert len(rows) == len(with_urls) == 9
    for row in rows:
        address, archive = [a["href"] for a in row.select("a")]
        assert archive == "https://web.archive.org/web/2011*/" + address


def test_timeline_shows_every_dated_event(site):
    rows = _soup(site, "chapters/timeline.html").select("table.timeline tbody tr")
    assert len(rows) == len(data.load("events"))


def test_search_finds_the_chapter(open_page):
    loaded = open_page("search.html?q=Kazakhtelecom", wait_for="#search-results li")
    results = loaded.page.eval_on_selector_all("#search-results li a", "els => els.map(e => e.href)")
    assert any(r.split("?")[0].endswith("chapters/kazakhstan.html") for r in results), results


@pytest.mark.browser
def test_search_index_loads_only_once_search_is_used(open_page):
    """The search index stays off a page's first load; the search dialog still finds the chapter."""
    loaded = open_page("chapters/dedication.html")
    search_scripts = ("searchindex.js", "searchtools.js", "language_data.js")
    assert [u for u in loaded.requests if u.split("?")[0].endswith(search_scripts)] == []
    page = loaded.page
    page.keyboard.press("Control+k")
    page.fill("#pst-search-dialog input[name=q]", "Kazakhtelecom")
    page.keyboard.press("Enter")
    page.wait_for_selector("#search-results li", timeout=20000)
    results = page.eval_on_selector_all("#search-results li a", "els => els.map(e => e.href)")
    assert any(r.split("?")[0].endswith("chapters/kazakhstan.html") for r in results), results


#: Scripts and stylesheets that act on some markup only (``kzedition.sphinxext.theme.PAGE_ASSETS``).
PAGE_ASSETS = ("copybutton", "clipboard.min.js", "togglebutton", "sphinx-design", "design-tabs")


@pytest.mark.browser
def test_code_and_toggle_assets_load_only_on_pages_that_use_them(open_page):
    text = open_page("chapters/dedication.html")
    assert [u for u in text.requests if any(name in u for name in PAGE_ASSETS)] == []
    chapter = open_page("chapters/kazakhstan.html")
    chapter.page.wait_for_selector("div.cell button.copybtn", state="attached")  # in collapsed cells
    assert chapter.page.locator("div.cell button.copybtn").count() > 0


VISIBLE_SEARCH = """() => [...document.querySelectorAll('.search-button-field, .search-button, form.bd-search')]
    .filter(e => e.offsetParent !== null && e.getBoundingClientRect().width > 0).length"""


@pytest.mark.browser
@pytest.mark.parametrize("width, mobile", [(1280, False), (360, True)])
def test_one_search_control_at_every_width(open_page, width, mobile):
    loaded = open_page("chapters/claims.html", viewport=(width, 800), mobile=mobile)
    assert loaded.page.evaluate(VISIBLE_SEARCH) == 1


@pytest.mark.browser
def test_claims_ledger_fits_the_text_column_at_1280(browser, server):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(f"{server}/chapters/claims.html", wait_until="load")
    table_right, article_right = page.evaluate(
        """() => [document.querySelector('table.claims-ledger').getBoundingClientRect().right,
                  document.querySelector('article.bd-article').getBoundingClientRect().right]"""
    )
    assert table_right <= article_right
    context.close()


@pytest.mark.browser
@pytest.mark.parametrize("width, mobile", [(1280, False), (768, False), (360, True)])
@pytest.mark.parametrize(
    "page",
    [
        "chapters/claims.html",
        "chapters/data.html",
        "chapters/sources.html",
        "chapters/timeline.html",
        "chapters/editorial-note.html",
        "chapters/exercises.html",
    ],
)
def test_wide_tables_fit_their_column(open_page, page, width, mobile):
    """Tables wrap to the text column (or the page widens): never cut off, no sideways page."""
    loaded = open_page(page, viewport=(width, 800), mobile=mobile)
    measured = loaded.page.evaluate(script("table_overflow", JS))
    assert measured["cut"] == [], f"{page} at {width} px (article {measured['article']}): {measured['cut']}"


def test_no_code_toggle_between_the_chapter_title_and_its_first_heading(site):
    """The reader meets the byline and the About box, then the first section."""
    article = _soup(site, "chapters/kazakhstan.html").select_one("article")
    title = article.find("h1")
    between = []
    for element in title.find_all_next():
        if element.name == "h2":
            break
        between.append(element)
    toggles = [e for e in between if e.name == "details" or "cell" in (e.get("class") or [])]
    assert title and len(between) > 1 and toggles == []


FIRST_SECTION_TOP = (
    "() => document.querySelector('article section section').getBoundingClientRect().top + scrollY"
)


@pytest.mark.browser
def test_the_closed_note_is_closed_from_the_first_paint(browser, server):
    """The chapter's About box is a dropdown that sphinx-togglebutton's script
    closes; the page must not move when it runs (Lighthouse measured a layout
    shift of 0.7 on phones). The first section stands at the same place
    before that script runs (here: never) and after."""
    tops = []
    for block in (True, False):
        context = browser.new_context(viewport={"width": 412, "height": 823}, is_mobile=True)
        tab = context.new_page()
        if block:
            tab.route("**/togglebutton.js*", lambda route: route.abort())
        tab.goto(f"{server}/chapters/kazakhstan.html", wait_until="load")
        tab.wait_for_timeout(300)
        tops.append(tab.evaluate(FIRST_SECTION_TOP))
        context.close()
    before_script, after_script = tops
    assert abs(before_script - after_script) <= 2, (
        f"the first section moves from {before_script} to {after_script} px"
    )


@pytest.mark.browser
@pytest.mark.parametrize("width, mobile", [(1280, False), (360, True)])
def test_tables_in_opened_solutions_fit(open_page, width, mobile):
    """The exercises' solutions, opened as a student opens them: their pandas tables fit too."""
    loaded = open_page("chapters/exercises.html", viewport=(width, 800), mobile=mobile)
    for button in loaded.page.locator("div.solution button.toggle-button").all():
        button.click()
    loaded.page.wait_for_function("() => !document.querySelector('div.solution.toggle-hidden')")
    measured = loaded.page.evaluate(script("table_overflow", JS))
    assert measured["cut"] == [], f"exercises at {width} px: {measured['cut']}"
