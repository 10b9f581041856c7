"""The edition's charts: pure builders from validated tables to plotly figures.

Each builder takes the DataFrames it plots (its parameter names are the data
package's resource names) and returns a :class:`plotly.graph_objects.Figure`.
Builders never read files and never type a count: every number drawn, printed
in a label or quoted in the text alternative is computed from the data.

:func:`build` looks a chart up in :data:`CHARTS`, loads what it needs with
:func:`kzedition.data.load` (or takes it from ``data``) and builds it::

    from kzedition import charts
    charts.build("result-2011")          # the last expression of a notebook cell

Every figure carries ``layout.meta`` for the book's renderer
(:mod:`kzedition.sphinxext.plotly_charts`): ``id``, ``title``, ``alt`` (a text
alternative that states what the chart shows), ``source`` (a list of
``{"label", "url"}``) and ``csv`` (the data files the chart plots).

Colours are the Okabe–Ito palette, distinguishable with the common colour
vision deficiencies; traces that must be told apart also differ in marker,
dash or pattern, never in colour alone. Labels are plain text (no LaTeX:
the static export would fetch MathJax from a CDN).
"""

from __future__ import annotations

import functools
import inspect
import json
import math
import re
import textwrap
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

import pandas as pd
import plotly.graph_objects as go

from kzedition.printed import thousands

__all__ = [
    "CHARTS",
    "Chart",
    "DARK_COLOURS",
    "OKABE_ITO",
    "TEMPLATE",
    "THEMES",
    "build",
    "build_all",
    "for_caption",
    "for_theme",
]

# --- style -----------------------------------------------------------------

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

#: How ``qualifier`` values of the data print in labels.
QUALIFIER_SIGNS = {"exact": "", "approximately": "≈", "at_most": "≤", "at_least": "≥"}

# --- registry --------------------------------------------------------------


@dataclass(frozen=True)
class Chart:
    """A registered chart: its id, the resources it plots and its builder."""

    id: str
    resources: tuple[str, ...]
    builder: Callable[..., go.Figure]


#: Every chart of the edition by id; ids are stable (the chapter uses them).
CHARTS: dict[str, Chart] = {}


def chart(chart_id: str) -> Callable[[Callable[..., go.Figure]], Callable[..., go.Figure]]:
    """Register a builder under ``chart_id``.

    The builder's parameter names are the resources it needs. The registered
    function stamps ``meta.id`` and ``meta.csv`` (the files of those
    resources) on the figure the builder returns.
    """

    def register(fn: Callable[..., go.Figure]) -> Callable[..., go.Figure]:
        resources = tuple(inspect.signature(fn).parameters)

        @functools.wraps(fn)
        def builder(*args, **kwargs) -> go.Figure:
            fig = fn(*args, **kwargs)
            meta = dict(fig.layout.meta or {})
            fig.update_layout(meta={"id": chart_id, **meta, "csv": [f"{name}.csv" for name in resources]})
            return fig

        CHARTS[chart_id] = Chart(chart_id, resources, builder)
        return builder

    return register


def build(chart_id: str, data: Mapping[str, pd.DataFrame] | None = None) -> go.Figure:
    """Build chart ``chart_id`` from ``data`` (resource name -> DataFrame).

    Resources missing from ``data`` are loaded and validated with
    :func:`kzedition.data.load`.
    """
    try:
        entry = CHARTS[chart_id]
    except KeyError:
        raise KeyError(f"no chart {chart_id!r}; known: {', '.join(CHARTS)}") from None
    frames = dict(data or {})
    for name in entry.resources:
        if name not in frames:
            from kzedition import data as kzdata  # imported late: frictionless is slow to import

            frames[name] = kzdata.load(name)
    return entry.builder(**{name: frames[name] for name in entry.resources})


def build_all(data: Mapping[str, pd.DataFrame] | None = None) -> dict[str, go.Figure]:
    """Every registered chart, by id."""
    return {chart_id: build(chart_id, data) for chart_id in CHARTS}


