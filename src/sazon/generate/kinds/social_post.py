"""``social_post``: a post drafted around a trending topic, with hashtags."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Literal

from pydantic import Field

from sazon.generate.facts import DishFacts, Facts
from sazon.generate.kinds.common import Ctx, dish_ctx, dish_list, when_ctx
from sazon.generate.phrasebank import Picker
from sazon.generate.registry import Composition, KindSpec

Platform = Literal["instagram", "facebook", "tiktok", "x"]
CallToAction = Literal["reserve", "visit", "order", "comment"]

# Characters a platform allows, and how many hashtags read well there.
LIMITS: dict[str, tuple[int, int]] = {
    "instagram": (2200, 6),
    "tiktok": (2200, 5),
    "facebook": (5000, 3),
    "x": (280, 2),
}
_NOT_WORD = re.compile(r"[^\w]+")


class SocialPostFacts(Facts):
    """The trending topic (as people write it), the dishes that answer it, the venue."""

    topic: str = Field(min_length=1, max_length=80)
    platform: Platform = "instagram"
    dishes: list[DishFacts] = Field(default_factory=list, max_length=5)
    venue: str | None = None
    event_at: datetime | date | None = None
    cta: CallToAction = "reserve"
    hashtags: list[str] = Field(default_factory=list)
    show_price: bool = False


def hashtag(text: str) -> str:
    """``ceviche nikkei`` → ``#CevicheNikkei`` (accents kept: Instagram reads them)."""
    words_ = [w for w in _NOT_WORD.split(text.lstrip("#")) if w]
    return "#" + "".join(w[:1].upper() + w[1:] for w in words_)


def _hashtags(facts: SocialPostFacts) -> list[str]:
    limit = LIMITS[facts.platform][1]
    tags = [hashtag(facts.topic)]
    tags += [hashtag(h) for h in facts.hashtags]
    if facts.venue:
        tags.append(hashtag(facts.venue))
    tags += [hashtag(d.name) for d in facts.dishes]
    seen: dict[str, str] = {}
    for tag in tags:
        if len(tag) > 1:
            seen.setdefault(tag.lower(), tag)
    return list(seen.values())[:limit]


def compose(facts: SocialPostFacts, picker: Picker) -> Composition:
    lang = picker.lang
    ctx: Ctx = {"topic": " ".join(facts.topic.split()), "topic_tag": hashtag(facts.topic)}
    if facts.dishes:
        ctx |= dish_ctx(facts.dishes[0], lang)
        if not facts.show_price:
            ctx.pop("price", None)
        if len(facts.dishes) > 1:
            ctx["dishes"] = dish_list(facts.dishes, lang)
    if facts.venue:
        ctx["venue"] = " ".join(facts.venue.split())
    ctx |= when_ctx(facts.event_at, lang)
    sentences: dict[str, str | None] = {"hook": picker.say("hook", ctx)}
    if facts.dishes:
        sentences["body"] = picker.say("body", ctx)
    if facts.event_at is not None:
        sentences["event"] = picker.say("event", ctx)
    if "price" in ctx:
        sentences["price"] = picker.say("price", ctx)
    sentences["cta"] = picker.say(f"cta_{facts.cta}", ctx)
    tags = _hashtags(facts)
    limit = LIMITS[facts.platform][0]
    # On X every character counts: drop the optional sentences, then hashtags, to fit.
    for optional in ("price", "event", "body"):
        if _length(sentences, tags) <= limit:
            break
        sentences.pop(optional, None)
    while tags and _length(sentences, tags) > limit:
        tags.pop()
    text = " ".join(s for s in sentences.values() if s)
    return Composition(parts={"text": text}, items=tags)


def _length(sentences: dict[str, str | None], tags: list[str]) -> int:
    body = " ".join(s for s in sentences.values() if s)
    return len(body) + (2 + len(" ".join(tags)) if tags else 0)


SPEC = KindSpec(
    name="social_post",
    facts=SocialPostFacts,
    compose=compose,
    parts=("text",),
    items="hashtags",
    inline_items=True,
    brief={
        "es": "Un post para redes sociales sobre el tema en tendencia (topic): un gancho, el "
        "plato que responde a la tendencia, la fecha si la hay y una llamada a la acción "
        "(cta). Cercano, peruano, sin exagerar. Las etiquetas van aparte (hashtags).",
        "en": "A social media post about the trending topic: a hook, the dish that answers "
        "it, the date if any and a call to action (cta). Warm and concise, no hype. Hashtags "
        "go separately (hashtags).",
    },
)
