"""The charts on a phone: :func:`kzedition.charts.narrow` and the layout check.

The page draws the narrow variant of a chart's spec when the screen is narrower
than 600 px (a plot container of 300–568 px: 328 px on a 360 px phone, 380 px
at 412, 398 at 430). Each chart of the edition is drawn here with plotly.js,
on a page of its own written into the test's folder, as the book's figure
wraps it (``figure.kz-chart`` with ``data-chart``), and measured with
:func:`tools.browser.chart_layout_problems`: nothing wider than the screen,
no text cut off, overlapping or smaller than 11 px. The wide specs are
checked the same way at the widths of a desktop text column.

Set ``KZ_CHART_SHOTS`` to a folder to keep a screenshot of every chart drawn
(``<id>-<width>.png``): the check finds collisions, a person judges readability.
"""

from __future__ import annotations

import json
import os
from functools import cache
from pathlib import Path

import pytest

from kzedition import charts
from kzedition.sphinxext.plotly_charts import PLOTLY_BASIC_JS
from tools.browser import ALL_DRAWN, CHART, chart_layout_problems, serve

#: Plot containers on phones 360, 412 and 430 px wide (the text column's padding taken off).
PHONES = {328: 360, 380: 412, 398: 430}
DESKTOP = {"viewport": {"width": 1280, "height": 900}}


def phone(width: int) -> dict:
    """The browser context of the phone on which the plot container is ``width`` px wide."""
    return {
        "viewport": {"width": PHONES[width], "height": 740},
        "is_mobile": True,
        "has_touch": True,
        "device_scale_factor": 2,
    }


#: The text column just above the narrow breakpoint, and on a desktop.
WIDE_WIDTHS = (568, 790)
CONFIG = {"responsive": True, "displaylogo": False}
SHOTS = os.environ.get("KZ_CHART_SHOTS")


@cache
def wide(chart_id: str) -> dict:
    """The chart's spec as the notebook cell outputs it (built from ``data/``)."""
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
        '<script src="plotly.min.js"></script>'
        "<style>body { margin: 16px; font-family: sans-serif; }</style></head>"
        f"<body>{''.join(body)}</body></html>",
        encoding="utf-8",
    )
    return page.name


@pytest.fixture
def draw(browser, tmp_path):
    """Draw ``[(chart id, spec, width)]`` in a new context of ``device``; returns the page."""
    contexts = []

    def _draw(figures: list[tuple[str, dict, int]], device: dict):
        context = browser.new_context(**device)
        contexts.append(context)
        page = context.new_page()
        errors = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        folder = tmp_path / f"page-{len(contexts)}"
        folder.mkdir()
        name = chart_page(folder, figures)
        with serve(folder) as url:
            page.goto(f"{url}/{name}", wait_until="load")
            page.wait_for_function(ALL_DRAWN, timeout=15000)
        assert errors == []
        if SHOTS:
            Path(SHOTS).mkdir(parents=True, exist_ok=True)
            for n, (chart_id, _spec, width) in enumerate(figures):
                page.locator(f"{CHART} > div").nth(n).screenshot(path=Path(SHOTS) / f"{chart_id}-{width}.png")
        return page

    yield _draw
    for context in contexts:
        context.close()


@pytest.mark.browser
@pytest.mark.parametrize("width", PHONES)
@pytest.mark.parametrize("chart_id", sorted(charts.CHARTS))
def test_narrow_chart_fits_a_phone(draw, chart_id, width):
    page = draw([(chart_id, charts.for_caption(charts.narrow(wide(chart_id))), width)], phone(width))
    problems = chart_layout_problems(page)
    assert problems == [], "\n".join(problems)


@pytest.mark.browser
@pytest.mark.parametrize("width", WIDE_WIDTHS)
@pytest.mark.parametrize("chart_id", sorted(charts.CHARTS))
def test_wide_chart_fits_a_text_column(draw, chart_id, width):
    page = draw([(chart_id, charts.for_caption(wide(chart_id)), width)], DESKTOP)
    problems = chart_layout_problems(page)
    assert problems == [], "\n".join(problems)
