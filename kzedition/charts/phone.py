"""Phone layouts, part 4: :func:`narrow`, the charts' own layouts and labels above rows.

A chart that needs more than :func:`~kzedition.charts.phone_generic.narrow_generic`
registers its own layout with :func:`narrow_layout`, in its topic module,
beside its builder.
"""

from __future__ import annotations

from collections.abc import Callable

from kzedition.charts.phone_generic import below_modebar, narrow_generic
from kzedition.charts.phone_spec import axis_ref, categories_of, chrome_px, is_reversed, on_axis, plain_spec
from kzedition.charts.phone_text import (
    LINE_PX,
    NARROW_FONT,
    NARROW_GROUND,
    NARROW_MIN_WIDTH,
    NARROW_WIDTH,
    rewrap,
    text_lines,
    text_width,
)

__all__ = ["NARROW_LAYOUTS", "labelled_bars", "labels_above_rows", "narrow", "narrow_layout"]


def labels_above_rows(
    spec: dict, axis_key: str = "yaxis", *, mark_px: float, note_px: float = 0, ground: str = "rgba(0,0,0,0)"
) -> tuple:
    """Write a category axis's labels across the plot, each above its row; return (plot px, note y).

    On a 340 px plot, labels beside the rows (the wide layout's tick
    labels) leave the data a sliver. Here the tick labels are hidden and
    each category is a left-aligned annotation spanning the width, re-wrapped
    to it, just above its row's marks; every row gets the height of the
    tallest label plus ``mark_px`` (a bar's thickness, a marker's size), and
    horizontal bars are drawn that thick, centred on their row whatever the
    ``barmode``. ``note_px`` is kept free above the first row for a note
    (the returned y, in the axis's units, is the bottom of that space);
    ``ground`` is the labels' background (a line across the plot would
    otherwise strike through them). The
    category values themselves do not change. The caller sets the chart's
    height from the plot's.
    """
    layout = spec["layout"]
    axis = layout.setdefault(axis_key, {})
    ref = axis_ref(axis_key)
    categories = categories_of(spec, axis_key)
    # plotly widens the margins for an annotation wider than the plot, squeezing the plot to nothing
    labels = [rewrap(c, NARROW_MIN_WIDTH - 16) for c in categories]
    label_px = max(len(text_lines(lab)) for lab in labels) * LINE_PX
    below = mark_px / 2 + 3  # from a row's centre up to the bottom of its label
    slot = below + label_px + mark_px / 2 + 8
    up, top, bottom = (-1, 0, len(categories) - 1) if is_reversed(axis) else (1, len(categories) - 1, 0)
    top_edge = top + up * (below + label_px + note_px + 4) / slot
    bottom_edge = bottom - up * (mark_px / 2 + 6) / slot
    axis.update(range=[bottom_edge, top_edge], autorange=False, showticklabels=False, ticks="")
    layout["annotations"] = [
        *layout.get("annotations", []),
        *(
            {
                "name": "row label",
                "text": label,
                "xref": "paper",
                "x": 0,
                "xanchor": "left",
                "align": "left",
                "yref": ref,
                "y": i + up * below / slot,
                "yanchor": "bottom",
                "showarrow": False,
                "font": {"size": NARROW_FONT},
                "bgcolor": ground,
            }
            for i, label in enumerate(labels)
        ),
    ]
    for trace in spec["data"]:
        if trace.get("type") == "bar" and trace.get("orientation") == "h" and on_axis(trace, axis_key):
            trace.update(width=mark_px / slot, offset=-mark_px / slot / 2)
    return abs(top_edge - bottom_edge) * slot, top + up * (below + label_px + 2) / slot


def x_anchor_inside(fraction: float, width_px: float, plot_px: float = NARROW_WIDTH - 20) -> str:
    """``xanchor`` that keeps a label ``width_px`` wide, placed ``fraction`` across the plot, inside it."""
    if fraction * plot_px + width_px <= plot_px:
        return "left"
    return "right" if fraction * plot_px >= width_px else "center"


#: A chart's own narrow layout, by chart id: takes the spec after
#: :func:`narrow_generic` (a plain copy, changed in place) and returns it.
NARROW_LAYOUTS: dict[str, Callable[[dict], dict]] = {}


def narrow_layout(chart_id: str) -> Callable[[Callable[[dict], dict]], Callable[[dict], dict]]:
    """Register the decorated function as the narrow layout of chart ``chart_id``."""

    def register(fn: Callable[[dict], dict]) -> Callable[[dict], dict]:
        NARROW_LAYOUTS[chart_id] = fn
        return fn

    return register


def labelled_bars(spec: dict) -> dict:
    """Horizontal bars with each bar's label above it, the full width left to the bars.

    A reference line's label (the campaign chart's legal minimum, an
    annotation at the bottom of the plot in the wide layout, where it would
    cover the rows here) moves to a space of its own above the first bar,
    beside its line; the line goes behind the bars, and the labels have a
    white ground, so that it strikes through neither.
    """
    layout = spec["layout"]
    notes = [a for a in layout.get("annotations", []) if a.get("xref") == "x" and a.get("yref") == "paper"]
    note_px = max((len(text_lines(rewrap(a["text"], 170))) * LINE_PX for a in notes), default=0)
    plot_px, note_y = labels_above_rows(
        spec, mark_px=20, note_px=note_px + 6 if notes else 0, ground=NARROW_GROUND
    )
    xaxis = layout.get("xaxis", {})
    rng = xaxis.get("range")
    for note in notes:
        text = rewrap(note["text"], 170)
        fraction = (note["x"] - rng[0]) / (rng[1] - rng[0]) if rng else 0.5
        anchor = x_anchor_inside(fraction, text_width(text) + 6)
        note.update(
            text=text,
            yref="y",
            y=note_y,
            yanchor="bottom",
            xanchor=anchor,
            align="left" if anchor == "left" else "right",
            xshift={"left": 4, "right": -4}.get(anchor, 0),
        )
    for shape in layout.get("shapes", []):
        if shape.get("type") == "line":
            shape["layer"] = "below"  # behind the bars and their labels, seen between the rows
    layout["height"] = round(plot_px + chrome_px(spec))
    return spec


def narrow(spec) -> dict:
    """A new figure spec of ``spec`` laid out for a plot 300–568 px wide.

    ``spec`` is a plotly figure as JSON (``fig.to_plotly_json()``, or the
    notebook output's ``application/vnd.plotly.v1+json``) or a ``go.Figure``;
    it is not changed. Every chart gets :func:`narrow_generic`; a chart of
    the edition (``layout.meta.id`` in :data:`NARROW_LAYOUTS`) then gets its
    own layout too. The result has a fixed ``layout.height`` (the page
    reserves it) and no width (it fills its container). ``layout.meta.narrow``
    marks it (unless ``meta`` is something other than a dict), so a spec
    that is already narrow comes back as an equal copy.
    """
    out = plain_spec(spec)
    meta = out["layout"].get("meta")
    if isinstance(meta, dict) and meta.get("narrow"):
        return out
    out = narrow_generic(out)
    if isinstance(meta, dict) and meta.get("id") in NARROW_LAYOUTS:
        out = NARROW_LAYOUTS[meta["id"]](out)
        below_modebar(out["layout"])  # the chart's own layout may change the height
    if meta is None or isinstance(meta, dict):
        out["layout"]["meta"] = {**(meta or {}), "narrow": NARROW_WIDTH}
    return out
