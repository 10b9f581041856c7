"""Each page with code runs top to bottom as a plain notebook from a fresh
clone, and the chapter stops, naming the claim, when the data drift."""

from __future__ import annotations

import shutil
import time

import pandas as pd
import pytest
from nbclient.exceptions import CellExecutionError

from kzedition import notebook_export
from kzedition.paths import DATA, ROOT


@pytest.mark.parametrize("page", notebook_export.NOTEBOOK_PAGES)
def test_page_runs_as_a_plain_notebook(page):
    start = time.perf_counter()
    executed = notebook_export.execute(ROOT / page)
    elapsed = time.perf_counter() - start
    errors = [
        o
        for c in executed.cells
        if c.cell_type == "code"
        for o in c.get("outputs", [])
        if o.output_type == "error"
    ]
    assert errors == []
    print(f"{page}: executed in {elapsed:.1f} s")


def test_changing_one_vote_count_stops_the_chapter_and_names_the_claim(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    candidates = data / "elections_candidates.csv"
    frame = pd.read_csv(candidates, dtype=str, keep_default_na=False)
    row = frame.index[
        (frame["election_date"] == "2011-04-03") & (frame["candidate"] == "Nursultan Nazarbayev")
    ][0]
    frame.loc[row, "votes"] = "7000000"
    frame.to_csv(candidates, index=False)
    with pytest.raises(CellExecutionError) as failure:
        notebook_export.execute(
            ROOT / "chapters/kazakhstan.md", env={"KZEDITION_DATAPACKAGE": str(data / "datapackage.json")}
        )
    message = str(failure.value)
    assert "ClaimDrift" in message
    assert "share_2011" in message and "95.55%" in message
    assert "elections_candidates.csv" in message and "rows 13, 14, 15, 16" in message


def _with_2011_counts(tmp_path, **counts) -> dict:
    """A copy of data/ with 2011 counts written into elections_summary.csv, as a student would."""
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    summary = data / "elections_summary.csv"
    frame = pd.read_csv(summary, dtype=str, keep_default_na=False)
    row = frame.index[frame["election_date"] == "2011-04-03"][0]
    for column, value in counts.items():
        frame.loc[row, column] = str(value)
    frame.to_csv(summary, index=False)
    return {"KZEDITION_DATAPACKAGE": str(data / "datapackage.json")}


def _outputs(notebook) -> str:
    return "\n".join(
        o.get("text", "") + o.get("data", {}).get("text/plain", "")
        for c in notebook.cells
        if c.cell_type == "code"
        for o in c.get("outputs", [])
    )


def test_the_missing_2011_counts_give_one_sentence_not_an_error():
    executed = notebook_export.execute(ROOT / "chapters/kazakhstan.md")
    assert (
        "The 89.98% is the official figure and cannot be recomputed: no source we hold gives "
        "the 2011 count of registered voters or of ballots cast."
    ) in _outputs(executed)


def test_registered_voters_alone_say_which_count_is_still_missing(tmp_path):
    executed = notebook_export.execute(
        ROOT / "chapters/kazakhstan.md", env=_with_2011_counts(tmp_path, registered_voters=9100000)
    )
    assert "no source we hold gives the 2011 count of ballots cast." in _outputs(executed)


def test_supplied_counts_give_the_turnout_and_the_ledger_checks_it(tmp_path):
    # counts consistent with the official 89.98%: the chapter recomputes it
    executed = notebook_export.execute(
        ROOT / "chapters/kazakhstan.md",
        env=_with_2011_counts(tmp_path / "a", registered_voters=9176000, ballots_cast=8256565),
    )
    assert "Recomputed from the counts in data/elections_summary.csv, turnout is 89.98%." in _outputs(
        executed
    )
    # counts that give another turnout: the chapter stops, naming the claim
    with pytest.raises(CellExecutionError) as failure:
        notebook_export.execute(
            ROOT / "chapters/kazakhstan.md",
            env=_with_2011_counts(tmp_path / "b", registered_voters=9100000, ballots_cast=8256565),
        )
    message = str(failure.value)
    assert "ClaimDrift" in message and "turnout_2011" in message and "'90.73%'" in message


def test_every_paragraph_with_numbers_follows_an_output_that_shows_them():
    """In plain Jupyter the prose carries the values written in when the
    notebook was made; the cell above each paragraph shows the values it
    uses (paste's table), so a student who changes the data sees the new
    ones right above the paragraph."""
    import re

    import jupytext
    from test_launch import pasted_values

    source = ROOT / "chapters/kazakhstan.md"
    executed = notebook_export.execute(source)
    assert "edition-setup" in executed.cells[0].metadata["tags"]
    shown: set[str] = set()
    checked = 0
    for cell, myst in zip(executed.cells[1:], jupytext.read(source).cells, strict=True):
        if cell.cell_type == "code":
            names = set(
                pasted_values([o.get("data", {}).get("text/html", "") for o in cell.get("outputs", [])])
            )
            if names:
                shown = names
            continue
        assert "{glue" not in cell.source
        used = set(re.findall(r"\{glue:text\}`([^`]+)`", myst.source))
        if used:
            checked += 1
            assert used <= shown, f"{sorted(used - shown)} not shown above: {myst.source[:80]!r}"
            shown = set()  # the next paragraph needs its own output
    assert checked >= 10
