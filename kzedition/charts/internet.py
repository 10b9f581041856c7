"""The internet charts: subscribers against users (``subscribers-vs-users``) and the share
of individuals using the internet (``internet-share``), each with its text alternative.
Both take the generic phone layout."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from kzedition import bibliography
from kzedition.bibliography import citations
from kzedition.charts.labels import count_label, count_ticks, listing, percent_suffix, values
from kzedition.charts.registry import chart, finish
from kzedition.charts.style import BLUE, COLORWAY, GREEN, OKABE_ITO, VERMILION, hatched
from kzedition.i18n import N_, _
from kzedition.printed import decimal, pct

__all__ = [
    "CHAPTER_PERIOD",
    "MAIN_SERIES",
    "SERIES_LABELS",
    "SHARE_YEARS",
    "internet_share",
    "measure_texts",
    "series_label",
    "subscribers_vs_users",
]


def measure_texts(measure: str) -> tuple[str, str, str]:
    """A count's trace name, the head of its hover text and the start of its sentence in the
    text alternative, in the build's language (``measure`` as the data name it)."""
    known = {
        "subscribers": (
            _("Internet subscribers"),
            _("<b>%{y:,} subscribers</b>"),
            _("Subscribers: {counts}"),
        ),
        "users": (_("Internet users"), _("<b>%{y:,} users</b>"), _("Users: {counts}")),
    }
    return known.get(
        measure, (f"Internet {measure}", f"<b>%{{y:,}} {measure}</b>", f"{measure.capitalize()}: {{counts}}")
    )


def _scope(text: str) -> str:
    """What a count covers (the data's ``scope``), in the build's language."""
    scopes = {
        "all providers (Statistics Agency)": _("all providers (Statistics Agency)"),
        "all users (government source)": _("all users (government source)"),
        "all users (latest official figure)": _("all users (latest official figure)"),
    }
    return scopes.get(text, text)


@chart("subscribers-vs-users")
def subscribers_vs_users(internet_counts: pd.DataFrame) -> go.Figure:
    """The chapter's cited subscriber and user counts, side by side by year."""
    rows = internet_counts[internet_counts["claim_id"].notna()].sort_values(["year", "measure"])
    styles = {"subscribers": (BLUE, ""), "users": (VERMILION, "/")}
    fig = go.Figure()
    for measure, group in rows.groupby("measure", sort=True):
        color, pattern = styles.get(measure, (GREEN, "."))
        counts = values(group["value"])
        name, head, _sentence = measure_texts(measure)
        fig.add_trace(
            go.Bar(
                name=name,
                x=[str(y) for y in group["year"]],
                y=counts,
                text=[count_label(v) for v in counts],
                textposition="outside",
                constraintext="inside",  # plotly would shrink an outside text to its bar's width
                cliponaxis=False,
                marker=hatched(color, pattern),
                customdata=[
                    [bibliography.cite(c), _scope(n)]
                    for c, n in zip(bibliography.row_citations(group), group["scope"], strict=True)
                ],
                hovertemplate=head + " (%{x})<br>%{customdata[1]}<br>%{customdata[0]}<extra></extra>",
            )
        )
    fig.update_layout(barmode="group", bargap=0.2)  # a 568 px column still fits "756,500" over its bar
    fig.update_xaxes(type="category", title_text=_("Year of the count"))
    top = rows["value"].max() * 1.15
    fig.update_yaxes(**count_ticks(top), title_text=_("People or subscriptions counted"), range=[0, top])
    return finish(
        fig,
        title=_("Subscribers or users? Two ways of counting the internet"),
        alt=_counts_alt(rows),
        sources=citations(rows),
    )


def _counts_alt(rows: pd.DataFrame) -> str:
    """The text alternative of ``subscribers-vs-users``: each measure's counts, and their ratio."""
    by_measure = {
        m: dict(zip(g["year"], values(g["value"]), strict=True)) for m, g in rows.groupby("measure")
    }
    sentences = [
        measure_texts(m)[2].format(
            counts=", ".join(
                _("{count} in {year}").format(count=count_label(v), year=y) for y, v in c.items()
            )
        )
        for m, c in by_measure.items()
    ]
    subs, users = by_measure.get("subscribers", {}), by_measure.get("users", {})
    both = sorted(set(subs) & set(users))
    if both:
        year = both[-1]
        sentences.append(
            _("In {year} the users claimed are {ratio} times the subscribers counted").format(
                year=year, ratio=decimal(users[year] / subs[year], 1)
            )
        )
    return (
        _(
            "Bar chart of the internet counts the chapter cites, subscribers and users shown "
            "with different colours and patterns."
        )
        + " "
        + ". ".join(sentences)
        + "."
    )


CHAPTER_PERIOD = (2009, 2011)  #: the years the chapter describes
SHARE_YEARS = (2000, 2012)  #: the span of the internet-share chart
#: The series' names in the legend, in English (:func:`series_label` gives them translated).
SERIES_LABELS = {
    "wb_itu_current": N_("World Bank/ITU (current series)"),
    "itu_2011_edition": N_("ITU (2011 edition)"),
    "freedom_house_2011": N_("Freedom House (Freedom on the Net 2011)"),
    "official_via_wikipedia": N_("Official figures (via Wikipedia)"),
}
MAIN_SERIES = "wb_itu_current"


def series_label(series: str) -> str:
    """A series' name in the legend, in the build's language (its id if it has none)."""
    return _(SERIES_LABELS[series]) if series in SERIES_LABELS else series


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
                name=series_label(series),
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
                hovertemplate="%{x}: %{y:.1f}"
                + percent_suffix()
                + "<extra>"
                + series_label(series)
                + "</extra>",
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
        annotation_text=_("Period of the chapter"),
        annotation_position="top left",
    )
    fig.update_xaxes(dtick=1, range=[lo - 0.5, hi + 0.5], title_text=_("Year"))
    fig.update_yaxes(
        ticksuffix=percent_suffix(), rangemode="tozero", title_text=_("Individuals using the internet")
    )
    return finish(
        fig,
        title=_("Share of individuals using the internet"),
        alt=_share_alt(rows, order),
        sources=citations(rows),
    )


def _share_alt(rows: pd.DataFrame, order: list[str]) -> str:
    """The text alternative of ``internet-share``: the main series at its ends and over the
    chapter's period, the other estimates by name."""
    first, last = CHAPTER_PERIOD
    main = rows[rows["series"] == MAIN_SERIES].set_index("year")["value_pct"]
    quoted = [y for y in (main.index.min(), first, last, main.index.max()) if y in main.index]
    return " ".join(
        [
            _(
                "Line chart of the share of individuals using the internet, {series}, {first} to {last}: {values}."
            ).format(
                series=series_label(MAIN_SERIES),
                first=main.index.min(),
                last=main.index.max(),
                values=", ".join(
                    _("{share} in {year}").format(share=pct(main[y], 1), year=y)
                    for y in dict.fromkeys(quoted)
                ),
            ),
            _("The chapter's period, {first} to {last}, is shaded.").format(first=first, last=last),
            _("Other estimates are shown as separate markers: {series}.").format(
                series=listing([series_label(s) for s in order[1:]])
            ),
        ]
    )
