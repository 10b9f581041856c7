"""A page in Russian from its catalog: footnote marks and pasted values in a translated
paragraph, a message the catalog lacks (kzedition.sphinxext.languages, kzedition.sphinxext.upstream)."""

extensions = ["myst_nb", "kzedition.sphinxext.languages", "kzedition.sphinxext.upstream"]
language = "ru"
locale_dirs = ["locales"]
gettext_compact = False
kzedition_languages = ["en", "ru"]
exclude_patterns = ["_build"]
html_theme = "basic"
nb_execution_mode = "force"  # the glue value comes from the page's cell
