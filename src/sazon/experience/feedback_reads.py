"""What the dish and change reports read from the store: a venue, its menu, its feedback texts
by Lima day, and each text's aspect sentiment.

Nothing here keeps a copy of a guest's words: mentions and aspects are read from the texts as
they are now, so a guest erased (Ley 29733) is gone from every report at once (their texts
are blanked by the erasure, and a blank text says nothing).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from sazon.errors import InvalidInput, NotFound
from sazon.experience.dish_linker import DishLinker, MenuDish
from sazon.knowledge import current_knowledge
from sazon.store.models import Dish, Feedback, FeedbackSentiment, Venue
from sazon.text import aspects_by_rules
from sazon.timeutil import LIMA, to_lima

__all__ = [
    "FeedbackText",
    "aspects_by_feedback",
    "feedback_texts",
    "iso_week",
    "menu_of",
    "parse_day",
    "parse_week",
    "venue_named",
    "week_start",
]

#: How far back a report may read, in weeks: two years of reviews.
MAX_WEEKS = 104


@dataclass(frozen=True, slots=True)
class FeedbackText:
    id: int
    day: date  # Lima's calendar
    text: str
    language: str


def venue_named(session: Session, venue: str | int) -> Venue:
    """The venue by code or id; a clear error listing the codes when there is none."""
    # An id beyond 64 bits is no venue (and would overflow the database's integer).
    by_id = str(venue).isdigit() and int(venue) < 2**63
    found = (
        session.get(Venue, int(venue))
        if by_id
        else session.scalars(select(Venue).where(Venue.code == str(venue).strip())).first()
    )
    if found is None:
        codes = ", ".join(session.scalars(select(Venue.code).order_by(Venue.code)))
        raise NotFound(
            f"no hay un local '{venue}'; los locales son: {codes or 'ninguno'} / no venue '{venue}'"
        )
    return found


def menu_of(session: Session, venue_id: int) -> list[MenuDish]:
    """Every dish the venue lists or listed (reviews name dishes that left the menu since)."""
    rows = session.execute(
        select(Dish.code, Dish.name_es, Dish.name_en).where(Dish.venue_id == venue_id)
    ).all()
    return [MenuDish(code, name_es, name_en) for code, name_es, name_en in rows]


def venue_linker(session: Session, menu: list[MenuDish]) -> DishLinker:
    """The dish linker of a venue's menu, knowing the dishes of the knowledge base (and the
    house's additions) that are not on it: "el pisco sour" at a venue without one is no dish."""
    kb = current_knowledge(session)
    known = [MenuDish(d.id, d.name_es, d.name_en) for d in kb.dishes.values()]
    return DishLinker(menu, elsewhere=known)


def _utc(day: date) -> datetime:
    """Lima midnight of ``day``, in UTC."""
    return datetime.combine(day, time(0), tzinfo=LIMA).astimezone(UTC)


def feedback_texts(session: Session, venue_id: int, since: date, until: date) -> list[FeedbackText]:
    """The venue's non-empty feedback texts submitted from ``since`` to ``until`` (Lima days)."""
    rows = session.execute(
        select(Feedback.id, Feedback.submitted_at, Feedback.text, Feedback.language)
        .where(
            Feedback.venue_id == venue_id,
            Feedback.submitted_at >= _utc(since),
            Feedback.submitted_at < _utc(until + timedelta(days=1)),
            Feedback.text.is_not(None),
        )
        .order_by(Feedback.submitted_at, Feedback.id)
    ).all()
    return [
        FeedbackText(int(i), to_lima(at).date(), text, "en" if lang == "en" else "es")
        for i, at, text, lang in rows
        if text and text.strip()
    ]


def aspects_by_feedback(
    session: Session, texts: Sequence[FeedbackText]
) -> dict[int, list[dict[str, Any]]]:
    """Each text's aspects (``aspect``, ``label``, ``score``, ``evidence``).

    The bus's ``feedback-sentiment`` processor stores them as reviews arrive; a text it has not
    reached yet (or a store loaded without the worker running) is read here by the same rules
    the model's aspects come from (:func:`sazon.text.aspects_by_rules`), and nothing is written.
    """
    ids = [t.id for t in texts]
    stored: dict[int, list[dict[str, Any]]] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        stored.update(
            (int(i), list(a or []))
            for i, a in session.execute(
                select(FeedbackSentiment.feedback_id, FeedbackSentiment.aspects).where(
                    FeedbackSentiment.feedback_id.in_(chunk)
                )
            )
        )
    missing = [t for t in texts if t.id not in stored]
    if missing:
        found = aspects_by_rules([(t.text, t.language) for t in missing])
        for t, aspects in zip(missing, found, strict=True):
            stored[t.id] = [a.model_dump() for a in aspects]
    return stored


def week_start(day: date) -> date:
    """The Monday of ``day``'s ISO week (a clear error for a day no review can have)."""
    if not 2000 <= day.year <= 2999:
        raise InvalidInput(
            f"el día {day} está fuera de rango (años 2000 a 2999) / day {day} is out of range"
        )
    return day - timedelta(days=day.weekday())


def iso_week(day: date) -> str:
    """``2026-W23``: the ISO week ``day`` falls in."""
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def parse_week(value: str) -> date:
    """The Monday of a week written ``2026-W23`` or as any day of it (``2026-06-03``)."""
    text = value.strip()
    try:
        if "W" in text.upper():
            year, _, week = text.upper().partition("-W")
            return date.fromisocalendar(int(year), int(week), 1)
        return week_start(date.fromisoformat(text))
    except ValueError:
        raise InvalidInput(
            f"la semana {value!r} no se entiende: escríbela 2026-W23 o como un día 2026-06-03 / "
            f"week {value!r}: write it as 2026-W23 or as a day, 2026-06-03"
        ) from None


def parse_day(value: str) -> date:
    """A day written YYYY-MM-DD, or a clear error."""
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise InvalidInput(
            f"el día {value!r} no se entiende: escríbelo 2026-06-03 / "
            f"day {value!r}: write it as 2026-06-03"
        ) from None
