"""The drinks of a plan (pydantic): what is poured with each course and plate, the swaps for
guests whose wine holds their allergen, and the flight that holds them all (``Plan.wines``)."""

from __future__ import annotations

from decimal import Decimal

from pydantic import BaseModel

from sazon.events.plan_types import Lang, WineMode, WineSource


class PouredDrink(BaseModel):
    """A wine (or a drink without alcohol) poured with one dish, and why it fits."""

    wine_id: str
    name: str
    producer: str | None = None
    country: str | None = None
    region: str | None = None
    grapes: list[str] = []
    color: str | None = None
    style: str | None = None
    alcoholic: bool = True
    price_pen: Decimal | None = None
    by_the_glass: bool = False
    confidence: float = 0.0
    why: str = ""
    #: EU-14 allergens it holds or may hold (a wine not known to be fined without them may
    #: hold egg, milk and fish); ``vegan`` is None when not known.
    allergens: list[str] = []
    vegan: bool | None = None


class CourseDrinks(BaseModel):
    """One course of the table menu: its wine, its drink without alcohol, the bottles."""

    course: str
    dish_id: str
    dish_name: str
    wine: PouredDrink | None = None
    non_alcoholic: PouredDrink | None = None
    #: Pours of the wine in this course (drinking guests whose plate takes it).
    pours: int = 0
    bottles: int = 0


class PlateDrinks(BaseModel):
    """A substituted plate: does the course's wine still fit it, or which one does."""

    course: str
    dish_id: str
    dish_name: str
    guest_ids: list[str]
    #: None when nobody at this plate drinks wine, or the course has no wine.
    table_wine_fits: bool | None = None
    #: The course's wine when it still fits (its reason, for this plate), else another one.
    wine: PouredDrink | None = None
    #: Only when a non-drinker has this plate and the table's drink does not fit it.
    non_alcoholic: PouredDrink | None = None
    note: str = ""
    pours: int = 0
    bottles: int = 0


class DrinkSwap(BaseModel):
    """Drinking guests whose wine in a course holds something they cannot have (egg, fish,
    gluten… or not known vegan), and what they are poured instead."""

    course: str
    dish_id: str
    dish_name: str
    guest_ids: list[str]
    instead_of: str  # the wine they would have had
    #: What of theirs it holds, in words ("sin huevo", "solo bebidas veganas").
    conflict: list[str]
    #: A wine from the list safe for them; else ``non_alcoholic`` and a person is told.
    wine: PouredDrink | None = None
    non_alcoholic: PouredDrink | None = None
    note: str = ""
    pours: int = 0
    bottles: int = 0


class NonDrinker(BaseModel):
    guest_id: str
    reason: str  # which restriction rules out alcohol ("sin alcohol", "embarazo", "halal")


class WineFlight(BaseModel):
    """The drinks of a plan: a wine per course (or a flight), the non-alcoholic pairing for
    guests who don't drink, and what changes for substituted plates."""

    mode: WineMode
    mode_reason: str
    lang: Lang = "es"
    #: Where the wines came from: the venue's list, the whole store, a file, or none at all.
    source: WineSource
    source_note: str | None = None
    wines_considered: int = 0
    courses: list[CourseDrinks]
    plates: list[PlateDrinks] = []
    #: Drinking guests poured another wine (or none) because theirs holds their allergen.
    swaps: list[DrinkSwap] = []
    non_alcoholic_guests: list[NonDrinker] = []
    drinking_guests: int = 0
    pours_per_bottle: int
    drinks_budget_per_guest_pen: Decimal | None = None
    #: What one drinking guest's pours cost (each course's bottle price / pours per bottle).
    cost_per_guest_pen: Decimal = Decimal("0")
    bottles_total_pen: Decimal = Decimal("0")
    warnings: list[str] = []
