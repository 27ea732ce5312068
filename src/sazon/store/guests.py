"""Guest queries shared by every face."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any, TypedDict, Unpack

from sqlalchemy import (
    ColumnElement,
    Row,
    Select,
    String,
    bindparam,
    case,
    cast,
    func,
    inspect,
    select,
)
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

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
    guests, total = _page(session, Guest, search, allergen, language, limit, offset)
    # The page's flags in one plain query, set as loaded: selectinload's machinery cost as
    # much as reading the page itself.
    flags: dict[int, list[GuestFlag]] = {g.id: [] for g in guests}
    if flags:
        for flag in session.scalars(select(GuestFlag).where(GuestFlag.guest_id.in_(list(flags)))):
            flags[flag.guest_id].append(flag)
    for guest in guests:
        if "flags" not in inspect(guest).dict:
            set_committed_value(guest, "flags", flags[guest.id])
    return GuestPage(guests, total)


class Filters(TypedDict, total=False):
    """:func:`search_guests`' filters and paging, as keywords."""

    allergen: str | None
    language: str | None
    limit: int
    offset: int


def search_guest_dicts(
    session: Session, search: str | None = None, *, health: bool = True, **kw: Unpack[Filters]
) -> tuple[list[dict[str, Any]], int]:
    """:func:`search_guests` as :func:`guest_dict` of each guest (same guests, same order,
    same total), read as plain rows: building a page of ORM objects was most of a page's
    CPU time (docs/api.md, «Speed of the hot reads»)."""
    allergen, language = kw.get("allergen"), kw.get("language")
    limit, offset = kw.get("limit", 50), kw.get("offset", 0)
    conn = session.connection()
    if query_terms(search):
        rows, total = _page(session, _DICT_COLUMNS, search, allergen, language, limit, offset)
    else:
        # The plain list (no words to rank): statements built once, run on the connection.
        page, count = _plain_list(bool(language), bool(allergen))
        params = {"language": language, "allergen": f'%"{allergen}"%'}
        rows = list(conn.execute(page, {**params, "limit": limit, "offset": offset}))
        total = int(conn.execute(count, params).scalar_one())
    flags: dict[int, list[Any]] = {r.id: [] for r in rows}
    if flags:
        for flag in conn.execute(_FLAGS, {"ids": list(flags)}):
            flags[flag.guest_id].append(flag)
    return [guest_dict(r, health=health, flags=flags[r.id]) for r in rows], total


@cache
def _plain_list(language: bool, allergen: bool) -> tuple[Select[Any], Select[Any]]:
    """The page and the count of the list without a search, filtered by language and
    allergen when asked (their values are bound parameters), in ix_guests_name_order."""
    table = Guest.__table__.c
    where: list[ColumnElement[bool]] = []
    if language:
        where.append(table.language == bindparam("language"))
    if allergen:
        where.append(cast(table.allergies, String).like(bindparam("allergen")))
    page = (
        select(*_DICT_COLUMNS)
        .where(*where)
        .order_by(table.last_name, table.first_name, table.id)
        .limit(bindparam("limit"))
        .offset(bindparam("offset"))
    )
    return page, select(func.count(table.id)).where(*where)


# What guest_dict reads, as plain columns; and a flag's.
_DICT_COLUMNS = tuple(
    Guest.__table__.c[name]
    for name in ("id", "external_id", "first_name", "last_name", "email", "phone", "language",
                 "birth_date", "country", "favourite_cuisines", "preferred_event_types",
                 "budget_tier", "consent_marketing", "consent_personalisation", "vip",
                 "created_at", *HEALTH_FIELDS)
)  # fmt: skip
_FLAGS = select(
    *(GuestFlag.__table__.c[name]
      for name in ("guest_id", "flag", "field", "other_guest_id", "resolved_at"))
).where(GuestFlag.__table__.c.guest_id.in_(bindparam("ids", expanding=True)))  # fmt: skip


def _page(
    session: Session,
    what: Any,
    search: str | None,
    allergen: str | None,
    language: str | None,
    limit: int,
    offset: int,
) -> tuple[list[Any], int]:
    """The page of matches (``what``: the ``Guest`` entity, or a tuple of columns for plain
    rows) in :func:`search_guests`'s order, and how many match in all."""
    plain = isinstance(what, tuple)
    fetch: Callable[[Any], Iterable[Any]] = session.execute if plain else session.scalars
    columns: tuple[Any, ...] = what if plain else (what,)
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
            # Nobody has every word as typed: read them as typos ("Fernado Ramso"). Imported
            # here: it loads numpy and rapidfuzz, which a plain `guests list` never needs.
            from sazon.store.fuzzy_search import fuzzy_ids

            near = fuzzy_ids(session, terms, _conditions([], allergen, language))
            ids, total = near[offset : offset + limit], len(near)
        rows = {r.id: r for r in fetch(select(*columns).where(Guest.id.in_(ids)))}
        found = [rows[gid] for gid in ids]
    else:
        stmt = select(*columns).where(*where).order_by(*_order(terms))
        found = list(fetch(stmt.limit(limit).offset(offset)))
        total = None
    if total is None:  # no search, or a page past the last match
        total = session.scalar(select(func.count(Guest.id)).where(*where))
    return found, int(total or 0)


def live_guest(session: Session, guest_id: int) -> Guest | None:
    """The guest with ``guest_id``, or None when there is none or they were erased."""
    guest = session.get(Guest, guest_id)
    return None if guest is None or guest.erased_at is not None else guest


def guest_dict(
    guest: Guest | Row[Any], *, health: bool = True, flags: Sequence[Any] | None = None
) -> dict[str, Any]:
    """A guest as plain data; ``health=False`` leaves out Ley 29733 health data. ``guest``
    may be a plain row of its columns, with its ``flags`` given."""
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
        **open_flags(guest.flags if flags is None else flags),
    }
    if health:
        for name in HEALTH_FIELDS:
            data[name] = getattr(guest, name)
    return data


def guest_flags(guest: Guest) -> dict[str, list[Any]]:
    """What a person must still decide about the guest: the fields left empty because they
    could not be read ("Por revisar"), and the guests this one may be ("Posible duplicado")."""
    return open_flags(guest.flags)


def open_flags(flags: Sequence[Any]) -> dict[str, list[Any]]:
    """:func:`guest_flags` of a guest's flags (ORM objects or plain rows)."""
    still_open = [f for f in flags if f.resolved_at is None]
    return {
        "review_fields": sorted({f.field for f in still_open if f.flag == "review" and f.field}),
        "possible_duplicate_of": sorted(
            {f.other_guest_id for f in still_open if f.flag == "possible_duplicate"} - {None}
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