# --- helpers (pure) ----------------------------------------------------------


def values(series: pd.Series) -> list:
    """Plain Python values for plotly; missing values become ``None``.

    ``None`` is a gap in a line (``connectgaps`` is off), never a zero.
    """
    return [None if pd.isna(v) else (v.item() if hasattr(v, "item") else v) for v in series.tolist()]


def iso_dates(series: pd.Series) -> list[str]:
    """``datetime64`` values as ``YYYY-MM-DD`` strings."""
    return [f"{d:%Y-%m-%d}" for d in series]


def count_label(n: float, qualifier: str = "exact") -> str:
    """``4300000`` -> ``'4.3 million'``, ``400, 'at_most'`` -> ``'≤400'``."""
    text = f"{n / 1e6:.3g} million" if n >= 1_000_000 else thousands(n)
    return QUALIFIER_SIGNS.get(qualifier, "") + text


def hatched(color: str, shape: str) -> dict:
    """A bar marker in ``color``, with white hatching ``shape`` ('' for none)."""
    return {
        "color": color,
        "line": {"color": color, "width": 1},
        "pattern": {"shape": shape, "fgcolor": "white", "fgopacity": 0.5, "fillmode": "overlay", "size": 8},
    }


def source_links(urls) -> list[dict[str, str]]:
    """Distinct URLs in order of first use, each labelled with its host."""
    seen: dict[str, None] = {}
    for url in urls:
        if isinstance(url, str) and url and url not in seen:
            seen[url] = None
    return [{"label": urlsplit(u).netloc.removeprefix("www."), "url": u} for u in seen]


def wrap(label: str, width: int = 26) -> str:
    """Break a long axis label into lines of at most ``width`` characters."""
    return "<br>".join(textwrap.wrap(label, width)) or label


def listing(items: list[str]) -> str:
    """``['a', 'b', 'c']`` -> ``'a, b and c'``."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def label_sides(y: list, other: list) -> list[str]:
    """Text positions that keep a point's label away from the other line's point."""
    return [
        "bottom center" if v is not None and o is not None and v < o else "top center"
        for v, o in zip(y, other, strict=True)
    ]


def finish(fig: go.Figure, *, title: str, alt: str, sources) -> go.Figure:
    """Apply the template and fill ``layout.title`` and ``layout.meta``."""
    fig.update_layout(
        template=TEMPLATE,
        title={"text": title},
        meta={"title": title, "alt": alt, "source": source_links(sources)},
    )
    return fig


def for_caption(spec: dict) -> dict:
    """A copy of a figure spec to show under a caption: no ``layout.title``, no ``layout.meta``.

    The book's HTML figure and the static images used in the PDF carry the
    title in their caption (and the rest of the meta around the plot).
    """
    layout = {k: v for k, v in spec.get("layout", {}).items() if k not in ("title", "meta")}
    return {**spec, "layout": layout}


def for_theme(spec: dict, theme: str) -> dict:
    """A copy of a figure spec drawn for a ``"light"`` or ``"dark"`` page.

    Light is the spec itself; dark replaces every colour of
    :data:`DARK_COLOURS` (in the template, the axes, annotations and shapes
    alike) by its dark counterpart.
    """
    if theme not in THEMES:
        raise ValueError(f"theme must be one of {THEMES}, not {theme!r}")
    if theme == "light":
        return json.loads(json.dumps(spec))
    mapping = {k.lower(): v for k, v in DARK_COLOURS.items()}

    def recolour(value):
        if isinstance(value, dict):
            return {k: recolour(v) for k, v in value.items()}
        if isinstance(value, list):
            return [recolour(v) for v in value]
        if isinstance(value, str):
            return mapping.get(value.lower(), value)
        return value

    return recolour(json.loads(json.dumps(spec)))


def election(frame: pd.DataFrame, year: int) -> pd.DataFrame:
    """The rows of the election held in ``year``."""
    rows = frame[frame["election_date"].dt.year == year]
    if rows.empty:
        raise ValueError(f"no election in {year} in the data")
    return rows


INCUMBENT = "Nazarbayev"


def incumbent_rows(candidates: pd.DataFrame) -> pd.DataFrame:
    """One row per election: the incumbent's (exactly one match required)."""
    rows = candidates[candidates["candidate"].str.contains(INCUMBENT, regex=False)]
    dupes = rows["election_date"].duplicated()
    if dupes.any():
        raise ValueError(f"several {INCUMBENT} rows for {rows['election_date'][dupes].tolist()}")
    return rows.sort_values("election_date")


