"""The hybrid backend: rules where rules are reliable, the model where language is hard.

For each article:

1. The rule baseline runs first (milliseconds). The calls it finds keep the rules' participants, dates,
   initiators and durations: there the rules are as good as the small local model or better, and free.
2. Each found call gets one short question (``--topics-prompt``, default ``details_v1``) about the passage
   from the call's report on: what was discussed, what came of it, who reported it. Its answers are added
   to the rules' only where the article bears them out (:mod:`.merge`). Calls whose passage is the same (the
   counterparts of one list) share one question.
3. Sentences that report a call (by the rules' own test, :func:`~llmextract.tasks.calls.rules.verify.reports_call`)
   but that no found call covers, and that name someone not on those calls, go to the model in one window
   (``--focus-prompt``, default ``calls_window_v1``: who was on each call). Each call it names is built and
   checked by the rules (:func:`~llmextract.tasks.calls.rules.verify.check_call`), kept when one of those
   sentences reports it and it is new, and gets the per-call question too. ``call_focus_v1`` asks one
   question per sentence instead (at most :data:`MAX_FOCUS`); ``none`` turns this off.
4. When the rules find nothing, the model reads a window of the article (``--prompt``, default
   ``calls_window_v1``): its top two sentences and the sentences that report a call, at most
   :data:`WINDOW_MAX_CHARS` characters; its calls are checked the same way. An article with no sentence
   reporting a call costs no model time.

Every question goes through the ordinary :class:`~llmextract.engine.llm.LLMExtractor` (prompt, store,
retries), so its answers are recorded and replayed like any other prompt's.
"""

from __future__ import annotations

import asyncio
import hashlib
import re
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from llmextract.backends.llm import LLMBackend
from llmextract.backends.merge import (
    _CALL_WORD_RE,
    merge_outcomes,
    merge_sources,
    merge_topics,
    names_a_person,
    same_call,
)
from llmextract.engine.llm import ExtractionError, LLMExtractor, LLMResult
from llmextract.engine.records import Article, Health, Outcome, PromptRef, Usage
from llmextract.tasks.calls.rules import VERSION, RulesExtractor
from llmextract.tasks.calls.rules.actors import ActorDB
from llmextract.tasks.calls.rules.sentences import split_sentences
from llmextract.tasks.calls.rules.verify import check_call, reports_call
from llmextract.tasks.calls.schema import (
    MAX_EVIDENCE,
    MAX_PASSAGE_CHARS,
    MAX_RECORDS,
    Call,
    CallDetails,
    CallTopics,
    Extraction,
    Participant,
    WindowCalls,
    same_person,
)


