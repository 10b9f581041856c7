"""The edition's Sphinx extensions, each on a small site of its own.

Sphinx's test fixtures (``app``, ``make_app``; ``conftest.py`` loads
``sphinx.testing.fixtures``) build the source trees of ``tests/sites/test-<name>/``
in a temporary folder, in a few seconds each; the markup an extension writes is
compared with a snapshot in ``tests/sites/snapshots/`` (``KZ_UPDATE_SNAPSHOTS=1``
rewrites them). What only the whole book shows (the report's text, every chart,
the browser, the quality gates) stays in the tests on the full build.
"""

from __future__ import annotations

import importlib
import json
import re
from unittest import mock

import pytest
import yaml
from bs4 import BeautifulSoup

import kzedition
from kzedition import paragraph_ids
from kzedition.paths import ROOT
from kzedition.sphinxext import paragraphs, plotly_bundle, plotly_charts, publish_data

#: The edition's extensions, as ``_config.yml`` lists them.
BOOK_CONFIG = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
EXTENSIONS = [name for name in BOOK_CONFIG["sphinx"]["extra_extensions"] if name.startswith("kzedition.")]


def soup_of(app, page: str) -> BeautifulSoup:
    return BeautifulSoup((app.outdir / page).read_text(encoding="utf-8"), "html.parser")


def script_names(soup: BeautifulSoup) -> list[str]:
    return [s["src"].rsplit("/", 1)[-1].split("?")[0] for s in soup.select("script[src]")]


def css_names(soup: BeautifulSoup) -> list[str]:
    return [s["href"].rsplit("/", 1)[-1].split("?")[0] for s in soup.select('link[rel="stylesheet"]')]


def warnings_of(app) -> list[str]:
    text = re.sub(r"\x1b\[[0-9;]*m", "", app.warning.getvalue())
    return [line for line in text.splitlines() if line.strip()]


# --- every extension ------------------------------------------------------------


def test_the_book_lists_the_editions_extensions():
    assert len(EXTENSIONS) >= 8 and "kzedition.sphinxext.theme" in EXTENSIONS


@pytest.mark.parametrize("name", EXTENSIONS)
def test_each_extension_gives_the_packages_version(name):
    metadata = importlib.import_module(name).setup(mock.MagicMock())
    assert metadata["version"] == kzedition.__version__
    assert metadata["parallel_read_safe"] is True and metadata["parallel_write_safe"] is True


# --- kzedition.sphinxext.plotly_charts --------------------------------------------


def chart_figures(soup: BeautifulSoup) -> str:
    """The charts' ``<figure>`` markup, each chart's JSON (checked on its own) left out."""
    out = []
    for figure in soup.select("figure.kz-chart"):
        figure = BeautifulSoup(str(figure), "html.parser")
        for spec in figure.select("script.kz-chart-spec"):
            spec.string = "…"
        out.append(str(figure))
    return "\n\n".join(out) + "\n"


def stored_specs(app) -> list[dict]:
    notebook = json.loads((app.srcdir / "charts.ipynb").read_text(encoding="utf-8"))
    return [
        o["data"][plotly_charts.PLOTLY_MIME]
        for c in notebook["cells"]
        for o in c.get("outputs", [])
        if plotly_charts.PLOTLY_MIME in o.get("data", {})
    ]


@pytest.mark.sphinx("html", testroot="plotly")
def test_plotly_outputs_become_accessible_figures(app, snapshot):
    app.build()
    assert warnings_of(app) == []
    soup = soup_of(app, "charts.html")
    snapshot("plotly-charts.html", chart_figures(soup))
    # what the charts' script draws from: the stored spec, its id as the download name
    specs = stored_specs(app)
    drawn = [json.loads(s.string) for s in soup.select("script.kz-chart-spec")]
    assert [d["wide"]["data"] for d in drawn] == [s["data"] for s in specs]
    assert all(d["narrow"]["data"] == d["wide"]["data"] for d in drawn)
    ids = [f["data-chart"] for f in soup.select("figure.kz-chart")]
    assert ids[0] == "site-test-share" and re.fullmatch(r"plotly-[0-9a-f]{12}", ids[1])
    assert [d["config"]["toImageButtonOptions"]["filename"] for d in drawn] == ids


@pytest.mark.sphinx("html", testroot="plotly")
def test_plotly_assets_only_on_pages_with_a_chart(app):
    app.build()
    charts, prose = soup_of(app, "charts.html"), soup_of(app, "prose.html")
    assert plotly_charts.JS_FILE in script_names(charts) and plotly_charts.CSS_FILE in css_names(charts)
    assert charts.select_one(f'script[src*="{plotly_charts.JS_FILE}"]').has_attr("defer")
    assert plotly_charts.JS_FILE not in script_names(prose) and plotly_charts.CSS_FILE not in css_names(prose)
    assert not any("plotly" in name for name in script_names(charts))  # plotly.js loads on demand only
    # the partial bundle pinned in package.json, and the data the charts link to
    served = app.outdir / "_static" / plotly_bundle.PLOTLY_JS_NAME
    assert served.read_bytes() == plotly_bundle.PLOTLY_BASIC_JS.read_bytes()
    data = app.outdir / publish_data.DATA_URL
    assert {p.name for p in publish_data.data_files()} <= {p.name for p in data.iterdir()}
    assert (data / "elections_candidates.csv").is_file()


