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

import copy
import functools
import inspect
import json
import math
import re
import textwrap
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from kzedition import bibliography
from kzedition.bibliography import citations
from kzedition.printed import thousands

__all__ = [
    "CHARTS",
    "Chart",
    "DARK_COLOURS",
    "NARROW_LAYOUTS",
    "NARROW_MIN_WIDTH",
    "NARROW_WIDTH",
    "OKABE_ITO",
    "TEMPLATE",
    "THEMES",
    "build",
    "build_all",
    "for_caption",
    "for_theme",
    "theme_colours",
    "narrow",
    "narrow_generic",
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


def source_links(sources) -> list[dict[str, str]]:
    """Distinct sources (:class:`kzedition.bibliography.Citation`) in order of first use, each
    labelled with the work (and the work quoting it) and linked to the publisher where its
    address is confirmed (``url`` empty otherwise)."""
    return [
        {"label": bibliography.cite(c), "url": bibliography.address(c) or ""} for c in dict.fromkeys(sources)
    ]


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
    """Apply the template and fill ``layout.title`` and ``layout.meta``.

    ``sources`` are the citations of the rows drawn (:func:`kzedition.bibliography.citations`).
    """
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
        sources=citations(rows),
    )


@chart("incumbent-turnout")
def incumbent_turnout(elections_candidates: pd.DataFrame, elections_summary: pd.DataFrame) -> go.Figure:
    """The incumbent's reported share and the reported turnout, election by election."""
    rows = (
        incumbent_rows(elections_candidates)[
            ["election_date", "share_reported_pct", "share_source_key", "share_quoted_by_key"]
        ]
        .merge(
            elections_summary[
                ["election_date", "turnout_reported_pct", "turnout_source_key", "turnout_quoted_by_key"]
            ],
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
        sources=[*citations(rows, "share_"), *citations(rows, "turnout_")],
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
                constraintext="inside",  # plotly would shrink an outside text to its bar's width
                cliponaxis=False,
                marker=hatched(color, pattern),
                customdata=[
                    [bibliography.cite(c), n]
                    for c, n in zip(bibliography.row_citations(group), group["scope"], strict=True)
                ],
                hovertemplate=(
                    f"<b>%{{y:,}} {measure}</b> (%{{x}})<br>%{{customdata[1]}}"
                    "<br>%{customdata[0]}<extra></extra>"
                ),
            )
        )
    fig.update_layout(barmode="group", bargap=0.2)  # a 568 px column still fits "756,500" over its bar
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
        sources=citations(rows),
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
    return finish(fig, title="Share of individuals using the internet", alt=alt, sources=citations(rows))


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
            xanchor="right",  # left of its line: on the right, it ran off a 568 px column
            align="right",
            xshift=-4,
            showarrow=False,
            font={"color": MUTED, "size": 12},
            text=f"legal minimum for<br>a referendum: {count_label(minimum[0])}",
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
        sources=[*citations(online), *citations(drive)],
    )


TIMELINE_SPAN = ("2010-12-01", "2011-05-31")  #: late 2010 to May 2011, as the chapter tells it


def short_event(day: pd.Timestamp, text: str) -> str:
    """An event's axis label: its day and first clause (before ':' or ';'), wrapped."""
    # day.day, not strftime's "%-d": the C library of the page's Python (Pyodide) has no "%-d"
    return wrap(f"{day.day} {day:%b}: " + re.split(r"[:;]", text, maxsplit=1)[0].strip(), 40)


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
        sources=citations(rows),
    )


# --- narrow screens ------------------------------------------------------------
#
# On a phone the chart's container is 300–568 px wide (328 px on a 360 px
# screen). The figures above are laid out for a ~700 px text column; drawn
# narrower, their left-hand labels eat the plot, texts collide and labels run
# off the edge. The page draws :func:`narrow` of the spec there instead. It
# works from the spec alone, as the renderer gets it from the notebook's
# output (possibly of a student's changed data, or a student's own chart), and
# moves, wraps and resizes labels only: no value, and no text's meaning, changes.

