"""The election charts: the 2011 result (``result-2011``) and the incumbent's share
against the turnout (``incumbent-turnout``), each with its text alternative and phone layout."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from kzedition.bibliography import citations
from kzedition.charts.labels import (
    count_ticks,
    english,
    iso_dates,
    label_sides,
    long_date,
    percent_suffix,
    values,
)
from kzedition.charts.phone import labelled_bars, narrow_layout
from kzedition.charts.phone_spec import plain_values
from kzedition.charts.registry import chart, finish
from kzedition.charts.style import BLUE, GRID, TEXT_ON, VERMILION
from kzedition.i18n import _, ngettext
from kzedition.printed import pct, thousands

__all__ = ["INCUMBENT", "candidate_name", "election", "incumbent_rows", "incumbent_turnout", "result_2011"]


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


def candidate_name(name: str) -> str:
    """A candidate's name as the chart prints it in the build's language.

    The data keep the names as their sources spell them; the Russian edition
    writes them as Kazakhstan's Russian-language press does
    (``locales/ru/terminology.csv``). A name not listed here prints as in the data.
    """
    names = {
        "Nursultan Nazarbayev": _("Nursultan Nazarbayev"),
        "Gani Kasymov": _("Gani Kasymov"),
        "Zhambyl Akhmetbekov": _("Zhambyl Akhmetbekov"),
        "Mels Yeleusizov": _("Mels Yeleusizov"),
    }
    return names.get(name, name)


# --- charts ----------------------------------------------------------------


@chart("result-2011")
def result_2011(elections_candidates: pd.DataFrame) -> go.Figure:
    """Votes of the four 2011 candidates; shares over valid votes (their sum)."""
    rows = election(elections_candidates, 2011).sort_values("votes")
    names = [candidate_name(c) for c in rows["candidate"]]
    votes = dict(zip(names, values(rows["votes"]), strict=True))
    valid = sum(votes.values())
    shares = {
        c: v / valid * 100 for c, v in votes.items()
    }  # of the valid votes, as the chapter computes them
    texts = [f"{thousands(v)} ({pct(shares[c])})" for c, v in votes.items()]
    fig = go.Figure(
        go.Bar(
            name=_("Votes"),
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
            hovertemplate=_(
                "<b>%{y}</b><br>%{x:,} votes<br>%{customdata[0]:.2f}% of valid votes"
                "<br>(reported: %{customdata[1]:.2f}%)<extra></extra>"
            ),
        )
    )
    fig.update_xaxes(
        title_text=_("Votes (valid votes: {valid})").format(valid=thousands(valid)),
        **count_ticks(max(votes.values()) * 1.1),
        range=[0, max(votes.values()) * 1.1],
        showgrid=True,
        gridcolor=GRID,
    )
    day = rows["election_date"].iloc[0]
    return finish(
        fig,
        title=_("Presidential election of {year}: votes per candidate").format(year=f"{day:%Y}"),
        alt=_result_alt(day, votes, shares),
        sources=citations(rows),
    )


def _result_alt(day: pd.Timestamp, votes: dict, shares: dict) -> str:
    """The 2011 result's text alternative: each candidate's votes and share, largest first."""
    valid = sum(votes.values())
    ranked = sorted(votes, key=votes.get, reverse=True)
    each = [
        ngettext(
            "{candidate}: {votes} vote, {share}", "{candidate}: {votes} votes, {share}", votes[c]
        ).format(candidate=c, votes=thousands(votes[c]), share=pct(shares[c]))
        for c in ranked
    ]
    return " ".join(
        [
            _(
                "Horizontal bar chart of the votes for each candidate in the presidential election of {date}."
            ).format(date=long_date(day)),
            "; ".join(each) + ".",
            ngettext(
                "Shares are of the {valid} valid votes, the sum of the {n} candidate's votes.",
                "Shares are of the {valid} valid votes, the sum of the {n} candidates' votes.",
                len(votes),
            ).format(valid=thousands(valid), n=len(votes)),
        ]
    )


# On a phone, each candidate's name stands above its bar, the full width left to the bars.
narrow_layout("result-2011")(labelled_bars)


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
        (_("Incumbent's reported share of the vote"), "share_reported_pct", BLUE, "circle", "solid"),
        (_("Reported turnout"), "turnout_reported_pct", VERMILION, "square", "dash"),
    ]
    # plotly.js names months in English only: other languages get the dates from Babel
    dates = None if english() else [[long_date(d)] for d in rows["election_date"]]
    hover = _("{name}<br>%{x|%-d %B %Y}: %{y:.2f}%<extra></extra>")
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
                text=[None if v is None else pct(v) for v in y],
                textposition=label_sides(y, other),
                line={"color": color, "dash": dash, "width": 2.5},
                marker={"color": color, "symbol": symbol, "size": 10},
                customdata=dates,
                hovertemplate=hover.replace("{name}", name),
            )
        )
    fig.update_xaxes(tickvals=x, ticktext=years, title_text=_("Presidential election"))
    fig.update_yaxes(range=[0, 105], ticksuffix=percent_suffix(), title_text=_("Per cent"))
    return finish(
        fig,
        title=_("The incumbent's share and the turnout, as reported"),
        alt=_turnout_alt(rows, years),
        sources=[*citations(rows, "share_"), *citations(rows, "turnout_")],
    )


def _turnout_alt(rows: pd.DataFrame, years: list[str]) -> str:
    """The text alternative of ``incumbent-turnout``: both series, election by election."""

    missing = _("not reported")

    def said(column: str) -> str:
        return "; ".join(
            f"{year}: {missing if v is None else pct(v)}"
            for year, v in zip(years, values(rows[column]), strict=True)
        )

    return " ".join(
        [
            ngettext(
                "Line chart of the {n} presidential election from {first} to {last}.",
                "Line chart of the {n} presidential elections from {first} to {last}.",
                len(years),
            ).format(n=len(years), first=years[0], last=years[-1]),
            _("The incumbent's reported share of the vote: {values}.").format(
                values=said("share_reported_pct")
            ),
            _("Reported turnout: {values}.").format(values=said("turnout_reported_pct")),
        ]
    )


@narrow_layout("incumbent-turnout")
def _narrow_labelled_points(spec: dict) -> dict:
    """Room at both ends of the date axis for the first and last points' value labels.

    A label is centred on its point; with the axis ending at the first
    election, half of ``98.78%`` would stand over the y-axis labels.
    """
    xaxis = spec["layout"].setdefault("xaxis", {})
    dates = [pd.Timestamp(v) for t in spec["data"] for v in plain_values(t.get("x")) if v is not None]
    if dates and xaxis.get("type", "date") == "date":
        first, last = min(dates), max(dates)
        pad = (last - first) * 0.14
        xaxis.update(range=[f"{first - pad:%Y-%m-%d}", f"{last + pad:%Y-%m-%d}"], autorange=False)
    return spec
