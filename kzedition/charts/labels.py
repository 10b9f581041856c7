"""Plain values and label texts from the tables: counts, dates, wrapped labels, lists.

Labels are plain text (no LaTeX: the static export would fetch MathJax from a CDN).
"""

from __future__ import annotations

import textwrap

import pandas as pd

from kzedition.printed import thousands

__all__ = ["QUALIFIER_SIGNS", "count_label", "iso_dates", "label_sides", "listing", "values", "wrap"]

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


def count_label(n: float, qualifier: str = "exact") -> str:
    """``4300000`` -> ``'4.3 million'``, ``400, 'at_most'`` -> ``'≤400'``."""
    text = f"{n / 1e6:.3g} million" if n >= 1_000_000 else thousands(n)
    return QUALIFIER_SIGNS.get(qualifier, "") + text


def wrap(label: str, width: int = 26) -> str:
    """Break a long axis label into lines of at most ``width`` characters."""
    return "<br>".join(textwrap.wrap(label, width)) or label


def listing(items: list[str]) -> str:
    """``['a', 'b', 'c']`` -> ``'a, b and c'``."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def label_sides(y: list, other: list) -> list[str]:
    """Text positions that keep a point's label away from the other line's point."""
    return [
        "bottom center" if v is not None and o is not None and v < o else "top center"
        for v, o in zip(y, other, strict=True)
    ]