#: The width (px) the narrow variant is designed for; it stays legible from 300 to 568 px.
NARROW_WIDTH = 340
#: The narrowest container it is drawn in: a label that spans the plot is wrapped to fit this.
NARROW_MIN_WIDTH = 300
NARROW_FONT = 13  #: body text of a narrow chart (px)
NARROW_MIN_FONT = 12  #: no text of a narrow chart is smaller (px)
NARROW_TITLE_FONT = 15
#: Average advance of a glyph, in em, to decide where to wrap a label: that of
#: DejaVu Sans, the widest sans-serif a reader's ``system-ui`` falls back to
#: (Roboto and San Francisco are narrower), so a wrapped label fits.
CHAR_EM = 0.6
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


def text_lines(text: str) -> list[str]:
    """The lines of a plotly label as drawn (``<br>`` breaks lines, other tags draw nothing)."""
    return [TAG.sub("", line) for line in BR.split(str(text))]


def text_width(text: str, size: float = NARROW_FONT) -> float:
    """Estimated width (px) of a plotly label's longest line at font ``size``."""
    return max(len(line) for line in text_lines(text)) * size * CHAR_EM


def rewrap(text: str, width_px: float, size: float = NARROW_FONT) -> str:
    """``text``'s words re-broken (``<br>``) into balanced lines that fit ``width_px`` at ``size``.

    The breaks of the wide layout are dropped first: they were made for
    another width. Of the wraps into the fewest lines, the narrowest is
    taken, so that no word is left alone on a last line (``Period of`` /
    ``the chapter``, not ``Period of the`` / ``chapter``). A single word
    longer than a line stays whole.
    """
    words = " ".join(" ".join(text_lines(text)).split())
    if not words:
        return str(text)
    chars = max(6, int(width_px / (size * CHAR_EM)))
    lines = textwrap.wrap(words, chars, break_long_words=False)
    while chars > 6 and len(narrower := textwrap.wrap(words, chars - 1, break_long_words=False)) == len(
        lines
    ):
        lines, chars = narrower, chars - 1
    return "<br>".join(lines)


def _plain_spec(spec) -> dict:
    """A deep copy of a figure spec as plain dicts and lists (from a dict or a ``go.Figure``)."""
    if isinstance(spec, go.Figure):
        spec = spec.to_plotly_json()
    return copy.deepcopy({**spec, "data": list(spec.get("data", [])), "layout": dict(spec.get("layout", {}))})


def _clamped(font: dict | None, default: float | None = None) -> dict:
    """``font`` with its size kept within the narrow range (``default`` when it has none)."""
    font = dict(font or {})
    size = font.get("size", default)
    if size is not None:
        font["size"] = min(max(size, NARROW_MIN_FONT), NARROW_FONT)
    return font


def _title(value) -> dict:
    """A layout or axis ``title`` as a dict (plotly also takes a bare string)."""
    return {"text": value} if isinstance(value, str) else dict(value or {})


def _axes(layout: dict, letter: str) -> list[str]:
    """The layout keys of the ``x`` or ``y`` axes (``xaxis``, ``xaxis2``, ...); ``xaxis`` always."""
    return sorted({k for k in layout if re.fullmatch(letter + r"axis\d*", k)} | {letter + "axis"})


def _ref(axis_key: str) -> str:
    """``'xaxis2'`` -> ``'x2'``: how traces, shapes and annotations name an axis."""
    return axis_key.replace("axis", "")


def _on_axis(trace: dict, axis_key: str) -> bool:
    letter = axis_key[0]
    return trace.get(letter + "axis", letter) == _ref(axis_key)


def _plain_values(values) -> list:
    """A trace's coordinates as a list; ``[]`` for typed arrays (plotly's base64 ``bdata``)."""
    return list(values) if isinstance(values, list | tuple) else []


