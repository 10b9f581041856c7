"""A link that downloads a file (``<a download>``), as a docutils node: no Sphinx needed.

docutils' ``reference`` has no ``download`` (nor ``type``) attribute, and
Sphinx's ``download_reference`` copies a source file into ``_downloads/``;
the edition's files (the data package, the citation files) are published by
the build at addresses of their own, so pages link to them with this node.
Its HTML visitors are registered by the extensions that use it
(:mod:`kzedition.sphinxext.plotly_charts`, :mod:`kzedition.sphinxext.citations`).
"""

from __future__ import annotations

from docutils import nodes

__all__ = ["download_link", "visit_download_link", "depart_download_link"]


class download_link(nodes.reference):  # noqa: N801 (docutils naming)
    """``refuri`` and, optionally, ``type`` (the file's media type). Its classes are the
    node's own: ``reference download`` gets the theme's download icon."""


def visit_download_link(self, node: download_link) -> None:
    attributes = {"href": node["refuri"], "download": ""}
    if node.get("type"):
        attributes["type"] = node["type"]
    self.body.append(self.starttag(node, "a", "", **attributes))  # classes: the node's own


def depart_download_link(self, node: download_link) -> None:
    self.body.append("</a>")
