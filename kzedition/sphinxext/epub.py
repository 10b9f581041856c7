"""Sphinx extension ``kzedition.sphinxext.epub``: the EPUB 3 edition (``make epub``).

Nothing here changes the site: every handler returns at once unless the
builder is Sphinx's ``epub`` (whose format is ``"html"``, so the test is on
``app.builder.name``). For that builder:

* **Version.** The package's ``version`` is :data:`kzedition.__version__`,
  the edition's single version, as for every builder
  (:mod:`kzedition.sphinxext.edition_metadata`).
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
* **Accessibility.** The package declares how the book can be read
  (``schema:accessMode``, ``accessModeSufficient``, ``accessibilityFeature``,
  ``accessibilityHazard``, ``accessibilitySummary``): the values are data,
  ``kzedition_epub_accessibility`` in ``_config.yml``, and say only what
  holds (no conformance claim). The navigation's ``epub:type="toc"`` has its
  ARIA role ``doc-toc``; a toctree's caption (``role="heading"``) its
  ``aria-level``; an empty header cell of a table output (pandas' corner
  cells) is a data cell. Ace by DAISY checks the book (``tests/test_epub.py``).
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx

import kzedition
from kzedition.i18n import _

__all__ = [
    "STYLESHEETS",
    "is_epub",
    "cover_svg",
    "valid_svg",
    "xhtml",
    "accessibility_metadata",
    "nav_with_roles",
    "setup",
]

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


def cover_svg(title: str, author: str, publisher: str, version: str, language: str = "en") -> str:
    """A plain 1600 x 2400 cover: title, author, publisher and version in ``language``, no fonts embedded."""
    esc = html.escape
    named = _("{title}, by {author}", language).format(title=title, author=author)
    edition = _("An executable edition · version {version}", language).format(version=version)
    parts = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="1600" height="2400" '
        'viewBox="0 0 1600 2400" role="img" aria-labelledby="cover-title">',
        f'<title id="cover-title">{esc(named)}</title>',
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
        f'<text x="800" y="2140" font-size="44">{esc(edition)}</text>',
        "</g>",
        "</svg>",
        "",
    ]
    return "\n".join(parts)


def _cover_tuple(app: Sphinx, config) -> None:
    """``epub_cover`` as the tuple Sphinx expects (YAML gives a list)."""
    if isinstance(config.epub_cover, list):
        config.epub_cover = tuple(config.epub_cover)


def _set_language_and_cover(app: Sphinx) -> None:
    """The page language, and the cover written into the output's ``_static``."""
    if not is_epub(app):
        return
    lang = html.escape(app.config.epub_language or app.config.language or "en", quote=True)
    # Sphinx's epub3 <html> tag names no language: the pages' language is the book's.
    app.builder.html_tag = (
        '<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops" '
        f'lang="{lang}" xml:lang="{lang}">'
    )
    image = Path(app.outdir) / COVER
    image.parent.mkdir(parents=True, exist_ok=True)
    image.write_text(
        cover_svg(
            _("Kazakhstan", app.config.language),
            app.config.epub_author,
            app.config.epub_publisher,
            kzedition.__version__,
            app.config.language or "en",
        ),
        encoding="utf-8",
    )


#: The only stylesheets of the book (Sphinx's epub theme, its base, the edition's own);
#: the site's others assume its theme or scripts, and some are not CSS 2.1/3 that
#: epubcheck's parser reads (``:has()``, paged-media rules).
STYLESHEETS = ("_static/basic.css", "_static/pygments.css", "_static/epub.css", "_static/edition.css")
#: What the book's ``_static/`` holds besides the stylesheets (basic.css draws file.png).
STATIC_FILES = (COVER, "_static/file.png")


#: The ARIA role of each epub:type of the navigation document (DPUB-ARIA).
NAV_ROLES = {"toc": "doc-toc", "page-list": "doc-pagelist"}


def accessibility_metadata(values: dict) -> str:
    """``<meta property="schema:…">`` elements of the package, from ``{property: value or [values]}``."""
    lines = []
    for name, value in values.items():
        for item in value if isinstance(value, list) else [value]:
            text = " ".join(str(item).split())
            lines.append(
                f'    <meta property="schema:{html.escape(name)}">{html.escape(text, quote=False)}</meta>\n'
            )
    return "".join(lines)


def nav_with_roles(text: str) -> str:
    """The navigation document with each ``<nav epub:type>`` given its matching ARIA role."""

    def add(match: re.Match) -> str:
        role = NAV_ROLES.get(match.group(2))
        return (
            match.group(0)
            if role is None or "role=" in match.group(0)
            else f'{match.group(1)} role="{role}">'
        )

    return re.sub(r'(<nav\b[^>]*\bepub:type="([^"]+)"[^>]*)>', add, text)


