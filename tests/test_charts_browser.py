"""Charts in the built book, in headless chromium.

Every chart on the chapter page is drawn with one bar or marker per data row
(expected counts come from the figures built from ``data/``), the page logs no
console error and requests nothing from outside the local server; plotly.js
comes from ``_static/`` once, only on pages with a chart, and is never inlined.

Static first: a page shows each chart's static SVG of its theme and width
and fetches plotly.js only when a chart nears the viewport or is touched;
plotly.js then draws into the same box, and nothing moves. Drawn charts
follow the page's theme, without a reload. Without JavaScript the images stay.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

import plotly.graph_objects as go
import pytest

from kzedition import chart_figure, charts, figure_files
from kzedition.paths import DATA, DATAPACKAGE
from kzedition.sphinxext import plotly_charts, site_static
from tools.browser import DRAWN as DRAWN_CHART
from tools.browser import chart_layout_problems, script

pytestmark = [pytest.mark.build, pytest.mark.browser]

CHAPTER = "chapters/kazakhstan.html"
#: The JavaScript the tests run in pages (:func:`tools.browser.script`).
JS = Path(__file__).parent / "js"
PLOT = DRAWN_CHART
PLOTLY_SCRIPT = re.compile(r'<script[^>]*\bsrc="([^"]*plotly[^"]*)"')
CHARTS_SCRIPT = re.compile(r'<script[^>]*\bsrc="[^"]*kzedition-charts\.js[^"]*"[^>]*>')
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


def open_chapter(open_page, **options):
    return open_page(CHAPTER, wait_drawn=True, **options)


def html_pages(site: Path) -> list[Path]:
    """Every page of the book (theme templates under _static are not pages)."""
    return [p for p in site.rglob("*.html") if "_static" not in p.relative_to(site).parts]


def test_the_chapter_shows_every_registered_chart(site):
    html = (site / CHAPTER).read_text(encoding="utf-8")
    shown = re.findall(r'<figure class="kz-chart"[^>]*data-chart="([^"]+)"', html)
    assert set(charts.CHARTS) <= set(shown), f"missing on {CHAPTER}: {set(charts.CHARTS) - set(shown)}"


@pytest.mark.parametrize("chart_id", sorted(charts.CHARTS))
def test_chart_is_drawn_with_one_mark_per_data_row(open_page, chart_id):
    loaded = open_chapter(open_page)
    drawn = loaded.page.evaluate(DRAWN, chart_id)
    assert drawn is not None, f"chart {chart_id} is not on {CHAPTER}"
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
    html = (site / CHAPTER).read_text(encoding="utf-8")
    # loaded by the charts' script when needed, never by a tag of its own
    assert PLOTLY_SCRIPT.findall(html) == []
    assert "defer" in CHARTS_SCRIPT.search(html).group(0)
    assert loaded.page.evaluate("typeof Plotly.newPlot") == "function"


def test_pages_without_charts_do_not_load_plotly(site, open_page):
    for page in html_pages(site):
        html = page.read_text(encoding="utf-8")
        has_chart = 'class="kz-chart"' in html
        assert len(CHARTS_SCRIPT.findall(html)) == (1 if has_chart else 0), page.relative_to(site)
    loaded = open_page("index.html")
    assert not [u for u in loaded.requests if "plotly" in u or "kzedition-charts" in u]


def test_no_page_inlines_plotly_js(site):
    for page in html_pages(site):
        html = page.read_text(encoding="utf-8")
        assert "plotly.js v" not in html, f"{page.relative_to(site)} embeds plotly.js"
        largest = max((len(s) for s in re.findall(r"<script[^>]*>(.*?)</script>", html, re.S)), default=0)
        assert largest < 200_000, f"{page.relative_to(site)} has an inline script of {largest} bytes"


def test_chart_data_links_resolve_to_the_published_data(site):
    chapter = site / CHAPTER
    links = re.findall(
        r'<a class="reference download"[^>]* href="([^"]+\.csv)"', chapter.read_text(encoding="utf-8")
    )
    assert links
    for href in links:
        assert (chapter.parent / href).resolve().is_file(), href
    for src in [*DATA.glob("*.csv"), DATAPACKAGE]:
        assert (site / "_static" / "data" / src.name).read_bytes() == src.read_bytes()


# --- static first ------------------------------------------------------------


def chart_states(page) -> dict[str, dict]:
    return {state["id"]: state for state in page.evaluate(script("chart_state", JS))}


def scroll_to(page, chart_id: str) -> None:
    page.locator(f'figure[data-chart="{chart_id}"]').scroll_into_view_if_needed()
    page.wait_for_function(
        f"() => document.querySelector('figure[data-chart=\"{chart_id}\"] svg.main-svg')", timeout=15000
    )


def test_the_chapter_loads_no_plotly_before_the_reader_scrolls(open_page):
    loaded = open_page(CHAPTER, viewport=(412, 823), mobile=True)
    assert not [u for u in loaded.requests if "plotly" in u]
    assert not [u for u in loaded.requests if "/_static/figures/" in u], "images far below were fetched"
    assert not any(state["drawn"] for state in chart_states(loaded.page).values())


@pytest.mark.parametrize(
    ("viewport", "mobile", "width"), [((1280, 900), False, "wide"), ((360, 740), True, "narrow")]
)
def test_each_chart_shows_its_image_then_plotly_draws_it_in_place(open_page, viewport, mobile, width):
    """The image of the page's width first; drawn in the same box; no layout shift."""
    loaded = open_page(CHAPTER, viewport=viewport, mobile=mobile)
    page = loaded.page
    page.evaluate("""() => { window.kzShift = 0; new PerformanceObserver(list => {
        for (const e of list.getEntries()) if (!e.hadRecentInput) window.kzShift += e.value;
      }).observe({type: 'layout-shift', buffered: false}); }""")
    page.route("**/plotly.min.js", lambda route: route.abort())  # images only, for now
    ids = [i for i in chart_states(page) if i in charts.CHARTS]
    for chart_id in ids:
        page.locator(
            f'figure[data-chart="{chart_id}"] picture img >> visible=true'
        ).scroll_into_view_if_needed()
        page.wait_for_function(
            f"""() => [...document.querySelectorAll('figure[data-chart="{chart_id}"] picture img')]
                  .some(i => i.offsetParent && i.complete && i.naturalWidth > 0)""",
            timeout=10000,
        )
    before = chart_states(page)
    for chart_id in ids:
        assert before[chart_id]["image"] == figure_files.file_name(chart_id, width), chart_id
        assert not before[chart_id]["drawn"]
    page.unroute("**/plotly.min.js")
    failed_loads = len(loaded.console_errors)  # the blocked plotly.js, said once per attempt
    page.evaluate("window.scrollTo(0, 0)")
    for chart_id in ids:
        scroll_to(page, chart_id)
    after = chart_states(page)
    for chart_id in ids:
        old, new = before[chart_id], after[chart_id]
        assert new["drawn"] and new["image"] is None, chart_id
        assert (new["top"], new["height"], new["width"]) == (old["top"], old["height"], old["width"]), (
            chart_id
        )
    assert page.evaluate("window.kzShift") == 0
    assert loaded.console_errors[failed_loads:] == []


