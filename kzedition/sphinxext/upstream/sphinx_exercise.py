"""Workarounds for sphinx-exercise (1.2.1): repeated content ids; exercise titles in a translation."""

from __future__ import annotations

import re
from typing import Any

from docutils import nodes
from sphinx.transforms import SphinxTransform
from sphinx.transforms.post_transforms import SphinxPostTransform

from kzedition import __version__
from kzedition.i18n import _
from kzedition.sphinxext.languages import translated

#: Ids sphinx-exercise gives every exercise's (solution's) content section.
EXERCISE_CONTENT_IDS = ("exercise-content", "solution-content")


def unique_exercise_ids(app, doctree, docname: str) -> None:
    """Rename the content section ids of sphinx-exercise after their exercise's label.

    sphinx-exercise gives the content ``<section>`` of every exercise and
    solution the same id (``exercise-content``, ``solution-content``), so a
    page with several has duplicate ids (Nu validator); each is renamed
    ``<label>-content``. Seen with sphinx-exercise 1.2.1; no upstream issue
    was found. Remove when a page with two exercises has no duplicate id
    without this handler (``tests/test_sites.py``).
    """
    from docutils import nodes

    for section in doctree.findall(nodes.section):
        shared = [i for i in section["ids"] if i in EXERCISE_CONTENT_IDS]
        parent_ids = section.parent.get("ids") if section.parent is not None else None
        if shared and parent_ids:
            section["ids"] = [i for i in section["ids"] if i not in shared] + [f"{parent_ids[0]}-content"]


class ExerciseTitles(SphinxTransform):
    """The titles of sphinx-exercise's exercises in the build's language (translated builds only).

    Workaround for sphinx-exercise 1.2.1 (no upstream issue found): an
    exercise's title is its label ("Exercise", from sphinx-exercise's own
    catalog) and the directive's argument in one title node, which Sphinx's
    gettext builder does not extract, so the page's catalog cannot hold it.
    The arguments are extracted into the package catalog instead
    (:func:`tools.translations.package_template`) and put in here, before
    Sphinx's translation step. Remove when sphinx-exercise's titles reach the
    gettext catalogs.
    """

    default_priority = 19  # just before sphinx.transforms.i18n.Locale (20)

    def apply(self, **kwargs: Any) -> None:
        if not translated(self.config):
            return
        from sphinx_exercise.nodes import exercise_subtitle, solution_title

        for subtitle in self.document.findall(exercise_subtitle):
            text = subtitle.astext()
            subtitle.clear()
            subtitle += nodes.Text(_(text, self.config.language))
            subtitle.parent["kz_translated"] = True
        for title in self.document.findall(solution_title):  # its label and a link to its exercise
            title["kz_translated"] = True


#: The link of a solution's title as sphinx-exercise writes it: " Exercise 3 (Its title)".
SOLUTION_LINK = re.compile(r"^\s*\S+\s+(?P<n>\d+)(?:\s+\((?P<title>.*)\))?\s*$", re.S)


class SolutionTitles(SphinxPostTransform):
    """A solution's title in the build's language: "Решение к упражнению 3 (Рост …)".

    sphinx-exercise 1.2.1 builds it from the exercise as the directive read it
    (before Sphinx's translation step): the title in English and the label in
    the nominative ("Решение к Упражнение 3 (Growth of internet subscribers)").
    Its link is rewritten from the exercise's number and translated title.
    No upstream issue found. Remove when sphinx-exercise writes a translated
    title into the solution's.
    """

    default_priority = 22  # after sphinx-exercise's ResolveTitlesInSolutions (21)

    def run(self, **kwargs: Any) -> None:
        if not translated(self.config):
            return
        from sphinx_exercise.nodes import solution_node

        lang = self.config.language
        for solution in self.document.findall(solution_node):
            link = solution.children[0].next_node(nodes.reference)
            found = SOLUTION_LINK.match(link.astext()) if link is not None else None
            if found is None:
                continue
            title = found["title"]
            words = (
                _("exercise {n} ({title})", lang).format(n=found["n"], title=_(title, lang))
                if title
                else _("exercise {n}", lang).format(n=found["n"])
            )
            link.clear()
            link += nodes.Text(" " + words)


def setup(app) -> dict[str, Any]:
    app.connect("doctree-resolved", unique_exercise_ids)
    app.add_transform(ExerciseTitles)
    app.add_post_transform(SolutionTitles)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
