"""Events: create, read, change and delete them.

Faces call these, and the use cases beside them (``guest_list``, ``needs``, ``locks``,
``plans``), with an open session: they own the transaction. Functions that change something
a worker should react to return the domain events; the face publishes them after its
commit, so a worker never reads a change that was rolled back.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from sazon.errors import Conflict, InvalidInput, NotFound
from sazon.events.inputs import EVENT_STATUSES, EventCreate, EventUpdate
from sazon.events.plan_versions import latest_plan_row
from sazon.knowledge import COURSES, fold
from sazon.store.models import (
    Event,
    EventLock,
    EventPlan,
    GuestNeedsChange,
    Invitation,
    PlanCheck,
    RsvpLink,
    Venue,
)
from sazon.timeutil import to_lima, to_utc, utcnow

LINK_DAYS = 45  # an RSVP link lasts until the event, at most this long


def link_expiry(sent_at: datetime, starts_at: datetime) -> datetime:
    """When an RSVP link sent at ``sent_at`` stops working: at the event, or LINK_DAYS later."""
    return min(sent_at + timedelta(days=LINK_DAYS), starts_at)


def _courses(values: list[str]) -> list[str]:
    out = [fold(c).replace(" ", "_") for c in values if c.strip()]
    bad = [c for c in out if c not in COURSES]
    if bad or not out:
        raise InvalidInput(
            f"unknown course(s) {', '.join(bad) or '(none)'}: use {', '.join(COURSES)}",
            words={"key": "courses", "bad": ", ".join(bad), "use": ", ".join(COURSES)},
        )
    return out


def event_dict(session: Session, event: Event) -> dict[str, Any]:
    counts: dict[str, int] = defaultdict(int)
    for status, n in session.execute(
        select(Invitation.status, func.count())
        .where(Invitation.event_id == event.id)
        .group_by(Invitation.status)
    ):
        counts[status] = int(n)
    venue = session.get(Venue, event.venue_id) if event.venue_id else None
    latest = latest_plan_row(session, event.id)
    return {
        "id": event.id,
        "name": event.name,
        "event_type": event.event_type,
        "starts_at": to_lima(event.starts_at).isoformat(),
        "venue_id": event.venue_id,
        "venue": venue.name if venue else None,
        "capacity": event.capacity,
        "budget_per_guest_pen": (
            str(event.budget_per_guest_pen) if event.budget_per_guest_pen is not None else None
        ),
        "courses": list(event.courses),
        "status": event.status,
        "notes": event.notes,
        "cancelled_at": to_lima(event.cancelled_at).isoformat() if event.cancelled_at else None,
        "past": event.starts_at <= utcnow(),
        "invitations": dict(counts),
        "plan": (
            {"id": latest.id, "version": latest.version, "status": latest.status}
            if latest
            else None
        ),
    }


def list_events(session: Session, status: str | None = None) -> list[Event]:
    stmt = select(Event).order_by(Event.starts_at.desc(), Event.id.desc())
    if status:
        stmt = stmt.where(Event.status == status)
    return list(session.scalars(stmt))


def get_event(session: Session, event_id: int) -> Event:
    event = session.get(Event, event_id)
    if event is None:
        raise NotFound(f"no event {event_id}")
    return event


def check_not_cancelled(event: Event) -> None:
    """A cancelled event keeps its record as it was: no new plan, lock or guest."""
    if event.status == "cancelled":
        raise Conflict(
            f"event {event.id} is cancelled: its plan and guest list can no longer be changed",
            words={"key": "cancelled"},
        )


def create_event(session: Session, data: EventCreate) -> Event:
    """Create an event (status ``draft``); naive times are read as Lima time."""
    if data.venue_id is not None and session.get(Venue, data.venue_id) is None:
        raise NotFound(
            f"no venue {data.venue_id}: create it first or leave it empty",
            words={"key": "no_venue"},
        )
    _not_past(data.starts_at)
    event = Event(
        name=data.name.strip(),
        event_type=data.event_type.strip().lower(),
        starts_at=to_utc(data.starts_at),
        venue_id=data.venue_id,
        capacity=data.capacity,
        budget_per_guest_pen=data.budget_per_guest_pen,
        courses=_courses(data.courses),
        status="draft",
        notes=data.notes,
    )
    session.add(event)
    session.flush()
    return event


def _not_past(starts_at: datetime) -> None:
    """An event is planned ahead: a start already gone is a typo (a year, a.m./p.m.)."""
    if to_utc(starts_at) <= utcnow():
        when = to_lima(to_utc(starts_at)).strftime("%d/%m/%Y %H:%M")
        raise InvalidInput(
            f"the event would start in the past ({when}, Lima time): choose a future date",
            words={"key": "past", "when": when},
        )


def update_event(
    session: Session, event_id: int, data: EventUpdate, *, allow_past: bool = True
) -> Event:
    """Change an event. ``allow_past=False`` (the web form) refuses moving it into the past;
    the API may still record where a past event really took place."""
    event = get_event(session, event_id)
    values = data.model_dump(exclude_unset=True)
    # These columns always hold a value: an explicit null is a mistake, not "clear it".
    cleared = [f for f in ("name", "event_type", "starts_at", "courses", "status") if f in values]
    if empty := [f for f in cleared if values[f] is None]:
        raise InvalidInput(f"{', '.join(empty)} cannot be null: leave the field out to keep it")
    if "status" in values and values["status"] not in EVENT_STATUSES:
        raise InvalidInput(f"unknown status '{values['status']}': use {', '.join(EVENT_STATUSES)}")
    if "courses" in values and values["courses"] is not None:
        values["courses"] = _courses(values["courses"])
    if values.get("starts_at") is not None:
        if not allow_past and to_utc(values["starts_at"]) != to_utc(event.starts_at):
            _not_past(values["starts_at"])
        values["starts_at"] = to_utc(values["starts_at"])
    if values.get("venue_id") is not None and session.get(Venue, values["venue_id"]) is None:
        raise NotFound(f"no venue {values['venue_id']}", words={"key": "no_venue"})
    if "status" in values and values["status"] != event.status:
        # PATCH may cancel (or reopen) an event too: the date it was called off follows.
        event.cancelled_at = utcnow() if values["status"] == "cancelled" else None
    for name, value in values.items():
        setattr(event, name, value)
    if "starts_at" in values:
        _follow_start(session, event)
    session.flush()
    return event


def _follow_start(session: Session, event: Event) -> None:
    """A moved event moves its RSVP links' expiry too: an answer after the event is too late."""
    for inv in event.invitations:
        link = session.get(RsvpLink, inv.id)
        if link is not None:
            link.expires_at = link_expiry(link.created_at, event.starts_at)