def valid_svg(text: str) -> str:
    """An SVG without ``<path>`` elements that have no ``d`` (plotly writes some; they draw nothing)."""
    return re.sub(r"<path\b(?![^>]*\sd=)[^>]*?/>", "", text)


def _package(app: Sphinx, exception: Exception | None) -> None:
    """Make the book again from what it should hold, then zip it (after every other extension).

    Other extensions write their assets at ``build-finished``, after the epub
    builder has listed and zipped its files; so here the output's
    ``_static/`` is reduced to the cover and :data:`STYLESHEETS`, the
    static figures lose their empty paths (:func:`valid_svg`), and the
    manifest, navigation and zip are written again with the builder's own
    methods. Sphinx's templates get two EPUB 3 fixes: the cover's manifest
    item is marked ``properties="cover-image"``, and the NCX's ``dtb:uid``
    is the book's identifier (Sphinx writes the identifier's XML id).
    """
    if exception is not None or not is_epub(app):
        return
    builder, outdir = app.builder, Path(app.outdir)
    keep = {*STATIC_FILES, *STYLESHEETS}
    for path in sorted((outdir / "_static").rglob("*")):
        if path.is_file() and path.relative_to(outdir).as_posix() not in keep:
            path.unlink()
    for image in sorted((outdir / builder.imagedir).glob("*.svg")):
        image.write_text(valid_svg(image.read_text(encoding="utf-8")), encoding="utf-8")
    # As Epub3Builder.handle_finish, from a clean state: the cover page is
    # written again (else it is listed twice) and the NCX play order restarts.
    (outdir / builder.coverpage_name).unlink(missing_ok=True)
    builder.get_toc()
    builder.build_content()
    opf = outdir / "content.opf"
    text = opf.read_text(encoding="utf-8")
    href = html.escape(COVER)
    text, n = re.subn(
        rf'(<item id="[^"]*" href="{re.escape(href)}" media-type="[^"]*")\s*/>',
        r'\1 properties="cover-image" />',
        text,
    )
    if n != 1:
        from sphinx.util import logging

        logging.getLogger(__name__).warning(
            "epub: the cover %s is not in the manifest", href, type="kzedition", subtype="epub"
        )
    text = text.replace(
        "</metadata>", accessibility_metadata(app.config.kzedition_epub_accessibility) + "</metadata>", 1
    )
    opf.write_text(text, encoding="utf-8")
    builder.build_navigation_doc()
    nav = outdir / "nav.xhtml"
    nav.write_text(nav_with_roles(nav.read_text(encoding="utf-8")), encoding="utf-8")
    builder.playorder = 0
    builder.build_toc()
    ncx = outdir / "toc.ncx"
    ncx.write_text(
        re.sub(
            r'(<meta name="dtb:uid" content=")[^"]*(")',
            lambda m: m.group(1) + html.escape(app.config.epub_identifier) + m.group(2),
            ncx.read_text(encoding="utf-8"),
        ),
        encoding="utf-8",
    )
    builder.build_epub()


# --- content ---------------------------------------------------------------


def _cell_tags(cell: nodes.Element) -> set[str]:
    return set(cell.get("cell_metadata", {}).get("tags", []) or [])


#: HTML elements that have no end tag (written ``<br/>`` in XHTML).
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
#: Folders of the site that the book does not hold (data files, notebooks): links to them are dropped.
SITE_ONLY = re.compile(r"^(?:\.\./)*_static/(?:data|notebook)/")
#: A relative link to a page of the site, whose page in the book ends in ``.xhtml``.
PAGE_LINK = re.compile(r"^(?![a-z][a-z0-9+.-]*:|#|/)([^#?]*)\.html(?=$|#)", re.I)


