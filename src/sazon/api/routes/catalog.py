"""Venues, dishes, ingredients and wines, plus knowledge look-ups."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, status
from sqlalchemy import func, or_, select

from sazon.access import ADMINS, ALL, Principal
from sazon.api.contract import raises
from sazon.api.deps import Id, IdQuery, SessionDep, StateDep, require
from sazon.api.pagination import paginate
from sazon.api.schemas import Created, Page, VenueCreate
from sazon.errors import Conflict, NotFound
from sazon.knowledge import KnowledgeBase, classify, parse_restrictions
from sazon.store import Dish, Ingredient, Venue, Wine

router = APIRouter(tags=["catalog"])
Reader = Annotated[Principal, Depends(require(ALL))]
Admin = Annotated[Principal, Depends(require(ADMINS))]
PageNo = Annotated[int, Query(ge=1, le=100000)]
PageSize = Annotated[int, Query(ge=1, le=200)]
Search = Annotated[str | None, Query(max_length=100)]


def _venue(v: Venue) -> dict[str, Any]:
    return {
        "id": v.id,
        "code": v.code,
        "name": v.name,
        "district": v.district,
        "city": v.city,
        "capacity": v.capacity,
        "cuisine": v.cuisine,
    }


def _dish(d: Dish) -> dict[str, Any]:
    return {
        "id": d.id,
        "code": d.code,
        "venue_id": d.venue_id,
        "name_es": d.name_es,
        "name_en": d.name_en,
        "cuisine": d.cuisine,
        "course": d.course,
        "cooking": d.cooking,
        "price_pen": float(d.price_pen) if d.price_pen is not None else None,
        "description_es": d.description_es,
        "description_en": d.description_en,
        "ingredients": [
            {"written_as": i.written_as, "ingredient_id": i.ingredient_id} for i in d.ingredients
        ],
    }


def _wine(w: Wine) -> dict[str, Any]:
    return {
        "id": w.id,
        "code": w.code,
        "venue_id": w.venue_id,
        "name": w.name,
        "producer": w.producer,
        "country": w.country,
        "region": w.region,
        "grapes": w.grapes,
        "color": w.color,
        "style": w.style,
        "sweetness": w.sweetness,
        "body": w.body,
        "acidity": w.acidity,
        "tannin": w.tannin,
        "oak": w.oak,
        "alcohol": w.alcohol,
        "aromas": w.aromas,
        "price_pen": float(w.price_pen) if w.price_pen is not None else None,
        "by_the_glass": w.by_the_glass,
        "on_list": w.on_list,
    }


def _ingredient(i: Ingredient) -> dict[str, Any]:
    return {
        "id": i.id,
        "name_es": i.name_es,
        "name_en": i.name_en,
        "synonyms": i.synonyms,
        "category": i.category,
        "allergens": i.allergens,
        "diet": i.diet,
        "flavour": {
            f: getattr(i, f)
            for f in (
                "acidity",
                "sweetness",
                "salt",
                "bitterness",
                "umami",
                "heat",
                "fat",
                "weight",
            )
        },
        "aromas": i.aromas,
    }


@router.get("/venues", response_model=Page[dict[str, Any]])
def venues(
    session: SessionDep, _: Reader, page: PageNo = 1, page_size: PageSize = 50
) -> dict[str, Any]:
    rows, total = paginate(session, select(Venue).order_by(Venue.id), page, page_size)
    return {
        "items": [_venue(v) for v in rows],
        "total": total,
        "page": page,
        "page_size": page_size,
    }


@router.post(
    "/venues",
    response_model=Created,
    status_code=status.HTTP_201_CREATED,
    responses=raises(Conflict),
)
def create_venue(body: VenueCreate, session: SessionDep, _: Admin) -> Created:
    if session.scalars(select(Venue).where(Venue.code == body.code)).first():
        raise Conflict(f"a venue with code '{body.code}' exists")
    venue = Venue(**body.model_dump())
    session.add(venue)
    session.flush()
    return Created(id=venue.id)


@router.get("/venues/{venue_id}")
def venue(venue_id: Id, session: SessionDep, _: Reader) -> dict[str, Any]:
    v = session.get(Venue, venue_id)
    if v is None:
        raise NotFound(f"no venue {venue_id}")
    return _venue(v)


@router.get("/dishes", response_model=Page[dict[str, Any]])
def dishes(
    session: SessionDep,
    _: Reader,
    q: Search = None,
    course: Annotated[str | None, Query(max_length=20)] = None,
    venue_id: IdQuery = None,
    page: PageNo = 1,
    page_size: PageSize = 50,
) -> dict[str, Any]:
    stmt = select(Dish).order_by(Dish.id)
    if q:
        like = f"%{q.lower()}%"
        stmt = stmt.where(
            or_(func.lower(Dish.name_es).like(like), func.lower(Dish.name_en).like(like))
        )
    if course:
        stmt = stmt.where(Dish.course == course)
    if venue_id:
        stmt = stmt.where(Dish.venue_id == venue_id)
    rows, total = paginate(session, stmt, page, page_size)
    return {"items": [_dish(d) for d in rows], "total": total, "page": page, "page_size": page_size}


@router.get("/dishes/{dish_id}")
def dish(dish_id: Id, session: SessionDep, state: StateDep, _: Reader) -> dict[str, Any]:
    d = session.get(Dish, dish_id)
    if d is None:
        raise NotFound(f"no dish {dish_id}")
    data = _dish(d)
    # Read again through today's knowledge base: a stored id may predate a correction, and a
    # word that is not an exact name stays unknown, with close spellings only as suggestions.
    data["ingredients"] = [_dish_ingredient(state.kb, i.written_as) for i in d.ingredients]
    data["classification"] = classify(state.kb, "; ".join(d.ingredients_raw)).model_dump()
    return data


def _dish_ingredient(kb: KnowledgeBase, written: str) -> dict[str, Any]:
    match = kb.find_ingredient(written)
    if match is not None:
        return {"written_as": written, "ingredient_id": match.id, "matched_by": match.how}
    return {
        "written_as": written,
        "ingredient_id": None,
        "matched_by": "unknown",
        "suggestions": [m.matched for m in kb.suggest_ingredients(written)],
    }


@router.get("/ingredients", response_model=Page[dict[str, Any]])
def ingredients(
    session: SessionDep, _: Reader, q: Search = None, page: PageNo = 1, page_size: PageSize = 50
) -> dict[str, Any]:
    stmt = select(Ingredient).order_by(Ingredient.id)
    if q:
        like = f"%{q.lower()}%"
        stmt = stmt.where(
            or_(
                func.lower(Ingredient.name_es).like(like), func.lower(Ingredient.name_en).like(like)
            )
        )
    rows, total = paginate(session, stmt, page, page_size)
    return {
        "items": [_ingredient(i) for i in rows],
        "total": total,
        "page": page,
        "page_size": page_size,
    }


@router.get("/ingredients/{ingredient_id}")
def ingredient(ingredient_id: str, session: SessionDep, _: Reader) -> dict[str, Any]:
    i = session.get(Ingredient, ingredient_id)
    if i is None:
        raise NotFound(f"no ingredient '{ingredient_id}'")
    return _ingredient(i)


@router.get("/wines", response_model=Page[dict[str, Any]])
def wines(
    session: SessionDep,
    _: Reader,
    q: Search = None,
    color: Annotated[str | None, Query(max_length=10)] = None,
    on_list: bool | None = None,
    page: PageNo = 1,
    page_size: PageSize = 50,
) -> dict[str, Any]:
    stmt = select(Wine).order_by(Wine.id)
    if q:
        like = f"%{q.lower()}%"
        stmt = stmt.where(
            or_(func.lower(Wine.name).like(like), func.lower(Wine.producer).like(like))
        )
    if color:
        stmt = stmt.where(Wine.color == color)
    if on_list is not None:
        stmt = stmt.where(Wine.on_list == on_list)
    rows, total = paginate(session, stmt, page, page_size)
    return {"items": [_wine(w) for w in rows], "total": total, "page": page, "page_size": page_size}


@router.get("/wines/{wine_id}")
def wine(wine_id: Id, session: SessionDep, _: Reader) -> dict[str, Any]:
    w = session.get(Wine, wine_id)
    if w is None:
        raise NotFound(f"no wine {wine_id}")
    return _wine(w)


@router.get("/knowledge/classify", tags=["knowledge"])
def knowledge_classify(
    state: StateDep, _: Reader, text: Annotated[str, Query(min_length=1, max_length=2000)]
) -> dict[str, Any]:
    """Allergen and diet classes of ingredients or dishes, with the reason for each."""
    return classify(state.kb, text).model_dump()


@router.get("/knowledge/restrictions", tags=["knowledge"])
def knowledge_restrictions(
    _: Reader, text: Annotated[str, Query(min_length=1, max_length=2000)]
) -> dict[str, Any]:
    """Read restrictions as people write them ("mariscos y maní; vegana")."""
    p = parse_restrictions(text)
    return {
        "allergens": sorted(p.allergens),
        "excludes": sorted(p.excludes),
        "flags": sorted(p.flags),
        "labels": sorted(p.labels),
        "unknown": p.unknown,
    }
