"""The build's settings, checked before they are used: one sentence names a bad one.

The build reads a few values from the environment and from ``_config.yml``;
each goes into pages (links, the canonical address), into the generated
notebooks' code or into the theme, so each is checked against the one form
it may take, and a bad value stops the build with :class:`SettingError`,
one sentence naming the setting, the value and that form:

=======================  =========================================  ================================
setting                  where                                      form
=======================  =========================================  ================================
``EDITION_REPOSITORY``   environment, else ``repository.url``       ``owner/name`` or
                         in ``_config.yml``                         ``https://github.com/owner/name``
``EDITION_SITE_URL``     environment, else ``html.baseurl``         ``https://host/path`` (or
                         in ``_config.yml``                         ``http://``)
``repository.branch``    ``_config.yml``                            a git branch name
``launch_buttons.*_url`` ``_config.yml``                            ``https://host/path``, or empty
``KZEDITION_DATAPACKAGE`` environment                               an existing ``datapackage.json``
=======================  =========================================  ================================

Launch links (Binder, Colab) open a repository on GitHub, so the repository
is a GitHub one; GitHub's own ``owner/name`` is accepted and written out as
its address. An empty value means "none" (the book is then built without
launch links, or without a site for downloaded notebooks). Values are
returned normalised (no trailing slash, no ``.git``): what uses them may
rely on that form, and the generated code still writes them as literals
(``repr``), never by pasting text into code.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import yaml

from kzedition.paths import ROOT

__all__ = ["SettingError", "branch", "check_all", "config", "launch_urls", "repository_url", "site_url"]


class SettingError(ValueError):
    """A setting of the build has a value it cannot take (the message names it and its form)."""


GITHUB = "https://github.com"
#: GitHub's owner and repository names: letters, digits, ``-``, ``_``, ``.`` (owner: no ``.``).
OWNER_NAME = re.compile(r"(?P<owner>[A-Za-z0-9](?:[A-Za-z0-9-]{0,38}))/(?P<name>[A-Za-z0-9._-]{1,100})")
GITHUB_URL = re.compile(r"https://github\.com/" + OWNER_NAME.pattern + r"(?:\.git)?/?")
#: An absolute http(s) address of a site: a host, an optional port and path; nothing that
#: would end a string, an attribute or a line, and no query or fragment.
SITE = re.compile(r"https?://[A-Za-z0-9.-]+(?::[0-9]{1,5})?(?:/[A-Za-z0-9._~%!$&*+,;=:@/-]*)?")
BRANCH = re.compile(r"[A-Za-z0-9._/-]{1,100}")


def config(root: Path = ROOT) -> dict:
    """``_config.yml``, read; :class:`SettingError` naming the file and line when it is not YAML."""
    path = root / "_config.yml"
    try:
        loaded = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f", line {mark.line + 1}" if mark is not None else ""
        raise SettingError(
            f"_config.yml{line}: not valid YAML ({getattr(exc, 'problem', None) or exc})"
        ) from exc
    if not isinstance(loaded, dict):
        raise SettingError("_config.yml: the file holds no settings (a mapping of keys to values)")
    return loaded


def _section(cfg: dict, key: str) -> dict:
    value = cfg.get(key) or {}
    if not isinstance(value, dict):
        raise SettingError(f"{key} in _config.yml must be a mapping of settings, not {value!r}")
    return value


def _value(environ: dict | None, variable: str | None, cfg: dict, section: str, key: str) -> tuple[str, str]:
    """``(name of the setting, its value)``: the environment variable if set, else ``_config.yml``."""
    environ = os.environ if environ is None else environ
    if variable and environ.get(variable):
        return variable, environ[variable].strip()
    value = _section(cfg, section).get(key)
    name = f"{section}.{key} in _config.yml"
    if value is not None and not isinstance(value, str):
        raise SettingError(f"{name} must be text, not {value!r}")
    return name, (value or "").strip()


def _shown(value: str) -> str:
    return repr(value if len(value) <= 80 else value[:77] + "...")


def repository_url(environ: dict | None = None, cfg: dict | None = None) -> str:
    """The repository's address, ``https://github.com/owner/name``, or ``""`` for none.

    From ``EDITION_REPOSITORY``, else ``repository.url`` in ``_config.yml``;
    ``owner/name`` is accepted and written out as GitHub's address.
    """
    name, value = _value(environ, "EDITION_REPOSITORY", config() if cfg is None else cfg, "repository", "url")
    if not value:
        return ""
    found = OWNER_NAME.fullmatch(value) or GITHUB_URL.fullmatch(value)
    if found is None:
        raise SettingError(
            f"{name} is {_shown(value)}, but it takes a GitHub repository, as owner/name or "
            "https://github.com/owner/name (launch links open the notebooks on GitHub), or nothing"
        )
    repo = found["name"].removesuffix(".git")
    return f"{GITHUB}/{found['owner']}/{repo}"


def site_url(environ: dict | None = None, cfg: dict | None = None) -> str:
    """The published site's address without a trailing slash, or ``""`` for none.

    From ``EDITION_SITE_URL``, else ``html.baseurl`` in ``_config.yml``.
    """
    name, value = _value(environ, "EDITION_SITE_URL", config() if cfg is None else cfg, "html", "baseurl")
    if value and not SITE.fullmatch(value):
        raise SettingError(
            f"{name} is {_shown(value)}, but it takes the published site's address, "
            "https://host/path (or http://), without quotes, spaces, query or fragment, or nothing"
        )
    return value.rstrip("/")


def branch(cfg: dict | None = None) -> str:
    """``repository.branch`` in ``_config.yml`` (default ``main``)."""
    _, value = _value({}, None, config() if cfg is None else cfg, "repository", "branch")
    if value and not BRANCH.fullmatch(value):
        raise SettingError(
            f"repository.branch in _config.yml is {_shown(value)}, but it takes a git branch name "
            "(letters, digits, '.', '_', '-', '/')"
        )
    return value or "main"


def launch_urls(cfg: dict | None = None) -> dict[str, str]:
    """The launch services' addresses of ``launch_buttons`` in ``_config.yml`` (``*_url`` keys)."""
    cfg = config() if cfg is None else cfg
    urls = {}
    for key, value in _section(cfg, "launch_buttons").items():
        if not key.endswith("_url"):
            continue
        name, value = _value({}, None, cfg, "launch_buttons", key)
        if value and (not SITE.fullmatch(value) or not value.startswith("https://")):
            raise SettingError(
                f"{name} is {_shown(value)}, but it takes a service's address, https://host/path, or nothing"
            )
        urls[key] = value
    return urls


def datapackage(environ: dict | None = None) -> Path | None:
    """``KZEDITION_DATAPACKAGE``: ``None`` when unset, else the descriptor it names (which must exist)."""
    environ = os.environ if environ is None else environ
    value = environ.get("KZEDITION_DATAPACKAGE")
    if not value:
        return None
    path = Path(value)
    if path.name != "datapackage.json" or not path.is_file():
        raise SettingError(
            f"KZEDITION_DATAPACKAGE is {_shown(value)}, but it takes the path of an existing "
            "datapackage.json file, or nothing"
        )
    return path


def check_all(environ: dict | None = None) -> None:
    """Check every setting the build reads; raise :class:`SettingError` on the first bad one."""
    cfg = config()
    repository_url(environ, cfg)
    site_url(environ, cfg)
    branch(cfg)
    launch_urls(cfg)
    datapackage(environ)
