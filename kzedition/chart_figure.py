"""A chart's figure as a docutils node tree: no Sphinx needed.

A chart is written as an accessible ``<figure>``: its title as the
``<figcaption>``, the plot box, a text description, the sources and links
to the CSV files of the plotted data. Everything but the plot box is a
docutils node (:class:`chart_figure`, :class:`chart_title`, paragraphs,
references, :class:`~kzedition.download_link.download_link`), written by the HTML writer that writes the
page; the plot box (:class:`chart_plot`) is the one piece of raw HTML, as
plotly.js and ``kzedition-charts.js`` need it:

* static first: the chart's static SVG from ``figures/``
  (:mod:`kzedition.figure_files`; light and dark, wide and narrow, as
  ``<picture>`` elements the stylesheet picks from), or :data:`PENDING`
  when the chart has no static figure drawn from this spec;
* the box plotly.js draws in (``<id>-plot``), whose height the stylesheet
  reserves (nothing moves when it is drawn);
* the specs of both widths and the dark colours, in a JSON ``<script>``
  (:mod:`kzedition.chart_payload`).

Element ids derive from the chart id (``chart-<id>``), never from random
uuids, so builds are reproducible. :func:`figure_html` writes the same tree
with docutils' own HTML writer (tests, and myst-nb without Sphinx);
:func:`static_figure` is the chart as a plain docutils figure of its static
image, for the EPUB.

Reader-visible words are gathered below (:data:`LABELS`, :data:`PENDING`,
:data:`NO_STATIC_FIGURE`).
"""

from __future__ import annotations

import hashlib
import html
import json
import posixpath
from typing import Any

from docutils import nodes

from kzedition import figure_files
from kzedition.chart_payload import NARROW_MEDIA, height, payload
from kzedition.data import is_address
from kzedition.download_link import depart_download_link, download_link, visit_download_link
from kzedition.escaping import script_json
from kzedition.i18n import N_, _

__all__ = [
    "LABELS",
    "NARROW_MEDIA",
    "NO_STATIC_FIGURE",
    "PENDING",
    "chart_figure",
    "chart_meta",
    "chart_plot",
    "chart_title",
    "dom_id",
    "figure_html",
    "figure_node",
    "plot_box_html",
    "script_json",
    "static_figure",
    "HTML_VISITORS",
]

# --- what readers read --------------------------------------------------------

#: The labels of a chart's figure, as readers see them.
LABELS = {  # in English; the reader's language through the package catalog (label())
    "chart": N_("Chart"),  # the plot box's name when the chart has no title
    "description": N_("Description:"),
    "source": N_("Source:"),
    "sources": N_("Sources:"),
    "data": N_("Data (CSV):"),
}
#: Said in the plot box of a chart that has no static figure, until plotly.js draws it.
PENDING = N_("The chart is drawn here by JavaScript; its description below says what it shows.")
#: Said in place of a chart that has no static figure (the EPUB).
NO_STATIC_FIGURE = N_("The web edition draws this chart; its description gives what it shows.")


# --- the figure's description -------------------------------------------------


def chart_meta(spec: dict) -> dict[str, Any]:
    """Id, title, alt, sources and CSV files of a figure spec, with fallbacks.

    ``layout.meta`` is filled by :mod:`kzedition.charts`; for any other
    figure the id is a hash of the spec (still deterministic) and the title
    is the layout's title, if any.
    """
    layout = spec.get("layout", {})
    meta = layout.get("meta") if isinstance(layout.get("meta"), dict) else {}
    title = layout.get("title", {})
    title_text = title.get("text", "") if isinstance(title, dict) else str(title or "")
    chart_id = (
        meta.get("id")
        or "plotly-" + hashlib.sha256(json.dumps(spec, sort_keys=True).encode()).hexdigest()[:12]
    )
    csv = meta.get("csv", [])
    return {
        "id": str(chart_id),
        "title": str(meta.get("title") or title_text),
        "alt": str(meta.get("alt", "")),
        "source": [dict(s) for s in meta.get("source", []) if s.get("url") or s.get("label")],
        "csv": [csv] if isinstance(csv, str) else list(csv),
    }


def dom_id(chart_id: str) -> str:
    """The element id of a chart's figure."""
    return "chart-" + nodes.make_id(chart_id)


# --- nodes --------------------------------------------------------------------


class chart_figure(nodes.General, nodes.Element):  # noqa: N801 (docutils naming)
    """``<figure class="kz-chart">`` with ``data-chart`` (attribute ``chart``)."""