def _categories(spec: dict, axis_key: str) -> list:
    """The categories of a category axis in the order plotly places them (index 0, 1, ...)."""
    axis = spec["layout"].get(axis_key, {})
    seen = dict.fromkeys(
        v for t in spec["data"] if _on_axis(t, axis_key) for v in _plain_values(t.get(axis_key[0]))
    )
    order = axis.get("categoryorder", "trace")
    if order == "array":
        given = list(axis.get("categoryarray") or [])
        return given + [c for c in seen if c not in given]
    if order in ("category ascending", "category descending"):
        return sorted(seen, key=str, reverse=order.endswith("descending"))
    return list(seen)


def _reversed(axis: dict) -> bool:
    rng = axis.get("range")
    explicit = isinstance(rng, list | tuple) and len(rng) == 2 and None not in rng and rng[0] > rng[1]
    return axis.get("autorange") == "reversed" or explicit


def _legend_rows(spec: dict) -> int:
    """Rows of the narrow chart's horizontal legend: plotly starts a row when an item would overflow."""
    if not _shows_legend(spec):
        return 0
    rows, used = 1, 0.0
    for trace in spec["data"]:
        if trace.get("showlegend") is False or not trace.get("name"):
            continue
        item = text_width(trace["name"]) + 45  # symbol and gap
        if used and used + item > NARROW_WIDTH:
            rows, used = rows + 1, 0.0
        used += item
        rows += len(text_lines(trace["name"])) - 1
    return rows


def _shows_legend(spec: dict) -> bool:
    named = [t for t in spec["data"] if t.get("showlegend", True) is not False]
    return bool(named) and spec["layout"].get("showlegend", len(named) > 1) is not False


def _chrome_px(spec: dict) -> float:
    """Height (px) the narrow chart takes outside its plot area: title, legend, x-axis labels, margins.

    Generous, not exact: too little would squeeze the plot under the
    labels that :func:`_labels_above_rows` places in it.
    """
    layout = spec["layout"]
    px = layout["margin"]["t"] + layout["margin"]["b"]
    title = _title(layout.get("title"))
    if title.get("text"):
        px += len(text_lines(title["text"])) * NARROW_TITLE_FONT * LINE_EM + 16
    px += _legend_rows(spec) * LEGEND_ROW_PX + (12 if _shows_legend(spec) else 0)
    for key in _axes(layout, "x"):
        axis = layout[key]
        if axis.get("showticklabels", True) and axis.get("visible", True):
            px += len(text_lines(axis.get("tickformat", ""))) * LINE_PX + 10
        axis_title = _title(axis.get("title"))
        if axis_title.get("text"):
            px += len(text_lines(axis_title["text"])) * LINE_PX + 8
    return px


def _axis_max(spec: dict, axis_key: str) -> float:
    """The largest number plotted on an axis (0 when none, or only typed arrays)."""
    numbers = [
        v
        for t in spec["data"]
        if _on_axis(t, axis_key)
        for v in _plain_values(t.get(axis_key[0]))
        if isinstance(v, int | float) and not isinstance(v, bool)
    ]
    return max(map(abs, numbers), default=0)


def _fewer_ticks(spec: dict, axis_key: str) -> None:
    """At most about six ticks on a numeric, date or log axis, with short labels for big counts.

    A fixed ``dtick`` made for 700 px would crowd 300 px; plotly picks a
    step for ``nticks`` instead. Explicit ``tickvals`` and categories stay.
    Thousands separators (``5,000,000``) become SI prefixes (``5M``): the
    same numbers, in a third of the width the plot needs at its left.
    """
    axis = spec["layout"][axis_key]
    kind = axis.get("type", "-")
    if kind in ("category", "multicategory") or "tickvals" in axis:
        return
    if kind == "log":
        rng = axis.get("range")
        if isinstance(axis.get("dtick"), int | float) and isinstance(rng, list | tuple) and len(rng) == 2:
            axis["dtick"] = max(axis["dtick"], math.ceil(abs(rng[1] - rng[0]) / 5))
        return
    axis.pop("dtick", None)
    axis.pop("tick0", None)
    axis["nticks"] = min(axis.get("nticks") or 7, 7)
    if "," in str(axis.get("tickformat", "")) and _axis_max(spec, axis_key) >= 10_000:
        axis["tickformat"] = "~s"


