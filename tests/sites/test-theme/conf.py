"""The book theme with the edition's fixes: a text page, a page with code and a
pandas table (stored outputs, not executed) and a page with two exercises."""

extensions = [
    "myst_nb",
    "sphinx_copybutton",
    "sphinx_togglebutton",
    "sphinx_design",
    "sphinx_exercise",
    "kzedition.sphinxext.theme",
    "kzedition.sphinxext.page_assets",
    "kzedition.sphinxext.upstream",
]
nb_execution_mode = "off"
exclude_patterns = ["_build"]
html_theme = "sphinx_book_theme"
html_title = "Theme site"
language = "en"
