"""The chapters as plain Jupyter notebooks.

The MyST sources in ``chapters/`` are the single source; students get real
``.ipynb`` files converted from them with jupytext (without outputs), and the
tests execute those notebooks with nbclient from the chapter's own folder,
as a student's fresh clone would.
"""

from __future__ import annotations

import ast
import json
import os
import re
import zipfile
from collections.abc import Callable
from pathlib import Path

import jupytext
import nbformat
import yaml
from nbclient import NotebookClient

from kzedition import settings
from kzedition.notebook_prose import translate_markdown
from kzedition.paths import ROOT

SETUP = """\
# Setup: run this cell first.
# In a clone of the edition's repository (or on Binder) it only finds the
# edition's package. Anywhere else (a downloaded notebook, Colab) it fetches
# the edition's files (data/, text/, the kzedition helper package) from the
# published site into ./{folder_name}/ and installs the pinned packages they need.
import importlib.util
import io
import subprocess
import sys
import urllib.request
import zipfile
from pathlib import Path

SITE = {site}  # the published edition
if importlib.util.find_spec("kzedition") is None:
    clone = Path("..").resolve()
    if (clone / "kzedition" / "__init__.py").exists():  # a clone: use it as it is
        sys.path.insert(0, str(clone))
    elif not SITE:
        raise RuntimeError("This notebook was built without the address of a published site "
                           "(EDITION_SITE_URL): run it from a clone of the repository instead.")
    else:
        edition = Path({folder}).resolve()
        if not (edition / "kzedition").is_dir():  # keep a student's edits on a re-run
            with urllib.request.urlopen(SITE + "/" + {bundle}) as response:
                zipfile.ZipFile(io.BytesIO(response.read())).extractall(edition)
        subprocess.check_call([sys.executable, "-m", "pip", "install", "--quiet",
                               "-r", str(edition / {requirements})])
        sys.path.insert(0, str(edition))
        importlib.invalidate_caches()
"""

#: Where the build puts the edition's files for downloaded notebooks, relative to the site root.
BUNDLE_DIR = "_static/notebook"
BUNDLE = f"{BUNDLE_DIR}/giswatch2011-kazakhstan.zip"
BUNDLE_FOLDER = "giswatch2011-kazakhstan"
#: The pinned packages a notebook imports (a subset of requirements.txt, closed under dependencies).
NOTEBOOK_REQUIREMENTS = "requirements-notebook.txt"
#: The helper package's files a notebook imports or reads, under ``kzedition/`` (its Sphinx
#: extensions aside): the modules, the charts package and the font metrics its phone
#: layouts measure with, and the compiled catalogs of its words in other languages.
PACKAGE_FILES = ("*.py", "charts/*.py", "charts/*.json", "locale/*/LC_MESSAGES/*.mo")


#: What the notebooks import; requirements-notebook.txt is their dependency closure.
NOTEBOOK_IMPORTS = (
    "pandas",
    "plotly",
    "frictionless",
    "pyyaml",
    "jupytext",
    "babel",
)  # babel: Russian numbers


def requirements_closure(roots=NOTEBOOK_IMPORTS, pins: Path = ROOT / "requirements.txt") -> list[str]:
    """The lines of ``pins`` for ``roots`` and everything they depend on (as installed here)."""
    from importlib import metadata

    from packaging.requirements import Requirement
    from packaging.utils import canonicalize_name

    pinned = {
        canonicalize_name(line.split("==")[0]): line
        for line in pins.read_text(encoding="utf-8").splitlines()
        if "==" in line
    }
    seen: set[str] = set()
    todo = [canonicalize_name(r) for r in roots]
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        for spec in metadata.distribution(name).requires or []:
            requirement = Requirement(spec)
            if requirement.marker is None or requirement.marker.evaluate({"extra": ""}):
                todo.append(canonicalize_name(requirement.name))
    missing = sorted(seen - set(pinned))
    if missing:
        raise ValueError(f"{pins.name} does not pin {', '.join(missing)}")
    return [pinned[name] for name in sorted(seen)]


def repository_url(environ: dict | None = None) -> str:
    """The repository's address (:func:`kzedition.settings.repository_url`): ``""`` for none."""
    return settings.repository_url(environ)


