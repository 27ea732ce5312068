"""Small reads and one action the faces share: an invitation of an event, and its RSVP link.

Kept apart from the planner's service so the API, the web and the CLI call one function
instead of each checking the invitation themselves.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from sazon.access import Principal, audit
from sazon.errors import NotFound
from sazon.events.rsvp import make_link
from sazon.store.models import Invitation


def invitation_of(session: Session, event_id: int, invitation_id: int) -> Invitation:
    """The invitation, if it belongs to this event (an id from another event is not found)."""
    inv = session.get(Invitation, invitation_id)
    if inv is None or inv.event_id != event_id:
        raise NotFound(f"event {event_id} has no invitation {invitation_id}")
    return inv


def send_rsvp_link(
    session: Session,
    secret: str,
    event_id: int,
    invitation_id: int,
    who: Principal | None,
    *,
    detail: str | None = None,
    request_id: str | None = None,
) -> str:
    """A fresh RSVP token for one of the event's invitations; who asked for it is audited
    (the link opens the guest's restrictions form). ``LinkClosed`` when the event is over."""
    inv = invitation_of(session, event_id, invitation_id)
    token = make_link(session, secret, invitation_id)
    audit(session, who, "event.rsvp_link", inv.guest_id, detail, request_id)
    return token
