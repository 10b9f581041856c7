"""Phone layouts, part 3: :func:`narrow_generic`, the narrow layout every chart gets."""

from __future__ import annotations

import math

import pandas as pd

from kzedition.charts.phone_spec import (
    axis_keys,
    axis_max,
    categories_of,
    clamped,
    legend_rows,
    plain_values,
    shows_legend,
    title_dict,
)
from kzedition.charts.phone_text import (
    LEGEND_ROW_PX,
    LINE_EM,
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

__all__ = ["below_modebar", "narrow_generic"]


def _fewer_ticks(spec: dict, axis_key: str) -> None:
    """At most about six ticks on a numeric, date or log axis, with short labels for big counts.

    A fixed ``dtick`` made for 700 px would crowd 300 px; plotly picks a
    step for ``nticks`` instead. Explicit ``tickvals`` and categories stay.
    Thousands separators (``5,000,000``) become SI prefixes (``5M``): the
    same numbers, in a third of the width the plot needs at its left.
    Decades written out on a log axis (outside English:
    :func:`~kzedition.charts.labels.count_ticks`) keep every other one.
    """
    axis = spec["layout"][axis_key]
    kind = axis.get("type", "-")
    if kind == "log" and len(axis.get("ticktext") or []) > 5:  # decades written out: every other
        axis["tickvals"], axis["ticktext"] = axis["tickvals"][::2], axis["ticktext"][::2]
        return
    if kind in ("category", "multicategory") or "tickvals" in axis:
        return
    if kind == "log":
        rng = axis.get("range")
        if isinstance(axis.get("dtick"), int | float) and isinstance(rng, list | tuple) and len(rng) == 2:
            axis["dtick"] = max(axis["dtick"], math.ceil(abs(rng[1] - rng[0]) / 5))
        return
    axis.pop("dtick", None)
    axis.pop("tick0", None)
    axis["nticks"] = min(axis.get("nticks") or 7, 7)
    if "," in str(axis.get("tickformat", "")) and axis_max(spec, axis_key) >= 10_000:
        axis["tickformat"] = "~s"


def _band_midpoint(x0, x1):
    """The middle of a band between two numbers or two dates (as the ISO date plotly takes)."""
    if isinstance(x0, int | float) and isinstance(x1, int | float):
        return (x0 + x1) / 2
    a, b = pd.Timestamp(x0), pd.Timestamp(x1)
    return f"{a + (b - a) / 2:%Y-%m-%d %H:%M}"


def _centre_band_labels(spec: dict) -> None:
    """Put a shaded band's label (``add_vrect(annotation_text=...)``) over the band's middle, wrapped.

    Anchored at the band's edge, as in the wide layout, a label runs off a
    narrow plot when the band is near its right end.
    """
    layout = spec["layout"]
    bands = {
        (s.get("xref"), s.get("x0")): s
        for s in layout.get("shapes", [])
        if s.get("type") == "rect" and s.get("x0") is not None and s.get("x1") is not None
    }
    for annotation in layout.get("annotations", []):
        band = bands.get((annotation.get("xref"), annotation.get("x")))
        axis = layout.get(str(annotation.get("xref")).replace("x", "xaxis", 1), {})
        if band is None or axis.get("type") == "log":
            continue
        annotation.update(
            x=_band_midpoint(band["x0"], band["x1"]),
            xanchor="center",
            align="center",
            text=rewrap(annotation.get("text", ""), 130),
        )
        yref = str(annotation.get("yref", ""))
        if yref.endswith(" domain") and annotation.get("y") == 1 and annotation.get("yanchor") == "top":
            _headroom(spec, yref.removesuffix(" domain").replace("y", "yaxis", 1))


def _headroom(spec: dict, axis_key: str, share: float = 0.25) -> None:
    """Let an auto-ranged axis reach ``share`` beyond the largest value plotted, for a label at the top.

    Centred over its band, a band's label at the top of a narrow plot sits
    where the data may climb (the internet's share in 2011–2012). Through
    ``autorangeoptions.include``, plotly's own range padding stays.
    """
    axis = spec["layout"].setdefault(axis_key, {})
    top = axis_max(spec, axis_key)
    if top > 0 and axis.get("type", "-") in ("-", "linear") and "range" not in axis:
        axis["autorangeoptions"] = {**axis.get("autorangeoptions", {}), "include": top * (1 + share)}


def _fit_bar_texts(spec: dict) -> None:
    """Wrap a vertical bar's text at its spaces when it is wider than the bar will be.

    The bars' gaps narrow a little too (``bargap`` at most 0.15), so that
    labels such as ``4.7 million`` sit over their own bar only.
    """
    layout = spec["layout"]
    bars = [t for t in spec["data"] if t.get("type") == "bar" and t.get("orientation", "v") == "v"]
    if not bars:
        return
    layout["bargap"] = min(layout.get("bargap", 0.2), 0.15)
    categories = len({str(v) for t in bars for v in plain_values(t.get("x"))}) or 1
    grouped = len(bars) if layout.get("barmode", "group") == "group" else 1
    bar_px = (NARROW_WIDTH - 70) / categories * (1 - layout["bargap"]) / grouped
    for trace in bars:
        texts = trace.get("text")
        if isinstance(texts, list):
            trace["text"] = [
                rewrap(t, bar_px) if isinstance(t, str) and text_width(t) > bar_px else t for t in texts
            ]
    too_wide = any(
        isinstance(t, str) and text_width(t) > bar_px for trace in bars for t in trace.get("text") or []
    )
    if too_wide and grouped > 1:
        _bar_texts_on_top(spec, bars)


def _bar_texts_on_top(spec: dict, bars: list[dict]) -> None:
    """Draw grouped vertical bars' texts as annotations on a white ground, above every bar.

    A text wider than its bar (``756,500`` over a 40 px bar) reaches over
    the next bar of its group; as the bar's own text, plotly would draw
    that bar over it. An annotation is drawn after all traces, so it stays
    readable; the bar keeps its ``text`` (``textposition`` ``'none'``). Only
    on category axes, where the group's slots are known: the text of trace
    ``j`` of ``k`` is centred ``(j - (k - 1) / 2) * (1 - bargap) / k`` from
    its category.
    """
    layout = spec["layout"]
    share = (1 - layout.get("bargap", 0.2)) / len(bars)
    for j, trace in enumerate(bars):
        axis_key = trace.get("xaxis", "x").replace("x", "xaxis", 1)
        if layout.get(axis_key, {}).get("type") != "category":
            continue
        index = {str(c): i for i, c in enumerate(categories_of(spec, axis_key))}
        font = clamped(trace.get("outsidetextfont") or trace.get("textfont"), NARROW_FONT)
        points = zip(plain_values(trace.get("x")), plain_values(trace.get("y")), trace["text"], strict=False)
        for x, y, text in points:  # plotly takes fewer texts than points
            if text is None or y is None or str(x) not in index:
                continue
            layout.setdefault("annotations", []).append(
                {
                    "name": "bar text",
                    "text": text,
                    "xref": trace.get("xaxis", "x"),
                    "x": index[str(x)] + (j - (len(bars) - 1) / 2) * share,
                    "yref": trace.get("yaxis", "y"),
                    "y": y,
                    "yanchor": "bottom" if y >= 0 else "top",
                    "yshift": 2 if y >= 0 else -2,
                    "showarrow": False,
                    "bgcolor": NARROW_GROUND,
                    "borderpad": 1,
                    "font": font,
                }
            )
        trace["textposition"] = "none"


def narrow_generic(spec: dict) -> dict:
    """The part of the narrow layout every chart gets (``spec`` is a plain copy, changed in place).

    Fonts of 12–13 px (the wide 14 and 17 px texts would crowd a 340 px
    plot; nothing goes below 12, and plotly may not shrink a bar's text
    below it either), small margins (the axes still make room for their
    labels) but room at the top for the modebar (:data:`MODEBAR_PX`), a
    horizontal legend above the plot (``xref`` ``'paper'``: one that refers to
    the container reserves a left margin as wide as itself),
    long trace names wrapped so that plotly can break it into rows, titles
    wrapped to the width, fewer ticks (:func:`_fewer_ticks`), a band's label
    over the band (:func:`_centre_band_labels`), bar texts that fit their
    bars (:func:`_fit_bar_texts`), and no drag-to-zoom (on a touch screen it
    would hold the finger that scrolls the page). The height grows by what
    the wrapped legend and title take.
    """
    layout = spec["layout"]
    height = _narrow_frame(spec)
    height = _narrow_title(layout, height)
    _narrow_traces(spec["data"])
    height = _narrow_legend(spec, height)
    _narrow_axes(spec, height)
    _narrow_annotations(layout)
    _centre_band_labels(spec)
    _fit_bar_texts(spec)
    layout["height"] = round(height)
    below_modebar(layout)
    return spec


def _narrow_frame(spec: dict) -> float:
    """Small fonts and margins, room for the modebar, no drag-to-zoom; return the height so far
    (the wide one, plus what the modebar needs beyond the wide top margin)."""
    layout = spec["layout"]
    template = (layout.get("template") or {}).get("layout", {})
    height = layout.get("height") or template.get("height") or 450
    wide_top = {**template.get("margin", {}), **layout.get("margin", {})}.get("t", 100)
    height += max(0, MODEBAR_PX - wide_top)
    layout.pop("width", None)
    layout.update(
        autosize=True,
        font={**layout.get("font", {}), "size": NARROW_FONT},
        hoverlabel={**layout.get("hoverlabel", {}), "font": clamped(None, NARROW_FONT)},
        margin={"l": 4, "r": 8, "t": MODEBAR_PX, "b": 4, "pad": 0},
        dragmode=False,
        uniformtext={"minsize": NARROW_MIN_FONT, "mode": "show"},
    )
    return height


def _narrow_title(layout: dict, height: float) -> float:
    """The title wrapped to the width in the narrow title font; return the height with its lines."""
    title = title_dict(layout.get("title"))
    if title.get("text"):
        text = rewrap(title["text"], NARROW_MIN_WIDTH - 12, NARROW_TITLE_FONT)
        layout["title"] = {
            **title,
            "text": text,
            "font": {**title.get("font", {}), "size": NARROW_TITLE_FONT},
        }
        height += (len(text_lines(text)) - 1) * NARROW_TITLE_FONT * LINE_EM
    return height


def _narrow_traces(data: list[dict]) -> None:
    """Long trace names wrapped (plotly then breaks the legend into rows); trace fonts clamped."""
    for trace in data:
        if trace.get("name"):
            trace["name"] = rewrap(trace["name"], NARROW_MIN_WIDTH - 50)
        for key in ("textfont", "insidetextfont", "outsidetextfont"):
            if key in trace:
                trace[key] = clamped(trace[key])


def _narrow_legend(spec: dict, height: float) -> float:
    """A horizontal legend at the top of the container; return the height with its extra rows."""
    layout = spec["layout"]
    wide_legend_rows = 1 if shows_legend(spec) else 0
    if shows_legend(spec):
        layout["legend"] = {
            **layout.get("legend", {}),
            "orientation": "h",
            "x": 0,
            "xanchor": "left",
            "yref": "container",
            "y": 1,  # made exact by below_modebar, once the height is known
            "yanchor": "top",
            "font": clamped(None, NARROW_FONT),
        }
        height += (legend_rows(spec) - wide_legend_rows) * LEGEND_ROW_PX
    return height


def _narrow_axes(spec: dict, height: float) -> None:
    """Tick fonts clamped, axis titles wrapped to their room, fewer ticks (:func:`_fewer_ticks`)."""
    layout = spec["layout"]
    for letter, room in (("x", NARROW_MIN_WIDTH - 20), ("y", height * 0.6)):
        for key in axis_keys(layout, letter):
            axis = layout.setdefault(key, {})
            axis["tickfont"] = clamped(axis.get("tickfont"), NARROW_MIN_FONT)
            axis_title = title_dict(axis.get("title"))
            if axis_title.get("text"):
                axis["title"] = {**axis_title, "text": rewrap(axis_title["text"], room)}
            _fewer_ticks(spec, key)


def _narrow_annotations(layout: dict) -> None:
    """Annotations' fonts clamped, and the wide ones wrapped to 60% of the width."""
    for annotation in layout.get("annotations", []):
        annotation["font"] = clamped(annotation.get("font"))
        if text_width(annotation.get("text", "")) > NARROW_WIDTH * 0.6:
            annotation["text"] = rewrap(annotation["text"], NARROW_WIDTH * 0.6)


def below_modebar(layout: dict) -> None:
    """Hang the title, then the legend, below :data:`MODEBAR_PX` at the top (the height is final).

    Put just above the plot (``y`` 1.02 of the plot, as in the wide layout),
    the legend pushes the top margin and ends up at the very top of the
    chart, under the modebar. Placed in the container instead, it makes
    plotly keep the margin above the plot free for it. A title (the page
    shows it in the caption instead, but a spec may keep it) goes above
    the legend; plotly lifts a multi-line title anchored at its top by its
    number of lines, which is made up for here.
    """
    height = layout["height"]
    title = title_dict(layout.get("title"))
    title_px = 0.0
    if title.get("text"):
        lines = len(text_lines(title["text"]))
        line_px = NARROW_TITLE_FONT * LINE_EM
        title.update(yref="container", yanchor="top", y=1 - (MODEBAR_PX + lines * line_px) / height)
        title["pad"] = {**title.get("pad", {}), "t": 0, "b": 0}
        layout["title"] = title
        title_px = lines * line_px + 8
    if "legend" in layout:
        layout["legend"]["y"] = 1 - (MODEBAR_PX + title_px) / height
