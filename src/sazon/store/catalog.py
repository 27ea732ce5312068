"""Catalogue reads shared by every face: venues, dishes, ingredients and wines, as plain data."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session

from sazon.errors import Conflict
from sazon.store.models import Dish, Ingredient, Venue, Wine
from sazon.store.queries import paginate, row_or_missing

Page = tuple[list[Any], int]
VENUE_FIELDS = ("id", "code", "name", "district", "city", "capacity", "cuisine")
WINE_FIELDS = (
    "id", "code", "venue_id", "name", "producer", "country", "region", "grapes", "color", "style",
    "sweetness", "body", "acidity", "tannin", "oak", "alcohol", "aromas",
)  # fmt: skip
FLAVOURS = ("acidity", "sweetness", "salt", "bitterness", "umami", "heat", "fat", "weight")


def _named_like(stmt: Select[Any], q: str | None, *columns: Any) -> Select[Any]:
    if not q:
        return stmt
    like = f"%{q.lower()}%"
    return stmt.where(or_(*(func.lower(c).like(like) for c in columns)))


def venues_page(session: Session, page: int, size: int) -> Page:
    return paginate(session, select(Venue).order_by(Venue.id), page, size)


def venues_by_name(session: Session) -> list[Venue]:
    """Every venue, by name (the pick-lists of the web forms)."""
    return list(session.scalars(select(Venue).order_by(Venue.name)))


def get_venue(session: Session, venue_id: int) -> Venue:
    return row_or_missing(session, Venue, venue_id, f"no venue {venue_id}")


def add_venue(session: Session, values: dict[str, Any]) -> int:
    """A new venue; its code must be new."""
    if session.scalars(select(Venue.id).where(Venue.code == values["code"])).first():
        raise Conflict(f"a venue with code '{values['code']}' exists")
    venue = Venue(**values)
    session.add(venue)
    session.flush()
    return venue.id


def dishes_page(
    session: Session, q: str | None, course: str | None, venue_id: int | None, page: int, size: int
) -> Page:
    stmt = _named_like(select(Dish).order_by(Dish.id), q, Dish.name_es, Dish.name_en)
    if course:
        stmt = stmt.where(Dish.course == course)
    if venue_id:
        stmt = stmt.where(Dish.venue_id == venue_id)
    return paginate(session, stmt, page, size)


def get_dish(session: Session, dish_id: int) -> Dish:
    return row_or_missing(session, Dish, dish_id, f"no dish {dish_id}")


def dishes_by_id(session: Session, ids: Iterable[int]) -> dict[int, Dish]:
    """The dishes with these ids (missing ones are left out)."""
    wanted = sorted(set(ids))
    if not wanted:
        return {}
    return {d.id: d for d in session.scalars(select(Dish).where(Dish.id.in_(wanted)))}


def ingredients_page(session: Session, q: str | None, page: int, size: int) -> Page:
    stmt = select(Ingredient).order_by(Ingredient.id)
    stmt = _named_like(stmt, q, Ingredient.name_es, Ingredient.name_en)
    return paginate(session, stmt, page, size)


def get_ingredient(session: Session, ingredient_id: str) -> Ingredient:
    return row_or_missing(session, Ingredient, ingredient_id, f"no ingredient '{ingredient_id}'")


def wines_page(
    session: Session, q: str | None, color: str | None, on_list: bool | None, page: int, size: int
) -> Page:
    stmt = _named_like(select(Wine).order_by(Wine.id), q, Wine.name, Wine.producer)
    if color:
        stmt = stmt.where(Wine.color == color)
    if on_list is not None:
        stmt = stmt.where(Wine.on_list == on_list)
    return paginate(session, stmt, page, size)


def get_wine(session: Session, wine_id: int) -> Wine:
    return row_or_missing(session, Wine, wine_id, f"no wine {wine_id}")


def venue_dict(v: Venue) -> dict[str, Any]:
    return {n: getattr(v, n) for n in VENUE_FIELDS}


def _pen(value: Any) -> float | None:
    return float(value) if value is not None else None


def dish_dict(d: Dish) -> dict[str, Any]:
    return {
        "id": d.id,
        "code": d.code,
        "venue_id": d.venue_id,
        "name_es": d.name_es,
        "name_en": d.name_en,
        "cuisine": d.cuisine,
        "course": d.course,
        "cooking": d.cooking,
        "price_pen": _pen(d.price_pen),
        "description_es": d.description_es,
        "description_en": d.description_en,
        "ingredients": [
            {"written_as": i.written_as, "ingredient_id": i.ingredient_id} for i in d.ingredients
        ],
    }


def wine_dict(w: Wine) -> dict[str, Any]:
    return {
        **{n: getattr(w, n) for n in WINE_FIELDS},
        "price_pen": _pen(w.price_pen),
        "by_the_glass": w.by_the_glass,
        "on_list": w.on_list,
    }


def ingredient_dict(i: Ingredient) -> dict[str, Any]:
    return {
        "id": i.id,
        "name_es": i.name_es,
        "name_en": i.name_en,
        "synonyms": i.synonyms,
        "category": i.category,
        "allergens": i.allergens,
        "diet": i.diet,
        "flavour": {f: getattr(i, f) for f in FLAVOURS},
        "aromas": i.aromas,
    }
