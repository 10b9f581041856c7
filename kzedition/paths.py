"""Locations of the repository's files, found from this package's own path.

Notebooks run from their own folder (``chapters/``), tests from the root, so
nothing here depends on the current working directory.
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
# The data package every loader defaults to. Tests point KZEDITION_DATAPACKAGE
# at a broken copy to prove that the chapter stops on bad or drifted data.
DATAPACKAGE = Path(os.environ.get("KZEDITION_DATAPACKAGE", DATA / "datapackage.json"))
