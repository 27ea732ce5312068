"""Per-dish sentiment of a venue: how often guests name each dish, how they judge it, the trend
by ISO week, and example sentences.

Mentions are found on read by :class:`~sazon.experience.dish_linker.DishLinker` over the
venue's feedback texts of the period (see :mod:`sazon.experience.feedback_reads` for why
nothing is copied). A name that two dishes share is counted for the one the menu makes its
plain reading ("la trucha" for the trucha frita, not the ceviche de trucha; "el ceviche" for
the ceviche clásico); without one it is counted for neither and listed under ``ambiguous``
with the dishes it could be.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from pydantic import BaseModel
from sqlalchemy.orm import Session

from sazon.errors import InvalidInput
from sazon.experience.dish_linker import DishLinker, DishMention
from sazon.experience.feedback_reads import (
    MAX_WEEKS,
    FeedbackText,
    feedback_texts,
    iso_week,
    menu_of,
    venue_linker,
    venue_named,
    week_start,
)
from sazon.timeutil import to_lima, utcnow

__all__ = [
    "DishExample",
    "DishSentiment",
    "DishWeek",
    "LinkedMention",
    "VenueDishes",
    "dish_sentiment",
    "linked_mentions",
]

Sentiment = Literal["positive", "neutral", "negative"]
EXAMPLES = 3


class DishWeek(BaseModel):
    week: str
    mentions: int
    positive: int
    negative: int


class DishExample(BaseModel):
    week: str
    sentiment: Sentiment
    text: str


class DishSentiment(BaseModel):
    code: str
    name: str
    mentions: int
    positive_share: float
    negative_share: float
    weeks: list[DishWeek]
    examples: list[DishExample]


class AmbiguousName(BaseModel):
    written: str
    mentions: int
    candidates: list[str]


class VenueDishes(BaseModel):
    venue: str
    venue_name: str
    since: date
    until: date
    reviews: int
    dishes: list[DishSentiment]
    ambiguous: list[AmbiguousName]


@dataclass(frozen=True, slots=True)
class LinkedMention:
    feedback: FeedbackText
    mention: DishMention


def linked_mentions(menu_linker: DishLinker, texts: list[FeedbackText]) -> list[LinkedMention]:
    """The dish mentions of ``texts``, each with the text it comes from."""
    found = menu_linker.link_many([(t.text, t.language) for t in texts])
    return [LinkedMention(t, m) for t, ms in zip(texts, found, strict=True) for m in ms]


def check_weeks(weeks: int) -> None:
    if not 1 <= weeks <= MAX_WEEKS:
        raise InvalidInput(
            f"--weeks {weeks}: debe estar entre 1 y {MAX_WEEKS} / must be 1 to {MAX_WEEKS}"
        )


def period(until: date | None, weeks: int) -> tuple[date, date]:
    """The ``weeks`` whole ISO weeks that end with ``until``'s week (default: today, Lima)."""
    check_weeks(weeks)
    last = until or to_lima(utcnow()).date()
    start = week_start(last) - timedelta(weeks=weeks - 1)
    return start, week_start(last) + timedelta(days=6)


def _share(part: int, whole: int) -> float:
    return round(part / whole, 4) if whole else 0.0


def dish_sentiment(
    session: Session,
    venue: str | int,
    *,
    until: date | None = None,
    weeks: int = 12,
    examples: int = EXAMPLES,
) -> VenueDishes:
    """What the venue's guests said of each dish over ``weeks`` ISO weeks up to ``until``.

    Dishes are listed most mentioned first; each with the share of positive and negative
    mentions, the count per ISO week, and up to ``examples`` sentences (the clause around the
    mention, newest first, the most negative and positive among them).
    """
    place = venue_named(session, venue)
    since, last = period(until, weeks)
    menu = menu_of(session, place.id)
    names = {d.code: d.name_es for d in menu}
    texts = feedback_texts(session, place.id, since, last)
    mentions = linked_mentions(venue_linker(session, menu), texts) if menu and texts else []
    by_dish: dict[str, list[LinkedMention]] = defaultdict(list)
    unclear: Counter[tuple[str, tuple[str, ...]]] = Counter()
    for lm in mentions:
        if lm.mention.dish is not None:
            by_dish[lm.mention.dish].append(lm)
        else:
            unclear[(lm.mention.text.lower(), lm.mention.candidates)] += 1
    dishes = [_dish(code, names[code], found, examples) for code, found in by_dish.items()]
    dishes.sort(key=lambda d: (-d.mentions, d.name))
    return VenueDishes(
        venue=place.code,
        venue_name=place.name,
        since=since,
        until=last,
        reviews=len(texts),
        dishes=dishes,
        ambiguous=[
            AmbiguousName(written=w, mentions=n, candidates=[names[c] for c in cands])
            for (w, cands), n in unclear.most_common()
        ],
    )


def _dish(code: str, name: str, found: list[LinkedMention], examples: int) -> DishSentiment:
    weeks: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for lm in found:
        counts = weeks[iso_week(lm.feedback.day)]
        counts[0] += 1
        counts[1] += lm.mention.sentiment == "positive"
        counts[2] += lm.mention.sentiment == "negative"
    n = len(found)
    positive = sum(lm.mention.sentiment == "positive" for lm in found)
    negative = sum(lm.mention.sentiment == "negative" for lm in found)
    return DishSentiment(
        code=code,
        name=name,
        mentions=n,
        positive_share=_share(positive, n),
        negative_share=_share(negative, n),
        weeks=[
            DishWeek(week=w, mentions=c[0], positive=c[1], negative=c[2])
            for w, c in sorted(weeks.items())
        ],
        examples=_examples(found, examples),
    )


def _examples(found: list[LinkedMention], wanted: int) -> list[DishExample]:
    """The newest sentence of each sentiment first, then the newest others."""
    newest = sorted(found, key=lambda lm: (lm.feedback.day, lm.feedback.id), reverse=True)
    picked: list[LinkedMention] = []
    for label in ("negative", "positive", "neutral"):
        first = next((lm for lm in newest if lm.mention.sentiment == label), None)
        if first is not None:
            picked.append(first)
    picked += [lm for lm in newest if lm not in picked]
    seen: set[str] = set()
    out: list[DishExample] = []
    for lm in picked:
        text = lm.mention.evidence or lm.mention.text
        if text in seen:
            continue
        seen.add(text)
        sentiment: Sentiment = lm.mention.sentiment  # type: ignore[assignment]
        out.append(DishExample(week=iso_week(lm.feedback.day), sentiment=sentiment, text=text))
        if len(out) == wanted:
            break
    return out
