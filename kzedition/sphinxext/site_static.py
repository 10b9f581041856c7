"""Sphinx extension ``kzedition.sphinxext.site_static``: the site's own static files.

``kzedition/sphinxext/static/`` holds what every page of the site may load,
copied to ``_static/`` by Sphinx (with its ``?v=`` checksums): the
stylesheet ``edition.css`` (``html_css_files`` in ``_config.yml``), the print
stylesheet ``print.css`` (``tools/pdf.py``), the favicon ``favicon.svg``
(``html.favicon``), the paragraphs' cite script ``paragraphs.js``
(:mod:`kzedition.sphinxext.paragraphs`) and the charts' script and
stylesheet (:mod:`kzedition.sphinxext.plotly_charts`; the Run control loads
them on pages without a chart too). Extensions whose files live here set this
one up; nothing of it depends on the charts.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from kzedition import __version__

STATIC_DIR = Path(__file__).parent / "static"


def _add_static_path(app, config) -> None:
    """Let Sphinx copy :data:`STATIC_DIR` into ``_static/`` (once)."""
    if str(STATIC_DIR) not in map(str, config.html_static_path):
        config.html_static_path = [*config.html_static_path, str(STATIC_DIR)]


def setup(app) -> dict[str, Any]:
    app.connect("config-inited", _add_static_path)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