def _band_midpoint(x0, x1):
    """The middle of a band between two numbers or two dates (as the ISO date plotly takes)."""
    if isinstance(x0, int | float) and isinstance(x1, int | float):
        return (x0 + x1) / 2
    a, b = pd.Timestamp(x0), pd.Timestamp(x1)
    return f"{a + (b - a) / 2:%Y-%m-%d %H:%M}"


def _centre_band_labels(spec: dict) -> None:
    """Put a shaded band's label (``add_vrect(annotation_text=...)``) over the band's middle, wrapped.

    Anchored at the band's edge, as in the wide layout, a label runs off a
    narrow plot when the band is near its right end.
    """
    layout = spec["layout"]
    bands = {
        (s.get("xref"), s.get("x0")): s
        for s in layout.get("shapes", [])
        if s.get("type") == "rect" and s.get("x0") is not None and s.get("x1") is not None
    }
    for annotation in layout.get("annotations", []):
        band = bands.get((annotation.get("xref"), annotation.get("x")))
        axis = layout.get(str(annotation.get("xref")).replace("x", "xaxis", 1), {})
        if band is None or axis.get("type") == "log":
            continue
        annotation.update(
            x=_band_midpoint(band["x0"], band["x1"]),
            xanchor="center",
            align="center",
            text=rewrap(annotation.get("text", ""), 130),
        )
        yref = str(annotation.get("yref", ""))
        if yref.endswith(" domain") and annotation.get("y") == 1 and annotation.get("yanchor") == "top":
            _headroom(spec, yref.removesuffix(" domain").replace("y", "yaxis", 1))


def _headroom(spec: dict, axis_key: str, share: float = 0.25) -> None:
    """Let an auto-ranged axis reach ``share`` beyond the largest value plotted, for a label at the top.

    Centred over its band, a band's label at the top of a narrow plot sits
    where the data may climb (the internet's share in 2011–2012). Through
    ``autorangeoptions.include``, plotly's own range padding stays.
    """
    axis = spec["layout"].setdefault(axis_key, {})
    top = _axis_max(spec, axis_key)
    if top > 0 and axis.get("type", "-") in ("-", "linear") and "range" not in axis:
        axis["autorangeoptions"] = {**axis.get("autorangeoptions", {}), "include": top * (1 + share)}


def _fit_bar_texts(spec: dict) -> None:
    """Wrap a vertical bar's text at its spaces when it is wider than the bar will be.

    The bars' gaps narrow a little too (``bargap`` at most 0.15), so that
    labels such as ``4.7 million`` sit over their own bar only.
    """
    layout = spec["layout"]
    bars = [t for t in spec["data"] if t.get("type") == "bar" and t.get("orientation", "v") == "v"]
    if not bars:
        return
    layout["bargap"] = min(layout.get("bargap", 0.2), 0.15)
    categories = len({str(v) for t in bars for v in _plain_values(t.get("x"))}) or 1
    grouped = len(bars) if layout.get("barmode", "group") == "group" else 1
    bar_px = (NARROW_WIDTH - 70) / categories * (1 - layout["bargap"]) / grouped
    for trace in bars:
        texts = trace.get("text")
        if isinstance(texts, list):
            trace["text"] = [
                rewrap(t, bar_px) if isinstance(t, str) and text_width(t) > bar_px else t for t in texts
            ]
    too_wide = any(
        isinstance(t, str) and text_width(t) > bar_px for trace in bars for t in trace.get("text") or []
    )
    if too_wide and grouped > 1:
        _bar_texts_on_top(spec, bars)


