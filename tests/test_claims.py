"""The claims ledger (text/claims.yml): at least 20 claims, each tied to a
sentence of the report, each with its expected status; the values are the
ones the chapter's own cells compute, and drift is detected and named."""

from __future__ import annotations

import pandas as pd
import pytest
import yaml

from kzedition import claims, data, printed, prose, reading_text
from kzedition.paths import CLAIMS


@pytest.fixture(scope="module")
def frames():
    return data.load_all()


@pytest.fixture(scope="module")
def values():
    return prose.chapter_values()


@pytest.fixture(scope="module")
def ledger(values, frames):
    return claims.evaluate(values, frames)


def test_ledger_covers_at_least_twenty_claims_with_all_statuses(ledger):
    assert len(ledger) >= 20
    assert len({r.claim.id for r in ledger}) == len(ledger)
    assert {r.status for r in ledger} == {claims.REPRODUCED, claims.REPORTED, claims.DISCREPANCY}


def test_every_claim_quotes_the_report(ledger):
    chapter = reading_text.strip_marks(" ".join(t for _, t in reading_text.reading_text()["chapter"].blocks))
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


def _with_votes(frames, candidate, votes):
    changed = dict(frames)
    table = frames["elections_candidates"].copy()
    row = table.index[
        (table["election_date"] == pd.Timestamp("2011-04-03")) & (table["candidate"] == candidate)
    ][0]
    table.loc[row, "votes"] = votes
    changed["elections_candidates"] = table
    return changed


def test_one_changed_vote_count_is_named(frames):
    changed = _with_votes(frames, "Mels Yeleusizov", 500000)
    votes = changed["elections_candidates"]
    sel = votes[votes["election_date"] == pd.Timestamp("2011-04-03")]
    share = sel.loc[sel["candidate"] == "Nursultan Nazarbayev", "votes"].iloc[0] / sel["votes"].sum() * 100
    with pytest.raises(
        claims.ClaimDrift, match=r"share_2011.*95\.55%.*elections_candidates\.csv, rows 13, 14, 15, 16"
    ):
        claims.check_value("share_2011", share, changed)


def test_a_changed_reported_figure_is_named(frames):
    with pytest.raises(
        claims.ClaimDrift, match=r"subscribers_2004.*'203,000'.*'230,000'.*internet_counts\.csv, row 2"
    ):
        claims.check_value("subscribers_2004", 230000, frames)


def test_rows_that_are_gone_are_named(frames):
    changed = dict(frames)
    changed["elections_candidates"] = frames["elections_candidates"].iloc[0:0]
    with pytest.raises(
        claims.ClaimDrift, match=r"independence_year.*data/elections_candidates\.csv has no row"
    ):
        claims.check_value("independence_year", float("nan"), changed)


def test_a_claim_the_chapter_never_pastes_is_an_error(values, frames):
    partial = {k: v for k, v in values.items() if k != "share_2005"}
    with pytest.raises(claims.ClaimDrift, match="share_2005.*never pastes it"):
        claims.evaluate(partial, frames)


def test_prose_gets_the_chapter_values(values):
    assert printed.pct(values["share_2011"]) == "95.55%"
    assert printed.thousands(values["subscribers_2009"]) == "756,500"
    assert "age_2011" not in values


def test_ledger_html_has_an_anchor_per_claim(ledger):
    html = claims.ledger_html(ledger)
    for r in ledger:
        assert f'id="claim-{r.claim.id}"' in html


def test_edition_figures(values):
    assert values["growth_factor"] == "3.73"
    assert values["growth_cagr"] == "30.1%"
    assert values["users_2011_of_printed_population"] == "25.9%"
    assert values["turnout_1991"] == "88.23%"
    assert values["share_2011_max_gap"] == "0.00"
    lo, hi = (float(values[k].split()[0]) * 1e6 for k in ("electorate_2011_low", "electorate_2011_high"))
    assert 9.1e6 < lo < hi < 9.2e6
    assert values["elbasy_days"] == "71"


@pytest.mark.parametrize(
    "change, message",
    [
        (lambda e: e.pop("printed"), "missing field"),
        (lambda e: e.update(expected="maybe"), "field 'expected': must be one of"),
        (lambda e: e.update(format="roman"), "field 'format': unknown format"),
        (lambda e: e.update(printed="96%"), "field 'printed': '96%' does not stand in its sentence"),
    ],
)
def test_a_malformed_ledger_entry_is_refused_with_its_place(tmp_path, change, message):
    entries = yaml.safe_load(CLAIMS.read_text(encoding="utf-8"))
    change(entries[2])
    broken = tmp_path / "claims.yml"
    broken.write_text(yaml.safe_dump(entries, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ValueError, match=rf"claims\.yml, entry 3 \(users_2009\).*{message}"):
        claims.ledger(broken)
