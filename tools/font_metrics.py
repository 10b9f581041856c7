"""Write ``kzedition/charts/dejavu-sans-advances.json`` from the font file, with fontTools.

``python -m tools.font_metrics`` (``make figures`` runs it first) reads the
``cmap`` and ``hmtx`` tables of :data:`kzedition.charts.font_metrics.FONT_FILE`
(DejaVu Sans, the font Debian's chromium draws the charts with) and writes
:data:`kzedition.charts.font_metrics.METRICS`, which the phone layouts
measure labels with; ``--check`` only says whether the file still matches
the font.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

from fontTools.ttLib import TTFont

from kzedition.charts.font_metrics import FONT_FILE, METRICS

__all__ = ["main", "read_font", "write_metrics"]


def read_font(path: Path = FONT_FILE) -> dict:
    """The advance widths of every character ``path`` maps, as :data:`METRICS` stores them.

    ``runs`` are ``[first, last, advance]``: the characters ``first`` to
    ``last`` (code points, consecutive, all mapped) share ``advance`` (font
    units; ``units_per_em`` of them make an em).
    """
    if not path.is_file():
        raise FileNotFoundError(
            f"{path} is missing: the charts' text widths are read from DejaVu Sans "
            "(install Debian's fonts-dejavu-core)"
        )
    with TTFont(path) as font:
        glyphs = font.getBestCmap()
        metrics = font["hmtx"].metrics
        runs: list[list[int]] = []
        for code in sorted(glyphs):
            width = metrics[glyphs[code]][0]
            if runs and runs[-1][1] == code - 1 and runs[-1][2] == width:
                runs[-1][1] = code
            else:
                runs.append([code, code, width])
        return {
            "font": font["name"].getDebugName(4),
            "version": font["name"].getDebugName(5),
            "file": str(path),
            "sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
            "units_per_em": font["head"].unitsPerEm,
            "runs": runs,
        }


def write_metrics(path: Path = METRICS, font: Path = FONT_FILE) -> Path:
    """Write :data:`METRICS` from the font file (one run per line, so that a change reads as a diff)."""
    table = read_font(font)
    head = json.dumps({k: v for k, v in table.items() if k != "runs"}, indent=1)[:-2]
    runs = ",\n  ".join(json.dumps(run) for run in table["runs"])
    path.write_text(f'{head},\n "runs": [\n  {runs}\n ]\n}}\n', encoding="utf-8")
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.font_metrics", description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only check that the file matches the font")
    args = parser.parse_args(argv)
    if args.check:
        stale = json.loads(METRICS.read_text(encoding="utf-8")) != read_font()
        print(f"{METRICS.name}: {'stale, run make figures' if stale else 'matches'} {FONT_FILE}")
        return 1 if stale else 0
    print(f"wrote {write_metrics()} from {FONT_FILE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
