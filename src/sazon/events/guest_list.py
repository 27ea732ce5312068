"""Who comes: inviting guests, the invitation list with its RSVP answers, and the guests a
plan serves.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from sazon.errors import Conflict, InvalidInput, NotFound
from sazon.events.events import check_not_cancelled, get_event
from sazon.store.models import Guest, Invitation
from sazon.timeutil import utcnow

PLANNED_STATUSES = ("invited", "confirmed")  # declined / cancelled guests are not planned
#: Who takes a seat: a guest who said no (or whose invitation was cancelled) frees theirs, so
#: a replacement can be invited.
SEATED_STATUSES = ("invited", "confirmed", "attended", "no_show")


def invite_guests(session: Session, event_id: int, guest_ids: list[int]) -> list[Invitation]:
    """Invite guests (once each); returns the new invitations. The capacity counts only the
    invitations that still hold a seat (not declined, not cancelled). A guest taken off the
    list (``cancelled``) is invited again on the same invitation."""
    event = get_event(session, event_id)
    check_not_cancelled(event)
    have = {
        inv.guest_id: inv
        for inv in session.scalars(select(Invitation).where(Invitation.event_id == event.id))
    }
    seated = sum(1 for inv in have.values() if inv.status in SEATED_STATUSES)
    created = []
    for gid in dict.fromkeys(guest_ids):
        guest = session.get(Guest, gid)
        if guest is None or guest.erased_at is not None:
            raise NotFound(f"no guest {gid}", words={"key": "no_guest"})
        if gid in have:
            if have[gid].status == "cancelled":
                have[gid].status, have[gid].responded_at = "invited", None
                created.append(have[gid])
            continue
        inv = Invitation(event_id=event.id, guest_id=gid, status="invited")
        session.add(inv)
        created.append(inv)
    if event.capacity is not None and seated + len(created) > event.capacity:
        invited = seated + len(created)
        raise Conflict(
            f"the event holds {event.capacity} guests: {invited} who have not declined "
            "would be invited",
            words={"key": "capacity", "capacity": event.capacity, "invited": invited},
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
