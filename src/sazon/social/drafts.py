"""Drafts around what is trending and the food days ahead, from the venue's own menu.

Each topic (:mod:`sazon.social.topics`) is written by ``sazon.generate``'s ``social_post``
kind in Spanish and English, with variants, from facts read from the store only: the venue's
name and the dishes of its menu that answer the topic. Every draft is checked again with
``check_grounding`` whatever backend wrote it; one that names a dish, an ingredient, a price
or a claim its facts do not give is left out and said in ``skipped``.

Each kept draft is scored by the engagement model at the venue's best slots (the heatmap's
top five, next occurring before a food day when there is one): the slot where the model
expects most is suggested, with the prediction and its 80 % band.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, Field
from sqlalchemy import select
from sqlalchemy.orm import Session

from sazon.errors import InvalidInput, NotFound
from sazon.generate import (
    DishFacts,
    Generator,
    SocialPostFacts,
    TemplateGenerator,
    build_request,
    check_grounding,
)
from sazon.knowledge import COURSES, classify_ingredient, load_knowledge
from sazon.social.best_times import Observed, Slot, best_times
from sazon.social.food_calendar import upcoming
from sazon.social.model import EngagementModel
from sazon.social.posts import Post
from sazon.social.topics import (
    RIDING,
    MenuDish,
    Skipped,
    Topic,
    food_day_topics,
    trend_topics,
)
from sazon.store import Dish, Venue
from sazon.timeutil import LIMA

if TYPE_CHECKING:
    from sazon.trends import TrendReport

PLATFORMS = ("instagram", "facebook", "tiktok", "x")
Lang = Literal["es", "en"]


class SocialDraft(BaseModel):
    topic: str
    source: str = Field(description="trend or food_day")
    lang: Lang
    variant: int = Field(description="0 is the generator's first draft; others to compare")
    text: str
    hashtags: list[str]
    dishes: list[str] = Field(description="the menu dishes the draft is written from")
    slot_at: datetime | None = Field(description="suggested time to post, Lima")
    predicted: float | None = Field(description="expected engagement at that slot")
    low: float | None = None
    high: float | None = None


class SkippedTopic(BaseModel):
    topic: str
    source: str
    reason: str


class DraftSet(BaseModel):
    venue: str
    channel: str
    drafts: list[SocialDraft]
    skipped: list[SkippedTopic]
    note: str | None = Field(description="why drafts are not scored, when they are not")


def menu_of(session: Session, venue: str) -> tuple[Venue, list[MenuDish]]:
    """The venue and the active dishes of its menu (by code)."""
    row = session.scalars(select(Venue).where(Venue.code == venue.strip())).first()
    if row is None:
        codes = ", ".join(session.scalars(select(Venue.code).order_by(Venue.code)))
        raise NotFound(f"no venue {venue!r}: use one of {codes or '(none yet)'}")
    query = select(Dish).where(Dish.venue_id == row.id, Dish.active).order_by(Dish.code)
    menu = [
        MenuDish(code=d.code, name_es=d.name_es, name_en=d.name_en or d.name_es,
                 course=d.course, ingredients=tuple(str(i) for i in d.ingredients_raw))
        for d in session.scalars(query)
    ]  # fmt: skip
    if not menu:
        raise InvalidInput(
            f"venue {row.code} has no dishes on its menu: load its menu (sazon ingest FILE "
            "--kind dishes) so drafts can name what it serves"
        )
    return row, menu


def dish_facts(dish: MenuDish, lang: Lang) -> DishFacts:
    """A menu dish as facts, its ingredients named in ``lang`` when the knowledge base knows."""
    kb = load_knowledge()
    ingredients = []
    for written in dish.ingredients:
        item = classify_ingredient(kb, written)
        ingredients.append(item.name_en if lang == "en" and item.name_en else written)
    return DishFacts(
        name=dish.name_en if lang == "en" else dish.name_es,
        course=dish.course if dish.course in COURSES else None, ingredients=ingredients,
    )  # fmt: skip


def riding(report: TrendReport | None) -> list[tuple[str, str]]:
    """``(term, stage)`` of the report's trends a venue may ride: no complaints, no copies."""
    if report is None:
        return []
    return [(t.term, t.stage) for t in report.trends if not t.complaint and not t.copies]


def trend_terms(report: TrendReport | None) -> tuple[str, ...]:
    """The terms a post can ride now (sorted): the engagement model's trend input."""
    return tuple(sorted({term for term, stage in riding(report) if stage in RIDING}))


