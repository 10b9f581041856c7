"""The Russian edition's generated pages: the package's words and the data's texts come from
catalogs (``kzedition.po``, ``kzedition-data.po``), every text of the data that a reader sees
has a translation, and quotations of the English report stay English, marked ``lang="en"``."""

from __future__ import annotations

import json
import re
import shutil
from html import escape
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from kzedition import bibliography, claims, data, i18n, paths, prose, reference_pages
from kzedition.paths import ROOT
from tools import translations

RUSSIAN = re.compile("[А-Яа-яЁё]")


@pytest.fixture(scope="module")
def frames():
    return data.load_all()


@pytest.fixture(scope="module")
def ledger(frames):
    return claims.evaluate(prose.chapter_values(), frames)


@pytest.fixture
def russian(monkeypatch):
    monkeypatch.setenv(i18n.VARIABLE, "ru")


def _catalog(path: Path) -> dict[str, object]:
    with path.open("rb") as handle:
        return {m.id: m for m in read_po(handle) if m.id}


def test_data_catalog_covers_every_translatable_text_of_the_data():
    po, _mo = translations.data_catalog("ru")
    held = _catalog(po)
    texts = translations.data_texts()
    assert len(texts) > 100  # events, copies, resources' titles, claims' and repairs' notes
    missing = [
        f"{name}, {row}, field {field!r}: {text[:60]!r}"
        for name, row, field, text in texts
        if text not in held or not held[text].string or held[text].fuzzy
    ]
    assert not missing, "no Russian translation in kzedition-data.po for:\n" + "\n".join(missing)


def test_a_new_text_of_the_data_stops_the_check_naming_file_row_and_field(tmp_path):
    for folder in ("data", "text", "locales/ru/LC_MESSAGES"):
        (tmp_path / folder).mkdir(parents=True)
    for name in (
        "data/events.csv",
        "data/copies_consulted.csv",
        "data/publication.csv",
        "data/datapackage.json",
    ):
        shutil.copy(ROOT / name, tmp_path / name)
    for name in (
        "references.bib",
        "text/claims.yml",
        "text/repairs.yml",
        "locales/ru/LC_MESSAGES/kzedition-data.po",
    ):
        shutil.copy(ROOT / name, tmp_path / name)
    translations.check_data("ru", tmp_path)  # the copy as it is passes
    events = tmp_path / "data/events.csv"
    text = events.read_text(encoding="utf-8")
    assert (
        text.splitlines()[4].split(",")[2]
        == "Signature collection for the referendum declared finished at 4.3 million signatures"
    )
    events.write_text(text.replace("Signature collection", "Signature gathering", 1), encoding="utf-8")
    with pytest.raises(translations.TranslationError, match=r"data/events\.csv, row 5, field 'event'"):
        translations.check_data("ru", tmp_path)


def test_every_marked_message_of_the_package_is_extracted():
    """Babel does not look inside f-strings: a ``_("…")`` written there would never be translated."""
    ids = {m.id if isinstance(m.id, str) else m.id[0] for m in translations.package_template() if m.id}
    unseen = []
    for path in sorted((ROOT / "kzedition").rglob("*.py")):
        source = path.read_text(encoding="utf-8")
        for m in re.finditer(r"""\b(?:N_|_)\((["'])((?:(?!\1).)+)\1[,)]""", source):
            if m[2] not in ids and m[2] != "...":  # "..." : i18n's docstring
                unseen.append(
                    f"{path.relative_to(ROOT)}, line {source.count(chr(10), 0, m.start()) + 1}: {m[2]!r}"
                )
    assert not unseen, "marked but not extracted (move the call out of the f-string):\n" + "\n".join(unseen)


def test_every_message_of_the_package_is_translated():
    po, _mo = translations.package_catalog("ru")
    held = _catalog(po)
    for message in translations.package_template():
        if message.id:
            found = held.get(message.id)
            assert found is not None and all(
                found.string if isinstance(found.string, tuple) else [found.string]
            ), f"{message.id!r} ({message.locations[0][0]}) is not translated in {po.name}"


