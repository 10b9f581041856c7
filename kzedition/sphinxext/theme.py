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
  Extensions add their assets to every page: see
  :mod:`kzedition.sphinxext.page_assets`.
* **Accessibility** (axe ``label-content-name-mismatch``, serious):
  ``theme_templates/search-button-field.html`` drops the ``aria-label``
  "Search" of a button that shows "Search Ctrl+K" (its name is then its
  visible text), and ``theme_templates/theme-switcher.html`` hides the
  colour-mode icons, whose ``title`` attributes were visible text missing
  from the button's name (pydata-sphinx-theme 0.17.1; no upstream issue was
  found: remove an override when the theme's own markup passes axe). In dark
  mode the theme puts HTML cell outputs on a light card but keeps the dark
  theme's light link colours (contrast 2.2:1, axe ``color-contrast``):
  ``theme-fixes.css`` gives links on that card dark colours.
* **Other packages' markup** (myst-nb's hidden cells, docutils'
  bibliography roles, pandas' ``<style scoped>``, sphinx-exercise's ids,
  Sphinx's duplicated scripts): one module per upstream in
  :mod:`kzedition.sphinxext.upstream`, each saying when it can go.
  Assets that only some pages use are left off the others by
  :mod:`kzedition.sphinxext.page_assets`.
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


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("config-inited", _add_paths)
    app.add_css_file(CSS_FILE)
    app.add_js_file(ACTIONS_JS, loading_method="defer")
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
