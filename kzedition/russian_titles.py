"""Model of how the print PDF garbled the Russian source titles.

The PDF embeds the Cyrillic font as *subsets*.  Each subset gives its glyphs
the codes ``!`` (0x21), ``"``, ``#``, ... in order of first appearance, and
text extraction reads those codes back as ASCII.  Several footnotes can share
one subset; numbering then continues across them in document order.

What is a subset glyph and what passes through was decided by the data
(see ``text/russian-titles.yml``):

* glyphs: every Cyrillic letter (case-sensitive), the space, the hyphen,
  the period and the one undetermined punctuation mark of footnote 10;
* pass-through (:data:`PASS_THROUGH`): digits, ``,`` and ``%`` -- they were
  set in the Latin font, so they are extracted unchanged;
* anything inside ``[...]`` is an explicitly marked Latin-font run and passes
  through too (the spaces around "95,55%" in fn 11, the final "." in fn 3).

:data:`UNKNOWN` (U+FFFD) stands for a glyph whose identity is unknown.  The
encoder treats every occurrence as a *new* glyph that consumes the next code
(the data show this for the only unknown, fn 10); :func:`unknown_glyphs`
reports them.
"""

import yaml

FIRST_CODE = 0x21  # '!'
LAST_CODE = 0x7E  # '~'
PASS_THROUGH = frozenset("0123456789,%")
LATIN_OPEN, LATIN_CLOSE = "[", "]"
UNKNOWN = "\ufffd"


def encode_titles(titles):
    """Encode the printed forms of titles sharing one subset, in document order.

    Returns one garbled string per title.  Codes are assigned by first
    appearance across all *titles*; pass-through characters and ``[...]``
    runs are copied unchanged (the brackets themselves are dropped).
    """
    codes, next_code, out = {}, FIRST_CODE, []
    for title in titles:
        buf, latin = [], False
        for ch in title:
            if ch in (LATIN_OPEN, LATIN_CLOSE):
                latin = ch == LATIN_OPEN
            elif latin or ch in PASS_THROUGH:
                buf.append(ch)
            else:
                if ch == UNKNOWN or ch not in codes:
                    if next_code > LAST_CODE:
                        raise ValueError("subset has more glyphs than ASCII codes")
                    code, next_code = chr(next_code), next_code + 1
                    if ch != UNKNOWN:
                        codes[ch] = code
                buf.append(code if ch == UNKNOWN else codes[ch])
        out.append("".join(buf))
    return out


def clean(printed):
    """Turn a printed form into the plain title: drop ``[]`` marks, strip spaces."""
    return printed.replace(LATIN_OPEN, "").replace(LATIN_CLOSE, "").strip()


def load_titles(path):
    """Return the list of footnote entries of the YAML file, in document order."""
    with open(path, encoding="utf-8") as f:
        return sorted(yaml.safe_load(f)["titles"], key=lambda e: e["footnote"])


def encode_subsets(entries):
    """Encode every footnote with its subset; returns ``{footnote: garbled}``.

    *entries* are dicts with ``footnote``, ``subset`` and ``printed``; within a
    subset they are encoded in footnote (document) order.
    """
    result = {}
    for subset in {e["subset"] for e in entries}:
        group = sorted((e for e in entries if e["subset"] == subset), key=lambda e: e["footnote"])
        for e, g in zip(group, encode_titles([e["printed"] for e in group]), strict=True):
            result[e["footnote"]] = g
    return result


def unknown_glyphs(entries):
    """List ``(footnote, index in printed form)`` of every unknown glyph."""
    return [(e["footnote"], i) for e in entries for i, ch in enumerate(e["printed"]) if ch == UNKNOWN]


def source_run(text, first_line, last_line):
    """Join source lines *first_line*..*last_line* (1-based) as the YAML says:
    line breaks (and blank lines) are removed, nothing is inserted, trailing
    spaces on a line are kept."""
    return "".join(text.splitlines()[first_line - 1 : last_line])


def titles_table(entries):
    """The restored titles beside their garbled form and translation (a DataFrame; the columns'
    names are translated where shown)."""
    import pandas as pd

    from kzedition.i18n import N_

    english = N_("English (as printed)")
    frame = pd.DataFrame(
        {
            N_("footnote"): [e["footnote"] for e in entries],
            N_("font subset"): [e["subset"] for e in entries],
            N_("as extracted"): [e["garbled"] for e in entries],
            N_("restored Russian title"): [clean(e["printed"]) for e in entries],
            english: [e["english"] for e in entries],
        }
    )
    frame.attrs["english"] = (english,)  # the report's translations, marked English on other pages
    return frame
