"""The chapters as plain Jupyter notebooks.

The MyST sources in ``chapters/`` are the single source; students get real
``.ipynb`` files converted from them with jupytext (without outputs), and the
tests execute those notebooks with nbclient from the chapter's own folder,
as a student's fresh clone would.
"""

from __future__ import annotations

import os
from pathlib import Path

import jupytext
import nbformat
import yaml
from nbclient import NotebookClient

from kzedition.paths import CHAPTERS, ROOT

COLAB_SETUP = """\
# Colab only: fetch the edition and its pinned packages (Jupyter, JupyterLab
# and Binder already have them: this cell then does nothing).
import sys

if "google.colab" in sys.modules:
    get_ipython().system("git clone --depth 1 {url} /content/edition")
    get_ipython().run_line_magic("pip", "install -q -r /content/edition/requirements.txt")
    sys.path.insert(0, "/content/edition")
"""


def repository_url() -> str:
    """The repository URL, set once in ``_config.yml``."""
    return yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))["repository"]["url"]


def toc_sources(root: Path = ROOT) -> list[str]:
    """The book's page sources in reading order, from ``_toc.yml`` (jb-book format)."""
    toc = yaml.safe_load((root / "_toc.yml").read_text(encoding="utf-8"))
    files = [toc["root"]]

    def walk(entries):
        for entry in entries or []:
            if "file" in entry:
                files.append(entry["file"])
            walk(entry.get("sections"))
            walk(entry.get("chapters"))

    for part in toc.get("parts", []):
        walk(part.get("chapters"))
    walk(toc.get("chapters"))
    return [f"{Path(f).with_suffix('').as_posix()}.md" for f in files]


def _is_notebook(source: Path) -> bool:
    """Whether a MyST page declares a kernel (and so has code cells to run)."""
    return "kernelspec" in jupytext.read(source).metadata


#: The pages that carry code cells, in reading order.
NOTEBOOK_PAGES = tuple(p for p in toc_sources() if _is_notebook(ROOT / p))


def to_notebook(source: Path, colab_setup: bool = True) -> nbformat.NotebookNode:
    """The MyST notebook ``source`` as an ``.ipynb`` notebook without outputs.

    With ``colab_setup`` a first cell installs the edition when the notebook
    runs on Colab (it does nothing anywhere else).
    """
    notebook = jupytext.read(source)
    notebook.metadata.pop("jupytext", None)
    notebook.metadata["kernelspec"] = {"display_name": "Python 3", "language": "python", "name": "python3"}
    if colab_setup:
        setup = nbformat.v4.new_code_cell(COLAB_SETUP.format(url=repository_url()),
                                          metadata={"tags": ["remove-cell"]})
        notebook.cells.insert(0, setup)
    for number, cell in enumerate(notebook.cells):
        cell["id"] = f"cell-{number}"  # stable ids: regenerating gives the same file
    return notebook


def execute(source: Path, timeout: int = 60, env: dict | None = None) -> nbformat.NotebookNode:
    """Execute a chapter top to bottom from its own folder; raise on the first error.

    ``env`` entries are set for the kernel (e.g. ``KZEDITION_DATAPACKAGE``)
    and restored afterwards.
    """
    notebook = to_notebook(source)
    saved = {k: os.environ.get(k) for k in (env or {})}
    os.environ.update(env or {})
    try:
        NotebookClient(notebook, timeout=timeout, kernel_name="python3",
                       resources={"metadata": {"path": str(Path(source).parent)}}).execute()
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
    return notebook


def notebook_text(source: Path) -> str:
    """The ``.ipynb`` file content generated from ``source``."""
    return nbformat.writes(to_notebook(source)) + "\n"


def write_notebooks(out_dir: Path = ROOT) -> list[Path]:
    """Write every notebook page as ``.ipynb`` beside its source under ``out_dir``.

    In the repository (the default) the files sit next to their MyST source,
    where the launch buttons and downloads find them.
    """
    written = []
    for page in NOTEBOOK_PAGES:
        target = out_dir / Path(page).with_suffix(".ipynb")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(notebook_text(ROOT / page), encoding="utf-8")
        written.append(target)
    return written


if __name__ == "__main__":
    for path in write_notebooks():
        print("wrote", path.relative_to(ROOT))


__all__ = ["CHAPTERS", "NOTEBOOK_PAGES", "execute", "toc_sources", "to_notebook", "write_notebooks"]