def site_url(environ: dict | None = None) -> str:
    """The published site's address (:func:`kzedition.settings.site_url`): ``""`` for none."""
    return settings.site_url(environ)


#: What a notebook of another edition than the English adds to its setup cell.
SETUP_LANGUAGE = """\
import os

os.environ["KZEDITION_LANGUAGE"] = {language}  # this notebook's numbers and charts in its language
"""


def setup_cell(site: str, language: str = "en") -> nbformat.NotebookNode:
    """The visible first cell of every generated notebook (see :data:`SETUP`)."""
    values = {"site": site, "folder": BUNDLE_FOLDER, "bundle": BUNDLE, "requirements": NOTEBOOK_REQUIREMENTS}
    # String literals (JSON's, which Python reads alike), never text pasted into code:
    # no value can end its string and run as code.
    literals = {key: json.dumps(str(value)) for key, value in values.items()}
    code = SETUP.format(folder_name=BUNDLE_FOLDER, **literals)
    if language != "en":
        code += SETUP_LANGUAGE.format(language=json.dumps(language))
    return nbformat.v4.new_code_cell(code, metadata={"tags": ["edition-setup"]})


def write_zip(out: Path, files: list[Path], root: Path, prefix: str = "") -> Path:
    """Zip ``files`` (named relative to ``root``, under ``prefix``) into ``out``, byte-reproducibly.

    Fixed timestamps and modes, sorted names: the same files give the same zip.
    """
    out.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(files):
            name = prefix + path.relative_to(root).as_posix()
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, path.read_bytes())
    return out


def bundle_files(root: Path = ROOT) -> list[Path]:
    """What the notebooks' zip holds: the declared files only.

    The helper package's files (:data:`PACKAGE_FILES`), the data package
    (:func:`kzedition.data.declared_files`), the text files the package reads
    (:data:`kzedition.paths.TEXT_FILES`), the pages of ``_toc.yml`` under
    ``chapters/`` with their generated ``.ipynb``, ``references.bib`` (the works
    the data cite) and the notebooks' requirements; never an undeclared file
    beside them (a scratch CSV, an editor's backup, a ``.env``).
    """
    from kzedition.data import BIBLIOGRAPHY_NAME, declared_files
    from kzedition.paths import TEXT_FILES

    package = root / "kzedition"
    modules = [p for pattern in PACKAGE_FILES for p in package.glob(pattern) if not p.name.startswith(".")]
    pages = [root / page for page in toc_sources(root) if page.startswith("chapters/")]
    # and the notebooks generated beside them: the page's own Python reads the chapter's cells
    # from them (it has no jupytext)
    pages += [page.with_suffix(".ipynb") for page in pages]
    text = [root / path.relative_to(ROOT) for path in TEXT_FILES]
    files = [*modules, *declared_files(root / "data" / "datapackage.json"), *text, *pages]
    files += [root / BIBLIOGRAPHY_NAME, root / NOTEBOOK_REQUIREMENTS]  # the works the data cite
    return sorted({path for path in files if path.is_file()})


def bundle(out: Path, root: Path = ROOT) -> Path:
    """Zip the edition's files a downloaded notebook needs into ``out`` (byte-reproducible)."""
    return write_zip(out, bundle_files(root), root)


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


#: myst-nb's glue roles in the prose: ``{glue:text}`name``` (a format spec after ``:`` too) and ``{glue}`name```.
GLUE_ROLE = re.compile(r"\{glue(?::text)?\}`(?P<name>[^`:]+)(?::[^`]*)?`")


def glued_texts(glue_file: Path) -> dict[str, str]:
    """``name -> text`` of what a page's cells glued, from myst-nb's ``<page>.glue.json``.

    A glued string's ``text/plain`` is its repr (``'95.55%'``); the prose shows the string.
    """
    bundles = json.loads(glue_file.read_text(encoding="utf-8"))
    texts = {}
    for name, output in bundles.items():
        plain = output["data"]["text/plain"]
        try:
            value = ast.literal_eval(plain)
        except (ValueError, SyntaxError):
            value = plain
        texts[name] = value if isinstance(value, str) else plain
    return texts


