"""Dishes' and wines' store operations: a venue's menu and wine list, never merged into
the knowledge base's reference records."""

from __future__ import annotations

import re

from sqlalchemy import func, select

from sazon.ingest import schemas as sc
from sazon.ingest.handler_base import Context, fill_missing, venue_for
from sazon.knowledge import CLASSIFY_HINT, fold
from sazon.store import Dish, DishIngredient, Venue, Wine

# ---- dishes -------------------------------------------------------------------------------


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", fold(text)).strip("_")


def _free_code(
    ctx: Context, model: type[Dish] | type[Wine], base: str, venue_id: int | None
) -> str:
    """A menu or list code that does not collide with the knowledge base's own codes."""
    code = base
    if ctx.session.scalars(select(model.id).where(model.code == code)).first() is None:
        return code
    prefix = ctx.session.get(Venue, venue_id).code if venue_id else "list"  # type: ignore[union-attr]
    code = f"{prefix}_{base}"
    n = 2
    while ctx.session.scalars(select(model.id).where(model.code == code)).first() is not None:
        code, n = f"{prefix}_{base}_{n}", n + 1
    return code


def find_dish(ctx: Context, rec: sc.DishRecord) -> tuple[Dish, str] | None:
    # A venue's menu never merges into the knowledge base's reference dishes.
    own = select(Dish).where(Dish.from_knowledge.is_(False))
    if rec.external_id and (
        d := ctx.session.scalars(own.where(Dish.code == rec.external_id)).first()
    ):
        return d, "code"
    venue_id = venue_for(ctx, rec.venue)
    d = ctx.session.scalars(
        own.where(
            func.lower(Dish.name_es) == rec.name.lower(),
            Dish.venue_id == venue_id if venue_id else Dish.venue_id.is_(None),
        )
    ).first()
    return (d, "name") if d else None


def dish_ingredients(ctx: Context, written: list[str]) -> list[DishIngredient]:
    out = []
    for pos, word in enumerate(written):
        match = ctx.kb.find_ingredient(word)
        if match is None:
            close = [m.matched for m in ctx.kb.suggest_ingredients(word)]
            hint = f" (close spelling of {', '.join(close)}: confirm it)" if close else ""
            ctx.warn(
                "ingredients",
                word,
                "unknown ingredient: kept as written, unsafe for "
                f"restricted guests until a chef classifies it{hint} ({CLASSIFY_HINT})",
            )
        out.append(
            DishIngredient(position=pos, ingredient_id=match.id if match else None, written_as=word)
        )
    return out


def create_dish(ctx: Context, rec: sc.DishRecord) -> Dish:
    kb = ctx.kb.find_dish(rec.name)
    venue_id = venue_for(ctx, rec.venue)
    dish = Dish(
        code=_free_code(ctx, Dish, rec.external_id or _slug(rec.name), venue_id),
        venue_id=venue_id,
        name_es=rec.name,
        name_en=rec.name_en or (kb.name_en if kb else None),
        cuisine=rec.cuisine or (kb.cuisine if kb else None),
        course=rec.course,
        cooking=list(kb.cooking) if kb else [],
        price_pen=rec.price_pen,
        description_es=rec.description or (kb.description_es if kb else None),
        description_en=kb.description_en if kb else None,
        ingredients_raw=rec.ingredients or (list(kb.ingredients) if kb else []),
    )
    dish.ingredients = dish_ingredients(ctx, list(dish.ingredients_raw))
    ctx.session.add(dish)
    ctx._dishes = None  # a new name to find
    return dish


def merge_dish(ctx: Context, dish: Dish, rec: sc.DishRecord, given: set[str]) -> list[str]:
    filled = fill_missing(
        dish,
        {
            "name_en": rec.name_en,
            "cuisine": rec.cuisine,
            "price_pen": rec.price_pen,
            "description_es": rec.description,
        },
        given,
    )
    if rec.ingredients and not dish.ingredients_raw:
        dish.ingredients_raw = rec.ingredients
        dish.ingredients = dish_ingredients(ctx, rec.ingredients)
        filled.append("ingredients")
    return filled


# ---- wines --------------------------------------------------------------------------------

_WINE_ATTRS = (
    "producer",
    "country",
    "region",
    "grapes",
    "color",
    "style",
    "aromas",
    "sweetness",
    "body",
    "acidity",
    "tannin",
    "oak",
    "alcohol",
    "price_pen",
)


def find_wine(ctx: Context, rec: sc.WineRecord) -> tuple[Wine, str] | None:
    # A venue's list never merges into the knowledge base's reference wines.
    own = select(Wine).where(Wine.from_knowledge.is_(False))
    if rec.external_id and (
        w := ctx.session.scalars(own.where(Wine.code == rec.external_id)).first()
    ):
        return w, "code"
    venue_id = venue_for(ctx, rec.venue)
    w = ctx.session.scalars(
        own.where(
            Wine.venue_id == venue_id if venue_id else Wine.venue_id.is_(None),
            func.lower(Wine.name) == rec.name.lower(),
            func.lower(func.coalesce(Wine.producer, "")) == (rec.producer or "").lower(),
        )
    ).first()
    return (w, "name+producer") if w else None


def create_wine(ctx: Context, rec: sc.WineRecord) -> Wine:
    venue_id = venue_for(ctx, rec.venue)
    wine = Wine(
        code=_free_code(
            ctx, Wine, rec.external_id or _slug(f"{rec.producer or ''} {rec.name}"), venue_id
        ),
        venue_id=venue_id,
        name=rec.name,
        by_the_glass=rec.by_the_glass,
        on_list=True,
        **{a: getattr(rec, a) for a in _WINE_ATTRS},
    )
    ctx.session.add(wine)
    ctx._wines = None  # a new name to find
    return wine


def merge_wine(ctx: Context, wine: Wine, rec: sc.WineRecord, given: set[str]) -> list[str]:
    return fill_missing(wine, {a: getattr(rec, a) for a in _WINE_ATTRS}, given)
