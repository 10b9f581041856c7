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
from kzedition.charts.labels import count_label, iso_dates, values, wrap
from kzedition.charts.phone import labelled_bars, labels_above_rows, narrow_layout
from kzedition.charts.phone_spec import chrome_px
from kzedition.charts.phone_text import LINE_PX, MODEBAR_PX, text_lines
from kzedition.charts.registry import chart, finish
from kzedition.charts.style import BLUE, GRID, HEIGHT, MUTED, OKABE_ITO, TEXT_ON, VERMILION, hatched

__all__ = [
    "CAMPAIGN_LABELS",
    "COUNT_UNITS",
    "TIMELINE_SPAN",
    "campaign_reach",
    "referendum_counts",
    "short_event",
    "timeline",
]

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


# On a phone, each count's label stands above its bar, the legal minimum's label above the first.
narrow_layout("campaign-reach")(labelled_bars)


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
