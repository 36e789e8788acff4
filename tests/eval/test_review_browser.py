"""The review page in a real headless browser: Debian's chromium driven by Playwright.

Skipped when Playwright or chromium is missing, unless ``LLMEXTRACT_REQUIRE_BROWSER=1`` (CI sets it and
installs chromium), which turns the skip into a failure. ``LLMEXTRACT_CHROMIUM`` names another binary.
"""

from __future__ import annotations

import copy
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from llmextract.eval.gold import GoldArticle
from llmextract.eval.review import build_page
from llmextract.tasks.calls.schema import ArticleResult, Call

pytestmark = pytest.mark.browser

# Chromium as root on a closed network: no sandbox, and no background requests (it hangs waiting for them).
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip

TEXT = (
    "WASHINGTON, April 30 - US President Barack Obama has called up his Russian counterpart Vladimir Putin "
    "to discuss counter-terrorism and Syria, the White House said.\n\nThe call lasted 20 minutes."
)
EVIDENCE = "US President Barack Obama has called up his Russian counterpart Vladimir Putin"
GOLD_CALL: dict[str, Any] = {
    "participants": [{"name": "Barack Obama", "country": "US"}, {"name": "Vladimir Putin", "country": "RU"}],
    "date": "2013-04-29",
    "duration_minutes": 20,
    "topics": ["Syria"],
    "evidence": [EVIDENCE],
}


def _unavailable(reason: str) -> None:
    if os.environ.get("LLMEXTRACT_REQUIRE_BROWSER") == "1":
        pytest.fail(f"LLMEXTRACT_REQUIRE_BROWSER=1 but {reason}")
    pytest.skip(reason)


def _chromium() -> str | None:
    named = os.environ.get("LLMEXTRACT_CHROMIUM")
    if named:
        return named if Path(named).is_file() else None
    return shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("playwright is not installed (pip install -e '.[dev]')")
    executable = _chromium()
    if executable is None:
        _unavailable("no chromium on PATH (apt-get install chromium)")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()


def call(**changes: Any) -> Call:
    data = copy.deepcopy(GOLD_CALL)
    data.update(changes)
    return Call.model_validate(data)


@pytest.fixture
def page(browser: Any, tmp_path: Path) -> Iterator[Any]:
    """A page of three articles: a1 right, a2 with a wrong date, a3 failed."""
    golds = {aid: GoldArticle.model_validate({"article_id": aid, "calls": [GOLD_CALL]}) for aid in ("a1", "a2", "a3")}
    results = {
        "a1": ArticleResult(article_id="a1", calls=[call()], backend="llm"),
        "a2": ArticleResult(article_id="a2", calls=[call(date="2013-04-30")], backend="llm"),
        "a3": ArticleResult(article_id="a3", ok=False, backend="llm", error={"kind": "timeout", "message": "slow"}),
    }
    path = tmp_path / "review.html"
    path.write_text(build_page(results, dict.fromkeys(golds, TEXT), golds), encoding="utf-8")
    tab = browser.new_page(viewport={"width": 1280, "height": 900})
    problems: list[str] = []
    tab.on("pageerror", lambda exc: problems.append(str(exc)))
    tab.on("console", lambda msg: problems.append(msg.text) if msg.type == "error" else None)
    tab.on("request", lambda req: problems.append(f"request {req.url}") if not req.url.startswith("file:") else None)
    tab.goto(path.as_uri())
    yield tab
    tab.close()
    assert problems == [], "the page logged errors or made requests"


def visible_articles(tab: Any) -> list[str]:
    return [s.get_attribute("data-article") for s in tab.locator("section.article").all() if s.is_visible()]


def test_the_page_opens_and_shows_the_evidence_highlighted(page: Any, tmp_path: Path) -> None:
    assert page.title() == "llmextract review"
    mark = page.locator("#art-1 mark.ev").first
    assert mark.is_visible() and mark.inner_text() == EVIDENCE
    box = mark.bounding_box()
    assert box is not None and box["width"] > 100 and box["height"] > 10
    background = mark.evaluate("m => getComputedStyle(m).backgroundColor")
    assert background not in ("rgba(0, 0, 0, 0)", "transparent")
    # the card shows the wrong date with its gold value
    wrong = page.locator("#art-2 .card .v.wrong").first
    assert wrong.is_visible() and "2013-04-30" in wrong.inner_text() and "gold: 2013-04-29" in wrong.inner_text()
    page.screenshot(path=str(tmp_path / "review.png"), full_page=True)
    assert (tmp_path / "review.png").stat().st_size > 10_000


def test_the_error_filter_hides_articles_without_errors(page: Any) -> None:
    assert visible_articles(page) == ["a1", "a2", "a3"]
    page.check("#f-errors")
    assert visible_articles(page) == ["a2", "a3"]
    assert page.inner_text("#shown") == "2"
    index_rows = [r.get_attribute("data-article") for r in page.locator("table.index tbody tr").all() if r.is_visible()]
    assert index_rows == ["a2", "a3"]
    page.check("#f-failed")
    assert visible_articles(page) == ["a3"]
    page.uncheck("#f-errors")
    page.uncheck("#f-failed")
    page.fill("#q", "a2")
    assert visible_articles(page) == ["a2"]
    page.fill("#q", "")
    assert visible_articles(page) == ["a1", "a2", "a3"] and page.inner_text("#shown") == "3"


def test_hovering_a_card_outlines_its_passages_and_a_passage_link_jumps_to_it(page: Any) -> None:
    mark = page.locator("#art-2 mark.ev").first
    assert "focus" not in (mark.get_attribute("class") or "")
    page.hover("#art-2 .card")
    assert "focus" in (mark.get_attribute("class") or "")
    page.click("#art-2 ol.evidence a")
    assert page.evaluate("location.hash") == "#a2-c0-e0"
    top = page.locator("#a2-c0-e0").evaluate("e => e.getBoundingClientRect().top")
    assert 0 <= top < 900
