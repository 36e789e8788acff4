"""The model client against a fake OpenAI-compatible server (a test double on loopback).

Transient failures are retried with backoff (honouring Retry-After), invalid
answers are re-asked, neither forever, and every request's tokens are counted.
"""

from __future__ import annotations

import asyncio
import json
from types import SimpleNamespace

import httpx
import openai
import pytest

from llmextract.config import Settings
from llmextract.engine.endpoint import Endpoint, probe_endpoint
from llmextract.engine.llm import ExtractionError, LLMExtractor
from llmextract.engine.prompts import load_prompt
from llmextract.engine.records import Article
from llmextract.engine.retries import backoff_wait, retry_after_seconds
from llmextract.tasks.calls import CALLS_ANSWER
from llmextract.testing import FakeOpenAIServer, Reply, always, sequence

ARTICLE = Article(id="a1", text="Merkel phoned Macron on Thursday.")
NO_WAIT = lambda state: 0.0  # noqa: E731


def extract(script, waits=None, **settings):
    async def go():
        with FakeOpenAIServer(script) as server:
            extractor = LLMExtractor(
                Settings(base_url=server.base_url, model="fake-model", **settings),
                Endpoint(server.base_url, "fake-model", "k", "openai-compatible"),
                load_prompt("calls_v1"),
                **CALLS_ANSWER,
                wait=waits or NO_WAIT,
            )
            try:
                return await extractor.extract(ARTICLE), server.requests
            except ExtractionError as exc:
                return exc, server.requests
            finally:
                await extractor.close()

    return asyncio.run(go())


def test_a_valid_answer_becomes_an_extraction_with_its_usage():
    result, requests = extract(always(Reply(prompt_tokens=300, completion_tokens=40)))
    assert result.extraction.calls[0].participants[0].name == "Test Leader One"
    assert (result.usage.prompt_tokens, result.usage.completion_tokens, result.usage.requests) == (300, 40, 1)
    assert requests[0]["temperature"] == 0.0
    assert requests[0]["tool_choice"]["function"]["name"]  # instructor TOOLS mode forces the schema tool


def test_429_is_retried_after_the_servers_retry_after():
    waited = []

    def wait(state):
        waited.append(backoff_wait()(state))
        return 0.0

    result, requests = extract(sequence(Reply(status=429, headers={"Retry-After": "7"}, answer=None), Reply()), wait)
    assert len(requests) == 2 and waited == [7.0]
    assert result.usage.requests == 2


def test_5xx_is_retried_a_bounded_number_of_times_then_reported():
    error, requests = extract(always(Reply(status=503, answer=None)), max_retries=2)
    assert isinstance(error, ExtractionError) and error.info.kind == "http_503"
    assert len(requests) == 3 and error.usage.requests == 3


def test_4xx_other_than_429_is_not_retried():
    error, requests = extract(always(Reply(status=400, answer=None)))
    assert error.info.kind == "http_400" and len(requests) == 1


HTTP_CLIENTS = pytest.mark.parametrize("http_client", ["aiohttp", "httpx"])


@HTTP_CLIENTS
def test_a_dropped_connection_is_retried(http_client):
    result, requests = extract(sequence(Reply(drop=True), Reply()), http_client=http_client)
    assert len(requests) == 2 and result.extraction.calls


@HTTP_CLIENTS
def test_a_dropped_connection_that_never_recovers_is_an_endpoint_failure_not_a_timeout(http_client):
    error, requests = extract(always(Reply(drop=True)), max_retries=1, http_client=http_client)
    assert len(requests) == 2 and error.info.kind == "endpoint"
    assert error.info.message.startswith("cannot reach the model endpoint http://127.0.0.1:")


def test_an_invalid_answer_is_reasked_and_usage_covers_both_requests():
    bad = {"calls": [{"participants": [{"name": "Only One"}], "evidence": ["x x x x x"]}]}
    result, requests = extract(sequence(Reply(answer=bad, prompt_tokens=10), Reply(prompt_tokens=20)))
    assert len(requests) == 2
    assert result.usage.prompt_tokens == 30
    # instructor's re-ask tells the model what was wrong
    assert "participants" in str(requests[1]["messages"][-1])


def test_an_answer_that_stays_invalid_fails_after_the_reasks():
    error, requests = extract(always(Reply(answer="not json at all")), max_reasks=1)
    assert error.info.kind == "invalid_output" and len(requests) == 2
    assert "did not validate" in error.info.message


