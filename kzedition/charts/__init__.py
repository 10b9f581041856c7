"""The edition's charts: pure builders from validated tables to plotly figures.

Each builder takes the DataFrames it plots (its parameter names are the data
package's resource names) and returns a :class:`plotly.graph_objects.Figure`.
Builders never read files and never type a count: every number drawn, printed
in a label or quoted in the text alternative is computed from the data.

:func:`build` looks a chart up in :data:`CHARTS`, loads what it needs with
:func:`kzedition.data.load` (or takes it from ``data``) and builds it::

    from kzedition import charts
    charts.build("result-2011")          # the last expression of a notebook cell

Every figure carries ``layout.meta`` for the book's renderer
(:mod:`kzedition.sphinxext.plotly_charts`): ``id``, ``title``, ``alt`` (a text
alternative that states what the chart shows), ``source`` (a list of
``{"label", "url"}``) and ``csv`` (the data files the chart plots).

The package, by concern (this module re-exports their public names):

- :mod:`~kzedition.charts.style`     palette, named colours, template, page themes
  (:func:`for_theme`, :func:`theme_colours`)
- :mod:`~kzedition.charts.registry`  :func:`chart`, :func:`build`, :func:`build_all`,
  :data:`CHARTS`, :func:`finish`, :func:`for_caption`
- :mod:`~kzedition.charts.labels`    plain values and label texts
- one module per topic, each chart's builder, text alternative and phone layout
  together: :mod:`~kzedition.charts.elections`, :mod:`~kzedition.charts.internet`,
  :mod:`~kzedition.charts.campaign`
- the phone-layout engine (:func:`narrow`): :mod:`~kzedition.charts.font_metrics`
  (the advance widths of the font the charts are drawn with, DejaVu Sans),
  :mod:`~kzedition.charts.phone_text` (sizes, text measure, wrapping), :mod:`~kzedition.charts.phone_spec` (reading a
  spec), :mod:`~kzedition.charts.phone_generic` (what every chart gets) and
  :mod:`~kzedition.charts.phone` (:func:`narrow`, the charts' own layouts)

A topic module registers its charts when it is imported; this module imports
them all, so :data:`CHARTS` is complete once ``kzedition.charts`` is.
"""

from kzedition.charts.campaign import (
    CAMPAIGN_LABELS,
    COUNT_UNITS,
    TIMELINE_SPAN,
    campaign_reach,
    referendum_counts,
    short_event,
    timeline,
)
from kzedition.charts.elections import INCUMBENT, election, incumbent_rows, incumbent_turnout, result_2011
from kzedition.charts.internet import (
    CHAPTER_PERIOD,
    MAIN_SERIES,
    SERIES_LABELS,
    SHARE_YEARS,
    internet_share,
    subscribers_vs_users,
)
from kzedition.charts.labels import (
    QUALIFIER_SIGNS,
    count_label,
    iso_dates,
    label_sides,
    listing,
    values,
    wrap,
)
from kzedition.charts.phone import NARROW_LAYOUTS, labelled_bars, labels_above_rows, narrow, narrow_layout
from kzedition.charts.phone_generic import below_modebar, narrow_generic
from kzedition.charts.phone_text import (
    LEGEND_ROW_PX,
    LINE_EM,
    LINE_PX,
    MODEBAR_PX,
    NARROW_FONT,
    NARROW_GROUND,
    NARROW_MIN_FONT,
    NARROW_MIN_WIDTH,
    NARROW_TITLE_FONT,
    NARROW_WIDTH,
    rewrap,
    text_lines,
    text_width,
)
from kzedition.charts.registry import (
    CHARTS,
    Chart,
    build,
    build_all,
    chart,
    finish,
    for_caption,
    source_links,
)
from kzedition.charts.style import (
    BLUE,
    COLORWAY,
    DARK_COLOURS,
    FONT,
    GREEN,
    GRID,
    HEIGHT,
    INK,
    MUTED,
    OKABE_ITO,
    PAPER,
    TEMPLATE,
    TEXT_ON,
    THEMES,
    VERMILION,
    for_theme,
    hatched,
    theme_colours,
)

__all__ = [
    "BLUE",
    "CAMPAIGN_LABELS",
    "CHAPTER_PERIOD",
    "CHARTS",
    "COLORWAY",
    "COUNT_UNITS",
    "Chart",
    "DARK_COLOURS",
    "FONT",
    "GREEN",
    "GRID",
    "HEIGHT",
    "INCUMBENT",
    "INK",
    "LEGEND_ROW_PX",
    "LINE_EM",
    "LINE_PX",
    "MAIN_SERIES",
    "MODEBAR_PX",
    "MUTED",
    "NARROW_FONT",
    "NARROW_GROUND",
    "NARROW_LAYOUTS",
    "NARROW_MIN_FONT",
    "NARROW_MIN_WIDTH",
    "NARROW_TITLE_FONT",
    "NARROW_WIDTH",
    "OKABE_ITO",
    "PAPER",
    "QUALIFIER_SIGNS",
    "SERIES_LABELS",
    "SHARE_YEARS",
    "TEMPLATE",
    "TEXT_ON",
    "THEMES",
    "TIMELINE_SPAN",
    "VERMILION",
    "below_modebar",
    "build",
    "build_all",
    "campaign_reach",
    "chart",
    "count_label",
    "election",
    "finish",
    "for_caption",
    "for_theme",
    "hatched",
    "incumbent_rows",
    "incumbent_turnout",
    "internet_share",
    "iso_dates",
    "label_sides",
    "labelled_bars",
    "labels_above_rows",
    "listing",
    "narrow",
    "narrow_generic",
    "narrow_layout",
    "referendum_counts",
    "result_2011",
    "rewrap",
    "short_event",
    "source_links",
    "subscribers_vs_users",
    "text_lines",
    "text_width",
    "theme_colours",
    "timeline",
    "values",
    "wrap",
]
