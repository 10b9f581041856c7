"""Workarounds for pandas (3.1.1): its HTML display of a DataFrame."""

from __future__ import annotations

import re
from typing import Any

from kzedition import __version__

#: The block pandas' ``DataFrame._repr_html_`` puts before each table (``to_html(notebook=True)``).
PANDAS_STYLE = re.compile(r"<style scoped>\s*(?:\.dataframe[^{}<]*\{[^{}<]*\}\s*)+</style>\s*")


def drop_pandas_style(app, doctree, docname: str) -> None:
    """Remove pandas' ``<style scoped>`` from the HTML outputs of cells (HTML builders).

    pandas writes a ``<style scoped>`` block (an attribute HTML dropped: Nu
    validator) before every DataFrame a cell displays, and has no option to
    leave it out of ``DataFrame._repr_html_`` (``to_html(notebook=True)``
    always writes it). Cells should keep displaying DataFrames as students
    expect, so the block is removed from the rendered output at
    ``doctree-resolved``, and its three rules live in
    ``theme_static/theme-fixes.css``. Seen with pandas 3.1.1; no upstream
    issue was found. Remove when pandas' HTML display has no ``<style
    scoped>``.
    """
    if app.builder.format != "html":
        return
    from docutils import nodes

    for raw in doctree.findall(nodes.raw):
        if "html" in raw.get("format", "").split() and "<style scoped>" in raw.astext():
            raw.children = [nodes.Text(PANDAS_STYLE.sub("", raw.astext()))]


def setup(app) -> dict[str, Any]:
    app.connect("doctree-resolved", drop_pandas_style)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
