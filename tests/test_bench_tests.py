"""``make bench-tests`` writes its section of BENCHMARKS.md, and ``make bench`` keeps it."""

import pytest

from tools import bench_tests

BENCH = "# Benchmarks\n\n## Machine\n\ncores: 2\n\n## Build times\n\n19 s\n"
SUITE = "## Test suite\n\n| run | wall time |\n|---|--:|\n| `pytest -n 3` | 400 s |\n"


def test_the_section_is_added_then_replaced_in_place_of_the_old_one():
    once = bench_tests.keep_section(SUITE, BENCH)
    assert once == BENCH + "\n" + SUITE
    newer = SUITE.replace("400 s", "380 s")
    twice = bench_tests.keep_section(newer, once)
    assert twice == BENCH + "\n" + newer and twice.count("## Test suite") == 1


def test_a_rewritten_report_keeps_the_section_wherever_it_stood():
    old = "# Benchmarks\n\n" + SUITE + "\n## Machine\n\ncores: 2\n"
    assert bench_tests.keep_section(old, BENCH) == BENCH + "\n" + SUITE
    assert bench_tests.keep_section(BENCH, BENCH) == BENCH  # no section: the report as it is


def test_the_section_names_each_run_and_its_load():
    run = {"workers": 3, "wall": 401.4, "summary": "585 passed in 399.00s", "returncode": 0}
    text = bench_tests.section([run | {"load_before": "4.0 3.0 2.0", "load_after": "5.0 4.0 3.0"}], cpus=2)
    assert text.startswith("## Test suite\n") and "on 2 cores" in text
    assert (
        "| `pytest -n 3 --dist loadscope` | 401 s | 585 passed in 399.00s | 4.0 3.0 2.0 | 5.0 4.0 3.0 |"
        in text
    )


@pytest.mark.parametrize(
    "line",
    [
        "===== 1 failed, 584 passed, 2 warnings in 412.31s (0:06:52) =====",
        "1 failed, 584 passed, 2 warnings in 412.31s (0:06:52)",  # pytest -q
    ],
)
def test_pytests_summary_line_is_found(line):
    out = f"....\n[100%]\n{line}\n"
    assert bench_tests.SUMMARY.findall(out) == ["1 failed, 584 passed, 2 warnings in 412.31s (0:06:52)"]
