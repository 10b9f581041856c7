"""Sphinx extension for the edition's pages (besides the charts).

- **One setting for the addresses.** The repository's address and the
  published site's come from ``EDITION_REPOSITORY`` and ``EDITION_SITE_URL``
  at build time (the workflow sets them from GitHub's own variables), else
  from ``repository.url`` and ``html.baseurl`` in ``_config.yml``, checked
  by :mod:`kzedition.settings` (a bad value stops the build naming the
  setting and the form it takes; ``owner/name`` is GitHub's). With no
  repository the book has no launch links (Binder, Colab) that
  would point nowhere, and the build says so once.
- **Notebooks that run anywhere.** The download menu of a notebook page
  offers ``<page>.ipynb``. The theme copies the *executed* notebook there;
  this replaces it with the notebook generated from the MyST source without
  outputs, its prose reading as the page does (each ``{glue:text}`` role
  replaced by the value the build computed, from myst-nb's glue data), whose
  first cell fetches the edition's files from the site: the
  zip :data:`kzedition.sphinxext.notebook_export.BUNDLE`, written here too, beside the
  requirements files the chapter links to.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.util import logging

from kzedition import __version__, notebook_export, settings
from kzedition.paths import ROOT

logger = logging.getLogger(__name__)

LAUNCH_SERVICES = ("binderhub_url", "colab_url", "jupyterhub_url", "thebe")


def _addresses(app: Sphinx, config) -> None:
    """Apply ``EDITION_REPOSITORY``/``EDITION_SITE_URL`` (or ``_config.yml``) to the theme."""
    from sphinx.errors import ConfigError

    try:  # the forms each setting takes: kzedition.settings (make book checks them first)
        settings.check_all()
        repository, site = settings.repository_url(), settings.site_url()
    except settings.SettingError as exc:
        raise ConfigError(str(exc)) from None
    options = config.html_theme_options
    # In a page, {{ repository }} is a link to the repository and {{ repository_url }}
    # its address as text; without one, both say it is not yet published.
    config.myst_substitutions = {
        **config.myst_substitutions,
        "repository": (
            f"[the repository]({repository})" if repository else "the repository (not yet published)"
        ),
        "repository_url": f"<{repository}>" if repository else "(the repository is not yet published)",
    }
    if repository:
        options["repository_url"] = repository
    else:
        options.pop("repository_url", None)
        launch = options.get("launch_buttons", {})
        options["launch_buttons"] = {k: v for k, v in launch.items() if k not in LAUNCH_SERVICES}
        logger.info(
            "edition: no repository address (EDITION_REPOSITORY or repository.url "
            "in _config.yml): the book is built without launch links"
        )
    config.html_baseurl = f"{site}/" if site else ""
    if not site:
        logger.info(
            "edition: no site address (EDITION_SITE_URL or html.baseurl in _config.yml): "
            "downloaded notebooks run only from a clone of the repository"
        )


def _write_notebooks_and_bundle(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html" or app.builder.name == "epub":
        return  # the EPUB holds only what its pages show
    outdir = Path(app.outdir)
    site = app.config.html_baseurl.rstrip("/")
    executed = Path(app.env.mystnb_config.output_folder)  # myst-nb's executed notebooks and glue data
    for page in notebook_export.NOTEBOOK_PAGES:
        target = outdir / "_sources" / Path(page).with_suffix(".ipynb")
        target.parent.mkdir(parents=True, exist_ok=True)
        glue_file = executed / Path(page).with_suffix(".glue.json")
        glued = notebook_export.glued_texts(glue_file) if glue_file.is_file() else None  # None: run the page
        target.write_text(notebook_export.notebook_text(ROOT / page, site, glued), encoding="utf-8")
    notebook_export.bundle(outdir / notebook_export.BUNDLE)
    for requirements in (
        "requirements.txt",
        notebook_export.NOTEBOOK_REQUIREMENTS,
    ):  # linked from the chapter
        shutil.copyfile(ROOT / requirements, outdir / notebook_export.BUNDLE_DIR / requirements)


#: What sphinx-thebe puts on every page: its script, its stylesheet and an inline script
#: of settings (``const THEBE_JS_URL = ...``).
THEBE_ASSETS = ("sphinx-thebe.js", "sphinx-thebe.css")
THEBE_SETTINGS = "THEBE_JS_URL"


def _live_code(app: Sphinx) -> bool:
    """Whether the book offers "Live Code" (``launch_buttons.thebe``); the edition does not."""
    return bool(app.config.html_theme_options.get("launch_buttons", {}).get("thebe"))


def is_thebe_asset(asset) -> bool:
    """Whether a page's script or stylesheet entry is one of sphinx-thebe's."""
    name = Path(str(getattr(asset, "filename", None) or "")).name.split("?")[0]
    body = (getattr(asset, "attributes", None) or {}).get("body", "")
    return name in THEBE_ASSETS or THEBE_SETTINGS in body


def _without_thebe(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """Keep sphinx-thebe's assets off pages when "Live Code" is off.

    jupyter-book 1 always loads sphinx-thebe, which adds its loader to every
    page whether or not a page offers "Live Code"; the edition does not (the
    Run control runs the cells in the page), so nothing of it is sent.
    Remove when jupyter-book loads sphinx-thebe only with
    ``launch_buttons.thebe`` (jupyter-book 1.0.4.post1 does not).
    """
    if _live_code(app):
        return
    for key in ("script_files", "css_files"):
        if context.get(key):
            context[key][:] = [asset for asset in context[key] if not is_thebe_asset(asset)]


#: What sphinx-thebe appends to every page's doctree: its settings and a kernel name.
THEBE_RAW = ("text/x-thebe-config", "<script>kernelName = ")


def _without_thebe_config(app: Sphinx, doctree, docname: str) -> None:
    """Take sphinx-thebe's raw HTML (its ``x-thebe-config`` block and an inline
    ``kernelName`` script) out of every page when "Live Code" is off; see
    :func:`_without_thebe` for why and when to remove this."""
    from docutils import nodes

    if _live_code(app):
        return
    for node in list(doctree.findall(nodes.raw)):
        if any(marker in node.astext() for marker in THEBE_RAW):
            node.parent.remove(node)


def setup(app: Sphinx) -> dict:
    # before sphinx-book-theme reads repository_url at builder-inited
    app.connect("config-inited", _addresses)
    app.connect("html-page-context", _without_thebe)
    app.connect("doctree-resolved", _without_thebe_config, priority=600)  # after sphinx-thebe's (500)
    app.connect("build-finished", _write_notebooks_and_bundle)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
