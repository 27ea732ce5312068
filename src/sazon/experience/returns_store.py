"""Return visits on the store: each guest of a venue, what drives their number, and the
venue's regulars who are overdue (a win-back list).

One BG/NBD per venue. The faces pass the registry's active model of the venue
(:mod:`sazon.experience.returns_model`, kept by the serving object), so a request never
fits; a direct call without one fits on the visits up to ``as_of``. Erased guests are left
out.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pandas as pd
from pydantic import BaseModel
from sqlalchemy import select
from sqlalchemy.orm import Session

from sazon.errors import InvalidInput, NotFound
from sazon.experience.bgnbd import BgNbd
from sazon.experience.returns import ReturnForecast, check_horizon, forecast
from sazon.experience.returns_data import daily
from sazon.store import Guest, Venue, Visit
from sazon.timeutil import to_lima, utcnow

#: A venue with fewer guests than this is fitted with a small penalty, so a dozen histories
#: cannot push the parameters to a corner (all guests certain to return, or none).
SMALL_VENUE = 200
SMALL_PENALTY = 0.01
#: A regular came at least this often; overdue is this many usual intervals since the last.
REGULAR_VISITS = 3
OVERDUE_FACTOR = 2.0


class GuestReturn(BaseModel):
    guest_id: int
    venue_id: int
    expected_visits: float
    p_return: float
    p_active: float
    visits: int
    last_visit: date
    days_since_last: int
    usual_interval_days: float | None
    overdue: bool
    why: str


class AtRisk(BaseModel):
    guest_id: int
    name: str
    consent_marketing: bool
    visits: int
    last_visit: date
    days_since_last: int
    usual_interval_days: float
    p_return: float


class VenueReturns(BaseModel):
    venue_id: int
    as_of: date
    horizon_days: int
    guests: list[GuestReturn]
    at_risk: list[AtRisk]
    #: Why the lists are empty: too little history at ``as_of`` to learn from.
    note: str | None = None


def venue_visits(session: Session, venue_id: int) -> pd.DataFrame:
    """The venue's visits, one row per guest and Lima day; erased guests left out."""
    query = (
        select(Visit.guest_id, Visit.visited_at, Visit.total_pen)
        .join(Guest, Guest.id == Visit.guest_id)
        .where(Visit.venue_id == venue_id, Guest.erased_at.is_(None))
    )
    rows = session.execute(query).all()
    frame = pd.DataFrame(
        {
            "guest_id": [r.guest_id for r in rows],
            # The day a person would say they came: Lima's calendar, not UTC's.
            "date": [to_lima(r.visited_at).date() for r in rows],
            "amount": [float(r.total_pen) if r.total_pen is not None else None for r in rows],
        }
    )
    return daily(frame) if rows else frame


def _why(f: ReturnForecast, overdue: bool, lang: str) -> str:
    es = lang == "es"
    parts = [f"{f.visits} visita{'s' if f.visits != 1 else ''}" if es else
             f"{f.visits} visit{'s' if f.visits != 1 else ''}"]  # fmt: skip
    if f.usual_interval_days is not None:
        every = round(f.usual_interval_days)
        parts.append(f"cada ~{every} días" if es else f"every ~{every} days")
    ago = f.days_since_last
    parts.append(f"la última hace {ago} días" if es else f"the last {ago} days ago")
    if overdue:
        parts.append("atrasado: ya pasó el doble de su intervalo habitual" if es else
                     "overdue: twice their usual interval has passed")  # fmt: skip
    return ", ".join(parts)


def _too_little(day: date, lang: str) -> str:
    if lang == "es":
        return (f"muy poca historia hasta el {day}: se necesitan al menos dos invitados y una "
                "visita repetida")  # fmt: skip
    return f"too little history up to {day}: it needs two guests and one repeat visit"


def _is_overdue(f: ReturnForecast) -> bool:
    return (
        f.visits >= REGULAR_VISITS
        and f.usual_interval_days is not None
        and f.days_since_last is not None
        and f.days_since_last > OVERDUE_FACTOR * max(f.usual_interval_days, 1.0)
    )


