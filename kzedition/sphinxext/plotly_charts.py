"""Plotly charts in the Jupyter Book, offline and without a CDN.

Inside a kernel plotly >= 6 emits only ``application/vnd.plotly.v1+json``,
a mime type myst-nb cannot render. This module adds the two missing pieces.

:class:`PlotlyMimeRenderer` (a myst-nb mime-render plugin, registered through
the ``myst_nb.mime_renderers`` entry point in ``pyproject.toml``) turns that
output into a :class:`plotly_figure` node holding the figure's JSON and the
``layout.meta`` that :mod:`kzedition.charts` fills (id, title, alt, source,
csv). The node is the same for every builder, so cached doctrees can be
shared between builders:

* HTML builders write an accessible ``<figure>``: caption, the plot box, a
  text description, the sources and links to the CSV files of the plotted
  data. Static first: the box shows the chart's static SVG from
  ``figures/`` (:mod:`kzedition.figure_files`; light and dark, wide and
  narrow, as ``<picture>`` elements the stylesheet picks from) and holds the
  specs in a JSON ``<script>``; ``kzedition-charts.js`` loads plotly.js only
  when a chart nears the viewport or is touched and draws it in the same box
  (whose height the stylesheet reserves: nothing moves), in the page's
  theme and width, switching both without a reload. A chart whose spec is
  not the one its images were drawn from (other data), or that has none (a
  student's chart), shows :data:`PENDING` until it is drawn. Element ids
  derive from the chart id (``chart-<id>``), never from random uuids, so
  builds are reproducible.
* The EPUB builder (``epub``, whose format is ``"html"`` too) gets no
  JavaScript: at ``doctree-resolved`` each chart becomes a docutils figure
  of its static image ``figures/<id>.svg`` (``make figures``), with the
  title as caption and the description and sources as visible text
  (:func:`static_figure`). The image is registered with the environment so
  the builder copies it into the book. A chart of :data:`kzedition.charts.CHARTS`
  without its static figure stops the build; any other chart (the one a
  student draws in an exercise's solution) has none, and is given as its
  caption, description and sources, with a note that the web edition draws it.
* Other builders (LaTeX, text, ...) report an error: no target of the
  edition uses one, and the PDF edition prints the single-page HTML build.

:func:`setup` (the Sphinx extension ``kzedition.sphinxext.plotly_charts``)

* copies plotly.js into ``_static/plotly.min.js`` (never a ``<script>`` tag
  of its own: the charts' script loads it on demand): the *partial* bundle
  ``plotly.js-basic-dist-min`` (bar, scatter and pie traces; 1.2 MB raw,
  about 390 KiB gzip, instead of 4.8 MB / 1.4 MiB for the full bundle) from
  the npm packages pinned in ``package.json`` (``npm ci``), of the plotly.js
  version that the installed plotly package expects. The build stops with an
  error when it is missing or of another version (no silent fallback to the
  full bundle). ``tests/test_quality.py`` checks that it defines every trace
  type the charts use. The Sphinx setting ``kzedition_plotly_bundle = "full"``
  serves the plotly package's full bundle instead (the naive baseline that
  ``make bench`` measures). The chart stylesheet comes from
  ``kzedition/static/`` (via ``html_static_path``);
* adds the charts' script (deferred) and stylesheet only to pages whose
  doctree contains a chart, found at ``html-page-context``;
* copies ``data/datapackage.json`` and the CSV files it declares to
  ``_static/data/`` so that chart and data links work in the built site,
  and the static figures ``figures/manifest.json`` records to
  ``_static/figures/`` (nothing undeclared: a scratch CSV or an editor's
  backup beside them is not published).

Notebooks stay clean: nothing is injected into them, and JupyterLab renders
the same outputs natively through the plotly mime type.
"""

from __future__ import annotations

import hashlib
import html
import json
import posixpath
import shutil
from pathlib import Path
from typing import Any

import plotly
from docutils import nodes

from kzedition import __version__, figure_files
from kzedition.chart_payload import NARROW_MEDIA, height, payload
from kzedition.data import is_address
from kzedition.escaping import script_json
from kzedition.i18n import N_, _
from kzedition.paths import DATAPACKAGE, ROOT

__all__ = [
    "PLOTLY_MIME",
    "PlotlyMimeRenderer",
    "plotly_figure",
    "chart_meta",
    "figure_html",
    "script_json",
    "static_figure",
    "setup",
]