# --- charts ----------------------------------------------------------------


@chart("result-2011")
def result_2011(elections_candidates: pd.DataFrame) -> go.Figure:
    """Votes of the four 2011 candidates; shares over valid votes (their sum)."""
    rows = election(elections_candidates, 2011).sort_values("votes")
    votes = dict(zip(rows["candidate"], values(rows["votes"]), strict=True))
    valid = sum(votes.values())
    shares = {
        c: v / valid * 100 for c, v in votes.items()
    }  # of the valid votes, as the chapter computes them
    texts = [f"{thousands(v)} ({shares[c]:.2f}%)" for c, v in votes.items()]
    fig = go.Figure(
        go.Bar(
            name="Votes",
            orientation="h",
            y=list(votes),
            x=list(votes.values()),
            text=texts,
            textposition="auto",
            insidetextanchor="end",
            cliponaxis=False,
            insidetextfont={"color": TEXT_ON[BLUE]},
            marker={"color": BLUE},
            customdata=[
                [shares[c], r] for c, r in zip(votes, values(rows["share_reported_pct"]), strict=True)
            ],
            hovertemplate=(
                "<b>%{y}</b><br>%{x:,} votes<br>%{customdata[0]:.2f}% of valid votes"
                "<br>(reported: %{customdata[1]:.2f}%)<extra></extra>"
            ),
        )
    )
    fig.update_xaxes(
        title_text=f"Votes (valid votes: {thousands(valid)})",
        tickformat=",",
        range=[0, max(votes.values()) * 1.1],
        showgrid=True,
        gridcolor=GRID,
    )
    day = rows["election_date"].iloc[0]
    ranked = sorted(votes, key=votes.get, reverse=True)
    alt = (
        f"Horizontal bar chart of the votes for each candidate in the presidential election "
        f"of {day.day} {day:%B %Y}. "
        + "; ".join(f"{c}: {thousands(votes[c])} votes, {shares[c]:.2f}%" for c in ranked)
        + f". Shares are of the {thousands(valid)} valid votes, the sum of the "
        f"{len(votes)} candidates' votes."
    )
    return finish(
        fig,
        title=f"Presidential election of {day:%Y}: votes per candidate",
        alt=alt,
        sources=rows["source_url"],
    )


