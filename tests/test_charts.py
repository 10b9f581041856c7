"""Charts: built from the real data, faithful to it, accessible, and in sync with figures/.

Also unit tests of the figure written for a chart (:mod:`kzedition.chart_figure`,
the node tree the Sphinx extension writes), which need no build.
"""

from __future__ import annotations

import html
import json
import re

import pandas as pd
import pytest

from kzedition import chart_figure, charts, data, figure_files, i18n
from kzedition.paths import DATA, FIGURES, ROOT
from kzedition.sphinxext import publish_data
from tools import static_figures


@pytest.fixture(scope="module")
def frames() -> dict[str, pd.DataFrame]:
    """Every resource the charts use, loaded (and validated) once."""
    names = {name for chart in charts.CHARTS.values() for name in chart.resources}
    return {name: data.load(name) for name in names}


@pytest.fixture(scope="module")
def built(frames) -> dict:
    return charts.build_all(frames)


def non_null(values) -> int:
    return sum(v is not None for v in values)


# --- registry and data -------------------------------------------------------


def test_the_chapters_build_every_registered_chart_and_only_those():
    built_by_chapters = {
        chart_id
        for page in sorted((ROOT / "chapters").glob("*.md"))
        for chart_id in re.findall(r'charts\.build\("([^"]+)"', page.read_text(encoding="utf-8"))
    }
    assert built_by_chapters == set(charts.CHARTS)


@pytest.mark.parametrize("chart_id", sorted(charts.CHARTS))
def test_every_chart_builds_from_the_real_data(chart_id):
    fig = charts.build(chart_id)  # loads through kzedition.data (validated)
    assert fig.data, f"{chart_id} has no traces"
    assert fig.layout.meta["id"] == chart_id


def test_build_rejects_an_unknown_id():
    with pytest.raises(KeyError, match="no chart 'nope'"):
        charts.build("nope")


def test_result_2011_one_bar_per_candidate_with_shares_from_votes(built, frames):
    rows = frames["elections_candidates"]
    rows = rows[rows["election_date"] == "2011-04-03"]
    (trace,) = built["result-2011"].data
    assert len(trace.x) == len(trace.y) == len(rows)
    votes = dict(zip(rows["candidate"], rows["votes"], strict=True))
    valid = sum(votes.values())
    for candidate, v, (share, reported) in zip(trace.y, trace.x, trace.customdata, strict=True):
        assert v == votes[candidate]
        assert share == pytest.approx(100 * v / valid)
        # The CEC's 2011 shares are over the candidates' sum too: they round alike.
        assert share == pytest.approx(reported, abs=0.005)
    assert all(f"({s:.2f}%)" in t for t, (s, _) in zip(trace.text, trace.customdata, strict=True))


def test_incumbent_turnout_one_point_per_election(built, frames):
    elections = set(frames["elections_candidates"]["election_date"]) | set(
        frames["elections_summary"]["election_date"]
    )
    share, turnout = built["incumbent-turnout"].data
    assert len(share.x) == len(turnout.x) == len(elections)
    summary = frames["elections_summary"].set_index(frames["elections_summary"]["election_date"].dt.year)
    for year, y in zip(share.x, turnout.y, strict=True):
        assert y == summary.loc[int(year[:4]), "turnout_reported_pct"]


def test_missing_turnout_is_a_gap_not_a_zero(frames):
    summary = frames["elections_summary"].copy()
    summary.loc[summary["election_date"].dt.year == 1999, "turnout_reported_pct"] = float("nan")
    fig = charts.build("incumbent-turnout", {**frames, "elections_summary": summary})
    turnout = fig.data[1]
    assert turnout.y[1] is None and 0 not in turnout.y
    assert turnout.connectgaps is False
    assert "1999: not reported" in fig.layout.meta["alt"]


def test_subscribers_vs_users_bars_are_the_cited_rows(built, frames):
    cited = frames["internet_counts"].dropna(subset=["claim_id"])
    traces = built["subscribers-vs-users"].data
    assert sum(len(t.y) for t in traces) == len(cited)
    for trace in traces:
        measure = trace.name.split()[-1]
        rows = cited[cited["measure"] == measure]
        assert list(trace.y) == rows.sort_values("year")["value"].tolist()
    # subscribers and users differ by more than colour
    assert {t.marker.pattern.shape for t in traces} == {"", "/"}


