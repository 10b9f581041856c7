"""The exercises page: at least six exercises, each with a collapsed solution
whose code ran in the build and printed the answers its text gives."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from kzedition import notebook_export

PAGE = "chapters/exercises.html"

#: Answers each solution's executed output must show (computed from data/, not typed in).
KNOWN_ANSWERS = {
    "sol-electorate": ["9.18 million", "8,257,991 ballots", "8,216,370"],
    "sol-share-2005": ["6,871,571", "6,744,267", "127,304", "89.46", "91.15"],
    "sol-cagr": ["203,000 (2004)", "756,500 (2009)", "30.1% a year"],
    "sol-users-per-subscription": ["6.2 users per subscription"],
    "sol-signatures": [
        "604 signatures in 71 days",
        "8.5 a day",
        "4,300,000 signatures in 15 days",
        "286,667 a day",
    ],
    "sol-chart": ["82.38", "79.78"],
}


@pytest.fixture(scope="module")
def article(site: Path) -> BeautifulSoup:
    soup = BeautifulSoup((site / PAGE).read_text(encoding="utf-8"), "lxml")
    found = soup.select_one("article")
    assert found is not None
    return found


def test_the_page_is_a_notebook_page_of_the_book():
    assert "chapters/exercises.md" in notebook_export.NOTEBOOK_PAGES


def test_at_least_six_exercises_each_with_its_solution(article):
    exercises = article.select("div.exercise")
    solutions = article.select("div.solution")
    assert len(exercises) >= 6
    assert len(solutions) == len(exercises)
    for exercise, solution in zip(exercises, solutions, strict=True):
        link = solution.select_one(".admonition-title a[href]")
        assert link is not None and link["href"] == "#" + exercise["id"], solution.get("id")


def test_every_solution_is_collapsed(article):
    for solution in article.select("div.solution"):
        classes = solution["class"]
        # sphinx-togglebutton collapses dropdown admonitions unless they are marked shown
        assert "dropdown" in classes and "toggle-shown" not in classes, solution["id"]


def test_every_solution_ran_its_code_and_shows_the_output(article):
    for solution in article.select("div.solution"):
        cells = solution.select("div.cell")
        assert cells, f"{solution['id']} has no code cell"
        outputs = solution.select("div.cell_output")
        assert outputs, f"{solution['id']}: no executed output"
        for output in outputs:
            assert output.get_text(strip=True) or output.select("figure.kz-chart"), solution["id"]
        # the last thing in a solution is what the answer says about the report
        assert solution.select("section > p")[-1].get_text(strip=True), solution["id"]


@pytest.mark.parametrize("solution_id", sorted(KNOWN_ANSWERS))
def test_solutions_compute_the_known_answers(article, solution_id):
    solution = article.select_one(f"div.solution#{solution_id}")
    assert solution is not None, f"no solution {solution_id}"
    printed = " ".join(o.get_text(" ", strip=True) for o in solution.select("div.cell_output"))
    missing = [answer for answer in KNOWN_ANSWERS[solution_id] if answer not in printed]
    assert missing == [], f"{solution_id}: not in the executed output: {missing}\n{printed[:800]}"


def test_the_chart_solution_is_an_accessible_edition_chart(article):
    figures = article.select("div.solution#sol-chart figure.kz-chart")
    assert len(figures) == 1
    figure = figures[0]
    assert figure["data-chart"] == "exercise-incumbent-share"
    assert "computed and reported" in figure.select_one("figcaption").get_text()
    description = figure.select_one(".kz-chart-desc").get_text(" ", strip=True)
    assert description.startswith("Description:") and "1999: 82.38% computed, 79.78% reported" in description
    assert figure.select(".kz-chart-source a.reference.external")
    assert figure.select_one('a[download][href$="elections_candidates.csv"]') is not None


@pytest.mark.browser
def test_solutions_open_on_click_and_the_chart_is_drawn(open_page):
    loaded = open_page(PAGE, wait_for="div.solution.toggle-hidden")
    page = loaded.page
    solutions = page.locator("div.solution")
    assert solutions.count() >= 6
    for i in range(solutions.count()):
        solution = solutions.nth(i)
        assert "toggle-hidden" in solution.get_attribute("class")
        assert not solution.locator("div.cell").first.is_visible()
    chart = page.locator("#sol-chart")
    chart.locator("button.toggle-button").click()
    page.wait_for_function("() => !document.getElementById('sol-chart').classList.contains('toggle-hidden')")
    # drawn once the reader reaches it (the page draws a chart when it comes into view)
    chart.locator("figure.kz-chart").first.scroll_into_view_if_needed()
    chart.locator("figure.kz-chart div.js-plotly-plot svg.main-svg").first.wait_for(timeout=15000)
    assert chart.locator("div.cell_output").first.is_visible()
    assert loaded.console_errors == []