@HTTP_CLIENTS
def test_a_slow_server_times_out_with_a_clear_message(http_client):
    error, _ = extract(always(Reply(delay=1.5)), timeout=0.3, max_retries=0, http_client=http_client)
    assert error.info.kind == "timeout" and "timed out after 0.3s" in error.info.message


@HTTP_CLIENTS
def test_an_unreachable_endpoint_names_the_url(http_client):
    async def go():
        settings = Settings(base_url="http://127.0.0.1:9/v1", model="m", max_retries=1, http_client=http_client)
        extractor = LLMExtractor(
            settings,
            Endpoint("http://127.0.0.1:9/v1", "m", "", "x"),
            load_prompt("calls_v1"),
            wait=NO_WAIT,
            **CALLS_ANSWER,
        )
        with pytest.raises(ExtractionError) as info:
            await extractor.extract(ARTICLE)
        await extractor.close()
        return info.value

    error = asyncio.run(go())
    assert error.info.kind == "endpoint" and "127.0.0.1:9" in error.info.message
    assert error.usage.requests == 2


def _status_error(headers):
    response = httpx.Response(429, headers=headers, request=httpx.Request("POST", "http://x"))
    return openai.RateLimitError("rate limited", response=response, body=None)


def test_retry_after_accepts_seconds_milliseconds_and_dates():
    assert retry_after_seconds(_status_error({"Retry-After": "3"})) == 3.0
    assert retry_after_seconds(_status_error({"retry-after-ms": "1500"})) == 1.5
    assert retry_after_seconds(_status_error({"Retry-After": "Wed, 21 Oct 2015 07:28:00 GMT"})) == 0.0
    assert retry_after_seconds(_status_error({})) is None


def test_backoff_grows_exponentially_without_retry_after():
    wait = backoff_wait(initial=1.0, maximum=5.0)
    outcome = SimpleNamespace(exception=lambda: RuntimeError("x"))
    assert [wait(SimpleNamespace(attempt_number=n, outcome=outcome)) for n in (1, 2, 3, 4)] == [1.0, 2.0, 4.0, 5.0]


# ---------------------------------------------------------------- grounding re-ask (opt-in)

GROUNDED = {
    "calls": [
        {
            "participants": [{"name": "Angela Merkel"}, {"name": "Emmanuel Macron"}],
            "initiator": "Angela Merkel",
            "evidence": ["Merkel phoned Macron on Thursday."],
        }
    ]
}
INVENTED = {
    "calls": [
        {
            "participants": [{"name": "Angela Merkel"}, {"name": "Olaf Scholz"}],
            "duration_minutes": 45,
            "evidence": ["Merkel and Scholz spoke for 45 minutes about energy."],
        }
    ]
}


def test_without_reask_an_ungrounded_answer_is_accepted_at_once():
    result, requests = extract(always(Reply(answer=INVENTED)))
    assert len(requests) == 1 and result.extraction.calls[0].participants[1].name == "Olaf Scholz"


def test_reask_feeds_the_ungrounded_values_back_and_takes_the_grounded_answer():
    result, requests = extract(sequence(Reply(answer=INVENTED), Reply(answer=GROUNDED)), grounding="reask")
    assert len(requests) == 2 and result.usage.requests == 2
    assert [p.name for p in result.extraction.calls[0].participants] == ["Angela Merkel", "Emmanuel Macron"]
    feedback = json.dumps(requests[1]["messages"][-1])
    assert 'calls.0.participants.1.name \\"Olaf Scholz\\" is not in the article' in feedback
    assert "calls.0.evidence.0 is not in the article" in feedback
    assert "calls.0.duration_minutes 45 is not stated in the article" in feedback


def test_reask_keeps_the_answer_when_it_stays_ungrounded_instead_of_failing_the_article():
    result, requests = extract(always(Reply(answer=INVENTED)), grounding="reask", max_reasks=1)
    assert not isinstance(result, ExtractionError)
    assert len(requests) == 2  # bounded by max_reasks
    assert result.extraction.calls[0].participants[1].name == "Olaf Scholz"  # kept, marked downstream


def test_reask_still_fails_an_answer_that_never_meets_the_schema():
    error, requests = extract(always(Reply(answer="not json at all")), grounding="reask", max_reasks=1)
    assert isinstance(error, ExtractionError) and error.info.kind == "invalid_output" and len(requests) == 2


def test_reask_sends_the_model_exactly_the_same_schema_and_messages():
    _, plain = extract(always(Reply(answer=GROUNDED)))
    _, grounded = extract(always(Reply(answer=GROUNDED)), grounding="reask")
    assert grounded[0]["tools"] == plain[0]["tools"]
    assert grounded[0]["messages"] == plain[0]["messages"]


