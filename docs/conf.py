"""Sphinx configuration of the documentation site: the pages of docs/, the API and the CLI."""

# Built by tests/test_docs_site.py with warnings as errors, and by hand with
# `python3 -m sphinx -b html docs docs/_build/html` (README, "Documentation").
# Offline: no extension here fetches anything (no intersphinx inventory).

import sys
from pathlib import Path

# The source tree's package, so that a checkout builds its own API reference
# whether or not the package is installed.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

project = "orientation_core"
author = "orientation_core developers"
copyright = "orientation_core developers"
language = "en"

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
    "sphinxarg.ext",
]

source_suffix = {".md": "markdown"}
root_doc = "index"
exclude_patterns = ["_build"]

# The pages link to each other as files (`[the dossier](dossier.md)`), and to
# their sections by heading.
myst_heading_anchors = 3

autodoc_default_options = {"members": True, "show-inheritance": True}
autodoc_member_order = "bysource"
autodoc_typehints = "description"

napoleon_google_docstring = True
napoleon_numpy_docstring = False

html_theme = "alabaster"
html_title = "orientation_core"
