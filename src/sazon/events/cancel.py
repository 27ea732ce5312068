"""Calling an event off: it keeps its record (guests, answers, plans) and says «cancelado»;
its RSVP links answer that it was cancelled, it leaves the upcoming list and its plan, locks
and guest list can no longer be changed (``check_not_cancelled``).

Cancelling an event whose date has already passed is usually a mistake (it took place and
should be marked completed), so it needs ``past_ok``: the faces ask first and say why.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from sazon.access import Principal, audit
from sazon.errors import Conflict
from sazon.events.events import get_event, update_event
from sazon.events.inputs import EventUpdate
from sazon.store.models import Event
from sazon.timeutil import to_lima, utcnow

__all__ = ["cancel_event", "change_event", "is_past"]


def is_past(event: Event) -> bool:
    """Has the event's start already gone by (the faces warn before cancelling it)?"""
    return bool(event.starts_at <= utcnow())


def cancel_event(
    session: Session,
    event_id: int,
    who: Principal | None,
    *,
    past_ok: bool = False,
    detail: str | None = None,
    request_id: str | None = None,
) -> Event:
    """Cancel the event (once: a cancelled event is returned as it is). A completed event
    cannot be cancelled; one whose date has passed only with ``past_ok``."""
    event = get_event(session, event_id)
    if event.status == "cancelled":
        return event
    if event.status == "completed":
        raise Conflict(
            f"event {event_id} already took place (completed): it cannot be cancelled",
            words={"key": "cancel_completed"},
        )
    if is_past(event) and not past_ok:
        when = to_lima(event.starts_at).strftime("%d/%m/%Y %H:%M")
        raise Conflict(
            f"event {event_id} started on {when} (Lima time): confirm that you are cancelling "
            "an event whose date has passed (past_ok)",
            words={"key": "cancel_past", "when": when},
        )
    event.status = "cancelled"
    event.cancelled_at = utcnow()
    audit(session, who, "event.cancel", None, f"event {event_id}: {detail or ''}".strip(": "),
          request_id)  # fmt: skip
    session.flush()
    return event


def change_event(
    session: Session,
    event_id: int,
    data: EventUpdate,
    who: Principal | None,
    *,
    request_id: str | None = None,
) -> Event:
    """An API change to an event (``update_event``, past dates allowed). A change to
    ``cancelled`` follows the cancel's own rules and audit (never a completed event); the
    change itself says the date has passed knowingly, as it may record a past date."""
    if data.status == "cancelled":
        cancel_event(session, event_id, who, past_ok=True, detail="api patch",
                     request_id=request_id)  # fmt: skip
    return update_event(session, event_id, data)
