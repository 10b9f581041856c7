"""The campaign charts: online campaigns against the referendum drive (``campaign-reach``)
and the timeline from the drive to the election (``timeline``), each with its text
alternative and phone layout."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from kzedition.bibliography import citations
from kzedition.charts.labels import (
    count_label,
    count_ticks,
    english,
    iso_dates,
    long_date,
    month_ticks,
    short_date,
    short_day,
    values,
    wrap,
)
from kzedition.charts.phone import labelled_bars, labels_above_rows, narrow_layout
from kzedition.charts.phone_spec import chrome_px
from kzedition.charts.phone_text import LINE_PX, MODEBAR_PX, text_lines
from kzedition.charts.registry import chart, finish
from kzedition.charts.style import BLUE, GRID, HEIGHT, MUTED, OKABE_ITO, TEXT_ON, VERMILION, hatched
from kzedition.i18n import N_, _, data_text, ngettext
from kzedition.printed import day_month

__all__ = [
    "CAMPAIGN_LABELS",
    "COUNT_UNITS",
    "QUANTITIES",
    "TIMELINE_SPAN",
    "campaign_reach",
    "referendum_counts",
    "short_event",
    "timeline",
]

#: Short bar labels for the campaign figures (text, not numbers), in English:
#: shown translated (``_(label)``).
CAMPAIGN_LABELS = {
    "elbasy_signatures": N_("Signatures on elbasy.net for resignation"),
    "petition_signatures": N_("Signatures on the online petition"),
    "shrek_views": N_("Views of the Shrek parody"),
    "shrek_comments": N_("Comments on the Shrek parody"),
    "boycott_community_members": N_("Members of a boycott community"),
    "alga_youtube_subscribers": N_("Subscribers to Alga's YouTube channel"),
    "lotr_views": N_("Views of the Lord of the Rings parody"),
}
COUNT_UNITS = {"signatures", "views", "comments", "members", "subscribers"}
#: What the counts of the chart are, as the data describe them (``quantity``): the hover
#: texts show them translated (``_(quantity)``); a text not listed here shows as in the data.
QUANTITIES = (
    N_("signatures for Nazarbayev's resignation received by elbasy.net"),
    N_("signatures on the online petition against the referendum signature drive"),
    N_("views of the redubbed Shrek clip satirising the referendum"),
    N_("comments left on the Shrek clip"),
    N_("members of the most popular boycott communities on social networks"),
    N_("subscribers to the Alga party's YouTube channel"),
    N_("views of the most popular boycott video (redubbed Lord of the Rings footage)"),
)


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


def _bar_groups(online: pd.DataFrame, drive: pd.DataFrame) -> list[_BarGroup]:
    """The chart's two traces: the chapter's online actions, the referendum drive's counts."""
    return [
        _BarGroup(
            _("Online actions (chapter)"),
            BLUE,
            "",
            [_(CAMPAIGN_LABELS[c]) for c in online["claim_id"]],
            values(online["value"]),
            list(online["qualifier"]),
            [_(q) for q in online["quantity"]],
        ),
        _BarGroup(
            _("Referendum signature drive"),
            VERMILION,
            "/",
            [_("Referendum signatures by {date}").format(date=short_date(d)) for d in drive["date"]],
            values(drive["signatures"]),
            list(drive["qualifier"]),
            [_("signatures collected for the referendum")] * len(drive),
        ),
    ]


def _add_bars(fig: go.Figure, groups: list[_BarGroup]) -> None:
    """One horizontal bar trace per group, each bar's count written on it."""
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
                hovertemplate=_("<b>%{customdata[0]}</b> %{customdata[1]}<extra></extra>"),
            )
        )


def _count_axes(fig: go.Figure, groups: list[_BarGroup]) -> None:
    """A log axis of counts a decade beyond the largest; the rows in the groups' order."""
    largest = max(max(g.counts) for g in groups)
    # On a log axis plotly takes the range as powers of ten.
    top = math.log10(largest) + 1
    fig.update_xaxes(
        type="log",
        range=[0, top],
        **count_ticks(top, log=True),
        title_text=_("Count (log scale)"),
        showgrid=True,
        gridcolor=GRID,
    )
    fig.update_yaxes(categoryorder="array", categoryarray=[wrap(lab) for g in groups for lab in g.labels])
    fig.update_layout(height=HEIGHT + 60, bargap=0.25)


def _legal_minimum(fig: go.Figure, minimum: float) -> str:
    """Draw the referendum's legal minimum as a dotted line with its label; return the
    clause the text alternative says it in."""
    # On a log axis, shapes take data values but annotations take powers of ten.
    fig.add_shape(
        type="line",
        xref="x",
        yref="paper",
        x0=minimum,
        x1=minimum,
        y0=0,
        y1=1,
        line={"color": MUTED, "dash": "dot", "width": 2},
    )
    fig.add_annotation(
        xref="x",
        yref="paper",
        x=math.log10(minimum),
        y=0,
        yanchor="bottom",
        xanchor="right",  # left of its line: on the right, it ran off a 568 px column
        align="right",
        xshift=-4,
        showarrow=False,
        font={"color": MUTED, "size": 12},
        text=_("legal minimum for<br>a referendum: {count}").format(count=count_label(minimum)),
    )
    return ngettext(
        "; the legal minimum was {count} signature",
        "; the legal minimum was {count} signatures",
        int(minimum),
    ).format(count=count_label(minimum))


