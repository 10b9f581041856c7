"""Sphinx extension ``kzedition.sphinxext.epub``: the EPUB 3 edition (``make epub``).

Nothing here changes the site: every handler returns at once unless the
builder is Sphinx's ``epub`` (whose format is ``"html"``, so the test is on
``app.builder.name``). For that builder:

* **Version.** The package's ``version`` is :data:`kzedition.__version__`,
  the edition's single version (set at ``builder-inited``).
* **Cover.** :func:`cover_svg` draws a plain cover (title, author,
  publisher, version) from the configuration into ``_static/cover.svg`` of
  the output, which ``epub_cover`` in ``_config.yml`` names; the manifest
  item gets EPUB 3's ``properties="cover-image"`` (Sphinx's template writes
  only EPUB 2's ``<meta name="cover">``), and the book is zipped again.
* **No code.** The input of every code cell is removed, and a cell hidden
  on the site (``hide-cell``, ``hide-output``) is removed whole: its output
  is the working a reader of the site opens on demand. Outputs that are
  text or tables stay. Raw HTML outputs keep no links to files that are
  not in the book (the data files and notebooks of the site).
* **No JavaScript.** Pages carry no ``<script>`` (plotly.js, thebe, ... are
  for the site); charts are the static figures (see
  :mod:`kzedition.sphinxext.plotly_charts`).
* **Footnotes.** Footnotes are ``<aside epub:type="footnote">`` and their
  references ``<a epub:type="noteref">``, so reading systems show them as
  pop-up notes. The translator is the builder's own, with those two visitors.
"""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx

import kzedition

__all__ = ["is_epub", "cover_svg", "setup"]

COVER = "_static/cover.svg"  #: where the cover is written, relative to the output (``epub_cover``)
#: myst-nb tags of cells whose whole cell the site hides (the EPUB leaves them out).
HIDDEN_CELL_TAGS = {"hide-cell", "hide-output", "remove-cell", "remove-output"}


def is_epub(app: Sphinx) -> bool:
    return app.builder is not None and app.builder.name == "epub"


# --- cover -----------------------------------------------------------------


def _lines(text: str, width: int) -> list[str]:
    """``text`` wrapped at ``width`` characters (words kept whole)."""
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines


def cover_svg(title: str, author: str, publisher: str, version: str) -> str:
    """A plain 1600 x 2400 cover: title, author, publisher and version, no fonts embedded."""
    esc = html.escape
    parts = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="1600" height="2400" '
        'viewBox="0 0 1600 2400" role="img" aria-labelledby="cover-title">',
        f'<title id="cover-title">{esc(title)}, by {esc(author)}</title>',
        '<rect width="1600" height="2400" fill="#1d3557"/>',
        '<rect x="100" y="100" width="1400" height="2200" fill="none" stroke="#f1faee" stroke-width="6"/>',
        '<g font-family="DejaVu Sans, Liberation Sans, Arial, sans-serif" fill="#f1faee" text-anchor="middle">',
        '<text x="800" y="420" font-size="64" letter-spacing="6">GLOBAL INFORMATION SOCIETY WATCH 2011</text>',
    ]
    y = 900
    for line in _lines(title, 18):
        parts.append(f'<text x="800" y="{y}" font-size="140" font-weight="bold">{esc(line)}</text>')
        y += 170
    parts += [
        f'<text x="800" y="{y + 130}" font-size="80">{esc(author)}</text>',
        '<rect x="600" y="1900" width="400" height="6" fill="#e63946"/>',
        f'<text x="800" y="2040" font-size="60">{esc(publisher)}</text>',
        f'<text x="800" y="2140" font-size="44">An executable edition · version {esc(version)}</text>',
        "</g>",
        "</svg>",
        "",
    ]
    return "\n".join(parts)


def _cover_tuple(app: Sphinx, config) -> None:
    """``epub_cover`` as the tuple Sphinx expects (YAML gives a list)."""
    if isinstance(config.epub_cover, list):
        config.epub_cover = tuple(config.epub_cover)


def _set_version_and_cover(app: Sphinx) -> None:
    """The package's version, and the cover written into the output's ``_static``."""
    if not is_epub(app):
        return
    app.config.version = app.config.release = kzedition.__version__
    image = Path(app.outdir) / COVER
    image.parent.mkdir(parents=True, exist_ok=True)
    image.write_text(
        cover_svg(
            "Kazakhstan",
            app.config.epub_author,
            app.config.epub_publisher,
            kzedition.__version__,
        ),
        encoding="utf-8",
    )


