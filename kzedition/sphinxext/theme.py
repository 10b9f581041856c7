"""Sphinx extension ``kzedition.sphinxext.theme``: the book theme, lighter, accessible, valid.

The stock Jupyter Book theme (sphinx-book-theme on pydata-sphinx-theme) fails
the edition's quality gates in a few places; each is fixed here at its cause,
without disabling a rule or editing an installed package:

* **Weight.** pydata-sphinx-theme loads ``fontawesome.js`` (1.45 MB, about
  530 KiB gzip) on every page only to swap ``<i class="fa-...">`` for inline
  SVG; its stylesheet already draws the same icons with the Font Awesome web
  font. ``theme_templates/static/webpack-macros.html`` wraps the theme's
  asset macros and leaves that one ``<script>`` out. Its layout loads the
  whole site's search index (``searchindex.js``, with ``searchtools.js``
  and ``language_data.js``) render-blocking in every page's ``<head>``, for
  a search-as-you-type dialog that is off here (the dialog's form opens
  ``search.html``, which loads them itself): ``theme_templates/layout.html``
  leaves the three out of every other page while that option is off. The
  icon font is cut to the glyphs in use by :mod:`kzedition.sphinxext.icons`.
  Extensions add their assets to every page; those that only act on some
  markup leave the pages without it (:data:`PAGE_ASSETS`): the copy button
  (pages with code), the toggle button (pages with toggles or dropdowns),
  sphinx-design's stylesheet and tabs script (no page uses sphinx-design).
* **Accessibility** (axe ``label-content-name-mismatch``, serious):
  ``theme_templates/search-button-field.html`` drops the ``aria-label``
  "Search" of a button that shows "Search Ctrl+K" (its name is then its
  visible text), and ``theme_templates/theme-switcher.html`` hides the
  colour-mode icons, whose ``title`` attributes were visible text missing
  from the button's name. myst-nb's "Show code cell" toggle named
  ``<summary aria-label="Toggle hidden content">`` gets its name from its
  visible text instead. docutils writes bibliography entries (the sources
  page) as ``role="doc-biblioentry"`` items of a ``role="list"``: DPUB-ARIA
  1.1 deprecated that role, so the list has no valid items (axe
  ``aria-required-children``, critical); they are written as
  ``role="listitem"``, the role DPUB-ARIA names in its place. In dark mode the
  theme puts HTML cell outputs on a light card but keeps the dark theme's
  light link colours (contrast 2.2:1, axe ``color-contrast``):
  ``theme-fixes.css`` gives links on that card dark colours.
* **HTML validity** (Nu validator): the same toggle put ``<p>`` inside
  ``<summary>``, which allows phrasing content only; it is written with
  ``<span>`` and ``theme_static/theme-fixes.css`` gives the spans the rules
  myst-nb's stylesheet gives the paragraphs. pandas writes a ``<style
  scoped>`` block (an attribute HTML dropped) before every DataFrame a cell
  displays; it is removed from the HTML outputs and its three rules live in
  ``theme-fixes.css`` instead, so notebooks keep pandas' own display.
  sphinx-exercise (1.2.1) gives the content ``<section>`` of every exercise
  and solution the same id (``exercise-content``, ``solution-content``);
  each is renamed after its exercise or solution's label
  (``<label>-content``), so ids are unique on a page with several.

* **No inline event handlers** (the Content-Security-Policy of
  :mod:`kzedition.sphinxext.csp` refuses them): the header buttons that run
  JavaScript (print, full screen, Live Code) are written by
  ``theme_templates/article-header-buttons.html`` with the macros of
  ``theme_templates/kz-buttons.html``, the theme's own with ``data-kz-action``
  for ``onclick``; ``theme_static/kzedition-actions.js`` runs the action.

The template folder comes first in ``templates_path``, so the overrides win
over both themes; each override reuses the theme's own markup or macros.
"""

from __future__ import annotations

import re
from html import escape
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx

from kzedition import __version__

TEMPLATES = Path(__file__).parent / "theme_templates"
STATIC = Path(__file__).parent / "theme_static"
CSS_FILE = "theme-fixes.css"
#: Runs the header buttons' actions (print, full screen, Live Code) without inline handlers.
ACTIONS_JS = "kzedition-actions.js"


def _add_paths(app: Sphinx, config) -> None:
    config.templates_path = [str(TEMPLATES), *config.templates_path]
    config.html_static_path = [*config.html_static_path, str(STATIC)]


def visit_hide_cell_html(self, node) -> None:
    """myst-nb's collapsible cell, with a valid and accessibly named ``<summary>``.

    Same structure and classes as ``myst_nb.sphinx_.visit_HideCellInput``,
    with ``<span>`` for its ``<p>`` and without its generic ``aria-label``:
    the summary is named by the prompt it shows ("Show code cell source").
    """
    classes = " ".join(node["classes"])
    self.body.append(f'<details class="admonition hide {classes}">\n')
    self.body.append(
        "<summary>"
        f'<span class="collapsed admonition-title">{escape(node["prompt_show"])}</span>'
        f'<span class="expanded admonition-title">{escape(node["prompt_hide"])}</span>'
        "</summary>\n"
    )


#: The block pandas' ``DataFrame._repr_html_`` puts before each table (``to_html(notebook=True)``).
PANDAS_STYLE = re.compile(r"<style scoped>\s*(?:\.dataframe[^{}<]*\{[^{}<]*\}\s*)+</style>\s*")


