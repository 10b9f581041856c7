"""What the edition computes beyond the printed figures.

The chapter's edition notes show these values next to the report's own
numbers: growth of subscriptions, users per subscription, penetration, the
four 2011 shares against the officially reported ones, turnout checks and
signature rates. Every function takes the loaded frames and returns a dict of
``name -> Figure`` (raw value and the text pasted into the page), so the
chapter only glues them.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from kzedition import calc
from kzedition.claims import CLAIMS, millions, pct, referendum_drive, thousands

Data = dict[str, pd.DataFrame]


@dataclass(frozen=True)
class Figure:
    """A computed value and its text as shown in the edition notes."""

    value: float
    text: str


def _count(frames: Data, claim_id: str) -> int:
    frame = frames["internet_counts"]
    return int(frame.loc[frame["claim_id"] == claim_id, "value"].iloc[0])


def _campaign(frames: Data, claim_id: str) -> pd.Series:
    frame = frames["campaign_figures"]
    return frame.loc[frame["claim_id"] == claim_id].iloc[0]


def official_population(frames: Data, on: str = "2011-02-01") -> int:
    """The Statistics Agency estimate for a given date."""
    frame = frames["population"]
    sel = frame[(frame["date"] == pd.Timestamp(on)) & (frame["measure"] == "official estimate")]
    return int(sel["population"].iloc[0])


def printed_population() -> float:
    """The report's unsourced "16.6 million", read from the claims ledger."""
    claim = next(c for c in CLAIMS if c.id == "population_2011")
    return float(claim.printed.split()[0]) * 1e6


def internet_growth(frames: Data) -> dict[str, Figure]:
    """Subscriber growth 2004-2009 and how the 'users' claims compare with it."""
    s04, s09 = _count(frames, "subscribers_2004"), _count(frames, "subscribers_2009")
    u09, u11 = _count(frames, "users_2009"), _count(frames, "users_2011")
    pop = official_population(frames)
    printed_pop = printed_population()
    factor = calc.growth_factor(s04, s09)
    rate = calc.cagr(s04, s09, 2009 - 2004)
    per_sub = calc.ratio(u09, s09)
    return {
        "growth_factor": Figure(factor, f"{factor:.2f}"),
        "growth_cagr": Figure(rate, pct(rate, 1)),
        "users_per_subscription": Figure(per_sub, f"{per_sub:.1f}"),
        "users_2011_of_printed_population": Figure(calc.percent(u11, printed_pop), pct(calc.percent(u11, printed_pop), 1)),
        "official_population_2011": Figure(pop, f"{pop / 1e6:.2f} million"),
        "users_2011_of_official_population": Figure(calc.percent(u11, pop), pct(calc.percent(u11, pop), 1)),
    }


def itu_share(frames: Data, year: int) -> Figure:
    """ITU/World Bank share of individuals using the internet in ``year``."""
    frame = frames["internet_users_pct"]
    value = float(frame.loc[(frame["series"] == "wb_itu_current") & (frame["year"] == year), "value_pct"].iloc[0])
    return Figure(value, pct(value, 1))


def election_2011(frames: Data) -> dict[str, Figure]:
    """The four 2011 shares recomputed, and the largest gap to the reported ones."""
    frame = frames["elections_candidates"]
    sel = frame[frame["election_date"] == pd.Timestamp("2011-04-03")]
    shares = calc.vote_shares(dict(zip(sel["candidate"], sel["votes"].astype(int))))
    reported = dict(zip(sel["candidate"], sel["share_reported_pct"]))
    gap = max(abs(round(shares[c], 2) - reported[c]) for c in shares)
    out = {f"share_2011_{c.split()[-1].lower()}": Figure(v, pct(v)) for c, v in shares.items()}
    out["valid_votes_2011"] = Figure(sum(sel["votes"]), thousands(sum(sel["votes"])))
    out["share_2011_max_gap"] = Figure(gap, f"{gap:.2f}")
    return out