def test_touching_a_chart_draws_it(open_page):
    loaded = open_page(CHAPTER, viewport=(412, 823), mobile=True)
    page = loaded.page
    last = page.locator("figure.kz-chart .kz-chart-plot").last
    last.dispatch_event("pointerdown")  # far below the viewport: only the touch can draw it
    page.wait_for_function(
        "() => document.querySelectorAll('figure.kz-chart')[document.querySelectorAll('figure.kz-chart')"
        ".length - 1].querySelector('svg.main-svg')",
        timeout=15000,
    )
    assert loaded.console_errors == []


def test_without_javascript_the_images_stay(open_page):
    loaded = open_page(CHAPTER, javascript=False)
    page = loaded.page
    for chart_id, state in chart_states(page).items():
        figure = page.locator(f'figure[data-chart="{chart_id}"]')
        figure.scroll_into_view_if_needed()
        if chart_id in charts.CHARTS:
            page.wait_for_function(
                f"""() => [...document.querySelectorAll('figure[data-chart="{chart_id}"] picture img')]
                      .some(i => i.offsetParent && i.complete && i.naturalWidth > 0)""",
                timeout=10000,
            )
        else:
            assert chart_figure.PENDING in figure.inner_text()
        assert state["height"] > 300
    shown = {i: s["image"] for i, s in chart_states(page).items() if i in charts.CHARTS}
    assert shown == {i: figure_files.file_name(i) for i in shown}
    assert not [u for u in loaded.requests if "plotly" in u]


