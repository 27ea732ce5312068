"""Visits and feedback as every face reads them: newest first, paged, times in Lima."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from sazon.store.guests import sentiments_of
from sazon.store.models import Feedback, Visit
from sazon.store.queries import paginate, row_or_missing
from sazon.timeutil import to_lima


def visits_page(
    session: Session, guest_id: int | None, page: int, size: int
) -> tuple[list[dict[str, Any]], int]:
    stmt = select(Visit).order_by(Visit.visited_at.desc(), Visit.id)
    if guest_id:
        stmt = stmt.where(Visit.guest_id == guest_id)
    rows, total = paginate(session, stmt, page, size)
    return [visit_dict(v) for v in rows], total


def get_visit(session: Session, visit_id: int) -> dict[str, Any]:
    return visit_dict(row_or_missing(session, Visit, visit_id, f"no visit {visit_id}"))


def feedback_page(
    session: Session, guest_id: int | None, max_rating: int | None, page: int, size: int
) -> tuple[list[dict[str, Any]], int]:
    """Feedback with its sentiment (None until the feedback-sentiment processor scored it)."""
    stmt = select(Feedback).order_by(Feedback.submitted_at.desc(), Feedback.id)
    if guest_id:
        stmt = stmt.where(Feedback.guest_id == guest_id)
    if max_rating:
        stmt = stmt.where(Feedback.rating <= max_rating)
    rows, total = paginate(session, stmt, page, size)
    scores = sentiments_of(session, [f.id for f in rows])
    return [feedback_dict(f, scores.get(f.id)) for f in rows], total


def visit_dict(v: Visit) -> dict[str, Any]:
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


def feedback_dict(f: Feedback, sentiment: dict[str, Any] | None) -> dict[str, Any]:
    return {
        "id": f.id,
        "guest_id": f.guest_id,
        "visit_id": f.visit_id,
        "rating": f.rating,
        "text": f.text,
        "channel": f.channel,
        "language": f.language,
        "submitted_at": to_lima(f.submitted_at).isoformat(),
        "sentiment": sentiment,
    }
