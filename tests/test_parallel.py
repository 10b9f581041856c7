"""The suite in parallel (``tests/conftest.py``): what the workers make once and share."""

from __future__ import annotations

import threading
import time

import conftest
import pytest


@pytest.fixture
def as_worker(tmp_path, monkeypatch):
    """Calls made as a pytest-xdist worker of a run whose shared folder is ``tmp_path``."""
    monkeypatch.setattr(conftest, "XDIST_WORKER", "gw0")
    monkeypatch.setenv(conftest.SHARED_ENV, str(tmp_path))
    return tmp_path


def test_the_first_caller_makes_it_and_the_others_wait_for_its_result(as_worker):
    calls = []

    def make() -> dict:
        calls.append(threading.get_ident())
        time.sleep(0.3)  # the others ask while it is being made
        return {"returncode": 0, "log": "built"}

    results = []
    threads = [
        threading.Thread(target=lambda: results.append(conftest.once_per_run("thing", make)))
        for _ in range(3)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(calls) == 1
    assert results == [{"returncode": 0, "log": "built"}] * 3
    assert conftest.once_per_run("thing", make) == results[0] and len(calls) == 1  # later callers too


def test_a_failure_is_a_failure_for_every_caller(as_worker):
    def make() -> dict:
        raise RuntimeError("no book today")

    for _ in range(2):
        with pytest.raises(pytest.fail.Exception, match="no book today"):
            conftest.once_per_run("broken", make)


def test_without_workers_it_is_just_made(monkeypatch):
    monkeypatch.setattr(conftest, "XDIST_WORKER", None)
    made = []
    assert conftest.once_per_run("x", lambda: made.append(1) or {"n": len(made)}) == {"n": 1}
    assert conftest.once_per_run("x", lambda: made.append(1) or {"n": len(made)}) == {"n": 2}


def test_the_long_modules_handed_out_first_exist():
    """A renamed or split module must be renamed in ``LONG_FIRST`` too, or it would start last again."""
    missing = [name for name in conftest.LONG_FIRST if not (conftest.ROOT / name).is_file()]
    assert missing == [], f"conftest.LONG_FIRST names modules that are gone: {missing}"


def test_a_worker_orders_the_long_modules_first_and_keeps_each_modules_order(monkeypatch):
    monkeypatch.setattr(conftest, "XDIST_WORKER", "gw0")
    names = ["tests/test_a.py::t1", "tests/test_a.py::t2", conftest.LONG_FIRST[1] + "::x"]
    names += [
        "tests/test_b.py::t1",
        "tests/test_b.py::t2",
        "tests/test_b.py::t3",
        conftest.LONG_FIRST[0] + "::y",
    ]
    items = [type("Item", (), {"nodeid": name})() for name in names]
    conftest.pytest_collection_modifyitems(None, items)
    assert [i.nodeid for i in items] == [
        conftest.LONG_FIRST[0] + "::y",
        conftest.LONG_FIRST[1] + "::x",
        "tests/test_b.py::t1",
        "tests/test_b.py::t2",
        "tests/test_b.py::t3",
        "tests/test_a.py::t1",
        "tests/test_a.py::t2",
    ]