def _cover_image_property(app: Sphinx, exception: Exception | None) -> None:
    """Mark the cover ``properties="cover-image"`` in ``content.opf`` and zip the book again."""
    if exception is not None or not is_epub(app) or not app.config.epub_cover:
        return
    opf = Path(app.outdir) / "content.opf"
    text = opf.read_text(encoding="utf-8")
    href = html.escape(app.config.epub_cover[0])
    item = re.compile(rf'(<item id="[^"]*" href="{re.escape(href)}" media-type="[^"]*")\s*/>')
    text, n = item.subn(r'\1 properties="cover-image" />', text)
    if n != 1:
        from sphinx.util import logging

        logging.getLogger(__name__).warning(
            "epub: the cover %s is not in the manifest", href, type="kzedition", subtype="epub"
        )
        return
    opf.write_text(text, encoding="utf-8")
    app.builder.build_epub()


# --- content ---------------------------------------------------------------


def _cell_tags(cell: nodes.Element) -> set[str]:
    return set(cell.get("cell_metadata", {}).get("tags", []) or [])


#: A link in a raw HTML output to a file of the site that the book does not hold.
SITE_FILE_LINK = re.compile(r'<a\s[^>]*href="(?:\.\./)*_static/(?:data|notebook)/[^"]*"[^>]*>(.*?)</a>', re.S)


def _drop_code(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Remove code cell inputs, and whole cells the site hides (``epub`` only)."""
    if not is_epub(app):
        return
    for cell in list(doctree.findall(nodes.container)):
        if cell.get("nb_element") != "cell_code" or cell.parent is None:
            continue
        if _cell_tags(cell) & HIDDEN_CELL_TAGS:
            cell.parent.remove(cell)
            continue
        for part in list(cell.findall(nodes.container)):
            if part.get("nb_element") == "cell_code_source" and part.parent is not None:
                part.parent.remove(part)
    for raw in doctree.findall(nodes.raw):
        if "html" in raw.get("format", "").split() and SITE_FILE_LINK.search(raw.astext()):
            raw.children = [nodes.Text(SITE_FILE_LINK.sub(r"\1", raw.astext()))]


def _no_scripts(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """No ``<script>`` in the book's pages."""
    if is_epub(app) and "script_files" in context:
        context["script_files"] = []


# --- footnotes -------------------------------------------------------------


class EpubFootnotes:
    """Translator mixin: EPUB 3 footnotes and note references."""

    def visit_footnote(self, node: nodes.footnote) -> None:
        label_style = self.settings.footnote_references
        if not isinstance(node.previous_sibling(), type(node)):
            self.body.append(f'<aside class="footnote-list {label_style}">\n')
        self.body.append(
            self.starttag(
                node,
                "aside",
                classes=[node.tagname, label_style],
                role="doc-footnote",
                **{"epub:type": "footnote"},
            )
        )

    def visit_footnote_reference(self, node: nodes.footnote_reference) -> None:
        classes = ["footnote-reference", self.settings.footnote_references]
        self.body.append(
            self.starttag(
                node,
                "a",
                suffix="",
                classes=classes,
                role="doc-noteref",
                href="#" + node["refid"],
                **{"epub:type": "noteref"},
            )
        )
        self.body.append('<span class="fn-bracket">[</span>')


def _epub_translator(app: Sphinx) -> None:
    """The epub builder's translator, with :class:`EpubFootnotes` (after every extension set theirs)."""
    if not is_epub(app):
        return
    base = app.registry.get_translator_class(app.builder)
    if not issubclass(base, EpubFootnotes):
        app.set_translator(
            app.builder.name, type("EpubTranslator", (EpubFootnotes, base), {}), override=True
        )


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("config-inited", _cover_tuple)  # before Sphinx checks the types (priority 800)
    app.connect("builder-inited", _set_version_and_cover, priority=400)  # before Sphinx checks it
    app.connect("builder-inited", _epub_translator, priority=950)
    app.connect("doctree-resolved", _drop_code)
    app.connect("html-page-context", _no_scripts, priority=950)
    app.connect("build-finished", _cover_image_property)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