PLOTLY_MIME = "application/vnd.plotly.v1+json"
PLOTLY_JS = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"  #: the full bundle (not served)
#: The partial bundle served with the charts (npm ``plotly.js-basic-dist-min``, see package.json).
PLOTLY_BASIC_JS = ROOT / "node_modules" / "plotly.js-basic-dist-min" / "plotly-basic.min.js"
PLOTLY_JS_NAME = "plotly.min.js"  #: its name under ``_static/``
STATIC_DIR = Path(__file__).parent / "static"
CSS_FILE = "kzedition-charts.css"
DATA_URL = "_static/data"  #: where the data files are copied, relative to the site root
FIGURES_URL = "_static/figures"  #: where the static figures are copied, relative to the site root
JS_FILE = "kzedition-charts.js"
#: Said in the plot box of a chart that has no static figure, until plotly.js draws it.
PENDING = N_("The chart is drawn here by JavaScript; its description below says what it shows.")


class plotly_figure(nodes.General, nodes.Element):  # noqa: N801 (docutils naming)
    """A plotly chart: attributes ``spec`` (figure JSON) and ``meta`` (JSON of
    :func:`chart_meta`), strings so that docutils treats neither specially.

    Its only child, when present, is the static fallback figure for
    non-HTML builders.
    """


# --- the figure's description ----------------------------------------------


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


def _plot_html(spec: dict, meta: dict, dom_id: str, figures_url: str | None) -> tuple[str, str]:
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
    parts.append(f'<div class="kz-chart-live" id="{esc(dom_id)}-plot"></div>')
    parts.append(f'<script type="application/json" class="kz-chart-spec">{script_json(data)}</script>')
    return heights, "".join(parts)


def figure_html(spec: dict, meta: dict, dom_id: str, data_url: str, figures_url: str | None = None) -> str:
    """The accessible ``<figure>`` of a chart.

    ``dom_id`` is the figure's element id (the plot is ``<dom_id>-plot``);
    ``data_url`` is the relative URL of the folder holding the CSV files,
    ``figures_url`` that of the static figures (``None``: the chart has none).
    """
    esc = html.escape
    parts = [f'<figure class="kz-chart" id="{esc(dom_id)}" data-chart="{esc(meta["id"])}">']
    labelled = f' aria-label="{esc(_("Chart"))}"'  # role="img" needs a name
    if meta["title"]:
        parts.append(
            f'<figcaption class="kz-chart-title" id="{esc(dom_id)}-title">{esc(meta["title"])}</figcaption>'
        )
        labelled = f' aria-labelledby="{esc(dom_id)}-title"'
    described = f' aria-describedby="{esc(dom_id)}-desc"' if meta["alt"] else ""
    # A named, described group, not role="img": the plot holds plotly's
    # interactive controls (modebar buttons), which role="img" would make
    # presentational while they stay focusable (axe nested-interactive).
    style, plot = _plot_html(spec, meta, dom_id, figures_url)
    parts.append(f'<div class="kz-chart-plot" role="group"{labelled}{described} style="{style}">{plot}</div>')
    if meta["alt"]:
        parts.append(
            f'<p class="kz-chart-desc" id="{esc(dom_id)}-desc">'
            f'<span class="kz-chart-label">{esc(_("Description:"))}</span> {esc(meta["alt"])}</p>'
        )
    notes = []
    if meta["source"]:
        links = "; ".join(
            f'<a class="reference external" href="{esc(s["url"], quote=True)}">'
            f"{esc(s.get('label') or s['url'])}</a>"
            if s.get("url") and is_address(s["url"])
            else esc(s.get("label") or s.get("url", ""))  # no address, or not an http(s) one: no link
            for s in meta["source"]
        )
        label = _("Sources:") if len(meta["source"]) > 1 else _("Source:")
        notes.append(f'<span class="kz-chart-label">{esc(label)}</span> {links}.')
    if meta["csv"]:
        links = ", ".join(
            f'<a class="reference download" href="{esc(posixpath.join(data_url, name))}" '
            f"download>{esc(name)}</a>"
            for name in meta["csv"]
        )
        label = _("Data (CSV):")
        notes.append(f'<span class="kz-chart-label">{esc(label)}</span> {links}.')
    if notes:
        parts.append('<p class="kz-chart-source">' + " ".join(notes) + "</p>")
    parts.append("</figure>")
    return "\n".join(parts)


# --- myst-nb plugin ----------------------------------------------------------


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
        if env is None:  # plain docutils (no Sphinx): inline HTML, data beside the page
            return [nodes.raw("", figure_html(spec, meta, _dom_id(meta["id"]), "data"), format="html")]
        return [plotly_figure(spec=json.dumps(spec, sort_keys=True), meta=json.dumps(meta))]


