"""How the site is found: pages' subjects, link previews, sitemap, robots.txt and the 404 page.

The Sphinx wiring is :mod:`kzedition.sphinxext.citations`; what it decides is here:

- :data:`SUBJECTS`: what each page is about, for its embedded metadata
  (:func:`kzedition.page_metadata.page_metadata`): the report's pages and the
  front matter show the chapter, the back cover and the dedication the
  volume, every other page the edition.
- :func:`settings`: the settings of the extensions that do the work,
  from the site's address (``EDITION_SITE_URL``) and the build's language:
  sphinxext-opengraph (Open Graph and Twitter tags; absolute addresses
  when the site is known), sphinx-sitemap (``sitemap.xml``, only with a site
  address: a sitemap lists absolute addresses) and sphinx-notfound-page
  (``404.html``, whose links start at the site's path, so the page works at
  any depth of a bad address).
- :func:`language_prefix`: where a language's site lives under the site's
  root: English at the root, another language ``<lang>/`` (a Russian
  edition in ``ru/``); its sitemap, 404 page and metadata follow.
- :func:`robots_txt`: ``robots.txt`` naming the sitemap (each language's);
  :func:`sitemap_alternates`: each page's other languages in the sitemap
  (``hreflang``), once the site has more than one (``kzedition_languages``).
- :func:`lead_chart`: the chart a page's link preview shows (the page's
  first chart, else the chapter's first), as the PNG of ``figures/``.
"""

from __future__ import annotations

from html import escape
from urllib.parse import urlparse

from kzedition.i18n import LANGUAGES, N_, _

#: docname -> what the page shows ("chapter", "book"); every other page shows the edition.
SUBJECTS = {
    "index": "chapter",
    "chapters/kazakhstan": "chapter",
    "chapters/exercises": "chapter",
    "chapters/back-cover": "book",
    "chapters/dedication": "book",
}
CHAPTER_DOC = "chapters/kazakhstan"
DEFAULT_LANGUAGE = "en"
#: Pages left out of the sitemap: the search page, the index and the 404 page.
SITEMAP_EXCLUDES = ["search.html", "genindex.html", "404.html"]
SITEMAP = "sitemap.xml"
#: Where the link previews' images are published (``figures/<id>.png``), relative to the site root.
PREVIEW_IMAGES = "_static/figures"


def subject(docname: str) -> str:
    return SUBJECTS.get(docname, "edition")


def language_prefix(language: str | None) -> str:
    """ "" for the edition's own language, ``"ru/"`` for a Russian edition."""
    return "" if not language or language == DEFAULT_LANGUAGE else f"{language}/"


def language_site(site: str, language: str | None) -> str:
    """The address of the ``language`` site under ``site`` (ending in "/"), or ""."""
    return f"{site.rstrip('/')}/{language_prefix(language)}" if site else ""


def settings(site: str, language: str | None, project: str) -> dict:
    """Configuration values for sphinxext-opengraph, sphinx-sitemap and sphinx-notfound-page."""
    base = language_site(site, language)
    path = urlparse(base).path if base else f"/{language_prefix(language)}"
    return {
        # Open Graph: the page's address and image absolute when the site is known.
        "ogp_site_url": base,
        "ogp_site_name": project,
        "ogp_social_cards": {"enable": False},  # the page's chart is its image
        "ogp_enable_meta_description": False,  # every page has its own description
        "ogp_custom_meta_tags": ['<meta name="twitter:card" content="summary_large_image" />'],
        # sitemap.xml: page addresses as they are, no version or language folder in them
        "site_url": base or None,
        "sitemap_url_scheme": "{link}",
        "sitemap_locales": [None],
        "sitemap_excludes": SITEMAP_EXCLUDES,
        # 404.html: its links and assets from the site's path, at any depth
        "notfound_urls_prefix": path if path.endswith("/") else path + "/",
        "notfound_context": {
            "title": _(NOT_FOUND[0], lang(language)),
            "body": not_found_body(path, language),
        },
    }


#: The 404 page's words (title, sentence before the link, the link's words), in each
#: edition's language through the package catalog (:mod:`kzedition.i18n`).
NOT_FOUND = (
    N_("Page not found"),
    N_("There is no page at this address."),
    N_("Go to the contents of the edition"),
)


def lang(language: str | None) -> str:
    return language if language in LANGUAGES else DEFAULT_LANGUAGE


def not_found_body(prefix: str, language: str | None) -> str:
    """The 404 page's text: what happened and a link to the contents, from the site's path."""
    title, sentence, link = (_(words, lang(language)) for words in NOT_FOUND)
    href = escape(f"{prefix.rstrip('/')}/index.html", quote=True)
    # raw HTML, escaped: sphinx-notfound-page takes the page's body as an HTML string (notfound_context)
    return f'<h1>{escape(title)}</h1>\n<p>{escape(sentence)} <a href="{href}">{escape(link)}</a>.</p>\n'


SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML_NS = "http://www.w3.org/1999/xhtml"


def sitemap_alternates(text: str, site: str, language: str | None, languages: tuple[str, ...]) -> str:
    """``sitemap.xml`` of the ``language`` site with each page's versions in ``languages``
    (``<xhtml:link rel="alternate" hreflang>``, the page's own included), when there are several.

    Every language's site holds the same pages under its own folder
    (:func:`language_site`), so a page's address in another language is that
    folder and the same path. With one language the sitemap is left as it is.
    """
    import xml.etree.ElementTree as ET

    if len(languages) < 2:
        return text
    ET.register_namespace("", SITEMAP_NS)
    ET.register_namespace("xhtml", XHTML_NS)
    root = ET.fromstring(text)
    own = language_site(site, language)
    for url in root.findall(f"{{{SITEMAP_NS}}}url"):
        loc = url.findtext(f"{{{SITEMAP_NS}}}loc") or ""
        if not loc.startswith(own):
            continue
        path = loc[len(own) :]
        for other in languages:
            link = ET.SubElement(url, f"{{{XHTML_NS}}}link")
            link.set("rel", "alternate")
            link.set("hreflang", other)
            link.set("href", language_site(site, other) + path)
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"


def robots_txt(site: str, languages: tuple[str, ...] = (DEFAULT_LANGUAGE,)) -> str:
    """``robots.txt``: everything may be crawled; each language's sitemap named when the site is known."""
    lines = ["User-agent: *", "Allow: /"]
    if site:
        lines += [f"Sitemap: {language_site(site, language)}{SITEMAP}" for language in languages]
    return "\n".join(lines) + "\n"


def lead_chart(charts_by_page: dict[str, list], docname: str):
    """The chart a page's preview shows: its own first chart, else the chapter's first (or None).

    ``charts_by_page`` maps a page to its charts in order (each an id, or
    ``(id, title)``), as the build records them.
    """
    own = charts_by_page.get(docname) or charts_by_page.get(CHAPTER_DOC) or []
    return own[0] if own else None


def preview_image(chart_id: str) -> str:
    """Where a chart's PNG is published, relative to the site root."""
    return f"{PREVIEW_IMAGES}/{chart_id}.png"