def _campaign_alt(groups: list[_BarGroup], drive: pd.DataFrame, said_minimum: str) -> str:
    """The campaign chart's text alternative: every count, the legal minimum, the signs."""
    online, referendum = groups
    online_text = "; ".join(f"{lab}: {t}" for lab, t in zip(online.labels, online.texts(), strict=True))
    drive_text = "; ".join(
        _("{count} by {date}").format(count=t, date=long_date(d))
        for t, d in zip(referendum.texts(), drive["date"], strict=True)
    )
    return " ".join(
        [
            _(
                "Horizontal bar chart on a logarithmic scale comparing the online campaigns with the "
                "referendum signature drive."
            ),
            _("Online: {counts}.").format(counts=online_text),
            _("Referendum drive: {counts}{minimum}.").format(counts=drive_text, minimum=said_minimum),
            _("The signs ≈, ≤ and ≥ mark approximate values, upper and lower bounds."),
        ]
    )


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
    groups = _bar_groups(online, drive)
    fig = go.Figure()
    _add_bars(fig, groups)
    _count_axes(fig, groups)
    said_minimum = _legal_minimum(fig, minimum[0]) if minimum else ""
    return finish(
        fig,
        title=_("Online campaigns against the referendum drive"),
        alt=_campaign_alt(groups, drive, said_minimum),
        sources=[*citations(online), *citations(drive)],
    )


# On a phone, each count's label stands above its bar, the legal minimum's label above the first.
narrow_layout("campaign-reach")(labelled_bars)


TIMELINE_SPAN = ("2010-12-01", "2011-05-31")  #: late 2010 to May 2011, as the chapter tells it


def short_event(day: pd.Timestamp, text: str) -> str:
    """An event's axis label: its day and first clause (before ':' or ';'), wrapped."""
    # day.day, not strftime's "%-d": the C library of the page's Python (Pyodide) has no "%-d"
    return wrap(f"{short_day(day)}: " + re.split(r"[:;]", text, maxsplit=1)[0].strip(), 40)


@chart("timeline")
def timeline(events: pd.DataFrame, campaign_figures: pd.DataFrame) -> go.Figure:
    """Day-dated events from the referendum drive to May 2011, one row each, on a time axis."""
    start, end = (pd.Timestamp(d) for d in TIMELINE_SPAN)
    rows = events[(events["date_precision"] == "day") & events["date"].between(start, end)]
    rows = rows.sort_values("date")
    texts = [data_text(e) for e in rows["event"]]  # the data's catalog (tools.translations.DATA_TEXTS)
    labels = [short_event(d, e) for d, e in zip(rows["date"], texts, strict=True)]
    # plotly.js names months in English only: other languages get the dates from Babel
    dates = [[] if english() else [long_date(d)] for d in rows["date"]]
    fig = go.Figure(
        go.Scatter(
            name=_("Event"),
            x=iso_dates(rows["date"]),
            y=labels,
            mode="markers",
            marker={"color": BLUE, "size": 12, "symbol": "diamond"},
            customdata=[[wrap(e, 60), *d] for e, d in zip(texts, dates, strict=True)],
            hovertemplate=_("<b>%{x|%-d %B %Y}</b><br>%{customdata[0]}<extra></extra>"),
        )
    )
    elbasy = campaign_figures[campaign_figures["claim_id"] == "elbasy_signatures"].dropna(
        subset=["date_start", "date_end"]
    )
    for _row, period in elbasy.iterrows():
        fig.add_vrect(
            x0=f"{period['date_start']:%Y-%m-%d}",
            x1=f"{period['date_end']:%Y-%m-%d}",
            fillcolor=OKABE_ITO["sky_blue"],
            opacity=0.15,
            line_width=0,
            layer="below",
            annotation_text=ngettext(
                "elbasy.net:<br>{count} signature", "elbasy.net:<br>{count} signatures", int(period["value"])
            ).format(count=count_label(period["value"])),
            annotation_position="bottom left",
        )
    fig.update_xaxes(
        type="date",
        range=[f"{start:%Y-%m-%d}", f"{end:%Y-%m-%d}"],
        **month_ticks(start, end),
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
    return finish(
        fig,
        title=_("From the referendum drive to the election: a timeline"),
        alt=_timeline_alt(rows, texts, elbasy),
        sources=citations(rows),
    )


def _timeline_alt(rows: pd.DataFrame, texts: list[str], elbasy: pd.DataFrame) -> str:
    """The timeline's text alternative: every event with its date, and the shaded band's count."""
    return (
        ngettext(
            "Timeline of {n} dated event from {first} to {last}:",
            "Timeline of {n} dated events from {first} to {last}:",
            len(rows),
        ).format(n=len(rows), first=long_date(rows["date"].iloc[0]), last=long_date(rows["date"].iloc[-1]))
        + " "
        + "; ".join(f"{long_date(d)}: {e}" for d, e in zip(rows["date"], texts, strict=True))
        + "."
        + "".join(
            " "
            + ngettext(
                "The shaded band is the period in which elbasy.net collected {count} signature "
                "({start} to {end}).",
                "The shaded band is the period in which elbasy.net collected {count} signatures "
                "({start} to {end}).",
                int(p["value"]),
            ).format(
                count=count_label(p["value"]), start=day_month(p["date_start"]), end=long_date(p["date_end"])
            )
            for _row, p in elbasy.iterrows()
        )
    )


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
    plot_px, note_y = labels_above_rows(spec, mark_px=14, note_px=note_px + 6 if notes else 0)
    for note in notes:
        note.update(yref="y", y=note_y, yanchor="bottom")
    layout.setdefault("xaxis", {}).update(tickformat="%b<br>%Y", side="top")
    layout["height"] = round(plot_px + chrome_px(spec))
    # The axis's labels push the margin only as far as they need, which would put them under
    # the modebar; counted once by chrome_px, they get their own room below it.
    layout["margin"]["t"] = MODEBAR_PX + 2 * LINE_PX + 10
    return spec
