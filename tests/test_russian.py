"""The Russian edition (issue 22): the same site under ``ru/``, from the same sources, data and claims.

What only the whole build shows: both sites page for page, ``<html lang>``,
the language switch and ``hreflang`` alternates both ways, the paragraph ids
identical in both languages, the pasted values in Russian form computed from
the same claims, footnote marks linked, the notice of an unofficial translation
on the report's pages, Russian search. The browser gates (axe, no request to
another host, the Nu validator) cover the Russian pages through
``tools.quality.toc_pages``; the catalogs' own checks are in tests/test_translations.py.
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path

import pytest
from conftest import SITE_URL
from lxml import html as lxml_html

from kzedition import claims, printed, prose
from tools import quality

pytestmark = pytest.mark.build

ENGLISH_PAGES = [p for p in quality.toc_pages() if not p.startswith("ru/")]
REPORT_PAGES = ("chapters/back-cover.html", "chapters/dedication.html", "chapters/kazakhstan.html")
CHAPTER = "chapters/kazakhstan.html"


@cache
def parsed(path: Path):
    return lxml_html.parse(str(path)).getroot()


def test_the_russian_site_has_every_page_at_the_same_path(site):
    missing = [p for p in ENGLISH_PAGES if not (site / "ru" / p).is_file()]
    assert missing == []


@pytest.mark.parametrize("page", ENGLISH_PAGES)
def test_each_page_says_its_language_and_links_the_other(site, page):
    for lang, path in (("en", page), ("ru", f"ru/{page}")):
        root = parsed(site / path)
        assert root.get("lang") == lang, path
        alternates = {
            a.get("hreflang"): a.get("href") for a in root.xpath("//head/link[@rel='alternate'][@hreflang]")
        }
        assert set(alternates) == {"en", "ru", "x-default"}, path
        assert alternates["x-default"] == alternates["en"]
        if page == "404.html":
            continue  # its links are absolute from the site's root (sphinx-notfound-page)
        for other, href in alternates.items():
            target = "" if other in ("en", "x-default") else "ru/"
            assert href == f"{SITE_URL.rstrip('/')}/{target}{page}", (path, other, href)
        switch = root.xpath("//nav[contains(@class, 'kz-languages')]//a")
        assert [a.get("hreflang") for a in switch] == ["ru" if lang == "en" else "en"], path
        resolved = (site / path).parent / switch[0].get("href")
        assert resolved.resolve().is_file(), f"{path}: the language switch leads to {switch[0].get('href')}"


def paragraph_ids(root) -> list[str]:
    return [e.get("id") for e in root.xpath("//*[starts-with(@id, 'p-') or contains(@id, '-p-')]")]


@pytest.mark.parametrize("page", REPORT_PAGES)
def test_paragraph_ids_are_the_same_in_both_languages(site, page):
    english, russian = paragraph_ids(parsed(site / page)), paragraph_ids(parsed(site / "ru" / page))
    assert english and russian == english


def test_the_chapter_cites_the_same_paragraphs_in_both_languages(site):
    ids = paragraph_ids(parsed(site / CHAPTER))
    assert ids == [f"p-{n}" for n in range(1, 29)]


@cache
def russian_texts() -> dict[str, str]:
    """What the chapter's cells paste, formatted in Russian: the same values, the same claims."""
    values = prose.chapter_values()
    ledger = claims.ledger()
    return {
        name: printed.format_as(ledger[name].format, value, "ru")
        for name, value in values.items()
        if name in ledger
    }


def test_values_in_the_russian_prose_are_the_claims_in_russian_form(site):
    root = parsed(site / "ru" / CHAPTER)
    shown = [s.text_content() for s in root.xpath("//article//p//span[contains(@class, 'pasted-text')]")]
    english = [
        s.text_content()
        for s in parsed(site / CHAPTER).xpath("//article//p//span[contains(@class, 'pasted-text')]")
    ]
    assert len(shown) == len(english) > 30, "a value missing from a translated paragraph"
    expected = set(russian_texts().values())
    assert "95,55\xa0%" in shown and "4,3\xa0млн" in shown and "203\xa0000" in shown
    claimed = [text for text in shown if text in expected]
    assert len(claimed) >= len(expected) - 2, sorted(expected - set(shown))
    assert not any(re.fullmatch(r"[\d,]+\.\d+%?|\d{1,3}(,\d{3})+", text) for text in shown), shown


