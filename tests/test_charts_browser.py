"""Charts in the built book, in headless chromium.

Every chart on the chapter page is drawn with one bar or marker per data row
(expected counts come from the figures built from ``data/``), the page logs no
console error and requests nothing from outside the local server; plotly.js
comes from ``_static/`` once, only on pages with a chart, and is never inlined.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

import plotly.graph_objects as go
import pytest

from kzedition import charts
from kzedition.paths import DATA, DATAPACKAGE
from tools.browser import ALL_DRAWN
from tools.browser import DRAWN as DRAWN_CHART

pytestmark = [pytest.mark.build, pytest.mark.browser]

CHAPTER = "chapters/kazakhstan.html"
REQUIRED = ("result-2011", "incumbent-turnout", "subscribers-vs-users", "internet-share", "campaign-reach")
PLOT = DRAWN_CHART
PLOTLY_SCRIPT = re.compile(r'<script[^>]*\bsrc="([^"]*plotly[^"]*)"')
DRAWN = """chartId => {
  const gd = document.querySelector(`figure[data-chart="${chartId}"] div.js-plotly-plot`);
  if (!gd) return null;
  return {lengths: gd._fullData.map(t => t._length),
          bars: gd.querySelectorAll('g.trace.bars path').length,
          points: gd.querySelectorAll('g.points path.point').length};
}"""


@cache
def figure(chart_id: str) -> go.Figure:
    return charts.build(chart_id)


def expected_marks(fig: go.Figure) -> dict:
    """Per figure: trace lengths, and the bars and markers drawn (missing values draw nothing)."""
    bars = points = 0
    for trace in fig.data:
        values = trace.x if trace.type == "bar" and trace.orientation == "h" else trace.y
        present = sum(v is not None for v in values)
        if trace.type == "bar":
            bars += present
        elif "markers" in (trace.mode or ""):
            points += present
    return {"lengths": [len(t.x) for t in fig.data], "bars": bars, "points": points}


def open_chapter(open_page):
    loaded = open_page(CHAPTER, wait_for=PLOT)
    loaded.page.wait_for_function(ALL_DRAWN, timeout=15000)
    return loaded


def html_pages(site: Path) -> list[Path]:
    """Every page of the book (theme templates under _static are not pages)."""
    return [p for p in site.rglob("*.html") if "_static" not in p.relative_to(site).parts]


def test_the_chapter_shows_the_required_charts(site):
    html = (site / CHAPTER).read_text(encoding="utf-8")
    shown = re.findall(r'<figure class="kz-chart"[^>]*data-chart="([^"]+)"', html)
    assert set(REQUIRED) <= set(shown), f"missing on {CHAPTER}: {set(REQUIRED) - set(shown)}"


@pytest.mark.parametrize("chart_id", sorted(charts.CHARTS))
def test_chart_is_drawn_with_one_mark_per_data_row(open_page, chart_id):
    loaded = open_chapter(open_page)
    drawn = loaded.page.evaluate(DRAWN, chart_id)
    if drawn is None:
        if chart_id in REQUIRED:
            pytest.fail(f"chart {chart_id} is not on {CHAPTER}")
        pytest.skip(f"optional chart {chart_id} is not on {CHAPTER}")
    assert drawn == expected_marks(figure(chart_id))


def test_chapter_logs_no_error_and_stays_local(open_page, server):
    loaded = open_chapter(open_page)
    assert loaded.console_errors == []
    outside = [u for u in loaded.requests if not (u.startswith(server + "/") or u.startswith("data:"))]
    assert outside == []


def test_plotly_js_comes_from_static_once(open_page, server, site):
    loaded = open_chapter(open_page)
    fetched = [u for u in loaded.requests if "plotly" in urlsplit(u).path]
    assert [urlsplit(u).path for u in fetched] == ["/_static/plotly.min.js"]
    tags = PLOTLY_SCRIPT.findall((site / CHAPTER).read_text(encoding="utf-8"))
    assert len(tags) == 1 and tags[0].startswith("../_static/plotly.min.js")
    # blocking: the inline Plotly.newPlot calls need it before they run
    assert not re.search(r"<script[^>]*(defer|async)[^>]*plotly\.min\.js", (site / CHAPTER).read_text())
    assert loaded.page.evaluate("typeof Plotly.newPlot") == "function"


def test_pages_without_charts_do_not_load_plotly(site, open_page):
    for page in html_pages(site):
        html = page.read_text(encoding="utf-8")
        has_chart = 'class="kz-chart"' in html
        assert len(PLOTLY_SCRIPT.findall(html)) == (1 if has_chart else 0), page.relative_to(site)
    loaded = open_page("index.html")
    assert not [u for u in loaded.requests if "plotly" in u]


def test_no_page_inlines_plotly_js(site):
    for page in html_pages(site):
        html = page.read_text(encoding="utf-8")
        assert "plotly.js v" not in html, f"{page.relative_to(site)} embeds plotly.js"
        largest = max((len(s) for s in re.findall(r"<script[^>]*>(.*?)</script>", html, re.S)), default=0)
        assert largest < 200_000, f"{page.relative_to(site)} has an inline script of {largest} bytes"


def test_chart_data_links_resolve_to_the_published_data(site):
    chapter = site / CHAPTER
    links = re.findall(
        r'<a class="reference download" href="([^"]+\.csv)"', chapter.read_text(encoding="utf-8")
    )
    assert links
    for href in links:
        assert (chapter.parent / href).resolve().is_file(), href
    for src in [*DATA.glob("*.csv"), DATAPACKAGE]:
        assert (site / "_static" / "data" / src.name).read_bytes() == src.read_bytes()


def test_dark_mode_keeps_the_chart_readable(open_page):
    loaded = open_chapter(open_page)
    page = loaded.page
    page.emulate_media(color_scheme="dark")
    page.reload(wait_until="load")
    page.wait_for_function(ALL_DRAWN, timeout=15000)
    assert page.evaluate("document.documentElement.dataset.theme") == "dark"
    backgrounds = page.evaluate("""() => [...document.querySelectorAll('.kz-chart-plot')]
        .map(e => getComputedStyle(e).backgroundColor)""")
    assert backgrounds and set(backgrounds) == {"rgb(255, 255, 255)"}