@chart("incumbent-turnout")
def incumbent_turnout(elections_candidates: pd.DataFrame, elections_summary: pd.DataFrame) -> go.Figure:
    """The incumbent's reported share and the reported turnout, election by election."""
    rows = (
        incumbent_rows(elections_candidates)[["election_date", "share_reported_pct", "source_url"]]
        .merge(
            elections_summary[["election_date", "turnout_reported_pct", "turnout_source_url"]],
            on="election_date",
            how="outer",
        )
        .sort_values("election_date")
    )
    x = iso_dates(rows["election_date"])
    years = [d[:4] for d in x]
    series = [
        ("Incumbent's reported share of the vote", "share_reported_pct", BLUE, "circle", "solid"),
        ("Reported turnout", "turnout_reported_pct", VERMILION, "square", "dash"),
    ]
    share, turn = values(rows["share_reported_pct"]), values(rows["turnout_reported_pct"])
    fig = go.Figure()
    for (name, _column, color, symbol, dash), y, other in (
        (series[0], share, turn),
        (series[1], turn, share),
    ):
        fig.add_trace(
            go.Scatter(
                name=name,
                x=x,
                y=y,
                mode="lines+markers+text",
                connectgaps=False,
                cliponaxis=False,
                text=[None if v is None else f"{v:.2f}%" for v in y],
                textposition=label_sides(y, other),
                line={"color": color, "dash": dash, "width": 2.5},
                marker={"color": color, "symbol": symbol, "size": 10},
                hovertemplate=f"{name}<br>%{{x|%-d %B %Y}}: %{{y:.2f}}%<extra></extra>",
            )
        )
    fig.update_xaxes(tickvals=x, ticktext=years, title_text="Presidential election")
    fig.update_yaxes(range=[0, 105], ticksuffix="%", title_text="Per cent")

    def said(column: str) -> str:
        return "; ".join(
            f"{year}: {'not reported' if v is None else f'{v:.2f}%'}"
            for year, v in zip(years, values(rows[column]), strict=True)
        )

    alt = (
        f"Line chart of the {len(x)} presidential elections from {years[0]} to {years[-1]}. "
        f"The incumbent's reported share of the vote: {said('share_reported_pct')}. "
        f"Reported turnout: {said('turnout_reported_pct')}."
    )
    return finish(
        fig,
        title="The incumbent's share and the turnout, as reported",
        alt=alt,
        sources=[*rows["source_url"], *rows["turnout_source_url"]],
    )


@chart("subscribers-vs-users")
def subscribers_vs_users(internet_counts: pd.DataFrame) -> go.Figure:
    """The chapter's cited subscriber and user counts, side by side by year."""
    rows = internet_counts[internet_counts["claim_id"].notna()].sort_values(["year", "measure"])
    styles = {"subscribers": (BLUE, ""), "users": (VERMILION, "/")}
    fig = go.Figure()
    for measure, group in rows.groupby("measure", sort=True):
        color, pattern = styles.get(measure, (GREEN, "."))
        counts = values(group["value"])
        fig.add_trace(
            go.Bar(
                name=f"Internet {measure}",
                x=[str(y) for y in group["year"]],
                y=counts,
                text=[count_label(v) for v in counts],
                textposition="outside",
                cliponaxis=False,
                marker=hatched(color, pattern),
                customdata=[[s, n] for s, n in zip(group["source_name"], group["scope"], strict=True)],
                hovertemplate=(
                    f"<b>%{{y:,}} {measure}</b> (%{{x}})<br>%{{customdata[1]}}"
                    "<br>%{customdata[0]}<extra></extra>"
                ),
            )
        )
    fig.update_layout(barmode="group", bargap=0.3)
    fig.update_xaxes(type="category", title_text="Year of the count")
    fig.update_yaxes(
        tickformat=",", title_text="People or subscriptions counted", range=[0, rows["value"].max() * 1.15]
    )
    by_measure = {
        m: dict(zip(g["year"], values(g["value"]), strict=True)) for m, g in rows.groupby("measure")
    }
    sentences = [
        f"{m.capitalize()}: " + ", ".join(f"{count_label(v)} in {y}" for y, v in c.items())
        for m, c in by_measure.items()
    ]
    subs, users = by_measure.get("subscribers", {}), by_measure.get("users", {})
    both = sorted(set(subs) & set(users))
    if both:
        year = both[-1]
        sentences.append(
            f"In {year} the users claimed are {users[year] / subs[year]:.1f} times the subscribers counted"
        )
    alt = (
        "Bar chart of the internet counts the chapter cites, subscribers and users shown "
        "with different colours and patterns. " + ". ".join(sentences) + "."
    )
    return finish(
        fig,
        title="Subscribers or users? Two ways of counting the internet",
        alt=alt,
        sources=rows["source_url"],
    )