def test_internet_share_series_and_period(built, frames):
    lo, hi = charts.SHARE_YEARS
    rows = frames["internet_users_pct"]
    rows = rows[rows["year"].between(lo, hi)]
    traces = built["internet-share"].data
    assert traces[0].name == charts.SERIES_LABELS[charts.MAIN_SERIES]
    assert sum(len(t.x) for t in traces) == len(rows)
    for trace in traces:
        assert len(trace.x) == len(trace.y)
    main = rows[rows["series"] == charts.MAIN_SERIES]
    assert list(traces[0].y) == main.sort_values("year")["value_pct"].tolist()
    (period,) = [s for s in built["internet-share"].layout.shapes if s.type == "rect"]
    assert (period.x0, period.x1) == charts.CHAPTER_PERIOD


def test_campaign_reach_counts_and_qualifiers(built, frames):
    cf = frames["campaign_figures"]
    online = cf[cf["unit"].isin(charts.COUNT_UNITS) & cf["claim_id"].isin(charts.CAMPAIGN_LABELS)]
    online_trace, drive_trace = built["campaign-reach"].data
    assert len(online_trace.x) == len(online)
    assert sorted(online_trace.x) == sorted(online["value"])
    signs = dict(zip(online["value"], online["qualifier"].map(charts.QUALIFIER_SIGNS), strict=True))
    for value, text in zip(online_trace.x, online_trace.text, strict=True):
        assert text.startswith(signs[value]) and text[len(signs[value]) :][0] not in "≈≤≥"
    rs = frames["referendum_signatures"]
    collected = rs[rs["measure"] == "collected"]
    assert max(drive_trace.x) == collected["signatures"].max()
    assert len(drive_trace.x) == len(charts.referendum_counts(rs))
    assert built["campaign-reach"].layout.xaxis.type == "log"


def test_timeline_one_marker_per_dated_event(built, frames):
    events = frames["events"]
    start, end = (pd.Timestamp(d) for d in charts.TIMELINE_SPAN)
    shown = events[(events["date_precision"] == "day") & events["date"].between(start, end)]
    (trace,) = built["timeline"].data
    assert len(trace.x) == len(trace.y) == len(shown) == len(set(trace.y))
    assert list(trace.x) == sorted(f"{d:%Y-%m-%d}" for d in shown["date"])
    elbasy = frames["campaign_figures"].set_index("claim_id").loc["elbasy_signatures"]
    (period,) = built["timeline"].layout.shapes
    assert (period.x0, period.x1) == (f"{elbasy['date_start']:%Y-%m-%d}", f"{elbasy['date_end']:%Y-%m-%d}")


# --- meta, style, accessibility ------------------------------------------------


@pytest.mark.parametrize("chart_id", sorted(charts.CHARTS))
def test_meta_has_alt_source_and_csv(built, chart_id):
    meta = built[chart_id].layout.meta
    assert meta["id"] == chart_id
    assert meta["title"] and len(meta["alt"]) > 80
    # a source is a work: its label is the citation, its link the publisher's (empty where unconfirmed)
    assert meta["source"] and all(re.match(r"(https?://|$)", s["url"]) and s["label"] for s in meta["source"])
    resources = set(data.resource_names())
    assert meta["csv"]
    for name in meta["csv"]:
        assert (DATA / name).exists() and name.removesuffix(".csv") in resources


@pytest.mark.parametrize("chart_id", sorted(charts.CHARTS))
def test_colours_are_okabe_ito(built, chart_id):
    allowed = {c.lower() for c in charts.OKABE_ITO.values()}
    assert {c.lower() for c in built[chart_id].layout.template.layout.colorway} <= allowed
    for trace in built[chart_id].data:
        for colour in (trace.marker.color, getattr(getattr(trace, "line", None), "color", None)):
            if colour is not None:
                assert colour.lower() in allowed, f"{chart_id}: {trace.name} uses {colour}"


@pytest.mark.parametrize("chart_id", sorted(charts.CHARTS))
def test_no_latex_in_labels(built, chart_id):
    spec = figure_files.spec_json(built[chart_id])
    assert "$" not in spec and "\\(" not in spec, "LaTeX makes kaleido fetch MathJax from a CDN"


def test_builds_are_deterministic(frames):
    first = {c: figure_files.spec_hash(f) for c, f in charts.build_all(frames).items()}
    again = {c: figure_files.spec_hash(f) for c, f in charts.build_all(frames).items()}
    assert first == again


