"""Text generation: one kind of text written from the facts the caller sends, grounded.

The server reads nothing from the store here: every name, allergen and price in the text
comes from the request's facts, and the grounding check runs on every draft (a template
draft that fails it says so in ``warnings``; an OpenAI-compatible reply that fails it is
replaced by the template backend's). Any authenticated key may ask; nothing is logged but
the kind and the backend's status.
"""

from __future__ import annotations

import json
from typing import Annotated, Any, Literal

from fastapi import Depends
from pydantic import BaseModel, Field, WithJsonSchema, field_validator

from sazon.access import ALL, Principal
from sazon.api.deps import StateDep, require
from sazon.api.onehop import ApiRouter
from sazon.api.schemas import BODY, Int
from sazon.errors import DependencyUnavailable, InvalidInput
from sazon.generate import Generation, build_request, kind_names, make_generator

router = ApiRouter(tags=["generate"])
Reader = Annotated[Principal, Depends(require(ALL))]

#: Characters of the facts as compact JSON (a full event concept with twelve dishes and a
#: wine flight is about 6,000).
MAX_FACTS_CHARS = 50_000


class GenerateRequest(BaseModel):
    """What to write (see ``sazon generate kinds`` for the kinds and their facts)."""

    model_config = BODY

    kind: Annotated[str, WithJsonSchema({"enum": kind_names()})] = Field(
        min_length=1, max_length=64, examples=["menu_description"]
    )
    facts: dict[str, Any] = Field(
        description='the kind\'s facts, e.g. {"dish": {"name": "Causa limeña"}}',
        examples=[{"dish": {"name": "Causa limeña de pollo", "price_pen": 32}}],
    )
    lang: Literal["es", "en"] = "es"
    tone: Literal["warm", "elegant", "casual", "formal"] = "warm"
    seed: Int = Field(default=0, ge=0, le=2**31 - 1)
    variants: Int = Field(default=1, ge=1, le=10, description="alternative drafts to write")

    @field_validator("facts")
    @classmethod
    def _bounded(cls, value: dict[str, Any]) -> dict[str, Any]:
        size = len(json.dumps(value, ensure_ascii=False, separators=(",", ":")))
        if size > MAX_FACTS_CHARS:
            raise ValueError(f"the facts are {size} characters of JSON; at most {MAX_FACTS_CHARS}")
        return value


@router.post("/generate", response_model=Generation)
def generate(body: GenerateRequest, state: StateDep, _: Reader) -> Generation:
    """Write one text (and ``variants - 1`` alternatives) from the facts."""
    request = build_request(
        body.kind, body.facts, lang=body.lang, tone=body.tone, seed=body.seed,
        variants=body.variants,
    )  # fmt: skip
    try:
        generator = make_generator(state.settings)
    except InvalidInput as exc:
        # A wrong SAZON_GENERATE__* setting is the server's problem, not the caller's.
        raise DependencyUnavailable(f"text generation is not set up: {exc.message}") from None
    try:
        return generator.generate(request)
    finally:
        generator.close()
