"""Is a stored plan still right? Its plates checked against the guests' needs of today.

A plan is a snapshot: a guest may change what they cannot eat after it was made (through
the RSVP page, the guest API or a re-ingest), accept or decline, or a dish may leave the
menu. The re-plan processor catches most of that, but it runs in the background and a
worker may be stopped, so every read of a plan checks it again, here, with the same safety
rules as the planner. A plate that is no longer safe is named, with its reason, so nobody
prints a kitchen sheet that would serve a guest what they cannot eat.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from sazon.events.drink_rules import drink_avoid, non_drinkers_of
from sazon.events.explain import conflict_text, without_label
from sazon.events.guest_list import planned_guests
from sazon.events.needs import guest_needs
from sazon.events.plans import menu_of
from sazon.events.safety import DishFacts, Profile, conflicts, dish_facts, profile_of
from sazon.events.schemas import GuestNeeds, Lang, Plan
from sazon.knowledge import KnowledgeBase
from sazon.pairing import NOT_VEGAN, drink_profiles, wine_avoid
from sazon.store.models import Event


@dataclass(frozen=True)
class Staleness:
    """What changed since the plan: unsafe plates, and guests who joined or left it."""

    unsafe: list[str]  # plates and drinks
    joined: list[str]
    left: list[str]
    missing_dishes: list[str]

    @property
    def stale(self) -> bool:
        return bool(self.unsafe or self.joined or self.left or self.missing_dishes)

    def notes(self, lang: Lang = "es") -> list[str]:
        """One line per kind of change, in ``lang``, for the plan's warnings."""
        en = lang == "en"
        out = list(self.unsafe)
        if self.joined:
            out.append(
                f"Guests invited after this plan, not planned yet: {', '.join(self.joined)}."
                if en
                else f"Invitados después de este plan, aún sin platos: {', '.join(self.joined)}."
            )
        if self.left:
            out.append(
                f"No longer coming (declined, cancelled or erased): {', '.join(self.left)}."
                if en
                else f"Ya no vienen (declinaron, cancelados o borrados): {', '.join(self.left)}."
            )
        if self.missing_dishes:
            out.append(
                f"Dishes no longer on the menu: {', '.join(self.missing_dishes)}."
                if en
                else f"Platos que ya no están en la carta: {', '.join(self.missing_dishes)}."
            )
        if out:
            out.append(
                "Plan again to bring it up to date."
                if en
                else "Vuelva a planificar para ponerlo al día."
            )
        return out


def check_plan(session: Session, kb: KnowledgeBase, event: Event, plan: Plan) -> Staleness:
    """Check ``plan``'s plates against the guests and menu stored now."""
    current = {str(g.id): guest_needs(g, {}) for _, g in planned_guests(session, event.id)}
    menu = {d.dish_id: d for d in menu_of(session, event)}
    planned = {g.guest_id: g.name or g.guest_id for g in plan.guests}
    lang = plan.lang
    facts: dict[str, DishFacts] = {}
    profiles = {g: profile_of(needs, kb) for g, needs in current.items()}
    unsafe: list[str] = []
    missing: dict[str, str] = {}
    for a in plan.assignments:
        needs = current.get(a.guest_id)
        if needs is None:
            continue  # reported once below, as a guest who left
        dish = menu.get(a.dish_id)
        if dish is None:
            missing[a.dish_id] = a.dish_name or a.dish_id
            continue
        if a.dish_id not in facts:
            facts[a.dish_id] = dish_facts(dish, kb)
        found = conflicts(facts[a.dish_id], profiles[a.guest_id])
        if found:
            why = conflict_text(found, kb, lang, facts[a.dish_id].raw_how)
            who = needs.name or a.guest_id
            unsafe.append(
                f"{who}, {a.course}: {dish.name(lang)} is no longer safe ({why})."
                if lang == "en"
                else f"{who}, {a.course}: {dish.name(lang)} ya no es seguro ({why})."
            )
    unsafe += _drinks(plan, current, profiles)
    joined = [current[g].name or g for g in current if g not in planned]
    left = [name for g, name in planned.items() if g not in current]
    return Staleness(unsafe, joined, left, sorted(missing.values()))


def _drinks(plan: Plan, guests: dict[str, GuestNeeds], profiles: dict[str, Profile]) -> list[str]:
    """Guests who stopped drinking since the plan (pregnancy, "sin alcohol", sulphites) but
    are still poured wine, and drinks without alcohol that now hold someone's allergen."""
    flight = plan.wine_flight
    if flight is None:
        return []
    en = plan.lang == "en"
    out: list[str] = []
    had = {n.guest_id for n in flight.non_alcoholic_guests}
    in_plan = {g.guest_id for g in plan.guests}  # guests invited since are reported apart
    now = non_drinkers_of(profiles, plan.lang)
    if flight.wines_considered:
        for n in now:
            if n.guest_id not in had and n.guest_id in in_plan:
                who = guests[n.guest_id].name
                out.append(
                    f"{who or n.guest_id} no longer drinks wine ({n.reason}) but is poured it."
                    if en
                    else f"{who or n.guest_id} ya no toma vino ({n.reason}) y el plan se lo sirve."
                )
    takers = {n.guest_id for n in now} if flight.wines_considered else set(guests)

    def allowed(ids: set[str]) -> set[str]:
        avoid = drink_avoid(profiles[g] for g in ids)
        return {d.wine_id for d in drink_profiles(plan.lang, avoid)}

    # The table's drink is every taker's; a plate's own drink only its takers'.
    poured = [(c.non_alcoholic, takers) for c in flight.courses]
    poured += [(p.non_alcoholic, takers & set(p.guest_ids)) for p in flight.plates]
    bad = [d.name for d, ids in poured if d is not None and d.wine_id not in allowed(ids)]
    for drink in dict.fromkeys(bad):
        out.append(
            f"The drink without alcohol {drink} now holds a guest's allergen."
            if en
            else f"La bebida sin alcohol {drink} ahora contiene un alérgeno de algún invitado."
        )
    out += _wines(plan, guests, profiles, {n.guest_id for n in now})
    return out


def _wines(
    plan: Plan, guests: dict[str, GuestNeeds], profiles: dict[str, Profile], dry: set[str]
) -> list[str]:
    """Drinking guests whose glass now holds what they cannot have (egg, gluten, not vegan…)."""
    flight = plan.wine_flight
    assert flight is not None
    en = plan.lang == "en"
    course_wine = {c.course: c.wine for c in flight.courses}
    plate_wine = {(p.course, g): p.wine for p in flight.plates for g in p.guest_ids}
    swapped = {(s.course, g): s.wine for s in flight.swaps for g in s.guest_ids}
    out: list[str] = []
    for a in plan.assignments:
        if a.guest_id in dry or a.guest_id not in profiles:
            continue
        key = (a.course, a.guest_id)
        wine = (
            swapped.get(key) if key in swapped else plate_wine.get(key, course_wine.get(a.course))
        )
        if wine is None:
            continue
        tokens = set(wine.allergens) | ({NOT_VEGAN} if wine.vegan is not True else set())
        hit = tokens & wine_avoid(profiles[a.guest_id])
        if hit:
            who = guests[a.guest_id].name or a.guest_id
            why = ", ".join(without_label(k, plan.lang) for k in sorted(hit))
            out.append(
                f"{who}, {a.course}: {wine.name} is no longer safe ({why})."
                if en
                else f"{who}, {a.course}: {wine.name} ya no es seguro ({why})."
            )
    return out
