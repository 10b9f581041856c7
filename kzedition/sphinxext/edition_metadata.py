"""Sphinx extension: the edition's version, in one place, on every page.

The version is ``kzedition.__version__`` (``pyproject.toml`` reads it from
there too; ``CITATION.cff``, ``.zenodo.json`` and the changelog are held to it
by tests). This extension makes it Sphinx's ``version`` and ``release``,
adds "Edition version X" to the footer of every page, and offers it to the
pages as the substitution ``{{ version }}`` (the how-to-cite page uses it).
"""

from __future__ import annotations

from html import escape

from sphinx.application import Sphinx

from kzedition import __version__
from kzedition.i18n import _


def _apply(app: Sphinx, config) -> None:
    config.version = config.release = __version__
    config.myst_substitutions = {**config.myst_substitutions, "version": __version__}
    options = config.html_theme_options
    footer = options.get("extra_footer", "")
    label = _("Edition version {version}.", config.language or None).format(version=escape(__version__))
    options["extra_footer"] = f'{footer}<p class="edition-version">{label}</p>'


def setup(app: Sphinx) -> dict:
    app.connect("config-inited", _apply)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
