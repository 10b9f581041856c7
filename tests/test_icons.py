"""The subset icon font (``kzedition.sphinxext.icons``): no icon disappears.

In headless Chromium, on every page and in light and dark mode, every
element that draws a Font Awesome glyph (``<i class="fa-…">`` and the
theme's ``::before``/``::after`` icons: admonitions, download and external
links, "on this page") is found through the DevTools protocol, and

- its character is in the ``cmap`` of the font face that draws it (the
  face's file is read with fontTools), for shown and hidden icons alike;
- an icon that is shown is drawn by the icon font itself: Chromium's
  "rendered fonts" for it are Font Awesome's web font and nothing else, so a
  glyph missing from the subset (which Chromium would draw with a fallback
  system font) fails;
- every Font Awesome face is a subset, and no page requests a full font.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont

from kzedition.sphinxext import icons
from tools import quality
from tools.browser import open_page

pytestmark = [pytest.mark.build, pytest.mark.browser]

PAGES = quality.toc_pages()

#: Font Awesome's @font-face rules of the page: family, weight and the URL of the font file.
FONT_FACES = """() => [...document.styleSheets].flatMap(sheet => {
  let rules = [];
  try { rules = [...sheet.cssRules]; } catch (e) { return []; }
  return rules.filter(r => r instanceof CSSFontFaceRule && r.style.fontFamily.includes('Font Awesome'))
    .map(r => ({family: r.style.fontFamily.replace(/["']/g, ''), weight: r.style.fontWeight || '400',
                url: new URL(/url\\(["']?([^"')]+)/.exec(r.style.getPropertyValue('src'))[1], sheet.href).href}));
})"""


def _pseudo_nodes(node: dict):
    for child in node.get("children", []) + node.get("contentDocument", {}).get("children", []):
        yield from _pseudo_nodes(child)
    for pseudo in node.get("pseudoElements", []):
        if pseudo.get("pseudoType") in ("before", "after"):
            yield pseudo


@cache
def _cmap(path: Path) -> frozenset[int]:
    return frozenset(TTFont(str(path)).getBestCmap())


def _character(content: str) -> str:
    """The character of a computed ``content`` (``"\\"\\uf185\\""``)."""
    return icons.css_unescape(content.strip("\"'"))


def icon_glyphs(page, server: str, site: Path) -> list[dict]:
    """Every Font Awesome pseudo-element of ``page``: its character, face, cmap hit, rendered fonts."""
    page.evaluate("document.fonts.ready.then(() => true)")
    faces = page.evaluate(FONT_FACES)
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument", {"depth": -1, "pierce": True})["root"]
    glyphs = []
    for pseudo in _pseudo_nodes(root):
        style = {
            p["name"]: p["value"]
            for p in cdp.send("CSS.getComputedStyleForNode", {"nodeId": pseudo["nodeId"]})["computedStyle"]
        }
        family, content = style.get("font-family", ""), style.get("content", "none")
        if "Font Awesome" not in family or content in ("none", "normal", '""'):
            continue
        char = _character(content)
        name = family.split(",")[0].strip().strip("\"'")
        face = next(
            (f for f in faces if f["family"] == name and f["weight"] == style.get("font-weight")), None
        )
        path = site / face["url"].removeprefix(server + "/") if face else None
        rendered = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": pseudo["nodeId"]})["fonts"]
        glyphs.append(
            {
                "char": f"U+{ord(char):04X}" if len(char) == 1 else char,
                "face": face and Path(face["url"]).name,
                "in_cmap": bool(path) and len(char) == 1 and ord(char) in _cmap(path),
                "rendered": [f["familyName"] for f in rendered],
                "custom": all(f["isCustomFont"] for f in rendered),
            }
        )
    cdp.detach()
    return glyphs


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path", PAGES)
def test_every_icon_is_drawn_by_the_subset_font(browser, server, site, path, scheme):
    loaded = open_page(browser, f"{server}/{path}", color_scheme=scheme)
    try:
        glyphs = icon_glyphs(loaded.page, server, site)
        font_requests = [u for u in loaded.requests if "/webfonts/" in u]
    finally:
        loaded.page.context.close()
    shown = [g for g in glyphs if g["rendered"]]
    assert len(shown) >= 3, glyphs  # the header's buttons at least: a silent test cannot pass
    assert [g for g in glyphs if not (g["face"] or "").endswith(icons.SUBSET_SUFFIX)] == []
    assert [g for g in glyphs if not g["in_cmap"]] == [], "characters missing from the subset font"
    drawn_elsewhere = [
        g for g in shown if not (g["custom"] and all("Font Awesome" in f for f in g["rendered"]))
    ]
    assert drawn_elsewhere == [], "icons drawn with a fallback font"
    assert font_requests and all(u.endswith(icons.SUBSET_SUFFIX) for u in font_requests), font_requests


def test_no_full_font_awesome_font_is_left_in_the_site(site):
    fonts = sorted(p.name for p in (site / "_static" / "vendor" / "fontawesome").rglob("*.*"))
    assert fonts and all(name.endswith(icons.SUBSET_SUFFIX) for name in fonts), fonts
    assert all(size < 8 * 1024 for size in (p.stat().st_size for p in site.rglob("*.subset.woff2")))


def test_trimmed_stylesheet_keeps_every_other_rule():
    css = (
        '@charset "UTF-8";/*! banner */.a{color:red}.fa-sun:before{content:"\\f185"}'
        '.fa-moon:before,.fa-x:before{content:"\\f186"}@media (x){.fa-sun{b:c}}'
        '@font-face{font-family:Font Awesome\\ 6 Free;src:url(a.woff2) format("woff2"),url(a.ttf)}'
        "/*# sourceMappingURL=x.map*/"
    )
    assert "".join(icons.css_segments(css)) == css
    trimmed, chars = icons.trim_stylesheet(css, {"fa-sun", "fa-x"}, {"a.woff2": "a.subset.woff2"})
    assert trimmed == (
        '@charset "UTF-8";/*! banner */.a{color:red}.fa-sun:before{content:"\\f185"}'
        '.fa-x:before{content:"\\f186"}@media (x){.fa-sun{b:c}}'
        '@font-face{font-family:Font Awesome\\ 6 Free;src:url(a.subset.woff2) format("woff2")}'
    )
    assert chars == "\uf185\uf186"
    dropped, _ = icons.trim_stylesheet(css, set(), {"a.woff2": None})
    assert "fa-sun:before" not in dropped and "@font-face" not in dropped


def test_css_is_read_by_tinycss2_not_by_brace_counting():
    """Braces in strings and comments, ``::before``, quoted font addresses, escapes that are not hex."""
    css = (
        '/* a } in a comment */.b:after{content:"}"}.fa-at::before{content:"\\@"}'
        '.fa-sun::before{content:"\\f185"}@media print{.c{d:e}}'
        "@font-face{font-family:'Font Awesome 6 Brands';font-display:block;"
        'src:url("b.woff2") format("woff2"),url(b.ttf) format("truetype")}'
    )
    assert "".join(icons.css_segments(css)) == css
    trimmed, chars = icons.trim_stylesheet(css, {"fa-sun"}, {"b.woff2": "b.subset.woff2"})
    assert trimmed == (
        '/* a } in a comment */.b:after{content:"}"}.fa-sun::before{content:"\\f185"}@media print{.c{d:e}}'
        "@font-face{font-family:'Font Awesome 6 Brands';font-display:block;"
        'src:url(b.subset.woff2) format("woff2")}'
    )
    assert chars == "\uf185"
    assert icons.drawn_characters('.x:before{content:"\\f185 a"}.y{--i:"\\e000"}') == {"\uf185", "\ue000"}
    assert icons.css_unescape("\\f185") == "\uf185"