def _dom_id(chart_id: str) -> str:
    return "chart-" + nodes.make_id(chart_id)


# --- writing ---------------------------------------------------------------


def visit_plotly_figure_html(self, node: plotly_figure) -> None:
    """Write the chart's ``<figure>``; ids are unique within the page."""
    seen = self.__dict__.setdefault("_kz_chart_ids", set())
    meta = json.loads(node["meta"])
    dom_id = base = _dom_id(meta["id"])
    n = 1
    while dom_id in seen:
        n += 1
        dom_id = f"{base}-{n}"
    seen.add(dom_id)
    # imgpath is "<root>/_images" relative to the page being written, for every HTML builder.
    root = posixpath.dirname(self.builder.imgpath)
    spec = json.loads(node["spec"])
    figures_url = posixpath.join(root, FIGURES_URL) if figure_files.current_files(spec) else None
    self.body.append(figure_html(spec, meta, dom_id, posixpath.join(root, DATA_URL), figures_url))
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


def depart_plotly_figure(self, node: plotly_figure) -> None:
    pass


# --- the EPUB: static figures ------------------------------------------------


#: Said in place of a chart that has no static figure (the EPUB).
NO_STATIC_FIGURE = N_("The web edition draws this chart; its description gives what it shows.")


def static_figure(meta: dict, uri: str | None) -> nodes.Element:
    """The chart as a docutils figure: image ``uri``, caption, description and sources.

    Without ``uri`` it is a block of text with the title, :data:`NO_STATIC_FIGURE`,
    the description and sources.
    """
    notes = []
    if meta["alt"]:
        notes.append(
            nodes.paragraph(
                "",
                "",
                nodes.inline(_("Description:"), _("Description:"), classes=["kz-chart-label"]),
                nodes.Text(" " + meta["alt"]),
                classes=["kz-chart-desc"],
            )
        )
    if meta["source"]:
        label = _("Sources:") if len(meta["source"]) > 1 else _("Source:")
        para = nodes.paragraph("", "", classes=["kz-chart-source"])
        para += nodes.inline(label, label, classes=["kz-chart-label"])
        para += nodes.Text(" ")
        for i, source in enumerate(meta["source"]):
            if i:
                para += nodes.Text("; ")
            text = source.get("label") or source.get("url", "")
            if source.get("url") and is_address(source["url"]):
                para += nodes.reference(text, text, refuri=source["url"], classes=["external"])
            else:  # no address, or not an http(s) one: no link
                para += nodes.Text(text)
        para += nodes.Text(".")
        notes.append(para)
    ids = [_dom_id(meta["id"])]
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
    figure += nodes.image(uri=uri, candidates={"*": uri}, alt=meta["title"] or meta["alt"] or _("Chart"))
    if meta["title"]:
        figure += nodes.caption(meta["title"], meta["title"])
    if notes:
        figure += nodes.legend("", *notes)
    return figure


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


# --- page assets -----------------------------------------------------------


def has_chart(doctree: nodes.Node | None) -> bool:
    """Whether a page's doctree contains a chart (then it needs plotly.js)."""
    return doctree is not None and next(doctree.findall(plotly_figure), None) is not None


def _add_page_assets(app, pagename: str, templatename: str, context: dict, doctree) -> None:
    """The charts' script (deferred: it loads plotly.js when a chart nears the
    viewport) and stylesheet, on pages with a chart only."""
    if has_chart(doctree):
        app.add_js_file(JS_FILE, loading_method="defer")
        app.add_css_file(CSS_FILE)


def _drop_duplicate_scripts(app, pagename: str, templatename: str, context: dict, doctree) -> None:
    """Write each ``<script>`` once.

    Sphinx 7.4 re-adds the registry's scripts at ``prepare_writing`` with the
    filename ``''`` where extensions registered inline scripts with ``None``,
    so inline scripts added after the builder started (sphinx-thebe's
    ``const THEBE_JS_URL``, sphinx-togglebutton's selector) appear twice and
    the second ``const`` throws in the browser. Exact duplicates are dropped.
    """
    scripts = context.get("script_files")
    if not scripts:
        return
    seen, unique = set(), []
    for js in scripts:
        key = (
            getattr(js, "filename", js) or "",
            getattr(js, "priority", 0),
            tuple(sorted(getattr(js, "attributes", {}).items())),
        )
        if key not in seen:
            seen.add(key)
            unique.append(js)
    scripts[:] = unique


