"""Release artefacts: versioned, byte-reproducible zips of the site and the data
package, and a tag check that refuses a tag that is not the version."""

import zipfile

import pytest

from kzedition import __version__, data
from kzedition.paths import DATA
from tools import release


def test_data_zip_holds_the_package_and_is_reproducible(tmp_path):
    first = release.data_zip(out_dir=tmp_path / "a")
    again = release.data_zip(out_dir=tmp_path / "b")
    assert first.name == f"giswatch2011-kazakhstan-data-{__version__}.zip"
    assert first.read_bytes() == again.read_bytes()
    names = set(zipfile.ZipFile(first).namelist())
    stem = first.stem + "/"
    assert {stem + p.name for p in DATA.iterdir() if p.is_file()} | {stem + "references.bib"} == names
    assert stem + "datapackage.json" in names and stem + "README.md" in names


def test_the_data_zip_loads_on_its_own_with_the_bibliography_its_rows_cite(tmp_path):
    """Unpacked anywhere, the package validates its source keys against the references.bib it carries."""
    out = release.data_zip(out_dir=tmp_path)
    zipfile.ZipFile(out).extractall(tmp_path / "unpacked")
    descriptor = tmp_path / "unpacked" / out.stem / "datapackage.json"
    assert data.bibliography_path(descriptor) == descriptor.parent / "references.bib"
    assert len(data.load("elections_candidates", descriptor)) == len(data.load("elections_candidates"))


@pytest.mark.build
def test_site_zip_holds_the_built_site(site, tmp_path):
    out = release.site_zip(site, tmp_path)
    names = zipfile.ZipFile(out).namelist()
    assert out.name == f"giswatch2011-kazakhstan-site-{__version__}.zip"
    assert f"{out.stem}/index.html" in names and f"{out.stem}/chapters/kazakhstan.html" in names
    assert f"{out.stem}/_static/plotly.min.js" in names


def test_site_zip_refuses_a_missing_site(tmp_path):
    with pytest.raises(FileNotFoundError, match="make book"):
        release.site_zip(tmp_path / "nothing", tmp_path)


@pytest.mark.parametrize("tag, ok", [(f"v{__version__}", True), (__version__, False), ("v9.9.9", False)])
def test_the_tag_must_be_the_version(tag, ok):
    assert release.check_tag(tag) is ok
