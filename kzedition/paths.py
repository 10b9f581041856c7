"""Locations of the edition's files, found from this package's own path.

Notebooks run from their own folder (``chapters/``), tests from the root, so
nothing here depends on the current working directory. Two environment
variables point the edition elsewhere; both are read once, at import:

``KZEDITION_ROOT``
    the folder holding ``data/``, ``text/`` and ``chapters/``: a downloaded
    notebook's setup cell unpacks the edition's files there, since an
    installed package has no repository around it;
``KZEDITION_DATAPACKAGE``
    another ``datapackage.json`` (tests point it at a broken or drifted copy
    to prove that the chapter stops).
"""

import os
from pathlib import Path

ROOT = Path(os.environ.get("KZEDITION_ROOT") or Path(__file__).resolve().parent.parent).resolve()
DATA = ROOT / "data"
TEXT = ROOT / "text"
FIGURES = ROOT / "figures"
CHAPTERS = ROOT / "chapters"
BUILD_HTML = ROOT / "_build" / "html"

SOURCE_OF_RECORD = TEXT / "giswatch2011-kazakhstan.txt"
REPAIRS = TEXT / "repairs.yml"
RUSSIAN_TITLES = TEXT / "russian-titles.yml"
CLAIMS = TEXT / "claims.yml"
CHAPTER = CHAPTERS / "kazakhstan.md"
DATAPACKAGE = Path(os.environ.get("KZEDITION_DATAPACKAGE") or DATA / "datapackage.json")
