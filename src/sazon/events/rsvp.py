"""Signed RSVP links: a guest confirms or declines and updates their needs, no login.

The token is an itsdangerous signature over the invitation id and a nonce kept in
``rsvp_links``; a new link for the same invitation changes the nonce, so older links stop
working. Links expire at the event (or after ``LINK_DAYS``, whichever comes first; moving the
event moves the expiry) and stop working once the invitation is cancelled or the event is
cancelled or completed. The page shows the holder only their own invitation: the event, their
first name and what they wrote about their needs, nothing about anyone else.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass, field
from datetime import datetime

from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy.orm import Session

from sazon.bus import DomainEvent, stage
from sazon.errors import Conflict, InvalidInput, NotFound
from sazon.events.bus_events import RsvpChanged
from sazon.events.events import get_event, link_expiry
from sazon.events.guest_list import set_invitation_status
from sazon.events.needs import update_needs
from sazon.knowledge import KnowledgeBase
from sazon.store.models import Event, Guest, Invitation, RsvpLink, Venue
from sazon.timeutil import to_lima, utcnow

_SALT = "sazon-rsvp"
CLOSED_EVENTS = ("cancelled", "completed")


def _serializer(secret: str) -> URLSafeSerializer:
    return URLSafeSerializer(secret, salt=_SALT)


def make_link(session: Session, secret: str, invitation_id: int) -> str:
    """A fresh RSVP token for an invitation (older tokens for it stop working)."""
    inv = session.get(Invitation, invitation_id)
    if inv is None:
        raise NotFound(f"no invitation {invitation_id}")
    event = get_event(session, inv.event_id)
    _check_open(inv, event)
    now = utcnow()
    expires = link_expiry(now, event.starts_at)
    if expires <= now:
        raise Conflict(
            "the event has already started: RSVP links can no longer be sent",
            words={"key": "link_started"},
        )
    nonce = secrets.token_hex(8)
    link = session.get(RsvpLink, invitation_id)
    if link is None:
        link = RsvpLink(invitation_id=invitation_id, nonce=nonce, expires_at=expires)
        session.add(link)
    else:
        link.nonce, link.expires_at, link.created_at = nonce, expires, now
    session.flush()
    return link_token(secret, link)


def link_token(secret: str, link: RsvpLink) -> str:
    """The token of a stored link (the same every time: a signature over id and nonce)."""
    return str(_serializer(secret).dumps({"i": link.invitation_id, "n": link.nonce}))


class LinkClosed(InvalidInput):
    """The link is genuine but its invitation or event is over: the page says so plainly."""


def _check_open(inv: Invitation, event: Event) -> None:
    """A link answers an invitation that still stands, for an event still to happen: a
    cancelled invitation must not turn "confirmed" through a link sent before."""
    check_event_open(event)
    if inv.status == "cancelled":
        raise LinkClosed(
            "this invitation was cancelled: its RSVP links no longer work",
            words={"key": "link_closed_invitation"},
        )


def check_event_open(event: Event) -> None:
    """RSVP links work only for an event that is neither cancelled nor over."""
    if event.status in CLOSED_EVENTS:
        raise LinkClosed(
            f"the event is {event.status}: its RSVP links no longer work",
            # The guest's page names the event it was cancelled for (the link is genuine).
            words={"key": "link_closed_event", "status": event.status, "event": event.name},
        )


@dataclass
class RsvpView:
    """What the public page shows: only this guest's own invitation."""

    invitation_id: int
    event_name: str
    event_type: str
    starts_at: datetime  # Lima
    venue: str | None
    first_name: str
    status: str
    restrictions: str
    language: str
    expires_at: datetime  # Lima
    answered: bool
    events: list[DomainEvent] = field(default_factory=list)


def _open(session: Session, secret: str, token: str) -> tuple[Invitation, RsvpLink, Event, Guest]:
    try:
        data = _serializer(secret).loads(token)
    except BadSignature:
        raise NotFound("this RSVP link is not valid") from None
    if not isinstance(data, dict) or not isinstance(data.get("i"), int):
        raise NotFound("this RSVP link is not valid")
    inv = session.get(Invitation, data["i"])
    link = session.get(RsvpLink, data["i"])
    if inv is None or link is None or not hmac.compare_digest(str(data.get("n")), link.nonce):
        raise NotFound("this RSVP link is not valid any more: ask for a new one")
    if link.expires_at <= utcnow():
        raise InvalidInput("this RSVP link has expired")
    event = session.get(Event, inv.event_id)
    guest = session.get(Guest, inv.guest_id)
    if event is None or guest is None or guest.erased_at is not None:
        raise NotFound("this RSVP link is not valid any more")
    _check_open(inv, event)
    return inv, link, event, guest


def csrf_for(secret: str, token: str) -> str:
    """A form token bound to the RSVP token (the page has no session to bind it to)."""
    return hmac.new(secret.encode(), f"rsvp-csrf:{token}".encode(), hashlib.sha256).hexdigest()[:32]


def check_csrf(secret: str, token: str, value: str | None) -> bool:
    return bool(value) and hmac.compare_digest(csrf_for(secret, token), value or "")


def view(session: Session, secret: str, token: str) -> RsvpView:
    inv, link, event, guest = _open(session, secret, token)
    if link.opened_at is None:
        link.opened_at = utcnow()
    venue = session.get(Venue, event.venue_id) if event.venue_id else None
    return RsvpView(
        invitation_id=inv.id,
        event_name=event.name,
        event_type=event.event_type,
        starts_at=to_lima(event.starts_at),
        venue=venue.name if venue else None,
        first_name=(guest.first_name or "").split(" ")[0],
        status=inv.status,
        restrictions=guest.restrictions_raw or "",
        language=guest.language or "es",
        expires_at=to_lima(link.expires_at),
        answered=link.answered_at is not None,
    )


def answer(
    session: Session,
    kb: KnowledgeBase,
    secret: str,
    token: str,
    *,
    attending: bool,
    restrictions: str | None,
) -> RsvpView:
    """Record the guest's answer; the domain events are staged in the session's transaction
    (the outbox) and listed in the view's ``events``."""
    if restrictions is not None and len(restrictions) > 1000:
        raise InvalidInput("please keep your dietary needs under 1000 characters")
    inv, link, event, guest = _open(session, secret, token)
    events: list[DomainEvent] = []
    if set_invitation_status(session, inv, "confirmed" if attending else "declined"):
        changed_rsvp = RsvpChanged(event_id=event.id, invitation_id=inv.id, guest_id=guest.id)
        # Staged in this transaction, as update_needs stages its own: the re-plan hears of a
        # decline only if the answer commits (the outbox).
        stage(session, [changed_rsvp])
        events.append(changed_rsvp)
    if restrictions is not None and restrictions.strip() != (guest.restrictions_raw or "").strip():
        _, changed = update_needs(
            session, kb, guest.id, restrictions.strip(), source="rsvp", event_id=event.id
        )
        events.extend(changed)
    link.answered_at = utcnow()
    session.flush()
    result = view(session, secret, token)
    result.events = events
    return result
