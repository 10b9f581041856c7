"""Check the restored Russian titles against the garbled text of the PDF extract."""

import re
from pathlib import Path

import pytest

from kzedition.russian_titles import (
    UNKNOWN,
    clean,
    encode_subsets,
    encode_titles,
    load_titles,
    source_run,
    unknown_glyphs,
)

ROOT = Path(__file__).resolve().parents[1]
SOURCE = (ROOT / "text" / "giswatch2011-kazakhstan.txt").read_text(encoding="utf-8")
ENTRIES = load_titles(ROOT / "text" / "russian-titles.yml")
IDS = [f"fn{e['footnote']}" for e in ENTRIES]


def test_six_footnotes_in_three_subsets():
    assert [e["footnote"] for e in ENTRIES] == [2, 3, 4, 7, 10, 11]
    assert {e["footnote"]: e["subset"] for e in ENTRIES} == {2: "A", 3: "A", 4: "A", 7: "B", 10: "C", 11: "C"}


@pytest.mark.parametrize("entry", ENTRIES, ids=IDS)
def test_garbled_string_is_in_source(entry):
    first, last = entry["source_lines"]
    run = source_run(SOURCE, first, last)
    assert entry["garbled"] in run
    # the footnote starts on the first line of its run
    assert SOURCE.splitlines()[first - 1].startswith(f"{entry['footnote']} ")


@pytest.mark.parametrize("entry", ENTRIES, ids=IDS)
def test_reencoding_reproduces_garbled(entry):
    assert encode_subsets(ENTRIES)[entry["footnote"]] == entry["garbled"]


def test_each_subset_starts_at_exclamation_mark():
    for subset in {e["subset"] for e in ENTRIES}:
        first = min((e for e in ENTRIES if e["subset"] == subset), key=lambda e: e["footnote"])
        assert first["garbled"].lstrip(" ").startswith("!")


def test_altering_one_letter_changes_encoding():
    changed = [dict(e) for e in ENTRIES]
    fn2 = changed[0]
    fn2["printed"] = fn2["printed"].replace("превысило", "превысила")
    assert encode_subsets(changed)[2] != ENTRIES[0]["garbled"]


def test_swapping_case_changes_encoding():
    # capital and small letters are distinct glyphs
    fn4 = next(e for e in ENTRIES if e["footnote"] == 4)
    a_group = [e["printed"] for e in ENTRIES if e["subset"] == "A"]
    a_group[2] = fn4["printed"].replace("Интернет", "интернет")
    assert encode_titles(a_group)[2] != fn4["garbled"]


def test_document_order_matters():
    fn3 = next(e for e in ENTRIES if e["footnote"] == 3)
    assert encode_titles([fn3["printed"]])[0] != fn3["garbled"]


@pytest.mark.parametrize("entry", ENTRIES, ids=IDS)
def test_russian_title_is_cyrillic(entry):
    russian = entry["russian"]
    assert russian and russian == clean(entry["printed"])
    letters = [c for c in russian if c.isalpha()]
    assert letters and all("\u0400" <= c <= "\u04ff" for c in letters)


@pytest.mark.parametrize("entry", ENTRIES, ids=IDS)
def test_english_crib_is_in_source(entry):
    flat = re.sub(r"\s+", " ", SOURCE)
    assert entry["english"] and f"({entry['english']})" in flat


def test_unknown_glyphs_are_reported():
    assert unknown_glyphs(ENTRIES) == [
        (10, next(e for e in ENTRIES if e["footnote"] == 10)["printed"].index(UNKNOWN))
    ]
