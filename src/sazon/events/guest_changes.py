"""Changing the guest list after the invitations went out: take a guest off, or put another
guest in their seat.

A removed guest's invitation is kept as ``cancelled`` (their answers and the plans that
served them stay on record; their RSVP link stops working, as for a cancelled invitation),
and their own plate locks go. Each change stages an :class:`RsvpChanged` in the caller's
transaction, so the re-plan worker makes the plan again once the change commits, as it does
when a guest answers. The capacity counts only who has not declined (``invite_guests``): a
guest who said no can be replaced without raising it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from sazon.access import Principal, audit
from sazon.bus import DomainEvent, stage
from sazon.errors import Conflict, NotFound
from sazon.events.bus_events import RsvpChanged
from sazon.events.events import check_not_cancelled, get_event
from sazon.events.guest_list import invite_guests, set_invitation_status
from sazon.events.queries import invitation_of
from sazon.store.models import Event, EventLock, Guest, Invitation
from sazon.timeutil import utcnow

__all__ = ["GuestChange", "remove_guest", "replace_guest"]

#: Statuses a planner may take a guest off from (an event that took place keeps its record).
REMOVABLE = ("invited", "confirmed", "declined")


@dataclass
class GuestChange:
    """What changed: the invitation taken off, the one made in its place (a replacement),
    and the domain events staged for the re-plan."""

    removed: Invitation
    added: Invitation | None = None
    events: list[DomainEvent] = field(default_factory=list)


def _check_open(event: Event) -> None:
    """The guest list of an event that is over (or cancelled) is its record: it stays."""
    check_not_cancelled(event)
    if event.status == "completed" or event.starts_at <= utcnow():
        raise Conflict(
            f"event {event.id} has already started: its guest list can no longer change",
            words={"key": "guests_closed"},
        )


def _take_off(
    session: Session, event: Event, inv: Invitation, who: Principal | None, detail: str | None,
    request_id: str | None,
) -> bool:  # fmt: skip
    """Cancel the invitation and drop the guest's own plate locks; False when it was off."""
    if inv.status == "cancelled":
        return False
    if inv.status not in REMOVABLE:
        raise Conflict(
            f"invitation {inv.id} is {inv.status}: it can no longer be removed",
            words={"key": "not_removable"},
        )
    set_invitation_status(session, inv, "cancelled")
    session.execute(
        delete(EventLock)
        .where(EventLock.event_id == event.id, EventLock.guest_id == inv.guest_id)
        .execution_options(synchronize_session="fetch")
    )
    audit(session, who, "event.guest_removed", inv.guest_id,
          f"event {event.id}: {detail or ''}".strip(": "), request_id)  # fmt: skip
    return True


def remove_guest(
    session: Session,
    event_id: int,
    invitation_id: int,
    who: Principal | None,
    *,
    detail: str | None = None,
    request_id: str | None = None,
) -> GuestChange:
    """Take a guest off the event (their invitation becomes ``cancelled``); removing twice
    changes nothing. 409 once the event has started, was cancelled or took place."""
    event = get_event(session, event_id)
    _check_open(event)
    inv = invitation_of(session, event_id, invitation_id)
    change = GuestChange(removed=inv)
    if _take_off(session, event, inv, who, detail, request_id):
        change.events.append(
            RsvpChanged(event_id=event.id, invitation_id=inv.id, guest_id=inv.guest_id,
                        fields=("removed",))
        )  # fmt: skip
        stage(session, change.events)
    session.flush()
    return change


def replace_guest(
    session: Session,
    event_id: int,
    invitation_id: int,
    guest_id: int,
    who: Principal | None,
    *,
    detail: str | None = None,
    request_id: str | None = None,
) -> GuestChange:
    """Put ``guest_id`` in the seat of the invitation's guest, in one transaction: the old
    guest is taken off (a guest who declined keeps their answer), the new one invited (or
    invited again, if they had been taken off before). Refused when the new guest is already
    coming, or when the event is over."""
    event = get_event(session, event_id)
    _check_open(event)
    inv = invitation_of(session, event_id, invitation_id)
    if inv.guest_id == guest_id:
        raise Conflict("a guest cannot replace themselves", words={"key": "same_guest"})
    guest = session.get(Guest, guest_id)
    if guest is None or guest.erased_at is not None:
        raise NotFound(f"no guest {guest_id}", words={"key": "no_guest"})
    theirs = session.scalars(
        select(Invitation).where(Invitation.event_id == event_id, Invitation.guest_id == guest_id)
    ).first()
    if theirs is not None and theirs.status != "cancelled":
        raise Conflict(
            f"guest {guest_id} is already on the event's list",
            words={"key": "already_invited", "guest": guest.full_name},
        )
    change = GuestChange(removed=inv)
    if inv.status != "declined":
        _take_off(session, event, inv, who, detail, request_id)
    (added,) = invite_guests(session, event_id, [guest_id])
    change.added = added
    audit(session, who, "event.guest_added", guest_id,
          f"event {event.id}: replaces guest {inv.guest_id}", request_id)  # fmt: skip
    # One announcement is enough: the re-plan reads the whole list again.
    change.events.append(
        RsvpChanged(event_id=event.id, invitation_id=added.id, guest_id=guest_id,
                    fields=("replaced", str(inv.guest_id)))
    )  # fmt: skip
    stage(session, change.events)
    session.flush()
    return change