class HybridBackend:
    name = "hybrid"

    def __init__(
        self,
        llm: LLMBackend,
        topics: LLMExtractor | None = None,
        rules: RulesExtractor | None = None,
        focus: LLMExtractor | None = None,
    ):
        self._llm = llm
        self._topics = topics
        self._focus = focus
        self._rules = rules or RulesExtractor()
        self.model = f"rules-{VERSION}+{llm.model}"
        self.prompt = llm.prompt
        asked = [x.prompt for x in (topics, focus) if x is not None]
        if asked and llm.prompt is not None:  # every prompt, so a run can be traced to them
            refs = [llm.prompt, *asked]
            digest = hashlib.sha256("+".join(r.hash for r in refs).encode()).hexdigest()[:16]
            self.prompt = PromptRef(name="+".join(r.name for r in refs), hash=digest)
        self.max_concurrency = llm.max_concurrency

    async def extract(self, article: Article) -> Outcome:
        """``latency_s`` is the rules' time plus the model's (as recorded, when its answers are replayed)."""
        started = time.perf_counter()
        # CPU-bound: off the event loop. A call's date assumed from the article's own date is not put to the
        # model as if the article said it; it is added to the calls found at the end.
        found = await asyncio.to_thread(self._rules.extract, article, report_dates=False)
        rules_s = time.perf_counter() - started
        if found.calls:
            results: list[LLMResult] = []
            calls = []
            asked = _Questions.about(article, found.calls)
            for call in found.calls:
                call, result = await self._add_topics(article, call, asked)
                calls.append(call)
                results += [result] if result is not None else []
            unread = self._unread(article, found.calls)
            if unread and self._focus is not None and issubclass(self._focus.response_model, WindowCalls):
                new, result = await self._ask_window(article, unread, calls)
                results.append(result)
                new = self._rules.describe(article, new[: MAX_RECORDS - len(calls)])
                asked = asked.with_calls(article, new)
                for call in new:  # each new call gets the per-call question too
                    call, result = await self._add_topics(article, call, asked)
                    calls.append(call)
                    results += [result] if result is not None else []
            else:
                for sentence in unread[:MAX_FOCUS]:
                    new, result = await self._ask_about(article, sentence, calls)
                    calls += self._rules.describe(article, new[: MAX_RECORDS - len(calls)])
                    results.append(result)
            usage = sum((r.usage for r in results), Usage())
            model_s = sum(r.latency_s for r in results)
            replayed = bool(results) and all(r.replayed for r in results)
            return Outcome(Extraction(calls=self._rules.complete(article, calls)), usage, rules_s + model_s, replayed)
        window = call_window(article)
        if window is None:  # no sentence reports a call that took place: no model time
            return Outcome(found, Usage(), rules_s)
        answer = await self._llm.extract(window)
        proposed = answer.extraction.calls
        if isinstance(answer.extraction, WindowCalls):  # who was on each call: the rest is the rules' and the text's
            proposed = calls_of_window(answer.extraction, window)
        calls: list[Call] = []
        for verdict in (check_call(call, article, self._rules.db) for call in proposed):
            if verdict.call is not None and not any(same_call(verdict.call, kept) for kept in calls):
                calls.append(verdict.call)
        calls = self._rules.describe(article, calls)  # the model names people; the article says who they are
        results = [LLMResult(answer.extraction, answer.usage, answer.latency_s, answer.replayed)]
        if isinstance(answer.extraction, WindowCalls):
            shared = _Questions.about(article, calls)
            answered = [await self._add_topics(article, call, shared) for call in calls]
            calls = [call for call, _ in answered]
            results += [r for _, r in answered if r is not None]
        usage = sum((r.usage for r in results), Usage())
        replayed = all(r.replayed for r in results)
        calls = self._rules.complete(article, calls)
        return Outcome(Extraction(calls=calls), usage, rules_s + sum(r.latency_s for r in results), replayed)

    def _unread(self, article: Article, calls: Sequence[Call]) -> list[str]:
        """Sentences that report a call the rules did not extract, worth a question: not those that only
        name people already on a found call (another account of that call)."""
        if self._focus is None:
            return []
        on_calls = [p.name for call in calls for p in call.participants]
        out = []
        for sentence in unreported_sentences(article, calls):
            named = [
                m.extra.get("candidates") or (m.actor.name if m.actor else "")
                for m in self._rules.db.find_mentions(sentence)
            ]
            named = [n for n in named if n]
            if named and all(any(same_person(c, p) for c in n.split("|") for p in on_calls) for n in named):
                continue
            out.append(sentence)
        return out

    async def _ask_about(self, article: Article, sentence: str, have: Sequence[Call]) -> tuple[list[Call], LLMResult]:
        """Ask the model for the call ``sentence`` reports; keep it if the rules' check passes and it is new."""
        assert self._focus is not None
        context = {"passage": article.text[:FOCUS_MAX_CHARS], "sentence": sentence}
        result = await _ask(self._focus, article, context, Extraction())
        # The question was about this sentence: it is the evidence, whatever the model copied.
        proposed = [c.model_copy(update={"evidence": [sentence]}) for c in result.extraction.calls]
        return missed_calls(proposed, have, [sentence], article, self._rules.db), result

    async def _ask_window(
        self, article: Article, unread: Sequence[str], have: Sequence[Call]
    ) -> tuple[list[Call], LLMResult]:
        """Ask the window question (who was on each call) about the ``unread`` sentences, with the article's top;
        keep each call the rules' check passes that one of those sentences reports and that is new."""
        assert self._focus is not None
        window = call_window(article, only=unread)
        if window is None:  # none of them reports a call by the window's test: nothing to ask, never the whole text
            return [], LLMResult(WindowCalls(), Usage(), 0.0)
        result = await _ask(self._focus, window, {}, WindowCalls())
        proposed = []
        for call in calls_of_window(result.extraction, window):
            evidence = [e for e in call.evidence if e in unread]  # not the top's report of a call the rules found
            if evidence:
                proposed.append(call.model_copy(update={"evidence": evidence}))
        return missed_calls(proposed, have, unread, article, self._rules.db), result

    async def check(self, timeout: float = 2.0) -> Health:
        """The rules always answer; the model must too (it is asked about most articles)."""
        return await self._llm.check(timeout)

    async def _add_topics(self, article: Article, call: Call, asked: _Questions) -> tuple[Call, LLMResult | None]:
        """The per-call question (``--topics-prompt``): its topics, and with a ``details`` prompt its outcomes and
        sources, added to the rules' where the article supports them. Calls whose passage is the same (the
        counterparts of one list) share one question (``asked``). A shared answer's outcomes are not added: the
        model does not say which of the calls produced them, and most lists report results for one counterpart
        or none. A topic that is only the country of someone on one of the article's calls is not added either:
        it says who was called ("Gabon", "Senegal" in a list of congratulations), not what was discussed."""
        if self._topics is None:
            return call, None
        passage = call_passage(article, call)
        result = None
        if passage in asked.answers:
            answer = asked.answers[passage]
        else:
            names = " and ".join(p.name for p in call.participants)
            context = {"call": names + (f", {call.date}" if call.date else ""), "passage": passage}
            result = await _ask(self._topics, article, context, self._topics.response_model())
            answer = asked.answers[passage] = result.extraction
        people = [p.name for p in call.participants]
        new = [t for t in answer.topics if not names_a_person(t, self._rules.db)]
        topics = merge_topics(
            call.topics,
            new,
            article.text,
            names=people,
            countries=sorted(asked.countries),
        )
        update: dict[str, list[str]] = {"topics": topics}
        if isinstance(answer, CallDetails):
            new_outcomes = answer.outcomes if asked.sharing[passage] < 2 else []
            update["outcomes"] = merge_outcomes(call.outcomes, new_outcomes, article.text)
            update["reported_by"] = merge_sources(call.reported_by, answer.reported_by, article.text, people)
        return call.model_copy(update=update), result


