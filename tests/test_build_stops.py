"""``make book`` on broken and on real-world data, through its own entry point
(``python -m tools.build``): the data are checked before Sphinx starts, a
broken file or a drifted figure stops the build with the cause in its last
lines, the last good site stays whole, and what spreadsheets write builds."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from types import SimpleNamespace

import pytest
from test_data import ACCEPTED, RESOURCES, _append_duplicate, _lines, _rewrite, _set_cell, _write

from kzedition.paths import DATA, ROOT
from tools.build import find_cause

GOOD_SITE = "<!DOCTYPE html><title>the last good site</title>"


@pytest.fixture
def book(tmp_path):
    """A copy of data/ and a build folder holding a 'last good site'; run make book on them."""
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    build_dir = tmp_path / "_build"
    (build_dir / "html").mkdir(parents=True)
    (build_dir / "html" / "index.html").write_text(GOOD_SITE)

    def make_book() -> tuple[int, list[str]]:
        env = {**os.environ, "KZEDITION_DATAPACKAGE": str(data / "datapackage.json")}
        proc = subprocess.run(
            [sys.executable, "-m", "tools.build", "--build-dir", str(build_dir)],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=900,
        )
        lines = (proc.stdout + proc.stderr).rstrip().splitlines()
        return proc.returncode, lines

    return SimpleNamespace(data=data, site=build_dir / "html"), make_book


def csv_of(data, name):
    return data / RESOURCES[name]["path"]


BROKEN = [
    (
        "semicolons",
        "elections_summary",
        lambda p: _rewrite(p, lambda rows: "\n".join(";".join(r) for r in rows).encode()),
        "elections_summary.csv, row 1: the columns are separated by semicolons",
    ),
    (
        "header_only",
        "elections_candidates",
        lambda p: _write(p, _lines(p)[:1]),
        "elections_candidates.csv: the file has its header but no rows",
    ),
    ("empty", "population", lambda p: p.write_text(""), "population.csv, row 1: the file is empty"),
    (
        "foreign_key_to_a_missing_row",
        "elections_candidates",
        lambda p: _set_cell(p, 3, "election_date", "1992-01-01"),
        "elections_candidates.csv, row 3, field 'election_date': foreign key",
    ),
    (
        "duplicate_keys",
        "elections_candidates",
        lambda p: _append_duplicate(p, 2),
        "elections_candidates.csv, row 17: duplicate primary key",
    ),
    (
        "source_not_in_the_bibliography",
        "turnout_reports",
        lambda p: _set_cell(p, 5, "source_key", "cec2012"),
        "turnout_reports.csv, row 5, field 'source_key': \"cec2012\" is not a key of references.bib",
    ),
    (
        "wrong_encoding",
        "elections_summary",
        lambda p: p.write_bytes(p.read_text(encoding="utf-8").encode("latin-1")),
        "elections_summary.csv, row 2: not valid UTF-8",
    ),
]


@pytest.mark.parametrize("case, name, breaker, cause", BROKEN, ids=[b[0] for b in BROKEN])
def test_broken_data_stop_the_build_before_sphinx_with_the_cause_last(book, case, name, breaker, cause):
    paths, make_book = book
    breaker(csv_of(paths.data, name))
    status, lines = make_book()
    assert status != 0
    last = "\n".join(lines[-3:])
    assert lines[-3].startswith("Build stopped: ") and cause in lines[-3], last
    assert "data/README.md" in lines[-2]
    assert "last good site is unchanged" in lines[-1]
    assert not any("Running Sphinx" in line for line in lines), "Sphinx started on broken data"
    assert (paths.site / "index.html").read_text() == GOOD_SITE


def test_invalid_json_in_the_descriptor_stops_the_build(book):
    paths, make_book = book
    descriptor = paths.data / "datapackage.json"
    descriptor.write_text(descriptor.read_text(encoding="utf-8")[:-20])
    status, lines = make_book()
    assert status != 0 and "datapackage.json: the descriptor is not valid JSON" in lines[-3]


@pytest.mark.build
def test_a_value_that_breaks_a_printed_claim_stops_the_build_naming_the_claim(book):
    paths, make_book = book
    candidates = csv_of(paths.data, "elections_candidates")
    row = next(
        i
        for i, line in enumerate(_lines(candidates), start=1)
        if line.startswith("2011-04-03,Nursultan Nazarbayev")
    )
    _set_cell(candidates, row, "votes", "7000000")
    status, lines = make_book()
    assert status != 0
    stop = next(i for i, line in enumerate(lines) if line.startswith("Build stopped: "))
    block = "\n".join(lines[stop:])
    assert "claim 'share_2011'" in block and "95.55%" in block and "rows 13, 14, 15, 16" in block, block
    assert "text/claims.yml" in block and "last good site is unchanged" in lines[-1]
    assert (paths.site / "index.html").read_text() == GOOD_SITE


@pytest.mark.build
def test_what_spreadsheets_write_builds_the_same_book(book):
    paths, make_book = book
    for _, transform, name in ACCEPTED:
        _rewrite(csv_of(paths.data, name), transform)
    status, lines = make_book()
    assert status == 0, "\n".join(lines[-30:])
    assert lines[-2].startswith("Built: ")
    chapter = (paths.site / "chapters" / "kazakhstan.html").read_text(encoding="utf-8")
    assert "95.55%" in chapter and "30.1%" in chapter and "756,500" in chapter


@pytest.mark.parametrize(
    "log, kind, message",
    [
        (
            'x\nTraceback (most recent call last):\n  File "cell", line 1\nZeroDivisionError: division by zero\n'
            "RuntimeError: Executing notebook failed\n",
            "ZeroDivisionError",
            "division by zero",
        ),
        (
            "kzedition.claims.ClaimDrift: figures no longer match the printed report:\nclaim 'a' (S): ...\n\n"
            "RuntimeError: x\n",
            "ClaimDrift",
            "figures no longer match the printed report:\n  claim 'a' (S): ...",
        ),
        (
            "\x1b[91m/work/x.md:3: WARNING: undefined label: 'nope'\x1b[39;49;00m\n",
            "warning",
            "/work/x.md:3: WARNING: undefined label: 'nope'",
        ),
    ],
)
def test_the_cause_is_found_in_the_log(log, kind, message):
    assert find_cause(log) == (kind, message)
