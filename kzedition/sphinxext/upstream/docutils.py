"""Workarounds for docutils (0.21.2)."""

from __future__ import annotations

from typing import Any

from kzedition import __version__


def visit_citation_html(self, node) -> None:
    """A bibliography entry as a ``listitem`` of its ``list`` (docutils' markup otherwise).

    docutils writes bibliography entries (the sources page) as
    ``role="doc-biblioentry"`` items of a ``role="list"``: DPUB-ARIA 1.1
    deprecated that role, so the list has no valid items (axe
    ``aria-required-children``, critical); they are written as
    ``role="listitem"``, the role DPUB-ARIA names in its place (the
    deprecation: w3c/dpub-aria#22). Seen with docutils 0.21.2; no docutils
    issue was found. Remove when docutils writes citations without
    ``doc-biblioentry``.
    """
    if not isinstance(node.previous_sibling(), type(node)):
        self.body.append('<div role="list" class="citation-list">\n')
    self.body.append(self.starttag(node, "div", classes=[node.tagname], role="listitem"))


def _override_citation(app) -> None:
    """Through Sphinx's public ``add_node(..., override=True)``, once every extension is loaded."""
    from docutils import nodes
    from sphinx.writers.html5 import HTML5Translator

    app.add_node(nodes.citation, override=True, html=(visit_citation_html, HTML5Translator.depart_citation))


def setup(app) -> dict[str, Any]:
    app.connect("builder-inited", _override_citation)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