class chart_title(nodes.TextElement):  # noqa: N801
    """The figure's ``<figcaption>``: docutils' ``caption`` would put everything after it inside."""


class chart_plot(nodes.General, nodes.Element):  # noqa: N801
    """The plot box: a named, described group; its content (attribute ``html``) is raw HTML."""


def visit_chart_figure(self, node: chart_figure) -> None:
    self.body.append(self.starttag(node, "figure", **{"data-chart": node["chart"]}))


def depart_chart_figure(self, node: chart_figure) -> None:
    self.body.append("</figure>\n")


def visit_chart_title(self, node: chart_title) -> None:
    self.body.append(self.starttag(node, "figcaption", ""))


def depart_chart_title(self, node: chart_title) -> None:
    self.body.append("</figcaption>\n")


def visit_chart_plot(self, node: chart_plot) -> None:
    # A named, described group, not role="img": the plot holds plotly's
    # interactive controls (modebar buttons), which role="img" would make
    # presentational while they stay focusable (axe nested-interactive).
    attributes = {"role": "group", "style": node["style"]}
    for name in ("aria-label", "aria-labelledby", "aria-describedby"):
        if node.get(name):
            attributes[name] = node[name]
    self.body.append(self.starttag(node, "div", "", **attributes))
    self.body.append(node["html"])  # raw: pictures, plotly.js's box and the specs (plot_box_html)
    self.body.append("</div>\n")
    raise nodes.SkipNode


#: The HTML visitors of the nodes above: node class -> (visit, depart).
HTML_VISITORS = {
    chart_figure: (visit_chart_figure, depart_chart_figure),
    chart_title: (visit_chart_title, depart_chart_title),
    chart_plot: (visit_chart_plot, None),
    download_link: (visit_download_link, depart_download_link),
}


# --- the tree -----------------------------------------------------------------


def plot_box_html(spec: dict, meta: dict, box_id: str, figures_url: str | None) -> tuple[str, str]:
    """The plot box's style and content: the static images, then what
    plotly.js needs to replace them.

    The box keeps the height of the variant the page's width calls for
    (``--kz-chart-height``, ``--kz-chart-narrow-height``), so nothing moves
    when plotly.js draws. Each theme's static image is a ``<picture>`` whose
    narrow source applies on phones (:data:`NARROW_MEDIA`); the stylesheet
    shows the one of the page's theme, and ``loading="lazy"`` fetches only
    that one; ``dark-light`` tells pydata-sphinx-theme that the image is
    drawn for the page's theme (no white card, no dimming filter in dark
    mode). ``figures_url`` is ``None`` when the chart has no static
    figures drawn from this spec: the box then says that the chart is drawn
    here. The specs of both widths and the dark colours go into a JSON
    ``<script>`` that ``kzedition-charts.js`` reads.
    """
    from kzedition import charts  # deferred: only HTML writing needs it

    esc = html.escape
    data = payload(spec, meta["id"])
    heights = (
        f"--kz-chart-height:{height(data['wide'])}px;--kz-chart-narrow-height:{height(data['narrow'])}px"
    )
    parts = []
    if figures_url is None:
        parts.append(f'<p class="kz-chart-pending">{esc(_(PENDING))}</p>')
    else:
        for theme in charts.THEMES:
            wide_src, narrow_src = (
                posixpath.join(figures_url, figure_files.file_name(meta["id"], width, theme))
                for width in figure_files.WIDTHS
            )
            parts.append(
                f'<picture class="kz-chart-static kz-chart-{theme}">'
                f'<source media="{NARROW_MEDIA}" srcset="{esc(narrow_src)}">'
                f'<img class="dark-light" src="{esc(wide_src)}" alt="" loading="lazy" decoding="async">'
                "</picture>"
            )
    parts.append(f'<div class="kz-chart-live" id="{esc(box_id)}-plot"></div>')
    parts.append(f'<script type="application/json" class="kz-chart-spec">{script_json(data)}</script>')
    return heights, "".join(parts)


def _label(key: str) -> nodes.inline:
    return nodes.inline(_(LABELS[key]), _(LABELS[key]), classes=["kz-chart-label"])


def _sources(meta: dict) -> list[nodes.Node]:
    """``Source: <a>label</a>; label.``: a source without an http(s) address is named, not linked."""
    out: list[nodes.Node] = [_label("sources" if len(meta["source"]) > 1 else "source"), nodes.Text(" ")]
    for i, source in enumerate(meta["source"]):
        if i:
            out.append(nodes.Text("; "))
        text = source.get("label") or source.get("url", "")
        if source.get("url") and is_address(source["url"]):
            out.append(nodes.reference(text, text, refuri=source["url"]))  # the writers add "external"
        else:
            out.append(nodes.Text(text))
    out.append(nodes.Text("."))
    return out


