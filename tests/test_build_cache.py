"""The build caches are dropped when data, helpers or text change."""

from tools import build


def test_caches_dropped_only_when_inputs_change(tmp_path, monkeypatch):
    for cache in build.CACHES:
        (tmp_path / cache).mkdir()
    assert build.refresh(tmp_path) is True  # no fingerprint yet
    assert not any((tmp_path / c).exists() for c in build.CACHES)
    for cache in build.CACHES:
        (tmp_path / cache).mkdir()
    assert build.refresh(tmp_path) is False  # unchanged inputs keep the caches
    assert all((tmp_path / c).exists() for c in build.CACHES)
    monkeypatch.setattr(build, "fingerprint", lambda environ=None: "changed")
    assert build.refresh(tmp_path) is True
    assert not any((tmp_path / c).exists() for c in build.CACHES)


def test_the_fingerprint_covers_a_build_pointed_at_other_data(tmp_path):
    other = tmp_path / "data"
    other.mkdir()
    (other / "datapackage.json").write_text("{}")
    here = build.fingerprint(environ={})
    elsewhere = build.fingerprint(environ={"KZEDITION_DATAPACKAGE": str(other / "datapackage.json")})
    assert here != elsewhere
    (other / "x.csv").write_text("a\n1\n")
    assert build.fingerprint(environ={"KZEDITION_DATAPACKAGE": str(other / "datapackage.json")}) != elsewhere
