"""Fixtures shared by the eval tests: the headless chromium of the review page's browser test."""

from test_review_browser import browser  # noqa: F401
