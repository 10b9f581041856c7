"""The build caches are dropped when data, helpers or text change."""

from kzedition import buildkey


def test_caches_dropped_only_when_inputs_change(tmp_path, monkeypatch):
    for cache in buildkey.CACHES:
        (tmp_path / cache).mkdir()
    assert buildkey.refresh(tmp_path) is True          # no fingerprint yet
    assert not any((tmp_path / c).exists() for c in buildkey.CACHES)
    for cache in buildkey.CACHES:
        (tmp_path / cache).mkdir()
    assert buildkey.refresh(tmp_path) is False         # unchanged inputs keep the caches
    assert all((tmp_path / c).exists() for c in buildkey.CACHES)
    monkeypatch.setattr(buildkey, "fingerprint", lambda: "changed")
    assert buildkey.refresh(tmp_path) is True
    assert not any((tmp_path / c).exists() for c in buildkey.CACHES)