# --- static figures ------------------------------------------------------------


def test_static_figures_match_the_data():
    stale = static_figures.stale_figures()
    assert stale == [], f"figures/ is out of date for {stale}: run 'make figures'"


def test_manifest_lists_every_chart_and_its_files():
    manifest = json.loads((FIGURES / figure_files.MANIFEST).read_text())
    assert sorted(manifest["charts"]) == sorted(charts.CHARTS)
    for entry in manifest["charts"].values():
        for name in entry["files"]:
            assert (FIGURES / name).stat().st_size > 1000


def test_a_changed_vote_count_makes_the_figures_stale(frames):
    candidates = frames["elections_candidates"].copy()
    row = candidates.index[candidates["election_date"] == "2011-04-03"][0]
    candidates.loc[row, "votes"] += 1
    changed = {**frames, "elections_candidates": candidates}
    recorded = figure_files.read_manifest()
    assert (
        figure_files.spec_hash(charts.build("result-2011", changed)) != recorded["result-2011"]["spec_sha256"]
    )
    # only the chart that draws votes is reported (incumbent-turnout plots the reported shares)
    assert static_figures.stale_figures(data=changed) == ["result-2011"]


def test_a_changed_phone_layout_makes_the_figures_stale(monkeypatch):
    """The chart's spec stays; its narrow files would not: the manifest hashes what they draw."""
    monkeypatch.delitem(charts.NARROW_LAYOUTS, "timeline")
    assert static_figures.stale_figures() == ["timeline"]


def test_a_missing_image_makes_its_chart_stale(tmp_path):
    for name in FIGURES.iterdir():
        if name.is_file():  # English: the Russian ones are in figures/ru/
            (tmp_path / name.name).write_bytes(name.read_bytes())
    (tmp_path / "internet-share-narrow-dark.svg").unlink()
    assert static_figures.stale_figures(tmp_path) == ["internet-share"]


# --- the Russian edition ---------------------------------------------------------

#: Words a Russian chart keeps in Latin letters: a site's address, a brand, a work's English title.
KEPT_IN_LATIN = {"elbasy", "net", "youtube", "freedom", "house", "on", "the"}
LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z']*")


@pytest.fixture(scope="module")
def built_ru(frames) -> dict:
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv(i18n.VARIABLE, "ru")
        return charts.build_all(frames)


def shown_texts(fig) -> dict[str, str]:
    """What a reader sees of a chart in words, by part: plotly's ``%{...}`` and tags taken out."""
    layout = fig.layout

    def plain(text) -> str:
        return re.sub(r"<[^>]+>|%\{[^}]*\}", " ", str(text or ""))

    parts = {
        "title": layout.meta["title"],
        "alt": layout.meta["alt"],
        "x axis": layout.xaxis.title.text,
        "y axis": layout.yaxis.title.text,
        **{f"legend {i}": t.name for i, t in enumerate(fig.data) if t.showlegend is not False},
        **{f"hover {i}": t.hovertemplate for i, t in enumerate(fig.data)},
        **{f"note {i}": a.text for i, a in enumerate(layout.annotations)},
    }
    return {part: plain(text) for part, text in parts.items()}


@pytest.mark.parametrize("chart_id", sorted(charts.CHARTS))
def test_a_russian_chart_is_in_russian(built, built_ru, chart_id):
    """Every part with words in English has Cyrillic in Russian, and no English word left over."""
    english, russian = shown_texts(built[chart_id]), shown_texts(built_ru[chart_id])
    english_words = {w.lower() for text in english.values() for w in LATIN_WORD.findall(text)}
    for part in (p for p, text in english.items() if LATIN_WORD.search(text)):
        text = russian[part]
        assert re.search("[а-яё]", text, re.IGNORECASE), f"{chart_id}: the {part} is not in Russian: {text!r}"
        left = {w for w in LATIN_WORD.findall(text) if w.lower() in english_words - KEPT_IN_LATIN}
        assert not left, f"{chart_id}: English words in the Russian {part}: {sorted(left)}"


