"""The phone layout's text measure on its own: the font's advance widths, text widths, wrapping.

:mod:`kzedition.charts.font_metrics` keeps DejaVu Sans's advance widths (read
from the font file with fontTools); :func:`kzedition.charts.text_width` adds
them up and :func:`kzedition.charts.rewrap` breaks labels with it. The
advances below are those of DejaVu Sans 2.37 (2048 units per em), as its
``hmtx`` table gives them. The browser test checks that Debian's chromium
draws the charts' font family with that very font, at those widths.
"""

from __future__ import annotations

import json

import pytest

from kzedition import charts
from kzedition.charts import font_metrics
from kzedition.charts.style import FONT
from tools import font_metrics as font_file

#: DejaVu Sans 2.37: advance widths in font units (2048 per em) from its ``hmtx`` table.
KNOWN_ADVANCES = {" ": 651, "i": 569, "l": 569, "W": 2025, "M": 1767, "0": 1303, "a": 1255, ",": 651}
UNITS_PER_EM = 2048


# --- the font's advances ------------------------------------------------------


def test_the_stored_advances_are_the_font_files_own():
    """The committed table matches the font file on this machine (``make figures`` rewrites it)."""
    assert json.loads(font_metrics.METRICS.read_text(encoding="utf-8")) == font_file.read_font(), (
        f"{font_metrics.METRICS.name} is stale: run `make figures`"
    )


@pytest.mark.parametrize("char", KNOWN_ADVANCES)
def test_advance_is_dejavu_sans_hmtx_width(char):
    assert font_metrics.advance(char) == KNOWN_ADVANCES[char] / UNITS_PER_EM


def test_a_character_the_font_lacks_counts_as_one_em():
    assert font_metrics.advance("中") == 1.0  # a CJK ideograph: DejaVu Sans has none


# --- text_width -------------------------------------------------------------------


def test_text_width_adds_up_the_advances_at_the_font_size():
    assert charts.text_width("Wail", 13) == pytest.approx((2025 + 1255 + 569 + 569) / UNITS_PER_EM * 13)
    assert charts.text_width("M", 20) == pytest.approx(1767 / UNITS_PER_EM * 20)
    assert charts.text_width("") == 0


def test_text_width_tells_narrow_letters_from_capitals():
    """Same length, not the same width: the measure the old 0.6 em per character could not take."""
    assert charts.text_width("WWWW") > 3 * charts.text_width("iiii")
    assert charts.text_width("iiii") == pytest.approx(4 * 569 / UNITS_PER_EM * charts.NARROW_FONT)


def test_text_width_is_the_longest_line_without_tags():
    assert charts.text_width("ii<br>WW<br/>i") == charts.text_width("WW")
    assert charts.text_width("<b>WW</b>") == charts.text_width("WW")


# --- rewrap -------------------------------------------------------------------------


def test_rewrap_fits_every_line_by_its_measured_width():
    text = "Subscribers to Alga's YouTube channel and members of a boycott community"
    for width in (120, 180, 250):
        lines = charts.rewrap(text, width).split("<br>")
        assert " ".join(lines) == text
        assert all(charts.text_width(line) <= width for line in lines), (width, lines)


def test_rewrap_never_breaks_at_a_no_break_space():
    """Russian numbers keep their no-break spaces (``4,7 млн``, ``756 500``): one word each."""
    for text in ("4,7\u00a0млн", "756\u00a0500", "95,55\u00a0%"):
        assert charts.rewrap(text, 10) == text
    assert charts.rewrap("Голоса: 7\u00a0850\u00a0958", 60) == "Голоса:<br>7\u00a0850\u00a0958"


def test_rewrap_breaks_by_width_not_by_characters():
    """Narrow letters fit more per line than capitals: 24 characters each, not the same lines."""
    narrow_letters, capitals = "iii lll iii lll iii lll", "WWW MMM WWW MMM WWW MMM"
    width = charts.text_width("iii lll iii lll")
    assert charts.rewrap(narrow_letters, width).count("<br>") == 1
    assert charts.rewrap(capitals, width).count("<br>") >= 3


def test_rewrap_takes_the_narrowest_wrap_of_the_fewest_lines():
    assert charts.rewrap("Period of the chapter", 130) == "Period of<br>the chapter"
    assert charts.rewrap("a b c d", charts.text_width("a b c") + 0.5) == "a b<br>c d"


def test_rewrap_keeps_a_long_word_whole_and_drops_old_breaks():
    assert (
        charts.rewrap("elbasy.net:<br>4,300,000 signatures", 30) == "elbasy.net:<br>4,300,000<br>signatures"
    )
    assert charts.rewrap("Incumbent's<br>share", 400) == "Incumbent's share"
    assert charts.rewrap("", 100) == ""


# --- the font the browser draws with -------------------------------------------------

LABELS = ("Online campaigns against the referendum drive", "WWW MMM", "iiii llll", "4,300,000 (62.31%)")


@pytest.mark.browser
def test_chromium_draws_the_charts_font_with_dejavu_sans_at_its_advance_widths(browser):
    """The family of :data:`FONT` resolves to DejaVu Sans, and labels are as wide as measured."""
    page = browser.new_page()
    try:
        family = FONT.replace('"', "'")
        page.set_content(
            "".join(
                f'<svg width="900" height="30"><text id="t{n}" x="0" y="20" '
                f'style="font-family: {family}; font-size: 13px">{label}</text></svg>'
                for n, label in enumerate(LABELS)
            )
        )
        cdp = page.context.new_cdp_session(page)
        cdp.send("DOM.enable")
        cdp.send("CSS.enable")
        root = cdp.send("DOM.getDocument")["root"]["nodeId"]
        for n, label in enumerate(LABELS):
            node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": f"#t{n}"})["nodeId"]
            fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
            assert [f["postScriptName"] for f in fonts] == ["DejaVuSans"], (label, fonts)
            drawn = page.evaluate(f"document.getElementById('t{n}').getComputedTextLength()")
            assert drawn == pytest.approx(charts.text_width(label, 13), rel=0.01), label
    finally:
        page.close()
