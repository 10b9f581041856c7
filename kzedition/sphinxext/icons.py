"""Sphinx extension ``kzedition.sphinxext.icons``: only the icons the site shows.

pydata-sphinx-theme bundles the whole of Font Awesome Free into its
stylesheet (about 2,000 ``.fa-…:before`` rules, 95 KB of its 397 KB) and
links three web fonts (solid 153 KiB, regular 25 KiB, brands 115 KiB); a
page that draws one icon downloads the whole solid font, and with the
theme's ``font-display: block`` its icons stay invisible until it arrives.
The edition shows about twenty icons.

At ``build-finished`` (HTML builders that use the theme; the EPUB, whose
theme is Sphinx's ``epub``, is left alone) :func:`lighten` writes, into the
output folder:

1. **The icons in use** (:func:`used_icons`): the ``fa-…`` class names in
   the built pages and in the scripts they load (pydata-sphinx-theme's
   script adds ``fa-xmark``), and every private-use character that a string
   of the site's stylesheets draws outside Font Awesome's own rules (the
   theme's admonition titles, external links, download links, the book
   theme's "on this page" toggle: ``content:`` and ``--pst-icon-…``).
   They are taken from what was built, so launch and repository buttons,
   which come and go with the configuration, are counted when they are there.
2. **Subset fonts** (:func:`subset_font`): each Font Awesome font the theme
   declares, cut with fontTools' subsetter to the characters in use, as
   WOFF2 (``<name>.subset.woff2`` beside the originals). The name table is
   kept whole (copyright and the SIL OFL notice) and the font's own
   timestamp is kept, so two builds write the same bytes.
3. **A trimmed stylesheet** (:func:`trim_stylesheet`): the theme's
   ``pydata-sphinx-theme.css``, from the installed theme, with Font
   Awesome's icon rules kept only for the classes in use and its
   ``@font-face`` rules pointing at the subsets (faces with no glyph in use
   are dropped); every other rule is the theme's, byte for byte. It replaces
   the copy Sphinx put in ``_static``, under the same name, so no template
   changes; its source map, which described the full file, is removed.
4. The full fonts, which nothing links any more, are removed from the output.

``tests/test_icons.py`` checks in Chromium, on every page and in both colour
modes, that every icon drawn is drawn by a subset font and that the subset
holds every icon's character.
"""

from __future__ import annotations

import functools
import io
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.util import logging

from kzedition import __version__

logger = logging.getLogger(__name__)

#: The theme stylesheet that bundles Font Awesome, relative to ``_static``.
THEME_CSS = "styles/pydata-sphinx-theme.css"
SUBSET_SUFFIX = ".subset.woff2"
#: A Font Awesome class name (``fa-sun``), in a page or a script (HTML and JavaScript, not CSS).
CLASS = re.compile(r"(?<![\w-])fa-[a-z0-9]+(?:-[a-z0-9]+)*")
SCRIPT_SRC = re.compile(r'<script[^>]*\ssrc="([^"?#]+)')
PRIVATE_USE = range(0xE000, 0xF900)


# --- CSS, parsed by tinycss2, written back as the theme wrote it -----------------------
#
# tinycss2 reads the stylesheet (strings, escapes, comments, nested blocks);
# what is kept is cut from the original text at the positions tinycss2
# reports, so every rule that is not Font Awesome's stays byte for byte.


def _offset_table(css: str) -> list[int]:
    """The offset in ``css`` of the start of each line (tinycss2 counts lines from 1)."""
    return [0] + [i + 1 for i, c in enumerate(css) if c == "\n"]


def _at(lines: list[int], node) -> int:
    return lines[node.source_line - 1] + node.source_column - 1


@functools.lru_cache(maxsize=4)  # one stylesheet is read four times by lighten()
def css_rules(css: str) -> tuple[tuple[Any, str], ...]:
    """``(node, text)`` for each top-level part of ``css``: rules, at-rules, comments, whitespace.

    The texts joined give ``css`` back exactly; a nested block (``@media``,
    ``@keyframes``) is one part.
    """
    import tinycss2

    parts = tinycss2.parse_stylesheet(css, skip_comments=False, skip_whitespace=False)
    lines = _offset_table(css)
    starts = [_at(lines, node) for node in parts] + [len(css)]
    if parts and starts[0] != 0:
        starts[0] = 0
    rules = tuple((node, css[a:b]) for node, a, b in zip(parts, starts, starts[1:], strict=False))
    if "".join(text for _, text in rules) != css:  # positions tinycss2 reported do not tile the text
        raise ValueError("icons: the stylesheet could not be cut into its rules")
    return rules


def css_segments(css: str) -> list[str]:
    """The texts of :func:`css_rules`."""
    return [text for _, text in css_rules(css)]


