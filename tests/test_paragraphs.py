"""Paragraph permalinks (kzedition/paragraph_ids.py, kzedition/sphinxext/paragraphs.py): every paragraph of
the report, back cover and dedication has one stable id, as checked in to
text/paragraph-ids.yml, one link to itself and a Cite button; in chromium the
link shows on keyboard focus and the button copies the citation."""

from __future__ import annotations

import re
from collections import Counter

import pytest
from bs4 import BeautifulSoup, Tag

from kzedition import paragraph_ids
from kzedition.paragraph_ids import IDS_FILE, Paragraph, load_ids, paragraph_table, render_ids

PAGES = ["chapters/back-cover.html", "chapters/dedication.html", "chapters/kazakhstan.html"]
ID = re.compile(r"^(?:back-cover-p|dedication-p|p)-\d+$")
#: what is not the report's text on its pages (the edition's additions, cells, footnotes)
NOT_REPORT = "div.cell, .edition, aside.footnote-list, aside.footnote, .byline"


def _article(site, page) -> Tag:
    return BeautifulSoup((site / page).read_text(encoding="utf-8"), "lxml").select_one("article.bd-article")


def _text(node: Tag) -> str:
    """A unit's text as a reader sees it, the edition's additions left out."""
    node = BeautifulSoup(str(node), "lxml")
    for extra in node.select(".edition, a.footnote-reference"):
        extra.decompose()
    return re.sub(r"\s+", " ", node.get_text("")).strip()


def report_units(article: Tag) -> list[Tag]:
    """The report's paragraphs of a page: ``<p>`` outside the edition's additions, and the
    back cover's ``<dt>`` items (their ``<dd>`` belongs to them)."""
    excluded = set(map(id, article.select(NOT_REPORT)))
    units = []
    for node in article.find_all(["p", "dt"]):
        if any(id(a) in excluded for a in [node, *node.parents]) or node.find_parent("dd"):
            continue
        units.append(node)
    return units


def unit_text(node: Tag) -> str:
    if node.name == "dt":
        return f"{_text(node)} {_text(node.find_next_sibling('dd'))}"
    return _text(node)


def test_checked_in_list_is_current():
    assert IDS_FILE.read_text(encoding="utf-8") == render_ids(paragraph_table()), (
        "text/paragraph-ids.yml is stale: run 'python -m kzedition.paragraph_ids --write' and review the diff"
    )


def test_ids_follow_the_reading_order_per_part():
    entries = load_ids()
    assert [e["id"] for e in entries][:9] == [f"back-cover-p-{n}" for n in range(1, 9)] + ["dedication-p-1"]
    chapter = [e for e in entries if e["page"] == "chapters/kazakhstan.html"]
    assert [e["id"] for e in chapter] == [f"p-{n}" for n in range(1, len(chapter) + 1)]
    # the paragraph page 167 begins in, and the ones around it
    pages = {e["id"]: e["print_page"] for e in chapter}
    assert pages["p-10"] == "before 167" and pages["p-11"] == "166–167" and pages["p-12"] == "167"


def test_built_ids_equal_the_checked_in_list(site):
    built = []
    for page in PAGES:
        for node in _article(site, page).find_all(id=ID):
            built.append({"id": node["id"], "page": page, "starts": " ".join(unit_text(node).split()[:8])})
    expected = [{k: e[k] for k in ("id", "page", "starts")} for e in load_ids()]
    assert built == expected


@pytest.mark.parametrize("page", PAGES)
def test_every_report_paragraph_has_one_id_and_one_self_link(site, page):
    article = _article(site, page)
    entries = {e["id"]: e for e in load_ids() if e["page"] == page}
    units = report_units(article)
    assert [u.get("id") for u in units] == list(entries), [
        unit_text(u)[:50] for u in units if not u.get("id")
    ]
    for unit in units:
        pid = unit["id"]
        links = unit.select("a.paralink")
        assert [a["href"] for a in links] == [f"#{pid}"], pid
        label = Paragraph.from_entry(entries[pid]).label
        assert links[0]["aria-label"] == f"Link to {label}"
        buttons = unit.select("button.cite-para")
        assert len(buttons) == 1 and buttons[0]["data-target"] == pid, pid
        assert buttons[0]["data-cite"] == Paragraph.from_entry(entries[pid]).citation
        assert not unit.find_all(id=ID), f"{pid}: another paragraph id inside the paragraph"
    # nothing else on the page carries a paragraph link
    assert len(article.select("a.paralink")) == len(units)


