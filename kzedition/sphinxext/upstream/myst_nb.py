"""Workarounds for myst-nb (1.4.0)."""

from __future__ import annotations

from html import escape
from typing import Any

from kzedition import __version__


def visit_hide_cell_html(self, node) -> None:
    """myst-nb's collapsible cell, with a valid and accessibly named ``<summary>``.

    ``myst_nb.sphinx_.visit_HideCellInput`` puts ``<p>`` inside ``<summary>``
    (which allows phrasing content only: Nu validator) and names it
    ``aria-label="Toggle hidden content"``, which is not the text it shows
    (axe ``label-content-name-mismatch``, serious). This writes the same
    structure and classes with ``<span>`` and no ``aria-label``: the summary
    is named by the prompt it shows ("Show code cell source");
    ``theme_static/theme-fixes.css`` gives the spans the rules myst-nb's
    stylesheet gives the paragraphs. Raw HTML, escaped: it must be exactly
    myst-nb's markup, whose closing tags ``depart_HideCellInput`` writes.
    Seen with myst-nb 1.4.0; no upstream issue was found. Remove when
    myst-nb's summary holds no ``<p>`` and no ``aria-label``.
    """
    classes = " ".join(node["classes"])
    self.body.append(f'<details class="admonition hide {escape(classes)}">\n')
    self.body.append(
        "<summary>"
        f'<span class="collapsed admonition-title">{escape(node["prompt_show"])}</span>'
        f'<span class="expanded admonition-title">{escape(node["prompt_hide"])}</span>'
        "</summary>\n"
    )


def _override_hide_cell(app) -> None:
    """Through Sphinx's public ``add_node(..., override=True)``, once myst-nb is loaded.

    myst-nb offers no public hook for the markup of its collapsed cells, so
    its node class and closing visitor are imported from ``myst_nb.sphinx_``
    (the module that defines them; myst-nb exports no other name for them).
    """
    from myst_nb.sphinx_ import HideCodeCellNode, depart_HideCellInput

    app.add_node(HideCodeCellNode, override=True, html=(visit_hide_cell_html, depart_HideCellInput))


def setup(app) -> dict[str, Any]:
    app.connect("builder-inited", _override_hide_cell)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