async def _ask(
    extractor: LLMExtractor, article: Article, context: dict[str, str], empty: CallTopics | Extraction
) -> LLMResult:
    """One question about a call or a sentence. An answer that never validated counts as ``empty`` (what the
    rules found stands; the cost is kept); any other failure (endpoint down, timeout, missing recording)
    fails the article."""
    try:
        return await extractor.extract(article, context)
    except ExtractionError as exc:
        if exc.info.kind != "invalid_output":
            raise
        return LLMResult(empty, exc.usage, exc.latency_s)


def unreported_sentences(article: Article, calls: Sequence[Call]) -> list[str]:
    """The article's sentences that report a call that took place (by the rules' own test,
    :func:`~llmextract.tasks.calls.rules.verify.reports_call`) but are in the evidence of none of ``calls``."""
    covered = [e for call in calls for e in call.evidence]
    out = []
    for sentence in split_sentences(article.text):
        text = sentence.text
        if not _CALL_WORD_RE.search(text) or any(text in e or e in text for e in covered):
            continue
        if reports_call(text) is None:
            out.append(text)
    return out


def missed_calls(
    proposed: Sequence[Call], have: Sequence[Call], unread: Sequence[str], article: Article, db: ActorDB
) -> list[Call]:
    """The model's calls that the rules missed: each must pass :func:`check_call`, be reported by one of the
    ``unread`` sentences (none of the rules' calls covers it) and not be a call already kept."""
    out: list[Call] = []
    for call in proposed:
        verdict = check_call(call, article, db)
        if verdict.call is None or not any(s in unread for s in verdict.sentences):
            continue
        if any(same_call(verdict.call, kept) for kept in [*have, *out]):
            continue
        out.append(verdict.call)
    return out


PASSAGE_MAX_CHARS = 1500
# The focused question about a missed call reads the article's start (names and dateline) up to this length.
FOCUS_MAX_CHARS = 3000
# Sentences per article asked about (each is a request of ~10 s on the local 1.5B model).
MAX_FOCUS = 2


@dataclass(frozen=True)
class _Questions:
    """One article's per-call questions: the answers by passage (the calls of one list share theirs), how many
    calls each passage has, and the countries of everyone on the article's calls."""

    answers: dict[str, CallTopics]
    sharing: Counter[str]
    countries: frozenset[str]

    @classmethod
    def about(cls, article: Article, calls: Sequence[Call]) -> _Questions:
        return cls({}, Counter(), frozenset()).with_calls(article, calls)

    def with_calls(self, article: Article, calls: Sequence[Call]) -> _Questions:
        """The same answers, counting ``calls`` too."""
        sharing = self.sharing + Counter(call_passage(article, call) for call in calls)
        countries = self.countries | {p.country for call in calls for p in call.participants if p.country}
        return _Questions(self.answers, sharing, countries)