def venue_returns(
    session: Session,
    venue_id: int,
    horizon_days: int = 30,
    *,
    as_of: date | None = None,
    lang: str = "es",
    model: BgNbd | None = None,
) -> VenueReturns:
    """Every guest of the venue with expected visits and P(return) in ``horizon_days`` after
    ``as_of`` (default today in Lima), why, and the overdue regulars, most visits first.

    ``model``: the venue's fitted model (the registry's, see
    :meth:`~sazon.experience.serving.ExperienceServing.returns_model`); without one it is
    fitted here on the visits up to ``as_of``."""
    check_horizon(horizon_days)
    if session.get(Venue, venue_id) is None:
        raise NotFound(f"no venue {venue_id}")
    day = as_of or to_lima(utcnow()).date()
    visits = venue_visits(session, venue_id)
    seen = visits[pd.to_datetime(visits["date"]) <= pd.Timestamp(day)] if len(visits) else visits
    # A new venue, or a day before its history: nothing to say yet, and that is an answer.
    empty = VenueReturns(venue_id=venue_id, as_of=day, horizon_days=horizon_days, guests=[],
                         at_risk=[], note=_too_little(day, lang))  # fmt: skip
    if seen.empty:
        return empty
    penalty = SMALL_PENALTY if seen["guest_id"].nunique() < SMALL_VENUE else 0.0
    try:
        rows = forecast(seen, day, horizon_days, penalizer=penalty, model=model)
    except InvalidInput:  # fewer than two guests, or no repeat visit yet
        return empty
    guests = [_guest_return(f, venue_id, lang) for f in rows]
    overdue = [g.guest_id for g in guests if g.overdue]
    names = {g.id: g for g in session.scalars(select(Guest).where(Guest.id.in_(overdue)))}
    at_risk = [
        AtRisk(
            guest_id=g.guest_id,
            name=names[g.guest_id].full_name,
            consent_marketing=names[g.guest_id].consent_marketing,
            visits=g.visits,
            last_visit=g.last_visit,
            days_since_last=g.days_since_last,
            usual_interval_days=g.usual_interval_days or 0.0,
            p_return=g.p_return,
        )
        for g in sorted(guests, key=lambda g: (-g.visits, -g.days_since_last, g.guest_id))
        if g.overdue
    ]
    guests.sort(key=lambda g: (-g.p_return, g.guest_id))
    return VenueReturns(
        venue_id=venue_id, as_of=day, horizon_days=horizon_days, guests=guests, at_risk=at_risk
    )


def _guest_return(f: ReturnForecast, venue_id: int, lang: str) -> GuestReturn:
    assert f.expected_visits is not None and f.p_return is not None and f.p_active is not None
    assert f.last_visit is not None and f.days_since_last is not None
    overdue = _is_overdue(f)
    return GuestReturn(
        guest_id=int(f.guest_id), venue_id=venue_id, expected_visits=f.expected_visits,
        p_return=f.p_return, p_active=f.p_active, visits=f.visits, last_visit=f.last_visit,
        days_since_last=f.days_since_last, usual_interval_days=f.usual_interval_days,
        overdue=overdue, why=_why(f, overdue, lang),
    )  # fmt: skip


def guest_returns(
    session: Session,
    guest_id: int,
    horizon_days: int = 30,
    *,
    as_of: date | None = None,
    lang: str = "es",
    models: Callable[[int], BgNbd | None] | None = None,
) -> list[GuestReturn]:
    """The guest's forecast at each venue they visited (each venue's own model: ``models``
    gives the served one of a venue id)."""
    check_horizon(horizon_days)
    guest = session.get(Guest, guest_id)
    if guest is None or guest.erased_at is not None:
        raise NotFound(f"no guest {guest_id}")
    venues = session.scalars(
        select(Visit.venue_id).where(Visit.guest_id == guest_id, Visit.venue_id.is_not(None))
        .distinct().order_by(Visit.venue_id)
    ).all()  # fmt: skip
    out: list[GuestReturn] = []
    for venue_id in venues:
        assert venue_id is not None
        model = models(venue_id) if models is not None else None
        result = venue_returns(session, venue_id, horizon_days, as_of=as_of, lang=lang,
                               model=model)  # fmt: skip
        out.extend(g for g in result.guests if g.guest_id == guest_id)
    return out
