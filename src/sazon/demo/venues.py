"""The fictitious restaurant group: three Lima venues, their menus and their wine lists.

Menus and lists are drawn from the knowledge base by cuisine, course, colour and style, so they
follow whatever dishes and wines the knowledge base holds.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sazon.demo.randomness import stream
from sazon.demo.safety import SafetyChecker
from sazon.knowledge import DishInfo, KnowledgeBase, WineInfo

GROUP = "Grupo Qaray"
SAVOURY = ("entrada", "sopa", "fondo", "piqueo")
_MEAT_OR_SEA = frozenset({"meat", "pork", "fish", "crustacean", "mollusc", "gelatin"})
_ANIMAL = _MEAT_OR_SEA | {"dairy", "egg", "honey"}


@dataclass(frozen=True)
class VenueSpec:
    code: str
    name: str
    district: str
    capacity: int
    cuisine: str
    focus: tuple[str, ...]  # knowledge-base cuisines, main one first
    price_factor: tuple[float, float]  # menu price relative to the typical Lima price
    food: float  # hidden quality, -1..1, drives what guests write
    service: float
    ambience: float

    def service_on(self, day: date) -> float:
        # Barranco lost half its floor staff in the 2026 winter: reviews should show it.
        if self.code == "brc" and date(2026, 6, 1) <= day <= date(2026, 8, 31):
            return self.service - 0.75
        return self.service

    def food_on(self, day: date) -> float:
        # San Isidro's new tasting menu (March 2026) lifted the food.
        if self.code == "sis" and day >= date(2026, 3, 1):
            return self.food + 0.2
        return self.food


VENUES = (
    VenueSpec(
        "mfl", "Qaray Mar", "Miraflores", 110, "marina y nikkei", ("marina", "nikkei"),
        (1.05, 1.22), 0.6, 0.4, 0.45,
    ),
    VenueSpec(
        "brc", "Qaray Casona", "Barranco", 140, "criolla y norteña", ("criolla", "norteña"),
        (0.95, 1.1), 0.45, 0.35, 0.3,
    ),
    VenueSpec(
        "sis", "Qaray Raíces", "San Isidro", 80, "andina y amazónica de autor",
        ("andina", "amazónica"), (1.2, 1.4), 0.45, 0.5, 0.7,
    ),
)  # fmt: skip


@dataclass(frozen=True)
class MenuDish:
    code: str
    venue: str
    kb_id: str
    name: str
    name_en: str
    course: str
    cuisine: str
    price: Decimal
    ingredients: tuple[str, ...]
    description: str
    popularity: float


@dataclass(frozen=True)
class ListedWine:
    code: str
    venue: str
    wine: WineInfo
    price: Decimal
    by_the_glass: bool


@dataclass(frozen=True)
class Venue:
    spec: VenueSpec
    menu: tuple[MenuDish, ...]
    wines: tuple[ListedWine, ...]


def _menu_price(rng: random.Random, typical: float, factor: tuple[float, float]) -> Decimal:
    price = round(typical * rng.uniform(*factor))
    # Lima menus like prices ending in .90 almost as much as round ones.
    cents = rng.choice(("0.00", "0.00", "-0.10", "0.50"))
    return (Decimal(max(price, 6)) + Decimal(cents)).quantize(Decimal("0.01"))


def _vegetarian(checker: SafetyChecker, dish: DishInfo, classes: frozenset[str]) -> bool:
    facts = checker.facts(dish.ingredients)
    return not facts.unresolved and not facts.diet & classes


def _menu(
    rng: random.Random, spec: VenueSpec, kb: KnowledgeBase, checker: SafetyChecker
) -> list[DishInfo]:
    dishes = list(kb.dishes.values())
    chosen: list[DishInfo] = []
    quotas = (15, 9)  # main cuisine, second cuisine
    for cuisine, quota in zip(spec.focus, quotas, strict=True):
        pool = [d for d in dishes if d.cuisine == cuisine and d.course in SAVOURY]
        chosen += rng.sample(pool, min(quota, len(pool)))
    # Every menu keeps a few plates for vegetarians and vegans, as Lima restaurants now do.
    for classes, wanted in ((_MEAT_OR_SEA, 5), (_ANIMAL, 2)):
        have = sum(_vegetarian(checker, d, classes) for d in chosen)
        extra = [
            d
            for d in dishes
            if d.course in SAVOURY and d not in chosen and _vegetarian(checker, d, classes)
        ]
        chosen += rng.sample(extra, max(0, min(wanted - have, len(extra))))
    desserts = [d for d in dishes if d.course == "postre"]
    chosen += rng.sample(desserts, min(5, len(desserts)))
    drinks = [d for d in dishes if d.course == "bebida"]
    soft = [d for d in drinks if not checker.facts(d.ingredients).alcoholic]
    strong = [d for d in drinks if d not in soft]
    chosen += rng.sample(soft, min(4, len(soft))) + rng.sample(strong, min(3, len(strong)))
    return chosen


def _wine_list(rng: random.Random, spec: VenueSpec, kb: KnowledgeBase) -> list[WineInfo]:
    wines = list(kb.wines.values())
    # (styles, colours or None for any, how many): a balanced list, piscos always included.
    wanted: list[tuple[set[str], set[str] | None, int]] = [
        ({"still"}, {"white"}, 7),
        ({"still"}, {"red"}, 8),
        ({"still"}, {"rose", "orange"}, 2),
        ({"sparkling"}, None, 3),
        ({"pisco"}, None, 5),
        ({"fortified"}, None, 1),
        ({"sake"}, None, 2 if "nikkei" in spec.focus else 0),
    ]
    chosen: list[WineInfo] = []
    for styles, colours, n in wanted:
        pool = [
            w
            for w in wines
            if w.style in styles and (colours is None or w.color in colours) and w not in chosen
        ]
        chosen += rng.sample(pool, min(n, len(pool)))
    rest = [w for w in wines if w not in chosen]
    chosen += rng.sample(rest, max(0, min(28 - len(chosen), len(rest))))
    return chosen[:28]


def build_venues(seed: int, kb: KnowledgeBase, checker: SafetyChecker) -> list[Venue]:
    venues = []
    for spec in VENUES:
        rng = stream(seed, f"menu:{spec.code}")
        menu = tuple(
            MenuDish(
                code=f"{spec.code}-{d.id}",
                venue=spec.code,
                kb_id=d.id,
                name=d.name_es,
                name_en=d.name_en,
                course=d.course,
                cuisine=d.cuisine,
                price=_menu_price(rng, d.price_pen, spec.price_factor),
                ingredients=d.ingredients,
                description=d.description_es,
                popularity=rng.lognormvariate(0.0, 0.7),
            )
            for d in _menu(rng, spec, kb, checker)
        )
        wines = tuple(
            ListedWine(
                code=f"{spec.code}-{w.id}",
                venue=spec.code,
                wine=w,
                price=_menu_price(rng, w.price_pen, (0.95, 1.15)),
                # Lima bars pour most piscos by the glass, whatever the bottle list says.
                by_the_glass=w.by_the_glass or rng.random() < (0.6 if w.style == "pisco" else 0.15),
            )
            for w in _wine_list(rng, spec, kb)
        )
        venues.append(Venue(spec, menu, wines))
    return venues


def menu_rows(venues: list[Venue]) -> list[dict[str, str]]:
    """The menus as a restaurant would export them (Spanish headers, ';' between ingredients)."""
    return [
        {
            "codigo": d.code,
            "plato": d.name,
            "nombre_en": d.name_en,
            "tiempo": d.course,
            "cocina": d.cuisine,
            "precio": f"S/ {d.price:.2f}",
            "ingredientes": "; ".join(d.ingredients),
            "descripcion": d.description,
            "local": d.venue,
        }
        for v in venues
        for d in v.menu
    ]
