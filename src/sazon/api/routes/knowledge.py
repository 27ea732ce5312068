"""House additions to the knowledge base: ingredients, synonyms and preparations a chef
classifies, and the menu words still waiting for it."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import Depends, Query, Request, status

from sazon.access import ALL, KNOWLEDGE_EDITORS, Principal
from sazon.api.contract import raises
from sazon.api.deps import IdQuery, SessionDep, request_id, require
from sazon.api.onehop import ApiRouter
from sazon.errors import Conflict
from sazon.knowledge import (
    AdditionPublic,
    IngredientCreate,
    PreparationCreate,
    SynonymCreate,
    UnknownWord,
    add_ingredient,
    add_preparation,
    add_synonym,
    list_additions,
    unknown_words,
)

router = ApiRouter(prefix="/knowledge", tags=["knowledge"])
Reader = Annotated[Principal, Depends(require(ALL))]
Classifier = Annotated[Principal, Depends(require(KNOWLEDGE_EDITORS))]
Created = status.HTTP_201_CREATED


@router.post(
    "/ingredients", response_model=AdditionPublic, status_code=Created, responses=raises(Conflict)
)
def create_ingredient(
    body: IngredientCreate, session: SessionDep, who: Classifier, request: Request
) -> AdditionPublic:
    """Add an ingredient the knowledge base does not know (admin, planner). ``allergens``
    and ``diet`` are required, ``[]`` when it has none."""
    return add_ingredient(session, body, who=who, via="api", request_id=request_id(request))


@router.post(
    "/synonyms", response_model=AdditionPublic, status_code=Created, responses=raises(Conflict)
)
def create_synonym(
    body: SynonymCreate, session: SessionDep, who: Classifier, request: Request
) -> AdditionPublic:
    """Another written word for a known ingredient (admin, planner)."""
    return add_synonym(session, body, who=who, via="api", request_id=request_id(request))


@router.post(
    "/preparations", response_model=AdditionPublic, status_code=Created, responses=raises(Conflict)
)
def create_preparation(
    body: PreparationCreate, session: SessionDep, who: Classifier, request: Request
) -> AdditionPublic:
    """A house preparation: its components' allergens and diet plus the explicit ones."""
    return add_preparation(session, body, who=who, via="api", request_id=request_id(request))


@router.get("/additions", response_model=list[AdditionPublic])
def additions(
    session: SessionDep,
    _: Reader,
    kind: Annotated[Literal["ingredient", "synonym", "preparation"] | None, Query()] = None,
) -> list[AdditionPublic]:
    """Every house addition, oldest first."""
    return list_additions(session, kind)


@router.get("/unknown", response_model=list[UnknownWord])
def unknown(session: SessionDep, _: Reader, venue_id: IdQuery = None) -> list[UnknownWord]:
    """Ingredient words on the store's menus that the knowledge base does not know."""
    return unknown_words(session, venue_id=venue_id)
