"""Sphinx extension: the Run control, the page's code cells run in the reader's browser.

On every HTML page with a visible code cell, ``kzedition-run.js`` (a few
KB, deferred) gives each cell a Run button and loads nothing else until a
reader clicks one. Then ``kzedition-run-ui.js`` (CodeMirror 6, bundled at
build time by esbuild from the npm packages pinned in ``package.json``)
turns the cells into editors and starts ``run-worker.js``, which loads
Pyodide, the pinned wheels and the edition's own files, all from the built
site (see the worker's header).

This module only wires the build:

- ``builder-inited`` (the HTML builder): the checked runtime
  (:func:`kzedition.sphinxext.pyodide_runtime.assemble`, fetched and cached
  on the first build) and the Run control's scripts into ``_static/``;
- ``html-page-context``: the loader and its stylesheet on pages with a
  visible code cell;
- ``build-finished``: ``_static/run/runtime.json``, the manifest the worker
  loads from: every file with its size (for the progress bar), wheels in
  load order, and the edition's zip that downloaded notebooks unpack.

``KZEDITION_RUN_CELLS=off`` builds the site without the Run control; any
value other than ``on`` or ``off`` stops the build, as does a runtime that
cannot be fetched or does not match its pins: never a half-working button.
"""

from __future__ import annotations

import json
import os
import posixpath
import shutil
import subprocess
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.errors import ConfigError, ExtensionError

from kzedition import __version__, notebook_export
from kzedition.discovery import language_prefix
from kzedition.i18n import _
from kzedition.paths import ROOT
from kzedition.sphinxext import pyodide_runtime

SETTING = "KZEDITION_RUN_CELLS"
STATIC = Path(__file__).parent / "run_static"
RUN_DIR = "_static/run"  #: the Run control's files, relative to the site root
PYODIDE_DIR = "_static/pyodide"  #: the runtime's files
LOADER, STYLESHEET = "run/kzedition-run.js", "run/kzedition-run.css"
UI_SOURCE, UI_BUNDLE = "run-ui.js", "kzedition-run-ui.js"
COPIED = ("kzedition-run.js", "kzedition-run.css", "kzedition-run-ui.css", "run-worker.js", "page_kernel.py")
ESBUILD = ROOT / "node_modules" / ".bin" / "esbuild"
#: Where the edition's zip is unpacked in the browser (the page's cells run from its folders).
EDITION_FOLDER = f"/home/pyodide/{notebook_export.BUNDLE_FOLDER}"
#: What the progress bar calls each wheel: the distribution's name and version.
WHEEL_LABEL = "{0} {1}"


def enabled(environ: dict | None = None) -> bool:
    """Whether the site gets the Run control (``KZEDITION_RUN_CELLS``: ``on``, the default, or ``off``)."""
    value = (os.environ if environ is None else environ).get(SETTING, "on").strip().lower()
    if value not in ("on", "off"):
        raise ConfigError(f"{SETTING} must be 'on' or 'off', not {value!r}.")
    return value == "on"


def _is_site(app: Sphinx) -> bool:
    """The web site's builder (not the EPUB, not the single page the PDF prints)."""
    return app.builder.name == "html"


def has_visible_code(doctree: nodes.Node | None) -> bool:
    """Whether a page shows the source of at least one code cell."""
    return doctree is not None and any(
        node.get("nb_element") == "cell_code_source" for node in doctree.findall(nodes.container)
    )


