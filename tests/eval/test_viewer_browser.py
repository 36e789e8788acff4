"""The eval viewer in a real headless browser (Debian's chromium through Playwright), for the committed
recordings on every gold folder.

Skipped when Playwright or chromium is missing, unless ``LLMEXTRACT_REQUIRE_BROWSER=1`` (as for the review
page). ``LLMEXTRACT_SCREENSHOTS=DIR`` also saves the screenshots the docs show (docs/viewer-*.png) there.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from llmextract.cli import main

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
GOLD_FOLDERS = [
    "gold",
    "gold/heldout",
    "gold/news_dev",
    "gold/news_dev10",
    "gold/news_dev11",
    "gold/news_dev12",
    "gold/news_dev13",
    "gold/news_dev14",
    "gold/news_dev15",
    "gold/news_dev16",
    "gold/news_dev2",
    "gold/news_dev3",
    "gold/news_dev4",
    "gold/news_dev5",
    "gold/news_dev6",
    "gold/news_dev7",
    "gold/news_dev8",
    "gold/news_dev9",
    "gold/news_test10",
    "gold/news_test11",
    "gold/news_test12",
    "gold/news_test13",
    "gold/news_test14",
    "gold/news_test15",
    "gold/news_test16",
    "gold/news_test17",
    "gold/news_test18",
    "gold/news_test2",
    "gold/news_test3",
    "gold/news_test4",
    "gold/news_test5",
    "gold/news_test6",
    "gold/news_test7",
    "gold/news_test8",
    "gold/news_test9",
    "gold/test",
    "gold/test2",
]
SYSTEMS = ["rules", "calls_v1", "hybrid:calls_window_v1+details_v1+calls_window_v1"]


@pytest.fixture(scope="module")
def view_file(tmp_path_factory: Any) -> Path:
    """``llmextract view`` with its defaults: every gold folder; the rules, calls_v1 and the hybrid, replayed."""
    out = tmp_path_factory.mktemp("view") / "view.html"
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(ROOT)
        assert main(["view", "-o", str(out)]) == 0
    return out


@pytest.fixture
def page(view_file: Path, browser: Any) -> Iterator[Any]:
    """The viewer in a tab (the page is written first: the eval cannot run inside Playwright's event loop)."""
    tab = browser.new_page(viewport={"width": 1400, "height": 1000})
    problems: list[str] = []
    tab.on("pageerror", lambda exc: problems.append(str(exc)))
    tab.on("console", lambda msg: problems.append(msg.text) if msg.type == "error" else None)
    tab.on("request", lambda req: problems.append(f"request {req.url}") if not req.url.startswith("file:") else None)
    tab.goto(view_file.as_uri())
    yield tab
    tab.close()
    assert problems == [], "the page logged errors or made requests"


def screenshot(tab: Any, name: str, tmp_path: Path) -> None:
    """Save a screenshot (in tmp_path, and in $LLMEXTRACT_SCREENSHOTS when set); it must not be blank."""
    path = tmp_path / name
    tab.screenshot(path=str(path))
    assert path.stat().st_size > 20_000
    if os.environ.get("LLMEXTRACT_SCREENSHOTS"):
        tab.screenshot(path=str(Path(os.environ["LLMEXTRACT_SCREENSHOTS"]) / name))


def test_the_score_chart_draws_a_bar_per_field_and_system_with_whiskers(page: Any, tmp_path: Path) -> None:
    chart = page.locator("svg.chart.bars")
    box = chart.bounding_box()
    assert box is not None and box["width"] > 600 and box["height"] > 400
    assert page.locator("svg.chart.bars g.bar").count() == 13 * len(SYSTEMS)
    rules_calls = page.locator('svg.chart.bars g.bar[data-system="rules"][data-row="calls"] rect').bounding_box()
    assert rules_calls is not None and rules_calls["width"] > 50
    assert page.locator("svg.chart.bars path.whisker").count() >= 13
    headers = [h.inner_text().strip() for h in page.locator("table.scores.wide thead th.sys").all()]
    assert headers == SYSTEMS
    screenshot(page, "viewer-scores.png", tmp_path)


def test_the_matrix_has_every_article_of_every_gold_folder(page: Any, tmp_path: Path) -> None:
    expected = sum(len(list((ROOT / f).glob("*.json"))) for f in GOLD_FOLDERS)
    assert page.locator("table.matrix tr[data-row]").count() == expected
    folders = [t.get_attribute("data-folder") for t in page.locator("table.matrix tbody").all()]
    assert folders == GOLD_FOLDERS
    assert page.locator("table.matrix td.cell").count() == expected * len(SYSTEMS)
    colour = page.locator('tr[data-row="004_4a6360bd356b1477"] td.cell.ok').first.evaluate(
        "c => getComputedStyle(c).backgroundColor"
    )
    assert colour not in ("rgba(0, 0, 0, 0)", "rgb(255, 255, 255)")
    page.locator("#matrix").scroll_into_view_if_needed()
    screenshot(page, "viewer-matrix.png", tmp_path)


def test_clicking_a_cell_opens_the_article_with_the_gold_and_every_systems_calls(page: Any, tmp_path: Path) -> None:
    assert page.locator("article.art:visible").count() == 0
    page.click('tr[data-row="002_3c0780f787e20235"] td.cell a[data-system="calls_v1"]')
    shown = page.locator("article.art:visible")
    assert shown.count() == 1 and shown.get_attribute("data-article") == "002_3c0780f787e20235"
    assert "Putin, Obama task top diplomats" in shown.locator(".text").inner_text()
    assert shown.locator(".gold-col .card").count() == 1
    for system in SYSTEMS:
        assert shown.locator(f'.column[data-system="{system}"] .card').count() >= 1
    assert shown.locator(".column.chosen").get_attribute("data-system") == "calls_v1"
    assert shown.locator("table.flips tbody tr").count() >= 1
    shown.locator('.column[data-system="calls_v1"] details.recording summary').first.click()
    raw = shown.locator('.column[data-system="calls_v1"] details.recording pre').first
    assert raw.is_visible() and "Extract every call" in shown.locator('.column[data-system="calls_v1"]').inner_text()
    screenshot(page, "viewer-article.png", tmp_path)


def test_an_article_of_a_news_folder_opens_with_its_own_text(page: Any) -> None:
    page.fill("#mq", "n1_iraqpres_salih_tamim")
    assert page.locator("table.matrix tr[data-row]:visible").count() == 1
    page.click('tr[data-row="n1_iraqpres_salih_tamim"] td.cell a[data-system="rules"]')
    shown = page.locator("article.art:visible")
    assert shown.get_attribute("data-article") == "n1_iraqpres_salih_tamim"
    text = (ROOT / "gold" / "news_dev" / "n1_iraqpres_salih_tamim.txt").read_text()
    assert text.split()[0] in shown.locator(".text").inner_text()
    assert "Article text not found" not in shown.inner_text()


def test_the_history_draws_line_charts(page: Any, tmp_path: Path) -> None:
    page.locator("#history").scroll_into_view_if_needed()
    charts = page.locator(".hist:visible .charts-main svg.chart.lines")
    assert charts.count() == 3
    assert page.locator(".hist:visible .charts-main path.line").count() >= 3
    screenshot(page, "viewer-history.png", tmp_path)
