"""Sphinx extension ``kzedition.sphinxext.plotly_charts``: plotly charts, offline and without a CDN.

Inside a kernel plotly >= 6 emits only ``application/vnd.plotly.v1+json``,
a mime type myst-nb cannot render. :class:`PlotlyMimeRenderer` (a myst-nb
mime-render plugin, registered through the ``myst_nb.mime_renderers`` entry
point in ``pyproject.toml``) turns that output into a :class:`plotly_figure`
node holding the figure's JSON and the ``layout.meta`` that
:mod:`kzedition.charts` fills (id, title, alt, source, csv). The node is the
same for every builder, so cached doctrees can be shared between builders:

* HTML builders write it as the node tree of :mod:`kzedition.chart_figure`
  (an accessible ``<figure>``: caption, plot box, description, sources and
  CSV links), with the page's relative addresses of the published data and
  static figures (:mod:`kzedition.sphinxext.publish_data`);
  ``kzedition-charts.js`` loads plotly.js (:mod:`kzedition.sphinxext.plotly_bundle`)
  only when a chart nears the viewport or is touched, and draws it in the
  plot box. The script and its stylesheet (served by
  :mod:`kzedition.sphinxext.site_static`) are added to pages with a chart only.
* The EPUB builder (``epub``, whose format is ``"html"`` too) gets no
  JavaScript: at ``doctree-resolved`` each chart becomes a docutils figure
  of its static image ``figures/<id>.svg`` (``make figures``;
  :func:`kzedition.chart_figure.static_figure`), registered with the
  environment so the builder copies it into the book. A chart of
  :data:`kzedition.charts.CHARTS` without its static figure stops the build;
  any other chart (the one a student draws in an exercise's solution) has
  none, and is given as its caption, description and sources.
* Other builders (LaTeX, text, ...) report an error: no target of the
  edition uses one, and the PDF edition prints the single-page HTML build.

Notebooks stay clean: nothing is injected into them, and JupyterLab renders
the same outputs natively through the plotly mime type.
"""

from __future__ import annotations

import json
import posixpath
from typing import Any

from docutils import nodes

from kzedition import __version__, chart_figure, figure_files
from kzedition.chart_figure import chart_meta, dom_id, figure_html, figure_node, static_figure
from kzedition.paths import ROOT
from kzedition.sphinxext.publish_data import DATA_URL, FIGURES_URL

PLOTLY_MIME = "application/vnd.plotly.v1+json"
CSS_FILE = "kzedition-charts.css"  #: in kzedition/sphinxext/static/ (site_static)
JS_FILE = "kzedition-charts.js"


class plotly_figure(nodes.General, nodes.Element):  # noqa: N801 (docutils naming)
    """A plotly chart: attributes ``spec`` (figure JSON) and ``meta`` (JSON of
    :func:`~kzedition.chart_figure.chart_meta`), strings so that docutils treats
    neither specially."""


class PlotlyMimeRenderer:
    """myst-nb mime renderer for ``application/vnd.plotly.v1+json``."""

    #: Prefer the plotly JSON over anything else the output carries, on every builder.
    mime_priority_overrides = [("*", PLOTLY_MIME, 5)]

    @staticmethod
    def handle_mime(renderer, data, inline: bool) -> list[nodes.Element] | None:
        """Render the plotly JSON as a :class:`plotly_figure` node (block outputs only)."""
        if data.mime_type != PLOTLY_MIME or inline:
            return None
        spec = data.content if isinstance(data.content, dict) else json.loads(data.string)
        spec = json.loads(json.dumps(spec))  # a plain dict (outputs are NotebookNodes)
        meta = chart_meta(spec)
        env = getattr(renderer.renderer.document.settings, "env", None)
        if env is None:  # plain docutils (no Sphinx): the figure as HTML, data beside the page
            return [nodes.raw("", figure_html(spec, meta, dom_id(meta["id"]), "data"), format="html")]
        return [plotly_figure(spec=json.dumps(spec, sort_keys=True), meta=json.dumps(meta))]


