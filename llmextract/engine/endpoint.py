"""Where model requests go: an endpoint (URL, model, key, kind) and the probe that checks it answers."""

from __future__ import annotations

import time
from dataclasses import dataclass

import httpx

from llmextract.engine.redact import redact_text, redact_url


@dataclass(frozen=True)
class Endpoint:
    """Where requests go: an OpenAI-compatible base URL and the model name it serves."""

    base_url: str
    model: str
    api_key: str
    kind: str  # "llama.cpp" for the embedded server, "openai", or "openai-compatible"


def endpoint_kind(base_url: str) -> str:
    return "openai" if "api.openai.com" in base_url else "openai-compatible"


async def probe_endpoint(endpoint: Endpoint, timeout: float = 2.0) -> tuple[bool | None, str]:
    """A cheap check that an endpoint answers: ``GET {base_url}/models`` with a short timeout.

    Returns ``(True, detail)`` when it answered, ``(False, detail)`` when it cannot be reached, refused the
    API key or failed with a 5xx, and ``(None, detail)`` when it took the connection but did not answer in
    time (a busy llama.cpp server holds ``/models`` until its current completion is done).
    """
    url = endpoint.base_url.rstrip("/") + "/models"
    headers = {"Authorization": f"Bearer {endpoint.api_key}"} if endpoint.api_key else {}
    shown = redact_url(url)
    started = time.perf_counter()
    try:
        async with httpx.AsyncClient(timeout=timeout) as client:
            response = await client.get(url, headers=headers)
    except httpx.TimeoutException:
        return None, f"GET {shown}: no answer within {timeout:g}s"
    except httpx.HTTPError as exc:
        return False, redact_text(f"cannot reach the model endpoint: GET {shown}: {type(exc).__name__}: {exc}")
    ms = (time.perf_counter() - started) * 1000
    if response.status_code in (401, 403):
        return False, f"GET {shown} answered {response.status_code}: the endpoint refused the API key"
    if response.status_code >= 500:
        return False, f"GET {shown} answered {response.status_code}"
    return True, f"GET {shown} answered {response.status_code} in {ms:.0f} ms"