def test_instructor_context_would_template_the_messages_which_is_why_the_gate_is_a_response_model():
    """instructor 1.17 renders messages as Jinja when given ``context=``: article text must never go that way."""
    import instructor
    import pydantic

    seen: list[list[dict[str, str]]] = []

    async def create(*args, **kwargs):
        seen.append(kwargs["messages"])
        raise openai.APIConnectionError(request=httpx.Request("POST", "http://x"))

    class Tiny(pydantic.BaseModel):
        x: int

    patched = instructor.patch(create=create, mode=instructor.Mode.TOOLS)
    with pytest.raises(Exception):  # noqa: B017 - only the messages matter here
        asyncio.run(patched(response_model=Tiny, messages=[{"role": "user", "content": "{{ 6 * 7 }}"}],
                            model="m", context={"text": "t"}, max_retries=0))  # fmt: skip
    assert seen[0][0]["content"] == "42"


def test_the_endpoint_probe_says_whether_models_answers():
    with FakeOpenAIServer(always(Reply())) as server:
        ok, detail = asyncio.run(probe_endpoint(Endpoint(server.base_url, "m", "k", "x")))
    assert ok is True and detail.startswith(f"GET {server.base_url}/models answered 200 in ")
    down, detail = asyncio.run(probe_endpoint(Endpoint("http://127.0.0.1:9/v1", "m", "", "x"), timeout=1))
    assert down is False and detail.startswith("cannot reach the model endpoint: GET http://127.0.0.1:9/v1/models")


def test_the_request_goes_out_exactly_as_the_sdks_create_would_send_it():
    """``send_chat_completion`` skips the SDK's parameter walk, not anything that reaches the server."""
    from llmextract.engine.retries import send_chat_completion

    _, sent = extract(always(Reply()))
    request = sent[0]

    async def both():
        with FakeOpenAIServer(always(Reply())) as server:
            client = openai.AsyncOpenAI(base_url=server.base_url, api_key="k", max_retries=0)
            try:
                direct = await send_chat_completion(client, dict(request))
                via_create = await client.chat.completions.create(**request)
            finally:
                await client.close()
            return direct, via_create, server.requests

    direct, via_create, bodies = asyncio.run(both())
    assert bodies[0] == bodies[1] == request
    assert direct.model_dump(exclude={"created"}) == via_create.model_dump(exclude={"created"})  # a clock
    assert direct.choices[0].message.tool_calls[0].function.arguments


def test_a_request_with_sdk_options_still_goes_through_create():
    from llmextract.engine.retries import send_chat_completion

    async def go():
        with FakeOpenAIServer(always(Reply())) as server:
            client = openai.AsyncOpenAI(base_url=server.base_url, api_key="k", max_retries=0)
            try:
                await send_chat_completion(
                    client, {"model": "m", "messages": [{"role": "user", "content": "hi"}], "extra_body": {"seed": 7}}
                )
            finally:
                await client.close()
            return server.requests

    assert asyncio.run(go())[0]["seed"] == 7  # extra_body is merged into the body, not sent as a field


def test_concurrent_articles_each_count_only_their_own_requests():
    """One client serves many articles at once: each article's usage and raw outputs are its own."""

    def script(number, body):  # a test double whose token count tells the articles apart
        return Reply(prompt_tokens=len(body["messages"][-1]["content"]), delay=0.05 * (number % 3))

    articles = [Article(id=f"a{i}", text="Merkel phoned Macron on Thursday." + " Later." * i) for i in range(12)]

    async def go():
        with FakeOpenAIServer(script) as server:
            extractor = LLMExtractor(
                Settings(base_url=server.base_url, model="fake-model"),
                Endpoint(server.base_url, "fake-model", "k", "openai-compatible"),
                load_prompt("calls_v1"),
                **CALLS_ANSWER,
                wait=NO_WAIT,
            )
            try:
                return await asyncio.gather(*(extractor.extract(a) for a in articles))
            finally:
                await extractor.close()

    results = asyncio.run(go())
    sizes = [r.usage.prompt_tokens for r in results]
    assert [r.usage.requests for r in results] == [1] * 12
    assert sizes == sorted(sizes) and len(set(sizes)) == 12  # longer article, longer prompt: none mixed up


def test_a_base_url_with_credentials_goes_through_httpx_which_sends_them():
    from llmextract.engine.retries import _http_client

    settings = Settings(http_client="aiohttp")
    assert _http_client(settings, "http://user:pass@proxy.example/v1") is None  # the SDK's httpx client
    assert _http_client(settings, "http://proxy.example/v1") is not None
