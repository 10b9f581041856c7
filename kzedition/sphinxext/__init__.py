"""Sphinx extensions of the edition (listed in ``_config.yml``):

- :mod:`kzedition.sphinxext.plotly_charts`         charts without a CDN: the myst-nb renderer for
  plotly's JSON and plotly.js served from ``_static`` on chart pages only
- :mod:`kzedition.sphinxext.run_cells`             the Run control: the pages' code cells run in the
  browser (Pyodide from ``_static/pyodide/``, :mod:`~kzedition.sphinxext.pyodide_runtime`)
- :mod:`kzedition.sphinxext.launch_and_downloads`  the repository and site addresses, launch links,
  and the downloadable notebooks with the edition's files
- :mod:`kzedition.sphinxext.edition_metadata`      the version (``kzedition.__version__``) as Sphinx's
  version, in every page's footer and as ``{{ version }}``
- :mod:`kzedition.sphinxext.theme`                 the book theme, lighter, accessible and valid
- :mod:`kzedition.sphinxext.icons`                 the icon font cut to the glyphs the site uses, and
  the theme's stylesheet without the other icons' rules
- :mod:`kzedition.sphinxext.epub`                  the EPUB 3 edition: no code or scripts, EPUB
  footnotes, cover, metadata and a package epubcheck accepts (``make epub``)
- :mod:`kzedition.sphinxext.notebooks`             the ``.ipynb`` generated from each MyST page
  (``make notebooks``), and the pages listed in ``_toc.yml``
- :mod:`kzedition.sphinxext.paragraphs`            paragraph permalinks (``#p-12``) and "cite this
  paragraph" on the report's pages, ids checked in to ``text/paragraph-ids.yml``
- :mod:`kzedition.sphinxext.citations`             embedded metadata, citation files (``cite/``), link
  previews (sphinxext-opengraph), ``sitemap.xml`` (sphinx-sitemap), ``robots.txt``, ``404.html``
  (sphinx-notfound-page)
"""