def _bar_texts_on_top(spec: dict, bars: list[dict]) -> None:
    """Draw grouped vertical bars' texts as annotations on a white ground, above every bar.

    A text wider than its bar (``756,500`` over a 40 px bar) reaches over
    the next bar of its group; as the bar's own text, plotly would draw
    that bar over it. An annotation is drawn after all traces, so it stays
    readable; the bar keeps its ``text`` (``textposition`` ``'none'``). Only
    on category axes, where the group's slots are known: the text of trace
    ``j`` of ``k`` is centred ``(j - (k - 1) / 2) * (1 - bargap) / k`` from
    its category.
    """
    layout = spec["layout"]
    share = (1 - layout.get("bargap", 0.2)) / len(bars)
    for j, trace in enumerate(bars):
        axis_key = trace.get("xaxis", "x").replace("x", "xaxis", 1)
        if layout.get(axis_key, {}).get("type") != "category":
            continue
        index = {str(c): i for i, c in enumerate(_categories(spec, axis_key))}
        font = _clamped(trace.get("outsidetextfont") or trace.get("textfont"), NARROW_FONT)
        points = zip(
            _plain_values(trace.get("x")), _plain_values(trace.get("y")), trace["text"], strict=False
        )
        for x, y, text in points:  # plotly takes fewer texts than points
            if text is None or y is None or str(x) not in index:
                continue
            layout.setdefault("annotations", []).append(
                {
                    "name": "bar text",
                    "text": text,
                    "xref": trace.get("xaxis", "x"),
                    "x": index[str(x)] + (j - (len(bars) - 1) / 2) * share,
                    "yref": trace.get("yaxis", "y"),
                    "y": y,
                    "yanchor": "bottom" if y >= 0 else "top",
                    "yshift": 2 if y >= 0 else -2,
                    "showarrow": False,
                    "bgcolor": NARROW_GROUND,
                    "borderpad": 1,
                    "font": font,
                }
            )
        trace["textposition"] = "none"


