"""The book builds strictly: `jupyter-book build -W -n` exits 0 with zero warnings."""

import re


def test_strict_build_succeeds_without_warnings(build):
    warnings = [
        line
        for line in build.log.splitlines()
        if re.search(r"\bWARNING\b|\bERROR\b", line) and "Kernel is running over TCP" not in line
    ]
    assert build.returncode == 0, "strict build failed:\n" + build.log[-4000:]
    assert warnings == []


def test_every_page_of_the_toc_is_built(site):
    for page in (
        "index.html",
        "chapters/back-cover.html",
        "chapters/dedication.html",
        "chapters/kazakhstan.html",
        "chapters/claims.html",
        "chapters/editorial-note.html",
    ):
        assert (site / page).is_file(), page
