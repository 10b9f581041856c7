"""Sphinx extension ``kzedition.sphinxext.citations``: found, cited and previewed.

Wiring only; what is said and where is decided in :mod:`kzedition.citation`
(the metadata and the citation files) and :mod:`kzedition.discovery`
(subjects, link previews, sitemap, robots.txt, the 404 page):

- **Embedded metadata.** Every page's ``<head>`` gets the Highwire
  ``citation_*`` tags (the report's pages and the front matter), Dublin
  Core and the schema.org JSON-LD graph (``<script type="application/ld+json">``:
  data, not JavaScript).
- **Link previews.** sphinxext-opengraph writes the Open Graph tags; this
  gives each page its description (``html_meta``), its ``og:type`` and its
  image, the PNG of its lead chart, copied to ``_static/figures/``.
- **Search engines.** sphinx-sitemap writes ``sitemap.xml`` (only when the
  site's address is known; this adds each page's other languages once
  ``kzedition_languages`` names more than one), this writes ``robots.txt``;
  sphinx-notfound-page writes ``404.html``.
- **Citation files.** ``cite/`` in the site holds BibTeX, RIS and CSL-JSON
  for the report (``nurmakov2011.*``), the edition (``kzedition.*``) and
  every paragraph of the report (``p-12.*``, …, with its link), and a copy
  of ``references.bib``; the ``{cite-downloads}`` directive lists them on
  the cite page and each paragraph's Cite offers its own.

The EPUB builder gets none of this (its package metadata is
:mod:`kzedition.sphinxext.epub`'s).
"""

from __future__ import annotations

import json
import shutil
from html import escape
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective
from sphinx.util.nodes import clean_astext
from sphinx.util.osutil import relative_uri

from kzedition import __version__, citation, discovery, figure_files, notebook_export, page_metadata
from kzedition.download_link import depart_download_link, download_link, visit_download_link
from kzedition.i18n import N_, _
from kzedition.paragraph_ids import paragraph_table
from kzedition.paths import ROOT

CITE_DIR = "cite"  #: the citation files, relative to the site root
REFERENCES = "references.bib"


def _is_site(app: Sphinx) -> bool:
    return app.builder is not None and app.builder.format == "html" and app.builder.name != "epub"


def _configure(app: Sphinx, config) -> None:
    site_name = config.html_title or config.project
    for name, value in discovery.settings(notebook_export.site_url(), config.language, site_name).items():
        setattr(config, name, value)


def _record_charts(app: Sphinx, doctree: nodes.document) -> None:
    """The chart ids of each page, in order (for the link preview's image)."""
    from kzedition.sphinxext.plotly_charts import plotly_figure

    charts = getattr(app.env, "kz_charts", {})
    metas = [json.loads(node["meta"]) for node in doctree.findall(plotly_figure)]
    charts[app.env.docname] = [(meta["id"], meta.get("title") or meta["id"]) for meta in metas]
    app.env.kz_charts = charts


def _merge(app, env, docnames, other) -> None:
    env.kz_charts = {**getattr(env, "kz_charts", {}), **getattr(other, "kz_charts", {})}


def _purge(app, env, docname) -> None:
    getattr(env, "kz_charts", {}).pop(docname, None)


def _description(doctree: nodes.document) -> str:
    for node in doctree.findall(nodes.meta):
        if node.get("name") == "description":
            return node.get("content", "")
    return ""


