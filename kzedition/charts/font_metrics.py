"""Phone layouts, part 0: the advance widths of the font the charts are drawn with.

The charts ask for :data:`kzedition.charts.style.FONT` (``system-ui``, then
the usual platform fonts). Debian's chromium, which draws the pages in the
tests and the static figures (kaleido), resolves it to DejaVu Sans, the file
:data:`FONT_FILE` of Debian's ``fonts-dejavu-core`` (seen with the DevTools
protocol's ``CSS.getPlatformFontsForNode``; ``tests/test_chart_text.py``
checks it and measures labels drawn there against :func:`advance`). DejaVu
Sans is also among the widest fonts a reader's ``system-ui`` falls back to
(Roboto and San Francisco are narrower), so a label wrapped to fit with its
widths fits with theirs.

The widths come from the font file's own ``cmap`` (character -> glyph) and
``hmtx`` (glyph -> advance), read with fontTools, and are kept in
:data:`METRICS` (``dejavu-sans-advances.json``, beside this module): the
page's own Python (Pyodide) has neither fontTools nor the font, and must
lay charts out as the build does. ``python -m tools.font_metrics`` writes
the file from the font (``make figures`` runs it first).
:func:`advances` reads it once per process.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path

__all__ = ["FONT_FILE", "METRICS", "advance", "advances"]

#: DejaVu Sans Book as Debian's ``fonts-dejavu-core`` installs it.
FONT_FILE = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
#: The advance widths read from :data:`FONT_FILE`, for the runtime (no fontTools needed).
METRICS = Path(__file__).with_name("dejavu-sans-advances.json")


@functools.cache
def advances() -> tuple[dict[int, int], int]:
    """Advance (font units) by code point, and the font's units per em, from :data:`METRICS`."""
    table = json.loads(METRICS.read_text(encoding="utf-8"))
    widths = {code: width for first, last, width in table["runs"] for code in range(first, last + 1)}
    return widths, table["units_per_em"]


@functools.cache
def advance(char: str) -> float:
    """The advance of ``char``, in em. A character the font lacks counts as 1 em.

    The browser draws such a character from another font; 1 em is as wide
    as the widest of them (a CJK ideograph), so the label still fits.
    """
    widths, units_per_em = advances()
    return widths.get(ord(char), units_per_em) / units_per_em
