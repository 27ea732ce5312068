"""Text understanding: sentiment of reviews, overall and per aspect."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, ConfigDict, Field

from sazon.access import ALL, Principal
from sazon.api.deps import StateDep, require
from sazon.text.sentiment import SentimentItem, SentimentResult, SentimentServing, SkippedItem

router = APIRouter(tags=["text"])
Reader = Annotated[Principal, Depends(require(ALL))]

MAX_ITEMS = 500
MAX_TEXT_CHARS = 5000


class SentimentItemIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str = Field(min_length=1, max_length=200)
    text: str = Field(max_length=MAX_TEXT_CHARS)


class SentimentRequest(BaseModel):
    """Up to 500 texts, each with the caller's id."""

    model_config = ConfigDict(extra="forbid")

    items: list[SentimentItemIn] = Field(min_length=1, max_length=MAX_ITEMS)


class ModelInfo(BaseModel):
    name: str
    version: str


class SentimentResponse(BaseModel):
    """One result per non-empty text, in order; empty texts are listed in ``skipped``."""

    results: list[SentimentResult]
    skipped: list[SkippedItem]
    model: ModelInfo


def _serving(request: Request, state: StateDep) -> SentimentServing:
    # One per application: it keeps the loaded model and follows the registry's active one.
    serving: SentimentServing | None = getattr(request.app.state, "sazon_sentiment", None)
    if serving is None:
        serving = SentimentServing(state.settings)
        request.app.state.sazon_sentiment = serving
    return serving


Serving = Annotated[SentimentServing, Depends(_serving)]


@router.post("/text/sentiment", response_model=SentimentResponse)
def sentiment(body: SentimentRequest, serving: Serving, _: Reader) -> SentimentResponse:
    """Label (negative, neutral, positive), score (-1…1) and aspects of each text."""
    items = [SentimentItem(id=i.id, text=i.text) for i in body.items if i.text.strip()]
    skipped = [SkippedItem(id=i.id, reason="empty text") for i in body.items if not i.text.strip()]
    analyzer = serving.current()
    return SentimentResponse(
        results=analyzer.analyse(items),
        skipped=skipped,
        model=ModelInfo(name=analyzer.name, version=analyzer.version),
    )
