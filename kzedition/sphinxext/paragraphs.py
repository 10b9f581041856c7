"""Sphinx extension ``kzedition.sphinxext.paragraphs``: paragraph permalinks and "cite this paragraph".

Every paragraph of the report's text (the back cover, the dedication and the
chapter; list items and the back cover's definition items count, headings,
the byline, the edition's notes, code cells and footnotes do not) gets a
stable id, a ``¶`` link to itself and a **Cite** button.

Which paragraphs are the report's, their ids, print pages and citations
come from :mod:`kzedition.paragraph_ids` (no Sphinx needed; its docstring
says how ids and print pages are given, and how the checked-in list
``text/paragraph-ids.yml`` is regenerated). At read time a transform walks
the paragraphs of the three report pages that are report text and pairs
them, in order, with those of the reading text; a page paragraph that
matches none, or a paragraph of the reading text the page lacks, is a build
warning naming it (an error in the strict build).

**Markup.** Each paragraph ends with ``<span class="edition para-tools">``
holding ``<a class="paralink" href="#p-12" aria-label="Link to paragraph
12">¶</a>`` and ``<button class="cite-para" data-cite="…">Cite</button>``;
``static/paragraphs.js`` (served from ``_static``, on the three report pages
only) copies the citation with the page's address to the clipboard and shows
it in a status message (``role="status"``), with links to the paragraph's
BibTeX, RIS and CSL-JSON files (``data-cite-files``: ``cite/p-12.bib``, …,
written by :mod:`kzedition.sphinxext.citations`). ``edition.css`` shows the two on
hover and on keyboard focus and hides them in print. The ``edition`` class
keeps them out of the fidelity tests' text (:mod:`tools.page_text`).
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx.transforms import SphinxTransform
from sphinx.util import logging

from kzedition import __version__
from kzedition.i18n import _
from kzedition.paragraph_ids import (
    DOCNAMES,
    Paragraph,
    fold,
    match_paragraphs,
    paired_in_order,
    paragraph_table,
)

logger = logging.getLogger(__name__)

JS_FILE = "paragraphs.js"  #: in kzedition/sphinxext/static/ (site_static)
CITE_FILES = "cite"  #: the folder of the citation files in the site (kzedition.sphinxext.citations)

# --- the doctree ---------------------------------------------------------------


class paragraph_tools(nodes.Inline, nodes.Element):  # noqa: N801 (docutils names nodes in lower case)
    """The ``¶`` link and the Cite button at the end of a report paragraph (HTML only)."""


def visit_paragraph_tools_html(self, node: paragraph_tools) -> None:
    from html import escape

    from sphinx.util.osutil import relative_uri

    pid, label = node["target"], node["label"]
    # the paragraph's citation files (kzedition.sphinxext.citations writes them): <files>.bib, .ris, .json
    here = self.builder.get_target_uri(self.builder.current_docname)
    files = escape(relative_uri(here, f"{CITE_FILES}/{pid}"))
    lang = self.builder.config.language or "en"
    link = escape(_("Link to {label}", lang).format(label=label))
    cite = escape(_("Cite {label}", lang).format(label=label))
    copy = escape(_("Copy a citation of {label}", lang).format(label=label))
    button = escape(_("Cite", lang))
    self.body.append(
        '<span class="edition para-tools">'
        f'<a class="paralink" href="#{pid}" aria-label="{link}" title="{link}">¶</a>'
        f'<button type="button" class="cite-para" data-target="{pid}" data-cite="{escape(node["cite"])}"'
        f' data-cite-files="{files}" aria-label="{cite}" title="{copy}">{button}</button>'
        "</span>"
    )
    raise nodes.SkipNode


def skip_node(self, node) -> None:
    raise nodes.SkipNode


def _excluded(node: nodes.Node) -> bool:
    """Whether ``node`` lies in an addition of the edition, a cell, a footnote or the byline."""
    current = node
    while current is not None:
        if isinstance(
            current,
            (
                nodes.footnote,
                nodes.admonition,
                nodes.table,
                nodes.docinfo,
                nodes.field_list,
                nodes.system_message,
            ),
        ):
            return True
        classes = current.get("classes", []) if isinstance(current, nodes.Element) else []
        if {"edition", "cell", "byline"} & set(classes):
            return True
        current = current.parent
    return False


def report_text(node: nodes.Element) -> str:
    """A unit's text as the reading text has it: no footnote numbers, no edition marks.

    MyST keeps inline HTML as raw nodes around ordinary text (``<a class="edition
    edition-mark">``, ``†``, ``</a>``), so the unit is written out as HTML, raw
    nodes verbatim, and read back with the ``edition`` elements removed, as
    :mod:`tools.page_text` reads the built page.
    """
    from html import escape

    from bs4 import BeautifulSoup

    out = []

    def walk(current: nodes.Node) -> None:
        if isinstance(current, (nodes.footnote_reference, paragraph_tools)):
            return
        if isinstance(current, nodes.raw):
            if "html" in current.get("format", "").split():
                out.append(current.astext())
            return
        if isinstance(current, nodes.Text):
            out.append(escape(str(current)))
            return
        if "edition" in current.get("classes", []):
            return
        for child in current.children:
            walk(child)

    walk(node)
    soup = BeautifulSoup("".join(out), "html.parser")
    for extra in soup.select(".edition"):
        extra.decompose()
    return fold(soup.get_text(""))


def report_units(doctree: nodes.document) -> list[tuple[nodes.Element, nodes.Element, str]]:
    """The report's paragraphs on a page, in order: (node given the id, node the tools go in, text).

    A definition-list item (the back cover's stories) is one paragraph of the
    source: its term carries the id and the tools, its text is term and definition.
    """
    units = []
    for node in doctree.findall(lambda n: isinstance(n, (nodes.paragraph, nodes.definition_list_item))):
        if _excluded(node):
            continue
        if isinstance(node, nodes.paragraph) and any(
            isinstance(a, nodes.definition_list_item) for a in _ancestors(node)
        ):
            continue  # part of its item
        if isinstance(node, nodes.definition_list_item):
            term = node.next_node(nodes.term)
            definition = node.next_node(nodes.definition)
            units.append((term, term, fold(report_text(term) + " " + report_text(definition))))
        else:
            units.append((node, node, report_text(node)))
    return units


def _ancestors(node: nodes.Node):
    parent = node.parent
    while parent is not None:
        yield parent
        parent = parent.parent


class ParagraphIds(SphinxTransform):
    """Give the report's paragraphs their ids and permalinks (see the module docstring)."""

    default_priority = 850  # after footnote numbering (620) and smart quotes (750)

    def apply(self, **kwargs: Any) -> None:
        part = DOCNAMES.get(self.env.docname)
        if part is None:
            return
        expected = [p for p in paragraph_table() if p.part == part]
        units = report_units(self.document)
        if (self.config.language or "en") == "en":
            pairs, problems = match_paragraphs(expected, [text for _, _, text in units])
        else:  # a translation: paragraph for paragraph, in the same order (one message each)
            pairs, problems = paired_in_order(expected, len(units))
        for e, u in pairs:
            target, holder, _ = units[u]
            self._link(expected[e], target, holder)
        for unit, message in problems:
            location = units[unit][0] if unit is not None else self.env.docname
            logger.warning(message, location=location, type="kzedition", subtype="paragraphs")

    def _link(self, para: Paragraph, target: nodes.Element, holder: nodes.Element) -> None:
        if para.id in self.document.ids:
            logger.warning(
                "paragraph id %s is already used on the page", para.id, location=target, type="kzedition"
            )
            return
        target["ids"].insert(0, para.id)
        self.document.ids[para.id] = target
        language = self.config.language or "en"
        holder += paragraph_tools(
            "", target=para.id, label=para.label_in(language), cite=para.citation_in(language)
        )


def _add_script(app, pagename: str, templatename: str, context: dict, doctree) -> None:
    """The cite script on the pages that have paragraph tools (the report's, or the single page)."""
    if doctree is not None and next(iter(doctree.findall(paragraph_tools)), None) is not None:
        app.add_js_file(JS_FILE, loading_method="defer")


def setup(app) -> dict[str, Any]:
    app.setup_extension("kzedition.sphinxext.site_static")  # serves paragraphs.js
    app.add_node(
        paragraph_tools,
        html=(visit_paragraph_tools_html, None),
        **{fmt: (skip_node, None) for fmt in ("latex", "text", "man", "texinfo")},
    )
    app.add_transform(ParagraphIds)
    app.connect("html-page-context", _add_script)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
