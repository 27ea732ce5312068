"""Text understanding: sentiment of reviews (overall and per aspect), the language of each
text, and the keyphrases of a collection. Any authenticated key; sizes are bounded."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import Depends, Request
from pydantic import BaseModel, Field

from sazon.access import ALL, Principal
from sazon.api.deps import StateDep, require
from sazon.api.onehop import ApiRouter
from sazon.api.schemas import BODY, INTEGRAL, Int
from sazon.text import (
    MAX_ANALYSED_CHARS,
    SentimentItem,
    SentimentResult,
    SentimentServing,
    SkippedItem,
    detect_languages,
    keyphrases,
)

router = ApiRouter(tags=["text"])
Reader = Annotated[Principal, Depends(require(ALL))]

MAX_ITEMS = 500
MAX_TEXT_CHARS = MAX_ANALYSED_CHARS
MAX_KEYPHRASES = 100


class TextItemIn(BaseModel):
    """One text and the caller's id for it."""

    model_config = BODY

    id: str = Field(min_length=1, max_length=200)
    text: str = Field(max_length=MAX_TEXT_CHARS)


class SentimentRequest(BaseModel):
    """Up to 500 texts, each with the caller's id."""

    model_config = BODY

    items: list[TextItemIn] = Field(min_length=1, max_length=MAX_ITEMS)


class LanguageRequest(BaseModel):
    """Up to 500 texts, each with the caller's id."""

    model_config = BODY

    items: list[TextItemIn] = Field(min_length=1, max_length=MAX_ITEMS)


class LanguageResult(BaseModel):
    id: str
    language: Literal["es", "en", "und"] = Field(
        description='"es", "en", or "und" when the text is too short or mixed to tell'
    )


class LanguageResponse(BaseModel):
    """One result per item, in order."""

    results: list[LanguageResult]


class KeyphrasesRequest(BaseModel):
    """Up to 500 texts read as one collection (reviews of a venue, posts of a week)."""

    model_config = BODY

    texts: list[Annotated[str, Field(max_length=MAX_TEXT_CHARS)]] = Field(
        min_length=1, max_length=MAX_ITEMS
    )
    lang: Literal["es", "en"] | None = Field(
        default=None, description="the language of every text; null detects each one"
    )
    top: Int = Field(default=10, ge=1, le=MAX_KEYPHRASES)
    min_count: Annotated[int, Field(ge=1, le=MAX_ITEMS), INTEGRAL] | None = Field(
        default=None,
        description="mentions a phrase needs (default: 2 for ten texts or more, else 1)",
    )  # fmt: skip


class KeyphraseOut(BaseModel):
    phrase: str
    score: float = Field(description="salience, the best phrase is 1.0")
    count: int = Field(description="how many times it occurs")


class KeyphrasesResponse(BaseModel):
    keyphrases: list[KeyphraseOut]


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


@router.post("/text/language", response_model=LanguageResponse)
def language(body: LanguageRequest, _: Reader) -> LanguageResponse:
    """The language of each text: es, en, or und when it cannot tell."""
    langs = detect_languages([item.text for item in body.items])
    known: dict[str, Literal["es", "en"]] = {"es": "es", "en": "en"}
    return LanguageResponse(
        results=[
            LanguageResult(id=item.id, language=known.get(lang, "und"))
            for item, lang in zip(body.items, langs, strict=True)
        ]
    )


@router.post("/text/keyphrases", response_model=KeyphrasesResponse)
def keyphrases_of(body: KeyphrasesRequest, _: Reader) -> KeyphrasesResponse:
    """What the texts talk about, best first ("lomo saltado", "pisco sour", …)."""
    found = keyphrases(body.texts, body.lang, body.top, min_count=body.min_count)
    return KeyphrasesResponse(
        keyphrases=[KeyphraseOut(phrase=k.phrase, score=k.score, count=k.count) for k in found]
    )
