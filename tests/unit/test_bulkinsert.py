"""sazon.bulkinsert.insert_many stores exactly what SQLAlchemy's own insert stores."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, cast

import pytest
from sqlalchemy import Table, insert, select

from sazon.bulkinsert import insert_many
from sazon.store import Base, Guest, make_engine


def _guest(i: int) -> dict[str, Any]:
    return {
        "first_name": "Rosa" if i % 2 else "José",
        "last_name": "Quispe Mamani",
        "email": f"rosa.{i}@example.pe",
        "birth_date": date(1980, 1, 1 + i % 28) if i % 3 else None,
        "allergies": ["peanuts"] if i % 2 else [],
        "favourite_cuisines": ["nikkei", "criolla"],
        "vip": bool(i % 2),
        "created_at": datetime(2026, 12, 7, 9, 30, i, tzinfo=UTC),
        "updated_at": datetime(2026, 12, 7, 9, 30, i, tzinfo=UTC),
    }


def test_insert_many__same_rows_as_sqlalchemy_insert(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path}/bulk.db")
    Base.metadata.create_all(engine)
    table = cast(Table, Guest.__table__)
    with engine.begin() as conn:
        conn.execute(insert(table), [_guest(i) for i in range(6)])
        insert_many(conn, table, [_guest(i) for i in range(6)])
        rows = [r._asdict() for r in conn.execute(select(table).order_by(table.c.id))]
    assert len(rows) == 12
    for ours, theirs in zip(rows[6:], rows[:6], strict=True):
        ours.pop("id"), theirs.pop("id")
        assert ours == theirs
    # Left-out columns took their Python defaults, as with SQLAlchemy's insert.
    assert rows[6]["diets"] == [] and rows[6]["consent_marketing"] is False
    assert rows[7]["language"] == "es"


def test_insert_many__an_unknown_column_is_named(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path}/bulk.db")
    Base.metadata.create_all(engine)
    with engine.begin() as conn, pytest.raises(ValueError, match=r"no column.*nickname"):
        insert_many(conn, cast(Table, Guest.__table__), [{"nickname": "Rosi"}])
