"""Each page with code runs top to bottom as a plain notebook from a fresh
clone, and the chapter stops, naming the claim, when the data drift."""

from __future__ import annotations

import shutil
import time

import pandas as pd
import pytest
from nbclient.exceptions import CellExecutionError

from kzedition import notebooks
from kzedition.paths import DATA, ROOT


@pytest.mark.parametrize("page", notebooks.NOTEBOOK_PAGES)
def test_page_runs_as_a_plain_notebook(page):
    start = time.perf_counter()
    executed = notebooks.execute(ROOT / page)
    elapsed = time.perf_counter() - start
    errors = [o for c in executed.cells if c.cell_type == "code"
              for o in c.get("outputs", []) if o.output_type == "error"]
    assert errors == []
    print(f"{page}: executed in {elapsed:.1f} s")


def test_changing_one_vote_count_stops_the_chapter_and_names_the_claim(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    candidates = data / "elections_candidates.csv"
    frame = pd.read_csv(candidates, dtype=str, keep_default_na=False)
    row = frame.index[(frame["election_date"] == "2011-04-03")
                      & (frame["candidate"] == "Nursultan Nazarbayev")][0]
    frame.loc[row, "votes"] = "7000000"
    frame.to_csv(candidates, index=False)
    with pytest.raises(CellExecutionError) as failure:
        notebooks.execute(ROOT / "chapters/kazakhstan.md",
                          env={"KZEDITION_DATAPACKAGE": str(data / "datapackage.json")})
    message = str(failure.value)
    assert "ClaimDrift" in message
    assert "share_2011" in message and "95.55%" in message
    assert "elections_candidates.csv" in message and "rows 13, 14, 15, 16" in message
