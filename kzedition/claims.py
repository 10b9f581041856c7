"""The claims ledger: every quantitative claim of the chapter, printed vs computed.

Each :class:`Claim` names the sentence it comes from, the value as the report
prints it, a function that finds or computes the value from ``data/`` (with the
file and rows it used), and the status the edition expects:

``reproduced``
    recomputed from independent sourced data, and it renders exactly as printed;
``reported``
    only the report (or a source quoting it) gives the value: the data carry it
    with that source and it renders as printed, but nothing can recompute it;
``discrepancy``
    the best sourced value differs from the printed one (explained in ``note``).

:func:`evaluate` builds the ledger; :func:`check` raises :class:`ClaimDrift`,
naming claim, file and rows, whenever a claim's status is not the expected
one, so a data change that alters a printed figure stops the build. The
chapter pastes :attr:`Result.text` into its prose with myst-nb ``glue``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from html import escape
from datetime import date, timedelta

import pandas as pd

from kzedition import calc, data

Data = dict[str, pd.DataFrame]
Status = str  # "reproduced" | "reported" | "discrepancy"

REPRODUCED, REPORTED, DISCREPANCY = "reproduced", "reported", "discrepancy"


class ClaimDrift(AssertionError):
    """A figure computed from the data no longer matches the printed report."""


@dataclass(frozen=True)
class Value:
    """A value found or computed from the data, and where it came from."""

    value: object
    text: str
    provenance: str


@dataclass(frozen=True)
class Claim:
    """One quantitative claim of the chapter."""

    id: str
    section: str
    sentence: str
    printed: str
    expected: Status
    find: Callable[[Data], Value]
    note: str = ""


@dataclass(frozen=True)
class Result:
    """A claim evaluated against the current data."""

    claim: Claim
    text: str
    value: object
    provenance: str
    status: Status


# --- formatting: as the report prints numbers -------------------------------

def thousands(n: float) -> str:
    """``203000`` -> ``'203,000'``."""
    return f"{round(n):,}"


def millions(n: float) -> str:
    """``4700000`` -> ``'4.7 million'``."""
    return f"{n / 1e6:.1f} million"


def pct(value: float, decimals: int = 2) -> str:
    """``95.5526`` -> ``'95.55%'``."""
    return f"{value:.{decimals}f}%"


def day_month(d: date) -> str:
    """``2011-04-03`` -> ``'3 April'``."""
    return f"{d.day} {d:%B}"


NUMBER_WORDS = {2: "two", 3: "three", 5: "five"}


# --- provenance ------------------------------------------------------------

def rows(name: str, frame: pd.DataFrame) -> str:
    """``data/<name>.csv, rows a, b`` for the CSV rows (header = row 1) of ``frame``."""
    numbers = ", ".join(str(i + 2) for i in frame.index)
    return f"data/{name}.csv, row{'s' if len(frame) > 1 else ''} {numbers}"


def _one(name: str, frame: pd.DataFrame, what: str) -> pd.Series:
    if len(frame) != 1:
        raise ClaimDrift(f"data/{name}.csv: expected exactly one row for {what}, found {len(frame)}")
    return frame.iloc[0]


# --- finders: each returns a Value ----------------------------------------

def internet_count(claim_id: str, fmt: Callable[[float], str]) -> Callable[[Data], Value]:
    """The chapter-cited internet count tagged ``claim_id`` in internet_counts.csv."""
    def find(d: Data) -> Value:
        frame = d["internet_counts"]
        sel = frame[frame["claim_id"] == claim_id]
        value = _one("internet_counts", sel, claim_id)["value"]
        return Value(int(value), fmt(value), rows("internet_counts", sel))
    return find


def campaign(claim_id: str, fmt: Callable[[float], str] = thousands) -> Callable[[Data], Value]:
    """A campaign figure from campaign_figures.csv (the chapter is its source)."""
    def find(d: Data) -> Value:
        frame = d["campaign_figures"]
        sel = frame[frame["claim_id"] == claim_id]
        value = _one("campaign_figures", sel, claim_id)["value"]
        return Value(value, fmt(value), rows("campaign_figures", sel))
    return find


def candidate_share(election: str, candidate: str, decimals: int) -> Callable[[Data], Value]:
    """A candidate's share over the valid votes, recomputed from the vote counts."""
    def find(d: Data) -> Value:
        frame = d["elections_candidates"]
        sel = frame[frame["election_date"] == pd.Timestamp(election)]
        shares = calc.vote_shares(dict(zip(sel["candidate"], sel["votes"].astype(int))))
        return Value(shares[candidate], pct(shares[candidate], decimals), rows("elections_candidates", sel))
    return find


