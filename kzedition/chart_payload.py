"""What a page's script needs to draw a chart: both layouts, the dark colours, plotly.js's options.

The build writes it into each chart's box (:mod:`kzedition.sphinxext.plotly_charts`),
and the page's own Python (the Run control) sends it for every figure a cell
shows, so a chart drawn from a student's cell is drawn as the page's own:
wide or narrow with the page's width, light or dark with its theme
(``kzedition-charts.js``).
"""

from __future__ import annotations

from kzedition import charts

#: plotly.js options for the HTML charts (the filename of the download button is added).
PLOTLY_CONFIG = {
    "displaylogo": False,
    "responsive": True,
    "modeBarButtonsToRemove": ["select2d", "lasso2d", "autoScale2d"],
}
DEFAULT_HEIGHT = 450  # plotly.js's own default
#: Where pages draw a chart's narrow variant: the same query as in kzedition-charts.css.
NARROW_MEDIA = "(max-width: 599.98px)"


def height(spec: dict) -> int:
    """The height a spec is drawn at (px)."""
    return int(spec.get("layout", {}).get("height") or DEFAULT_HEIGHT)


def payload(spec: dict, chart_id: str) -> dict:
    """The JSON ``kzedition-charts.js`` draws from: ``wide``, ``narrow``, ``narrowMedia``, ``dark``, ``config``."""
    return {
        "wide": charts.for_caption(spec),
        "narrow": charts.for_caption(charts.narrow(spec)),  # narrow reads the chart id in the meta
        "narrowMedia": NARROW_MEDIA,
        "dark": charts.theme_colours("dark"),
        "config": {**PLOTLY_CONFIG, "toImageButtonOptions": {"filename": chart_id}},
    }
