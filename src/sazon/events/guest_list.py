"""Who comes: inviting guests, the invitation list with its RSVP answers, and the guests a
plan serves.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from sazon.errors import Conflict, InvalidInput, NotFound
from sazon.events.events import get_event
from sazon.store.models import Guest, Invitation
from sazon.timeutil import utcnow

PLANNED_STATUSES = ("invited", "confirmed")  # declined / cancelled guests are not planned


def invite_guests(session: Session, event_id: int, guest_ids: list[int]) -> list[Invitation]:
    """Invite guests (once each); returns the new invitations."""
    event = get_event(session, event_id)
    have = set(session.scalars(select(Invitation.guest_id).where(Invitation.event_id == event.id)))
    created = []
    for gid in dict.fromkeys(guest_ids):
        guest = session.get(Guest, gid)
        if guest is None or guest.erased_at is not None:
            raise NotFound(f"no guest {gid}")
        if gid in have:
            continue
        inv = Invitation(event_id=event.id, guest_id=gid, status="invited")
        session.add(inv)
        created.append(inv)
    if event.capacity is not None and len(have) + len(created) > event.capacity:
        raise Conflict(
            f"the event holds {event.capacity} guests: {len(have) + len(created)} would be invited"
        )
    session.flush()
    return created


def invitations(session: Session, event_id: int) -> list[tuple[Invitation, Guest]]:
    rows = session.execute(
        select(Invitation, Guest)
        .join(Guest, Guest.id == Invitation.guest_id)
        .where(Invitation.event_id == event_id)
        .order_by(Guest.last_name, Guest.first_name, Guest.id)
    )
    return [(inv, g) for inv, g in rows]


def set_invitation_status(session: Session, invitation: Invitation, status: str) -> bool:
    if status not in ("invited", "confirmed", "declined", "cancelled"):
        raise InvalidInput(f"unknown RSVP status '{status}': use confirmed or declined")
    if invitation.status == status:
        return False
    invitation.status = status
    invitation.responded_at = utcnow()
    session.flush()
    return True


def planned_guests(session: Session, event_id: int) -> list[tuple[Invitation, Guest]]:
    """The invitations a plan serves (confirmed or still invited), with their guests."""
    return [
        (inv, g)
        for inv, g in invitations(session, event_id)
        if inv.status in PLANNED_STATUSES and g.erased_at is None
    ]
