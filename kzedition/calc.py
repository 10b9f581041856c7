"""Pure arithmetic behind every figure of the chapter.

No I/O and no formatting: numbers in, numbers out. Percentages are returned
on a 0-100 scale. Each function raises ``ValueError`` on inputs that would
give a meaningless result (a zero base, a negative count) rather than
returning ``inf`` or ``nan`` that could slip into the prose.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date


def _positive(name: str, value: float) -> float:
    if value is None or value != value or value <= 0:
        raise ValueError(f"{name} must be a positive number, got {value!r}")
    return float(value)


def percent(part: float, whole: float) -> float:
    """``part`` as a percentage of ``whole``."""
    if part < 0:
        raise ValueError(f"part must not be negative, got {part!r}")
    return 100.0 * part / _positive("whole", whole)


def vote_shares(votes: Mapping[str, int]) -> dict[str, float]:
    """Each candidate's share of the valid votes, i.e. of the sum of all votes given.

    This is how the Central Election Commission computed the 2005 and 2011
    shares (they round to the official figures); see ``data/README.md``.
    """
    total = sum(votes.values())
    return {name: percent(v, total) for name, v in votes.items()}


def turnout(ballots: int, registered: int) -> float:
    """Turnout: ballots cast as a percentage of registered voters."""
    if ballots > registered:
        raise ValueError(f"ballots ({ballots}) exceed registered voters ({registered})")
    return percent(ballots, registered)


def growth_factor(start: float, end: float) -> float:
    """How many times ``end`` is ``start``."""
    return end / _positive("start", start)


def cagr(start: float, end: float, years: float) -> float:
    """Compound annual growth rate in percent over ``years`` years."""
    return 100.0 * (growth_factor(start, end) ** (1.0 / _positive("years", years)) - 1.0)


def ratio(numerator: float, denominator: float) -> float:
    """``numerator / denominator``, refusing a zero or negative denominator."""
    return numerator / _positive("denominator", denominator)


def days_between(start: date, end: date, inclusive: bool = True) -> int:
    """Calendar days from ``start`` to ``end`` (both counted when ``inclusive``)."""
    days = (end - start).days + (1 if inclusive else 0)
    if days <= 0:
        raise ValueError(f"end {end} is not after start {start}")
    return days


def per_day(count: float, start: date, end: date) -> float:
    """Average count per calendar day over the inclusive period ``start``..``end``."""
    return count / days_between(start, end)


def rounding_interval(value: float, step: float) -> tuple[float, float]:
    """The interval of true values that round to ``value`` at precision ``step``."""
    return value - step / 2, value + step / 2


def electorate_interval(ballots: float, ballots_step: float,
                        pct: float, pct_step: float) -> tuple[float, float]:
    """Registered voters implied by a ballot count and a turnout percentage.

    Both inputs are rounded in the sources, so the result is the interval of
    electorates consistent with them: ``ballots / (pct / 100)`` over the
    rounding intervals of both.
    """
    b_lo, b_hi = rounding_interval(ballots, ballots_step)
    p_lo, p_hi = rounding_interval(pct, pct_step)
    return 100.0 * b_lo / _positive("pct", p_hi), 100.0 * b_hi / _positive("pct", p_lo)


def intersect(intervals: Iterable[tuple[float, float]]) -> tuple[float, float] | None:
    """The common part of closed intervals, or ``None`` if they do not overlap."""
    intervals = list(intervals)
    lo = max(a for a, _ in intervals)
    hi = min(b for _, b in intervals)
    return (lo, hi) if lo <= hi else None