@pytest.mark.sphinx(
    "html", testroot="plotly", srcdir="plotly-full", confoverrides={"kzedition_plotly_bundle": "full"}
)
def test_the_full_bundle_is_served_when_asked(app):
    app.build()
    served = app.outdir / "_static" / plotly_bundle.PLOTLY_JS_NAME
    assert served.read_bytes() == plotly_bundle.PLOTLY_JS.read_bytes()


@pytest.mark.sphinx("epub", testroot="plotly", srcdir="plotly-epub")
def test_in_the_epub_a_chart_is_its_caption_description_and_sources(app, snapshot):
    app.build()
    soup = soup_of(app, "charts.xhtml")
    assert soup.select("script") == [] and soup.select(".kz-chart-plot") == []
    charts = soup.select(".kz-chart")
    assert len(charts) == 2
    snapshot("plotly-charts.epub.xhtml", "\n\n".join(str(f) for f in charts) + "\n")


# --- kzedition.sphinxext.paragraphs -------------------------------------------------


def para_tools(soup: BeautifulSoup) -> str:
    """Each paragraph that holds the permalink and Cite tools, as written."""
    return (
        "\n\n".join(str(p) for p in soup.select("p:has(> span.para-tools), dt:has(span.para-tools)")) + "\n"
    )


@pytest.mark.sphinx("html", testroot="paragraphs")
def test_report_paragraphs_get_permalinks_and_citations(app, snapshot):
    app.build()
    dedication = soup_of(app, "chapters/dedication.html")
    snapshot("paragraphs-dedication.html", para_tools(dedication))
    (only,) = dedication.select("span.para-tools")
    assert only.parent["id"] == "dedication-p-1" and "dedication" in only.parent["class"]
    cite = only.select_one("button.cite-para")["data-cite"]
    assert cite == f"{paragraph_ids.VOLUME_CITATION}, dedication, para. 1."
    assert dedication.select_one(".edition.admonition p").find("span", class_="para-tools") is None
    assert paragraphs.JS_FILE in script_names(dedication)
    # the edition's own page: no ids, no tools, no script
    index = soup_of(app, "index.html")
    assert index.select("span.para-tools") == [] and paragraphs.JS_FILE not in script_names(index)


@pytest.mark.sphinx("html", testroot="paragraphs", srcdir="paragraphs-warned")  # a build of its own
def test_a_paragraph_that_is_not_the_reports_is_named_in_a_warning(app, snapshot):
    app.build()
    back = soup_of(app, "chapters/back-cover.html")
    ids = [t.parent.get("id") for t in back.select("span.para-tools")]
    # the story items (a definition list) count as one paragraph each; the last paragraph was replaced
    assert ids == [f"back-cover-p-{n}" for n in range(1, 8)]
    assert [t.parent.name for t in back.select("span.para-tools")][2:5] == ["dt", "dt", "dt"]
    snapshot("paragraphs-back-cover.html", para_tools(back))
    warned = [w.split("WARNING: ", 1)[1] for w in warnings_of(app) if "WARNING: " in w]
    assert warned == [
        "paragraph back-cover-p-8 of the reading text (back_cover: 'GISWatch is a joint initiative of the "
        "Association'…) has no paragraph on the page",
        "page paragraph 'An invented paragraph that the report never printed.'… matches no paragraph "
        "of the reading text",
    ]
    assert all("chapters/back-cover" in w for w in warnings_of(app) if "WARNING: " in w)


# --- kzedition.sphinxext.theme -------------------------------------------------------


@pytest.mark.sphinx("html", testroot="theme")
def test_theme_pages_load_only_what_they_use(app):
    app.build()
    assert warnings_of(app) == []
    text, code, exercises, search = (
        soup_of(app, page) for page in ("index.html", "code.html", "exercises.html", "search.html")
    )
    for page in (text, code, exercises, search):
        assert not any("fontawesome" in name for name in script_names(page))
    for page in (text, code, exercises):
        assert not {"searchindex.js", "searchtools.js", "language_data.js"} & set(script_names(page))
    assert "searchtools.js" in script_names(search)
    assert "copybutton.js" not in script_names(text) and "copybutton.js" in script_names(code)
    assert "togglebutton.js" not in script_names(text) and "togglebutton.js" in script_names(exercises)
    assert not any(name.startswith(("design-tabs", "sphinx-design")) for name in script_names(code))
    assert "theme-fixes.css" in css_names(text)


@pytest.mark.sphinx("html", testroot="theme")
def test_theme_markup_is_valid_and_named_by_what_it_shows(app, snapshot):
    app.build()
    code, exercises = soup_of(app, "code.html"), soup_of(app, "exercises.html")
    button = code.select_one("button.search-button-field")
    assert not button.has_attr("aria-label") and "Search" in button.get_text()
    assert all(i.get("aria-hidden") == "true" for i in code.select(".theme-switch-button i, .theme-switch"))
    summary = code.select_one("details.hide summary")
    assert not summary.has_attr("aria-label") and summary.select("p") == []
    snapshot("theme-hidden-cell.html", str(summary) + "\n")
    output = code.select_one(".cell_output")
    assert "<style" not in str(output) and output.select_one("table.dataframe") is not None
    # sphinx-exercise gives every exercise (solution) content section the same id; each is its own here
    ids = [s["id"] for s in exercises.select("section[id$='-content']")]
    assert ids == [
        "first-exercise-content",
        "exercises-solution-1-content",
        "second-exercise-content",
        "exercises-solution-3-content",
    ]
    assert exercises.select("#exercise-content, #solution-content") == []
