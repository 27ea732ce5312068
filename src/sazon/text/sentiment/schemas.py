"""What sentiment analysis takes and gives: items to score and their results."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

__all__ = ["AspectSentiment", "Label", "SentimentItem", "SentimentResult", "SkippedItem"]

Label = Literal["negative", "neutral", "positive"]
AspectName = Literal[
    "food", "service", "ambience", "price", "waiting_time", "drinks", "cleanliness"
]

MAX_ID_CHARS = 200


class SentimentItem(BaseModel):
    """One text to score, with the caller's id for it."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=False)

    id: str = Field(min_length=1, max_length=MAX_ID_CHARS)
    text: str


class AspectSentiment(BaseModel):
    """The polarity of one aspect of the experience, and the words that show it."""

    aspect: AspectName
    label: Label
    score: float = Field(ge=-1, le=1, description="-1 very negative … +1 very positive")
    evidence: str = Field(description="the clause(s) of the text the aspect was read from")


class SentimentResult(BaseModel):
    """The overall polarity of one text and its aspects.

    ``score`` runs from -1 (very negative) to +1 (very positive): the model's probability of
    positive minus its probability of negative. Aspects are listed in a fixed order (food,
    service, ambience, price, waiting_time, drinks, then cleanliness, which is read from the
    ambience judgements about baños, tables, cockroaches…) and only when the text mentions them.
    """

    id: str
    label: Label
    score: float = Field(ge=-1, le=1)
    language: str = Field(description='"es", "en" or "und" when it cannot tell')
    aspects: list[AspectSentiment]
    warnings: list[str] = Field(
        default_factory=list,
        description="what to know about this result, e.g. a long text read only in part",
    )


class SkippedItem(BaseModel):
    """An item that was not scored, and why (an empty text, for one)."""

    id: str
    reason: str