@pytest.mark.parametrize("chart_id", sorted(charts.CHARTS))
def test_a_russian_chart_writes_numbers_and_dates_in_russian(built_ru, chart_id):
    fig = built_ru[chart_id]
    spec = json.dumps(charts.for_caption(json.loads(figure_files.spec_json(fig))))  # no meta: its links
    assert fig.layout.separators == ",\u00a0"  # plotly's own numbers: decimal comma, no-break space
    alt = fig.layout.meta["alt"]
    assert re.search(r"\d,\d", alt), "no decimal comma"
    texts = [alt, *(t for trace in fig.data for t in (trace.text or []) if isinstance(t, str))]
    for text in texts:
        assert not re.search(r"\d\.\d|\d,\d{3}\b|\d%| million", text), text
    # plotly.js writes SI prefixes and month names in English only
    assert "~s" not in spec and "%b" not in spec and "%B" not in spec


def test_every_word_marked_in_the_charts_is_in_the_catalog():
    """Babel does not see a ``_("…")`` inside an f-string's braces: such a word would stay English."""
    from tools.translations import package_template

    extracted = {m.id if isinstance(m.id, str) else m.id[0] for m in package_template() if m.id}
    sources = [
        *(ROOT / "kzedition" / "charts").glob("*.py"),
        ROOT / "kzedition" / "chart_figure.py",
    ]
    for path in sources:
        for literal in re.findall(r'\b_\("((?:[^"\\]|\\.)*)"\)', path.read_text(encoding="utf-8")):
            assert literal in extracted, f"{path.name}: _({literal!r}) is not extracted (inside an f-string?)"


def test_the_candidates_are_named_as_the_russian_press_names_them(built_ru):
    names = set(built_ru["result-2011"].data[0].y)
    assert names == {"Нурсултан Назарбаев", "Гани Касымов", "Жамбыл Ахметбеков", "Мэлс Елеусизов"}


def test_the_russian_static_figures_match_the_data():
    assert static_figures.stale_figures(language="ru") == [], "figures/ru/ is out of date: run 'make figures'"
    ru = figure_files.folder("ru")
    assert ru == FIGURES / "ru" and figure_files.folder("en") == FIGURES
    manifest = figure_files.read_manifest(language="ru")
    assert sorted(manifest) == sorted(charts.CHARTS)
    for entry in manifest.values():
        for name in entry["files"]:
            assert (ru / name).stat().st_size > 1000


def test_static_figures_are_those_of_the_spec_s_language(built, built_ru):
    english = json.loads(figure_files.spec_json(built["timeline"]))
    russian = json.loads(figure_files.spec_json(built_ru["timeline"]))
    files = figure_files.current_files(russian, language="ru")
    assert files and all(path.parent == FIGURES / "ru" for path in files.values())
    assert figure_files.current_files(russian, language="en") is None
    assert figure_files.current_files(english, language="ru") is None
    assert figure_files.current_files(english) is not None  # the build's language: English here
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv(i18n.VARIABLE, "ru")
        assert figure_files.current_files(russian) == files
        assert {p.parent for p in publish_data.static_figure_files()} == {FIGURES / "ru"}


# --- the HTML written for a chart ------------------------------------------------


@pytest.fixture(scope="module")
def result_html(built) -> str:
    spec = json.loads(figure_files.spec_json(built["result-2011"]))
    meta = chart_figure.chart_meta(spec)
    return chart_figure.figure_html(spec, meta, "chart-result-2011", "../_static/data")


def test_figure_html_is_an_accessible_figure(result_html, built):
    meta = built["result-2011"].layout.meta
    assert re.match(r'<figure class="kz-chart"[^>]* id="chart-result-2011"', result_html)
    assert re.search(r"<figure[^>]*>\s*<figcaption[^>]*>" + re.escape(meta["title"]), result_html)
    assert 'role="group"' in result_html and 'aria-describedby="chart-result-2011-desc"' in result_html
    assert html.escape(meta["alt"], quote=False) in result_html
    assert 'href="../_static/data/elections_candidates.csv"' in result_html
    assert all(s["url"] in result_html for s in meta["source"] if s["url"])
    assert result_html.rstrip().endswith("</figure>")


def test_figure_html_is_reproducible_and_offline(result_html, built):
    assert 'id="chart-result-2011-plot"' in result_html
    assert not re.search(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}", result_html), "random uuid in the HTML"
    assert "<script src" not in result_html and "cdn" not in result_html.lower()
    assert "MathJax" not in result_html
    # the title moved from the plot to the caption
    script = result_html.split('class="kz-chart-spec">', 1)[1]
    assert built["result-2011"].layout.meta["title"] not in script