def _add_static_paths(app, config) -> None:
    """Let Sphinx copy the chart CSS into ``_static/`` (with checksums)."""
    config.html_static_path = [*config.html_static_path, str(STATIC_DIR)]


def bundle_version(path: Path) -> str | None:
    """The plotly.js version in the banner of a plotly.js bundle."""
    import re

    head = path.read_text(encoding="utf-8", errors="replace")[:400]
    found = re.search(r"plotly\.js (?:\([^)]*\) )?v(\d+\.\d+\.\d+)", head)
    return found.group(1) if found else None


def _copy_plotly_js(app) -> None:
    """Copy the partial plotly.js bundle to ``_static/plotly.min.js`` (HTML builders;
    the full bundle of the plotly package with ``kzedition_plotly_bundle = "full"``).

    Copied before any page is written, so Sphinx's ``?v=`` checksum is that
    of the served file. Stops the build when the bundle is missing or is not
    the plotly.js version the installed plotly package writes figures for.
    """
    from plotly.offline import get_plotlyjs_version
    from sphinx.errors import ExtensionError

    if app.builder.format != "html" or app.builder.name == "epub":  # the EPUB has no JavaScript
        return
    bundle = app.config.kzedition_plotly_bundle
    if bundle not in ("basic", "full"):
        raise ExtensionError(f"kzedition_plotly_bundle must be 'basic' or 'full', not {bundle!r}")
    static = Path(app.outdir) / "_static"
    static.mkdir(parents=True, exist_ok=True)
    if bundle == "full":  # every trace type, four times the weight: benchmarks only
        shutil.copyfile(PLOTLY_JS, static / PLOTLY_JS_NAME)
        return
    if not PLOTLY_BASIC_JS.is_file():
        raise ExtensionError(
            f"kzedition.sphinxext.plotly_charts: the plotly.js partial bundle {PLOTLY_BASIC_JS} is missing. "
            "Install the pinned npm packages with 'npm ci --ignore-scripts' in the repository "
            "(make book and make test do it)."
        )
    expected, found = get_plotlyjs_version(), bundle_version(PLOTLY_BASIC_JS)
    if found != expected:
        raise ExtensionError(
            f"kzedition.sphinxext.plotly_charts: {PLOTLY_BASIC_JS} is plotly.js {found}, but plotly "
            f"{plotly.__version__} expects plotly.js {expected}: pin plotly.js-basic-dist-min@{expected} "
            "in package.json and run 'npm install --save-exact' then 'npm ci --ignore-scripts'."
        )
    shutil.copyfile(PLOTLY_BASIC_JS, static / PLOTLY_JS_NAME)


def static_figure_files() -> list[Path]:
    """The static figures published under ``_static/figures/``: every variant of each chart
    that ``figures/manifest.json`` records (nothing else the folder may hold)."""
    return [
        figure_files.folder() / figure_files.file_name(chart_id, width, theme)
        for chart_id in sorted(figure_files.read_manifest())
        for width, theme in figure_files.VARIANTS
    ]


def data_files() -> list[Path]:
    """The files published under ``_static/data/``: the descriptor and the resources it declares."""
    from kzedition.data import PACKAGE_README, declared_files

    return [path for path in declared_files(DATAPACKAGE) if path.name != PACKAGE_README]


def _copy_data(app, exception: Exception | None) -> None:
    """Copy the data package and the static figures into the built site (HTML builders only)."""
    if exception is not None or app.builder.format != "html" or app.builder.name == "epub":
        return
    for folder, files in ((DATA_URL, data_files()), (FIGURES_URL, static_figure_files())):
        target = Path(app.outdir) / folder
        target.mkdir(parents=True, exist_ok=True)
        for src in files:
            if src.exists():
                shutil.copyfile(src, target / src.name)


def setup(app) -> dict[str, Any]:
    app.add_node(
        plotly_figure,
        html=(visit_plotly_figure_html, depart_plotly_figure),
        **{
            fmt: (visit_plotly_figure_elsewhere, depart_plotly_figure)
            for fmt in ("latex", "text", "man", "texinfo")
        },
    )
    app.connect("config-inited", _add_static_paths)
    app.add_config_value("kzedition_plotly_bundle", "basic", "html", types=[str])
    app.connect("builder-inited", _copy_plotly_js)
    app.connect("doctree-resolved", _static_charts)
    app.connect("html-page-context", _add_page_assets)
    app.connect("html-page-context", _drop_duplicate_scripts, priority=900)  # after others add theirs
    app.connect("build-finished", _copy_data)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
