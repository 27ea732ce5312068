"""Crossing to the pairing tool and back: a planner's dish as the pairing tool reads it, and a
suggestion as the plan pours it (with the allergens the drink holds or may hold).
"""

from __future__ import annotations

from decimal import Decimal

from sazon.events.schemas import MenuDish, PouredDrink
from sazon.pairing import DishInput, DrinkAllergens, Suggestion

_CENT = Decimal("0.01")


def dish_input(dish: MenuDish) -> DishInput:
    """A planner's dish as the pairing tool reads it: always its Spanish name and
    description. The pairing tool reads preparation words in both languages, but the two
    texts are not translations word for word ("chaufa" is no "fried rice"), and a plan
    re-made in English must not pour other wines; the explanations then name the dish as the
    menu does in Spanish."""
    return DishInput(
        dish_id=dish.dish_id,
        name=dish.name_es[:200],
        course=dish.course,
        price_pen=(
            float(dish.price_pen)
            if dish.price_pen is not None and dish.price_pen <= 100_000
            else None
        ),
        ingredients=[i for i in dish.ingredients if i.strip()][:60],
        description=(dish.description_es or "")[:2000] or None,
        cooking=list(dish.cooking)[:10],
    )


def _money(value: float | None) -> Decimal | None:
    return None if value is None else Decimal(str(value)).quantize(_CENT)


def poured(s: Suggestion, facts: DrinkAllergens | None = None) -> PouredDrink:
    w = s.wine
    return PouredDrink(
        wine_id=s.wine_id,
        name=s.name,
        producer=w.producer if w else None,
        country=w.country if w else None,
        region=w.region if w else None,
        grapes=list(w.grapes) if w else [],
        color=s.color,
        style=s.style,
        alcoholic=w.alcoholic if w else True,
        price_pen=_money(s.price_pen),
        by_the_glass=s.by_the_glass,
        confidence=round(s.confidence, 3),
        why=s.why,
        allergens=sorted(facts.allergens) if facts else [],
        vegan=facts.vegan if facts else None,
    )
