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

# Each module's __all__ is its public API; the package re-exports them all. Importing the
# topic modules registers their charts and their phone layouts.
from kzedition.charts import (
    campaign,
    elections,
    font_metrics,
    internet,
    labels,
    phone,
    phone_generic,
    phone_text,
    registry,
    style,
)
from kzedition.charts.campaign import *  # noqa: F403
from kzedition.charts.elections import *  # noqa: F403
from kzedition.charts.font_metrics import *  # noqa: F403
from kzedition.charts.internet import *  # noqa: F403
from kzedition.charts.labels import *  # noqa: F403
from kzedition.charts.phone import *  # noqa: F403
from kzedition.charts.phone_generic import *  # noqa: F403
from kzedition.charts.phone_text import *  # noqa: F403
from kzedition.charts.registry import *  # noqa: F403
from kzedition.charts.style import *  # noqa: F403

__all__ = [
    *style.__all__,
    *registry.__all__,
    *labels.__all__,
    *elections.__all__,
    *internet.__all__,
    *campaign.__all__,
    *font_metrics.__all__,
    *phone_text.__all__,
    *phone_generic.__all__,
    *phone.__all__,
]