def delete_event(session: Session, event_id: int) -> None:
    """Delete an event with its invitations, links, locks and plans (needs history stays,
    unlinked from the event: it belongs to the guest).

    The event is locked first (PostgreSQL) and the first statement writes (SQLite takes its
    write lock there), so a plan being saved meanwhile either lands before and is deleted
    with the event, or finds the event gone.
    """
    event = session.scalar(select(Event).where(Event.id == event_id).with_for_update())
    if event is None:
        raise NotFound(f"no event {event_id}")
    session.execute(
        update(GuestNeedsChange)
        .where(GuestNeedsChange.event_id == event_id)
        .values(event_id=None)
        .execution_options(synchronize_session="fetch")
    )
    invited = select(Invitation.id).where(Invitation.event_id == event_id)
    plans = select(EventPlan.id).where(EventPlan.event_id == event_id)
    for stmt in (
        delete(RsvpLink).where(RsvpLink.invitation_id.in_(invited)),
        delete(PlanCheck).where(PlanCheck.plan_id.in_(plans)),
        delete(EventPlan).where(EventPlan.event_id == event_id),
        delete(EventLock).where(EventLock.event_id == event_id),
    ):
        session.execute(stmt.execution_options(synchronize_session="fetch"))
    session.delete(event)
    session.flush()