def bundle_ui(out: Path) -> None:
    """Bundle ``run-ui.js`` and CodeMirror into one minified script (esbuild, reproducible)."""
    if not ESBUILD.is_file():
        raise ExtensionError(
            f"{ESBUILD.relative_to(ROOT)} is missing: install the pinned npm packages with "
            "'npm ci --ignore-scripts' (make book does it)."
        )
    proc = subprocess.run(
        [
            str(ESBUILD),
            str(STATIC / UI_SOURCE),
            "--bundle",
            "--minify",
            "--format=iife",
            "--target=es2020",
            "--legal-comments=none",
            f"--outfile={out}",
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    if proc.returncode != 0:
        raise ExtensionError(f"esbuild could not bundle {UI_SOURCE}: {proc.stderr.strip()}")


def _install(app: Sphinx) -> None:
    if not (app.config.kzedition_run_cells and _is_site(app)):
        return
    try:
        runtime = pyodide_runtime.assemble()
    except pyodide_runtime.RuntimeUnavailableError as exc:
        raise ExtensionError(f"The in-page Python cannot be built: {exc}") from None
    run_dir, pyodide_dir = Path(app.outdir) / RUN_DIR, Path(app.outdir) / PYODIDE_DIR
    for folder in (run_dir, pyodide_dir):
        shutil.rmtree(folder, ignore_errors=True)
    run_dir.mkdir(parents=True)
    for name in COPIED:
        shutil.copyfile(STATIC / name, run_dir / name)
    bundle_ui(run_dir / UI_BUNDLE)
    if language_prefix(app.config.language):
        return  # another language's edition loads the English edition's copy (34 MB once)
    pyodide_dir.mkdir(parents=True)
    for file in runtime.files:
        shutil.copyfile(runtime.folder / file.name, pyodide_dir / file.name)


def _add_loader(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    if app.config.kzedition_run_cells and _is_site(app) and has_visible_code(doctree):
        app.add_js_file(LOADER, loading_method="defer")
        app.add_css_file(STYLESHEET)


def _wheel_label(name: str) -> str:
    distribution, version = name.split("-")[:2]
    return WHEEL_LABEL.format(distribution.replace("_", "-"), version)


def manifest(runtime: pyodide_runtime.Runtime, edition_zip: Path, language: str = "en") -> dict:
    """``runtime.json``: what the worker loads, in order, with sizes; URLs relative to it.

    The runtime's files are the English edition's (at the site's root), which
    another language's edition (``ru/``) shares; its edition zip is its own.
    """
    spec = pyodide_runtime.load_spec()
    pyodide_url = posixpath.relpath(PYODIDE_DIR, language_prefix(language) + RUN_DIR) + "/"
    files = [
        {
            "name": f.name,
            "url": pyodide_url + f.name,
            "size": f.size,
            "kind": f.kind,
            "label": f.name if f.kind == "core" else _wheel_label(f.name),
        }
        for f in runtime.files
    ]
    files.append(
        {
            "name": edition_zip.name,
            "url": posixpath.relpath(notebook_export.BUNDLE, RUN_DIR),
            "size": edition_zip.stat().st_size,
            "kind": "edition",
            "label": _("the edition's package and data ({version})", language).format(version=__version__),
        }
    )
    return {
        "pyodide": runtime.version,
        "python": spec.python,
        "pyodide_url": pyodide_url,
        "kernel_url": "page_kernel.py",
        "edition_folder": EDITION_FOLDER,
        "language": language,
        "installed": _("{what} (installed)", language),
        "files": files,
    }


def _write_manifest(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or not (app.config.kzedition_run_cells and _is_site(app)):
        return
    edition_zip = Path(app.outdir) / notebook_export.BUNDLE
    if not edition_zip.is_file():
        raise ExtensionError(
            f"{notebook_export.BUNDLE} was not written: the page's Python has no edition to load."
        )
    data = manifest(pyodide_runtime.assemble(), edition_zip, app.config.language or "en")
    (Path(app.outdir) / RUN_DIR / "runtime.json").write_text(
        json.dumps(data, indent=1) + "\n", encoding="utf-8"
    )


def _read_setting(app: Sphinx, config) -> None:
    config.kzedition_run_cells = config.kzedition_run_cells and enabled()


def setup(app: Sphinx) -> dict:
    app.add_config_value("kzedition_run_cells", True, "html", types=[bool])
    app.connect("config-inited", _read_setting)
    app.connect("builder-inited", _install)
    app.connect("html-page-context", _add_loader)
    # after launch_and_downloads has written the edition's zip
    app.connect("build-finished", _write_manifest, priority=600)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
