"""A dish's flavour profile from its ingredients, how it is cooked and what its name says.

Each ingredient brings the knowledge base's 0–5 scales, scaled by its *role* (the main protein
and the sauce count fully; onion, herbs and spices less; salt and oil least) and, slightly, by
its place in the list (cooks write the main thing first). For each scale the strongest source
counts fully, the next about a third, the next a tenth… so a squeeze of lime makes a ceviche sour
but five sides do not make it sweet. Cooking methods and preparation words ("frito", "a la
brasa", "acevichado") then move the scales, and the course nudges the weight.

Words that do not resolve to an ingredient are kept in ``unknown_ingredients``: the profile
says what it could not read instead of guessing.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

from sazon.knowledge import FLAVOURS, IngredientInfo, KnowledgeBase
from sazon.pairing.ingredient_words import PROTEIN, course_of, resolve
from sazon.pairing.preparations import (
    Preparation,
    find_preparations,
)
from sazon.pairing.schemas import DishInput, DishProfile, ResolvedIngredient

SEAFOOD = frozenset({"seafood_fish", "seafood_shellfish"})
SAVOURY_COURSES = frozenset({"entrada", "sopa", "fondo", "piqueo"})
ALLIUMS = frozenset({"cebolla_roja", "cebolla_china", "poro", "ajo"})

# How much of an ingredient's flavour reaches the plate, by role (see the module docstring).
IMPACT: dict[str, float] = {
    "main": 1.0,
    "protein": 0.8,
    "sauce": 0.75,
    "chili": 0.75,
    "acid": 0.55,
    "seasoning": 0.6,
    "sweetener": 0.9,
    "fruit": 0.6,
    "egg": 0.5,
    "vegetable": 0.4,
    "starch": 0.35,
    "aromatic": 0.35,
    "salt": 0.35,
    "fat": 0.3,
    "cooking_alcohol": 0.35,
    "drink": 0.3,
    "other": 0.1,
}

# What a cooking method does to the scales, and the aromas and flags it brings.
METHOD_DELTAS: dict[str, dict[str, float]] = {
    "raw": {"weight": -0.3},
    "cured": {"acidity": 0.5},
    "fried": {"fat": 1.0, "weight": 0.3},
    "grilled": {"weight": 0.2, "bitterness": 0.3},
    "roasted": {"weight": 0.2},
    "stewed": {"weight": 0.3, "umami": 0.3},
    "steamed": {"weight": -0.2, "fat": -0.3},
    "stir_fried": {"fat": 0.5},
    "sauteed": {"fat": 0.3},
    "fermented": {"acidity": 0.5, "umami": 0.5},
}
METHOD_AROMAS: dict[str, dict[str, float]] = {
    "fried": {"toasty": 0.5},
    "grilled": {"smoky": 0.8, "toasty": 0.3},
    "roasted": {"toasty": 0.5, "smoky": 0.3},
    "baked": {"toasty": 0.4},
    "stir_fried": {"smoky": 0.5},
    "fermented": {"fermented": 0.8},
}
COURSE_WEIGHT = {"entrada": -0.3, "sopa": -0.5, "fondo": 0.2, "bebida": -0.5}


@dataclass(frozen=True)
class _Item:
    info: IngredientInfo
    written: str
    how: str
    role: str
    impact: float
    position: int
    cooking: str | None


def _role(info: IngredientInfo, dessert_like: bool) -> str:
    cat = info.category
    if cat in PROTEIN:
        return "protein"
    if cat == "egg":
        return "egg"
    if info.id == "sal":
        return "salt"
    if cat in {"dairy", "sauce", "nut", "seed"}:
        return "sauce"
    if cat == "chili":
        return "chili"
    if cat == "condiment":
        return "acid" if info.flavour["acidity"] >= 4 else "seasoning"
    if cat == "fruit":
        return "acid" if info.flavour["acidity"] >= 4 and not dessert_like else "fruit"
    if cat == "sweetener":
        return "sweetener"
    if cat == "vegetable":
        return "aromatic" if info.id in ALLIUMS else "vegetable"
    if cat in {"herb", "spice"}:
        return "aromatic"
    if cat in {"tuber", "grain", "legume"}:
        return "starch"
    if cat == "fat":
        return "fat"
    if cat == "alcohol":
        return "cooking_alcohol"
    if cat == "beverage":
        return "drink"
    return "other"


def _impact(role: str, dessert_like: bool, cured: bool) -> float:
    base = IMPACT[role]
    if role == "acid":
        return 0.85 if cured else 0.55  # lime *is* a ceviche; in a causa it only seasons
    if not dessert_like and role == "sweetener":
        return 0.5  # sugar in a savoury sauce balances it, it does not make a dessert
    if not dessert_like and role == "fruit":
        return 0.45
    if dessert_like and role in {"fat", "sauce"}:
        return 0.55  # butter and milk are the body of a dessert, not a side
    return base


def _decayed(values: Iterable[float], decay: float) -> float:
    total, factor = 0.0, 1.0
    for v in sorted(values, reverse=True):
        total += v * factor
        factor *= decay
    return total


def _clip(x: float, lo: float = 0.0, hi: float = 5.0) -> float:
    return max(lo, min(hi, x))


def build_profile(dish: DishInput, kb: KnowledgeBase) -> DishProfile:
    """The flavour profile of ``dish``; unknown ingredient words are listed, never dropped."""
    known = kb.find_dish(dish.name)
    written = list(dish.ingredients) or (list(known.ingredients) if known else [])
    course = course_of(dish.course) or (known.course if known else None)
    preps = find_preparations(dish.name, dish.description)

    resolved: list[tuple[IngredientInfo, str, str, str | None]] = []
    unknown: list[str] = []
    for word in written:
        if not word.strip():
            continue
        matches, cooking = resolve(kb, word)
        if not matches:
            unknown.append(word.strip())
        for info, how in matches:
            resolved.append((info, word.strip(), how, cooking))

    savoury_signals = any(info.category in PROTEIN for info, *_ in resolved)
    dessert_like = course in {"postre", "bebida"} or (course is None and not savoury_signals)
    cured = (
        "cured" in dish.cooking
        or any("lime_cured" in p.flags for p in preps)
        or bool(known and "cured" in known.cooking)
    )
    items: list[_Item] = []
    main_id: str | None = None
    for pos, (info, word, how, cooking) in enumerate(resolved):
        role = _role(info, dessert_like)
        if role == "protein" and main_id is None:
            role, main_id = "main", info.id
        items.append(
            _Item(info, word, how, role, _impact(role, dessert_like, cured), pos, cooking),
        )
    if main_id is None and items:
        # No protein: the first real ingredient carries the dish (a causa, a pudding, a salad).
        first = next((i for i in items if i.role not in {"salt", "fat", "other"}), items[0])
        main_id = first.info.id
        items = [
            _Item(i.info, i.written, i.how, "main", 1.0, i.position, i.cooking) if i is first else i
            for i in items
        ]

    methods = _methods(dish, known.cooking if known else (), preps, items, main_id)
    flavours, sources = _flavours(items)
    weight = _weight(items)
    deltas: dict[str, float] = {}
    for method in methods:
        for f, d in METHOD_DELTAS.get(method, {}).items():
            deltas[f] = deltas.get(f, 0.0) + d
    for item in items:  # a fried side adds some fat, not a fried dish
        if item.cooking == "fried" and "fried" not in methods:
            deltas["fat"] = deltas.get("fat", 0.0) + 0.4
    for prep in preps:
        for f, d in prep.deltas.items():
            deltas[f] = deltas.get(f, 0.0) + d
    flavours["weight"] = weight + COURSE_WEIGHT.get(course or "", 0.0)
    for f, d in deltas.items():
        flavours[f] = flavours.get(f, 0.0) + d
    for prep in preps:
        for f, floor in prep.floors.items():
            flavours[f] = max(flavours[f], floor)
    flavours = {f: round(_clip(v), 1) for f, v in flavours.items()}

    chili_aromas: dict[str, float] = {}
    aromas = _aromas(items, methods, preps, sources, chili_aromas)
    main = kb.ingredients[main_id] if main_id else None
    flags = _flags(flavours, methods, preps, course, main, items, dessert_like)
    return DishProfile(
        **{f: flavours[f] for f in FLAVOURS},
        aromas=aromas,
        chili_aromas=chili_aromas,
        course=course,
        cooking=sorted(methods),
        preparations=[p.id for p in preps],
        flags=flags,
        main=main_id,
        ingredients=[
            ResolvedIngredient(
                written=i.written, id=i.info.id, name=i.info.name_es, role=i.role, how=i.how
            )
            for i in items
        ],
        unknown_ingredients=unknown,
        sources=sources,
        knowledge_dish=known.id if known else None,
    )


def _methods(
    dish: DishInput,
    known: Iterable[str],
    preps: list[Preparation],
    items: list[_Item],
    main_id: str | None,
) -> set[str]:
    methods = {m for m in dish.cooking if m} | set(known)
    for prep in preps:
        methods |= set(prep.cooking)
    for item in items:
        if item.cooking and item.info.id == main_id:
            methods.add(item.cooking)
    return methods


def _flavours(items: list[_Item]) -> tuple[dict[str, float], dict[str, list[str]]]:
    flavours: dict[str, float] = {}
    sources: dict[str, list[str]] = {}
    for f in FLAVOURS:
        if f == "weight":
            continue
        contrib = [
            (i.impact * (1 - 0.04 * min(i.position, 10)) * i.info.flavour[f], i.info.id)
            for i in items
        ]
        flavours[f] = _decayed((c for c, _ in contrib), 0.3)
        strong = sorted((c for c in contrib if c[0] >= 0.8), reverse=True)
        sources[f] = list(dict.fromkeys(ing for _, ing in strong))[:3]
    return flavours, sources


def _weight(items: list[_Item]) -> float:
    contrib = [(0.45 if i.role == "starch" else i.impact) * i.info.flavour["weight"] for i in items]
    # The main ingredient sets the weight; sides add a little, and the scale keeps room at the
    # top for the heaviest stews.
    return 0.75 * _decayed(contrib, 0.2)


def _aromas(
    items: list[_Item],
    methods: set[str],
    preps: list[Preparation],
    sources: dict[str, list[str]],
    chili_aromas: dict[str, float],
) -> dict[str, float]:
    raw: dict[str, float] = {}
    givers: dict[str, list[tuple[float, str]]] = {}
    for i in items:
        for rank, aroma in enumerate(i.info.aromas):
            share = (1.0, 0.7, 0.5, 0.4)[min(rank, 3)]
            raw[aroma] = raw.get(aroma, 0.0) + i.impact * share
            givers.setdefault(aroma, []).append((i.impact * share, i.info.id))
    for aroma, found in givers.items():
        strong = sorted((g for g in found if g[0] >= 0.3), reverse=True)
        sources[f"aroma:{aroma}"] = list(dict.fromkeys(ing for _, ing in strong))[:2]
    extra: dict[str, float] = {}
    for method in methods:
        for aroma, v in METHOD_AROMAS.get(method, {}).items():
            extra[aroma] = max(extra.get(aroma, 0.0), v)
    for prep in preps:
        for aroma, v in prep.aromas.items():
            extra[aroma] = max(extra.get(aroma, 0.0), v)
    for aroma, v in extra.items():
        raw[aroma] = raw.get(aroma, 0.0) + v
    strength = {a: 1 - math.exp(-v) for a, v in raw.items()}
    top = sorted(strength.items(), key=lambda kv: (-kv[1], kv[0]))
    kept = {a: round(s, 2) for a, s in top if s >= 0.15}
    # How much of each kept aroma the chillies alone bring (the strength lost without them).
    for aroma in kept:
        chili = sum(
            i.impact * (1.0, 0.7, 0.5, 0.4)[min(rank, 3)]
            for i in items
            if i.role == "chili"
            for rank, a in enumerate(i.info.aromas)
            if a == aroma
        )
        if chili > 0:
            without = 1 - math.exp(-(raw[aroma] - chili))
            chili_aromas[aroma] = round(kept[aroma] - without, 3)
    return kept


def _flags(
    flavours: dict[str, float],
    methods: set[str],
    preps: list[Preparation],
    course: str | None,
    main: IngredientInfo | None,
    items: list[_Item],
    dessert_like: bool,
) -> list[str]:
    flags = set(methods) & {"raw", "cured", "fried", "grilled", "roasted", "stewed"}
    for prep in preps:
        flags |= set(prep.flags)
    if course == "postre" or (dessert_like and course != "bebida" and flavours["sweetness"] >= 3.5):
        flags.add("dessert")
    if flavours["heat"] >= 2.5:
        flags.add("spicy")
    if main is not None:
        cat = main.category
        if cat in SEAFOOD:
            flags.add("seafood")
            if flags & {"raw", "cured"}:
                flags.add("raw_seafood")
        elif cat in {"meat", "offal"}:
            flags.add("red_meat")
        elif cat == "pork":
            flags.add("pork")
        elif cat == "poultry":
            flags.add("poultry")
    if not any(i.info.category in PROTEIN for i in items):
        flags.add("no_protein")
    if (
        flavours["fat"] >= 3.5
        and "creamy" not in flags
        and any(i.info.category == "dairy" for i in items if i.role in {"sauce", "main"})
    ):
        flags.add("creamy")
    if "lime_cured" in flags and not flags & {"raw", "cured"}:
        flags.add("cured")
    if course in SAVOURY_COURSES and flavours["sweetness"] >= 3 and flavours["acidity"] >= 2.5:
        flags.add("sweet_sour")
    return sorted(flags)
