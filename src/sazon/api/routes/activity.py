"""Visits and feedback."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, status
from sqlalchemy import select

from sazon.access import ALL, EDITORS, Principal
from sazon.api.deps import Id, IdQuery, SessionDep, StateDep, require
from sazon.api.pagination import paginate
from sazon.api.schemas import Created, FeedbackCreate, Page
from sazon.errors import NotFound
from sazon.ingest import create_record
from sazon.store import Feedback, Visit
from sazon.store.guests import sentiments_of
from sazon.timeutil import to_lima, utcnow

router = APIRouter(tags=["activity"])
Reader = Annotated[Principal, Depends(require(ALL))]
Writer = Annotated[Principal, Depends(require(EDITORS | {"staff"}))]


def _visit(v: Visit) -> dict[str, Any]:
    return {
        "id": v.id,
        "guest_id": v.guest_id,
        "venue_id": v.venue_id,
        "visited_at": to_lima(v.visited_at).isoformat(),
        "party_size": v.party_size,
        "total_pen": float(v.total_pen) if v.total_pen is not None else None,
        "occasion": v.occasion,
        "items": [
            {"item": li.item_name, "dish_id": li.dish_id, "quantity": li.quantity} for li in v.lines
        ],
    }


def _feedback(f: Feedback, sentiment: dict[str, Any] | None) -> dict[str, Any]:
    return {
        "id": f.id,
        "guest_id": f.guest_id,
        "visit_id": f.visit_id,
        "rating": f.rating,
        "text": f.text,
        "channel": f.channel,
        "language": f.language,
        "submitted_at": to_lima(f.submitted_at).isoformat(),
        # None until the feedback-sentiment processor has scored it
        "sentiment": sentiment,
    }


@router.get("/visits", response_model=Page[dict[str, Any]])
def visits(
    session: SessionDep,
    _: Reader,
    guest_id: IdQuery = None,
    page: Annotated[int, Query(ge=1, le=100000)] = 1,
    page_size: Annotated[int, Query(ge=1, le=200)] = 50,
) -> dict[str, Any]:
    stmt = select(Visit).order_by(Visit.visited_at.desc(), Visit.id)
    if guest_id:
        stmt = stmt.where(Visit.guest_id == guest_id)
    rows, total = paginate(session, stmt, page, page_size)
    return {
        "items": [_visit(v) for v in rows],
        "total": total,
        "page": page,
        "page_size": page_size,
    }


@router.get("/visits/{visit_id}")
def visit(visit_id: Id, session: SessionDep, _: Reader) -> dict[str, Any]:
    v = session.get(Visit, visit_id)
    if v is None:
        raise NotFound(f"no visit {visit_id}")
    return _visit(v)


@router.get("/feedback", response_model=Page[dict[str, Any]])
def feedback(
    session: SessionDep,
    _: Reader,
    guest_id: IdQuery = None,
    max_rating: Annotated[int | None, Query(ge=1, le=5)] = None,
    page: Annotated[int, Query(ge=1, le=100000)] = 1,
    page_size: Annotated[int, Query(ge=1, le=200)] = 50,
) -> dict[str, Any]:
    stmt = select(Feedback).order_by(Feedback.submitted_at.desc(), Feedback.id)
    if guest_id:
        stmt = stmt.where(Feedback.guest_id == guest_id)
    if max_rating:
        stmt = stmt.where(Feedback.rating <= max_rating)
    rows, total = paginate(session, stmt, page, page_size)
    scores = sentiments_of(session, [f.id for f in rows])
    return {
        "items": [_feedback(f, scores.get(f.id)) for f in rows],
        "total": total,
        "page": page,
        "page_size": page_size,
    }


@router.post("/feedback", response_model=Created, status_code=status.HTTP_201_CREATED)
def create_feedback(
    body: FeedbackCreate, session: SessionDep, state: StateDep, _: Writer
) -> Created:
    values: dict[str, Any] = body.model_dump(exclude_none=True)
    if "guest_id" in values:
        values["guest_ref"] = str(values.pop("guest_id"))
    values.setdefault("submitted_at", utcnow().isoformat())
    return Created(id=create_record(session, state.kb, "feedback", values))
