"""Unit tests of the pure calculations (kzedition.calc)."""

from datetime import date

import pytest

from kzedition import calc


def test_vote_shares_are_over_the_sum_of_votes():
    shares = calc.vote_shares({"a": 7850958, "b": 159036, "c": 111924, "d": 94452})
    assert round(shares["a"], 2) == 95.55
    assert sum(shares.values()) == pytest.approx(100)


def test_turnout_from_counts():
    assert round(calc.turnout(8788726, 9961242), 1) == 88.2
    with pytest.raises(ValueError, match="exceed"):
        calc.turnout(10, 9)


def test_growth_and_compound_rate():
    assert calc.growth_factor(203000, 756500) == pytest.approx(3.7266, abs=1e-4)
    assert calc.cagr(100, 200, 1) == pytest.approx(100)
    assert calc.cagr(203000, 756500, 5) == pytest.approx(30.0956, abs=1e-3)


@pytest.mark.parametrize("call", [
    lambda: calc.percent(1, 0), lambda: calc.percent(-1, 5), lambda: calc.ratio(1, 0),
    lambda: calc.cagr(0, 5, 1), lambda: calc.cagr(1, 5, 0),
])
def test_meaningless_inputs_raise(call):
    with pytest.raises(ValueError):
        call()


def test_days_and_rate_count_both_ends():
    assert calc.days_between(date(2011, 3, 3), date(2011, 5, 12)) == 71
    assert calc.per_day(71, date(2011, 3, 3), date(2011, 5, 12)) == 1
    with pytest.raises(ValueError):
        calc.days_between(date(2011, 5, 12), date(2011, 3, 3))


def test_electorate_interval_brackets_the_rounded_inputs():
    lo, hi = calc.electorate_interval(7709159, 1, 84, 1)
    assert lo < 7709159 / 0.84 < hi
    assert lo == pytest.approx(7709158.5 / 0.845)
    assert hi == pytest.approx(7709159.5 / 0.835)


def test_intersect():
    assert calc.intersect([(1, 5), (3, 8), (4, 6)]) == (4, 5)
    assert calc.intersect([(1, 2), (3, 4)]) is None
