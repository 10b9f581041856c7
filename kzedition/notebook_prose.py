"""A notebook's prose in another language, block by block, from the page's translation catalog.

Sphinx translates a page's paragraphs, headings, list items, table cells and
footnotes one message at a time, each message being the MyST source of that
block (its lines joined by spaces). The notebook a reader downloads from a
translated page is made from the same MyST source, so its markdown cells are
translated the same way: :func:`translate_markdown` cuts a cell into those
blocks, looks each one up, and puts the translation in place, keeping the
markup around it (``## ``, ``- ``, ``[^1]: ``, table pipes, directive fences).
Code, directive options and labels are left as they are. No Sphinx here.
"""

from __future__ import annotations

import re
from collections.abc import Callable

#: What starts a block and is kept around its text: a heading, a footnote's definition,
#: a list item, a quotation.
PREFIX = re.compile(
    r"^(?P<prefix>\s*(?:#{1,6}\s+|\[\^[^\]\s]+\]:\s*|[-*+]\s+|\d+[.)]\s+|>\s*))(?P<text>\S.*)$"
)
FENCE = re.compile(r"^\s*(?P<fence>`{3,}|:{3,})(?P<name>\{[\w:-]+\})?(?P<argument>.*)$")
#: Directives whose argument is a title to translate (others take a label or a path).
TITLED = ("{admonition}", "{exercise}")
OPTION = re.compile(r"^\s*:[\w-]+:")  #: a directive's option line (``:class: edition``)
LABEL = re.compile(r"^\s*(\([\w-]+\)=|\{[^}]*\})\s*$")  #: ``(target)=``, ``{.byline}``
TABLE_RULE = re.compile(r"^\s*\|[\s:|-]+\|\s*$")


def _cells(line: str, translate: Callable[[str], str]) -> str:
    """A table row with each cell translated."""
    cells = line.strip().strip("|").split("|")
    return "| " + " | ".join(translate(cell.strip()) if cell.strip() else "" for cell in cells) + " |"


def _is_start(line: str) -> bool:
    return bool(PREFIX.match(line) or FENCE.match(line) or LABEL.match(line) or line.lstrip().startswith("|"))


def _fence(line: str, match: re.Match, opened: list[tuple[str, bool]], translate) -> str:
    """A fence line: closes the innermost open block or opens one (a code block or a directive,
    whose argument is translated when it is a title); ``opened`` is updated."""
    if opened and line.strip() == opened[-1][0]:
        opened.pop()
        return line
    code = match["name"] is None and match["fence"].startswith("`")
    opened.append((match["fence"], code))
    argument = match["argument"].strip() if match["name"] in TITLED else ""
    return f"{line[: len(line) - len(match['argument'])]} {translate(argument)}" if argument else line


def translate_markdown(markdown: str, translate: Callable[[str], str]) -> str:
    """``markdown`` with each block's text replaced by ``translate(text)``."""
    lines, out, i = markdown.split("\n"), [], 0
    opened: list[tuple[str, bool]] = []  # the fences open around the line: (fence, is code)
    while i < len(lines):
        line = lines[i]
        fence = FENCE.match(line)
        in_code = any(code for _, code in opened)
        if fence and (not in_code or line.strip() == opened[-1][0]):
            out.append(_fence(line, fence, opened, translate))
            i += 1
            continue
        if in_code or not line.strip() or LABEL.match(line) or OPTION.match(line) or TABLE_RULE.match(line):
            out.append(line)
            i += 1
            continue
        if line.lstrip().startswith("|"):
            out.append(_cells(line, translate))
            i += 1
            continue
        match = PREFIX.match(line)
        prefix, text = (match["prefix"], [match["text"]]) if match else ("", [line.strip()])
        i += 1
        while i < len(lines) and lines[i].strip() and not _is_start(lines[i]) and not OPTION.match(lines[i]):
            text.append(lines[i].strip())
            i += 1
        out.append(prefix + translate(" ".join(text)))
    return "\n".join(out)


class Catalog:
    """Messages of a page (``msgid -> msgstr``) and the texts asked for that it lacked."""

    def __init__(self, messages: dict[str, str], fallback: Callable[[str], str] | None = None) -> None:
        self.messages = messages
        self.fallback = fallback
        self.missing: list[str] = []

    def __call__(self, text: str) -> str:
        found = self.messages.get(text)
        if found:
            return found
        other = self.fallback(text) if self.fallback else text
        if other == text:
            self.missing.append(text)
        return other
