"""The event's concept (title, theme, story, menu lines) from the generation service.

The facts are the plan's: the table dishes in serving order (names, ingredients, the
allergens their ingredients carry), the wines of the flight, the date, the venue, the price
per guest, and the guests as **counts** — how many, how many regulars, first-timers and VIPs,
and how many with each restriction. No name, no note and no single guest's health detail ever
reaches the generator, so no backend can write one. Pregnancy is left out of the counts on
purpose: at a table of twenty-four, "una invitada embarazada" points at one person who may
not have told anyone else; her menu is safe all the same.

``restrictions_handled`` (the text may say the menu serves every restricted guest) is set only
when the plan serves every guest-course. The text is checked with the generation service's
grounding check and the result is kept with the concept.
"""

from __future__ import annotations

import logging
import zlib
from collections import Counter
from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal
from functools import cache
from typing import Literal

from pydantic import ValidationError

from sazon.config import Settings
from sazon.errors import SazonError
from sazon.events.safety import dish_facts, profile_of
from sazon.events.schemas import EventConcept, GuestNeeds, MenuDish, Plan, PouredDrink, WineFlight
from sazon.generate import (
    DishFacts,
    EventConceptFacts,
    GenerationRequest,
    Generator,
    GuestMix,
    TemplateGenerator,
    WineFacts,
    check_grounding,
    make_generator,
)
from sazon.knowledge import ALLERGENS, COOKING, CUISINES, KnowledgeBase, fold

log = logging.getLogger(__name__)

EventFormat = Literal["dinner", "tasting", "pairing_dinner", "lunch", "cocktail"]
_FORMATS: tuple[tuple[frozenset[str], EventFormat], ...] = (
    (frozenset({"maridaje", "pairing"}), "pairing_dinner"),
    (frozenset({"cata", "degustacion", "tasting"}), "tasting"),
    (frozenset({"almuerzo", "lunch", "brunch"}), "lunch"),
    (frozenset({"coctel", "cocktail"}), "cocktail"),
)
# Restrictions never counted in a concept (see the module's docstring).
_PRIVATE = frozenset({"pregnancy", "unknown", "unread"})
# A concept names the most common restrictions only: it is an invitation, not the kitchen's
# list (ten groups in one sentence read like a form). The kitchen sheet has them all.
MAX_RESTRICTION_GROUPS = 4


def event_format(event_type: str | None) -> EventFormat:
    """``cata`` → tasting, ``maridaje`` → pairing_dinner, ``cóctel`` → cocktail…; else dinner."""
    words = set(fold(event_type or "").replace("_", " ").replace("-", " ").split())
    for keys, fmt in _FORMATS:
        if words & keys:
            return fmt
    return "dinner"


def seed_for(*parts: object) -> int:
    """A stable seed from an event id (or, for files, the menu and the guests)."""
    return zlib.crc32("|".join(str(p) for p in parts).encode("utf-8")) % 1_000_000


@cache
def _known_label(label: str) -> bool:
    try:
        GuestMix(total=1, restrictions={label: 1})
    except ValidationError:
        return False
    return True


def restriction_counts(guests: Sequence[GuestNeeds], kb: KnowledgeBase) -> dict[str, int]:
    """How many guests have each restriction the generation service can word (no names),
    the ``MAX_RESTRICTION_GROUPS`` most common."""
    counts: Counter[str] = Counter()
    for g in guests:
        labels = {r.key for r in profile_of(g, kb).rules if r.kind not in _PRIVATE}
        counts.update(label for label in labels - _PRIVATE if _known_label(label))
    top = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:MAX_RESTRICTION_GROUPS]
    return dict(top)


def _dish(dish: MenuDish, lang: str, kb: KnowledgeBase) -> DishFacts:
    ingredients = []
    for written in dish.ingredients:
        found = kb.find_ingredient(written) if lang == "en" else None
        info = kb.ingredients.get(found.id) if found else None
        ingredients.append(info.name_en if info and info.name_en else written)
    return DishFacts(
        name=dish.name(lang)[:120],
        course=dish.course,
        cuisine=dish.cuisine if dish.cuisine in CUISINES else None,
        cooking=[c for c in dish.cooking if c in COOKING],
        ingredients=ingredients,
        allergens=sorted(a for a in dish_facts(dish, kb).allergens if a in ALLERGENS),
    )


