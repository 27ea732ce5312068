"""The re-plan processor: when a planned guest's needs or RSVP change, solve the plan again.

It runs in a :class:`~sazon.bus.Worker` (consumer group ``events-replan``, topics ``events``
and ``guests``) and writes the new plan version through the worker's own store transaction,
so the plan and the "processed" mark commit together: a redelivered event never re-plans
twice.

Needs change in three places: the RSVP page and the planner's needs form
(``GuestNeedsChanged``), and any other edit of the guest record, by the API or a re-ingest
(``GuestUpdated`` naming a restriction field). One change can announce both: the first
re-plans, the new plan's snapshot then matches today's guests, and the second re-plans
nothing.

Each change also refreshes the stored check of the events' latest plans
(:mod:`sazon.events.plan_checks`), so plan reads find whether they are out of date ready.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from sazon.bus import GUESTS, DomainEvent, GuestUpdated, Processor, Retry, current_connection
from sazon.config import Settings
from sazon.errors import Conflict, InvalidInput, NotFound
from sazon.events.bus_events import EVENTS_TOPIC, GuestNeedsChanged, RsvpChanged
from sazon.events.concept import default_generator
from sazon.events.guest_list import PLANNED_STATUSES, planned_guests
from sazon.events.naming import NEEDS_WHY, REMOVED_WHY, REPLACED_WHY, RSVP_WHY
from sazon.events.plan_checks import refresh_check
from sazon.events.plan_versions import latest_plan_row
from sazon.events.plans import guests_snapshot, plan_event
from sazon.events.preferences import NoteMatcher, default_matcher
from sazon.knowledge import current_knowledge
from sazon.store.models import Event, GuestNeedsChange, Invitation
from sazon.timeutil import to_utc, utcnow

GROUP = "events-replan"
log = logging.getLogger(__name__)
UTC_ZONE = ZoneInfo("UTC")  # naive times from the store are UTC
# Guest-record fields that change what a guest can eat (as the API and ingest name them).
NEEDS_WORDS = frozenset(
    {"allergies_text", "diet_text", "allergies", "diets", "restrictions_raw",
     "restrictions_unknown"}
)  # fmt: skip


def _stale(session: Session, event_id: int, when: datetime) -> bool:
    """The event has a plan that does not know of the change announced at ``when``.

    The plan keeps a snapshot of what it was made from (each guest's RSVP and when their
    record last changed): it is stale when today's differs. A change committed while a plan
    was being solved from the old needs is therefore caught, which comparing times is not.
    Plans stored before snapshots existed fall back to "made before the change".
    """
    row = latest_plan_row(session, event_id)
    if row is None:
        return False
    recorded = row.request.get("guests_snapshot")
    if recorded is None:
        return to_utc(row.created_at, UTC_ZONE) <= to_utc(when, UTC_ZONE)
    return bool(recorded != guests_snapshot(planned_guests(session, event_id)))


def _rsvp_why(event: RsvpChanged, status: str) -> str:
    """Why the plan is made again: the guest's answer, or the planner's change of the list."""
    if "removed" in event.fields:
        return REMOVED_WHY.format(guest_id=event.guest_id)
    if event.fields[:1] == ("replaced",) and len(event.fields) > 1 and event.fields[1].isdigit():
        return REPLACED_WHY.format(guest_id=event.guest_id, old_id=event.fields[1])
    return RSVP_WHY.format(guest_id=event.guest_id, status=status)


def _events_to_replan(
    session: Session, event: DomainEvent
) -> list[tuple[int, str, dict[str, list[str]]]]:
    """(event id, why, changed guests) for each plan this domain event makes stale."""
    now = utcnow()
    out: list[tuple[int, str, dict[str, list[str]]]] = []
    if isinstance(event, RsvpChanged):
        inv = session.get(Invitation, event.invitation_id)
        ev = session.get(Event, event.event_id)
        # A cancelled event's plan stays as it was (sazon.events.cancel).
        if inv is None or ev is None or ev.starts_at <= now or ev.status == "cancelled":
            return []
        if not _stale(session, ev.id, event.occurred_at):
            return []
        why = _rsvp_why(event, inv.status)
        out.append((ev.id, why, {}))
        return out
    if isinstance(event, GuestNeedsChanged | GuestUpdated):
        if isinstance(event, GuestUpdated):
            fields = sorted(set(event.fields) & NEEDS_WORDS)
            if event.erased or not fields:
                return []
        else:
            change = session.get(GuestNeedsChange, event.change_id)
            fields = list(change.fields) if change else list(event.fields)
        # Invited guests are planned too (as pending), so their changes count as much as a
        # confirmed guest's.
        rows = session.execute(
            select(Invitation.event_id)
            .join(Event, Event.id == Invitation.event_id)
            .where(
                Invitation.guest_id == event.guest_id,
                Invitation.status.in_(PLANNED_STATUSES),
                Event.starts_at > now,
                Event.status != "cancelled",
            )
        )
        for (event_id,) in rows:
            if not _stale(session, event_id, event.occurred_at):
                continue
            why = NEEDS_WHY.format(guest_id=event.guest_id, fields=", ".join(fields))
            out.append((event_id, why, {str(event.guest_id): fields}))
    return out


def _events_of(session: Session, event: DomainEvent) -> list[int]:
    """Every event whose plan the change announced by ``event`` may touch."""
    if isinstance(event, RsvpChanged):
        return [event.event_id]
    guest_id = getattr(event, "guest_id", None)
    if guest_id is None:
        return []
    rows = session.scalars(select(Invitation.event_id).where(Invitation.guest_id == guest_id))
    return sorted(set(rows))


def replan_processor(settings: Any = None, *, matcher: NoteMatcher | None = None) -> Processor:
    """The processor to add to a worker: ``Worker(bus, engine, [replan_processor(s)])``."""
    generator = default_generator(settings if isinstance(settings, Settings) else None)

    def handle_many(events: Sequence[DomainEvent]) -> None:
        mine = [e for e in events if isinstance(e, RsvpChanged | GuestNeedsChanged | GuestUpdated)]
        if not mine:
            return
        session = Session(bind=current_connection())
        try:
            # Read once per batch: a chef's new classification counts in the next batch.
            kb = current_knowledge(session)
            checked: set[int] = set()
            for event in mine:
                for event_id, why, changed in _events_to_replan(session, event):
                    try:
                        with session.begin_nested():
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
                    except InvalidInput as exc:
                        # The event itself cannot be planned as it stands (say, more courses
                        # than dishes): retrying will not help, and every read of the old plan
                        # already says it is out of date. A person fixes the event and plans
                        # again.
                        log.warning("event %s not re-planned: %s", event_id, exc)
                    except NotFound:
                        # Deleted while it was being re-planned: there is nothing left to plan.
                        log.info("event %s deleted: not re-planned", event_id)
                    except Conflict as exc:
                        if exc.words.get("key") != "cancelled":
                            raise  # planned by someone else meanwhile: the retry re-plans
                        log.info("event %s cancelled: not re-planned", event_id)
                checked.update(_events_of(session, event))
            # The inputs of these events' plans changed: check them now (once per event of
            # the batch), so a read finds the answer stored (a re-planned event's new plan is
            # checked here too).
            for event_id in sorted(checked):
                refresh_check(session, event_id)
            session.flush()
        finally:
            session.close()

    def handle(event: DomainEvent) -> None:
        handle_many([event])

    return Processor(
        GROUP,
        (EVENTS_TOPIC, GUESTS),
        handle,
        Retry(attempts=3, base_delay=0.2),
        batch_handler=handle_many,
    )