# --- writing ---------------------------------------------------------------------


def visit_plotly_figure_html(self, node: plotly_figure) -> None:
    """Write the chart's figure (:func:`~kzedition.chart_figure.figure_node`); ids are unique
    within the page."""
    seen = self.__dict__.setdefault("_kz_chart_ids", set())
    meta = json.loads(node["meta"])
    box_id = base = dom_id(meta["id"])
    n = 1
    while box_id in seen:
        n += 1
        box_id = f"{base}-{n}"
    seen.add(box_id)
    # imgpath is "<root>/_images" relative to the page being written, for every HTML builder.
    root = posixpath.dirname(self.builder.imgpath)
    spec = json.loads(node["spec"])
    figures_url = posixpath.join(root, FIGURES_URL) if figure_files.current_files(spec) else None
    figure_node(spec, meta, box_id, posixpath.join(root, DATA_URL), figures_url).walkabout(self)
    raise nodes.SkipNode


def visit_plotly_figure_elsewhere(self, node: plotly_figure) -> None:
    """Builders other than HTML: no target of the edition uses one (the PDF prints the HTML)."""
    from sphinx.util import logging

    logging.getLogger(__name__).error(
        "chart %r: charts are written by HTML builders only; the PDF edition prints the "
        "single-page HTML build (make pdf)",
        json.loads(node["meta"])["id"],
        location=node,
        type="kzedition",
        subtype="chart_builder",
    )
    raise nodes.SkipNode


def _static_charts(app, doctree: nodes.document, docname: str) -> None:
    """EPUB builder: replace every chart with its static figure (no JavaScript)."""
    if app.builder.name != "epub":
        return
    from sphinx.errors import ExtensionError

    from kzedition.charts import CHARTS

    for node in list(doctree.findall(plotly_figure)):
        meta = json.loads(node["meta"])
        image = figure_files.folder() / f"{meta['id']}.svg"  # the build's language's
        if image.is_file():
            uri = image.relative_to(ROOT).as_posix()  # relative to the source folder, as Sphinx keeps images
            app.env.images.add_file(docname, uri)  # so the builder copies it into the book
        elif meta["id"] in CHARTS:
            raise ExtensionError(
                f"chart {meta['id']!r}: no static figure {image} for the EPUB; run 'make figures'"
            )
        else:  # a chart drawn in a page's cell (an exercise's solution): no static figure
            uri = None
        node.replace_self(static_figure(meta, uri))


# --- page assets -----------------------------------------------------------------


def has_chart(doctree: nodes.Node | None) -> bool:
    """Whether a page's doctree contains a chart (then it needs the charts' script)."""
    return doctree is not None and next(doctree.findall(plotly_figure), None) is not None


def _add_page_assets(app, pagename: str, templatename: str, context: dict, doctree) -> None:
    """The charts' script (deferred: it loads plotly.js when a chart nears the
    viewport) and stylesheet, on pages with a chart only."""
    if has_chart(doctree):
        app.add_js_file(JS_FILE, loading_method="defer")
        app.add_css_file(CSS_FILE)


def setup(app) -> dict[str, Any]:
    for extension in ("site_static", "plotly_bundle", "publish_data"):  # what the charts use
        app.setup_extension(f"kzedition.sphinxext.{extension}")
    app.add_node(
        plotly_figure,
        html=(visit_plotly_figure_html, None),
        **{fmt: (visit_plotly_figure_elsewhere, None) for fmt in ("latex", "text", "man", "texinfo")},
    )
    for node_class, (visit, depart) in chart_figure.HTML_VISITORS.items():
        app.add_node(node_class, override=True, html=(visit, depart))  # download_link is shared
    app.connect("doctree-resolved", _static_charts)
    app.connect("html-page-context", _add_page_assets)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
