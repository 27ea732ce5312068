"""Issue #12, speed: the fuzzy step reads only the names of a length that can be close.

A crowded birthday holds names of every length around each row's, some scoring exactly the
threshold: the candidates (and their order) are those comparing each row with every guest
born that day gives. Guests stored
before ``name_length`` existed get theirs from the migration, and an edit keeps it.
"""

from __future__ import annotations

import random
from datetime import date

import pytest
from alembic import command
from rapidfuzz import fuzz
from sqlalchemy import Engine, insert
from sqlalchemy.orm import Session, sessionmaker

from sazon.ingest.guest_match import GuestIndex, Known, name_key
from sazon.ingest.schemas import GuestRecord
from sazon.store import Guest, guest_name_key, session_factory, upgrade
from sazon.store.db import _alembic_config
from sazon.timeutil import utcnow
from tests.integration.test_ingest_fast_paths import _oracle

pytestmark = pytest.mark.integration

# Keys of 9, 11, 18, 22 and 29 letters: each has stored names exactly on the threshold (90)
# above and below it (9 and 11, 18 and 22), which a range one letter too short would drop.
ROWS = [
    ("Eva", "Rojas"),
    ("Eva", "Rojas C"),
    ("Rosa", "Quispe Mamani"),
    ("Rosa", "Quispe Mamani Cco"),
    ("María José", "Huamán Rojas Ccori"),
]


def test_length_block__same_candidates_as_every_name_of_the_day(
    factory: sessionmaker[Session],
) -> None:
    rng = random.Random(14)
    stored: list[tuple[str, str, date]] = []
    records = []
    for i, (first, last) in enumerate(ROWS):  # a birthday of its own: its own lengths
        day = date(1990, 7, 14 + i)
        for k in range(1, 9):  # the surname cut short, or lengthened by a doubled tail
            stored.append((first, last[:-k], day))
            stored.append((first, last + last[-1] * k, day))
        stored.append((first.upper(), last, day))
        stored += [(f"Invitado{j}", "x" * rng.randint(1, 40), day) for j in range(12)]
        records.append(GuestRecord(first_name=first, last_name=last, birth_date=day))
    # Two rows on one birthday: the look-up asks for the lengths either can reach.
    records.append(GuestRecord(first_name="Ana", last_name="Quispe", birth_date=date(1990, 7, 14)))
    rng.shuffle(stored)
    with factory.begin() as s:
        s.add_all(Guest(first_name=f, last_name=la, birth_date=d) for f, la, d in stored)
    scores = {
        fuzz.token_sort_ratio(name_key(*row), name_key(f, la))
        for row in ROWS
        for f, la, _ in stored
    }
    assert 90 in scores
    with factory() as s:
        index = GuestIndex(90)
        index.load(s, records)
        for rec in records:
            row = Known.of_record(rec)
            found = [(k.id, on) for k, on in index.candidates(row)]
            assert found == _oracle(s, row, 90), rec


def test_migration__name_length_filled_for_stored_guests_and_kept_on_edit(
    engine: Engine,
) -> None:
    command.downgrade(_alembic_config(engine), "0013")
    if engine.dialect.name == "sqlite":  # downgrades drop columns in place, never rebuild
        with engine.connect() as conn:
            for table in ("guests", "events", "invitations"):
                sql = conn.exec_driver_sql(
                    "SELECT sql FROM sqlite_master WHERE name = ?", (table,)
                ).scalar()
                assert "AUTOINCREMENT" in str(sql), table
    now = utcnow()
    names = [("José", "Huamán Ñahui"), ("Ana!", None), (None, None)]
    with engine.begin() as conn:  # as 0013 knew the table: no name_length
        conn.execute(
            insert(Guest.__table__),
            [
                {"first_name": f, "last_name": la, "created_at": now, "updated_at": now}
                for f, la in names
            ],
        )
    upgrade(engine)
    with session_factory(engine).begin() as s:
        guests = s.query(Guest).order_by(Guest.id).all()
        assert [g.name_length for g in guests] == [len(guest_name_key(*n)) for n in names]
        assert [g.name_length for g in guests] == [17, 3, 0]
        guests[0].last_name = "Huamán"
    with session_factory(engine)() as s:
        assert s.get(Guest, guests[0].id).name_length == len("jose huaman")  # type: ignore[union-attr]
