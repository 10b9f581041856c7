"""The Russian edition's PDF and EPUB (``make pdf``, ``make epub`` build both editions).

Each is built once for this module, as its English twin is in
tests/test_pdf.py and tests/test_epub.py: the EPUB must pass epubcheck
with no error or warning and say it is Russian; the PDF must carry the
Russian text with its values in Russian form, and say its language.
"""

from __future__ import annotations

import re
import subprocess
import sys
import zipfile
from xml.etree import ElementTree as ET

import pypdf
import pytest

from kzedition.paths import ROOT
from tools import epub as epub_tools
from tools import pdf as pdf_tools

pytestmark = pytest.mark.build
DC = "{http://purl.org/dc/elements/1.1/}"


def run(module: str) -> str:
    proc = subprocess.run(
        [sys.executable, "-m", module, "--language", "ru"], cwd=ROOT, capture_output=True, text=True
    )
    log = proc.stdout + proc.stderr
    assert proc.returncode == 0, f"python -m {module} --language ru failed:\n" + log[-4000:]
    return log


@pytest.fixture(scope="module")
def russian_epub() -> zipfile.ZipFile:
    run("tools.epub")
    with zipfile.ZipFile(epub_tools.epub_path("ru")) as book:
        yield book


@pytest.fixture(scope="module")
def russian_pdf() -> pypdf.PdfReader:
    run("tools.pdf")
    return pypdf.PdfReader(pdf_tools.pdf_path("ru"))


def test_the_russian_epub_passes_epubcheck(russian_epub):
    check = epub_tools.epubcheck(epub_tools.epub_path("ru"))
    assert check.clean and (check.errors, check.warnings, check.fatals) == (0, 0, 0), check.output


def test_the_russian_epub_is_in_russian(russian_epub):
    opf = next(n for n in russian_epub.namelist() if n.endswith(".opf"))
    package = ET.fromstring(russian_epub.read(opf))
    assert [e.text for e in package.iter(f"{DC}language")] == ["ru"]
    assert "Казахстан" in "".join(e.text or "" for e in package.iter(f"{DC}title"))
    chapter = russian_epub.read("chapters/kazakhstan.xhtml").decode("utf-8")
    assert 'lang="ru"' in chapter and "Неофициальный перевод" in chapter
    assert "95,55\xa0%" in chapter and "[^" not in chapter


def test_the_russian_pdf_is_in_russian(russian_pdf):
    assert russian_pdf.metadata.get("/Lang") == "ru"
    text = "".join(page.extract_text() or "" for page in russian_pdf.pages)
    assert "Казахстан" in text and "Неофициальный перевод" in text
    assert re.search(r"95,55\s*%", text) and "[^" not in text
    assert len(russian_pdf.pages) >= 10
