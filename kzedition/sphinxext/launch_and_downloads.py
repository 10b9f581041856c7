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
  zip :data:`kzedition.notebook_export.BUNDLE`, written here too, beside the
  requirements files the chapter links to.

sphinx-thebe's assets, which jupyter-book loads on every page, are kept off
the pages by :mod:`kzedition.sphinxext.upstream.sphinx_thebe`.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.util import logging

from kzedition import __version__, i18n, notebook_export, settings
from kzedition.i18n import _
from kzedition.notebook_prose import Catalog
from kzedition.paths import ROOT
from kzedition.sphinxext.languages import page_catalog_path, page_messages

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
    lang = config.language or None
    config.myst_substitutions = {
        **config.myst_substitutions,
        "repository": (
            _("[the repository]({url})", lang).format(url=repository)
            if repository
            else _("the repository (not yet published)", lang)
        ),
        "repository_url": f"<{repository}>"
        if repository
        else _("(the repository is not yet published)", lang),
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


def _page_catalog(app: Sphinx, page: str):
    """The translation of a page's blocks in a translated build (its catalog, then the
    package's words), or ``None`` in the English one."""
    language = app.config.language or i18n.DEFAULT
    if language == i18n.DEFAULT:
        return None
    messages = page_messages(page_catalog_path(app, Path(page).with_suffix("").as_posix()))
    return Catalog(messages, fallback=lambda text: i18n._(text, language))


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
        catalog = _page_catalog(app, page)
        translation = (app.config.language, catalog) if catalog is not None else None
        target.write_text(
            notebook_export.notebook_text(ROOT / page, site, glued, translation), encoding="utf-8"
        )
        if catalog is not None and catalog.missing:
            logger.warning(
                "%s: the downloaded notebook's prose has text no catalog translates: %r",
                page, catalog.missing[0][:80], type="kzedition", subtype="untranslated",
            )  # fmt: skip
    notebook_export.bundle(outdir / notebook_export.BUNDLE)
    for requirements in (
        "requirements.txt",
        notebook_export.NOTEBOOK_REQUIREMENTS,
    ):  # linked from the chapter
        shutil.copyfile(ROOT / requirements, outdir / notebook_export.BUNDLE_DIR / requirements)


def setup(app: Sphinx) -> dict:
    # before sphinx-book-theme reads repository_url at builder-inited
    app.connect("config-inited", _addresses)
    app.connect("build-finished", _write_notebooks_and_bundle)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
