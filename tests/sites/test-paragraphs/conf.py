"""Two of the report's pages (the dedication whole, the back cover with its last
paragraph replaced) and a page of the edition's own: paragraph permalinks."""

extensions = ["myst_nb", "kzedition.sphinxext.paragraphs"]  # myst-nb parses MyST, as in the book
myst_enable_extensions = ["attrs_block", "colon_fence", "deflist"]
exclude_patterns = ["_build"]
html_theme = "basic"
nb_execution_mode = "off"
