"""The rule extractor the rules' tests share: the dictionary and title patterns alone, no recogniser."""

from __future__ import annotations

import pytest

from llmextract.tasks.calls.rules import RulesExtractor


@pytest.fixture(scope="module")
def rules() -> RulesExtractor:
    return RulesExtractor()