def turnout_reported(election: str) -> Callable[[Data], Value]:
    """The officially reported turnout carried by elections_summary.csv."""
    def find(d: Data) -> Value:
        frame = d["elections_summary"]
        sel = frame[frame["election_date"] == pd.Timestamp(election)]
        value = _one("elections_summary", sel, election)["turnout_reported_pct"]
        return Value(float(value), pct(value), rows("elections_summary", sel))
    return find


def population_2011(d: Data) -> Value:
    """The official 2011 population estimates: none gives 16.6 million."""
    frame = d["population"]
    sel = frame[(frame["date"].dt.year == 2011) & frame["measure"].str.startswith("official estimate")]
    latest = sel.sort_values("date").iloc[-1]
    return Value(int(latest["population"]), millions(latest["population"]), rows("population", sel))


def election_day(election: str) -> Callable[[Data], Value]:
    """Polling day as stored in elections_summary.csv."""
    def find(d: Data) -> Value:
        frame = d["elections_summary"]
        sel = frame[frame["election_date"] == pd.Timestamp(election)]
        day = _one("elections_summary", sel, election)["election_date"].date()
        return Value(day, day_month(day), rows("elections_summary", sel))
    return find


def first_election_year(d: Data) -> Value:
    """The year of the first presidential election held in the data (Nazarbayev elected)."""
    frame = d["elections_candidates"]
    sel = frame[frame["candidate"] == "Nursultan Nazarbayev"].sort_values("election_date").head(1)
    year = int(sel.iloc[0]["election_date"].year)
    return Value(year, str(year), rows("elections_candidates", sel))


def candidate_years(candidate: str, election_year: int) -> Callable[[Data], Value]:
    """The year a candidate stood before 2011, from the candidate lists."""
    def find(d: Data) -> Value:
        frame = d["elections_candidates"]
        sel = frame[(frame["candidate"] == candidate) & (frame["election_date"].dt.year < 2011)]
        years = sorted(sel["election_date"].dt.year.astype(int))
        text = str(election_year) if election_year in years else ", ".join(map(str, years)) or "none"
        return Value(years, text, rows("elections_candidates", sel))
    return find


@dataclass(frozen=True)
class Drive:
    """The referendum signature drive as its dated running counts show it."""

    counts: pd.DataFrame  # daily running counts up to the declared end, by date
    start: date
    end: date


def referendum_drive(frame: pd.DataFrame) -> Drive:
    """The drive from ``referendum_signatures``: day-dated counts up to 10 January 2011."""
    counts = frame[(frame["measure"] == "collected") & (frame["date_precision"] == "day")
                   & (frame["date"] <= pd.Timestamp("2011-01-10"))].sort_values("date")
    # the first count covers two days (27-28 December): the drive began the day before it
    start = counts["date"].iloc[0].date() - timedelta(days=1)
    return Drive(counts, start, counts["date"].iloc[-1].date())


def referendum_weeks(d: Data) -> Value:
    """Length of the signature drive: first to last daily running count."""
    drive = referendum_drive(d["referendum_signatures"])
    days = calc.days_between(drive.start, drive.end)
    weeks = round(days / 7)
    return Value(days, f"{NUMBER_WORDS.get(weeks, weeks)}-week",
                 rows("referendum_signatures", drive.counts.sort_index()))


NOT_IN_DATA = "not in data/"


def not_in_data(d: Data) -> Value:
    """For a claim that no dataset of the edition can carry (reported only)."""
    return Value(None, "—", NOT_IN_DATA)


# --- the ledger ------------------------------------------------------------

CHAPTER_SOURCE = "the chapter itself"

