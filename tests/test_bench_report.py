"""``make bench``'s report: rendered from its templates, in the shape BENCHMARKS.md has.

The measurements here are made up (no build, no browser); what is checked
is the text around them: every heading, table head and sentence of the
committed BENCHMARKS.md that the report writes comes out of the templates
the same, and the cells are where the heads say.
"""

from __future__ import annotations

import re

from kzedition.paths import ROOT
from tools import bench_report
from tools.bench_lighthouse import LIGHTHOUSE_PAGES
from tools.bench_measure import CHAPTER, KINDS, LANDING, MIB, Load

PAGES = [CHAPTER, LANDING, "chapters/dedication.html", "search.html"]


def load(path: str, size: int, plotly: bool = False) -> Load:
    made = Load(path)
    for i, kind in enumerate(KINDS):
        made.responses.append((f"/{path}.{i}", kind, size * (i + 1), size * (i + 1) // 3, i % 2 == 0))
    if plotly:
        made.responses.append(("/_static/plotly-basic.min.js?v=1", "js", 1_200_000, 400_000, True))
    return made


def lighthouse_run(score: int, findings: list[str]) -> dict:
    return {
        "performance": score,
        "accessibility": 100,
        "best-practices": 100,
        "FCP": 2000.0,
        "LCP": 2100.0 + score,
        "TBT": 0.0,
        "CLS": 0.002,
        "findings": findings,
    }


def measurements() -> tuple:
    first = {p: load(p, 10_000, p == CHAPTER) for p in PAGES}
    pairs = [(CHAPTER, p) for p in PAGES if p != CHAPTER] + [(LANDING, CHAPTER)]
    second = {pair: load(pair[1], 2_000, pair[1] == CHAPTER) for pair in pairs}
    base_first = {p: load(p, 40_000, p == CHAPTER) for p in PAGES}
    base_second = {pair: load(pair[1], 3_000) for pair in pairs}
    builds = {"edition cold": [19.0, 19.4], "edition cached": [3.0, 3.6], "baseline cold": [17.9]}
    cells = [("index.md", 0.76, 1.78), ("chapters/kazakhstan.md", 1.20, 2.30)]
    environments = {name: (481 * MIB, 39.0) for name in bench_report.ENVIRONMENTS}
    ours = [p for _kind, p, _stock in LIGHTHOUSE_PAGES]
    theirs = [p for _kind, _ours, p in LIGHTHOUSE_PAGES]
    views = {p: load(p, 5_000) for p in ours}
    stock_views = {p: load(p, 50_000) for p in theirs}
    lh = {p: [lighthouse_run(s, []) for s in (96, 97, 98)] for p in ours}
    stock_lh = {p: [lighthouse_run(65, ["best-practices: errors-in-console"])] * 3 for p in theirs}
    info = {"cores": "2", "load average at start": "1.0 1.0 1.0", "load average at end": "2.0 2.0 2.0"}
    lighter = (views, stock_views, lh, stock_lh)
    return info, first, second, base_first, base_second, builds, cells, 2, environments, lighter


def fixed_lines(text: str) -> list[str]:
    """The lines a report writes whatever was measured: headings, table heads, the prose."""
    return [
        line
        for line in text.splitlines()
        if line.startswith("#") or line.startswith("|---") or line.startswith("| target |")
    ]


def test_the_report_has_the_headings_and_table_heads_of_benchmarks_md():
    text = bench_report.report(*measurements())
    committed = (ROOT / "BENCHMARKS.md").read_text(encoding="utf-8")
    # the sections the Run control's measure and make bench-tests add after the report
    for section in ("\n## In-page Python (the Run control)\n", "\n## Test suite\n"):
        committed = committed.split(section, 1)[0]
    assert fixed_lines(text) == fixed_lines(committed)
    heads = [line for line in text.splitlines() if line.startswith("| ") and "|---" not in line]
    for head in ("| page | raw | gzip | html (gzip) |", "| first → second | new raw |", "| build | min |"):
        assert any(line.startswith(head) for line in heads), head
        assert any(line.startswith(head) for line in committed.splitlines()), head
    assert text.endswith(".\n") and not text.endswith("\n\n")


def test_every_table_row_has_as_many_cells_as_its_head():
    for text in (
        bench_report.report(*measurements()),
        bench_report.quick_report(*measurements()[:1], *measurements()[-1]),
    ):
        for table in re.findall(r"(?:^\|.*\|\n)+", text, re.M):
            widths = {row.count(" | ") for row in table.splitlines() if not row.startswith("|---")}
            heads = table.splitlines()[1].count("|") - 1
            assert widths == {heads - 1} or table.startswith("| | |"), table


def test_the_verdicts_follow_the_targets():
    text = bench_report.report(*measurements())
    assert (
        "| chapter page, first load, gzip ≤ 1 MiB (all its charts) | 439 KiB (1,318 KiB raw) | "
        "586 KiB (1,758 KiB raw) | met |" in text
    )
    assert "| cached rebuild ≤ 1/5 of the cold build | 3.3 s / 19.2 s = 0.17 | – | met |" in text
    assert (
        "| Lighthouse mobile performance, median of 3, ≥ 95: text page (`chapters/dedication.html`) | "
        "97 (96–98) | 65 | met |" in text
    )
    assert "- stock Jupyter Book, `markdown.html`: `best-practices: errors-in-console`" in text
    assert "- edition, `index.html`: none" in text


def test_the_quick_report_is_the_first_view_and_lighthouse_only():
    info, *_rest, lighter = measurements()
    text = bench_report.quick_report(info, *lighter)
    headings = [line for line in text.splitlines() if line.startswith("#")]
    assert headings == [
        "# Benchmarks (quick: first view and Lighthouse only)",
        "## Machine",
        "## Targets",
        "## First view and Lighthouse, beside a stock Jupyter Book 1 book",
    ]
    assert text.endswith("\n") and not text.endswith("\n\n")