class _Xhtml(HTMLParser):
    """Rewrites an HTML fragment as XHTML, tag by tag (fragments may open a tag
    another fragment closes, as inline HTML in MyST does): void elements closed,
    attribute values written out, ``lang`` doubled by ``xml:lang``, named entities as characters, no ``<script>``,
    links to site pages renamed and links to files the book lacks dropped."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.in_script = 0
        self.header_cells: list[int] = []  # where each open <th> was written

    def _close_header_cell(self) -> None:
        """An empty ``<th>`` (pandas' corner and index-name cells) becomes a ``<td>``: a header names something."""
        start = self.header_cells.pop()
        if any(not part.startswith("<") and part.strip() for part in self.out[start + 1 :]):
            self.out.append("</th>")
        else:
            self.out[start] = "<td" + self.out[start][len("<th") :]
            self.out.append("</td>")

    def _tag(self, tag: str, attrs: list[tuple[str, str | None]], close: bool) -> str:
        written = []
        for name, value in attrs:
            value = name if value is None else value
            if tag == "a" and name == "href":
                if SITE_ONLY.match(value):
                    continue
                value = PAGE_LINK.sub(r"\1.xhtml", value)
            if tag == "a" and name == "download":
                continue
            written.append(f' {name}="{html.escape(value, quote=True)}"')
            if name == "lang" and not any(other == "xml:lang" for other, _ in attrs):
                written.append(f' xml:lang="{html.escape(value, quote=True)}"')  # XML's own
        return f"<{tag}{''.join(written)}{' /' if close else ''}>"

    def handle_starttag(self, tag, attrs) -> None:
        if tag == "script":
            self.in_script += 1
        elif not self.in_script:
            if tag == "th":
                self.header_cells.append(len(self.out))
            self.out.append(self._tag(tag, attrs, tag in VOID))

    def handle_startendtag(self, tag, attrs) -> None:
        if tag != "script" and not self.in_script:
            self.out.append(self._tag(tag, attrs, True))

    def handle_endtag(self, tag) -> None:
        if tag == "script":
            self.in_script = max(0, self.in_script - 1)
        elif tag == "th" and self.header_cells and not self.in_script:
            self._close_header_cell()
        elif not self.in_script and tag not in VOID:
            self.out.append(f"</{tag}>")

    def handle_data(self, data) -> None:
        if not self.in_script:
            self.out.append(html.escape(data, quote=False))

    def handle_comment(self, data) -> None:
        pass  # comments are not content


def xhtml(fragment: str) -> str:
    """``fragment`` of HTML as XHTML (see :class:`_Xhtml`)."""
    parser = _Xhtml()
    parser.feed(fragment)
    parser.close()
    return "".join(parser.out)


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


def _raw_as_xhtml(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Raw HTML (cell outputs, inline HTML of the pages) as XHTML, without scripts (``epub`` only).

    Runs after the other extensions' handlers (sphinx-thebe adds its scripts here).
    """
    if not is_epub(app):
        return
    for raw in list(doctree.findall(nodes.raw)):
        if "html" in raw.get("format", "").split():
            text = xhtml(raw.astext())
            if text.strip():
                raw.children = [nodes.Text(text)]
            elif raw.parent is not None:
                raw.parent.remove(raw)


def _page_assets(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """No ``<script>`` in the book's pages, and only the book's :data:`STYLESHEETS`."""
    if not is_epub(app):
        return
    context["script_files"] = []
    context["css_files"] = [
        css for css in context.get("css_files", []) if getattr(css, "filename", css) in STYLESHEETS
    ]


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


class EpubHeadings:
    """Translator mixin: a toctree's caption (Sphinx writes its title ``<p role="heading">``)
    gets the level ARIA requires."""

    def visit_title(self, node: nodes.title) -> None:
        start = len(self.body)
        super().visit_title(node)
        self.body[start:] = [
            part.replace('role="heading"', f'role="heading" aria-level="{TOCTREE_CAPTION_LEVEL}"', 1)
            if 'role="heading"' in part and "aria-level" not in part
            else part
            for part in self.body[start:]
        ]


#: A toctree's caption ("The report", "The edition") heads a part of the page under its h1.
TOCTREE_CAPTION_LEVEL = 2


def _epub_translator(app: Sphinx) -> None:
    """The epub builder's translator, with :class:`EpubFootnotes` (after every extension set theirs)."""
    if not is_epub(app):
        return
    base = app.registry.get_translator_class(app.builder)
    if not issubclass(base, EpubFootnotes):
        mixed = type("EpubTranslator", (EpubFootnotes, EpubHeadings, base), {})
        app.set_translator(app.builder.name, mixed, override=True)


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_config_value("kzedition_epub_accessibility", {}, "epub", types=[dict])
    app.connect("config-inited", _cover_tuple)  # before Sphinx checks the types (priority 800)
    app.connect("builder-inited", _set_language_and_cover, priority=400)  # before the pages are written
    app.connect("builder-inited", _epub_translator, priority=950)
    app.connect("doctree-resolved", _drop_code)
    app.connect("doctree-resolved", _raw_as_xhtml, priority=950)
    app.connect("html-page-context", _page_assets, priority=950)
    app.connect("build-finished", _package, priority=950)
    return {"version": kzedition.__version__, "parallel_read_safe": True, "parallel_write_safe": True}