CLAIMS: tuple[Claim, ...] = (
    Claim("subscribers_2004", "Introduction",
          "the number of subscribers rose from 203,000 in 2004 to 756,500 in 2009", "203,000",
          REPORTED, internet_count("subscribers_2004", thousands),
          "Statistics Agency figure cited by the chapter (fn 1); its table was not found."),
    Claim("subscribers_2009", "Introduction",
          "the number of subscribers rose from 203,000 in 2004 to 756,500 in 2009", "756,500",
          REPORTED, internet_count("subscribers_2009", thousands),
          "As above; the only like-for-like subscriber pair."),
    Claim("users_2009", "Introduction",
          "other government sources referred to 4.7 million users online in 2009", "4.7 million",
          REPORTED, internet_count("users_2009", millions), "PRIME-TASS, 19 October 2009 (fn 2)."),
    Claim("users_2011", "Introduction", "The latest official figure was 4.3 million", "4.3 million",
          REPORTED, internet_count("users_2011", millions), "Novosti-Kazakhstan, 10 January 2011 (fn 3)."),
    Claim("population_2011", "Introduction", "out of a total population estimated at 16.6 million",
          "16.6 million", DISCREPANCY, population_2011,
          "No source for 16.6 million was found; the latest official 2011 estimate in the data is shown."),
    Claim("survey_social_networks_pct", "Introduction",
          "37% of its users use social networking sites", "37%", REPORTED,
          campaign("survey_social_networks_pct", lambda v: f"{v:.0f}%"),
          "Kazkontent survey (fn 4); the survey itself was not found."),
    Claim("survey_forums_pct", "Introduction", "27% prefer forums", "27%", REPORTED,
          campaign("survey_forums_pct", lambda v: f"{v:.0f}%"), "As above."),
    Claim("survey_blogs_pct", "Introduction", "11% host/read blogs", "11%", REPORTED,
          campaign("survey_blogs_pct", lambda v: f"{v:.0f}%"), "As above."),
    Claim("age_2011", "Political background", "Nursultan Nazarbayev, who is 71", "71", REPORTED,
          not_in_data, "No birth date or age is carried by the edition's data."),
    Claim("independence_year", "Political background",
          "has ruled the country since it gained independence in 1991", "1991", REPRODUCED,
          first_election_year, "First presidential election in the data: 1 December 1991."),
    Claim("share_2005", "Political background",
          "The 2005 presidential election resulted in 91% of votes allegedly going to the incumbent",
          "91%", REPRODUCED, candidate_share("2005-12-04", "Nursultan Nazarbayev", 0),
          "Share over valid votes; the CEC reported 91.15%."),
    Claim("referendum_vowed_signatures", "Presidential elections 2011",
          "the campaigners vowed to have more than five million signatures collected", "five million",
          REPORTED, campaign("referendum_vowed_signatures", lambda v: f"{NUMBER_WORDS[round(v / 1e6)]} million"),
          "Press reports of 'more than 5 million' collected are in referendum_signatures.csv."),
    Claim("referendum_drive_weeks", "Presidential elections 2011",
          "in close to a two-week period that included the Christmas and New Year holidays",
          "two-week", REPRODUCED, referendum_weeks,
          "27 December 2010 to 10 January 2011, from the dated running counts."),
    Claim("elbasy_signatures", "Presidential elections 2011",
          "only 604 signatures arrived in the period between 3 March and 12 May of 2011", "604",
          REPORTED, campaign("elbasy_signatures"), "elbasy.net (fn 5); the site is gone."),
    Claim("petition_signatures", "Presidential elections 2011", "generated around 200 signatures",
          "200", REPORTED, campaign("petition_signatures"), "onlinepetition.ru (fn 6)."),
    Claim("shrek_views", "Presidential elections 2011", "The clip was viewed 1,847 times", "1,847",
          REPORTED, campaign("shrek_views"), "YouTube count at the time of writing."),
    Claim("shrek_comments", "Presidential elections 2011", "only three comments were left", "three",
          REPORTED, campaign("shrek_comments", lambda v: NUMBER_WORDS[round(v)]), ""),
    Claim("election_scheduled", "Presidential elections 2011",
          "On 4 February, Nazarbayev scheduled the elections for 3 April", "3 April", REPRODUCED,
          election_day("2011-04-03"), ""),
    Claim("kasymov_1999", "Presidential elections 2011",
          "Kassymov and Yeleussizov had already been presidential candidates in 1999 and 2005 respectively",
          "1999", REPRODUCED, candidate_years("Gani Kasymov", 1999), ""),
    Claim("yeleusizov_2005", "Presidential elections 2011",
          "Kassymov and Yeleussizov had already been presidential candidates in 1999 and 2005 respectively",
          "2005", REPRODUCED, candidate_years("Mels Yeleusizov", 2005), ""),
    Claim("boycott_community_members", "Presidential elections 2011",
          "even the most popular communities had few members (around 400 or less)", "400",
          REPORTED, campaign("boycott_community_members"), ""),
    Claim("alga_youtube_subscribers", "Presidential elections 2011",
          "“Alga’s” channel on YouTube has 138 subscribers", "138", REPORTED,
          campaign("alga_youtube_subscribers"), ""),
    Claim("lotr_views", "Presidential elections 2011",
          "redubbed Lord of the Rings footage, gathered 4,300 views", "4,300", REPORTED,
          campaign("lotr_views"), ""),
    Claim("turnout_2011", "Presidential elections 2011",
          "According to the official data, voter turnout was 89.98%", "89.98%", REPORTED,
          turnout_reported("2011-04-03"),
          "Official CEC figure; not recomputable: no source gives the 2011 registered voters "
          "or ballots cast. The English Wikipedia infobox says 89.99%."),
    Claim("share_2011", "Presidential elections 2011",
          "The incumbent president reportedly received 95.55% of the votes", "95.55%", REPRODUCED,
          candidate_share("2011-04-03", "Nursultan Nazarbayev", 2),
          "Share over valid votes (the sum of the four candidates)."),
)


