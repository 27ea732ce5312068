"""The ``openai`` backend: any OpenAI-compatible chat endpoint (OpenAI, vLLM, Ollama,
llama.cpp server), with timeouts, retries with backoff, a grounded prompt, and a fallback to
the template backend when anything goes wrong.

It POSTs ``{url}/chat/completions`` with the model name, a system message with the rules and
a user message with the facts as JSON, and asks for a JSON object with the kind's parts. A
reply is used only if it parses, is in the requested language and passes the grounding check;
otherwise (and on timeouts, connection errors, 4xx/5xx after the retries) the request is
written by the template backend, with ``fell_back=True`` and the reason in ``warnings``.

The API key is sent as a bearer token and never logged or put in a message.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence
from typing import Any

import httpx

from sazon.errors import DependencyUnavailable
from sazon.generate.base import Draft, Generation, GenerationRequest
from sazon.generate.grounding import check_grounding
from sazon.generate.phrasebank import Batch
from sazon.generate.prompt import ReplyError, build_messages, parse_reply, wrong_language
from sazon.generate.registry import assemble, get_kind
from sazon.generate.template import TemplateGenerator

log = logging.getLogger(__name__)

_RETRY_STATUSES = frozenset({408, 409, 425, 429, 500, 502, 503, 504})
_MAX_SLEEP_S = 8.0


class GenerationFailed(Exception):
    """Why the endpoint gave no usable text.

    ``reason`` is for the caller, in the result's warnings: it may quote the model's reply
    (a grounding violation quotes the claim, which for a guest briefing can be an allergy)
    or the endpoint's error body. ``summary`` is what may be logged or raised: the HTTP
    status, the kinds and counts of violations, never a text. Neither holds the key.
    """

    def __init__(self, reason: str, summary: str | None = None) -> None:
        super().__init__(summary or reason)
        self.reason = reason
        self.summary = summary or reason


class OpenAIGenerator:
    """Writes with a chat model behind an OpenAI-compatible endpoint.

    ``url`` is the API base, e.g. ``http://localhost:11434/v1`` (Ollama),
    ``http://localhost:8000/v1`` (vLLM), ``http://localhost:8080/v1`` (llama.cpp server) or
    ``https://api.openai.com/v1``. With ``fallback=False`` a failure raises
    :class:`~sazon.errors.DependencyUnavailable` instead of falling back.
    """

    name = "openai"

    def __init__(
        self,
        *,
        url: str,
        model: str,
        api_key: str | None = None,
        timeout_s: float = 20.0,
        max_retries: int = 2,
        backoff_s: float = 0.5,
        temperature: float = 0.4,
        max_tokens: int = 900,
        fallback: bool = True,
        template: TemplateGenerator | None = None,
    ) -> None:
        self.url = url.rstrip("/")
        self.model = model
        self.timeout_s = timeout_s
        self.max_retries = max(0, max_retries)
        self.backoff_s = max(0.0, backoff_s)
        self.temperature = temperature
        self.max_tokens = max_tokens
        self.fallback = fallback
        self.template = template or TemplateGenerator()
        headers = {"Content-Type": "application/json", "User-Agent": "sazon-generate"}
        if api_key:
            headers["Authorization"] = f"Bearer {api_key}"
        self._client = httpx.Client(
            timeout=httpx.Timeout(timeout_s, connect=min(5.0, timeout_s)), headers=headers
        )

    def __repr__(self) -> str:
        return f"OpenAIGenerator(url={self.url!r}, model={self.model!r})"

    @property
    def endpoint(self) -> str:
        return f"{self.url}/chat/completions"

    def generate(self, request: GenerationRequest) -> Generation:
        return self.generate_many([request])[0]

    def generate_many(self, requests: Sequence[GenerationRequest]) -> list[Generation]:
        # One batch for the fallbacks, so they keep the template backend's no-repeat promise;
        # the model is told the openings it already used, so it varies them too.
        batch = Batch()
        openings: list[str] = []
        return [self._one(request, batch, openings) for request in requests]

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> OpenAIGenerator:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _one(self, request: GenerationRequest, batch: Batch, openings: list[str]) -> Generation:
        try:
            drafts = [self._draft(request, v, openings) for v in range(request.variants)]
        except GenerationFailed as exc:
            if not self.fallback:
                raise DependencyUnavailable(
                    f"text generation at {self.url} failed: {exc.summary}"
                ) from None
            log.warning(
                "generation backend %s (model %s) failed for %s: %s; using the template backend",
                self.url, self.model, request.kind, exc.summary,
            )  # fmt: skip
            gen = self.template.write(request, batch)
            note = f"openai backend failed ({exc.reason}); written by the template backend"
            return gen.model_copy(update={"fell_back": True, "warnings": [note, *gen.warnings]})
        return Generation.from_drafts(drafts, request, self.name)

    def _draft(self, request: GenerationRequest, variant: int, openings: list[str]) -> Draft:
        spec = get_kind(request.kind)
        body: dict[str, Any] = {
            "model": self.model,
            "messages": build_messages(request, spec, avoid=openings),
            "temperature": self.temperature if variant == 0 else min(1.2, self.temperature + 0.3),
            "max_tokens": self.max_tokens,
            "seed": request.seed + variant,
        }
        content = self._post(body)
        try:
            comp = parse_reply(content, spec)
        except ReplyError as exc:
            raise GenerationFailed(str(exc)) from None
        text = assemble(spec, comp, request.lang)
        if wrong_language(text, request.lang):
            raise GenerationFailed(f"the reply is not in the requested language ({request.lang})")
        report = check_grounding(text, request.facts)
        if not report.ok:
            raise GenerationFailed(
                "grounding check failed: " + "; ".join(report.reasons()[:5]),
                "grounding check failed: " + report.summary(),
            )
        first = comp.parts.get(spec.parts[0], "")
        if first:
            openings.append(first[:120])
        return Draft(text=text, title=comp.parts.get("title"), parts=comp.parts, items=comp.items)

    def _post(self, body: dict[str, Any]) -> str:
        attempts = 1 + self.max_retries
        last = "no attempt made"
        for attempt in range(attempts):
            wait = self.backoff_s * (2**attempt)
            try:
                response = self._client.post(self.endpoint, json=body)
            except httpx.TimeoutException:
                last = f"timed out after {self.timeout_s:g} s"
            except httpx.TransportError as exc:
                last = f"could not reach {self.url} ({type(exc).__name__})"
            else:
                status = response.status_code
                if status == 200:
                    return _content(response)
                if status in (401, 403):
                    raise GenerationFailed(
                        f"the endpoint refused the API key (HTTP {status}); check "
                        "SAZON_GENERATE__API_KEY"
                    )
                if status == 404:
                    raise GenerationFailed(
                        f"{self.endpoint} answered 404; check SAZON_GENERATE__URL (the API "
                        "base, usually ending in /v1) and SAZON_GENERATE__MODEL"
                    )
                if status not in _RETRY_STATUSES:
                    # The body may echo the prompt, and the prompt holds the facts.
                    raise GenerationFailed(f"HTTP {status}: {_short(response)}", f"HTTP {status}")
                last = f"HTTP {status}"
                wait = max(wait, _retry_after(response))
            if attempt + 1 < attempts:
                log.info("generation attempt %d failed (%s); retrying", attempt + 1, last)
                time.sleep(min(wait, _MAX_SLEEP_S))
        raise GenerationFailed(f"{last} ({attempts} attempt{'s' if attempts > 1 else ''})")


def _content(response: httpx.Response) -> str:
    try:
        data = response.json()
        content = data["choices"][0]["message"]["content"]
    except (ValueError, KeyError, IndexError, TypeError):
        raise GenerationFailed("the endpoint's reply is not an OpenAI chat completion") from None
    if not isinstance(content, str) or not content.strip():
        raise GenerationFailed("the endpoint replied with an empty message")
    return content


def _retry_after(response: httpx.Response) -> float:
    try:
        return max(0.0, float(response.headers.get("retry-after", "0")))
    except ValueError:
        return 0.0


def _short(response: httpx.Response) -> str:
    text = " ".join(response.text.split())
    return text[:160] + ("…" if len(text) > 160 else "")