def turnout_checks(frames: Data) -> dict[str, Figure]:
    """1991 turnout from counts, and an estimate of the 2011 electorate.

    The 2011 electorate is not published in any source we hold. The CEC's
    election-day briefings give ballots and turnout together; each pair,
    allowing for the rounding of both numbers, bounds the electorate, and
    the bounds must overlap for the estimate to hold up.
    """
    summary = frames["elections_summary"].set_index("election_date")
    s91 = summary.loc[pd.Timestamp("1991-12-01")]
    t91 = calc.turnout(int(s91["ballots_cast"]), int(s91["registered_voters"]))
    intraday = frames["elections_2011_intraday"]
    steps = [(1000 if b % 1000 == 0 else 1, 1 if float(p).is_integer() else 0.1)
             for b, p in zip(intraday["ballots_received"], intraday["turnout_pct_reported"])]
    bounds = [calc.electorate_interval(int(b), bs, float(p), ps)
              for (b, p), (bs, ps) in zip(zip(intraday["ballots_received"], intraday["turnout_pct_reported"]), steps)]
    common = calc.intersect(bounds)
    out = {"turnout_1991": Figure(t91, pct(t91))}
    if common is None:
        return out
    lo, hi = common
    reported = float(summary.loc[pd.Timestamp("2011-04-03"), "turnout_reported_pct"])
    valid = int(summary.loc[pd.Timestamp("2011-04-03"), "valid_votes"])
    ballots_lo, ballots_hi = lo * (reported - 0.005) / 100, hi * (reported + 0.005) / 100
    out.update({
        "electorate_2011_low": Figure(lo, f"{lo / 1e6:.3f} million"),
        "electorate_2011_high": Figure(hi, f"{hi / 1e6:.3f} million"),
        "ballots_2011_low": Figure(ballots_lo, f"{ballots_lo / 1e6:.3f} million"),
        "ballots_2011_high": Figure(ballots_hi, f"{ballots_hi / 1e6:.3f} million"),
        "not_valid_2011_low": Figure(ballots_lo - valid, thousands(round(ballots_lo - valid, -2))),
        "not_valid_2011_high": Figure(ballots_hi - valid, thousands(round(ballots_hi - valid, -2))),
    })
    return out


def signature_rates(frames: Data) -> dict[str, Figure]:
    """Signatures per day: elbasy.net against the referendum drive."""
    elbasy = _campaign(frames, "elbasy_signatures")
    elbasy_days = calc.days_between(elbasy["date_start"].date(), elbasy["date_end"].date())
    elbasy_rate = calc.per_day(float(elbasy["value"]), elbasy["date_start"].date(), elbasy["date_end"].date())
    drive = referendum_drive(frames["referendum_signatures"])
    last = drive.counts.iloc[-1]
    ref_days = calc.days_between(drive.start, drive.end)
    ref_rate = calc.per_day(float(last["signatures"]), drive.start, drive.end)
    return {
        "elbasy_days": Figure(elbasy_days, str(elbasy_days)),
        "elbasy_per_day": Figure(elbasy_rate, f"{elbasy_rate:.1f}"),
        "referendum_days": Figure(ref_days, str(ref_days)),
        "referendum_total": Figure(float(last["signatures"]), millions(last["signatures"])),
        "referendum_per_day": Figure(ref_rate, thousands(round(ref_rate, -3))),
        "referendum_to_elbasy": Figure(ref_rate / elbasy_rate, thousands(round(ref_rate / elbasy_rate, -2))),
    }


def all_figures(frames: Data) -> dict[str, Figure]:
    """Every edition figure, keyed by the name the chapter glues it under."""
    out: dict[str, Figure] = {}
    for part in (internet_growth, election_2011, turnout_checks, signature_rates):
        out.update(part(frames))
    for year in (2009, 2010, 2011):
        out[f"itu_share_{year}"] = itu_share(frames, year)
    return out
