"""Venues, dishes, ingredients and wines, plus knowledge look-ups."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Depends, Query, status

from sazon.access import ADMINS, ALL, Principal
from sazon.api.contract import raises
from sazon.api.deps import Id, IdQuery, SessionDep, StateDep, require
from sazon.api.onehop import ApiRouter
from sazon.api.schemas import Created, Page, VenueCreate
from sazon.errors import Conflict
from sazon.knowledge import KnowledgeBase, classify, parse_restrictions
from sazon.store.catalog import (
    add_venue,
    dish_dict,
    dishes_page,
    get_dish,
    get_ingredient,
    get_venue,
    get_wine,
    ingredient_dict,
    ingredients_page,
    venue_dict,
    venues_page,
    wine_dict,
    wines_page,
)

router = ApiRouter(tags=["catalog"])
Reader = Annotated[Principal, Depends(require(ALL))]
Admin = Annotated[Principal, Depends(require(ADMINS))]
PageNo = Annotated[int, Query(ge=1, le=100000)]
PageSize = Annotated[int, Query(ge=1, le=200)]
Search = Annotated[str | None, Query(max_length=100)]


def _page(items: list[dict[str, Any]], total: int, page: int, page_size: int) -> dict[str, Any]:
    return {"items": items, "total": total, "page": page, "page_size": page_size}


@router.get("/venues", response_model=Page[dict[str, Any]])
def venues(
    session: SessionDep, _: Reader, page: PageNo = 1, page_size: PageSize = 50
) -> dict[str, Any]:
    rows, total = venues_page(session, page, page_size)
    return _page([venue_dict(v) for v in rows], total, page, page_size)


@router.post(
    "/venues",
    response_model=Created,
    status_code=status.HTTP_201_CREATED,
    responses=raises(Conflict),
)
def create_venue(body: VenueCreate, session: SessionDep, _: Admin) -> Created:
    return Created(id=add_venue(session, body.model_dump()))


@router.get("/venues/{venue_id}")
def venue(venue_id: Id, session: SessionDep, _: Reader) -> dict[str, Any]:
    return venue_dict(get_venue(session, venue_id))


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
    rows, total = dishes_page(session, q, course, venue_id, page, page_size)
    return _page([dish_dict(d) for d in rows], total, page, page_size)


@router.get("/dishes/{dish_id}")
def dish(dish_id: Id, session: SessionDep, state: StateDep, _: Reader) -> dict[str, Any]:
    d = get_dish(session, dish_id)
    data = dish_dict(d)
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
    rows, total = ingredients_page(session, q, page, page_size)
    return _page([ingredient_dict(i) for i in rows], total, page, page_size)


@router.get("/ingredients/{ingredient_id}")
def ingredient(ingredient_id: str, session: SessionDep, _: Reader) -> dict[str, Any]:
    return ingredient_dict(get_ingredient(session, ingredient_id))


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
    rows, total = wines_page(session, q, color, on_list, page, page_size)
    return _page([wine_dict(w) for w in rows], total, page, page_size)


@router.get("/wines/{wine_id}")
def wine(wine_id: Id, session: SessionDep, _: Reader) -> dict[str, Any]:
    return wine_dict(get_wine(session, wine_id))


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
