"""Load the packaged knowledge base into the store. Running it twice changes nothing."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from sazon.knowledge import KnowledgeBase, wine_facts
from sazon.store import (
    Dish,
    DishIngredient,
    Ingredient,
    Wine,
    session_factory,
    transaction,
    upgrade,
)


def load_catalog(session: Session, kb: KnowledgeBase) -> dict[str, int]:
    """Upsert ingredients, dishes and wines from the knowledge base; returns counts."""
    existing = {i.id: i for i in session.scalars(select(Ingredient))}
    for info in kb.ingredients.values():
        values = {
            "name_es": info.name_es,
            "name_en": info.name_en,
            "synonyms": list(info.synonyms),
            "category": info.category,
            "allergens": list(info.allergens),
            "diet": list(info.diet),
            "aromas": list(info.aromas),
            **info.flavour,
        }
        row = existing.get(info.id)
        if row is None:
            session.add(Ingredient(id=info.id, **values))
        else:
            for k, v in values.items():
                if getattr(row, k) != v:
                    setattr(row, k, v)
    session.flush()
    dishes = {d.code: d for d in session.scalars(select(Dish).where(Dish.from_knowledge))}
    for d in kb.dishes.values():
        dish = dishes.get(d.id)
        if dish is None:
            dish = Dish(code=d.id, from_knowledge=True)
            session.add(dish)
        dish.name_es, dish.name_en, dish.cuisine, dish.course = (
            d.name_es,
            d.name_en,
            d.cuisine,
            d.course,
        )
        dish.cooking = list(d.cooking)
        dish.price_pen = Decimal(str(d.price_pen)).quantize(Decimal("0.01"))
        dish.description_es, dish.description_en = d.description_es, d.description_en
        if list(dish.ingredients_raw or []) != list(d.ingredients):
            dish.ingredients_raw = list(d.ingredients)
            if dish.ingredients:
                dish.ingredients = []
                session.flush()  # delete old positions before re-using their keys
            dish.ingredients = [
                DishIngredient(
                    position=pos,
                    ingredient_id=(m.id if (m := kb.find_ingredient(w)) else None),
                    written_as=w,
                )
                for pos, w in enumerate(d.ingredients)
            ]
    wines = {w.code: w for w in session.scalars(select(Wine).where(Wine.from_knowledge))}
    for w in kb.wines.values():
        wine = wines.get(w.id)
        if wine is None:
            wine = Wine(code=w.id, from_knowledge=True)
            session.add(wine)
        facts = wine_facts(w)
        facts["price_pen"] = Decimal(str(w.price_pen)).quantize(Decimal("0.01"))
        for attr, value in facts.items():
            if getattr(wine, attr) != value:
                setattr(wine, attr, value)
    session.flush()
    return {"ingredients": len(kb.ingredients), "dishes": len(kb.dishes), "wines": len(kb.wines)}


def initialise_store(engine: Engine, kb: KnowledgeBase) -> dict[str, object]:
    """Create or upgrade the schema, then load the knowledge base. Safe to run again."""
    revision = upgrade(engine)
    with transaction(session_factory(engine)) as session:
        counts = load_catalog(session, kb)
    return {"revision": revision, **counts}
