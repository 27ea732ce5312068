"""Guest queries shared by every face."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import ColumnElement, Select, String, cast, func, inspect, or_, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from sazon.store.models import Feedback, FeedbackSentiment, Guest, GuestFlag, Visit
from sazon.timeutil import to_lima

HEALTH_FIELDS = ("allergies", "diets", "restrictions_raw", "restrictions_unknown", "notes")


def _conditions(
    search: str | None, allergen: str | None, language: str | None
) -> list[ColumnElement[bool]]:
    where: list[ColumnElement[bool]] = []
    if search:
        like = f"%{search.strip().lower()}%"
        where.append(
            or_(
                func.lower(Guest.first_name).like(like),
                func.lower(Guest.last_name).like(like),
                func.lower(Guest.email).like(like),
                Guest.phone.like(f"%{search.strip()}%"),
            )
        )
    if language:
        where.append(Guest.language == language)
    if allergen:
        # JSON containment differs by dialect; a text match on the serialised list is portable.
        where.append(cast(Guest.allergies, String).like(f'%"{allergen}"%'))
    return where


def guest_query(
    search: str | None = None, allergen: str | None = None, language: str | None = None
) -> Select[Guest]:
    # The order of ix_guests_name_order: a page is read from the index, not sorted whole.
    stmt = select(Guest).where(*_conditions(search, allergen, language))
    return stmt.order_by(Guest.last_name, Guest.first_name, Guest.id)


def list_guests(
    session: Session,
    search: str | None = None,
    allergen: str | None = None,
    language: str | None = None,
    limit: int = 50,
    offset: int = 0,
) -> list[Guest]:
    """A page of guests, each with their flags loaded (:func:`guest_flags` reads them)."""
    guests = list(
        session.scalars(guest_query(search, allergen, language).limit(limit).offset(offset))
    )
    # The page's flags in one plain query, set as loaded: selectinload's machinery cost as
    # much as reading the page itself.
    flags: dict[int, list[GuestFlag]] = {g.id: [] for g in guests}
    if flags:
        for flag in session.scalars(select(GuestFlag).where(GuestFlag.guest_id.in_(list(flags)))):
            flags[flag.guest_id].append(flag)
    for guest in guests:
        if "flags" not in inspect(guest).dict:
            set_committed_value(guest, "flags", flags[guest.id])
    return guests


def count_guests(
    session: Session,
    search: str | None = None,
    allergen: str | None = None,
    language: str | None = None,
) -> int:
    stmt = select(func.count(Guest.id)).where(*_conditions(search, allergen, language))
    return int(session.scalar(stmt) or 0)


def live_guest(session: Session, guest_id: int) -> Guest | None:
    """The guest with ``guest_id``, or None when there is none or they were erased."""
    guest = session.get(Guest, guest_id)
    return None if guest is None or guest.erased_at is not None else guest


def guest_dict(guest: Guest, *, health: bool = True) -> dict[str, Any]:
    """A guest as plain data; ``health=False`` leaves out Ley 29733 health data."""
    data: dict[str, Any] = {
        "id": guest.id,
        "external_id": guest.external_id,
        "first_name": guest.first_name,
        "last_name": guest.last_name,
        "email": guest.email,
        "phone": guest.phone,
        "language": guest.language,
        "birth_date": guest.birth_date.isoformat() if guest.birth_date else None,
        "country": guest.country,
        "favourite_cuisines": guest.favourite_cuisines,
        "preferred_event_types": guest.preferred_event_types,
        "budget_tier": guest.budget_tier,
        "consent_marketing": guest.consent_marketing,
        "consent_personalisation": guest.consent_personalisation,
        "vip": guest.vip,
        "created_at": to_lima(guest.created_at).isoformat(),
        **guest_flags(guest),
    }
    if health:
        for name in HEALTH_FIELDS:
            data[name] = getattr(guest, name)
    return data


def guest_flags(guest: Guest) -> dict[str, list[Any]]:
    """What a person must still decide about the guest: the fields left empty because they
    could not be read ("Por revisar"), and the guests this one may be ("Posible duplicado")."""
    open_flags = [f for f in guest.flags if f.resolved_at is None]
    return {
        "review_fields": sorted({f.field for f in open_flags if f.flag == "review" and f.field}),
        "possible_duplicate_of": sorted(
            {f.other_guest_id for f in open_flags if f.flag == "possible_duplicate"} - {None}
        ),
    }


def guest_history(
    session: Session, guest_id: int, visits: int = 50, reviews: int = 20
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """A guest's latest visits (with what they ordered) and reviews, times in Lima."""
    visit_rows = session.scalars(
        select(Visit)
        .where(Visit.guest_id == guest_id)
        .order_by(Visit.visited_at.desc())
        .limit(visits)
    )
    review_rows = session.scalars(
        select(Feedback)
        .where(Feedback.guest_id == guest_id)
        .order_by(Feedback.submitted_at.desc())
        .limit(reviews)
    )
    history = [
        {
            "at": to_lima(v.visited_at).strftime("%d/%m/%Y %H:%M"),
            "party": v.party_size,
            "total": v.total_pen,
            "items": ", ".join(
                f"{li.item_name}{' ×' + str(li.quantity) if li.quantity > 1 else ''}"
                for li in v.lines
            ),
        }
        for v in visit_rows
    ]
    review_list = list(review_rows)
    scores = sentiments_of(session, [f.id for f in review_list])
    reviews_out = [
        {
            "at": to_lima(f.submitted_at).strftime("%d/%m/%Y"),
            "rating": f.rating,
            "text": f.text,
            "channel": f.channel,
            "sentiment": scores.get(f.id),
        }
        for f in review_list
    ]
    return history, reviews_out


def sentiments_of(session: Session, feedback_ids: Sequence[int]) -> dict[int, dict[str, Any]]:
    """The stored sentiment of each scored feedback (the ``feedback-sentiment`` processor's)."""
    if not feedback_ids:
        return {}
    rows = session.scalars(
        select(FeedbackSentiment).where(FeedbackSentiment.feedback_id.in_(feedback_ids))
    )
    return {
        r.feedback_id: {
            "label": r.label,
            "score": round(r.score, 3),
            "aspects": r.aspects,
            "model": f"{r.model_name}@{r.model_version}",
        }
        for r in rows
    }
