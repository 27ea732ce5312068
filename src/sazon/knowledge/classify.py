"""Allergen and diet classes of written ingredients or dishes, with the reason for each."""

from __future__ import annotations

import re

from pydantic import BaseModel

from sazon.knowledge.base import KnowledgeBase, Match

_ITEM_SEP = re.compile(r"[;\n|]|,(?!\d)")


class ClassifiedItem(BaseModel):
    """One written item: what it resolved to and which classes it carries, and why."""

    written: str
    kind: str  # ingredient | dish | unknown
    id: str | None = None
    name_es: str | None = None
    name_en: str | None = None
    matched_by: str | None = None
    allergens: list[str] = []
    diet: list[str] = []
    reasons: list[str] = []
    # Close spellings for a person to confirm; never applied (the item stays unknown).
    suggestions: list[str] = []


class Classification(BaseModel):
    items: list[ClassifiedItem]
    allergens: list[str]
    diet: list[str]
    unknown: list[str]


def _describe(match: Match) -> str:
    if match.how == "exact":
        return "name"
    if match.how == "synonym":
        return f"synonym '{match.matched}'"
    return f"'{match.matched}' with descriptive words left out"


def classify_ingredient(kb: KnowledgeBase, written: str) -> ClassifiedItem:
    """Classify one written ingredient or dish name."""
    match = kb.find_ingredient(written)
    if match is not None:
        ing = kb.ingredients[match.id]
        reasons = [f"{a}: {ing.name_es} ({ing.name_en}) contains it" for a in ing.allergens]
        reasons += [f"diet {d}: {ing.name_es} is {d}" for d in ing.diet]
        return ClassifiedItem(
            written=written,
            kind="ingredient",
            id=ing.id,
            name_es=ing.name_es,
            name_en=ing.name_en,
            matched_by=_describe(match),
            allergens=sorted(ing.allergens),
            diet=sorted(ing.diet),
            reasons=reasons,
        )
    dish = kb.find_dish(written)
    if dish is not None:
        allergens: dict[str, list[str]] = {}
        diet: dict[str, list[str]] = {}
        unread: list[str] = []
        for part in dish.ingredients:
            sub = kb.find_ingredient(part)
            if sub is None:
                unread.append(part)
                continue
            ing = kb.ingredients[sub.id]
            for a in ing.allergens:
                allergens.setdefault(a, []).append(ing.name_es)
            for d in ing.diet:
                diet.setdefault(d, []).append(ing.name_es)
        reasons = [f"{a}: from {', '.join(src)}" for a, src in sorted(allergens.items())]
        reasons += [f"diet {d}: from {', '.join(src)}" for d, src in sorted(diet.items())]
        reasons += [f"unknown part '{w}': treat the dish as unsafe" for w in unread]
        return ClassifiedItem(
            written=written,
            kind="dish",
            id=dish.id,
            name_es=dish.name_es,
            name_en=dish.name_en,
            matched_by="dish name",
            allergens=sorted(allergens),
            diet=sorted(diet),
            reasons=reasons,
        )
    close = [m.matched for m in kb.suggest_ingredients(written)]
    reasons = ["not in the knowledge base: treat as unsafe for any restricted guest"]
    if close:
        shown = " or ".join(f"'{c}'" for c in close)
        reasons.append(f"close spelling of {shown}: a person confirms it; until then unknown")
    return ClassifiedItem(written=written, kind="unknown", reasons=reasons, suggestions=close)


def classify(kb: KnowledgeBase, text: str) -> Classification:
    """Classify a list like ``"langostinos; sillao; queso fresco"``."""
    items = [classify_ingredient(kb, p.strip()) for p in _ITEM_SEP.split(text) if p.strip()]
    return Classification(
        items=items,
        allergens=sorted({a for i in items for a in i.allergens}),
        diet=sorted({d for i in items for d in i.diet}),
        unknown=[i.written for i in items if i.kind == "unknown"],
    )
