"""Issue #19: people are found the way people search, on SQLite and PostgreSQL.

"Fernando Ramos", "maria jose" and a phone written "926 259 305" found nobody; "huaman" found
fewer guests than "Huamán". The guests come in through a file (the ingest's bulk insert), a
second file merges a phone into one of them, an edit renames another and an erasure removes a
third: the search text follows every write.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, insert
from sqlalchemy.orm import Session, sessionmaker

from sazon.access import erase_and_clear
from sazon.ingest import ingest_file
from sazon.ingest.single import update_guest
from sazon.knowledge import KnowledgeBase
from sazon.store import Base, Guest, GuestFlag, session_factory, upgrade
from sazon.store.db import _alembic_config
from sazon.store.guests import guest_dict, search_guest_dicts, search_guests
from sazon.timeutil import utcnow
from tests.conftest import initialised_store

pytestmark = pytest.mark.integration

COLUMNS = ["nombre", "apellidos", "correo", "celular", "alergias"]
PEOPLE = [
    ("Fernando", "Ramos Salazar", "fernando.ramos@colegio.edu.pe", "+51 924 427 599", ""),
    ("Fernando", "Aguilar Chang", "faguilar@example.pe", "926-259-305", "maní"),
    ("Rosa", "Ramos Fernández", "rosa.rf@example.pe", "", ""),
    ("María José", "Paredes Ramírez", "mjparedes@example.pe", "955 553 033", ""),
    ("Maria Jose", "Quispe Mamani", "mjquispe@example.pe", "", ""),
    ("María Josefina", "Torres Vega", "mjtorres@example.pe", "", ""),
    ("Rosa Elena", "Huamán Quispe", "huaman.rosa@gmail.com", "995 178 562", ""),
    ("Bruno", "Cárdenas HUAMAN", "bcardenas@example.pe", "", ""),
    ("Verónica", "Huamaní Llosa", "vhuamani@example.pe", "", ""),
    ("Zoila", "Ccori Puma", "zoila.ccori@example.pe", "987 111 222", ""),
]


def _write(path: Path, rows: list[tuple[str, ...]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh, delimiter=";")
        writer.writerow(COLUMNS)
        writer.writerows(rows)
    return path


@pytest.fixture(scope="module")
def factory(
    module_store_url: str,
    kb: KnowledgeBase,
    request: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[sessionmaker[Session]]:
    engine = initialised_store(request, module_store_url, kb)
    made = session_factory(engine)
    folder = tmp_path_factory.mktemp("people")
    ingest_file(made, kb, "guests", _write(folder / "clientes.csv", PEOPLE))
    yield made
    engine.dispose()


def _names(factory: sessionmaker[Session], query: str) -> list[str]:
    with factory() as s:
        page = search_guests(s, query)
        assert page.total == len(page.items)
        return [g.full_name for g in page.items]


def test_search__the_issues_examples(factory: sessionmaker[Session]) -> None:
    assert _names(factory, "Fernando Ramos") == ["Fernando Ramos Salazar"]
    assert _names(factory, "ramos FERNANDO") == ["Fernando Ramos Salazar"]
    # Whole words before the start of a word: "Josefina" after both "José"s.
    assert _names(factory, "maria jose") == [
        "María José Paredes Ramírez",
        "Maria Jose Quispe Mamani",
        "María Josefina Torres Vega",
    ]
    for phone in ("926 259 305", "+51 926-259-305", "926259305", "51926259305"):
        assert _names(factory, phone) == ["Fernando Aguilar Chang"], phone
    huaman = ["Bruno Cárdenas Huaman", "Rosa Elena Huamán Quispe", "Verónica Huamaní Llosa"]
    assert _names(factory, "huaman") == _names(factory, "Huamán") == huaman
    assert _names(factory, "HUAMÁN rosa") == ["Rosa Elena Huamán Quispe"]


def test_search__email_parts_and_filters(factory: sessionmaker[Session]) -> None:
    assert _names(factory, "fernando.ramos@colegio") == ["Fernando Ramos Salazar"]
    assert _names(factory, "mjquispe") == ["Maria Jose Quispe Mamani"]
    assert _names(factory, "100% ramos_") == []  # LIKE's wildcards are plain characters
    with factory() as s:
        page = search_guests(s, "fernando", allergen="peanuts")
        assert [g.full_name for g in page.items] == ["Fernando Aguilar Chang"]
        assert search_guests(s, "a", limit=2).total > 2


def test_search__forgives_typos_best_match_first(factory: sessionmaker[Session]) -> None:
    """Nobody has every word as typed: the words are read as typos, the closest first."""
    assert _names(factory, "Fernado Ramso") == ["Fernando Ramos Salazar"]
    # One typo (Ramos) before two (Ramírez: "ramos" is two letters from "ramir…").
    assert _names(factory, "Fernado") == ["Fernando Aguilar Chang", "Fernando Ramos Salazar"]
    assert _names(factory, "quipse mamani") == ["Maria Jose Quispe Mamani"]
    assert _names(factory, "Huamna rosa") == ["Rosa Elena Huamán Quispe"]
    # A word the exact search finds is never second-guessed, and typos have a budget.
    assert _names(factory, "ramos") == ["Rosa Ramos Fernández", "Fernando Ramos Salazar"]
    assert _names(factory, "Fernado Xyzzy") == []
    assert _names(factory, "926 259 306") == []  # phones and emails are never guessed


def test_search__plain_rows_show_what_the_orm_page_shows(factory: sessionmaker[Session]) -> None:
    """The API's list reads plain rows (search_guest_dicts): same guests, order, totals,
    fields and open flags as guest_dict of search_guests' page, with and without health."""
    with factory.begin() as s:
        rosa, fernando = (search_guests(s, q).items[0] for q in ("rosa ramos", "aguilar"))
        s.add_all([
            GuestFlag(guest_id=rosa.id, flag="review", field="phone"),
            GuestFlag(guest_id=rosa.id, flag="possible_duplicate", other_guest_id=fernando.id),
            GuestFlag(guest_id=fernando.id, flag="review", field="email", resolved_at=utcnow()),
        ])  # fmt: skip
    cases: list[tuple[str | None, dict[str, Any]]] = [
        (None, {}), (None, {"limit": 3, "offset": 2}), (None, {"allergen": "peanuts"}),
        (None, {"language": "es", "limit": 4}), (None, {"offset": 500}), ("ramos", {}),
        ("Fernado", {}), ("fernando", {"allergen": "peanuts"}),
    ]  # fmt: skip
    with factory() as s:
        for query, kw in cases:
            for health in (True, False):
                page = search_guests(s, query, **kw)
                orm = ([guest_dict(g, health=health) for g in page.items], page.total)
                assert search_guest_dicts(s, query, health=health, **kw) == orm, (query, kw)
        [shown] = search_guest_dicts(s, "rosa ramos")[0]
    assert (shown["review_fields"], shown["possible_duplicate_of"]) == (["phone"], [fernando.id])