def narrow_generic(spec: dict) -> dict:
    """The part of the narrow layout every chart gets (``spec`` is a plain copy, changed in place).

    Fonts of 12–13 px (the wide 14 and 17 px texts would crowd a 340 px
    plot; nothing goes below 12, and plotly may not shrink a bar's text
    below it either), small margins (the axes still make room for their
    labels) but room at the top for the modebar (:data:`MODEBAR_PX`), a
    horizontal legend above the plot (``xref`` ``'paper'``: one that refers to
    the container reserves a left margin as wide as itself),
    long trace names wrapped so that plotly can break it into rows, titles
    wrapped to the width, fewer ticks (:func:`_fewer_ticks`), a band's label
    over the band (:func:`_centre_band_labels`), bar texts that fit their
    bars (:func:`_fit_bar_texts`), and no drag-to-zoom (on a touch screen it
    would hold the finger that scrolls the page). The height grows by what
    the wrapped legend and title take.
    """
    layout, data = spec["layout"], spec["data"]
    template = (layout.get("template") or {}).get("layout", {})
    height = layout.get("height") or template.get("height") or 450
    wide_top = {**template.get("margin", {}), **layout.get("margin", {})}.get("t", 100)
    height += max(0, MODEBAR_PX - wide_top)
    wide_legend_rows = 1 if _shows_legend(spec) else 0
    layout.pop("width", None)
    layout.update(
        autosize=True,
        font={**layout.get("font", {}), "size": NARROW_FONT},
        hoverlabel={**layout.get("hoverlabel", {}), "font": _clamped(None, NARROW_FONT)},
        margin={"l": 4, "r": 8, "t": MODEBAR_PX, "b": 4, "pad": 0},
        dragmode=False,
        uniformtext={"minsize": NARROW_MIN_FONT, "mode": "show"},
    )
    title = _title(layout.get("title"))
    if title.get("text"):
        text = rewrap(title["text"], NARROW_WIDTH - 12, NARROW_TITLE_FONT)
        layout["title"] = {
            **title,
            "text": text,
            "font": {**title.get("font", {}), "size": NARROW_TITLE_FONT},
        }
        height += (len(text_lines(text)) - 1) * NARROW_TITLE_FONT * LINE_EM
    for trace in data:
        if trace.get("name"):
            trace["name"] = rewrap(trace["name"], NARROW_WIDTH - 50)
        for key in ("textfont", "insidetextfont", "outsidetextfont"):
            if key in trace:
                trace[key] = _clamped(trace[key])
    if _shows_legend(spec):
        layout["legend"] = {
            **layout.get("legend", {}),
            "orientation": "h",
            "x": 0,
            "xanchor": "left",
            "yref": "container",
            "y": 1,  # made exact below, once the height is known
            "yanchor": "top",
            "font": _clamped(None, NARROW_FONT),
        }
        height += (_legend_rows(spec) - wide_legend_rows) * LEGEND_ROW_PX
    for letter, room in (("x", NARROW_WIDTH - 20), ("y", height * 0.6)):
        for key in _axes(layout, letter):
            axis = layout.setdefault(key, {})
            axis["tickfont"] = _clamped(axis.get("tickfont"), NARROW_MIN_FONT)
            axis_title = _title(axis.get("title"))
            if axis_title.get("text"):
                axis["title"] = {**axis_title, "text": rewrap(axis_title["text"], room)}
            _fewer_ticks(spec, key)
    for annotation in layout.get("annotations", []):
        annotation["font"] = _clamped(annotation.get("font"))
        if text_width(annotation.get("text", "")) > NARROW_WIDTH * 0.6:
            annotation["text"] = rewrap(annotation["text"], NARROW_WIDTH * 0.6)
    _centre_band_labels(spec)
    _fit_bar_texts(spec)
    layout["height"] = round(height)
    _below_modebar(layout)
    return spec


def _below_modebar(layout: dict) -> None:
    """Hang the title, then the legend, below :data:`MODEBAR_PX` at the top (the height is final).

    Put just above the plot (``y`` 1.02 of the plot, as in the wide layout),
    the legend pushes the top margin and ends up at the very top of the
    chart, under the modebar. Placed in the container instead, it makes
    plotly keep the margin above the plot free for it. A title (the page
    shows it in the caption instead, but a spec may keep it) goes above
    the legend; plotly lifts a multi-line title anchored at its top by its
    number of lines, which is made up for here.
    """
    height = layout["height"]
    title = _title(layout.get("title"))
    title_px = 0.0
    if title.get("text"):
        lines = len(text_lines(title["text"]))
        line_px = NARROW_TITLE_FONT * LINE_EM
        title.update(yref="container", yanchor="top", y=1 - (MODEBAR_PX + lines * line_px) / height)
        title["pad"] = {**title.get("pad", {}), "t": 0, "b": 0}
        layout["title"] = title
        title_px = lines * line_px + 8
    if "legend" in layout:
        layout["legend"]["y"] = 1 - (MODEBAR_PX + title_px) / height