CHAPTER_PERIOD = (2009, 2011)  #: the years the chapter describes
SHARE_YEARS = (2000, 2012)  #: the span of the internet-share chart
SERIES_LABELS = {
    "wb_itu_current": "World Bank/ITU (current series)",
    "itu_2011_edition": "ITU (2011 edition)",
    "freedom_house_2011": "Freedom House (Freedom on the Net 2011)",
    "official_via_wikipedia": "Official figures (via Wikipedia)",
}
MAIN_SERIES = "wb_itu_current"


@chart("internet-share")
def internet_share(internet_users_pct: pd.DataFrame) -> go.Figure:
    """Share of individuals using the internet, main series as a line, others as markers."""
    lo, hi = SHARE_YEARS
    rows = internet_users_pct[internet_users_pct["year"].between(lo, hi)].sort_values("year")
    order = [MAIN_SERIES] + sorted(set(rows["series"]) - {MAIN_SERIES})
    symbols = ["circle", "diamond-open", "square-open", "x-thin-open", "triangle-up-open"]
    fig = go.Figure()
    for i, series in enumerate(s for s in order if s in set(rows["series"])):
        group = rows[rows["series"] == series]
        main = series == MAIN_SERIES
        fig.add_trace(
            go.Scatter(
                name=SERIES_LABELS.get(series, series),
                x=values(group["year"]),
                y=values(group["value_pct"]),
                mode="lines+markers" if main else "markers",
                line={"color": COLORWAY[i % len(COLORWAY)], "width": 3},
                marker={
                    "color": COLORWAY[i % len(COLORWAY)],
                    "size": 9 if main else 11,
                    "symbol": symbols[i % len(symbols)],
                    "line": {"width": 0 if main else 2},
                },
                hovertemplate="%{x}: %{y:.1f}%<extra>" + SERIES_LABELS.get(series, series) + "</extra>",
            )
        )
    first, last = CHAPTER_PERIOD
    fig.add_vrect(
        x0=first,
        x1=last,
        fillcolor=OKABE_ITO["sky_blue"],
        opacity=0.15,
        line_width=0,
        layer="below",
        annotation_text="Period of the chapter",
        annotation_position="top left",
    )
    fig.update_xaxes(dtick=1, range=[lo - 0.5, hi + 0.5], title_text="Year")
    fig.update_yaxes(ticksuffix="%", rangemode="tozero", title_text="Individuals using the internet")
    main = rows[rows["series"] == MAIN_SERIES].set_index("year")["value_pct"]
    quoted = [y for y in (main.index.min(), first, last, main.index.max()) if y in main.index]
    alt = (
        f"Line chart of the share of individuals using the internet, {SERIES_LABELS[MAIN_SERIES]}, "
        f"{main.index.min()} to {main.index.max()}: "
        + ", ".join(f"{main[y]:.1f}% in {y}" for y in dict.fromkeys(quoted))
        + f". The chapter's period, {first} to {last}, is shaded. Other estimates are shown as "
        f"separate markers: {listing([SERIES_LABELS.get(s, s) for s in order[1:]])}."
    )
    return finish(fig, title="Share of individuals using the internet", alt=alt, sources=rows["source_url"])


#: Short bar labels for the campaign figures (text, not numbers).
CAMPAIGN_LABELS = {
    "elbasy_signatures": "Signatures on elbasy.net for resignation",
    "petition_signatures": "Signatures on the online petition",
    "shrek_views": "Views of the Shrek parody",
    "shrek_comments": "Comments on the Shrek parody",
    "boycott_community_members": "Members of a boycott community",
    "alga_youtube_subscribers": "Subscribers to Alga's YouTube channel",
    "lotr_views": "Views of the Lord of the Rings parody",
}
COUNT_UNITS = {"signatures", "views", "comments", "members", "subscribers"}


