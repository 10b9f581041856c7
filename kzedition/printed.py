"""Numbers as the report prints them, in English and in Russian.

One place for every number format of the edition: the claims ledger compares
``format(value)`` with the printed text, the chapter pastes the same text into
its prose, and the charts label their bars with it. Each formatter takes a
plain number (or date) and returns a string; missing values are refused, so a
gap in the data never prints as ``nan``.

Each formatter writes the form of the build's language
(:func:`kzedition.i18n.language`) unless given ``language``. English is the
form the report prints (``95.55%``, ``4.7 million``, ``203,000``, ``3 April``):
the claims ledger always compares that one. Russian forms come from Babel's
CLDR data for ``ru`` (``95,55 %``, ``4,7 млн``, ``203 000``, ``3 апреля``,
with no-break spaces), and counts that English writes as words are written
as digits, as Russian news style does (``3``, ``5 млн``, ``2 недели``).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pandas as pd

from kzedition import i18n
from kzedition.i18n import ngettext

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


def _english(language: str | None) -> bool:
    return (language or i18n.language()) == "en"


def _babel_number(value: float, decimals: int, kind: str, language: str | None) -> str:
    """``value`` in the locale's own pattern of ``kind`` (``"decimal"`` or ``"percent"``, whose
    value is on a 0-100 scale), with exactly ``decimals`` digits after the decimal sign."""
    from babel import Locale
    from babel.numbers import format_decimal, format_percent

    locale = Locale.parse(language or i18n.language())
    fraction = "." + "0" * decimals if decimals else ""
    if kind == "percent":  # Russian: "#,##0 %" (a no-break space before the sign)
        pattern = locale.percent_formats[None].pattern.replace("#,##0", "#,##0" + fraction, 1)
        return format_percent(value / 100, format=pattern, locale=locale)
    return format_decimal(value, format="#,##0" + fraction, locale=locale)


def thousands(n: float, language: str | None = None) -> str:
    """``203000`` -> ``'203,000'``, ``'203 000'`` in Russian (rounded to a whole number)."""
    if _english(language):
        return f"{round(_number(n)):,}"
    return _babel_number(round(_number(n)), 0, "decimal", language)


def millions(n: float, decimals: int = 1, language: str | None = None) -> str:
    """``4700000`` -> ``'4.7 million'``, ``'4,7 млн'`` in Russian."""
    if _english(language):
        return f"{_number(n) / 1e6:.{decimals}f} million"
    from babel.numbers import format_compact_decimal

    return format_compact_decimal(_number(n), locale=language or i18n.language(), fraction_digits=decimals)


def pct(value: float, decimals: int = 2, language: str | None = None) -> str:
    """``95.5526`` -> ``'95.55%'``, ``'95,55 %'`` in Russian (the value is on a 0-100 scale)."""
    if _english(language):
        return f"{_number(value):.{decimals}f}%"
    return _babel_number(_number(value), decimals, "percent", language)


def decimal(value: float, decimals: int = 1, language: str | None = None) -> str:
    """``3.7266`` -> ``'3.7'``, ``'3,7'`` in Russian: a plain number with a fixed number of decimals."""
    if _english(language):
        return f"{_number(value):.{decimals}f}"
    return _babel_number(_number(value), decimals, "decimal", language)


def year(value: float, language: str | None = None) -> str:
    """``1991`` -> ``'1991'`` (in every language: years are never grouped)."""
    return str(int(_number(value)))


def day_month(day: date | pd.Timestamp, language: str | None = None) -> str:
    """``2011-04-03`` -> ``'3 April'``, ``'3 апреля'`` in Russian."""
    if _english(language):
        return f"{day.day} {day:%B}"
    from babel.dates import format_date

    return format_date(day, "d MMMM", locale=language or i18n.language())


def number_word(value: float, language: str | None = None) -> str:
    """``3`` -> ``'three'``; numbers without an English word, and Russian ones, are digits."""
    n = round(_number(value))
    if _english(language):
        return NUMBER_WORDS.get(n, str(n))
    return thousands(n, language)


def weeks(days: float, language: str | None = None) -> str:
    """``15`` days -> ``'two-week'`` (as in “a two-week period”), ``'2 недели'`` in Russian.

    To the nearest week; the Russian noun agrees with the number (Russian
    plural rules, from the ``kzedition`` catalog).
    """
    n = round(_number(days) / 7)
    if _english(language):
        return f"{number_word(n, language)}-week"
    return ngettext("{n} week", "{n} weeks", n, language).format(n=thousands(n, language))


def millions_word(n: float, language: str | None = None) -> str:
    """``5000000`` -> ``'five million'``, ``'5 млн'`` in Russian."""
    if _english(language):
        return f"{number_word(_number(n) / 1e6, language)} million"
    return millions(_number(n), 1, language)


#: The formats the claims ledger (``text/claims.yml``) may name: ``(value, language) -> text``.
FORMATS: dict[str, Callable[[object, str | None], str]] = {
    "thousands": thousands,
    "millions": lambda v, lang=None: millions(v, 1, lang),
    "millions_word": millions_word,
    "pct0": lambda v, lang=None: pct(v, 0, lang),
    "pct1": lambda v, lang=None: pct(v, 1, lang),
    "pct2": lambda v, lang=None: pct(v, 2, lang),
    "year": year,
    "day_month": day_month,
    "number_word": number_word,
    "weeks": weeks,
}


def format_as(name: str, value, language: str | None = None) -> str:
    """Format ``value`` with the format called ``name`` in :data:`FORMATS`, in ``language``
    (the build's language when not given)."""
    try:
        formatter = FORMATS[name]
    except KeyError:
        raise ValueError(f"unknown format {name!r}; known: {', '.join(FORMATS)}") from None
    return formatter(value, language)
