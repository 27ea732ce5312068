"""The events still ahead, as a manager glances at them: how the RSVPs stand and which
allergies and diets the kitchen should expect.

Two queries whatever the number of events (the events, then their invitations with each
guest's restrictions), so the home page stays cheap however many events are planned.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from sazon.events.guest_list import PLANNED_STATUSES
from sazon.store.models import Event, Guest, Invitation, Venue
from sazon.timeutil import to_lima, utcnow

__all__ = ["UpcomingEvent", "upcoming_events"]

#: Events that will not take place (or already did) are not "coming up".
_OVER = ("completed", "cancelled")


@dataclass
class UpcomingEvent:
    id: int
    name: str
    starts_at: datetime  # Lima
    venue: str | None
    status: str
    capacity: int | None
    #: Invitations by RSVP status (invited = no answer yet, confirmed, declined, cancelled…).
    rsvp: dict[str, int] = field(default_factory=dict)
    #: Guests who may still come (confirmed or not yet answered) per allergy and per diet,
    #: most frequent first; None when the reader's role may not see health data.
    allergies: list[tuple[str, int]] | None = None
    diets: list[tuple[str, int]] | None = None
    #: Of those, how many wrote a restriction nobody could read yet (to ask them).
    unclear: int | None = None

    @property
    def invited(self) -> int:
        return sum(self.rsvp.values())

    @property
    def answered(self) -> int:
        return sum(n for status, n in self.rsvp.items() if status != "invited")


def _ranked(counts: Counter[str]) -> list[tuple[str, int]]:
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))  # ties by name: stable


def upcoming_events(
    session: Session, *, health: bool, now: datetime | None = None, limit: int = 5
) -> list[UpcomingEvent]:
    """The next ``limit`` events from ``now`` on (soonest first) that are not completed or
    cancelled, with their RSVP counts and, when ``health``, the restrictions of the guests
    who may still come (declined and cancelled invitations free their seat and their plate)."""
    now = now or utcnow()
    events = list(session.scalars(
        select(Event).where(Event.starts_at >= now, Event.status.not_in(_OVER))
        .order_by(Event.starts_at, Event.id).limit(limit)
    ))  # fmt: skip
    if not events:
        return []
    venues: dict[int | None, str] = dict(session.execute(select(Venue.id, Venue.name)).all())
    out = {
        e.id: UpcomingEvent(
            id=e.id,
            name=e.name,
            starts_at=to_lima(e.starts_at),
            venue=venues.get(e.venue_id),
            status=e.status,
            capacity=e.capacity,
        )
        for e in events
    }
    allergies: dict[int, Counter[str]] = {e.id: Counter() for e in events}
    diets: dict[int, Counter[str]] = {e.id: Counter() for e in events}
    unclear: Counter[int] = Counter()
    rows = session.execute(
        select(Invitation.event_id, Invitation.status, Guest.allergies, Guest.diets,
               Guest.restrictions_unknown, Guest.erased_at)
        .join(Guest, Guest.id == Invitation.guest_id)
        .where(Invitation.event_id.in_(list(out)))
    )  # fmt: skip
    for event_id, status, allergy_list, diet_list, unknown, erased in rows:
        item = out[event_id]
        item.rsvp[status] = item.rsvp.get(status, 0) + 1
        if status in PLANNED_STATUSES and erased is None:
            allergies[event_id].update(set(allergy_list or ()))
            diets[event_id].update(set(diet_list or ()))
            unclear[event_id] += bool(unknown)
    for item in out.values():
        item.rsvp = dict(sorted(item.rsvp.items()))
        if health:
            item.allergies = _ranked(allergies[item.id])
            item.diets = _ranked(diets[item.id])
            item.unclear = unclear[item.id]
    return list(out.values())
