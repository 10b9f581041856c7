"""Read the report's text back out of a built HTML page.

The fidelity tests compare what a reader sees with the reading text of
:mod:`kzedition.reading_text`. The edition's own additions are removed first: code
cells and their outputs, elements of class ``edition`` (notes, the page
marker, the † marks, the paragraph permalinks and Cite buttons), heading permalinks, footnote references and the
footnote list (compared separately).
"""

from __future__ import annotations

import re
from pathlib import Path

from bs4 import BeautifulSoup, Tag

from kzedition.reading_text import segments

EDITION_SELECTORS = (
    "div.cell",
    ".edition",
    "a.headerlink",
    "a.footnote-reference",
    "aside.footnote-list",
    "hr.footnotes",
)
BLOCKS = ("h1", "h2", "h3", "h4", "h5", "h6", "p", "li", "dt", "dd")
HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}


def _article(html: str) -> Tag:
    article = BeautifulSoup(html, "lxml").select_one("article.bd-article")
    if article is None:
        raise ValueError("no <article class='bd-article'> in page")
    return article


def _text(node: Tag) -> str:
    """Text of a block as a reader sees it: inline elements joined, white space folded."""
    return re.sub(r"\s+", " ", node.get_text("")).strip()


def page_blocks(path: Path, drop_title: bool = False) -> list[tuple[str, str]]:
    """The page's report text as ``(kind, text)`` blocks, edition additions removed."""
    article = _article(Path(path).read_text(encoding="utf-8"))
    for selector in EDITION_SELECTORS:
        for node in article.select(selector):
            node.decompose()
    if drop_title:
        article.select_one("h1").decompose()
    blocks = []
    for node in article.find_all(BLOCKS):
        if node.find_parent(BLOCKS[6:]) is not None:  # nested paragraph in li/dd
            continue
        text = _text(node)
        if text:
            blocks.append(("heading" if node.name in HEADINGS else "paragraph", text))
    return blocks


def page_segments(path: Path, drop_title: bool = False) -> list[str]:
    """Sentences and headings of the page's report text, as :func:`reading_text.segments` makes them."""
    return segments(page_blocks(path, drop_title))


def page_footnotes(path: Path) -> dict[int, dict]:
    """Footnotes of the page: number -> text, links, id and the ids that reference it."""
    article = _article(Path(path).read_text(encoding="utf-8"))
    refs: dict[str, list[str]] = {}
    for ref in article.select("a.footnote-reference"):
        refs.setdefault(ref["href"].lstrip("#"), []).append(ref.get("id", ""))
    notes = {}
    for aside in article.select("aside.footnote"):
        label = aside.select_one(".label")
        number = int(re.sub(r"\D", "", label.get_text()))
        backlinks = [a["href"].lstrip("#") for a in label.select("a[role=doc-backlink]")]
        label.decompose()
        notes[number] = {
            "id": aside["id"],
            "text": _text(aside),
            "links": [a["href"] for a in aside.select("a[href]")],
            "referenced_by": refs.get(aside["id"], []),
            "backlinks": backlinks,
        }
    return notes


def reference_contexts(path: Path, width: int = 40) -> dict[int, str]:
    """For each footnote reference, the ``width`` characters of text before it."""
    article = _article(Path(path).read_text(encoding="utf-8"))
    for selector in ("div.cell", ".edition", "a.headerlink"):
        for node in article.select(selector):
            node.decompose()
    marker = "\u2063FN{}\u2063"
    for ref in article.select("a.footnote-reference"):
        ref.replace_with(marker.format(re.sub(r"\D", "", ref.get_text())))
    text = _text(article)
    return {
        int(m.group(1)): text[max(0, m.start() - width) : m.start()].rstrip()
        for m in re.finditer("\u2063FN(\\d+)\u2063", text)
    }
