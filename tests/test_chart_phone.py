"""The charts on a phone: :func:`kzedition.charts.narrow` and the layout check.

The page draws the narrow variant of a chart's spec when the screen is narrower
than 600 px (a plot container of 300–568 px: 328 px on a 360 px phone, 380 px
at 412, 398 at 430). Each chart of the edition is drawn here with plotly.js,
on a page of its own written into the test's folder, as the book's figure
wraps it (``figure.kz-chart`` with ``data-chart``), and measured with
:func:`tools.browser.chart_layout_problems`: nothing wider than the screen,
no text cut off, overlapping or smaller than 11 px. The wide specs are
checked the same way at the widths of a desktop text column. Every chart is
checked in each language of the edition: Russian labels are longer.

Set ``KZ_CHART_SHOTS`` to a folder to keep a screenshot of every chart drawn
(``<id>-<width>.png``): the check finds collisions, a person judges readability.
"""

from __future__ import annotations

import json
import os
from functools import cache
from pathlib import Path

import pytest

from kzedition import charts, i18n
from kzedition.sphinxext.plotly_bundle import PLOTLY_BASIC_JS
from tools.browser import CHART, chart_layout_problems, open_page, serve

#: Plot containers on phones 360, 412 and 430 px wide (the text column's padding taken off).
PHONES = {328: 360, 380: 412, 398: 430}
DESKTOP = {"viewport": (1280, 900)}


def phone(width: int) -> dict:
    """The :func:`tools.browser.open_page` options of the phone on which the plot container is ``width`` px wide."""
    return {"viewport": (PHONES[width], 740), "mobile": True}


#: The text column just above the narrow breakpoint, and on a desktop.
WIDE_WIDTHS = (568, 790)
CONFIG = {"responsive": True, "displaylogo": False}
SHOTS = os.environ.get("KZ_CHART_SHOTS")


@cache
def wide(chart_id: str, language: str = i18n.DEFAULT) -> dict:
    """The chart's spec as the notebook cell outputs it (built from ``data/``) in ``language``."""
    with i18n.speaking(language):
        return json.loads(charts.build(chart_id).to_json())


def chart_page(folder: Path, figures: list[tuple[str, dict, int]]) -> str:
    """Write a page drawing each ``(chart id, spec, container width)``; return its file name.

    The markup is the book's (:data:`tools.browser.CHART` around the plot
    div), with the plot config the book uses for what matters here.
    """
    js = folder / "plotly.min.js"
    if not js.exists():
        js.symlink_to(PLOTLY_BASIC_JS)
    body = []
    for n, (chart_id, spec, width) in enumerate(figures):
        body.append(
            f'<figure class="kz-chart" data-chart="{chart_id}" style="margin: 0 0 24px">'
            f'<div style="width: {width}px"><div id="plot-{n}"></div></div></figure>'
            f"<script>Plotly.newPlot('plot-{n}', {json.dumps(spec)}.data, {json.dumps(spec)}.layout, "
            f"{json.dumps(CONFIG)});</script>"
        )
    page = folder / "charts.html"
    page.write_text(
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        '<link rel="icon" href="data:,">'  # no favicon request, whose 404 the console would log
        '<script src="plotly.min.js"></script>'
        "<style>body { margin: 16px; font-family: sans-serif; }</style></head>"
        f"<body>{''.join(body)}</body></html>",
        encoding="utf-8",
    )
    return page.name


@pytest.fixture
def draw(browser, tmp_path):
    """Draw ``[(chart id, spec, width)]`` in a new page opened with ``device`` (:func:`phone`, :data:`DESKTOP`)."""
    contexts = []

    def _draw(figures: list[tuple[str, dict, int]], device: dict):
        folder = tmp_path / f"page-{len(contexts) + 1}"
        folder.mkdir()
        name = chart_page(folder, figures)
        with serve(folder) as url:
            loaded = open_page(browser, f"{url}/{name}", wait_drawn=True, timeout_ms=15000, **device)
        contexts.append(loaded.page.context)
        assert loaded.console_errors == []
        page = loaded.page
        if SHOTS:
            Path(SHOTS).mkdir(parents=True, exist_ok=True)
            for n, (chart_id, _spec, width) in enumerate(figures):
                page.locator(f"{CHART} > div").nth(n).screenshot(path=Path(SHOTS) / f"{chart_id}-{width}.png")
        return page

    yield _draw
    for context in contexts:
        context.close()


@pytest.mark.browser
@pytest.mark.parametrize("language", i18n.LANGUAGES)
@pytest.mark.parametrize("width", PHONES)
@pytest.mark.parametrize("chart_id", sorted(charts.CHARTS))
def test_narrow_chart_fits_a_phone(draw, chart_id, width, language):
    page = draw(
        [(chart_id, charts.for_caption(charts.narrow(wide(chart_id, language))), width)], phone(width)
    )
    problems = chart_layout_problems(page)
    assert problems == [], "\n".join(problems)