def call_passage(article: Article, call: Call) -> str:
    """The part of the article about ``call``: from its first evidence sentence on (what was discussed
    follows the report of the call), at most :data:`PASSAGE_MAX_CHARS`; from the top when the evidence is
    not found. A prompt may use it (``{{ passage }}``) instead of the whole article, for a shorter input."""
    sentences = split_sentences(article.text)
    hits = [i for i, s in enumerate(sentences) for e in call.evidence if e[:60] in s.text or s.text[:60] in e]
    if not hits:
        return article.text[:PASSAGE_MAX_CHARS]
    return " ".join(s.text for s in sentences[min(hits) :])[:PASSAGE_MAX_CHARS]


# The fallback question reads at most this much: the article's top and the sentences that report a call.
WINDOW_MAX_CHARS = 1500


def call_window(article: Article, only: Sequence[str] | None = None) -> Article | None:
    """What the model reads when the rules found no call: the article's first two sentences (headline and
    dateline) and each sentence that reports a call that took place by the rules' own test
    (:func:`~.rules.verify.reports_call`: not "called for", "will call", a letter or a denial), with
    the sentence after it, in order, at most :data:`WINDOW_MAX_CHARS` characters. None when no sentence
    reports a call: the article needs no model time. With ``only``, just those of the reporting sentences
    (the ones no call the rules found covers)."""
    sentences = split_sentences(article.text)
    reporting = [
        i
        for i, s in enumerate(sentences)
        if _CALL_WORD_RE.search(s.text) and reports_call(s.text) is None and (only is None or s.text in only)
    ]
    if not reporting:
        return None
    keep = sorted({0, 1, *reporting, *(i + 1 for i in reporting)} & set(range(len(sentences))))
    parts: list[str] = []
    size = 0
    for i in keep:
        text = sentences[i].text
        if size + len(text) > WINDOW_MAX_CHARS and i not in (0, 1):
            break
        parts.append(text)
        size += len(text) + 1
    return article.model_copy(update={"text": "\n".join(parts)})


def calls_of_window(answer: WindowCalls, window: Article) -> list[Call]:
    """The fallback question's calls as records to check: each with its participants' names, who placed it
    and its medium, and as evidence the window's sentences that report a call and name one of them (the rules'
    check then reads the date, duration, roles and countries off the article)."""
    sentences = [s.text for s in split_sentences(window.text) if reports_call(s.text) is None]
    out = []
    for item in answer.calls:
        names = list(dict.fromkeys(item.participants))
        surnames = [n.split()[-1] for n in names if len(n.split()[-1]) >= 3]
        named = [[x for x in surnames if re.search(rf"\b{re.escape(x)}\b", s)] for s in sentences]
        evidence = [s for s, n in zip(sentences, named, strict=True) if len(n) == len(surnames)] or [
            s for s, n in zip(sentences, named, strict=True) if n
        ]  # the sentences that name them all, else those that name one
        if len(names) < 2 or not evidence:
            continue
        placed = next((n for n in names if item.placed_by and same_person(item.placed_by, n)), None)
        call = Call(
            participants=[Participant(name=n) for n in names],
            initiator=placed,
            medium="video" if item.video else "phone",
            evidence=[_clip_passage(e) for e in evidence[:MAX_EVIDENCE]],
        )
        out.append(call)
    return out


def _clip_passage(sentence: str) -> str:
    """A sentence as evidence: whole when it fits a passage, else its start up to the last word that fits (still
    verbatim, so the rules' check locates it)."""
    if len(sentence) <= MAX_PASSAGE_CHARS:
        return sentence
    return sentence[: MAX_PASSAGE_CHARS + 1].rsplit(" ", 1)[0].rstrip()


def per_call_model(prompt_name: str) -> type[CallTopics]:
    """The answer the hybrid's per-call prompt asks for: ``details_*`` prompts also ask outcomes and sources."""
    return CallDetails if prompt_name.startswith("details") else CallTopics


def answer_model(prompt_name: str) -> type[Extraction] | type[WindowCalls]:
    """The answer the hybrid's fallback prompt asks for: ``calls_window_*`` asks only who was on each call."""
    return WindowCalls if prompt_name.startswith("calls_window") else Extraction
