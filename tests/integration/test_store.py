"""The store suite: every test runs on SQLite and on PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session, sessionmaker

from sazon.ingest import initialise_store
from sazon.knowledge import KnowledgeBase
from sazon.store import Dish, Guest, Ingredient, Visit, Wine, current_revision, head_revision
from sazon.store.guests import search_guests
from sazon.timeutil import to_lima

pytestmark = pytest.mark.integration


def test_init__twice_is_harmless(
    engine: Engine, kb: KnowledgeBase, factory: sessionmaker[Session]
) -> None:
    again = initialise_store(engine, kb)
    assert again["revision"] == head_revision() == current_revision(engine)
    with factory() as s:
        assert s.scalar(select(func.count()).select_from(Ingredient)) == len(kb.ingredients)
        assert s.scalar(select(func.count()).select_from(Dish)) == len(kb.dishes)
        assert s.scalar(select(func.count()).select_from(Wine)) == len(kb.wines)


def test_times__stored_utc_shown_in_lima(factory: sessionmaker[Session]) -> None:
    moment = datetime(2026, 7, 28, 1, 30, tzinfo=UTC)
    with factory.begin() as s:
        g = Guest(first_name="Rosa", last_name="Quispe")
        s.add(g)
        s.flush()
        s.add(Visit(guest_id=g.id, visited_at=moment, total_pen=Decimal("123.40")))
    with factory() as s:
        v = s.scalars(select(Visit)).one()
        assert v.visited_at == moment
        assert v.visited_at.tzinfo is not None
        assert to_lima(v.visited_at).hour == 20
        assert to_lima(v.visited_at).day == 27
        assert v.total_pen == Decimal("123.40")


def test_store__refuses_naive_datetimes(factory: sessionmaker[Session]) -> None:
    with factory() as s:
        s.add(Visit(visited_at=datetime(2026, 1, 1)))
        with pytest.raises(Exception, match="naive"):
            s.flush()


def test_json_lists_round_trip_and_filter(factory: sessionmaker[Session]) -> None:
    with factory.begin() as s:
        s.add(Guest(first_name="Ana", last_name="Torres", allergies=["peanuts", "gluten"]))
        s.add(Guest(first_name="Luis", last_name="Rojas", allergies=[]))
    with factory() as s:
        found = search_guests(s, allergen="peanuts").items
        assert [g.first_name for g in found] == ["Ana"]
        assert found[0].allergies == ["peanuts", "gluten"]
        assert search_guests(s, "roj").total == 1


def test_knowledge_dishes__ingredients_are_linked(factory: sessionmaker[Session]) -> None:
    with factory() as s:
        dish = s.scalars(select(Dish).where(Dish.from_knowledge)).first()
        assert dish is not None
        assert dish.ingredients
        assert all(di.ingredient_id for di in dish.ingredients)
