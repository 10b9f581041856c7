"""Locations of the repository's files, found from this package's own path.

Notebooks run from their own folder (``chapters/``), tests from the root, so
nothing here depends on the current working directory.
"""

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
DATAPACKAGE = DATA / "datapackage.json"
