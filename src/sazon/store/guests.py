"""Guest queries shared by every face."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Select, String, case, cast, func, inspect, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from sazon.store.fuzzy_search import fuzzy_ids
from sazon.store.models import Feedback, FeedbackSentiment, Guest, GuestFlag, Visit
from sazon.store.search_text import query_terms
from sazon.timeutil import to_lima

HEALTH_FIELDS = ("allergies", "diets", "restrictions_raw", "restrictions_unknown", "notes")


@dataclass(frozen=True)
class GuestPage:
    """A page of guests (their flags loaded) and how many match in all."""

    items: list[Guest]
    total: int


def _conditions(
    terms: list[str], allergen: str | None, language: str | None
) -> list[ColumnElement[bool]]:
    # Every term somewhere in the guest's folded text, in any order; an erased guest's text
    # is empty, so no term finds them.
    where = [Guest.search_text.contains(t, autoescape=True) for t in terms]
    if language:
        where.append(Guest.language == language)
    if allergen:
        # JSON containment differs by dialect; a text match on the serialised list is portable.
        where.append(cast(Guest.allergies, String).like(f'%"{allergen}"%'))
    return where


def _order(terms: list[str]) -> list[ColumnElement[Any]]:
    """Without a search, the order of ix_guests_name_order (a page is read from the index).
    With one, per term a whole word scores 2, the start of a word 1, inside a word 0 (the text
    has a space around each word); the best first, then by the text, which starts with the
    surnames (accents and case ignored), then by id."""
    if not terms:
        return [Guest.last_name.asc(), Guest.first_name.asc(), Guest.id.asc()]
    text = Guest.search_text
    per_term = [
        case(
            (text.contains(f" {t} ", autoescape=True), 2),
            (text.contains(f" {t}", autoescape=True), 1),
            else_=0,
        )
        for t in terms
    ]
    return [sum(per_term[1:], per_term[0]).desc(), text.asc(), Guest.id.asc()]


def guest_query(
    search: str | None = None, allergen: str | None = None, language: str | None = None
) -> Select[Guest]:
    """Guests matching a search (:func:`sazon.store.search_text.query_terms`) and filters,
    in :func:`search_guests`'s order."""
    terms = query_terms(search)
    return select(Guest).where(*_conditions(terms, allergen, language)).order_by(*_order(terms))


def search_guests(
    session: Session,
    search: str | None = None,
    *,
    allergen: str | None = None,
    language: str | None = None,
    limit: int = 50,
    offset: int = 0,
) -> GuestPage:
    """The one guest search every face calls (API, web list, event guest picker, CLI).

    ``search`` is what a person types: names in any order and with or without accents, an
    email or part of it, a phone however it is written ("926 259 305", "+51 926-259-305").
    Every word must be found; when nobody has them all as typed, the words are read as
    typos (:mod:`sazon.store.fuzzy_search`: "Fernado Ramso" finds Fernando Ramos, the
    closest first). Erased guests are never found."""
    terms = query_terms(search)
    where = _conditions(terms, allergen, language)
    if terms:
        # One pass over ix_guests_search_text (the text and the row id, not the wide rows)
        # ranks the matches and counts them; only the page's rows are read afterwards.
        ranked = session.execute(
            select(Guest.id, func.count().over())
            .where(*where)
            .order_by(*_order(terms))
            .limit(limit)
            .offset(offset)
        ).all()
        ids = [gid for gid, _ in ranked]
        total = ranked[0][1] if ranked else None
        if total is None:  # no match on the first page means none at all: no count needed
            total = 0 if offset == 0 else session.scalar(select(func.count(Guest.id)).where(*where))
        if total == 0:
            # Nobody has every word as typed: read them as typos ("Fernado Ramso").
            near = fuzzy_ids(session, terms, _conditions([], allergen, language))
            ids, total = near[offset : offset + limit], len(near)
        rows = {g.id: g for g in session.scalars(select(Guest).where(Guest.id.in_(ids)))}
        guests = [rows[gid] for gid in ids]
    else:
        guests = list(
            session.scalars(guest_query(None, allergen, language).limit(limit).offset(offset))
        )
        total = None
    if total is None:  # no search, or a page past the last match
        total = session.scalar(select(func.count(Guest.id)).where(*where))
    # The page's flags in one plain query, set as loaded: selectinload's machinery cost as
    # much as reading the page itself.
    flags: dict[int, list[GuestFlag]] = {g.id: [] for g in guests}
    if flags:
        for flag in session.scalars(select(GuestFlag).where(GuestFlag.guest_id.in_(list(flags)))):
            flags[flag.guest_id].append(flag)
    for guest in guests:
        if "flags" not in inspect(guest).dict:
            set_committed_value(guest, "flags", flags[guest.id])
    return GuestPage(guests, int(total or 0))


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
