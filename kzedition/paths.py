"""Locations of the edition's files, found from this package's own path.

Notebooks run from their own folder (``chapters/``), tests from the root, so
nothing here depends on the current working directory. A downloaded
notebook's setup cell unpacks the package with ``data/``, ``text/`` and
``chapters/`` beside it, so the same layout holds there.

``KZEDITION_DATAPACKAGE`` (read once, at import) points the loader at another
``datapackage.json``: tests point it at a broken or drifted copy to prove
that the chapter stops.
"""

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
TEXT = ROOT / "text"
FIGURES = ROOT / "figures"
CHAPTERS = ROOT / "chapters"
BUILD_HTML = ROOT / "_build" / "html"

SOURCE_OF_RECORD = TEXT / "giswatch2011-kazakhstan.txt"
REPAIRS = TEXT / "repairs.yml"
RUSSIAN_TITLES = TEXT / "russian-titles.yml"
CLAIMS = TEXT / "claims.yml"
PARAGRAPH_IDS = TEXT / "paragraph-ids.yml"
#: The files of ``text/`` the edition reads (what is published of it: nothing else there).
TEXT_FILES = (SOURCE_OF_RECORD, REPAIRS, RUSSIAN_TITLES, CLAIMS, PARAGRAPH_IDS)
CHAPTER = CHAPTERS / "kazakhstan.md"
DATAPACKAGE = Path(os.environ.get("KZEDITION_DATAPACKAGE") or DATA / "datapackage.json")
