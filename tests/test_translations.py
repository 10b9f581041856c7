"""The translated editions' catalogs (tools.translations) and the Sphinx side of a translation.

The build stops before Sphinx on a catalog it cannot use (untranslated, fuzzy,
roles that differ from the English message, a stale compiled package
catalog), naming the file and the message; during the build, a page's message
that no catalog holds is a warning (an error in the strict build). A small
site (``tests/sites/test-translated``) shows footnote marks and pasted values
in a translated paragraph.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kzedition import i18n, printed
from kzedition.paths import ROOT
from tools import editions, translations
from tools.translations import TranslationError, carried

RU = ROOT / "locales" / "ru" / "LC_MESSAGES"


def test_every_catalog_of_the_russian_edition_is_complete_and_keeps_its_roles():
    translations.check(["ru"])


def test_sphinx_intl_counts_nothing_untranslated_or_fuzzy():
    """The maintainers' own tool agrees: sphinx-intl stat over every catalog."""
    out = subprocess.run(
        [str(Path(sys.executable).parent / "sphinx-intl"), "stat", "-d", str(ROOT / "locales"), "-l", "ru"],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    lines = [line for line in out.splitlines() if line.strip().endswith(".po") or "untranslated" in line]
    assert len(lines) >= 13, out
    for line in lines:
        assert re.search(r"\b0 fuzzy, 0 untranslated", line), line


def copy_locales(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "locales", tmp_path / "locales")
    shutil.copytree(ROOT / "kzedition" / "locale", tmp_path / "kzedition" / "locale")
    for name in ("data", "text"):  # what the data catalog's texts come from
        shutil.copytree(ROOT / name, tmp_path / name)
    for name in ("_toc.yml", "references.bib"):
        shutil.copyfile(ROOT / name, tmp_path / name)
    return tmp_path / "locales" / "ru" / "LC_MESSAGES"


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_an_untranslated_message_stops_the_build_naming_file_and_message(tmp_path):
    folder = copy_locales(tmp_path)
    edit(folder / "chapters" / "dedication.po", 'msgstr "Посвящение"', 'msgstr ""')
    with pytest.raises(
        TranslationError,
        match=r"locales/ru/LC_MESSAGES/chapters/dedication\.po: the message 'Dedication' is not translated",
    ):
        translations.check(["ru"], tmp_path)


def test_a_fuzzy_translation_stops_the_build(tmp_path):
    folder = copy_locales(tmp_path)
    edit(folder / "chapters" / "dedication.po", 'msgid "Dedication"', '#, fuzzy\nmsgid "Dedication"')
    with pytest.raises(
        TranslationError, match=r"dedication\.po: the translation of 'Dedication' is marked fuzzy"
    ):
        translations.check(["ru"], tmp_path)


def test_a_translation_that_drops_a_pasted_value_stops_the_build(tmp_path):
    folder = copy_locales(tmp_path)
    po = folder / "chapters" / "kazakhstan.po"
    text = po.read_text(encoding="utf-8")
    start = text.index("msgstr", text.index("{glue:text}`share_2005`"))
    role = text.index("{glue:text}`share_2005`", start)
    po.write_text(text[:role] + "91 %" + text[role + len("{glue:text}`share_2005`") :], encoding="utf-8")
    with pytest.raises(
        TranslationError,
        match=r"kazakhstan\.po: .* does not keep the message's roles; missing \{glue:text\}`share_2005`",
    ):
        translations.check(["ru"], tmp_path)


def test_a_stale_compiled_package_catalog_stops_the_build(tmp_path):
    folder = copy_locales(tmp_path)
    edit(folder / "kzedition.po", 'msgstr "Доклад"', 'msgstr "Отчёт"')
    with pytest.raises(
        TranslationError, match=r"kzedition\.mo is not compiled from .*kzedition\.po: run make translations"
    ):
        translations.check(["ru"], tmp_path)


def test_roles_marks_and_targets_are_what_a_translation_carries():
    english = (
        "Rose from {glue:text}`a` to {glue:text}`b`,[^1] by {term}`GONGOs <GONGO>`, see [data](data.md)."
    )
    russian = "Выросло с {glue:text}`a` до {glue:text}`b`[^1]; {term}`ГОНГО <GONGO>`, см. [данные](data.md)."
    assert carried(english) == carried(russian)
    assert carried("{term}`Kazakhtelecom`") == carried("{term}`«Казахтелеком» <Kazakhtelecom>`")
    assert carried(english) != carried(russian.replace("[^1]", ""))


def test_the_build_names_an_edition_it_cannot_make():
    with pytest.raises(i18n.LanguageError, match="KZEDITION_EDITIONS is 'ru'"):
        editions.chosen(environ={"KZEDITION_EDITIONS": "ru"})
    with pytest.raises(i18n.LanguageError, match="KZEDITION_LANGUAGE is 'kk'"):
        i18n.language({"KZEDITION_LANGUAGE": "kk"})
    assert [e.language for e in editions.chosen(environ={"KZEDITION_EDITIONS": "en"})] == ["en"]


@pytest.mark.parametrize(
    ("name", "value", "english", "russian"),
    [
        ("pct2", 95.5526, "95.55%", "95,55\xa0%"),
        ("thousands", 203000, "203,000", "203\xa0000"),
        ("millions", 4.3e6, "4.3 million", "4,3\xa0млн"),
        ("millions_word", 5e6, "five million", "5\xa0млн"),
        ("weeks", 14, "two-week", "2 недели"),
        ("weeks", 35, "five-week", "5 недель"),
        ("number_word", 3, "three", "3"),
        ("year", 1991, "1991", "1991"),
    ],
)
def test_numbers_in_the_form_of_each_edition(name, value, english, russian):
    assert printed.format_as(name, value, "en") == english
    assert printed.format_as(name, value, "ru") == russian


def test_dates_in_russian_form():
    from datetime import date

    assert printed.day_month(date(2011, 4, 3), "ru") == "3 апреля"


def test_the_russian_edition_merges_its_settings_over_the_english(tmp_path):
    russian = editions.EDITIONS[1]
    config = editions.config_file(russian, tmp_path)
    import yaml

    merged = yaml.safe_load(config.read_text(encoding="utf-8"))
    assert merged["sphinx"]["config"]["language"] == "ru"
    assert merged["sphinx"]["config"]["nitpicky"] is True  # kept from _config.yml
    assert (
        merged["sphinx"]["extra_extensions"]
        == yaml.safe_load((ROOT / "_config.yml").read_text())["sphinx"]["extra_extensions"]
    )
    toc = yaml.safe_load(editions.toc_file(russian, tmp_path).read_text(encoding="utf-8"))
    assert [p["caption"] for p in toc["parts"]] == ["Доклад", "Издание"]


# --- a translated page on a small site ---------------------------------------------


@pytest.mark.sphinx("html", testroot="translated")
def test_a_translated_paragraph_keeps_its_footnote_link_and_pasted_value(app):
    app.build()
    html = (app.outdir / "page.html").read_text(encoding="utf-8")
    assert 'Доля составила <span class="pasted-text">95,55 %</span> голосов' in html
    assert re.search(r'голосов<a class="footnote-reference[^"]*" href="#[^"]+"', html)
    assert "[^1]" not in html


@pytest.mark.sphinx("html", testroot="translated", srcdir="translated-warnings")
def test_a_message_the_catalog_lacks_is_a_warning_naming_the_catalog(app):
    app.build()
    warnings = re.sub(r"\x1b\[[0-9;]*m", "", app.warning.getvalue())
    assert re.search(
        r"untranslated message in locales/ru/LC_MESSAGES/page\.po: 'A paragraph the catalog does not have\.'",
        warnings,
    ), warnings
    assert warnings.count("untranslated message") == 1, warnings


@pytest.mark.parametrize("page", __import__("kzedition.notebook_export", fromlist=["x"]).NOTEBOOK_PAGES)
def test_every_block_of_a_notebooks_prose_has_its_translation(page):
    """What the Russian site's notebook downloads say: each markdown block found in the catalogs."""
    import jupytext
    from babel.messages.pofile import read_po

    from kzedition.notebook_prose import Catalog, translate_markdown

    with (RU / Path(page).with_suffix(".po")).open("rb") as handle:
        messages = {m.id: m.string for m in read_po(handle) if m.id and isinstance(m.id, str)}
    catalog = Catalog(messages, fallback=lambda text: i18n._(text, "ru"))
    for cell in jupytext.read(ROOT / page).cells:
        if cell.cell_type == "markdown":
            translate_markdown(cell.source, catalog)
    assert catalog.missing == []


def test_markdown_blocks_keep_their_markup():
    from kzedition.notebook_prose import translate_markdown

    source = (
        "(label)=\n# Title\n\nA paragraph\nin two lines.[^1]\n\n- an item\n- another\n\n"
        "| Head | Other |\n| --- | --- |\n| cell | |\n\n:::{admonition} Note\n:class: edition\n\nInside.\n:::\n\n"
        "```python\nnot = 'prose'\n```\n\n```{exercise} Ex\n:label: e\n\nBody.\n```\n\nAfter.\n\n[^1]: The note."
    )
    words = {
        "Ex": "Упр", "Body.": "Тело.", "After.": "После.",
        "Title": "Заголовок", "A paragraph in two lines.[^1]": "Абзац в две строки[^1].", "an item": "пункт",
        "another": "другой", "Head": "Шапка", "Other": "Другое", "cell": "ячейка", "Note": "Примечание",
        "Inside.": "Внутри.", "The note.": "Сноска.",
    }  # fmt: skip
    out = translate_markdown(source, lambda text: words.get(text, f"<{text}>"))
    assert out == (
        "(label)=\n# Заголовок\n\nАбзац в две строки[^1].\n\n- пункт\n- другой\n\n"
        "| Шапка | Другое |\n| --- | --- |\n| ячейка |  |\n\n"
        ":::{admonition} Примечание\n:class: edition\n\nВнутри.\n:::\n\n"
        "```python\nnot = 'prose'\n```\n\n```{exercise} Упр\n:label: e\n\nТело.\n```\n\nПосле.\n\n[^1]: Сноска."
    )


def test_sphinx_translations_are_set_without_evaluating_a_string():
    from kzedition.sphinxext.upstream.sphinx import translations_without_eval

    sphinx = (
        'Documentation.addTranslations({"locale": "ru", "messages": {"Search": "Поиск"}, '
        '"plural_expr": "(n%10==1 ? 0 : 1)"});'
    )
    out = translations_without_eval(sphinx)
    assert (
        "new Function" not in out and "Documentation.PLURAL_EXPR = (n) => Number((n%10==1 ? 0 : 1));" in out
    )
    assert '"Search":"Поиск"' in out
    with pytest.raises(ValueError, match="not arithmetic on n"):
        translations_without_eval(sphinx.replace("(n%10==1 ? 0 : 1)", "alert(1)"))