def write_drafts(
    topics: Sequence[Topic], *, venue_name: str, channel: str, langs: Sequence[Lang],
    generator: Generator, variants: int = 2, seed: int = 0,
) -> tuple[list[tuple[Topic, SocialDraft]], list[Skipped]]:  # fmt: skip
    """Write every topic in every language; drafts that fail the grounding check are skipped."""
    if channel not in PLATFORMS:
        raise InvalidInput(f"channel {channel!r}: drafts are written for {', '.join(PLATFORMS)}")
    jobs = []
    for topic in topics:
        for lang in langs:
            facts = SocialPostFacts(
                topic=topic.label_en if lang == "en" else topic.label,
                platform=channel,
                dishes=[dish_facts(d, lang) for d in topic.dishes], venue=venue_name,
                event_at=topic.day, cta="reserve", hashtags=list(topic.hashtags),
            )  # fmt: skip
            request = build_request("social_post", facts, lang=lang, seed=seed, variants=variants)
            jobs.append((topic, lang, facts, request))
    kept: list[tuple[Topic, SocialDraft]] = []
    skipped: list[Skipped] = []
    for (topic, lang, facts, _), generation in zip(
        jobs, generator.generate_many([j[3] for j in jobs]), strict=True
    ):
        for variant, draft in enumerate(generation.drafts()):
            report = check_grounding(draft.text, facts)
            if not report.ok:
                why = "; ".join(report.reasons())
                skipped.append(Skipped(topic.label, topic.source,
                                       f"borrador {lang}/{variant} no fundamentado / draft not "
                                       f"grounded: {why}"))  # fmt: skip
                continue
            kept.append((topic, SocialDraft(
                topic=facts.topic, source=topic.source, lang=lang, variant=variant,
                text=draft.text, hashtags=draft.items, dishes=[d.name for d in facts.dishes],
                slot_at=None, predicted=None,
            )))  # fmt: skip
    return kept, skipped


def _occurrences(slots: Sequence[Slot], start: datetime, end: datetime) -> list[datetime]:
    found = []
    day = start.replace(hour=0, minute=0, second=0, microsecond=0)
    while day <= end:
        for s in slots:
            at = day.replace(hour=s.hour)
            if s.weekday == day.weekday() and start <= at <= end:
                found.append(at)
        day += timedelta(days=1)
    return sorted(found)


def candidate_times(slots: Sequence[Slot], topic: Topic, now: datetime) -> list[datetime]:
    """When the draft could go out: the best slots in the week before a food day (or while
    it lasts), else in the coming week. ``now`` is aware; times come back in Lima."""
    start = now.astimezone(LIMA) + timedelta(hours=1)
    if topic.day is not None:
        first = datetime(topic.day.year, topic.day.month, topic.day.day, tzinfo=LIMA)
        window = _occurrences(
            slots, max(start, first - timedelta(days=6)), first + timedelta(days=topic.days)
        )
        if window:
            return window
    return _occurrences(slots, start, start + timedelta(days=7))


def score_drafts(
    drafts: Sequence[tuple[Topic, SocialDraft]], *, model: EngagementModel, slots: Sequence[Slot],
    now: datetime, channel: str, page: str, segment: str,
) -> list[SocialDraft]:  # fmt: skip
    """Each draft at its best candidate time (ties: the earliest), with the prediction."""
    scored = []
    for topic, draft in drafts:
        times = candidate_times(slots, topic, now)
        if not times:
            scored.append(draft)
            continue
        posts = [
            Post(post_id=f"{i}", channel=channel, weekday=at.weekday(), hour=at.hour,
                 month=at.month, media_type="photo", category="plato", paid=False,
                 text=f"{draft.text} {' '.join(draft.hashtags)}", page=page, segment=segment)
            for i, at in enumerate(times)
        ]  # fmt: skip
        point = model.predict(posts)
        low, high = model.predict_interval(posts)
        best = max(range(len(times)), key=lambda i: (point[i], -i))
        scored.append(draft.model_copy(update={
            "slot_at": times[best], "predicted": round(float(point[best]), 1),
            "low": round(float(low[best]), 1), "high": round(float(high[best]), 1),
        }))  # fmt: skip
    return scored


def venue_drafts(
    session: Session, *, venue: str, channel: str, now: datetime, langs: Sequence[Lang],
    history: Sequence[Observed], model: EngagementModel | None,
    trends: TrendReport | None = None, generator: Generator | None = None, variants: int = 2,
) -> DraftSet:  # fmt: skip
    """Drafts for ``venue`` on ``channel`` around the trends of ``trends`` and the food days
    of the next 90 days, scored by ``model`` at the venue's best slots of ``history``."""
    channel = channel.strip().lower()
    row, menu = menu_of(session, venue)
    topics, skipped = trend_topics(riding(trends), menu)
    day_topics, day_skipped = food_day_topics(upcoming(now.astimezone(LIMA).date()), menu)
    written, bad = write_drafts(
        [*topics, *day_topics], venue_name=row.name, channel=channel, langs=langs,
        generator=generator or TemplateGenerator(), variants=variants,
    )  # fmt: skip
    segment = row.cuisine or row.code
    on_channel = [o for o in history if o.post.channel == channel]
    note = None
    if not on_channel:
        note = (
            f"Sin puntaje: aún no hay publicaciones con métricas en {channel} / not scored: "
            f"no posts with metrics on {channel} yet (sazon ingest FILE --kind social-posts)"
        )
    elif model is None:
        note = (
            "Sin puntaje: entrena el modelo con «sazon social train» / not scored: train the "
            "engagement model first (sazon social train)"
        )
    if note is not None or model is None:
        drafts = [d for _, d in written]
    else:
        result = best_times(
            on_channel, venue=row.code, channel=channel, page=row.code, segment=segment,
            today=now.astimezone(LIMA).date(),
        )  # fmt: skip
        # Scored against what is trending now: the model learnt the lift of naming a trend.
        drafts = score_drafts(
            written, model=model.riding(trend_terms(trends)), slots=result.top, now=now,
            channel=channel, page=row.code, segment=segment,
        )  # fmt: skip
    return DraftSet(
        venue=row.code, channel=channel, drafts=drafts, note=note,
        skipped=[SkippedTopic(topic=s.label, source=s.source, reason=s.reason)
                 for s in [*skipped, *day_skipped, *bad]],
    )  # fmt: skip
