"""Who is expected at a venue's service, and what the store says about each of them.

The guests of the service's events come first (invited or confirmed; not those who declined
or were cancelled, nor erased guests). Without an event, the venue's regulars (two visits or
more) who come at that time of day, most likely to return within a week first.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Literal

from sqlalchemy import select
from sqlalchemy.orm import Session

from sazon.experience.returns_store import venue_returns
from sazon.generate import restriction_label
from sazon.store.models import Event, Feedback, Guest, Invitation, Venue, Visit
from sazon.timeutil import to_lima

if TYPE_CHECKING:
    from sazon.experience.serving import ExperienceServing

#: Before this hour (Lima) a visit or an event is lunch; from it on, dinner.
DINNER_FROM_HOUR = 17
#: A birthday this many days before or after the service is worth a word.
BIRTHDAY_DAYS = 3
REGULAR_VISITS = 2
Label = Literal["positive", "neutral", "negative"]


@dataclass
class ExpectedGuest:
    guest: Guest
    visits: int
    last_visit: date | None
    restrictions: list[str]
    birthday: date | None
    last_feedback: Label | None
    p_return: float | None = None


def _service_of(hour: int) -> str:
    return "almuerzo" if hour < DINNER_FROM_HOUR else "cena"


def _birthday(born: date | None, day: date) -> date | None:
    """This year's (or the next/last year's) birthday when it falls near ``day``."""
    if born is None:
        return None
    for year in (day.year - 1, day.year, day.year + 1):
        try:
            when = born.replace(year=year)
        except ValueError:  # 29 February in a common year: the 28th
            when = date(year, 2, 28)
        if abs((when - day).days) <= BIRTHDAY_DAYS:
            return when
    return None


def _restrictions(g: Guest) -> list[str]:
    # An allergy and a diet can say the same thing ("dairy", "dairy_free"): said once.
    out: dict[str, str] = {}
    for written in (*(g.allergies or []), *(g.diets or []), *(g.restrictions_unknown or [])):
        label = restriction_label(str(written)) or str(written)
        out.setdefault(label, str(written))
    return list(out.values())


def _event_guests(session: Session, venue: Venue, day: date, service: str) -> list[int]:
    events = session.scalars(
        select(Event).where(Event.venue_id == venue.id, Event.status != "cancelled")
    ).all()
    ids = [
        e.id
        for e in events
        if to_lima(e.starts_at).date() == day and _service_of(to_lima(e.starts_at).hour) == service
    ]
    if not ids:
        return []
    rows = session.scalars(
        select(Invitation.guest_id)
        .where(Invitation.event_id.in_(ids), Invitation.status.in_(("invited", "confirmed")))
        .order_by(Invitation.id)
    ).all()
    return list(dict.fromkeys(rows))


def _history(session: Session, venue: Venue, day: date) -> dict[int, list[tuple[date, str]]]:
    rows = session.execute(
        select(Visit.guest_id, Visit.visited_at).where(
            Visit.venue_id == venue.id, Visit.guest_id.is_not(None)
        )
    ).all()
    out: dict[int, list[tuple[date, str]]] = {}
    for guest_id, at in rows:
        local = to_lima(at)
        if guest_id is not None and local.date() < day:
            out.setdefault(int(guest_id), []).append((local.date(), _service_of(local.hour)))
    return out


def _last_feedback(session: Session, ids: list[int], day: date) -> dict[int, Label]:
    rows = session.execute(
        select(Feedback.guest_id, Feedback.rating, Feedback.submitted_at)
        .where(Feedback.guest_id.in_(ids), Feedback.rating.is_not(None))
        .order_by(Feedback.submitted_at)
    ).all()
    out: dict[int, Label] = {}
    for guest_id, rating, at in rows:
        if guest_id is not None and rating is not None and to_lima(at).date() < day:
            label: Label = "positive" if rating >= 4 else "negative" if rating <= 2 else "neutral"
            out[int(guest_id)] = label
    return out


def expected_guests(
    session: Session,
    venue: Venue,
    day: date,
    service: str,
    *,
    limit: int = 12,
    served: ExperienceServing | None = None,
) -> tuple[Literal["eventos", "habituales"], list[ExpectedGuest]]:
    """Who to expect, and where the list came from (``served``: the kept return models)."""
    history = _history(session, venue, day)
    invited = _event_guests(session, venue, day, service)
    source: Literal["eventos", "habituales"] = "eventos" if invited else "habituales"
    p_return: dict[int, float] = {}
    if not invited:
        before = day - timedelta(days=1)
        model = served.returns_model(session, venue.id, before) if served else None
        week = venue_returns(session, venue.id, 7, as_of=before, model=model)
        for r in week.guests:
            seen = history.get(r.guest_id, [])
            at_service = sum(1 for _, s in seen if s == service)
            if len(seen) >= REGULAR_VISITS and at_service * 2 >= len(seen):
                p_return[r.guest_id] = r.p_return
        invited = sorted(p_return, key=lambda g: (-p_return[g], g))[:limit]
    guests = {
        g.id: g
        for g in session.scalars(
            select(Guest).where(Guest.id.in_(invited), Guest.erased_at.is_(None))
        )
    }
    feedback = _last_feedback(session, list(guests), day)
    out = []
    for gid in invited:
        g = guests.get(gid)
        if g is None:
            continue
        seen = history.get(gid, [])
        out.append(
            ExpectedGuest(
                guest=g, visits=len(seen), last_visit=max((d for d, _ in seen), default=None),
                restrictions=_restrictions(g), birthday=_birthday(g.birth_date, day),
                last_feedback=feedback.get(gid), p_return=p_return.get(gid),
            )
        )  # fmt: skip
    return source, out