@pytest.mark.browser
@pytest.mark.parametrize("language", i18n.LANGUAGES)
def test_narrow_charts_keep_a_title_readable(draw, language):
    """The page shows the title in the caption (``for_caption``), but a narrow spec may keep it."""
    page = draw(
        [(chart_id, charts.narrow(wide(chart_id, language)), 300) for chart_id in sorted(charts.CHARTS)],
        phone(328),
    )
    problems = chart_layout_problems(page)
    assert problems == [], "\n".join(problems)


@pytest.mark.browser
@pytest.mark.parametrize("language", i18n.LANGUAGES)
@pytest.mark.parametrize("width", WIDE_WIDTHS)
@pytest.mark.parametrize("chart_id", sorted(charts.CHARTS))
def test_wide_chart_fits_a_text_column(draw, chart_id, width, language):
    page = draw([(chart_id, charts.for_caption(wide(chart_id, language)), width)], DESKTOP)
    problems = chart_layout_problems(page)
    assert problems == [], "\n".join(problems)


# --- narrow(): pure --------------------------------------------------------------


def words(text) -> str:
    """A label's words, whatever its line breaks (``<br>``) and spacing."""
    return " ".join(" ".join(charts.text_lines(str(text))).split())


def font_sizes(node) -> list[float]:
    """Every ``font.size`` (and ``...font.size``) set anywhere in a spec, the template excepted."""
    if isinstance(node, dict):
        found = [
            v["size"] for k, v in node.items() if k.endswith("font") and isinstance(v, dict) and "size" in v
        ]
        return found + [s for k, v in node.items() if k != "template" for s in font_sizes(v)]
    if isinstance(node, list):
        return [s for v in node for s in font_sizes(v)]
    return []


@pytest.mark.parametrize("chart_id", sorted(charts.CHARTS))
def test_narrow_leaves_its_input_alone(chart_id):
    spec = wide(chart_id)
    before = json.dumps(spec, sort_keys=True)
    charts.narrow(spec)
    assert json.dumps(spec, sort_keys=True) == before
    fig = charts.build(chart_id)
    before = fig.to_json()
    assert charts.narrow(fig) == charts.narrow(spec)  # a go.Figure is narrowed as its JSON
    assert fig.to_json() == before


@pytest.mark.parametrize("language", i18n.LANGUAGES)
@pytest.mark.parametrize("chart_id", sorted(charts.CHARTS))
def test_narrow_keeps_every_value_and_text(chart_id, language):
    spec, small = wide(chart_id, language), charts.narrow(wide(chart_id, language))
    assert len(small["data"]) == len(spec["data"])
    for before, after in zip(spec["data"], small["data"], strict=True):
        for key in ("type", "x", "y", "customdata", "hovertemplate", "orientation"):
            assert after.get(key) == before.get(key), key
        assert words(after.get("name", "")) == words(before.get("name", ""))
        assert [words(t) for t in after.get("text") or []] == [words(t) for t in before.get("text") or []]
    shown = {words(a["text"]) for a in small["layout"].get("annotations", [])}
    for annotation in spec["layout"].get("annotations", []):
        assert words(annotation["text"]) in shown
    assert words(small["layout"]["title"]["text"]) == words(spec["layout"]["title"]["text"])


@pytest.mark.parametrize("language", i18n.LANGUAGES)
@pytest.mark.parametrize("chart_id", sorted(charts.CHARTS))
def test_narrow_has_a_fixed_height_no_width_and_small_fonts(chart_id, language):
    small = charts.narrow(wide(chart_id, language))
    layout = small["layout"]
    assert isinstance(layout["height"], int) and 300 <= layout["height"] <= 1400
    assert "width" not in layout and layout["autosize"] is True
    sizes = font_sizes(small)
    assert sizes and all(charts.NARROW_MIN_FONT <= s <= charts.NARROW_TITLE_FONT for s in sizes), sizes
    assert layout["meta"]["id"] == chart_id and layout["meta"]["narrow"] == charts.NARROW_WIDTH


@pytest.mark.parametrize("chart_id", sorted(charts.CHARTS))
def test_narrow_is_deterministic_and_idempotent(chart_id):
    once = charts.narrow(wide(chart_id))
    assert charts.narrow(wide(chart_id)) == once
    assert charts.narrow(once) == once


