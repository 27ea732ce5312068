"""``sazon status`` counts on a plain connection what the home page counts through the ORM."""

from __future__ import annotations

from pathlib import Path

from sazon.store import Guest, Venue, make_engine, session_factory, transaction, upgrade
from sazon.store.counts import COUNTED_TABLES, table_counts
from sazon.store.queries import COUNTED, row_counts


def test_counted_tables__are_the_tables_of_the_counted_models() -> None:
    assert {name: model.__tablename__ for name, model in COUNTED.items()} == COUNTED_TABLES


def test_table_counts__agree_with_the_orm_counts(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'store.db'}")
    upgrade(engine)
    factory = session_factory(engine)
    with transaction(factory) as session:
        session.add(Venue(code="costanera", name="Costanera", district="Barranco"))
        session.add_all([Guest(first_name=f"Ana {i}", last_name="Quispe") for i in range(3)])
    with factory() as session:
        expected = row_counts(session)
    assert table_counts(engine) == expected
    assert (expected["guests"], expected["venues"]) == (3, 1)
    engine.dispose()
