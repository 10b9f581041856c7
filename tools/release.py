"""The release artefacts: the site and the data package as zips (``make site-zip``, ``make data-zip``).

Both are named with the edition's version (``kzedition.__version__``) and
written into ``_build/release/``, byte-reproducibly (fixed timestamps,
sorted names). The site zip is what a reader unpacks to read the edition
offline: it opens from the file system, charts and search included
(``tests/test_from_disk.py``). The release workflow attaches both, with the
PDF and the EPUB, to the GitHub release of a version tag.

``python -m tools.release site-zip|data-zip|check-tag TAG``; ``check-tag``
exits non-zero unless ``TAG`` is ``v`` + the version (it needs nothing but
the standard library, so the release workflow runs it before installing).
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

from kzedition import __version__
from kzedition.bibliography import BIBLIOGRAPHY
from kzedition.paths import DATA, ROOT

NAME = "giswatch2011-kazakhstan"
RELEASE = ROOT / "_build" / "release"


def site_zip(site: Path = ROOT / "_build" / "html", out_dir: Path = RELEASE) -> Path:
    """The built site as ``<name>-site-<version>.zip``, in a folder of the same name."""
    if not (site / "index.html").exists():
        raise FileNotFoundError(f"no built site in {site}: run 'make book' first")
    from kzedition.notebook_export import write_zip

    stem = f"{NAME}-site-{__version__}"
    files = [p for p in site.rglob("*") if p.is_file() and ".doctrees" not in p.parts]
    return write_zip(out_dir / f"{stem}.zip", files, site, prefix=f"{stem}/")


def data_zip(data: Path = DATA, out_dir: Path = RELEASE, bib: Path = BIBLIOGRAPHY) -> Path:
    """The data package as ``<name>-data-<version>.zip``: ``datapackage.json``, the CSVs it
    declares and the provenance README (nothing undeclared: scratch files, backups), with the
    bibliography its rows cite (``references.bib``) beside the descriptor, where
    :func:`kzedition.data.load` finds it."""
    from kzedition.data import declared_files
    from kzedition.notebook_export import write_zip

    stem = f"{NAME}-data-{__version__}"
    with tempfile.TemporaryDirectory(prefix="kzedition-data-zip-") as tmp:
        folder = Path(tmp)
        chosen = [*declared_files(data / "datapackage.json"), bib]
        files = [shutil.copy2(p, folder / p.name) for p in chosen if p.is_file()]
        return write_zip(out_dir / f"{stem}.zip", [Path(f) for f in files], folder, prefix=f"{stem}/")


def check_tag(tag: str) -> bool:
    """Whether a git tag names this version (``v0.1.0`` for 0.1.0)."""
    return tag == f"v{__version__}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.release", description=__doc__.split("\n")[0])
    parser.add_argument("what", choices=("site-zip", "data-zip", "check-tag"))
    parser.add_argument("tag", nargs="?", default="")
    args = parser.parse_args(argv)
    if args.what == "check-tag":
        if not check_tag(args.tag):
            print(
                f"the tag {args.tag!r} is not v{__version__}, the version in kzedition/__init__.py",
                file=sys.stderr,
            )
            return 1
        print(f"tag {args.tag} matches version {__version__}")
        return 0
    out = site_zip() if args.what == "site-zip" else data_zip()
    print(f"wrote {out.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
