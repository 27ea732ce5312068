"""Small reads every face shares: page through a query, count rows, check the store answers."""

from __future__ import annotations

from typing import Any, TypeVar

from sqlalchemy import Engine, Select, func, select, text
from sqlalchemy.orm import Session

from sazon.errors import NotFound
from sazon.store.models import (
    Dish,
    Event,
    Feedback,
    Guest,
    Ingredient,
    MarketText,
    QuarantinedRow,
    SocialPost,
    Venue,
    Visit,
    Wine,
)

T = TypeVar("T")

# The tables ``sazon status`` and the home page count, by the name they show.
COUNTED: dict[str, type[Any]] = {
    "venues": Venue,
    "guests": Guest,
    "visits": Visit,
    "feedback": Feedback,
    "dishes": Dish,
    "ingredients": Ingredient,
    "wines": Wine,
    "events": Event,
    "social_posts": SocialPost,
    "market_texts": MarketText,
    "quarantine": QuarantinedRow,
}


def paginate(session: Session, stmt: Select[Any], page: int, size: int) -> tuple[list[Any], int]:
    """Page ``page`` (from 1) of ``size`` rows, and how many rows the query has in all."""
    total = session.scalar(select(func.count()).select_from(stmt.order_by(None).subquery()))
    return list(session.scalars(stmt.limit(size).offset((page - 1) * size))), int(total or 0)


def row_or_missing(session: Session, model: type[T], key: Any, missing: str) -> T:
    """The row of ``model`` with primary key ``key``; ``NotFound(missing)`` when there is none."""
    row = session.get(model, key)
    if row is None:
        raise NotFound(missing)
    return row


def row_counts(session: Session, names: tuple[str, ...] = tuple(COUNTED)) -> dict[str, int]:
    """How many rows each named table holds (names from :data:`COUNTED`); for guests, the
    people who were not erased (an erased guest's row stays, anonymised, for aggregates, but
    the guest list no longer shows them, so a count that links to it must not either)."""
    counts = {}
    for name in names:
        stmt = select(func.count()).select_from(COUNTED[name])
        if name == "guests":
            stmt = stmt.where(Guest.erased_at.is_(None))
        counts[name] = int(session.scalar(stmt) or 0)
    return counts


def ping(engine: Engine) -> None:
    """Raise when the store does not answer a trivial query (the readiness check)."""
    with engine.connect() as conn:
        conn.execute(text("SELECT 1"))
