"""Workarounds for sphinx-thebe (as jupyter-book 1.0.4.post1 loads it)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from kzedition import __version__

#: What sphinx-thebe puts on every page: its script, its stylesheet and an inline script
#: of settings (``const THEBE_JS_URL = ...``).
THEBE_ASSETS = ("sphinx-thebe.js", "sphinx-thebe.css")
THEBE_SETTINGS = "THEBE_JS_URL"
#: What sphinx-thebe appends to every page's doctree: its settings and a kernel name.
THEBE_RAW = ("text/x-thebe-config", "<script>kernelName = ")


def _live_code(app) -> bool:
    """Whether the book offers "Live Code" (``launch_buttons.thebe``); the edition does not."""
    return bool(app.config.html_theme_options.get("launch_buttons", {}).get("thebe"))


def is_thebe_asset(asset) -> bool:
    """Whether a page's script or stylesheet entry is one of sphinx-thebe's."""
    name = Path(str(getattr(asset, "filename", None) or "")).name.split("?")[0]
    body = (getattr(asset, "attributes", None) or {}).get("body", "")
    return name in THEBE_ASSETS or THEBE_SETTINGS in body


def without_thebe(app, pagename: str, templatename: str, context: dict, doctree) -> None:
    """Keep sphinx-thebe's assets off pages when "Live Code" is off.

    jupyter-book 1 always loads sphinx-thebe, which adds its loader to every
    page whether or not a page offers "Live Code"; the edition does not (the
    Run control runs the cells in the page), so nothing of it is sent.
    Seen with jupyter-book 1.0.4.post1 and sphinx-thebe 0.3.1. Upstream:
    jupyter-book/jupyter-book#1603 ("Allow disabling Thebe", closed by making
    sphinx-thebe load thebe itself lazily, jupyter-book#1634); the loader,
    its stylesheet and settings still reach every page. Remove when
    jupyter-book loads sphinx-thebe only with ``launch_buttons.thebe``.
    """
    if _live_code(app):
        return
    for key in ("script_files", "css_files"):
        if context.get(key):
            context[key][:] = [asset for asset in context[key] if not is_thebe_asset(asset)]


def without_thebe_config(app, doctree, docname: str) -> None:
    """Take sphinx-thebe's raw HTML (its ``x-thebe-config`` block and an inline
    ``kernelName`` script) out of every page when "Live Code" is off; see
    :func:`without_thebe` for why and when to remove this."""
    from docutils import nodes

    if _live_code(app):
        return
    for node in list(doctree.findall(nodes.raw)):
        if any(marker in node.astext() for marker in THEBE_RAW):
            node.parent.remove(node)


def setup(app) -> dict[str, Any]:
    app.connect("html-page-context", without_thebe)
    app.connect("doctree-resolved", without_thebe_config, priority=600)  # after sphinx-thebe's (500)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
