"""Sphinx extension ``kzedition.sphinxext.upstream``: workarounds for upstream bugs, one module per upstream.

Each function here works around one behaviour of a package the book is
built with, at the versions pinned in ``requirements.txt``. Its docstring
names the upstream issue (or the version that shows the behaviour, when no
issue was found) and the condition under which it can go ("Remove when
..."), in the way pydata-sphinx-theme documents its ``_fix_canonical_url``.
When you upgrade a package, read its module here first.

- :mod:`.sphinx`               Sphinx 7.4: duplicated inline scripts; ``singlehtml`` without the
  ``html`` visitors of extensions; ``translations.js`` evaluating its plural rule from a string
- :mod:`.docutils`             bibliography entries in a deprecated DPUB-ARIA role
- :mod:`.myst_nb`              the hidden cell's ``<summary>`` (invalid ``<p>``, a name that is not
  what it shows); pasted values in translated paragraphs; the cells' prompts in a translation
- :mod:`.myst_parser`          footnote marks in translated paragraphs
- :mod:`.sphinx_exercise`      one id for every exercise's (solution's) content section; exercise
  titles in a translation
- :mod:`.sphinx_thebe`         sphinx-thebe's assets and settings on every page, Live Code or not
- :mod:`.pandas`               ``<style scoped>`` before every DataFrame a cell shows

The theme's template overrides (pydata-sphinx-theme, sphinx-book-theme) are
described in :mod:`kzedition.sphinxext.theme`.
"""

from __future__ import annotations

from typing import Any

from kzedition import __version__

MODULES = ("sphinx", "docutils", "myst_nb", "myst_parser", "sphinx_exercise", "sphinx_thebe", "pandas")


def setup(app) -> dict[str, Any]:
    for name in MODULES:
        app.setup_extension(f"{__name__}.{name}")
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