def referendum_counts(referendum_signatures: pd.DataFrame) -> pd.DataFrame:
    """The referendum drive's last exact count and its last (possibly qualified) count."""
    collected = referendum_signatures[referendum_signatures["measure"] == "collected"].sort_values(
        ["date", "signatures"]
    )
    exact = collected[collected["qualifier"] == "exact"].tail(1)
    return pd.concat([exact, collected.tail(1)]).drop_duplicates()


@dataclass(frozen=True)
class _BarGroup:
    """One trace of the campaign chart: labels, counts and their qualifiers."""

    name: str
    color: str
    pattern: str
    labels: list[str]
    counts: list
    qualifiers: list[str]
    what: list[str]

    def texts(self) -> list[str]:
        return [count_label(v, q) for v, q in zip(self.counts, self.qualifiers, strict=True)]


@chart("campaign-reach")
def campaign_reach(campaign_figures: pd.DataFrame, referendum_signatures: pd.DataFrame) -> go.Figure:
    """Online campaign figures against the referendum drive's signatures, log scale."""
    online = campaign_figures[
        campaign_figures["unit"].isin(COUNT_UNITS) & campaign_figures["claim_id"].isin(CAMPAIGN_LABELS)
    ].sort_values("value")
    drive = referendum_counts(referendum_signatures)
    minimum = values(
        referendum_signatures.loc[referendum_signatures["measure"] == "legal minimum", "signatures"]
    )
    groups = [
        _BarGroup(
            "Online actions (chapter)",
            BLUE,
            "",
            [CAMPAIGN_LABELS[c] for c in online["claim_id"]],
            values(online["value"]),
            list(online["qualifier"]),
            list(online["quantity"]),
        ),
        _BarGroup(
            "Referendum signature drive",
            VERMILION,
            "/",
            [f"Referendum signatures by {d.day} {d:%b %Y}" for d in drive["date"]],
            values(drive["signatures"]),
            list(drive["qualifier"]),
            ["signatures collected for the referendum"] * len(drive),
        ),
    ]
    fig = go.Figure()
    for g in groups:
        fig.add_trace(
            go.Bar(
                name=g.name,
                orientation="h",
                y=[wrap(lab) for lab in g.labels],
                x=g.counts,
                text=g.texts(),
                textposition="auto",
                insidetextanchor="end",
                cliponaxis=False,
                insidetextfont={"color": TEXT_ON[g.color]},
                marker=hatched(g.color, g.pattern),
                customdata=[[t, w] for t, w in zip(g.texts(), g.what, strict=True)],
                hovertemplate="<b>%{customdata[0]}</b> %{customdata[1]}<extra></extra>",
            )
        )
    largest = max(max(g.counts) for g in groups)
    # On a log axis plotly takes the range as powers of ten.
    fig.update_xaxes(
        type="log",
        range=[0, math.log10(largest) + 1],
        dtick=1,
        tickformat="~s",
        title_text="Count (log scale)",
        showgrid=True,
        gridcolor=GRID,
    )
    fig.update_yaxes(categoryorder="array", categoryarray=[wrap(lab) for g in groups for lab in g.labels])
    fig.update_layout(height=HEIGHT + 60, bargap=0.25)
    said_minimum = ""
    if minimum:
        said_minimum = f"; the legal minimum was {count_label(minimum[0])} signatures"
        # On a log axis, shapes take data values but annotations take powers of ten.
        fig.add_shape(
            type="line",
            xref="x",
            yref="paper",
            x0=minimum[0],
            x1=minimum[0],
            y0=0,
            y1=1,
            line={"color": MUTED, "dash": "dot", "width": 2},
        )
        fig.add_annotation(
            xref="x",
            yref="paper",
            x=math.log10(minimum[0]),
            y=0,
            yanchor="bottom",
            xanchor="left",
            align="left",
            showarrow=False,
            font={"color": MUTED, "size": 12},
            text=f" legal minimum for<br> a referendum: {count_label(minimum[0])}",
        )
    online_text = "; ".join(f"{lab}: {t}" for lab, t in zip(groups[0].labels, groups[0].texts(), strict=True))
    drive_text = "; ".join(
        f"{t} by {d.day} {d:%B %Y}" for t, d in zip(groups[1].texts(), drive["date"], strict=True)
    )
    alt = (
        "Horizontal bar chart on a logarithmic scale comparing the online campaigns with the "
        f"referendum signature drive. Online: {online_text}. Referendum drive: {drive_text}"
        f"{said_minimum}. The signs ≈, ≤ and ≥ mark approximate values, upper and lower bounds."
    )
    return finish(
        fig,
        title="Online campaigns against the referendum drive",
        alt=alt,
        sources=[*online["source_url"], *drive["source_url"]],
    )


