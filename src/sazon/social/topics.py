"""What a venue can post about: current trends and food days, each with the menu dishes that
answer it.

A topic only becomes a draft when dishes of the venue's own menu answer it: a trend is
answered by the dishes whose name or ingredients share a word with it ("ceviche" →
"Ceviche mixto"; "maracuyá" → "Maracuyá sour"), a food day by its keywords (Día del Pisco
Sour → drinks with pisco) or, for the days that celebrate Peruvian food as a whole (Fiestas
Patrias, Mistura, Canción Criolla), by the menu's main dishes. A trend no dish answers is
skipped with its reason: the draft would have to invent a dish to follow it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from sazon.knowledge import fold
from sazon.social.food_calendar import FoodDay

# Stages a post can still ride; "declining" and "stable" are past their moment.
RIDING = ("emerging", "growing", "peaking", "spike")
_WORD = re.compile(r"[a-zñ]+")
# Words that say nothing about a dish: a trend "sin azúcar" must not match every dessert.
_STOP = frozenset(
    ("de", "del", "la", "las", "el", "los", "con", "sin", "y", "en", "a", "al", "por", "para",
     "un", "una", "the", "and", "with", "of", "in", "sour")
)  # fmt: skip
_NO_DISH = "ningún plato de la carta la responde / no dish on the menu answers it"
_NO_DAY_DISH = "ningún plato de la carta va con la fecha / no dish on the menu fits the day"
_ABSENT = (
    "pide que algo falte y la carta no lo garantiza / asks for something to be absent, which "
    "the menu does not guarantee"
)
# The words of a food day that its dishes carry; an empty tuple means "the whole menu".
FOOD_DAY_WORDS: dict[str, tuple[str, ...]] = {
    "pisco_sour": ("pisco",),
    "pisco": ("pisco",),
    "ceviche": ("ceviche", "cebiche", "tiradito"),
    "semana_santa": ("pescado", "corvina", "cojinova", "lenguado", "chilcano", "parihuela"),
    "fiestas_patrias": (),
    "mistura": (),
    "cancion_criolla": (),
}
# A trend that asks for something to be absent ("sin azúcar", "zero") would need dishes the
# kitchen marks free of it; the menu does not say that, so such trends are not drafted.
_ABSENCE = frozenset({"sin", "zero", "free", "libre", "light", "cero"})
MAX_DISHES = 3  # a post names few dishes: more reads like a menu
_MAIN_COURSES = ("fondo", "entrada", "piqueo", "sopa")


@dataclass(frozen=True)
class MenuDish:
    """A dish of the venue's menu as a topic sees it."""

    code: str
    name_es: str
    name_en: str
    course: str
    ingredients: tuple[str, ...]

    def words(self) -> set[str]:
        text = " ".join((self.name_es, self.name_en, *self.ingredients))
        return {w for w in _WORD.findall(fold(text)) if w not in _STOP and len(w) > 2}


@dataclass(frozen=True)
class Topic:
    """Something to post about: a trend or a food day, and the dishes that answer it."""

    key: str
    label: str
    source: str  # "trend" | "food_day"
    label_en: str
    dishes: tuple[MenuDish, ...]
    day: date | None = None  # a food day's first day
    days: int = 1
    hashtags: tuple[str, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class Skipped:
    label: str
    source: str
    reason: str


def _topic_words(label: str) -> set[str]:
    return {w for w in _WORD.findall(fold(label)) if w not in _STOP and len(w) > 2}


def _answering(words: Sequence[str] | set[str], menu: Sequence[MenuDish]) -> list[MenuDish]:
    wanted = set(words)
    scored = [(len(wanted & d.words()), d) for d in menu]
    # Most shared words first, then the menu's order: deterministic for the same menu.
    hits = sorted((x for x in scored if x[0] > 0), key=lambda x: -x[0])
    return [d for _, d in hits[:MAX_DISHES]]


def _mains(menu: Sequence[MenuDish]) -> list[MenuDish]:
    ranked = sorted(
        (d for d in menu if d.course in _MAIN_COURSES),
        key=lambda d: (_MAIN_COURSES.index(d.course), d.code),
    )
    return ranked[:MAX_DISHES]


def trend_topics(
    trends: Sequence[tuple[str, str]], menu: Sequence[MenuDish]
) -> tuple[list[Topic], list[Skipped]]:
    """Topics from ``(term, stage)`` pairs, most important first; the unanswered are skipped."""
    topics: list[Topic] = []
    skipped: list[Skipped] = []
    seen: set[str] = set()
    for term, stage in trends:
        key = fold(term)
        if key in seen or stage not in RIDING:
            continue
        seen.add(key)
        if _ABSENCE & set(_WORD.findall(key)):
            skipped.append(Skipped(term, "trend", _ABSENT))
            continue
        dishes = _answering(_topic_words(term), menu)
        if not dishes:
            skipped.append(Skipped(term, "trend", _NO_DISH))
            continue
        topics.append(
            Topic(key=f"trend:{key}", label=term, label_en=term, source="trend",
                  dishes=tuple(dishes))
        )  # fmt: skip
    return topics, skipped


def food_day_topics(
    days: Sequence[FoodDay], menu: Sequence[MenuDish]
) -> tuple[list[Topic], list[Skipped]]:
    """Topics from the food days ahead, each with the dishes that fit the day."""
    topics: list[Topic] = []
    skipped: list[Skipped] = []
    for day in days:
        words = FOOD_DAY_WORDS.get(day.key, ())
        dishes = _answering(words, menu) if words else _mains(menu)
        if not dishes:
            skipped.append(Skipped(day.name_es, "food_day", _NO_DAY_DISH))
            continue
        topics.append(
            Topic(
                key=f"day:{day.key}:{day.starts.isoformat()}", label=day.name_es,
                label_en=day.name_en,
                source="food_day", dishes=tuple(dishes), day=day.starts, days=day.days,
                hashtags=(day.name_es,),
            )
        )  # fmt: skip
    return topics, skipped