def _page_context(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    if not _is_site(app) or doctree is None or pagename == app.config.notfound_pagename:
        return
    site = discovery.language_site(notebook_export.site_url(), app.config.language)
    page_url = f"{site}{app.builder.get_target_uri(pagename)}" if site else ""
    title = clean_astext(app.env.titles[pagename]) if pagename in app.env.titles else ""
    description = _description(doctree)
    meta = page_metadata.page_metadata(
        discovery.subject(pagename),
        page_url=page_url,
        title=title,
        description=description,
        site=site,
        repository=notebook_export.repository_url(),
        language=app.config.language or discovery.DEFAULT_LANGUAGE,
        translators=tuple(app.config.kzedition_translators),
    )
    context["metatags"] = page_metadata.head_html(meta) + context.get("metatags", "")
    # sphinxext-opengraph reads per-page values from the page's metadata (a copy, not the env's
    # own) and escapes only '"' in them: the rest of what HTML needs is escaped here
    fields = dict(context.get("meta") or {})
    fields["og:type"] = meta.og_type
    if description:
        fields["og:description"] = escape(description, quote=False)
    chart = discovery.lead_chart(getattr(app.env, "kz_charts", {}), pagename)
    if chart is not None:
        chart_id, chart_title = chart
        image = discovery.preview_image(chart_id)
        fields["og:image"] = (
            f"{site}{image}" if site else relative_uri(app.builder.get_target_uri(pagename), image)
        )
        fields["og:image:alt"] = escape(f"Chart: {chart_title}", quote=False)
    context["meta"] = fields


def _not_found_title(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """The 404 page's title in the book theme's print heading too (the theme takes it from a doctree)."""
    if pagename == app.config.notfound_pagename and not context.get("pagetitle"):
        context["pagetitle"] = context.get("title", "")


def _write_files(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or not _is_site(app):
        return
    out = Path(app.outdir)
    site = discovery.language_site(notebook_export.site_url(), app.config.language)
    language = app.config.language or discovery.DEFAULT_LANGUAGE
    cite = out / CITE_DIR
    cite.mkdir(parents=True, exist_ok=True)
    works = {citation.REPORT_KEY: citation.report(), citation.EDITION_KEY: citation.edition(site, language)}
    for para in paragraph_table():
        works[para.id] = citation.paragraph(para, f"{site}{para.page}" if site else "")
    for stem, work in works.items():
        for name, text in citation.files(work, stem).items():
            (cite / name).write_text(text, encoding="utf-8")
    shutil.copyfile(ROOT / REFERENCES, cite / REFERENCES)
    languages = tuple(app.config.kzedition_languages)
    sitemap = out / discovery.SITEMAP
    if not site:  # no sitemap without the site's address: none left from an earlier build either
        sitemap.unlink(missing_ok=True)
    elif sitemap.exists():  # written by sphinx-sitemap (its handler runs first)
        text = sitemap.read_text(encoding="utf-8")
        alternates = discovery.sitemap_alternates(
            text, notebook_export.site_url(), app.config.language, languages
        )
        sitemap.write_text(alternates, encoding="utf-8")
    if not discovery.language_prefix(app.config.language):  # robots.txt lives at the site's root
        robots = discovery.robots_txt(notebook_export.site_url(), languages)
        (out / "robots.txt").write_text(robots, encoding="utf-8")
    images = out / discovery.PREVIEW_IMAGES
    images.mkdir(parents=True, exist_ok=True)
    charts = getattr(app.env, "kz_charts", {})
    for chart_id in {
        chart[0] for chart in map(lambda doc: discovery.lead_chart(charts, doc), app.env.found_docs) if chart
    }:
        png = figure_files.folder(app.config.language or None) / f"{chart_id}.png"  # the edition's language
        if png.exists():
            shutil.copyfile(png, images / png.name)


class cite_downloads(nodes.General, nodes.Element):  # noqa: N801 (docutils naming)
    """The list of citation files on the cite page (HTML site only)."""


class CiteDownloads(SphinxDirective):
    """``{cite-downloads}``: BibTeX, RIS and CSL-JSON of the report and of the edition."""

    def run(self) -> list[nodes.Node]:
        return [cite_downloads()]


#: What the cite page's list of citation files says (readers see these words).
CITE_DOWNLOADS = {  # in English; in the page's language through the package catalog
    "report": N_("The report"),
    "edition": N_("This edition"),
    "references": N_("Every source of the chapter"),
    "bibtex": "(BibTeX)",
}


def cite_downloads_list(here: str, language: str | None = None) -> nodes.bullet_list:
    """The list of citation files as nodes, in ``language``, with addresses relative to the page ``here``."""
    rows = [
        (_(CITE_DOWNLOADS["report"], language), citation.REPORT_KEY),
        (_(CITE_DOWNLOADS["edition"], language), citation.EDITION_KEY),
    ]
    listing = nodes.bullet_list("", classes=["cite-downloads"])
    for label, stem in rows:
        para = nodes.paragraph("", f"{label}: ")
        for i, (suffix, (_extension, mime, name)) in enumerate(citation.FORMATS.items()):
            if i:
                para += nodes.Text(", ")
            para += download_link(
                name, name, refuri=relative_uri(here, f"{CITE_DIR}/{stem}.{suffix}"), type=mime
            )
        listing += nodes.list_item("", para)
    bib = relative_uri(here, f"{CITE_DIR}/{REFERENCES}")
    listing += nodes.list_item(
        "",
        nodes.paragraph(
            "",
            _(CITE_DOWNLOADS["references"], language) + ": ",
            download_link(REFERENCES, REFERENCES, refuri=bib),
            nodes.Text(" " + CITE_DOWNLOADS["bibtex"]),
        ),
    )
    return listing


def visit_cite_downloads_html(self, node: cite_downloads) -> None:
    if self.builder.name == "epub":
        raise nodes.SkipNode  # the EPUB holds only what its pages show
    listing = cite_downloads_list(
        self.builder.get_target_uri(self.builder.current_docname), self.builder.config.language or None
    )
    node += listing  # the HTML writer looks at a list's parent
    listing.walkabout(self)
    raise nodes.SkipNode


def skip(self, node) -> None:
    raise nodes.SkipNode


def setup(app: Sphinx) -> dict:
    app.setup_extension("sphinxext.opengraph")
    app.setup_extension("notfound.extension")
    if notebook_export.site_url():  # a sitemap lists absolute addresses: none without the site's
        app.setup_extension("sphinx_sitemap")
    app.setup_extension("kzedition.sphinxext.languages")  # kzedition_languages, kzedition_translators
    app.add_node(
        cite_downloads,
        html=(visit_cite_downloads_html, None),
        **{fmt: (skip, None) for fmt in ("latex", "text", "man", "texinfo")},
    )
    app.add_node(download_link, override=True, html=(visit_download_link, depart_download_link))
    app.add_directive("cite-downloads", CiteDownloads)
    app.connect("config-inited", _configure)
    app.connect("doctree-read", _record_charts)
    app.connect("env-merge-info", _merge)
    app.connect("env-purge-doc", _purge)
    app.connect("html-page-context", _page_context, priority=400)  # before sphinxext-opengraph (500)
    app.connect("html-page-context", _not_found_title, priority=900)  # after the theme's
    app.connect("build-finished", _write_files, priority=600)  # after sphinx-sitemap writes sitemap.xml
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