def _wine(drink: PouredDrink) -> WineFacts:
    try:
        return WineFacts(
            name=drink.name[:120], producer=drink.producer, country=drink.country,
            region=drink.region, grapes=drink.grapes, color=drink.color, style=drink.style,
        )  # fmt: skip
    except ValidationError:  # a colour or style outside the vocabulary: the name is enough
        return WineFacts(name=drink.name[:120], producer=drink.producer)


def concept_facts(
    plan: Plan,
    guests: Sequence[GuestNeeds],
    menu: Sequence[MenuDish],
    *,
    kb: KnowledgeBase,
    event_type: str | None = None,
    starts_at: datetime | None = None,
    venue: str | None = None,
    price_per_guest: Decimal | None = None,
    flight: WineFlight | None = None,
    regulars: int = 0,
    first_timers: int = 0,
    vip: int = 0,
    international: int = 0,
) -> tuple[EventConceptFacts, list[str]] | None:
    """The facts of the concept and the course slot of each dish (None: no table dish)."""
    dishes = {d.dish_id: d for d in menu}
    slots = [
        (course, dishes[dish_id])
        for course in plan.courses
        if (dish_id := plan.table_menu.get(course)) is not None and dish_id in dishes
    ]
    planned = {g.guest_id for g in plan.guests}
    present = [g for g in guests if g.guest_id in planned]
    if not slots or not present:
        return None
    total = len(present)
    wines: list[WineFacts] = []
    if flight is not None:
        seen: set[str] = set()
        for c in flight.courses:
            if c.wine is not None and c.wine.wine_id not in seen:
                seen.add(c.wine.wine_id)
                wines.append(_wine(c.wine))
    mix = GuestMix(
        total=total,
        regulars=min(regulars, total),
        first_timers=min(first_timers, total - min(regulars, total)),
        vip=min(vip, total),
        international=min(international, total),
        restrictions=restriction_counts(present, kb),
    )
    facts = EventConceptFacts(
        format=event_format(event_type),
        dishes=[_dish(d, plan.lang, kb) for _, d in slots][:20],
        guests=mix,
        starts_at=starts_at,
        venue=venue,
        wines=wines[:12],
        price_per_guest_pen=float(price_per_guest) if price_per_guest is not None else None,
        restrictions_handled=not plan.unserved and plan.status != "infeasible",
    )
    return facts, [course for course, _ in slots][:20]


def write_concept(
    facts: EventConceptFacts,
    courses: Sequence[str],
    generator: Generator,
    *,
    lang: Literal["es", "en"],
    seed: int,
    kb: KnowledgeBase,
) -> EventConcept:
    """Ask the generator for the concept and check it against its facts."""
    out = generator.generate(
        GenerationRequest(kind="event_concept", facts=facts, lang=lang, seed=seed)
    )
    report = check_grounding(out.text, facts, kb=kb)
    menu = dict(zip(courses, out.items, strict=False)) if len(out.items) == len(courses) else {}
    return EventConcept(
        lang=lang,
        title=out.parts.get("title") or out.title or "",
        theme=out.parts.get("theme", ""),
        story=out.parts.get("story", ""),
        menu=menu,
        text=out.text,
        backend=out.backend,
        fell_back=out.fell_back,
        seed=seed,
        grounded=report.ok,
        violations=[f"{v.kind}: {v.reason}" for v in report.violations],
        warnings=list(out.warnings),
    )


_GENERATORS: dict[str, Generator] = {}


def default_generator(settings: Settings | None = None) -> Generator:
    """The configured generator (``make_generator``), one per configuration per process.

    Without settings, the template backend. A backend that cannot be built (say ``openai``
    without a URL) must not stop a menu plan: the template backend writes the concept and
    the reason is logged.
    """
    if settings is None:
        return TemplateGenerator()
    key = repr(settings.generate)
    if key not in _GENERATORS:
        try:
            _GENERATORS[key] = make_generator(settings)
        except SazonError as exc:
            log.warning("event concept: generation backend unavailable (%s), templates", exc)
            _GENERATORS[key] = TemplateGenerator()
    return _GENERATORS[key]
