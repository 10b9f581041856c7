"""Phone layouts, part 2: reading a figure spec (axes, categories, legend, fonts, chrome)."""

from __future__ import annotations

import copy
import re

import plotly.graph_objects as go

from kzedition.charts.phone_text import (
    LEGEND_ROW_PX,
    LINE_EM,
    LINE_PX,
    NARROW_FONT,
    NARROW_MIN_FONT,
    NARROW_TITLE_FONT,
    NARROW_WIDTH,
    text_lines,
    text_width,
)


def plain_spec(spec) -> dict:
    """A deep copy of a figure spec as plain dicts and lists (from a dict or a ``go.Figure``)."""
    if isinstance(spec, go.Figure):
        spec = spec.to_plotly_json()
    return copy.deepcopy({**spec, "data": list(spec.get("data", [])), "layout": dict(spec.get("layout", {}))})


def clamped(font: dict | None, default: float | None = None) -> dict:
    """``font`` with its size kept within the narrow range (``default`` when it has none)."""
    font = dict(font or {})
    size = font.get("size", default)
    if size is not None:
        font["size"] = min(max(size, NARROW_MIN_FONT), NARROW_FONT)
    return font


def title_dict(value) -> dict:
    """A layout or axis ``title`` as a dict (plotly also takes a bare string)."""
    return {"text": value} if isinstance(value, str) else dict(value or {})


def axis_keys(layout: dict, letter: str) -> list[str]:
    """The layout keys of the ``x`` or ``y`` axes (``xaxis``, ``xaxis2``, ...); ``xaxis`` always."""
    return sorted({k for k in layout if re.fullmatch(letter + r"axis\d*", k)} | {letter + "axis"})


def axis_ref(axis_key: str) -> str:
    """``'xaxis2'`` -> ``'x2'``: how traces, shapes and annotations name an axis."""
    return axis_key.replace("axis", "")


def on_axis(trace: dict, axis_key: str) -> bool:
    letter = axis_key[0]
    return trace.get(letter + "axis", letter) == axis_ref(axis_key)


def plain_values(values) -> list:
    """A trace's coordinates as a list; ``[]`` for typed arrays (plotly's base64 ``bdata``)."""
    return list(values) if isinstance(values, list | tuple) else []


def categories_of(spec: dict, axis_key: str) -> list:
    """The categories of a category axis in the order plotly places them (index 0, 1, ...)."""
    axis = spec["layout"].get(axis_key, {})
    seen = dict.fromkeys(
        v for t in spec["data"] if on_axis(t, axis_key) for v in plain_values(t.get(axis_key[0]))
    )
    order = axis.get("categoryorder", "trace")
    if order == "array":
        given = list(axis.get("categoryarray") or [])
        return given + [c for c in seen if c not in given]
    if order in ("category ascending", "category descending"):
        return sorted(seen, key=str, reverse=order.endswith("descending"))
    return list(seen)


def is_reversed(axis: dict) -> bool:
    rng = axis.get("range")
    explicit = isinstance(rng, list | tuple) and len(rng) == 2 and None not in rng and rng[0] > rng[1]
    return axis.get("autorange") == "reversed" or explicit


def legend_rows(spec: dict) -> int:
    """Rows of the narrow chart's horizontal legend: plotly starts a row when an item would overflow."""
    if not shows_legend(spec):
        return 0
    rows, used = 1, 0.0
    for trace in spec["data"]:
        if trace.get("showlegend") is False or not trace.get("name"):
            continue
        item = text_width(trace["name"]) + 45  # symbol and gap
        if used and used + item > NARROW_WIDTH:
            rows, used = rows + 1, 0.0
        used += item
        rows += len(text_lines(trace["name"])) - 1
    return rows


def shows_legend(spec: dict) -> bool:
    named = [t for t in spec["data"] if t.get("showlegend", True) is not False]
    return bool(named) and spec["layout"].get("showlegend", len(named) > 1) is not False


def chrome_px(spec: dict) -> float:
    """Height (px) the narrow chart takes outside its plot area: title, legend, x-axis labels, margins.

    Generous, not exact: too little would squeeze the plot under the
    labels that :func:`labels_above_rows` places in it.
    """
    layout = spec["layout"]
    px = layout["margin"]["t"] + layout["margin"]["b"]
    title = title_dict(layout.get("title"))
    if title.get("text"):
        px += len(text_lines(title["text"])) * NARROW_TITLE_FONT * LINE_EM + 16
    px += legend_rows(spec) * LEGEND_ROW_PX + (12 if shows_legend(spec) else 0)
    for key in axis_keys(layout, "x"):
        axis = layout[key]
        if axis.get("showticklabels", True) and axis.get("visible", True):
            px += len(text_lines(axis.get("tickformat", ""))) * LINE_PX + 10
        axis_title = title_dict(axis.get("title"))
        if axis_title.get("text"):
            px += len(text_lines(axis_title["text"])) * LINE_PX + 8
    return px


def axis_max(spec: dict, axis_key: str) -> float:
    """The largest number plotted on an axis (0 when none, or only typed arrays)."""
    numbers = [
        v
        for t in spec["data"]
        if on_axis(t, axis_key)
        for v in plain_values(t.get(axis_key[0]))
        if isinstance(v, int | float) and not isinstance(v, bool)
    ]
    return max(map(abs, numbers), default=0)