def test_footnote_marks_in_translated_paragraphs_are_links(site):
    for page in REPORT_PAGES:
        text = (site / "ru" / page).read_text(encoding="utf-8")
        assert "[^" not in text, f"ru/{page}: a footnote mark left as text"
    english, russian = parsed(site / CHAPTER), parsed(site / "ru" / CHAPTER)
    marks = "//a[contains(@class, 'footnote-reference')]"
    assert len(russian.xpath(marks)) == len(english.xpath(marks)) >= 11


@pytest.mark.parametrize("page", REPORT_PAGES)
def test_the_report_pages_say_the_translation_is_unofficial(site, page):
    notice = parsed(site / "ru" / page).xpath("//*[contains(@class, 'translation-notice')]")
    assert len(notice) == 1
    text = notice[0].text_content()
    assert "Неофициальный перевод" in text and "CC BY 3.0" in text and "не проверяли" in text
    assert notice[0].xpath(".//*[@lang='en']"), "the English title is marked as English"
    assert not parsed(site / page).xpath("//*[contains(@class, 'translation-notice')]")


def test_russian_search_uses_the_russian_stemmer(site):
    language_data = (site / "ru" / "_static" / "language_data.js").read_text(encoding="utf-8")
    assert "RussianStemmer" in language_data
    text = (site / "ru" / "searchindex.js").read_text(encoding="utf-8")
    terms = json.loads(text[text.index("(") + 1 : text.rindex(")")])["terms"]
    assert any(term.startswith("назарба") for term in terms)  # Назарбаев, Назарбаева, … by their stem
    assert "выбор" in terms  # выборы, выборов, выборах


def test_the_russian_table_of_contents_is_in_russian(site):
    root = parsed(site / "ru" / "index.html")
    captions = [
        c.text_content().strip()
        for c in root.xpath("//nav[contains(@class, 'bd-docs-nav')]//p[contains(@class, 'caption')]")
    ]
    assert captions == ["Доклад", "Издание"]


def test_one_csp_headers_file_covers_both_sites(site):
    headers = (site / "_headers").read_text(encoding="utf-8")
    assert "\n/ru/chapters/kazakhstan.html\n" in headers and "\n/chapters/kazakhstan.html\n" in f"\n{headers}"
    assert not (site / "ru" / "_headers").exists()


def notebook_cells(path: Path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


def test_the_russian_notebook_download_reads_in_russian(site):
    english = notebook_cells(site / "_sources" / "chapters" / "kazakhstan.ipynb")
    russian = notebook_cells(site / "ru" / "_sources" / "chapters" / "kazakhstan.ipynb")
    prose = "".join("".join(c["source"]) for c in russian if c["cell_type"] == "markdown")
    assert "Годы экономического благополучия" in prose and "Booming economic development" not in prose
    assert "95,55\xa0%" in prose and "{glue:text}" not in prose
    code = [c["source"] for c in russian if c["cell_type"] == "code"]
    assert code[1:] == [c["source"] for c in english if c["cell_type"] == "code"][1:]  # the same cells
    assert 'os.environ["KZEDITION_LANGUAGE"] = "ru"' in "".join(code[0])
    assert "KZEDITION_LANGUAGE" not in "".join(english[0]["source"])


def test_exercises_and_their_solutions_are_titled_in_russian(site):
    root = parsed(site / "ru" / "chapters" / "exercises.html")
    titles = [
        t.text_content()
        for t in root.xpath("//div[contains(@class, 'solution')]/p[contains(@class, 'admonition-title')]")
    ]
    assert titles and all(
        re.fullmatch(r"Решение к упражнению \d+ \([^A-Za-z]+\)", t.strip()) for t in titles
    ), titles


def test_the_cite_page_lists_its_files_in_russian(site):
    listing = parsed(site / "ru" / "chapters" / "cite.html").xpath(
        "//ul[contains(@class, 'cite-downloads')]"
    )[0]
    text = listing.text_content()
    assert "Доклад:" in text and "Это издание:" in text and "Все источники главы:" in text


def test_the_references_kept_in_their_english_form_are_marked_english(site):
    entry = "//div[@role='listitem'][contains(@class, 'citation')]"
    russian = parsed(site / "ru" / "chapters" / "sources.html").xpath(entry)
    english = parsed(site / "chapters" / "sources.html").xpath(entry)
    assert len(russian) == len(english) > 0
    assert all(e.get("lang") == "en" for e in russian)
    assert all(e.get("lang") is None for e in english)