def test_the_narrow_query_is_the_stylesheets():
    css = (site_static.STATIC_DIR / plotly_charts.CSS_FILE).read_text()
    assert f"@media {chart_figure.NARROW_MEDIA}" in css


# --- the page's theme ---------------------------------------------------------

DARK = charts.DARK_COLOURS


def rgb(hex_colour: str) -> str:
    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgb({r}, {g}, {b})"


def test_charts_follow_the_theme_without_a_reload(open_page):
    loaded = open_chapter(open_page, color_scheme="dark")
    page = loaded.page
    assert page.evaluate("document.documentElement.dataset.theme") == "dark"
    dark = chart_states(page)
    assert {s["background"] for s in dark.values()} == {rgb(DARK[charts.PAPER])}
    assert {s["ink"] for s in dark.values() if s["ink"]} == {rgb(DARK[charts.INK])}
    page.evaluate("() => { window.kzSamePage = true; }")
    for _ in range(3):  # pydata's toggle cycles through light, dark and the system's
        if page.evaluate("document.documentElement.dataset.theme") == "light":
            break
        page.locator(".theme-switch-button").first.click()
    assert page.evaluate("document.documentElement.dataset.theme") == "light"
    page.wait_for_function(
        f"""() => [...document.querySelectorAll('.kz-chart-plot')]
              .every(b => getComputedStyle(b.querySelector('svg.main-svg')).backgroundColor
                          === '{rgb(charts.PAPER)}')""",
        timeout=10000,
    )
    light = chart_states(page)
    assert {s["ink"] for s in light.values() if s["ink"]} == {rgb(charts.INK)}
    assert page.evaluate("window.kzSamePage") is True  # no reload
    assert loaded.console_errors == []


def test_the_static_image_follows_the_theme(open_page):
    loaded = open_page(CHAPTER, color_scheme="dark")
    page = loaded.page
    page.route("**/plotly.min.js", lambda route: route.abort())
    chart_id = "result-2011"
    page.locator(f'figure[data-chart="{chart_id}"]').scroll_into_view_if_needed()
    page.wait_for_function(
        f"""() => [...document.querySelectorAll('figure[data-chart="{chart_id}"] picture img')]
              .some(i => i.offsetParent && i.complete && i.naturalWidth > 0)""",
        timeout=10000,
    )
    assert chart_states(page)[chart_id]["image"] == figure_files.file_name(chart_id, "wide", "dark")
    # drawn as it is: no light card and no dimming filter from the theme's dark-mode image rules
    look = page.evaluate(
        f"""() => {{ const i = [...document.querySelectorAll('figure[data-chart="{chart_id}"] picture img')]
                     .find(i => i.offsetParent); const s = getComputedStyle(i);
                     return [s.backgroundColor, s.filter, s.padding]; }}"""
    )
    assert look == ["rgba(0, 0, 0, 0)", "none", "0px"]
    fetched = [u.rsplit("/", 1)[-1] for u in loaded.requests if "/_static/figures/" in u]
    assert figure_files.file_name(chart_id) not in fetched, "the light image was fetched too"


# --- the real page on a phone and a desktop --------------------------------------


@pytest.mark.parametrize("color_scheme", ["light", "dark"])
@pytest.mark.parametrize(
    ("viewport", "mobile", "width"), [((360, 740), True, "narrow"), ((1280, 900), False, "wide")]
)
def test_every_chart_of_the_chapter_fits_and_reads(open_page, viewport, mobile, width, color_scheme):
    """Each chart drawn by the page itself, as a reader scrolls to it: the
    variant of the page's width, no wider than the screen, no text cut off,
    overlapping or smaller than 11 px."""
    loaded = open_page(CHAPTER, viewport=viewport, mobile=mobile, color_scheme=color_scheme)
    page = loaded.page
    ids = list(chart_states(page))
    for chart_id in ids:
        scroll_to(page, chart_id)
    drawn = page.evaluate("() => [...document.querySelectorAll('.kz-chart-plot')].map(b => b.dataset.drawn)")
    theme = "dark" if color_scheme == "dark" else "light"
    assert drawn == [f"{width} {theme}"] * len(ids)
    assert chart_layout_problems(page) == []
    assert loaded.console_errors == []