def test_russian_ledger_has_russian_headers_and_statuses_and_english_quotations(ledger, russian):
    html = claims.ledger_html(ledger)
    for word in ("Утверждение доклада", "В докладе", "По данным", "Статус", "Откуда"):
        assert f">{word}</th>" in html
    for label in ("воспроизведено", "только сообщено", "расхождение"):
        assert f'<span class="claim-status">{label}</span>' in html
    for english in ("Claim in the report", "reported only", "Where from", "Source:", "not in data/"):
        assert english not in html
    for r in ledger:
        assert f'«<span lang="en">{escape(r.claim.sentence)}</span>»' in html
        assert f'<span lang="en">{escape(r.claim.printed)}</span>' in html
    assert '<span class="claim-section">Введение</span>' in html
    assert "строка" in html or "строки" in html


def test_english_ledger_is_as_it_was(ledger):
    html = claims.ledger_html(ledger)
    assert 'lang="en"' not in html
    assert '<th scope="col">Claim in the report</th>' in html
    assert '<span class="claim-status">reported only</span>' in html


def test_russian_data_page_tables(frames, russian):
    package = json.loads(paths.DATAPACKAGE.read_text(encoding="utf-8"))
    html = reference_pages.datasets_html(package, "../_static/data", frames)
    assert '<th scope="col">Файл</th>' in html
    assert "Президентские выборы 1991–2011 годов" in html
    assert "Источники: " in html and "Sources:" not in html
    timeline = reference_pages.events_html(data.load("events"))
    assert '<th scope="col">Событие</th>' in timeline and "Dated by" not in timeline
    assert "3 апреля 2011" in timeline  # dates in Russian form
    assert 'глава: «<span lang="en">in 2009, the authorities adopted a set of amendments</span>»' in timeline
    assert "«было собрано 187 950 подписей»" in timeline  # a Russian quotation is not marked English


def test_russian_sources_page_marks_english_titles(frames, russian):
    works = reference_pages.works_html(frames)
    assert '<span lang="en">Freedom on the Net 2011: Kazakhstan</span>' in works
    assert "Ссылаются файлы: <code>" in works and "Cited in <code>" not in works
    copies = reference_pages.copies_html(frames)
    assert '<th scope="col">Что это</th>' in copies
    assert "Веб-версия главы на giswatch.org, сайте её издателей." in copies
    # the bibliography's bodies, supplied [titles] and notes come from the data's catalog
    assert (
        "Центральная избирательная комиссия Республики Казахстан (1999), [Итоги президентских выборов"
        in works
    )
    assert "Сам документ комиссии не просмотрен" in works
    assert "Kazakhstan Today" not in works and "«Казахстан Сегодня»" in works
    entry = bibliography.cite_html(bibliography.Citation("fn07_kt2011"), None)
    assert 'lang="en"' not in entry  # a Russian title on a Russian page is not marked


def test_russian_pasted_table_marks_the_printed_figure(russian):
    result = claims.Result(claims.ledger()["users_2011"], "4.3 million", 4.3e6, "x", claims.REPORTED)
    note = f"{claims.status_label(result.status)}; в докладе: 4.3 million"
    html = prose.Pasted((("users_2011", "4,3 млн", note),))._repr_html_()
    assert "<caption>Вставлено в текст ниже</caption>" in html
    assert 'только сообщено; в докладе: <span lang="en">4.3 million</span>' in html


def test_quotations_marked_only_when_english():
    assert i18n.quotations_marked("глава: «in 2009»", "ru") == 'глава: «<span lang="en">in 2009</span>»'
    assert i18n.quotations_marked("«было собрано»", "ru") == "«было собрано»"
    assert i18n.quotations_marked("chapter: 'in 2009'", "en") == "chapter: 'in 2009'"
    assert RUSSIAN.search(i18n.data_text("South Africa", "ru"))


def test_a_translation_that_loses_a_placeholder_stops_the_check(tmp_path):
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import write_po

    catalog = Catalog(locale="ru", fuzzy=False)
    catalog.add("Sources: {works}.", "Источники: {работы}.", flags=["python-brace-format"])
    po = tmp_path / "kzedition.po"
    with po.open("wb") as handle:
        write_po(handle, catalog)
    with pytest.raises(translations.TranslationError, match=r"must keep the placeholders \{works\}"):
        translations.check_catalog(po, tmp_path)