def _drop_pandas_style(app: Sphinx, doctree, docname: str) -> None:
    """Remove pandas' ``<style scoped>`` from the HTML outputs of cells (HTML builders).

    pandas has no option to leave the block out of ``DataFrame._repr_html_``
    (``to_html(notebook=True)`` always writes it), and the cells should keep
    displaying DataFrames as students expect, so the block is removed from
    the rendered output at ``doctree-resolved``, a public Sphinx event.
    """
    if app.builder.format != "html":
        return
    from docutils import nodes

    for raw in doctree.findall(nodes.raw):
        if "html" in raw.get("format", "").split() and "<style scoped>" in raw.astext():
            raw.children = [nodes.Text(PANDAS_STYLE.sub("", raw.astext()))]


#: Ids sphinx-exercise gives every exercise's (solution's) content section.
EXERCISE_CONTENT_IDS = ("exercise-content", "solution-content")


def _unique_exercise_ids(app: Sphinx, doctree, docname: str) -> None:
    """Rename the content section ids of sphinx-exercise after their exercise's label."""
    from docutils import nodes

    for section in doctree.findall(nodes.section):
        shared = [i for i in section["ids"] if i in EXERCISE_CONTENT_IDS]
        parent_ids = section.parent.get("ids") if section.parent is not None else None
        if shared and parent_ids:
            section["ids"] = [i for i in section["ids"] if i not in shared] + [f"{parent_ids[0]}-content"]


def visit_citation_html(self, node) -> None:
    """A bibliography entry as a ``listitem`` of its ``list`` (docutils' markup otherwise)."""
    if not isinstance(node.previous_sibling(), type(node)):
        self.body.append('<div role="list" class="citation-list">\n')
    self.body.append(self.starttag(node, "div", classes=[node.tagname], role="listitem"))


def _override_translators(app: Sphinx) -> None:
    """Replace the HTML visitors of hidden cells and citations (all extensions are loaded now).

    Both go through Sphinx's public ``add_node(..., override=True)``. myst-nb
    offers no public hook for the markup of its collapsed cells, so its node
    class and closing visitor are imported from ``myst_nb.sphinx_`` (the
    module that defines them; myst-nb exports no other name for them).
    """
    from docutils import nodes
    from myst_nb.sphinx_ import HideCodeCellNode, depart_HideCellInput
    from sphinx.writers.html5 import HTML5Translator

    app.add_node(HideCodeCellNode, override=True, html=(visit_hide_cell_html, depart_HideCellInput))
    app.add_node(nodes.citation, override=True, html=(visit_citation_html, HTML5Translator.depart_citation))


def _html_handlers_for_singlehtml(app: Sphinx) -> None:
    """Give the single-page builder (the PDF edition) every HTML visitor.

    Sphinx looks up node visitors by builder *name* first and falls back to
    the format only when that name has none. sphinx-exercise registers its
    nodes for ``singlehtml`` by name, so every other extension's ``html``
    visitors (hidden cells, charts, ...) vanish from that builder. There is
    no public API to merge the two tables, so the ``html`` entries are copied
    under ``singlehtml`` where that name has none of its own.
    """
    handlers = app.registry.translation_handlers
    if "singlehtml" in handlers:
        for node, visitors in handlers.get("html", {}).items():
            handlers["singlehtml"].setdefault(node, visitors)


#: Assets that only some pages need: file name -> the markup in a page's body that needs it.
#: sphinx-copybutton acts on highlighted code, sphinx-togglebutton on its toggles and
#: dropdowns, sphinx-design's stylesheet and script on its ``sd-`` components.
PAGE_ASSETS = {
    name: re.compile(pattern)
    for names, pattern in (
        (("clipboard.min.js", "copybutton.js", "copybutton.css"), r'class="highlight'),
        (("togglebutton.js", "togglebutton.css"), r'class="[^"]*\b(?:toggle|dropdown)\b'),
        (("design-tabs.js", "sphinx-design.min.css"), r'class="[^"]*\bsd-'),
    )
    for name in names
}


def _drop_unused_assets(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """Leave out of a page the scripts and stylesheets of :data:`PAGE_ASSETS` its body does not use.

    Sphinx gives each page the builder's lists of assets at ``html-page-context``
    and restores them before the next page, so removing an asset here removes
    it from this page only (Sphinx's documented way to add one to a page).
    """
    if app.builder.format != "html":
        return
    body = context.get("body") or ""
    for key in ("script_files", "css_files"):
        assets = context.get(key)
        if assets is None:
            continue
        assets[:] = [
            asset
            for asset in assets
            if not (
                (pattern := PAGE_ASSETS.get(Path(str(getattr(asset, "filename", asset))).name))
                and not pattern.search(body)
            )
        ]


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("config-inited", _add_paths)
    app.connect("builder-inited", _override_translators)
    app.connect("builder-inited", _html_handlers_for_singlehtml, priority=900)  # after every extension
    app.connect("doctree-resolved", _drop_pandas_style)
    app.connect("doctree-resolved", _unique_exercise_ids)
    app.connect("html-page-context", _drop_unused_assets)
    app.add_css_file(CSS_FILE)
    app.add_js_file(ACTIONS_JS, loading_method="defer")
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