@pytest.mark.parametrize("language", i18n.LANGUAGES)
@pytest.mark.parametrize("chart_id", ["timeline", "campaign-reach", "result-2011"])
def test_row_labels_stand_over_the_rows_not_beside_them(chart_id, language):
    spec, small = wide(chart_id, language), charts.narrow(wide(chart_id, language))
    assert small["layout"]["yaxis"]["showticklabels"] is False
    rows = [a for a in small["layout"]["annotations"] if a.get("name") == "row label"]
    categories = [c for t in spec["data"] for c in t["y"]]
    assert sorted(words(a["text"]) for a in rows) == sorted(words(c) for c in categories)
    # each label fits the narrowest plot (its container less the margins)
    assert all(charts.text_width(a["text"]) <= charts.NARROW_MIN_WIDTH - 12 for a in rows)


def test_an_unknown_chart_gets_the_generic_layout_only():
    wide_legend = "A student's own series with a rather long name, 2011"
    fig = {
        "data": [
            {"type": "scatter", "name": wide_legend, "x": [1, 2, 3], "y": [10, 20, 15]},
            {"type": "scatter", "name": "Another", "x": [1, 2, 3], "y": [12, 18, 11]},
        ],
        "layout": {"meta": {"id": "my-chart"}, "height": 400, "width": 800, "font": {"size": 16}},
    }
    small = charts.narrow(fig)
    layout = small["layout"]
    assert "my-chart" not in charts.NARROW_LAYOUTS
    assert layout["font"]["size"] == charts.NARROW_FONT and "width" not in layout
    assert layout["legend"]["orientation"] == "h"
    assert "<br>" in small["data"][0]["name"] and words(small["data"][0]["name"]) == wide_legend
    assert layout["height"] > 400  # the wrapped legend takes rows
    assert not layout.get("annotations")
    assert [t["y"] for t in small["data"]] == [[10, 20, 15], [12, 18, 11]]
    assert charts.narrow({"data": [], "layout": {}})["layout"]["height"] > 0  # no meta at all


def test_rewrap_balances_lines_and_fits_the_width():
    assert charts.rewrap("Period of the chapter", 130) == "Period of<br>the chapter"
    long = "10 Jan: Signature collection for the referendum declared finished at 4.3 million signatures"
    lines = charts.rewrap(long, 300).split("<br>")
    assert " ".join(lines) == long and all(charts.text_width(line) <= 300 for line in lines)
    assert charts.rewrap("Incumbent's<br>share", 400) == "Incumbent's share"  # old breaks go


# --- chart_layout_problems(): it finds what it should --------------------------


def planted(chart_id: str, width: int = 328, **layout) -> tuple[str, dict, int]:
    """A small clean bar chart, plus ``layout``; room above it for the modebar."""
    spec = {
        "data": [
            {"type": "bar", "x": ["a", "b"], "y": [1, 2], "text": ["one", "two"], "textposition": "inside"}
        ],
        "layout": {"height": 260, "margin": {"t": 40, "l": 30, "r": 10, "b": 30}, **layout},
    }
    return chart_id, spec, width


def note(text: str, y: float = 0.5, **font) -> dict:
    return {
        "text": text,
        "xref": "paper",
        "x": 0.5,
        "yref": "paper",
        "y": y,
        "showarrow": False,
        "font": font,
    }


@pytest.mark.browser
def test_layout_check_finds_planted_problems(draw):
    covered = planted("covered", barmode="group", bargap=0.8)
    covered[1]["data"] = [
        {"type": "bar", "x": ["a"], "y": [1], "text": ["123,456,789"], "textposition": "outside"},
        {"type": "bar", "x": ["a"], "y": [3]},
    ]
    covered[1]["data"][0]["constraintext"] = "none"
    page = draw(
        [
            planted("clean"),
            planted("moved", annotations=[note("moved away")]),
            planted("overlap", annotations=[note("first label"), note("second label", y=0.52)]),
            planted("tiny", annotations=[note("small print", size=9)]),
            planted("wide", width=500),
            covered,
        ],
        phone(328),
    )
    page.evaluate(
        """() => document.querySelector('[data-chart="moved"] text.annotation-text')
                 .setAttribute('transform', 'translate(400, 0)')"""
    )
    problems = chart_layout_problems(page)
    by_chart = {c: [p for p in problems if p.startswith(c + ":")] for c in ("clean", "moved", "overlap")}
    assert by_chart["clean"] == []
    assert any('"moved away" lies' in p and "right edge" in p for p in by_chart["moved"]), problems
    assert any('"first label" overlaps text "second label"' in p for p in by_chart["overlap"]), problems
    assert 'tiny: text "small print" drawn at 9 px (minimum 11 px)' in problems
    assert any(p.startswith("wide: drawn 500 px wide, wider than the 360 px viewport") for p in problems)
    assert any(p.startswith("wide: ends ") for p in problems)
    assert any(p.startswith('covered: text "123,456,789" is covered by a bar') for p in problems), problems
    assert chart_layout_problems(page, min_font_px=8) == [p for p in problems if not p.startswith("tiny:")]
