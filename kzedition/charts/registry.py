"""The chart registry: :func:`chart` registers a builder, :func:`build` builds a chart by id.

Each builder takes the DataFrames it plots (its parameter names are the data
package's resource names) and returns a :class:`plotly.graph_objects.Figure`
finished by :func:`finish`: the template, the title and ``layout.meta``
(``id``, ``title``, ``alt``, ``source``, ``csv``) that the book's renderer reads
(:mod:`kzedition.sphinxext.plotly_charts`).
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from kzedition import bibliography
from kzedition.charts.labels import english, separators
from kzedition.charts.style import TEMPLATE

__all__ = ["CHARTS", "Chart", "build", "build_all", "chart", "finish", "for_caption", "source_links"]


@dataclass(frozen=True)
class Chart:
    """A registered chart: its id, the resources it plots and its builder."""

    id: str
    resources: tuple[str, ...]
    builder: Callable[..., go.Figure]


#: Every chart of the edition by id; ids are stable (the chapter uses them).
CHARTS: dict[str, Chart] = {}


def chart(chart_id: str) -> Callable[[Callable[..., go.Figure]], Callable[..., go.Figure]]:
    """Register a builder under ``chart_id``.

    The builder's parameter names are the resources it needs. The registered
    function stamps ``meta.id`` and ``meta.csv`` (the files of those
    resources) on the figure the builder returns.
    """

    def register(fn: Callable[..., go.Figure]) -> Callable[..., go.Figure]:
        resources = tuple(inspect.signature(fn).parameters)

        @functools.wraps(fn)
        def builder(*args, **kwargs) -> go.Figure:
            fig = fn(*args, **kwargs)
            meta = dict(fig.layout.meta or {})
            fig.update_layout(meta={"id": chart_id, **meta, "csv": [f"{name}.csv" for name in resources]})
            return fig

        CHARTS[chart_id] = Chart(chart_id, resources, builder)
        return builder

    return register


def build(chart_id: str, data: Mapping[str, pd.DataFrame] | None = None) -> go.Figure:
    """Build chart ``chart_id`` from ``data`` (resource name -> DataFrame).

    Resources missing from ``data`` are loaded and validated with
    :func:`kzedition.data.load`.
    """
    try:
        entry = CHARTS[chart_id]
    except KeyError:
        raise KeyError(f"no chart {chart_id!r}; known: {', '.join(CHARTS)}") from None
    frames = dict(data or {})
    for name in entry.resources:
        if name not in frames:
            from kzedition import data as kzdata  # imported late: frictionless is slow to import

            frames[name] = kzdata.load(name)
    return entry.builder(**{name: frames[name] for name in entry.resources})


def build_all(data: Mapping[str, pd.DataFrame] | None = None) -> dict[str, go.Figure]:
    """Every registered chart, by id."""
    return {chart_id: build(chart_id, data) for chart_id in CHARTS}


def source_links(sources) -> list[dict[str, str]]:
    """Distinct sources (:class:`kzedition.bibliography.Citation`) in order of first use, each
    labelled with the work (and the work quoting it) and linked to the publisher where its
    address is confirmed (``url`` empty otherwise)."""
    return [
        {"label": bibliography.cite(c), "url": bibliography.address(c) or ""} for c in dict.fromkeys(sources)
    ]


def finish(fig: go.Figure, *, title: str, alt: str, sources) -> go.Figure:
    """Apply the template and fill ``layout.title`` and ``layout.meta``.

    ``sources`` are the citations of the rows drawn (:func:`kzedition.bibliography.citations`).
    Outside English, plotly writes its own numbers (ticks, ``%{x:,}`` in hover texts) with the
    language's decimal sign and thousands separator (:func:`~kzedition.charts.labels.separators`).
    """
    if not english():
        fig.update_layout(separators=separators())
    fig.update_layout(
        template=TEMPLATE,
        title={"text": title},
        meta={"title": title, "alt": alt, "source": source_links(sources)},
    )
    return fig


def for_caption(spec: dict) -> dict:
    """A copy of a figure spec to show under a caption: no ``layout.title``, no ``layout.meta``.

    The book's HTML figure and the static images used in the PDF carry the
    title in their caption (and the rest of the meta around the plot).
    """
    layout = {k: v for k, v in spec.get("layout", {}).items() if k not in ("title", "meta")}
    return {**spec, "layout": layout}
