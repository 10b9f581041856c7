"""Unit tests of the number formats (kzedition.printed): numbers as the report prints them."""

from datetime import date

import pytest

from kzedition import printed


@pytest.mark.parametrize(
    "name, value, text",
    [
        ("thousands", 756500, "756,500"),
        ("millions", 4_700_000, "4.7 million"),
        ("millions_word", 5_000_000, "five million"),
        ("pct0", 91.1517, "91%"),
        ("pct1", 30.0956, "30.1%"),
        ("pct2", 95.5526, "95.55%"),
        ("year", 1991.0, "1991"),
        ("day_month", date(2011, 4, 3), "3 April"),
        ("number_word", 3.0, "three"),
        ("number_word", 12, "12"),
        ("weeks", 15, "two-week"),
    ],
)
def test_formats(name, value, text):
    assert printed.format_as(name, value) == text


def test_decimal_and_millions_precision():
    assert printed.decimal(3.7266, 2) == "3.73"
    assert printed.millions(9_171_234, 3) == "9.171 million"


@pytest.mark.parametrize("value", [None, float("nan")])
def test_a_missing_value_has_no_printed_form(value):
    with pytest.raises(ValueError, match="missing value"):
        printed.pct(value)


def test_unknown_format_is_named():
    with pytest.raises(ValueError, match="unknown format 'roman'"):
        printed.format_as("roman", 4)
