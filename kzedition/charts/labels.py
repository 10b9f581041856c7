"""Plain values and label texts from the tables: counts, dates, wrapped labels, lists.

Labels are plain text (no LaTeX: the static export would fetch MathJax from a CDN).
They are written in the build's language (:func:`kzedition.i18n.language`):
numbers through :mod:`kzedition.printed`, dates through Babel, and plotly's
own number formatting through :func:`separators` (``layout.separators``).
English labels are exactly those the report's edition always printed.
"""

from __future__ import annotations

import math
import textwrap

import pandas as pd

from kzedition import i18n
from kzedition.i18n import _
from kzedition.printed import millions, thousands

__all__ = [
    "QUALIFIER_SIGNS",
    "count_label",
    "count_ticks",
    "english",
    "iso_dates",
    "label_sides",
    "listing",
    "long_date",
    "month_ticks",
    "month_year",
    "percent_suffix",
    "separators",
    "short_date",
    "short_day",
    "values",
    "wrap",
]

#: How ``qualifier`` values of the data print in labels.
QUALIFIER_SIGNS = {"exact": "", "approximately": "≈", "at_most": "≤", "at_least": "≥"}


def values(series: pd.Series) -> list:
    """Plain Python values for plotly; missing values become ``None``.

    ``None`` is a gap in a line (``connectgaps`` is off), never a zero.
    """
    return [None if pd.isna(v) else (v.item() if hasattr(v, "item") else v) for v in series.tolist()]


def iso_dates(series: pd.Series) -> list[str]:
    """``datetime64`` values as ``YYYY-MM-DD`` strings."""
    return [f"{d:%Y-%m-%d}" for d in series]


def english() -> bool:
    """Whether the build's language is English (the report's own forms)."""
    return i18n.language() == i18n.DEFAULT


def separators() -> str:
    """plotly's ``layout.separators`` for the build's language: the decimal sign, then the
    thousands separator (``".,"`` in English, ``",\u00a0"`` in Russian, as Babel gives them)."""
    from babel.numbers import get_decimal_symbol, get_group_symbol

    lang = i18n.language()
    return get_decimal_symbol(lang) + get_group_symbol(lang)


def percent_suffix() -> str:
    """What follows a percentage: ``%`` in English, a no-break space and ``%`` in Russian."""
    from kzedition.printed import pct

    return pct(0, 0).removeprefix("0")


def count_label(n: float, qualifier: str = "exact") -> str:
    """``4300000`` -> ``'4.3 million'`` (``'4,3 млн'``), ``400, 'at_most'`` -> ``'≤400'``."""
    if n >= 1_000_000:
        digits = f"{n / 1e6:.3g}"  # three significant digits
        text = f"{digits} million" if english() else millions(n, len(digits.partition(".")[2]))
    else:
        text = thousands(n)
    return QUALIFIER_SIGNS.get(qualifier, "") + text


def _compact(n: float) -> str:
    """``1500000`` -> ``'1,5 млн'``: a tick's short form in the build's language (Babel)."""
    from babel.numbers import format_compact_decimal

    return format_compact_decimal(n, locale=i18n.language(), fraction_digits=1)


def count_ticks(top: float, log: bool = False) -> dict:
    """The tick settings of an axis of counts up to ``top`` (on a log axis, a power of ten).

    English lets plotly write the ticks: thousands grouped (``5,000,000``),
    or on a log axis one tick a decade with SI prefixes (``1k``, ``1M``).
    Those prefixes are English, so other languages get the ticks written out
    in their own short form (``500 тыс.``, ``1 млн``): on a log axis a tick
    each decade, labelled every other decade, on a linear one about five
    round steps.
    """
    if english():
        return {"dtick": 1, "tickformat": "~s"} if log else {"tickformat": ","}
    if log:  # a tick (and grid line) each decade, a label every other one: "100 тыс." is long
        ticks = [10**k for k in range(math.floor(top) + 1)]
        return {
            "tickvals": ticks,
            "ticktext": [_compact(t) if k % 2 == 0 else "" for k, t in enumerate(ticks)],
        }
    else:
        raw = top / 5
        magnitude = 10 ** math.floor(math.log10(raw))
        step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
        ticks = [i * step for i in range(math.floor(top / step) + 1)]
    return {"tickvals": ticks, "ticktext": [_compact(t) for t in ticks]}


def _babel_date(day, pattern: str) -> str:
    from babel.dates import format_date

    return format_date(day, pattern, locale=i18n.language())


def long_date(day) -> str:
    """``2011-04-03`` -> ``'3 April 2011'``, ``'3 апреля 2011'`` in Russian."""
    return f"{day.day} {day:%B %Y}" if english() else _babel_date(day, "d MMMM y")


def short_date(day) -> str:
    """``2011-01-10`` -> ``'10 Jan 2011'``, ``'10 янв. 2011'`` in Russian."""
    return f"{day.day} {day:%b %Y}" if english() else _babel_date(day, "d MMM y")


def short_day(day) -> str:
    """``2011-01-10`` -> ``'10 Jan'``, ``'10 янв.'`` in Russian."""
    return f"{day.day} {day:%b}" if english() else _babel_date(day, "d MMM")


def month_year(day) -> str:
    """``2011-01-01`` -> ``'Jan 2011'``, ``'янв. 2011'`` in Russian (a month axis's tick)."""
    return f"{day:%b %Y}" if english() else _babel_date(day, "LLL y")


def wrap(label: str, width: int = 26) -> str:
    """Break a long axis label into lines of at most ``width`` characters."""
    return "<br>".join(textwrap.wrap(label, width)) or label


def listing(items: list[str]) -> str:
    """``['a', 'b', 'c']`` -> ``'a, b and c'`` (``'a, b и c'`` in Russian)."""
    if len(items) == 1:
        return items[0]
    return _("{first} and {last}").format(first=", ".join(items[:-1]), last=items[-1])


def label_sides(y: list, other: list) -> list[str]:
    """Text positions that keep a point's label away from the other line's point."""
    return [
        "bottom center" if v is not None and o is not None and v < o else "top center"
        for v, o in zip(y, other, strict=True)
    ]


def month_ticks(start, end) -> dict:
    """The tick settings of a date axis with a tick each month from ``start`` to ``end``.

    English lets plotly write them (``Jan 2011``); plotly.js knows English
    month names only, so other languages get them written out (``дек.<br>2010``,
    ``янв.<br>2011``, ``февр.``, …: the year where it begins).
    """
    if english():
        return {"dtick": "M1", "tickformat": "%b %Y"}
    months = pd.date_range(pd.Timestamp(start).to_period("M").to_timestamp(), end, freq="MS")
    # the year under the month, and only where it begins (and at the first tick): side by side
    # and on every tick, the longer Russian ticks would be slanted or touch
    texts = [
        month_year(m).replace(" ", "<br>", 1) if i == 0 or m.month == 1 else _babel_date(m, "LLL")
        for i, m in enumerate(months)
    ]
    return {"tickvals": iso_dates(months), "ticktext": texts}
