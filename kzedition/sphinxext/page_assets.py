"""Sphinx extension ``kzedition.sphinxext.page_assets``: each page loads only the assets it uses.

Extensions add their scripts and stylesheets to every page; those that only
act on some markup are left off the pages without it (:data:`PAGE_ASSETS`):
the copy button (pages with code), the toggle button (pages with toggles or
dropdowns), sphinx-design's stylesheet and tabs script (no page uses
sphinx-design).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from kzedition import __version__

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


def drop_unused_assets(app, pagename: str, templatename: str, context: dict, doctree) -> None:
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


def setup(app) -> dict[str, Any]:
    app.connect("html-page-context", drop_unused_assets)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