def test_figure_html_shows_the_static_images_of_its_spec_only(built, frames):
    """The images of both themes and widths when they were drawn from this
    spec; none (the box says the chart is drawn here) for other data."""
    spec = json.loads(figure_files.spec_json(built["result-2011"]))
    meta = chart_figure.chart_meta(spec)
    assert figure_files.current_files(spec) is not None
    shown = chart_figure.figure_html(spec, meta, "c", "data", "figs")
    sources = re.findall(r'(?:src|srcset)="figs/([^"]+)"', shown)
    assert sorted(sources) == sorted(figure_files.file_name("result-2011", *v) for v in figure_files.VARIANTS)
    assert chart_figure.PENDING not in shown
    candidates = frames["elections_candidates"].copy()
    candidates.loc[candidates.index[candidates["election_date"] == "2011-04-03"][0], "votes"] += 1
    other = json.loads(
        figure_files.spec_json(charts.build("result-2011", {**frames, "elections_candidates": candidates}))
    )
    assert figure_files.current_files(other) is None
    assert figure_files.current_files({"data": [], "layout": {}}) is None


def test_figure_html_carries_both_layouts_and_the_dark_colours(result_html, built):
    payload = json.loads(result_html.split('class="kz-chart-spec">', 1)[1].split("</script>", 1)[0])
    wide = charts.for_caption(json.loads(figure_files.spec_json(built["result-2011"])))
    assert payload["wide"] == wide
    assert payload["narrow"] == charts.for_caption(
        charts.narrow(json.loads(figure_files.spec_json(built["result-2011"])))
    )
    assert payload["narrowMedia"] == chart_figure.NARROW_MEDIA
    assert charts.for_theme(wide, "dark") != wide
    assert (
        payload["dark"]
        == {k.lower(): v for k, v in charts.DARK_COLOURS.items()}
        == charts.theme_colours("dark")
    )


def test_for_theme_maps_only_the_page_colours(built):
    spec = json.loads(figure_files.spec_json(built["campaign-reach"]))
    dark = charts.for_theme(spec, "dark")
    assert charts.for_theme(spec, "light") == spec and dark is not spec
    assert dark["layout"]["template"]["layout"]["paper_bgcolor"] == charts.DARK_COLOURS[charts.PAPER]
    assert dark["layout"]["template"]["layout"]["font"]["color"] == charts.DARK_COLOURS[charts.INK]
    # bars, their hatching and the text inside them keep their colours
    assert [t["marker"] for t in dark["data"]] == [t["marker"] for t in spec["data"]]
    with pytest.raises(ValueError, match="theme"):
        charts.for_theme(spec, "sepia")


def test_a_source_without_a_confirmed_address_is_named_not_dropped(built):
    spec = built["campaign-reach"].to_plotly_json()
    spec["layout"]["meta"]["source"] = [
        {"label": "Tengrinews (January 2011), [Item 95775]", "url": ""},
        {"label": "Global Voices (5 February 2011)", "url": "https://globalvoices.org/x"},
    ]
    meta = chart_figure.chart_meta(spec)
    assert [s["label"] for s in meta["source"]] == [
        "Tengrinews (January 2011), [Item 95775]",
        "Global Voices (5 February 2011)",
    ]
    html = chart_figure.figure_html(spec, meta, "chart-x", "../_static/data")
    assert "Sources:</span> Tengrinews (January 2011), [Item 95775]; <a " in html
    assert 'href="https://globalvoices.org/x">Global Voices (5 February 2011)</a>' in html
    figure = chart_figure.static_figure(meta, "figures/x.svg")
    text = figure.astext()
    assert "Tengrinews (January 2011), [Item 95775]" in text and "Global Voices (5 February 2011)" in text


def test_chart_meta_falls_back_to_a_content_hash():
    spec = {"data": [{"type": "bar", "y": [1, 2]}], "layout": {"title": {"text": "Plain"}}}
    meta = chart_figure.chart_meta(spec)
    assert meta == chart_figure.chart_meta(json.loads(json.dumps(spec)))
    assert meta["id"].startswith("plotly-") and meta["title"] == "Plain"
    assert meta["alt"] == "" and meta["csv"] == [] and meta["source"] == []


def test_published_data_files_cover_every_csv():
    published = {p.name for p in publish_data.data_files()}
    assert {p.name for p in DATA.glob("*.csv")} | {"datapackage.json"} == published
