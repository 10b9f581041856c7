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
#: A Font Awesome class name (``fa-sun``), in a page, a script or a selector.
CLASS = re.compile(r"(?<![\w-])fa-[a-z0-9]+(?:-[a-z0-9]+)*")
#: A selector of one icon rule: ``.fa-sun:before``.
ICON_SELECTOR = re.compile(r"\.(fa-[a-z0-9-]+)::?before")
#: The body of an icon rule: ``content:"\f185"``.
ICON_BODY = re.compile(r'content:\s*"((?:\\[0-9a-fA-F]{1,6}|[^"\\])+)"')
#: A CSS string.
STRING = re.compile(r'"((?:\\.|[^"\\])*)"|\'((?:\\.|[^\'\\])*)\'', re.S)
CSS_ESCAPE = re.compile(r"\\([0-9a-fA-F]{1,6})\s?|\\(.)", re.S)
URL = re.compile(r"url\(([^)]+)\)")
FONT_SRC = re.compile(r"src:[^;}]*")
SCRIPT_SRC = re.compile(r'<script[^>]*\ssrc="([^"?#]+)')
PRIVATE_USE = range(0xE000, 0xF900)


# --- CSS, as the theme's minified stylesheet writes it --------------------------------


def css_segments(css: str) -> Iterator[str]:
    """The top-level parts of ``css``, in order: rules, at-rules, comments, whitespace.

    Joined again they give ``css`` back exactly. Strings and comments are
    skipped over, so a brace inside either does not end a rule; a nested
    block (``@media``, ``@keyframes``) is one part.
    """
    i, n, start, depth = 0, len(css), 0, 0
    while i < n:
        c = css[i]
        if c == "/" and css.startswith("/*", i):
            end = css.find("*/", i + 2)
            end = n if end < 0 else end + 2
            if depth == 0 and i == start:
                yield css[i:end]
                start = end
            i = end
            continue
        if c in "\"'":
            match = STRING.match(css, i)
            i = match.end() if match else i + 1
            continue
        if c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
            if depth == 0:
                yield css[start : i + 1]
                start = i + 1
        elif c == ";" and depth == 0:
            yield css[start : i + 1]
            start = i + 1
        elif c.isspace() and depth == 0 and i == start:
            while i < n and css[i].isspace():
                i += 1
            yield css[start:i]
            start = i
            continue
        i += 1
    if start < n:
        yield css[start:]


def css_unescape(text: str) -> str:
    """The characters a CSS string stands for (``\\f185`` is U+F185)."""

    def one(match: re.Match) -> str:
        return chr(int(match.group(1), 16)) if match.group(1) else match.group(2)

    return CSS_ESCAPE.sub(one, text)


def _icon_rule(rule: str) -> tuple[list[tuple[str, str]], str] | None:
    """``([(class, selector), ...], characters)`` of a Font Awesome icon rule, else None."""
    head, _, body = rule.partition("{")
    selectors = [s.strip() for s in head.split(",")]
    classes = [ICON_SELECTOR.fullmatch(s) for s in selectors]
    content = ICON_BODY.fullmatch(body.rstrip("}").strip().rstrip(";"))
    if not content or not all(classes):
        return None
    return [(m.group(1), s) for m, s in zip(classes, selectors, strict=True)], css_unescape(content.group(1))


def _font_face(rule: str) -> bool:
    return rule.startswith("@font-face") and "Font Awesome" in rule


def font_faces(css: str) -> list[str]:
    """The ``@font-face`` rules of Font Awesome in ``css``."""
    return [rule for rule in css_segments(css) if _font_face(rule)]


def woff2_url(face: str) -> str:
    """The WOFF2 source of a ``@font-face`` rule (the theme lists WOFF2, then TrueType)."""
    return next(u.strip("\"'") for u in URL.findall(face) if ".woff2" in u)


def trim_stylesheet(css: str, used: set[str], subsets: dict[str, str | None]) -> tuple[str, str]:
    """``(css, characters)``: ``css`` with Font Awesome cut to the ``used`` classes.

    Icon rules keep only the selectors of ``used`` classes (a rule with none
    goes); each Font Awesome ``@font-face`` gets the source ``subsets`` names
    for its WOFF2 file, or goes if that is ``None``. Everything else stays as
    it was; the source-map comment, which described the full file, goes.
    ``characters`` are those of the icon rules kept.
    """
    out, chars = [], set()
    for rule in css_segments(css):
        icon = _icon_rule(rule)
        if icon:
            selectors, content = icon
            kept = [s for cls, s in selectors if cls in used]
            if kept:
                out.append(",".join(kept) + "{" + rule.partition("{")[2])
                chars |= set(content)
        elif _font_face(rule):
            subset = subsets[woff2_url(rule)]
            if subset:
                src = f'src:url({subset}) format("woff2")'
                out.append(FONT_SRC.sub(lambda _, src=src: src, rule, count=1))
        elif not rule.startswith("/*# sourceMappingURL"):
            out.append(rule)
    return "".join(out), "".join(sorted(chars))


def drawn_characters(css: str) -> set[str]:
    """Private-use characters in the strings of ``css`` (icon glyphs drawn by ``content:``)."""
    return {
        c
        for match in STRING.finditer(css)
        for c in css_unescape(match.group(1) or match.group(2) or "")
        if ord(c) in PRIVATE_USE
    }


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
    _, icon_chars = trim_stylesheet(css, used, {woff2_url(f): "" for f in font_faces(css)})
    others = [p for p in static.rglob("*.css") if p != target]
    chars = set(icon_chars) | drawn_characters(
        "".join(r for r in css_segments(css) if not _icon_rule(r) and not _font_face(r))
    )
    for other in others:
        chars |= drawn_characters(other.read_text(encoding="utf-8", errors="replace"))
    subsets: dict[str, str | None] = {}
    written = {}
    for face in font_faces(css):
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
