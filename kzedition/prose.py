"""Values from the chapter's code cells into its prose.

The chapter computes each figure in a short pandas cell and ends the cell
with :func:`paste`. For every ``name=value`` it

1. checks a value the report prints against the claims ledger
   (``text/claims.yml``): formatted as printed, it must match the print, or
   the cell stops with :class:`~kzedition.claims.ClaimDrift` naming the
   claim, its sentence and the file and rows;
2. hands the text, in the build's language (:mod:`kzedition.printed`: the
   Russian edition pastes ``95,55 %`` where the report prints ``95.55%``),
   to myst-nb's ``glue``, so ``{glue:text}`name``` in the
   prose shows it in the book (where myst-nb is not installed, as in a
   downloaded notebook, this step is skipped);
3. returns a small table of what it pasted, so the cell's output shows the
   values of the paragraph that follows: in plain Jupyter, whose prose
   carries the values written in when the notebook was made, a student who
   changes the data sees the new numbers right above the paragraph.

:func:`chapter_values` runs the chapter's code cells outside a notebook and
collects what they paste: the claims page checks those values, so every
figure has one computation path, the chapter's. :func:`chapter_texts`
gives the texts of the same run (what the notebooks' prose shows).
"""

from __future__ import annotations

import contextlib
import io
import json
import re
from contextvars import ContextVar
from dataclasses import dataclass, field
from html import escape
from pathlib import Path

from kzedition import claims, data, printed
from kzedition.i18n import _, in_english
from kzedition.paths import CHAPTER

__all__ = ["Pasted", "chapter_texts", "chapter_values", "paste"]


@dataclass
class _Collected:
    """What the chapter's cells paste when run by :func:`chapter_values`: raw values and their texts."""

    values: dict[str, object] = field(default_factory=dict)
    texts: dict[str, str] = field(default_factory=dict)


_collecting: ContextVar[_Collected | None] = ContextVar("collecting", default=None)
#: name -> (text, ledger note) of every value pasted so far in this kernel
_pasted: dict[str, tuple[str, str]] = {}


@dataclass(frozen=True)
class Pasted:
    """What one :func:`paste` call put into the prose (shown as the cell's output)."""

    rows: tuple[tuple[str, str, str], ...]  # (name, text, what the ledger says)

    def __repr__(self) -> str:
        width = max(len(row[0]) for row in self.rows)
        return "\n".join(
            f"{name:<{width}}  {text}" + (f"   ({note})" if note else "") for name, text, note in self.rows
        )

    def _repr_html_(self) -> str:
        body = "".join(
            f'<tr><th scope="row"><code>{escape(n)}</code></th><td>{escape(t)}</td>'
            f"<td>{_marked_printed(note)}</td></tr>"
            for n, t, note in self.rows
        )
        caption = escape(_("Pasted into the text below"))
        head = "".join(
            f'<th scope="col">{escape(c)}</th>' for c in (_("name"), _("value"), _("claims ledger"))
        )
        return (
            f'<table class="kz-pasted"><caption>{caption}</caption>'
            f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
        )


def _marked_printed(note: str) -> str:
    """A ledger note (``<status>; printed <figure>``) as HTML, the figure as the report prints
    it marked as English on a page in another language."""
    template = _("{status}; printed {printed}")
    pattern = (
        re.escape(template)
        .replace(r"\{status\}", "(?P<status>.+?)")
        .replace(r"\{printed\}", "(?P<printed>.+)")
    )
    m = re.fullmatch(pattern, note)
    if m is None:
        return escape(note)
    return escape(template).format(status=escape(m["status"]), printed=in_english(escape(m["printed"])))


def _glue(name: str, text: str) -> None:
    try:
        from myst_nb import glue
    except ImportError:  # plain Jupyter: the output table shows the value instead
        return
    glue(name, text, display=False)


def paste(*shown: str, **values) -> Pasted:
    """Paste each ``name=value`` into the prose; check printed figures first.

    A name that is a claim id of ``text/claims.yml`` takes the raw value
    (a number or a date) and is formatted as the report prints it; any other
    name takes the text to show, already formatted (see :mod:`kzedition.printed`).
    Names given without a value (``paste("users_2009", x=...)``) were pasted
    by a cell above: they are shown again, for the paragraph below uses them.
    """
    ledger = claims.ledger()
    frames = data.load_all() if any(name in ledger for name in values) else {}
    rows = []
    if _collecting.get() is None:
        for name in shown:
            if name not in _pasted:
                raise KeyError(f"paste({name!r}): no value named {name!r} has been pasted above")
            rows.append((name, *_pasted[name]))
    for name, value in values.items():
        if name in ledger:  # checked as the report prints it, pasted in the reader's language
            checked = claims.check_value(name, value, frames)
            text, note = (
                printed.format_as(checked.claim.format, value),
                _("{status}; printed {printed}").format(
                    status=claims.status_label(checked.status), printed=checked.claim.printed
                ),
            )
        elif isinstance(value, str):
            text, note = value, ""
        else:
            raise TypeError(
                f"paste({name}=...): not a claim of text/claims.yml, so pass the text "
                f"to show (e.g. printed.pct(x)), not {type(value).__name__}"
            )
        collected = _collecting.get()
        if collected is not None:
            collected.values[name], collected.texts[name] = value, text
        else:
            _glue(name, text)
            _pasted[name] = (text, note)
        rows.append((name, text, note))
    return Pasted(tuple(rows))


def _code_cells(source: Path) -> list[tuple[int, str]]:
    """``(number, source)`` of each code cell of a MyST notebook, in order.

    jupytext reads the MyST source where it is installed (the build, a
    clone); the page's own Python has no jupytext (it needs nbformat, whose
    dependencies have no WebAssembly build), so there the notebook generated
    beside the source (``make notebooks``; a test keeps it current) is read
    as JSON, its setup cell aside.
    """
    try:
        import jupytext
    except ImportError:
        notebook = json.loads(source.with_suffix(".ipynb").read_text(encoding="utf-8"))
        cells = [c for c in notebook["cells"] if "edition-setup" not in c["metadata"].get("tags", [])]
        return [(n, "".join(c["source"])) for n, c in enumerate(cells) if c["cell_type"] == "code"]
    return [(n, c.source) for n, c in enumerate(jupytext.read(source).cells) if c.cell_type == "code"]


def _run_chapter(source: Path) -> _Collected:
    """Run the chapter's code cells in one namespace, in order, from its folder; collect what they paste."""
    cells = _code_cells(Path(source))
    # ``display`` shows intermediate tables in a notebook; here it shows nothing.
    namespace: dict[str, object] = {"__name__": "__chapter__", "display": lambda *args, **kwargs: None}
    collected = _Collected()
    token = _collecting.set(collected)
    try:
        with contextlib.chdir(Path(source).parent), contextlib.redirect_stdout(io.StringIO()):
            for number, cell_source in cells:
                code = compile(cell_source, f"{Path(source).name}, code cell {number}", "exec")
                exec(code, namespace)
    finally:
        _collecting.reset(token)
    return collected


def chapter_values(source: Path = CHAPTER) -> dict[str, object]:
    """Run the chapter's code cells and return every value they paste, by name.

    The cells run in one namespace, in order, from the chapter's folder, with
    their printed output discarded; nothing is glued or displayed.
    """
    return _run_chapter(source).values


def chapter_texts(source: Path = CHAPTER) -> dict[str, str]:
    """Like :func:`chapter_values`, the texts the prose shows (``{glue:text}`name```), by name."""
    return _run_chapter(source).texts