TIMELINE_SPAN = ("2010-12-01", "2011-05-31")  #: late 2010 to May 2011, as the chapter tells it


def short_event(day: pd.Timestamp, text: str) -> str:
    """An event's axis label: its day and first clause (before ':' or ';'), wrapped."""
    return wrap(f"{day:%-d %b}: " + re.split(r"[:;]", text, maxsplit=1)[0].strip(), 40)


@chart("timeline")
def timeline(events: pd.DataFrame, campaign_figures: pd.DataFrame) -> go.Figure:
    """Day-dated events from the referendum drive to May 2011, one row each, on a time axis."""
    start, end = (pd.Timestamp(d) for d in TIMELINE_SPAN)
    rows = events[(events["date_precision"] == "day") & events["date"].between(start, end)]
    rows = rows.sort_values("date")
    labels = [short_event(d, e) for d, e in zip(rows["date"], rows["event"], strict=True)]
    fig = go.Figure(
        go.Scatter(
            name="Event",
            x=iso_dates(rows["date"]),
            y=labels,
            mode="markers",
            marker={"color": BLUE, "size": 12, "symbol": "diamond"},
            customdata=[[wrap(e, 60)] for e in rows["event"]],
            hovertemplate="<b>%{x|%-d %B %Y}</b><br>%{customdata[0]}<extra></extra>",
        )
    )
    elbasy = campaign_figures[campaign_figures["claim_id"] == "elbasy_signatures"].dropna(
        subset=["date_start", "date_end"]
    )
    for _, period in elbasy.iterrows():
        fig.add_vrect(
            x0=f"{period['date_start']:%Y-%m-%d}",
            x1=f"{period['date_end']:%Y-%m-%d}",
            fillcolor=OKABE_ITO["sky_blue"],
            opacity=0.15,
            line_width=0,
            layer="below",
            annotation_text=f"elbasy.net:<br>{count_label(period['value'])} signatures",
            annotation_position="bottom left",
        )
    fig.update_xaxes(
        type="date",
        range=[f"{start:%Y-%m-%d}", f"{end:%Y-%m-%d}"],
        dtick="M1",
        tickformat="%b %Y",
        showgrid=True,
        gridcolor=GRID,
    )
    fig.update_yaxes(
        type="category",
        categoryorder="array",
        categoryarray=labels,
        autorange="reversed",
        showgrid=True,
        gridcolor=GRID,
    )
    fig.update_layout(height=max(HEIGHT, 100 + 50 * len(rows)), showlegend=False)
    alt = (
        f"Timeline of {len(rows)} dated events from {rows['date'].iloc[0]:%-d %B %Y} to "
        f"{rows['date'].iloc[-1]:%-d %B %Y}: "
        + "; ".join(f"{d:%-d %B %Y}: {e}" for d, e in zip(rows["date"], rows["event"], strict=True))
        + "."
        + "".join(
            f" The shaded band is the period in which elbasy.net collected "
            f"{count_label(p['value'])} signatures ({p['date_start']:%-d %B} to "
            f"{p['date_end']:%-d %B %Y})."
            for _, p in elbasy.iterrows()
        )
    )
    return finish(
        fig,
        title="From the referendum drive to the election: a timeline",
        alt=alt,
        sources=rows["source_url"],
    )

