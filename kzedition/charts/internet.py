"""The internet charts: subscribers against users (``subscribers-vs-users``) and the share
of individuals using the internet (``internet-share``), each with its text alternative.
Both take the generic phone layout."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from kzedition import bibliography
from kzedition.bibliography import citations
from kzedition.charts.labels import count_label, listing, values
from kzedition.charts.registry import chart, finish
from kzedition.charts.style import BLUE, COLORWAY, GREEN, OKABE_ITO, VERMILION, hatched

__all__ = [
    "CHAPTER_PERIOD",
    "MAIN_SERIES",
    "SERIES_LABELS",
    "SHARE_YEARS",
    "internet_share",
    "subscribers_vs_users",
]


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