@pytest.mark.parametrize("page", PAGES)
def test_ids_are_unique_on_the_page(site, page):
    soup = BeautifulSoup((site / page).read_text(encoding="utf-8"), "lxml")
    counts = Counter(node["id"] for node in soup.find_all(id=True))
    assert [i for i, n in counts.items() if n > 1] == []


def test_citations_name_the_print_page_and_paragraph():
    by_id = {e["id"]: Paragraph.from_entry(e) for e in load_ids()}
    assert by_id["p-12"].citation == (
        'Nurmakov, Adil (2011) "Kazakhstan", in Global Information Society Watch 2011, p. 167, para. 12.'
    )
    assert by_id["p-11"].citation.endswith(", pp. 166–167, para. 11.")
    assert by_id["p-1"].citation.endswith(", before p. 167, para. 1.")
    assert by_id["p-12"].label == "paragraph 12"
    assert by_id["back-cover-p-3"].label == "paragraph 3 of the back cover"
    assert by_id["back-cover-p-3"].citation == (
        "APC and Hivos (2011) Global Information Society Watch 2011, back cover, para. 3."
    )


def test_a_paragraph_the_page_lacks_or_adds_is_named():
    expected = [p for p in paragraph_table() if p.part == "chapter"]
    texts = [p.text for p in expected]
    pairs, problems = paragraph_ids.match_paragraphs(expected, texts)
    assert problems == [] and pairs == [(i, i) for i in range(len(expected))]

    changed = texts[:3] + ["An unlisted paragraph of the edition."] + texts[4:5] + texts[6:]
    pairs, problems = paragraph_ids.match_paragraphs(expected, changed)
    messages = [m for _, m in problems]
    assert any("p-4 of the reading text" in m and "The media environment" in m for m in messages), messages
    assert any("p-6 of the reading text" in m for m in messages), messages
    assert any(
        "'An unlisted paragraph of the edition.'" in m and "matches no paragraph" in m for m in messages
    )
    assert (7, 6) in pairs  # the ids after the gap stay those of the reading text


@pytest.mark.browser
def test_link_shows_on_keyboard_focus_and_cite_copies(open_page, server):
    loaded = open_page("chapters/kazakhstan.html")
    page = loaded.page
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=server)
    link = page.locator('a.paralink[href="#p-1"]')
    assert link.evaluate("e => getComputedStyle(e).opacity") == "0"
    page.evaluate("() => { document.activeElement?.blur(); window.scrollTo(0, 0); }")
    for _ in range(400):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.matches('a.paralink')"):
            break
    assert page.evaluate("() => document.activeElement.getAttribute('href')") == "#p-1"
    page.wait_for_function("() => getComputedStyle(document.activeElement).opacity === '1'")
    assert page.evaluate("() => document.activeElement.getAttribute('aria-label')") == "Link to paragraph 1"
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.dataset.target") == "p-1"

    button = page.locator('button.cite-para[data-target="p-12"]')
    button.focus()
    assert button.evaluate("e => getComputedStyle(e).opacity") != "0" or page.wait_for_function(
        "() => getComputedStyle(document.activeElement).opacity === '1'"
    )
    page.keyboard.press("Enter")
    expected = (
        'Nurmakov, Adil (2011) "Kazakhstan", in Global Information Society Watch 2011, p. 167, para. 12. '
        f"{server}/chapters/kazakhstan.html#p-12"
    )
    page.wait_for_function("() => document.querySelector('.cite-status')?.textContent.includes('para. 12')")
    assert page.evaluate("() => navigator.clipboard.readText()") == expected
    status = page.locator(".cite-status[role=status]")
    assert status.inner_text().startswith("Citation copied:")
    assert page.locator(".cite-status .cite-text").inner_text() == expected
    assert loaded.console_errors == []
