"""Which drinks a guest may be offered, from the shared reading of their restrictions.

The event planner pours by these rules at a table, and the experience tool recommends wines
to one guest by the same ones, so a glass is kept from the same guests everywhere.
"""

from __future__ import annotations

from sazon.knowledge import Profile, Rule
from sazon.pairing.allergens import DrinkAllergens
from sazon.pairing.nonalcoholic import NOT_VEGAN


def keeps_from_wine(rule: Rule) -> bool:
    """The rule keeps the guest from any wine (no alcohol, pregnancy, sulphites)."""
    return "alcohol" in rule.classes or "sulphites" in rule.allergens


def _needs_vegan(rule: Rule) -> bool:
    # Gelatin is no allergen, so a drink's allergens cannot keep it from a vegetarian; only
    # a drink known to be vegan can.
    return "gelatin" in rule.classes


def wine_avoid(profile: Profile) -> frozenset[str]:
    """What a drinking guest's glass must not contain: their allergens, and ``not_vegan``
    when they need a drink known to be vegan (vegan, vegetarian, no gelatin)."""
    allergens = {a for r in profile.rules for a in r.allergens}
    vegan = {NOT_VEGAN} if any(_needs_vegan(r) for r in profile.rules) else set()
    return frozenset(allergens | vegan)


def wine_is_safe(profile: Profile, facts: DrinkAllergens) -> bool:
    """Fails closed: no wine for a guest kept from wine, or whose restrictions hold words
    nobody could read yet, or when the bottle may hold what they avoid."""
    if profile.cautious or any(keeps_from_wine(r) for r in profile.rules):
        return False
    return not (facts.tokens() & wine_avoid(profile))