def css_unescape(text: str) -> str:
    """The characters a CSS string stands for (``\\f185`` is U+F185), read by tinycss2."""
    import tinycss2

    token = tinycss2.parse_one_component_value('"' + text.replace('"', '\\"') + '"')
    return token.value


def _split_commas(tokens: list) -> list[list]:
    groups: list[list] = [[]]
    for token in tokens:
        if token.type == "literal" and token.value == ",":
            groups.append([])
        else:
            groups[-1].append(token)
    return groups


def _selector_class(tokens: list) -> str | None:
    """``fa-sun`` for the selector ``.fa-sun:before`` (or ``::before``), else None."""
    tokens = [t for t in tokens if t.type not in ("whitespace", "comment")]
    values = [(t.type, getattr(t, "value", None)) for t in tokens]
    if len(values) not in (4, 5) or values[0] != ("literal", ".") or values[1][0] != "ident":
        return None
    if not values[1][1].startswith("fa-"):
        return None
    if values[2:] not in (
        [("literal", ":"), ("ident", "before")],
        [("literal", ":")] * 2 + [("ident", "before")],
    ):
        return None
    return values[1][1]


def _declarations(node) -> list:
    import tinycss2

    return [
        d
        for d in tinycss2.parse_blocks_contents(node.content or [], skip_comments=True, skip_whitespace=True)
        if d.type == "declaration"
    ]


def _icon_rule(node, text: str) -> tuple[list[tuple[str, str]], str] | None:
    """``([(class, selector), ...], characters)`` of a Font Awesome icon rule, else None."""
    import tinycss2

    if node.type != "qualified-rule":
        return None
    groups = _split_commas(node.prelude)
    classes = [_selector_class(g) for g in groups]
    declarations = _declarations(node)
    if not all(classes) or len(declarations) != 1 or declarations[0].lower_name != "content":
        return None
    value = [t for t in declarations[0].value if t.type not in ("whitespace", "comment")]
    if len(value) != 1 or value[0].type != "string":
        return None
    selectors = [tinycss2.serialize(g).strip() for g in groups]
    return list(zip(classes, selectors, strict=True)), value[0].value


def _font_face(node) -> bool:
    """Whether ``node`` is an ``@font-face`` rule of Font Awesome."""
    if node.type != "at-rule" or node.lower_at_keyword != "font-face":
        return False
    for declaration in _declarations(node):
        if declaration.lower_name == "font-family":
            words = [t.value for t in declaration.value if t.type in ("ident", "string")]
            if "Font Awesome" in " ".join(words):
                return True
    return False


def font_faces(css: str) -> list[tuple[Any, str]]:
    """The ``@font-face`` rules of Font Awesome in ``css``: ``(node, text)``."""
    return [(node, text) for node, text in css_rules(css) if _font_face(node)]


def _urls(tokens: list) -> Iterator[str]:
    for token in tokens:
        if token.type == "url":
            yield token.value
        elif token.type == "function" and token.lower_name == "url":
            yield from (t.value for t in token.arguments if t.type == "string")


def woff2_url(face) -> str:
    """The WOFF2 source of a ``@font-face`` rule (the theme lists WOFF2, then TrueType)."""
    sources = [d for d in _declarations(face) if d.lower_name == "src"]
    return next(u for d in sources for u in _urls(d.value) if ".woff2" in u)


def _with_source(face, text: str, css: str, src: str) -> str:
    """``text`` of ``face`` with its ``src`` declaration, and nothing else, replaced by ``src``."""
    lines = _offset_table(css)
    base = _at(lines, face)
    content = face.content
    start = next(i for i, t in enumerate(content) if t.type == "ident" and t.lower_value == "src")
    end = next(
        (_at(lines, t) - base for t in content[start:] if t.type == "literal" and t.value == ";"),
        len(text) - 1,  # the last declaration: up to the closing brace
    )
    return text[: _at(lines, content[start]) - base] + src + text[end:]


def trim_stylesheet(css: str, used: set[str], subsets: dict[str, str | None]) -> tuple[str, str]:
    """``(css, characters)``: ``css`` with Font Awesome cut to the ``used`` classes.

    Icon rules keep only the selectors of ``used`` classes (a rule with none
    goes); each Font Awesome ``@font-face`` gets the source ``subsets`` names
    for its WOFF2 file, or goes if that is ``None``. Everything else stays as
    it was; the source-map comment, which described the full file, goes.
    ``characters`` are those of the icon rules kept.
    """
    out, chars = [], set()
    for node, text in css_rules(css):
        icon = _icon_rule(node, text)
        if icon:
            selectors, content = icon
            kept = [s for cls, s in selectors if cls in used]
            if kept:
                out.append(",".join(kept) + "{" + text.partition("{")[2])
                chars |= set(content)
        elif _font_face(node):
            subset = subsets[woff2_url(node)]
            if subset:
                out.append(_with_source(node, text, css, f'src:url({subset}) format("woff2")'))
        elif not (node.type == "comment" and node.value.startswith("# sourceMappingURL")):
            out.append(text)
    return "".join(out), "".join(sorted(chars))


