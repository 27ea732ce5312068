"""Build the configured generator from the settings."""

from __future__ import annotations

from sazon.config import Settings
from sazon.errors import InvalidInput
from sazon.generate.base import Generator
from sazon.generate.openai_compat import OpenAIGenerator
from sazon.generate.template import TemplateGenerator

BACKENDS = ("template", "openai")


def make_generator(settings: Settings, *, fallback: bool = True) -> Generator:
    """The backend named by ``SAZON_GENERATE__BACKEND`` (``template`` unless told otherwise).

    >>> from sazon.config import load_settings
    >>> make_generator(load_settings()).name
    'template'
    """
    cfg = settings.generate
    backend = cfg.backend.strip().lower()
    if backend == "template":
        return TemplateGenerator()
    if backend == "openai":
        if not cfg.url or not cfg.model:
            raise InvalidInput(
                "the openai generation backend needs SAZON_GENERATE__URL (the API base, e.g. "
                "http://localhost:11434/v1 for Ollama) and SAZON_GENERATE__MODEL"
            )
        return OpenAIGenerator(
            url=cfg.url,
            model=cfg.model,
            api_key=cfg.api_key,
            timeout_s=cfg.timeout_s,
            max_retries=cfg.max_retries,
            backoff_s=cfg.backoff_s,
            temperature=cfg.temperature,
            max_tokens=cfg.max_tokens,
            fallback=fallback,
        )
    raise InvalidInput(
        f"unknown generation backend {cfg.backend!r}; use one of: {', '.join(BACKENDS)}"
    )
