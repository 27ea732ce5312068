"""Wine pairing: suggestions for dishes, a pairing for a whole menu, and the rules."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Depends, Query
from pydantic import BaseModel, ConfigDict, Field

from sazon.access import PAIRERS, Principal
from sazon.api.contract import raises
from sazon.api.deps import SessionDep, StateDep, require
from sazon.api.onehop import ApiRouter
from sazon.api.schemas import BODY, Int, needs_any
from sazon.errors import InvalidInput, NotFitted, NotFound
from sazon.knowledge import current_knowledge
from sazon.pairing import (
    RULES,
    DishInput,
    DishPairing,
    Lang,
    MenuCourse,
    MenuPairing,
    Mode,
    PairingFilters,
    WineInput,
    load_model,
    pair_menu,
    store_dishes,
    store_menu,
    store_wines,
    suggest_from_store,
    venue_id_of,
)

router = ApiRouter(prefix="/pairing", tags=["pairing"])

Pairer = Annotated[Principal, Depends(require(PAIRERS))]
SOME = {"type": "array", "minItems": 1}


class SuggestRequest(BaseModel):
    """Dishes (inline, or store codes) and a wine list (inline, or the venue's list)."""

    model_config = ConfigDict(
        **BODY,
        json_schema_extra=needs_any({"dishes": SOME}, {"dish_codes": SOME}),
    )
    dishes: list[DishInput] | None = Field(default=None, max_length=50)
    dish_codes: list[str] | None = Field(default=None, max_length=50)
    wines: list[WineInput] | None = Field(default=None, max_length=300)
    venue: str | None = Field(default=None, max_length=64, description="venue code or id")
    top: Int = Field(default=3, ge=1, le=20)
    lang: Lang = "es"
    filters: PairingFilters = PairingFilters()
    non_alcoholic: bool = False
    use_ranker: bool | None = Field(
        default=None, description="true: rules + ranker; false: rules alone; null: default"
    )


class MenuRequest(BaseModel):
    """A menu (inline courses, or store dish codes in course order) and a wine list."""

    model_config = ConfigDict(
        **BODY,
        json_schema_extra=needs_any({"courses": {"type": "array"}}, {"dish_codes": SOME}),
    )
    courses: list[MenuCourse] | None = Field(default=None, max_length=20)
    dish_codes: list[str] | None = Field(default=None, max_length=20)
    wines: list[WineInput] | None = Field(default=None, max_length=300)
    venue: str | None = Field(default=None, max_length=64)
    mode: Mode = "per_course"
    lang: Lang = "es"
    non_alcoholic: bool = False
    max_price_pen: float | None = Field(default=None, ge=0, le=100000)
    budget_pen: float | None = Field(default=None, ge=0, le=1000000)
    by_the_glass: bool = False
    allow_repeats: bool = False
    use_ranker: bool | None = None


@router.post("/suggest", response_model=list[DishPairing], responses=raises(NotFound, NotFitted))
def suggest_wines(
    body: SuggestRequest, session: SessionDep, state: StateDep, _: Pairer
) -> list[DishPairing]:
    """The best wines of the list for each dish, each with a score, confidence and why."""
    if not body.dishes and not body.dish_codes:
        raise InvalidInput("give dishes (inline) or dish_codes (from the store)")
    model = load_model(state.settings.home / "models", use_ranker=body.use_ranker)
    return suggest_from_store(
        session,
        venue=body.venue,
        match=body.dish_codes,
        dishes=body.dishes,
        wines=body.wines,
        top=body.top,
        lang=body.lang,
        filters=body.filters,
        non_alcoholic=body.non_alcoholic,
        use_ranker=body.use_ranker,
        # The knowledge base through this request's own connection: ``state.kb`` takes a
        # second one from the pool, and under load every request holding one while waiting
        # for another exhausted it (30 s waits, then 500s).
        kb=current_knowledge(session),
        model=model,
    )


@router.post("/menu", response_model=MenuPairing, responses=raises(NotFound, NotFitted))
def pair_a_menu(body: MenuRequest, session: SessionDep, state: StateDep, _: Pairer) -> MenuPairing:
    """One wine per course, or a flight from light to full, plus a drink without alcohol."""
    courses = body.courses
    if courses is None:
        if not body.dish_codes:
            raise InvalidInput("give courses (inline) or dish_codes (from the store)")
        courses = store_menu(session, body.dish_codes)
    if body.wines is not None:
        wines = body.wines
    else:
        wines = store_wines(session, venue_id=venue_id_of(session, body.venue))
    return pair_menu(
        courses,
        wines,
        mode=body.mode,
        lang=body.lang,
        non_alcoholic=body.non_alcoholic,
        max_price_pen=body.max_price_pen,
        budget_pen=body.budget_pen,
        by_the_glass=body.by_the_glass,
        allow_repeats=body.allow_repeats,
        use_ranker=body.use_ranker,
        kb=current_knowledge(session),
    )


@router.get("/dishes", responses=raises(NotFound))
def pairing_dishes(
    session: SessionDep,
    _: Pairer,
    venue: Annotated[str | None, Query(max_length=64)] = None,
    q: Annotated[str | None, Query(max_length=100)] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> list[dict[str, Any]]:
    """The store's menu dishes that can be paired (code, name, course, venue, ingredients)."""
    venue_id = venue_id_of(session, venue)
    rows = store_dishes(session, venue_id=venue_id, match=[q] if q else None, limit=limit)
    return [{**d.model_dump(), "venue_id": vid} for d, vid in rows]


@router.get("/rules")
def pairing_rules(_: Pairer, lang: Lang = "es") -> list[dict[str, Any]]:
    """The sommelier rules behind every score, with their weights."""
    return [
        {"id": r.id, "kind": r.kind, "weight": r.weight, "text": r.es if lang == "es" else r.en}
        for r in RULES
    ]
