"""The claims ledger: at least 20 claims, each tied to a sentence of the
report, each with its expected status; drift is detected and named."""

from __future__ import annotations

import pandas as pd
import pytest

from kzedition import analysis, claims, data, text


@pytest.fixture(scope="module")
def frames():
    return data.load_all()


@pytest.fixture(scope="module")
def ledger(frames):
    return claims.evaluate(frames)


def test_ledger_covers_at_least_twenty_claims_with_all_statuses(ledger):
    assert len(ledger) >= 20
    assert len({r.claim.id for r in ledger}) == len(ledger)
    assert {r.status for r in ledger} == {claims.REPRODUCED, claims.REPORTED, claims.DISCREPANCY}


def test_every_claim_quotes_the_report(ledger):
    chapter = text.strip_marks(" ".join(t for _, t in text.reading_text()["chapter"].blocks))
    for r in ledger:
        assert r.claim.sentence in chapter, f"{r.claim.id}: sentence not in the report"
        assert r.claim.printed in r.claim.sentence, f"{r.claim.id}: printed value not in its sentence"


def test_current_data_match_the_print(ledger):
    claims.check(ledger)


def test_key_figures_are_recomputed(ledger):
    by_id = {r.claim.id: r for r in ledger}
    assert by_id["share_2011"].status == claims.REPRODUCED
    assert by_id["share_2011"].value == pytest.approx(95.5526, abs=1e-4)
    assert by_id["share_2005"].text == "91%"
    assert by_id["turnout_2011"].status == claims.REPORTED
    assert by_id["population_2011"].status == claims.DISCREPANCY


def test_one_changed_vote_count_is_named(frames):
    changed = dict(frames)
    votes = frames["elections_candidates"].copy()
    row = votes.index[(votes["election_date"] == pd.Timestamp("2011-04-03"))
                      & (votes["candidate"] == "Mels Yeleusizov")][0]
    votes.loc[row, "votes"] = 500000
    changed["elections_candidates"] = votes
    with pytest.raises(claims.ClaimDrift, match=r"share_2011.*95\.55%.*elections_candidates\.csv, rows 13, 14, 15, 16"):
        claims.check(claims.evaluate(changed))


def test_a_changed_reported_figure_is_named(frames):
    changed = dict(frames)
    counts = frames["internet_counts"].copy()
    counts.loc[counts["claim_id"] == "subscribers_2004", "value"] = 230000
    changed["internet_counts"] = counts
    with pytest.raises(claims.ClaimDrift, match=r"subscribers_2004.*'203,000'.*'230,000'.*internet_counts\.csv, row 2"):
        claims.check(claims.evaluate(changed))


def test_prose_gets_only_values_that_render_as_printed(ledger):
    values = claims.prose_values(ledger)
    assert "population_2011" not in values and "age_2011" not in values
    assert values["share_2011"] == "95.55%" and values["subscribers_2009"] == "756,500"


def test_ledger_html_has_an_anchor_per_claim(ledger):
    html = claims.ledger_html(ledger)
    for r in ledger:
        assert f'id="claim-{r.claim.id}"' in html


def test_edition_figures(frames):
    figures = analysis.all_figures(frames)
    assert figures["growth_factor"].text == "3.73"
    assert figures["growth_cagr"].text == "30.1%"
    assert figures["users_2011_of_printed_population"].text == "25.9%"
    assert figures["turnout_1991"].text == "88.23%"
    assert figures["share_2011_max_gap"].value == 0
    lo, hi = figures["electorate_2011_low"].value, figures["electorate_2011_high"].value
    assert 9.1e6 < lo < hi < 9.2e6
    assert figures["elbasy_days"].value == 71
