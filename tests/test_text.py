"""The text is faithful: the built book shows every sentence of the source of
record, in order, once, after the listed repairs only; the same for the 11
footnotes; footnotes link both ways and stand at their reference points."""

from __future__ import annotations

import copy
import difflib

import pytest

from kzedition import reading_text
from tools import page_text

PAGES = {  # part of the source -> (built page, whether its <h1> is the edition's)
    "back_cover": ("chapters/back-cover.html", True),
    "dedication": ("chapters/dedication.html", True),
    "chapter": ("chapters/kazakhstan.html", False),
}


def fidelity_problems(expected: list[str], actual: list[str]) -> list[str]:
    """Differences between source segments and page segments, in words a reader can act on."""
    problems = []
    for op, e0, e1, a0, a1 in difflib.SequenceMatcher(a=expected, b=actual, autojunk=False).get_opcodes():
        if op == "delete":
            problems += [f"dropped: {s!r}" for s in expected[e0:e1]]
        elif op == "insert":
            problems += [
                f"{'duplicated' if s in expected else 'unlisted addition'}: {s!r}" for s in actual[a0:a1]
            ]
        elif op == "replace":
            problems += [
                f"altered: {e!r} -> {a!r}" for e, a in zip(expected[e0:e1], actual[a0:a1], strict=True)
            ]
            problems += [f"dropped: {s!r}" for s in expected[e0 + (a1 - a0) : e1]]
            problems += [f"unlisted addition: {s!r}" for s in actual[a0 + (e1 - e0) : a1]]
    return problems


@pytest.fixture(scope="module")
def parts():
    return reading_text.reading_text()


def test_source_of_record_is_pinned():
    assert reading_text.source_sha256() == reading_text.load_repairs()["source_sha256"], (
        "text/giswatch2011-kazakhstan.txt changed: check every line number in text/repairs.yml, "
        "then update source_sha256"
    )


def test_every_listed_repair_applies(parts):
    kinds = {r.kind for p in parts.values() for r in p.repairs}
    assert {
        "hyphen-join",
        "hyphen-kept",
        "case",
        "split-word",
        "running-head",
        "stray-glyph",
        "url-join",
        "title",
    } <= kinds
    assert sorted(n for p in parts.values() for n in p.footnotes) == list(range(1, 12))


def test_real_hyphens_are_kept_and_breaks_joined(parts):
    chapter = " ".join(t for _, t in parts["chapter"].blocks)
    for word in (
        "post-Soviet",
        "cost-saving",
        "one-party",
        "self-censorship",
        "Russian-based",
        "organisations",
        "analysis",
        "Kazakhstan were",
        "self-promotion",
    ):
        assert word in chapter
    for damage in ("organi-", "a nalysis", "KAZAKHSTAN / 167", "KAZAKHSTAN  /  167", "!"):
        assert damage not in chapter


def test_a_stale_repair_is_an_error(parts):
    repairs = copy.deepcopy(reading_text.load_repairs())
    repairs["replacements"]["chapter"][0]["original"] = "quality a nalysiz"
    with pytest.raises(ValueError, match="quality a nalysiz"):
        reading_text.reading_text(repairs=repairs)


@pytest.mark.parametrize("part", PAGES)
def test_page_has_every_sentence_in_order(site, parts, part):
    page, edition_title = PAGES[part]
    expected = reading_text.segments(parts[part].blocks)
    actual = page_text.page_segments(site / page, drop_title=edition_title)
    problems = fidelity_problems(expected, actual)
    assert not problems, f"{page}:\n" + "\n".join(problems[:20])


def test_fidelity_check_catches_drops_changes_and_duplicates(parts):
    expected = reading_text.segments(parts["chapter"].blocks)
    dropped = expected[:5] + expected[6:]
    altered = expected[:5] + [expected[5].replace("the", "teh", 1)] + expected[6:]  # codespell:ignore teh
    duplicated = expected[:5] + [expected[5]] + expected[5:]
    assert any(p.startswith("dropped") for p in fidelity_problems(expected, dropped))
    assert any(p.startswith("altered") for p in fidelity_problems(expected, altered))
    assert any(p.startswith("duplicated") for p in fidelity_problems(expected, duplicated))
    assert fidelity_problems(expected, list(expected)) == []


def test_footnotes_match_the_source(site, parts):
    notes = page_text.page_footnotes(site / PAGES["chapter"][0])
    assert sorted(notes) == list(range(1, 12))
    for number, source in parts["chapter"].footnotes.items():
        assert notes[number]["text"] == source, f"footnote {number} differs from the source"


def test_footnotes_link_both_ways(site):
    for number, note in page_text.page_footnotes(site / PAGES["chapter"][0]).items():
        assert len(note["referenced_by"]) == 1, f"footnote {number} is referenced {note['referenced_by']}"
        assert note["backlinks"] == note["referenced_by"], f"footnote {number} does not link back"


def test_footnote_urls_are_working_links(site):
    notes = page_text.page_footnotes(site / PAGES["chapter"][0])
    for number in (1, 2, 3, 4, 5, 6, 7, 10, 11):
        links = notes[number]["links"]
        assert len(links) == 1 and links[0].startswith("http://"), f"footnote {number}: {links}"
        assert "&amp;" not in links[0], f"footnote {number}: URL double-escaped: {links[0]}"


def test_footnotes_stand_at_their_reference_points(site):
    contexts = page_text.reference_contexts(site / PAGES["chapter"][0])
    for ref in reading_text.load_repairs()["footnote_refs"]:
        assert contexts[ref["n"]].endswith(ref["anchor"]), (
            f"footnote {ref['n']} should follow {ref['anchor']!r}, follows {contexts[ref['n']]!r}"
        )


def test_page_167_is_marked_where_it_begins(site):
    html = (site / PAGES["chapter"][0]).read_text(encoding="utf-8")
    marker = html.index('id="page-167"')
    after = html[marker : html.index("</span>", marker) + 7 + 60]
    assert "Twitter. Clearly" in after
    start = reading_text.load_repairs()["page_breaks"][0]
    assert reading_text.load_source()[start["line"] - 1].startswith(start["before"])
