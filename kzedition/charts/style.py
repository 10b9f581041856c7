"""The charts' look: the Okabe–Ito palette, named colours, the template and the page themes.

Charts draw with the named colours (:data:`INK`, :data:`MUTED`, :data:`GRID`,
:data:`PAPER`); :func:`for_theme` turns them dark (:data:`DARK_COLOURS`), and
the page's script applies the same mapping (:func:`theme_colours`) when the
reader switches the theme. Colours are the Okabe–Ito palette, distinguishable
with the common colour vision deficiencies; traces that must be told apart
also differ in marker, dash or pattern (:func:`hatched`), never in colour alone.
"""

from __future__ import annotations

import json

import plotly.graph_objects as go

__all__ = [
    "BLUE",
    "COLORWAY",
    "DARK_COLOURS",
    "FONT",
    "GREEN",
    "GRID",
    "HEIGHT",
    "INK",
    "MUTED",
    "OKABE_ITO",
    "PAPER",
    "TEMPLATE",
    "TEXT_ON",
    "THEMES",
    "VERMILION",
    "for_theme",
    "hatched",
    "theme_colours",
]

#: Okabe & Ito (2008), "Color Universal Design": name -> hex.
OKABE_ITO: dict[str, str] = {
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermilion": "#D55E00",
    "reddish_purple": "#CC79A7",
    "black": "#000000",
}
#: Trace colours in order of use. The first three keep a 3:1 contrast with
#: white (WCAG 1.4.11); yellow and black are left out (invisible on white,
#: too heavy beside the others).
COLORWAY = [
    OKABE_ITO[c] for c in ("blue", "vermilion", "bluish_green", "reddish_purple", "orange", "sky_blue")
]
BLUE, VERMILION, GREEN = COLORWAY[:3]
#: Text colour inside a bar of each colour: the one with a contrast of at least 4.5:1.
TEXT_ON = {BLUE: "white", VERMILION: "black", GREEN: "black"}
INK = "#222222"
MUTED = "#595959"  # 7:1 on white
GRID = "#e0e0e0"
PAPER = "#ffffff"  # the page's background in light mode, behind every chart
#: The colours that depend on the page's background, and what each becomes
#: when the page is dark: pydata-sphinx-theme's dark background, text and
#: muted text, and a grid line that stays faint on that background. The
#: trace colours stay (each keeps a 3:1 contrast with the dark background
#: too), as do text and hatching inside bars, which sit on the bar's colour.
#: :func:`for_theme` applies it; the page's script applies the same mapping
#: when the reader switches the theme (:mod:`kzedition.sphinxext.plotly_charts`).
DARK_COLOURS = {PAPER: "#121212", INK: "#ced6dd", MUTED: "#9ca4af", GRID: "#3a4350"}
#: The page themes a chart is drawn for.
THEMES = ("light", "dark")
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"
HEIGHT = 440

#: Embedded in every figure so that the result does not depend on the
#: reader's ``plotly.io.templates.default``.
TEMPLATE = go.layout.Template(
    layout=go.Layout(
        colorway=COLORWAY,
        font={"family": FONT, "size": 14, "color": INK},
        title={
            "x": 0,
            "xanchor": "left",
            "xref": "container",
            "y": 1,
            "yref": "container",
            "yanchor": "top",
            "pad": {"t": 12, "l": 4},
            "automargin": True,
            "font": {"size": 17},
        },
        paper_bgcolor=PAPER,
        plot_bgcolor=PAPER,
        modebar={"bgcolor": "rgba(0,0,0,0)", "color": MUTED, "activecolor": INK},
        height=HEIGHT,
        margin={"l": 10, "r": 20, "t": 20, "b": 10},
        xaxis={
            "automargin": True,
            "linecolor": MUTED,
            "ticks": "outside",
            "tickcolor": MUTED,
            "showgrid": False,
            "zeroline": False,
        },
        yaxis={"automargin": True, "gridcolor": GRID, "linecolor": MUTED, "zeroline": False},
        legend={"orientation": "h", "x": 0, "xanchor": "left", "y": 1.02, "yanchor": "bottom"},
        hoverlabel={"font": {"family": FONT, "size": 14}},
        separators=".,",
    )
)


def hatched(color: str, shape: str) -> dict:
    """A bar marker in ``color``, with white hatching ``shape`` ('' for none)."""
    return {
        "color": color,
        "line": {"color": color, "width": 1},
        "pattern": {"shape": shape, "fgcolor": "white", "fgopacity": 0.5, "fillmode": "overlay", "size": 8},
    }


def for_theme(spec: dict, theme: str) -> dict:
    """A copy of a figure spec drawn for a ``"light"`` or ``"dark"`` page.

    Light is the spec itself; dark replaces every colour of
    :data:`DARK_COLOURS` (in the template, the axes, annotations and shapes
    alike) by its dark counterpart.
    """
    mapping = theme_colours(theme)

    def recolour(value):
        if isinstance(value, dict):
            return {k: recolour(v) for k, v in value.items()}
        if isinstance(value, list):
            return [recolour(v) for v in value]
        if isinstance(value, str):
            return mapping.get(value.lower(), value)
        return value

    return recolour(json.loads(json.dumps(spec)))


def theme_colours(theme: str) -> dict[str, str]:
    """What :func:`for_theme` replaces for ``theme``, keyed in lower case (none for light).

    The page's script applies the same mapping when it draws a chart dark.
    """
    if theme not in THEMES:
        raise ValueError(f"theme must be one of {THEMES}, not {theme!r}")
    return {k.lower(): v for k, v in DARK_COLOURS.items()} if theme == "dark" else {}
