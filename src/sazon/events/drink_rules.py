"""The event's rules for drinks, before any wine is chosen: a flight or a wine per course
(and so the pours a bottle gives), who does not drink, and what each guest's glass must not
contain.

- which guests do not drink: any guest whose restrictions rule out alcohol (``sin
  alcohol``, pregnancy, halal…), read by the same safety rules as the menu, and any guest
  allergic to sulphites (every wine has them);
- what their drinks must not contain: their allergens, and no fermented drink that keeps a
  trace of alcohol (kombucha);
- what a drinking guest's wine must not contain: their allergens (a wine not known to be
  fined without egg, milk or fish may hold them; beer and chicha de jora hold gluten; a pisco
  sour egg white), and for a vegan or vegetarian anything not known to be vegan.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from sazon.events.explain import rule_prefix
from sazon.events.safety import Profile, profile_of
from sazon.events.schemas import GuestNeeds, Lang, NonDrinker, WineMode
from sazon.knowledge import KnowledgeBase, fold

# Which rules keep a guest from wine, and what their glass must not hold, are the pairing
# tool's: the experience tool offers wines by the same rules.
from sazon.pairing import ALCOHOL_TRACE, keeps_from_wine, wine_avoid

BOTTLE_ML = 750
POUR_ML: dict[WineMode, int] = {"flight": 90, "per_course": 125}
# Event types whose wines should build from light to full, one glass after another.
_FLIGHT_WORDS = frozenset({"cata", "degustacion", "tasting", "maridaje", "pairing"})


def pours_per_bottle(mode: WineMode) -> int:
    return BOTTLE_ML // POUR_ML[mode]


def wine_mode_for(
    event_type: str | None, chosen: WineMode | None = None, lang: Lang = "es"
) -> tuple[WineMode, str]:
    """The wine mode and why: what the planner chose, else a flight for tastings and pairing
    dinners (cata, maridaje, degustación, tasting, pairing dinner) and a wine per course for
    every other event (a dinner's guests choose their glass course by course)."""
    en = lang == "en"
    if chosen is not None:
        return chosen, "chosen by the planner" if en else "elegido por quien planifica"
    words = set(fold(event_type or "").replace("_", " ").replace("-", " ").split())
    if words & _FLIGHT_WORDS:
        # The type is free text ("cata", "maridaje"): quoted, so no article has to agree.
        return "flight", (
            f"a flight from light to full (event type «{event_type}»)"
            if en
            else f"un recorrido de ligero a intenso (evento de tipo «{event_type}»)"
        )
    return "per_course", (
        "the best wine for each course" if en else "el mejor vino para cada tiempo"
    )


def non_drinkers(
    guests: Sequence[GuestNeeds], kb: KnowledgeBase, lang: Lang = "es"
) -> list[NonDrinker]:
    """Guests whose restrictions rule out wine, with the restriction that does."""
    return non_drinkers_of({g.guest_id: profile_of(g, kb) for g in guests}, lang)


def non_drinkers_of(profiles: Mapping[str, Profile], lang: Lang = "es") -> list[NonDrinker]:
    """:func:`non_drinkers` from profiles already read (guest id → profile)."""
    out = []
    for guest_id, profile in profiles.items():
        rules = [r for r in profile.rules if keeps_from_wine(r)]
        if rules:
            why = ", ".join(dict.fromkeys(rule_prefix(r, lang) for r in rules))
            out.append(NonDrinker(guest_id=guest_id, reason=why))
    return out


def drink_avoid(profiles: Iterable[Profile]) -> frozenset[str]:
    """What a drink without alcohol for these guests must not contain: any allergen of
    theirs, nothing not known vegan for a vegan or vegetarian, and no trace of alcohol."""
    avoid: set[str] = {ALCOHOL_TRACE}
    for p in profiles:
        avoid |= wine_avoid(p)
    return frozenset(avoid)
