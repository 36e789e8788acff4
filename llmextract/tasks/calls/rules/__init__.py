"""Rule-based baseline extractor: calls between leaders found by verb patterns and an actor dictionary.

``RulesExtractor().extract(article) -> Extraction``: deterministic, no network,
no model. Modules: :mod:`.patterns` (call triggers and decoys), :mod:`.actors`
(actor dictionary and person mentions), :mod:`.dates` (dateline and relative
dates), :mod:`.fields` (duration, topics, outcomes, reported_by) and
:mod:`.extract` (sentences, assembling, merging and splitting calls).
"""

from llmextract.tasks.calls.rules.extract import RulesExtractor

VERSION = "21"

__all__ = ["VERSION", "RulesExtractor"]