def figure_node(
    spec: dict, meta: dict, box_id: str, data_url: str, figures_url: str | None = None
) -> chart_figure:
    """The accessible ``<figure>`` of a chart, as nodes.

    ``box_id`` is the figure's element id (the plot is ``<box_id>-plot``);
    ``data_url`` is the relative URL of the folder holding the CSV files,
    ``figures_url`` that of the static figures (``None``: the chart has none).
    """
    figure = chart_figure("", ids=[box_id], classes=["kz-chart"], chart=meta["id"])
    plot_attributes = {"aria-label": _(LABELS["chart"])}  # role="group" needs a name
    if meta["title"]:
        figure += chart_title(
            meta["title"], meta["title"], ids=[f"{box_id}-title"], classes=["kz-chart-title"]
        )
        plot_attributes = {"aria-labelledby": f"{box_id}-title"}
    if meta["alt"]:
        plot_attributes["aria-describedby"] = f"{box_id}-desc"
    style, content = plot_box_html(spec, meta, box_id, figures_url)
    figure += chart_plot("", classes=["kz-chart-plot"], style=style, html=content, **plot_attributes)
    if meta["alt"]:
        figure += nodes.paragraph(
            "",
            "",
            _label("description"),
            nodes.Text(" " + meta["alt"]),
            ids=[f"{box_id}-desc"],
            classes=["kz-chart-desc"],
        )
    notes = nodes.paragraph("", "", classes=["kz-chart-source"])
    if meta["source"]:
        notes.extend(_sources(meta))
    if meta["csv"]:
        if len(notes):
            notes += nodes.Text(" ")
        notes += [_label("data"), nodes.Text(" ")]
        for i, name in enumerate(meta["csv"]):
            if i:
                notes += nodes.Text(", ")
            notes += download_link(
                name, name, refuri=posixpath.join(data_url, name), classes=["reference", "download"]
            )
        notes += nodes.Text(".")
    if len(notes):
        figure += notes
    return figure


def figure_html(spec: dict, meta: dict, box_id: str, data_url: str, figures_url: str | None = None) -> str:
    """:func:`figure_node` written by docutils' HTML writer (no Sphinx)."""
    from docutils.frontend import get_default_settings
    from docutils.utils import new_document
    from docutils.writers.html5_polyglot import HTMLTranslator, Writer

    class Translator(HTMLTranslator):
        pass

    for node_class, (visit, depart) in HTML_VISITORS.items():
        setattr(Translator, f"visit_{node_class.__name__}", visit)
        setattr(Translator, f"depart_{node_class.__name__}", depart or (lambda self, node: None))
    document = new_document("chart", get_default_settings(Writer))
    translator = Translator(document)
    figure_node(spec, meta, box_id, data_url, figures_url).walkabout(translator)
    return "".join(translator.body)


# --- the EPUB: a figure of the static image -----------------------------------


def static_figure(meta: dict, uri: str | None) -> nodes.Element:
    """The chart as a docutils figure: image ``uri``, caption, description and sources.

    Without ``uri`` it is a block of text with the title, :data:`NO_STATIC_FIGURE`,
    the description and sources.
    """
    notes = []
    if meta["alt"]:
        notes.append(
            nodes.paragraph(
                "", "", _label("description"), nodes.Text(" " + meta["alt"]), classes=["kz-chart-desc"]
            )
        )
    if meta["source"]:
        notes.append(nodes.paragraph("", "", *_sources(meta), classes=["kz-chart-source"]))
    ids = [dom_id(meta["id"])]
    if uri is None:
        block = nodes.container("", classes=["kz-chart", "kz-chart-text"], ids=ids)
        if meta["title"]:
            block += nodes.paragraph(
                "", "", nodes.strong(meta["title"], meta["title"]), classes=["kz-chart-title"]
            )
        block += nodes.paragraph(_(NO_STATIC_FIGURE), _(NO_STATIC_FIGURE), classes=["kz-chart-note"])
        block.extend(notes)
        return block
    figure = nodes.figure("", classes=["kz-chart", "kz-chart-static"], ids=ids)
    figure += nodes.image(
        uri=uri, candidates={"*": uri}, alt=meta["title"] or meta["alt"] or _(LABELS["chart"])
    )
    if meta["title"]:
        figure += nodes.caption(meta["title"], meta["title"])
    if notes:
        figure += nodes.legend("", *notes)
    return figure
