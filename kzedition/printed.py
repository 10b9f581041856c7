"""Numbers as the report prints them.

One place for every number format of the edition: the claims ledger compares
``format(value)`` with the printed text, the chapter pastes the same text into
its prose, and the charts label their bars with it. Each formatter takes a
plain number (or date) and returns a string; missing values are refused, so a
gap in the data never prints as ``nan``.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pandas as pd

__all__ = [
    "FORMATS",
    "day_month",
    "decimal",
    "format_as",
    "millions",
    "number_word",
    "pct",
    "thousands",
    "weeks",
    "year",
]

NUMBER_WORDS = {
    1: "one",
    2: "two",
    3: "three",
    4: "four",
    5: "five",
    6: "six",
    7: "seven",
    8: "eight",
    9: "nine",
    10: "ten",
}


def _number(value) -> float:
    if value is None or pd.isna(value):
        raise ValueError("a missing value has no printed form")
    return float(value)


def thousands(n: float) -> str:
    """``203000`` -> ``'203,000'`` (rounded to a whole number)."""
    return f"{round(_number(n)):,}"


def millions(n: float, decimals: int = 1) -> str:
    """``4700000`` -> ``'4.7 million'``."""
    return f"{_number(n) / 1e6:.{decimals}f} million"


def pct(value: float, decimals: int = 2) -> str:
    """``95.5526`` -> ``'95.55%'`` (the value is already on a 0-100 scale)."""
    return f"{_number(value):.{decimals}f}%"


def decimal(value: float, decimals: int = 1) -> str:
    """``3.7266`` -> ``'3.7'``: a plain number with a fixed number of decimals."""
    return f"{_number(value):.{decimals}f}"


def year(value: float) -> str:
    """``1991`` -> ``'1991'``."""
    return str(int(_number(value)))


def day_month(day: date | pd.Timestamp) -> str:
    """``2011-04-03`` -> ``'3 April'``."""
    return f"{day.day} {day:%B}"


def number_word(value: float) -> str:
    """``3`` -> ``'three'``; numbers without a word are printed as digits."""
    n = round(_number(value))
    return NUMBER_WORDS.get(n, str(n))


def weeks(days: float) -> str:
    """``15`` days -> ``'two-week'`` (to the nearest week, as in “a two-week period”)."""
    return f"{number_word(round(_number(days) / 7))}-week"


def millions_word(n: float) -> str:
    """``5000000`` -> ``'five million'``."""
    return f"{number_word(_number(n) / 1e6)} million"


#: The formats the claims ledger (``text/claims.yml``) may name.
FORMATS: dict[str, Callable[[object], str]] = {
    "thousands": thousands,
    "millions": millions,
    "millions_word": millions_word,
    "pct0": lambda v: pct(v, 0),
    "pct1": lambda v: pct(v, 1),
    "pct2": pct,
    "year": year,
    "day_month": day_month,
    "number_word": number_word,
    "weeks": weeks,
}


def format_as(name: str, value) -> str:
    """Format ``value`` with the format called ``name`` in :data:`FORMATS`."""
    try:
        return FORMATS[name](value)
    except KeyError:
        raise ValueError(f"unknown format {name!r}; known: {', '.join(FORMATS)}") from None
