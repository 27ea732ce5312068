"""The bus declares its tables itself (it may not import the store); both must agree."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Table
from sqlalchemy.dialects.postgresql.psycopg import PGDialect_psycopg
from sqlalchemy.dialects.sqlite.base import SQLiteDialect
from sqlalchemy.engine import Dialect
from sqlalchemy.schema import CreateIndex, CreateTable

import sazon.store.bus_tables  # noqa: F401  (puts the bus tables on Base.metadata)
from sazon.bus.tables import metadata as bus_metadata
from sazon.store import make_engine, upgrade
from sazon.store.models import Base

DIALECTS = [
    pytest.param(SQLiteDialect(), id="sqlite"),
    pytest.param(PGDialect_psycopg(), id="pg"),  # type: ignore[no-untyped-call]
]


def _ddl(table: Table, dialect: Dialect) -> list[str]:
    statements = [str(CreateTable(table).compile(dialect=dialect)).strip()]
    for index in sorted(table.indexes, key=lambda i: i.name or ""):
        statements.append(str(CreateIndex(index).compile(dialect=dialect)).strip())
    return statements


def test_tables__the_store_declares_exactly_the_bus_tables() -> None:
    in_store = {name for name in Base.metadata.tables if name.startswith("bus_")}
    assert in_store == set(bus_metadata.tables)


@pytest.mark.parametrize("dialect", DIALECTS)
@pytest.mark.parametrize("name", sorted(bus_metadata.tables))
def test_tables__both_declarations_give_the_same_ddl(name: str, dialect: Dialect) -> None:
    assert _ddl(bus_metadata.tables[name], dialect) == _ddl(Base.metadata.tables[name], dialect)


def test_migration__0002_creates_the_tables_as_declared(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'store.db'}")
    try:
        assert upgrade(engine) is not None
        with engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={"compare_type": True})
            diff = compare_metadata(context, Base.metadata)
    finally:
        engine.dispose()
    assert [d for d in diff if "bus_" in repr(d)] == []
