"""Every invited guest's RSVP link at once, and the links already made, per invitation.

A token is the signature of the invitation id and its link's nonce, so the link a planner
made yesterday can be shown again today (same nonce, same token) without being stored; a new
one is made only for an invitation that has none or whose link has expired, so the links
already sent keep working.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from sazon.access import Principal, audit
from sazon.events.events import get_event
from sazon.events.rsvp import check_event_open, link_token, make_link
from sazon.store.models import Invitation, RsvpLink
from sazon.timeutil import to_lima, utcnow

#: Who gets a link: a guest who has not said no (declined or cancelled invitations do not).
LINKED_STATUSES = ("invited", "confirmed")


@dataclass(frozen=True)
class GuestLink:
    invitation_id: int
    token: str
    expires_at: datetime  # Lima
    opened: bool
    answered: bool


def current_links(session: Session, secret: str, event_id: int) -> dict[int, GuestLink]:
    """The event's working RSVP links by invitation id (expired ones are left out)."""
    now = utcnow()
    rows = session.execute(
        select(RsvpLink)
        .join(Invitation, Invitation.id == RsvpLink.invitation_id)
        .where(Invitation.event_id == event_id, Invitation.status != "cancelled")
    ).scalars()
    return {
        link.invitation_id: GuestLink(
            invitation_id=link.invitation_id,
            token=link_token(secret, link),
            expires_at=to_lima(link.expires_at),
            opened=link.opened_at is not None,
            answered=link.answered_at is not None,
        )
        for link in rows
        if link.expires_at > now
    }


def send_all_links(
    session: Session,
    secret: str,
    event_id: int,
    who: Principal | None,
    *,
    detail: str | None = None,
    request_id: str | None = None,
) -> int:
    """Make an RSVP link for every invited guest who has none that still works; returns how
    many were made. Each one is audited like a single link (it opens the guest's needs form).
    An event that is over or cancelled gets none (``LinkClosed``, as for one link)."""
    invitations = session.scalars(
        select(Invitation)
        .where(Invitation.event_id == event_id, Invitation.status.in_(LINKED_STATUSES))
        .order_by(Invitation.id)
    )
    return len(link_missing(session, secret, event_id, invitations, who, detail, request_id))


def link_missing(
    session: Session,
    secret: str,
    event_id: int,
    invitations: Iterable[Invitation],
    who: Principal | None,
    detail: str | None = None,
    request_id: str | None = None,
) -> list[Invitation]:
    """Make an RSVP link for each of ``invitations`` that has none that still works, each
    audited like a single link; the ones linked now. The event must be open (``LinkClosed``)."""
    check_event_open(get_event(session, event_id))
    have = current_links(session, secret, event_id)
    made = []
    for inv in invitations:
        if inv.id in have:
            continue
        make_link(session, secret, inv.id)  # raises for a closed or started event
        audit(session, who, "event.rsvp_link", inv.guest_id, detail, request_id)
        made.append(inv)
    return made
