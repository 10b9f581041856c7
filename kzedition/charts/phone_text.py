"""Phone layouts, part 1: the narrow charts' sizes and the measure of their texts.

On a phone the chart's container is 300–568 px wide (328 px on a 360 px
screen). The charts are laid out for a ~700 px text column; drawn narrower,
their left-hand labels eat the plot, texts collide and labels run off the
edge. The page draws :func:`kzedition.charts.narrow` of the spec there
instead (:mod:`kzedition.charts.phone`). It works from the spec alone, as the
renderer gets it from the notebook's output (possibly of a student's changed
data, or a student's own chart), and moves, wraps and resizes labels only: no
value, and no text's meaning, changes.
"""

from __future__ import annotations

import re

from kzedition.charts.font_metrics import advance
from kzedition.charts.style import PAPER

__all__ = [
    "LEGEND_ROW_PX",
    "LINE_EM",
    "LINE_PX",
    "MODEBAR_PX",
    "NARROW_FONT",
    "NARROW_GROUND",
    "NARROW_MIN_FONT",
    "NARROW_MIN_WIDTH",
    "NARROW_TITLE_FONT",
    "NARROW_WIDTH",
    "rewrap",
    "text_lines",
    "text_width",
]

#: The width (px) the narrow variant is designed for; it stays legible from 300 to 568 px.
NARROW_WIDTH = 340
#: The narrowest container it is drawn in: a label that spans the plot is wrapped to fit this.
NARROW_MIN_WIDTH = 300
NARROW_FONT = 13  #: body text of a narrow chart (px)
NARROW_MIN_FONT = 12  #: no text of a narrow chart is smaller (px)
NARROW_TITLE_FONT = 15
LINE_EM = 1.3  #: plotly's line spacing for multi-line texts
LINE_PX = NARROW_FONT * LINE_EM
LEGEND_ROW_PX = 21  #: one row of a horizontal legend at :data:`NARROW_FONT`
#: Kept free at the top: a touch screen shows plotly's modebar (24 px) all the time.
MODEBAR_PX = 30
#: The ground under labels that lie on lines or bars: the paper's own colour
#: (the template's ``paper_bgcolor``, which a dark page's recolouring maps).
NARROW_GROUND = PAPER
BR = re.compile(r"<br\s*/?>", re.IGNORECASE)
TAG = re.compile(r"<[^>]+>")
#: The spaces a line may break at: ASCII white space, not the no-break space (U+00A0).
BREAKABLE = re.compile(r"[ \t\n\r\f\v]+")


def text_lines(text: str) -> list[str]:
    """The lines of a plotly label as drawn (``<br>`` breaks lines, other tags draw nothing)."""
    return [TAG.sub("", line) for line in BR.split(str(text))]


def text_width(text: str, size: float = NARROW_FONT) -> float:
    """Width (px) of a plotly label's longest line at font ``size``: the sum of its characters'
    advances in the charts' font (:func:`kzedition.charts.font_metrics.advance`)."""
    return max(sum(map(advance, line)) for line in text_lines(text)) * size


def _fill(words: list[str], width_px: float, size: float) -> list[str]:
    """``words`` in lines no wider than ``width_px``, each as full as it can be (a longer word alone)."""
    lines: list[str] = []
    for word in words:
        joined = f"{lines[-1]} {word}" if lines else word
        if lines and text_width(joined, size) <= width_px:
            lines[-1] = joined
        else:
            lines.append(word)
    return lines


def rewrap(text: str, width_px: float, size: float = NARROW_FONT) -> str:
    """``text``'s words re-broken (``<br>``) into balanced lines that fit ``width_px`` at ``size``.

    The breaks of the wide layout are dropped first: they were made for
    another width. Of the wraps into the fewest lines, the narrowest is
    taken, so that no word is left alone on a last line (``Period of`` /
    ``the chapter``, not ``Period of the`` / ``chapter``). A single word
    longer than a line stays whole. Lines break at spaces only, never at a
    no-break space (``4,7 млн``, ``756 500``, ``95,55 %`` in Russian).
    """
    words = [w for w in BREAKABLE.split(" ".join(text_lines(text))) if w]
    if not words:
        return str(text)
    lines = _fill(words, width_px, size)
    while len(lines) > 1:
        widest = max(text_width(line, size) for line in lines)
        narrower = _fill(words, widest - 0.01, size)
        if len(narrower) != len(lines) or max(text_width(line, size) for line in narrower) >= widest:
            break
        lines = narrower
    return "<br>".join(lines)
