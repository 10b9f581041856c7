"""The editions ``make book`` builds: English at the site's root, Russian under ``ru/``.

Both are built from the same sources, data and cells. Another edition's
build differs from the English one in three inputs, written here into its
staging folder:

- its configuration: ``_config.yml`` with the edition's ``_config.<lang>.yml``
  merged over it (:func:`config_file`), so a setting is never copied by hand;
- its table of contents: ``_toc.yml`` with the part captions in its language
  (:func:`toc_file`); sphinx-external-toc inserts captions after Sphinx's
  translation step, so the pages' catalogs cannot translate them;
- its environment: ``KZEDITION_LANGUAGE`` (:mod:`kzedition.i18n`), which the
  notebooks' kernels inherit, so pasted values and charts are in its language.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from kzedition import i18n
from kzedition.paths import ROOT


@dataclass(frozen=True)
class Edition:
    language: str
    folder: str  #: under the site's root: "" for English, "ru" for Russian

    @property
    def staging(self) -> str:
        """The staging folder under ``_build`` (:data:`tools.build.STAGING` for English)."""
        return "staging" if self.language == i18n.DEFAULT else f"staging-{self.language}"

    @property
    def env(self) -> dict[str, str]:
        return {i18n.VARIABLE: self.language}


EDITIONS = tuple(Edition(lang, "" if lang == i18n.DEFAULT else lang) for lang in i18n.LANGUAGES)


def merged(base: dict, overrides: dict) -> dict:
    """``base`` with ``overrides`` merged over it, mappings key by key (a new dict)."""
    out = dict(base)
    for key, value in overrides.items():
        out[key] = (
            merged(out[key], value) if isinstance(value, dict) and isinstance(out.get(key), dict) else value
        )
    return out


def config_file(edition: Edition, out: Path, root: Path = ROOT) -> Path | None:
    """The edition's whole configuration, written into ``out``; ``None`` for English (``_config.yml``)."""
    if edition.language == i18n.DEFAULT:
        return None
    base = yaml.safe_load((root / "_config.yml").read_text(encoding="utf-8"))
    overrides = yaml.safe_load((root / f"_config.{edition.language}.yml").read_text(encoding="utf-8"))
    path = out / f"_config.{edition.language}.yml"
    out.mkdir(parents=True, exist_ok=True)
    path.write_text(
        yaml.safe_dump(merged(base, overrides), allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    return path


def toc_file(edition: Edition, out: Path, root: Path = ROOT) -> Path | None:
    """``_toc.yml`` with its part captions in the edition's language, written into ``out``."""
    if edition.language == i18n.DEFAULT:
        return None
    toc = yaml.safe_load((root / "_toc.yml").read_text(encoding="utf-8"))
    for part in toc.get("parts") or []:
        if "caption" in part:
            part["caption"] = i18n._(part["caption"], edition.language)
    path = out / f"_toc.{edition.language}.yml"
    out.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(toc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


#: Each edition as the build's messages name it.
NAMES = {"en": "English", "ru": "Russian"}
VARIABLE = "KZEDITION_EDITIONS"


def chosen(languages: tuple[str, ...] | None = None, environ: dict | None = None) -> tuple[Edition, ...]:
    """The editions to build: ``languages``, else ``KZEDITION_EDITIONS`` (``en,ru``), else all.

    English is always among them (the other editions live inside its site);
    :class:`kzedition.i18n.LanguageError` names a language the edition is not made in.
    """
    import os

    environ = os.environ if environ is None else environ
    if languages is None:
        value = environ.get(VARIABLE, "")
        languages = tuple(part.strip() for part in value.split(",") if part.strip()) or None
    if languages is None:
        return EDITIONS
    unknown = [lang for lang in languages if lang not in i18n.LANGUAGES]
    if unknown or i18n.DEFAULT not in languages:
        raise i18n.LanguageError(
            f"{VARIABLE} is {','.join(languages)!r}, but it takes a comma-separated list of "
            f"{', '.join(i18n.LANGUAGES)} that includes {i18n.DEFAULT} (or nothing: all editions)"
        )
    return tuple(e for e in EDITIONS if e.language in languages)