def _labels_above_rows(
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
    ref = _ref(axis_key)
    categories = _categories(spec, axis_key)
    # plotly widens the margins for an annotation wider than the plot, squeezing the plot to nothing
    labels = [rewrap(c, NARROW_MIN_WIDTH - 16) for c in categories]
    label_px = max(len(text_lines(lab)) for lab in labels) * LINE_PX
    below = mark_px / 2 + 3  # from a row's centre up to the bottom of its label
    slot = below + label_px + mark_px / 2 + 8
    up, top, bottom = (-1, 0, len(categories) - 1) if _reversed(axis) else (1, len(categories) - 1, 0)
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
        if trace.get("type") == "bar" and trace.get("orientation") == "h" and _on_axis(trace, axis_key):
            trace.update(width=mark_px / slot, offset=-mark_px / slot / 2)
    return abs(top_edge - bottom_edge) * slot, top + up * (below + label_px + 2) / slot


def _x_anchor_inside(fraction: float, width_px: float, plot_px: float = NARROW_WIDTH - 20) -> str:
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


@narrow_layout("result-2011")
@narrow_layout("campaign-reach")
def _narrow_labelled_bars(spec: dict) -> dict:
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
    plot_px, note_y = _labels_above_rows(
        spec, mark_px=20, note_px=note_px + 6 if notes else 0, ground=NARROW_GROUND
    )
    xaxis = layout.get("xaxis", {})
    rng = xaxis.get("range")
    for note in notes:
        text = rewrap(note["text"], 170)
        fraction = (note["x"] - rng[0]) / (rng[1] - rng[0]) if rng else 0.5
        anchor = _x_anchor_inside(fraction, text_width(text) + 6)
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
    layout["height"] = round(plot_px + _chrome_px(spec))
    return spec


@narrow_layout("timeline")
def _narrow_timeline(spec: dict) -> dict:
    """Each event's label above its marker row across the whole width; dates read from the markers.

    The wide layout's category labels (about 300 px of them) would leave
    a 328 px phone no plot at all. Here the plot spans the width and each
    label (date and first clause, re-wrapped to about 40 characters; the
    full text stays in the hover) stands over its row. The shaded band's
    label moves to a space of its own above the first row. The month axis
    is at the top, read before the rows as a table's head is (below the
    modebar), its ticks ``Jan`` over ``2011``: on one line they would not fit
    side by side.
    """
    layout = spec["layout"]
    notes = [a for a in layout.get("annotations", []) if str(a.get("yref", "")).endswith("domain")]
    note_px = max((len(text_lines(a.get("text", ""))) * LINE_PX for a in notes), default=0)
    plot_px, note_y = _labels_above_rows(spec, mark_px=14, note_px=note_px + 6 if notes else 0)
    for note in notes:
        note.update(yref="y", y=note_y, yanchor="bottom")
    layout.setdefault("xaxis", {}).update(tickformat="%b<br>%Y", side="top")
    layout["height"] = round(plot_px + _chrome_px(spec))
    # The axis's labels push the margin only as far as they need, which would put them under
    # the modebar; counted once by _chrome_px, they get their own room below it.
    layout["margin"]["t"] = MODEBAR_PX + 2 * LINE_PX + 10
    return spec


@narrow_layout("incumbent-turnout")
def _narrow_labelled_points(spec: dict) -> dict:
    """Room at both ends of the date axis for the first and last points' value labels.

    A label is centred on its point; with the axis ending at the first
    election, half of ``98.78%`` would stand over the y-axis labels.
    """
    xaxis = spec["layout"].setdefault("xaxis", {})
    dates = [pd.Timestamp(v) for t in spec["data"] for v in _plain_values(t.get("x")) if v is not None]
    if dates and xaxis.get("type", "date") == "date":
        first, last = min(dates), max(dates)
        pad = (last - first) * 0.14
        xaxis.update(range=[f"{first - pad:%Y-%m-%d}", f"{last + pad:%Y-%m-%d}"], autorange=False)
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
    out = _plain_spec(spec)
    meta = out["layout"].get("meta")
    if isinstance(meta, dict) and meta.get("narrow"):
        return out
    out = narrow_generic(out)
    if isinstance(meta, dict) and meta.get("id") in NARROW_LAYOUTS:
        out = NARROW_LAYOUTS[meta["id"]](out)
        _below_modebar(out["layout"])  # the chart's own layout may change the height
    if meta is None or isinstance(meta, dict):
        out["layout"]["meta"] = {**(meta or {}), "narrow": NARROW_WIDTH}
    return out
