"""The re-plan processor: when a planned guest's needs or RSVP change, solve the plan again.

It runs in a :class:`~sazon.bus.Worker` (consumer group ``events-replan``, topic ``events``)
and writes the new plan version through the worker's own store transaction, so the plan and
the "processed" mark commit together: a redelivered event never re-plans twice.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from sazon.bus import DomainEvent, Processor, Retry, current_connection
from sazon.config import Settings
from sazon.events.bus_events import EVENTS_TOPIC, GuestNeedsChanged, RsvpChanged
from sazon.events.concept import default_generator
from sazon.events.preferences import NoteMatcher, default_matcher
from sazon.events.service import PLANNED_STATUSES, latest_plan_row, plan_event
from sazon.knowledge import load_knowledge
from sazon.store.models import Event, GuestNeedsChange, Invitation
from sazon.timeutil import utcnow

GROUP = "events-replan"


def _events_to_replan(
    session: Session, event: DomainEvent
) -> list[tuple[int, str, dict[str, list[str]]]]:
    """(event id, why, changed guests) for each plan this domain event makes stale."""
    now = utcnow()
    out: list[tuple[int, str, dict[str, list[str]]]] = []
    if isinstance(event, RsvpChanged):
        inv = session.get(Invitation, event.invitation_id)
        ev = session.get(Event, event.event_id)
        if inv is None or ev is None or ev.starts_at <= now:
            return []
        if latest_plan_row(session, ev.id) is None:
            return []
        why = f"RSVP of guest {event.guest_id}: {inv.status}"
        out.append((ev.id, why, {}))
        return out
    if isinstance(event, GuestNeedsChanged):
        change = session.get(GuestNeedsChange, event.change_id)
        fields = list(change.fields) if change else list(event.fields)
        rows = session.execute(
            select(Invitation.event_id)
            .join(Event, Event.id == Invitation.event_id)
            .where(
                Invitation.guest_id == event.guest_id,
                Invitation.status.in_(PLANNED_STATUSES),
                Event.starts_at > now,
            )
        )
        for (event_id,) in rows:
            inv_status = session.scalars(
                select(Invitation.status).where(
                    Invitation.event_id == event_id, Invitation.guest_id == event.guest_id
                )
            ).first()
            if inv_status != "confirmed" or latest_plan_row(session, event_id) is None:
                continue
            why = f"guest {event.guest_id} changed {', '.join(fields)}"
            out.append((event_id, why, {str(event.guest_id): fields}))
    return out


def replan_processor(settings: Any = None, *, matcher: NoteMatcher | None = None) -> Processor:
    """The processor to add to a worker: ``Worker(bus, engine, [replan_processor(s)])``."""
    kb = load_knowledge()
    generator = default_generator(settings if isinstance(settings, Settings) else None)

    def handle(event: DomainEvent) -> None:
        if not isinstance(event, RsvpChanged | GuestNeedsChanged):
            return
        conn = current_connection()
        session = Session(bind=conn)
        try:
            for event_id, why, changed in _events_to_replan(session, event):
                plan_event(
                    session,
                    kb,
                    event_id,
                    actor="replan",
                    trigger="replan",
                    reason=why,
                    changed_guests=changed,
                    matcher=matcher or default_matcher(settings),
                    generator=generator,
                )
            session.flush()
        finally:
            session.close()

    return Processor(GROUP, (EVENTS_TOPIC,), handle, Retry(attempts=3, base_delay=0.2))
