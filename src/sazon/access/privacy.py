"""Ley 29733 duties: audit every read of health data, export and erase a guest."""

from __future__ import annotations

from typing import Any

from sqlalchemy import CursorResult, delete, or_, select
from sqlalchemy.orm import Session

from sazon.access.keys import Principal
from sazon.bus import GuestUpdated, stage
from sazon.errors import NotFound
from sazon.store import (
    AuditEntry,
    Feedback,
    Guest,
    Invitation,
    QuarantinedRow,
    RecordMerge,
    Visit,
)
from sazon.store.guests import guest_dict
from sazon.store.models import FeedbackSentiment
from sazon.timeutil import utcnow


def audit(
    session: Session,
    who: Principal | None,
    action: str,
    guest_id: int | None,
    detail: str | None = None,
    request_id: str | None = None,
) -> None:
    session.add(
        AuditEntry(
            actor_key_id=who.key_id if who else None,
            actor=f"{who.name} ({who.role})" if who else "system",
            action=action,
            guest_id=guest_id,
            detail=detail,
            request_id=request_id,
        )
    )


def export_guest(session: Session, guest_id: int) -> dict[str, Any]:
    """Everything held about one guest, as JSON-ready data."""
    guest = session.get(Guest, guest_id)
    if guest is None:
        raise NotFound(f"no guest {guest_id}")
    visits = session.scalars(select(Visit).where(Visit.guest_id == guest_id)).all()
    feedback = session.scalars(select(Feedback).where(Feedback.guest_id == guest_id)).all()
    invitations = session.scalars(select(Invitation).where(Invitation.guest_id == guest_id)).all()
    merges = session.scalars(
        select(RecordMerge).where(RecordMerge.kind == "guests", RecordMerge.record_id == guest_id)
    ).all()
    audit_rows = session.scalars(select(AuditEntry).where(AuditEntry.guest_id == guest_id)).all()
    return {
        "guest": guest_dict(guest),
        "visits": [
            {
                "id": v.id,
                "visited_at": v.visited_at.isoformat(),
                "party_size": v.party_size,
                "total_pen": str(v.total_pen) if v.total_pen is not None else None,
                "items": [{"item": li.item_name, "quantity": li.quantity} for li in v.lines],
            }
            for v in visits
        ],
        "feedback": [
            {
                "id": f.id,
                "rating": f.rating,
                "text": f.text,
                "channel": f.channel,
                "submitted_at": f.submitted_at.isoformat(),
            }
            for f in feedback
        ],
        "invitations": [{"event_id": i.event_id, "status": i.status} for i in invitations],
        "merges": [
            {
                "run_id": m.run_id,
                "row": m.row_number,
                "matched_on": m.matched_on,
                "fields_filled": m.fields_filled,
            }
            for m in merges
        ],
        "access_log": [
            {"at": a.at.isoformat(), "actor": a.actor, "action": a.action} for a in audit_rows
        ],
    }


_PERSONAL = (
    "external_id",
    "first_name",
    "last_name",
    "email",
    "phone",
    "birth_date",
    "restrictions_raw",
    "notes",
    "budget_tier",
    "country",
)


def erase_guest(session: Session, guest_id: int) -> dict[str, int]:
    """Remove a guest's personal data everywhere; keep anonymised aggregates.

    Visits and ratings stay (counts and averages still add up) but point at an anonymised
    row; free texts the guest wrote are removed because they may identify them.
    """
    guest = session.get(Guest, guest_id)
    if guest is None:
        raise NotFound(f"no guest {guest_id}")
    for name in _PERSONAL:
        setattr(guest, name, None)
    guest.first_name = "Anónimo"
    guest.allergies, guest.diets, guest.restrictions_unknown = [], [], []
    guest.favourite_cuisines, guest.preferred_event_types = [], []
    guest.consent_marketing = guest.consent_personalisation = False
    guest.erased_at = utcnow()
    texts = 0
    for fb in session.scalars(select(Feedback).where(Feedback.guest_id == guest_id)):
        if fb.text:
            fb.text = None
            texts += 1
    # Sentiment aspects quote the guest's words as evidence: they go with the texts.
    scored: CursorResult[Any] = session.execute(  # type: ignore[assignment]
        delete(FeedbackSentiment).where(
            FeedbackSentiment.feedback_id.in_(
                select(Feedback.id).where(Feedback.guest_id == guest_id)
            )
        )
    )
    # Raw ingest rows may hold the same personal data: drop the ones that merged into them.
    quarantined = 0
    for q in session.scalars(
        select(QuarantinedRow).where(
            or_(
                QuarantinedRow.resolved_record_id == guest_id,
                QuarantinedRow.record_id == guest_id,  # fields kept apart from the guest
            ),
            QuarantinedRow.kind == "guests",
        )
    ):
        q.raw = {}
        quarantined += 1
    # Processors that keep derived data about the guest (scores, profiles) erase it too.
    stage(session, [GuestUpdated(guest_id=guest_id, fields=("personal_data",), erased=True)])
    return {
        "feedback_texts_removed": texts,
        "sentiment_scores_removed": int(scored.rowcount or 0),
        "quarantine_rows_cleared": quarantined,
    }
