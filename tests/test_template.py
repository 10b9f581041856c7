"""The chapter template of CONTRIBUTING.md builds strictly as a book."""

import shutil

from kzedition.paths import ROOT
from tools import build

CONFIG = """\
title: Template check
only_build_toc_files: true
execute:
  execute_notebooks: force
  timeout: 60
  allow_errors: false
  raise_on_error: true
parse:
  myst_enable_extensions: [colon_fence, attrs_inline, attrs_block]
sphinx:
  config:
    nitpicky: true
"""


def test_template_builds_strictly(tmp_path):
    book = tmp_path / "book"
    shutil.copytree(ROOT / "templates" / "country-report", book / "chapters")
    (book / "_config.yml").write_text(CONFIG)
    (book / "_toc.yml").write_text("format: jb-book\nroot: chapters/chapter\n")
    proc = build.build_book(book)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    html = (book / "_build/html/chapters/chapter.html").read_text(encoding="utf-8")
    assert "60.00%" in html