def test_search__follows_merges_edits_and_erasure(
    factory: sessionmaker[Session], kb: KnowledgeBase, tmp_path: Path
) -> None:
    # A second file gives Rosa Ramos a phone: the merge makes her findable by it.
    again = ("Rosa", "Ramos Fernández", "rosa.rf@example.pe", "(01) 442-1234", "")
    ingest_file(factory, kb, "guests", _write(tmp_path / "otra.csv", [again]))
    assert _names(factory, "442 1234") == ["Rosa Ramos Fernández"]
    with factory.begin() as s:
        [zoila] = search_guests(s, "zoila").items
        update_guest(s, zoila.id, {"last_name": "Ñahui Puma"})
    assert _names(factory, "zoila nahui") == ["Zoila Ñahui Puma"]
    assert _names(factory, "ÑAHUI zoila") == ["Zoila Ñahui Puma"]
    with factory() as s:
        erase_and_clear(s, zoila.id)
    for query in ("zoila", "nahui", "987 111 222", "zoila.ccori", "anonimo"):
        assert _names(factory, query) == [], query
    with factory() as s:
        assert s.get(Guest, zoila.id).search_text == ""  # type: ignore[union-attr]


def test_migration__existing_guests_are_searchable_after_0012(engine: Engine) -> None:
    # Down from the session's migrated template to 0011 (0012's downgrade), then up again.
    command.downgrade(_alembic_config(engine), "0011")
    now = utcnow()
    rows = [
        {
            "first_name": "José",
            "last_name": "Huamán",
            "phone": "+51926259305",
            "erased_at": None,
        },
        {"first_name": "Anónimo", "last_name": None, "phone": None, "erased_at": now},
    ]
    with engine.begin() as conn:
        # Core, as 0011 knew the table: no search_text, no ORM listener.
        conn.execute(
            insert(Guest.__table__), [r | {"created_at": now, "updated_at": now} for r in rows]
        )
    upgrade(engine)
    factory = session_factory(engine)
    assert _names(factory, "jose huaman") == _names(factory, "926 259 305") == ["José Huamán"]
    assert _names(factory, "anonimo") == []
    with engine.connect() as conn:
        assert compare_metadata(MigrationContext.configure(conn), Base.metadata) == []
