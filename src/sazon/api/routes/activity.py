"""Visits and feedback."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Depends, Query, status

from sazon.access import ALL, EDITORS, Principal
from sazon.api.deps import Id, IdQuery, SessionDep, StateDep, require
from sazon.api.onehop import ApiRouter
from sazon.api.schemas import Created, FeedbackCreate, Page
from sazon.ingest import create_record
from sazon.store.activity import feedback_page, get_visit, visits_page
from sazon.timeutil import utcnow

router = ApiRouter(tags=["activity"])
Reader = Annotated[Principal, Depends(require(ALL))]
Writer = Annotated[Principal, Depends(require(EDITORS | {"staff"}))]


@router.get("/visits", response_model=Page[dict[str, Any]])
def visits(
    session: SessionDep,
    _: Reader,
    guest_id: IdQuery = None,
    page: Annotated[int, Query(ge=1, le=100000)] = 1,
    page_size: Annotated[int, Query(ge=1, le=200)] = 50,
) -> dict[str, Any]:
    items, total = visits_page(session, guest_id, page, page_size)
    return {"items": items, "total": total, "page": page, "page_size": page_size}


@router.get("/visits/{visit_id}")
def visit(visit_id: Id, session: SessionDep, _: Reader) -> dict[str, Any]:
    return get_visit(session, visit_id)


@router.get("/feedback", response_model=Page[dict[str, Any]])
def feedback(
    session: SessionDep,
    _: Reader,
    guest_id: IdQuery = None,
    max_rating: Annotated[int | None, Query(ge=1, le=5)] = None,
    page: Annotated[int, Query(ge=1, le=100000)] = 1,
    page_size: Annotated[int, Query(ge=1, le=200)] = 50,
) -> dict[str, Any]:
    items, total = feedback_page(session, guest_id, max_rating, page, page_size)
    return {"items": items, "total": total, "page": page, "page_size": page_size}


@router.post("/feedback", response_model=Created, status_code=status.HTTP_201_CREATED)
def create_feedback(
    body: FeedbackCreate, session: SessionDep, state: StateDep, _: Writer
) -> Created:
    values: dict[str, Any] = body.model_dump(exclude_none=True)
    if "guest_id" in values:
        values["guest_ref"] = str(values.pop("guest_id"))
    values.setdefault("submitted_at", utcnow().isoformat())
    return Created(id=create_record(session, state.kb, "feedback", values))