def _strings(tokens) -> Iterator[str]:
    for token in tokens or []:
        if token.type == "string":
            yield token.value
        for nested in ("prelude", "content", "arguments"):
            if isinstance(getattr(token, nested, None), list):
                yield from _strings(getattr(token, nested))


def drawn_characters(css: str) -> set[str]:
    """Private-use characters in the strings of ``css`` (icon glyphs drawn by ``content:``)."""
    import tinycss2

    tokens = tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True)
    return {c for text in _strings(tokens) for c in text if ord(c) in PRIVATE_USE}


# --- what the site uses ---------------------------------------------------------------


def used_icons(outdir: Path, pages: Iterable[Path]) -> set[str]:
    """The ``fa-…`` class names in ``pages`` and in the local scripts they load."""
    used: set[str] = set()
    scripts: set[Path] = set()
    for page in pages:
        html = page.read_text(encoding="utf-8")
        used |= set(CLASS.findall(html))
        for src in SCRIPT_SRC.findall(html):
            if "://" not in src:
                scripts.add((page.parent / src).resolve())
    for script in sorted(scripts):
        if script.is_file() and script.is_relative_to(outdir.resolve()):
            used |= set(CLASS.findall(script.read_text(encoding="utf-8", errors="replace")))
    return used


def subset_font(source: Path, characters: Iterable[str]) -> bytes | None:
    """``source`` cut to the glyphs of ``characters`` it has, as WOFF2; None if it has none."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    font = TTFont(str(source), recalcTimestamp=False)
    wanted = {ord(c) for c in characters} & set(font.getBestCmap())
    if not wanted:
        return None
    options = subset.Options()
    options.flavor = "woff2"
    options.name_IDs = ["*"]  # the copyright and the SIL OFL notice
    options.name_languages = ["*"]
    options.notdef_outline = True
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted(wanted))
    subsetter.subset(font)
    out = io.BytesIO()
    font.flavor = "woff2"
    font.save(out, reorderTables=False)
    return out.getvalue()


def theme_stylesheet(app: Sphinx) -> Path | None:
    """The installed theme's ``pydata-sphinx-theme.css`` (the output's copy may be trimmed)."""
    for theme_dir in app.builder.theme.get_theme_dirs():
        candidate = Path(theme_dir) / "static" / THEME_CSS
        if candidate.is_file():
            return candidate
    return None


def lighten(outdir: Path, source_css: Path) -> dict[str, Any]:
    """Write the subset fonts and the trimmed stylesheet into ``outdir`` (see the module)."""
    static = outdir / "_static"
    target = static / THEME_CSS
    css = source_css.read_text(encoding="utf-8")
    pages = sorted(p for p in outdir.rglob("*.html") if static not in p.parents)
    used = used_icons(outdir, pages)
    # First the icon rules kept, then the characters other stylesheets draw.
    faces = font_faces(css)
    _, icon_chars = trim_stylesheet(css, used, {woff2_url(face): "" for face, _ in faces})
    others = [p for p in static.rglob("*.css") if p != target]
    chars = set(icon_chars) | drawn_characters(
        "".join(text for node, text in css_rules(css) if not _icon_rule(node, text) and not _font_face(node))
    )
    for other in others:
        chars |= drawn_characters(other.read_text(encoding="utf-8", errors="replace"))
    subsets: dict[str, str | None] = {}
    written = {}
    for face, _ in faces:
        url = woff2_url(face)
        font = subset_font(source_css.parent / url, chars)
        name = None
        if font is not None:
            name = url.removesuffix(".woff2") + SUBSET_SUFFIX
            (target.parent / name).write_bytes(font)
            written[name] = len(font)
        subsets[url] = name
        for full in (url, url.removesuffix(".woff2") + ".ttf"):
            (target.parent / full).unlink(missing_ok=True)
    trimmed, _ = trim_stylesheet(css, used, subsets)
    target.write_text(trimmed, encoding="utf-8")
    (target.parent / (THEME_CSS.rsplit("/", 1)[1] + ".map")).unlink(missing_ok=True)
    return {"classes": used, "characters": chars, "fonts": written, "css": (len(css), len(trimmed))}


def _on_build_finished(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    source = theme_stylesheet(app)
    if source is None or not (Path(app.outdir) / "_static" / THEME_CSS).is_file():
        return
    result = lighten(Path(app.outdir), source)
    fonts = ", ".join(f"{Path(n).name} {size / 1024:.1f} KiB" for n, size in result["fonts"].items())
    logger.info(
        "icons: %d glyphs in use; %s; theme stylesheet %d -> %d bytes",
        len(result["characters"]),
        fonts or "no font",
        *result["css"],
    )


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("build-finished", _on_build_finished)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