def evaluate(frames: Data | None = None) -> list[Result]:
    """Evaluate every claim against the data (loaded and validated if not given)."""
    frames = data.load_all() if frames is None else frames
    results = []
    for claim in CLAIMS:
        found = claim.find(frames)
        if found.provenance == NOT_IN_DATA:
            status = REPORTED
        elif claim.expected == DISCREPANCY:
            status = DISCREPANCY if found.text != claim.printed else REPRODUCED
        else:
            status = claim.expected if found.text == claim.printed else DISCREPANCY
        results.append(Result(claim, found.text, found.value, found.provenance, status))
    return results


def check(results: list[Result]) -> None:
    """Raise :class:`ClaimDrift` naming every claim whose status is not the expected one."""
    drifted = [r for r in results if r.status != r.claim.expected]
    if drifted:
        lines = [f"claim {r.claim.id!r} ({r.claim.section}): the report prints {r.claim.printed!r} "
                 f"in “{r.claim.sentence}”, the data give {r.text!r} ({r.provenance}); "
                 f"expected status {r.claim.expected!r}, got {r.status!r}" for r in drifted]
        raise ClaimDrift("figures no longer match the printed report:\n" + "\n".join(lines))


def prose_values(results: list[Result]) -> dict[str, str]:
    """Text to paste into the prose: every claim whose data render as printed."""
    return {r.claim.id: r.text for r in results if r.text == r.claim.printed}


def table(results: list[Result]) -> pd.DataFrame:
    """The ledger as a table for the claims page."""
    return pd.DataFrame({
        "claim": [r.claim.id for r in results],
        "section": [r.claim.section for r in results],
        "sentence": [r.claim.sentence for r in results],
        "printed": [r.claim.printed for r in results],
        "from the data": [r.text for r in results],
        "status": [r.status for r in results],
        "source": [r.provenance for r in results],
        "note": [r.claim.note for r in results],
    })


STATUS_LABELS = {REPRODUCED: "reproduced", REPORTED: "reported only", DISCREPANCY: "discrepancy"}


def ledger_html(results: list[Result]) -> str:
    """The ledger as an HTML table; each row has the anchor ``claim-<id>``."""
    head = "".join(f'<th scope="col">{c}</th>' for c in
                   ("Claim in the report", "Printed", "From the data", "Status", "Where from"))
    body = []
    for r in results:
        claim = (f'<span class="claim-section">{escape(r.claim.section)}</span> '
                 f"“{escape(r.claim.sentence)}”")
        where = escape(r.provenance) + (f'<br><span class="claim-note">{escape(r.claim.note)}</span>'
                                        if r.claim.note else "")
        cells = (claim, escape(r.claim.printed), escape(r.text),
                 f'<span class="claim-status">{STATUS_LABELS[r.status]}</span>', where)
        tds = "".join(f"<td>{c}</td>" for c in cells)
        body.append(f'<tr id="claim-{r.claim.id}" class="status-{r.status}">{tds}</tr>')
    return (f'<table class="claims-ledger table"><thead><tr>{head}</tr></thead>'
            f'<tbody>{"".join(body)}</tbody></table>')
