"""A way out for every guest left without a plate.

When a guest-course is unserved because the menu lacks a dish for them (none of the course
is safe for them, the safe ones have no price or do not fit the budget, a repeated course
ran out, or the course has no dish at all), the kitchen can still feed them: add a dish of
the venue's catalogue or of the knowledge base that is safe for them, in that course and
within what their budget has left (at most three, those that would serve the most of the
course's unserved guests first), or cook a plate off the menu to their restrictions.

Gaps of the kitchen limit, of locks or of a timeout are not about missing dishes: their
reason already says what to do (raise the limit, review the locks, give it more time).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from decimal import Decimal

from sazon.events import explain as ex
from sazon.events import reasons
from sazon.events.safety import Profile, conflicts, dish_facts, profile_of
from sazon.events.schemas import MenuDish, Plan, PlanRequest, WayOut, WayOutDish
from sazon.knowledge import KnowledgeBase, fold

#: The causes a new dish on the menu can solve.
DISH_CAUSES = frozenset({"no_dishes", "unsafe", "unpriced", "repeat", "budget"})
MAX_DISHES = 3


@dataclass(frozen=True)
class _Option:
    dish: MenuDish
    source: str  # venue | knowledge


def knowledge_dishes(kb: KnowledgeBase, courses: Collection[str]) -> list[MenuDish]:
    """The knowledge base's dishes of ``courses``, as menu dishes."""
    wanted = set(courses)
    return [
        MenuDish(
            dish_id=d.id, name_es=d.name_es, name_en=d.name_en, course=d.course,
            cuisine=d.cuisine, price_pen=Decimal(str(d.price_pen)) if d.price_pen else None,
            ingredients=list(d.ingredients), cooking=list(d.cooking),
            description_es=d.description_es, description_en=d.description_en,
        )
        for d in kb.dishes.values()
        if d.course in wanted
    ]  # fmt: skip


def _options(
    request: PlanRequest, kb: KnowledgeBase, catalogue: Sequence[MenuDish], courses: set[str]
) -> list[_Option]:
    """Catalogue dishes not on the menu (by id or by name), the venue's before the base's."""
    on_menu = {d.dish_id for d in request.menu} | {fold(d.name_es) for d in request.menu}
    out: list[_Option] = []
    seen: set[str] = set()
    for source, dishes in (("venue", catalogue), ("knowledge", knowledge_dishes(kb, courses))):
        for dish in dishes:
            name = fold(dish.name_es)
            if dish.course not in courses or name in seen:
                continue
            if (source == "venue" and dish.dish_id in on_menu) or name in on_menu:
                continue
            seen.add(name)
            out.append(_Option(dish, source))
    return out


def add_way_outs(
    plan: Plan, request: PlanRequest, kb: KnowledgeBase, catalogue: Sequence[MenuDish] = ()
) -> Plan:
    """Fill ``way_out`` on every unserved guest-course a new dish could solve; returns ``plan``.

    ``catalogue``: the venue's own dishes (active or not); those already on the menu are
    skipped. A dish is offered when it is safe for the guest (the planner's own safety rules),
    of the unserved course, and, under a budget, priced and within what their other plates
    leave. Best first: the dish that would serve more of the course's unserved guests, then
    the venue's own, then the cheaper. Without any, an off-menu plate: "plato fuera de carta
    (postre): preparar sin lácteos ni maní, por S/ 20.00 como máximo".
    """
    gaps = [u for u in plan.unserved if u.cause in DISH_CAUSES]
    if not gaps:
        return plan
    lang = request.lang
    slot_course = {key: _course_of(key) for key in plan.courses}
    options = _options(request, kb, catalogue, {slot_course[u.course] for u in gaps})
    facts = {id(o): dish_facts(o.dish, kb) for o in options}
    guests = {g.guest_id: g for g in request.guests}
    profiles: dict[str, Profile] = {}
    prices = {d.dish_id: d.price_pen or Decimal(0) for d in request.menu}
    spent: dict[tuple[str, str], Decimal] = {}  # (guest, slot) → their other plates
    for u in gaps:
        spent[u.guest_id, u.course] = sum(
            (prices.get(a.dish_id, Decimal(0)) for a in plan.assignments
             if a.guest_id == u.guest_id and a.course != u.course),
            Decimal(0),
        )  # fmt: skip
    budget = request.budget_per_guest
    safe_cache: dict[tuple[Profile, int], bool] = {}
    fits: dict[tuple[str, str], list[_Option]] = {}
    for u in gaps:
        prof = profiles.get(u.guest_id)
        if prof is None:
            prof = profiles[u.guest_id] = profile_of(guests[u.guest_id], kb)
        room = None if budget is None else budget - spent[u.guest_id, u.course]
        mine = []
        for o in options:
            if o.dish.course != slot_course[u.course]:
                continue
            if room is not None and (o.dish.price_pen is None or o.dish.price_pen > room):
                continue
            pair = (prof, id(o))
            if pair not in safe_cache:
                safe_cache[pair] = not conflicts(facts[id(o)], prof)
            if safe_cache[pair]:
                mine.append(o)
        fits[u.guest_id, u.course] = mine
    serves: dict[tuple[str, int], int] = {}
    for (_, key), mine in fits.items():
        for o in mine:
            serves[slot_course[key], id(o)] = serves.get((slot_course[key], id(o)), 0) + 1
    for u in gaps:
        course = slot_course[u.course]
        ranked = sorted(
            fits[u.guest_id, u.course],
            key=lambda o: (
                -serves[course, id(o)],
                o.source != "venue",
                o.dish.price_pen if o.dish.price_pen is not None else Decimal("Infinity"),
                fold(o.dish.name(lang)),
            ),
        )[:MAX_DISHES]
        if ranked:
            dishes = [
                WayOutDish(
                    dish_id=o.dish.dish_id, dish_name=o.dish.name(lang),
                    source=o.source,
                    price_pen=o.dish.price_pen, serves=serves[course, id(o)],
                )
                for o in ranked
            ]  # fmt: skip
            names = [
                f"{d.dish_name} ({ex.money(d.price_pen)})" if d.price_pen is not None
                else d.dish_name
                for d in dishes
            ]  # fmt: skip
            u.way_out = WayOut(dishes=dishes, text=reasons.add_dishes(names, lang))
            continue
        room = None if budget is None else budget - spent[u.guest_id, u.course]
        rules = list(profiles[u.guest_id].rules)
        text = reasons.off_menu(u.course, rules, room, lang)
        u.way_out = WayOut(off_menu=text, text=text)
    return plan


def _course_of(slot: str) -> str:
    """``entrada_2`` → ``entrada`` (repeated courses are numbered from the second)."""
    head, _, tail = slot.rpartition("_")
    return head if head and tail.isdigit() else slot
