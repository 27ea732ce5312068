"""RSVP reminders: the invited guests who have not answered yet, and when each was last
reminded.

A reminder goes out by the planner's own WhatsApp or e-mail (the page prepares the message),
so what is stored is when the planner prepared it: ``Invitation.reminded_at``, shown per
guest so nobody is reminded twice in a morning. Each pending guest gets a working RSVP link
first (made as "create all links" makes them), since the reminder carries it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from sazon.access import Principal
from sazon.events.events import get_event
from sazon.events.links import current_links, link_missing
from sazon.store.models import Guest, Invitation
from sazon.timeutil import to_lima, utcnow

__all__ = ["PendingGuest", "pending_answers", "record_reminders"]


@dataclass(frozen=True)
class PendingGuest:
    """An invited guest who has not said yes or no."""

    invitation_id: int
    guest_id: int
    name: str
    first_name: str
    phone: str | None
    email: str | None
    language: str  # "es" or "en": the reminder is written in it
    reminded_at: datetime | None  # Lima
    token: str | None  # their working RSVP link's token, if they have one


def _pending(session: Session, event_id: int) -> list[tuple[Invitation, Guest]]:
    rows = session.execute(
        select(Invitation, Guest)
        .join(Guest, Guest.id == Invitation.guest_id)
        .where(
            Invitation.event_id == event_id,
            Invitation.status == "invited",
            Guest.erased_at.is_(None),
        )
        .order_by(Guest.last_name, Guest.first_name, Guest.id)  # ties by id: stable
    )
    return [(inv, g) for inv, g in rows.tuples()]


def pending_answers(session: Session, secret: str, event_id: int) -> list[PendingGuest]:
    """The event's invited guests without an answer, by name, with their last reminder."""
    get_event(session, event_id)
    links = current_links(session, secret, event_id)
    out = []
    for inv, g in _pending(session, event_id):
        link = links.get(inv.id)
        out.append(
            PendingGuest(
                invitation_id=inv.id, guest_id=g.id, name=g.full_name,
                first_name=(g.first_name or "").split(" ")[0], phone=g.phone, email=g.email,
                language="en" if (g.language or "").lower().startswith("en") else "es",
                reminded_at=to_lima(inv.reminded_at) if inv.reminded_at else None,
                token=link.token if link else None,
            )
        )  # fmt: skip
    return out


def record_reminders(
    session: Session,
    secret: str,
    event_id: int,
    who: Principal | None,
    *,
    detail: str | None = None,
    request_id: str | None = None,
) -> int:
    """Mark every pending guest as reminded now, making the RSVP link of those who have none
    that works; returns how many. A cancelled or finished event gets none (``LinkClosed``)."""
    pending = [inv for inv, _guest in _pending(session, event_id)]
    link_missing(session, secret, event_id, pending, who, detail, request_id)
    now = utcnow()
    for inv in pending:
        inv.reminded_at = now
    session.flush()
    return len(pending)