def fill_glue(markdown: str, texts: dict[str, str], page: str) -> str:
    """The prose with each glue role replaced by the text the build computed for it."""

    def value(match: re.Match) -> str:
        name = match["name"]
        if name not in texts:
            raise ValueError(f"{page}: the prose shows {{glue}} {name!r}, which no cell of the page glued")
        return texts[name]

    return GLUE_ROLE.sub(value, markdown)


def to_notebook(
    source: Path,
    site: str | None = None,
    setup: bool = True,
    glued: dict[str, str] | None = None,
    translation: tuple[str, Callable[[str], str]] | None = None,
) -> nbformat.NotebookNode:
    """The MyST notebook ``source`` as an ``.ipynb`` notebook without outputs.

    With ``setup`` the first cell (:func:`setup_cell`) makes the notebook run
    anywhere, fetching the edition from ``site`` (default: ``html.baseurl``
    of ``_config.yml``, the address the repository's own copies carry).
    The prose reads as the page does: each ``{glue:text}`` role becomes the
    value computed for it, ``glued`` (the build's, :func:`glued_texts`) or,
    without it, what the page's cells paste when run now
    (:func:`kzedition.prose.chapter_texts`: the repository's own copies,
    which Colab opens); the cells that compute it are still there, above it.
    ``translation`` (``(language, translate)``: a translated edition's) gives
    the prose block by block in that language (:mod:`kzedition.notebook_prose`)
    and the setup cell sets it for the package.
    """
    notebook = jupytext.read(source)
    notebook.metadata.pop("jupytext", None)
    prose_cells = [c.source for c in notebook.cells if c.cell_type == "markdown"]
    if glued is None and any(GLUE_ROLE.search(text) for text in prose_cells):
        from kzedition import prose

        glued = prose.chapter_texts(Path(source))
    for cell in notebook.cells:
        if cell.cell_type != "markdown":
            continue
        if translation is not None:
            cell.source = translate_markdown(cell.source, translation[1])
        if glued is not None:
            cell.source = fill_glue(cell.source, glued, Path(source).name)
    notebook.metadata["kernelspec"] = {"display_name": "Python 3", "language": "python", "name": "python3"}
    if setup:
        language = translation[0] if translation is not None else "en"
        notebook.cells.insert(0, setup_cell(site_url(environ={}) if site is None else site, language))
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
        NotebookClient(
            notebook,
            timeout=timeout,
            kernel_name="python3",
            resources={"metadata": {"path": str(Path(source).parent)}},
        ).execute()
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
    return notebook


def notebook_text(
    source: Path,
    site: str | None = None,
    glued: dict[str, str] | None = None,
    translation: tuple[str, Callable[[str], str]] | None = None,
) -> str:
    """The ``.ipynb`` file content generated from ``source`` (see :func:`to_notebook`)."""
    return nbformat.writes(to_notebook(source, site, glued=glued, translation=translation)) + "\n"


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


NOTEBOOK_REQUIREMENTS_HEADER = """\
# What a downloaded notebook imports (pandas, plotly, frictionless for the data
# contract, PyYAML, jupytext for the claims page), with everything they depend
# on, pinned as in requirements.txt. The notebooks' setup cell installs it.
# Generated by `make notebooks` (kzedition.notebook_export.requirements_closure).
"""


def write_notebook_requirements(path: Path = ROOT / NOTEBOOK_REQUIREMENTS) -> Path:
    """Write requirements-notebook.txt from requirements.txt and the installed metadata."""
    path.write_text(NOTEBOOK_REQUIREMENTS_HEADER + "\n".join(requirements_closure()) + "\n", encoding="utf-8")
    return path


if __name__ == "__main__":
    for path in [*write_notebooks(), write_notebook_requirements()]:
        print("wrote", path.relative_to(ROOT))


__all__ = [
    "NOTEBOOK_PAGES",
    "bundle",
    "bundle_files",
    "execute",
    "fill_glue",
    "glued_texts",
    "repository_url",
    "requirements_closure",
    "site_url",
    "toc_sources",
    "to_notebook",
    "write_notebook_requirements",
    "write_notebooks",
]
