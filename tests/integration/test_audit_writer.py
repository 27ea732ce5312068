"""Reads' audit entries go through a background writer (issue #14, hot reads): the read's own
transaction writes nothing, the entry is stored a moment later without anyone asking, what the
process still holds is never missing from an export, and nothing is written twice."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, create_engine, event, func, select
from sqlalchemy.orm import Session, sessionmaker

from sazon.access import audit_read, audit_writer, flush_audit, reads_of
from sazon.store import AuditEntry, Guest
from tests.servers import settled

pytestmark = pytest.mark.integration


@pytest.fixture
def guest_ids(sqlite_factory: sessionmaker[Session]) -> list[int]:
    with sqlite_factory.begin() as s:
        s.add_all([Guest(first_name="Ana", last_name="Quispe"), Guest(first_name="Luis")])
    with sqlite_factory() as s:
        return list(s.scalars(select(Guest.id).order_by(Guest.id)))


@pytest.fixture
def writes_in_this_thread(sqlite_factory: sessionmaker[Session]) -> Iterator[list[str]]:
    """The INSERT/UPDATE/DELETE statements this thread sends to the store."""
    engine: Engine = sqlite_factory.kw["bind"]
    me, seen = threading.get_ident(), []

    def note(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        if threading.get_ident() == me and statement.split()[0] in ("INSERT", "UPDATE", "DELETE"):
            seen.append(statement)

    event.listen(engine, "before_cursor_execute", note)
    yield seen
    event.remove(engine, "before_cursor_execute", note)


def _entries(factory: sessionmaker[Session], rid: str) -> list[AuditEntry]:
    with factory() as s:
        return list(s.scalars(select(AuditEntry).where(AuditEntry.request_id == rid)))


def test_audit__a_read_writes_nothing_itself_and_its_entry_is_stored_soon_after(
    sqlite_factory: sessionmaker[Session], guest_ids: list[int], writes_in_this_thread: list[str]
) -> None:
    with sqlite_factory.begin() as s:
        s.scalars(select(Guest)).all()
        audit_read(s, None, "guest.list", guest_ids, "health data read", "rid-bg")
    assert writes_in_this_thread == []  # no write lock for a read
    stored = settled(lambda: _entries(sqlite_factory, "rid-bg"), lambda found: len(found) == 1)
    assert [e.guest_ids for e in stored] == [guest_ids]


def test_audit__an_export_lists_held_reads_and_a_rolled_back_one_gives_them_back_once(
    sqlite_factory: sessionmaker[Session],
    guest_ids: list[int],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(audit_writer, "FLUSH_EVERY_S", 60.0)  # the writer keeps them
    with sqlite_factory.begin() as s:
        audit_read(s, None, "guest.read", guest_ids[:1], None, "rid-held")
    with sqlite_factory() as s:  # a reader that fails after it read them
        assert [e.request_id for e in reads_of(s, guest_ids[0])] == ["rid-held"]
        s.rollback()
    with sqlite_factory.begin() as s:  # an export that commits stores them with it
        assert [e.request_id for e in reads_of(s, guest_ids[0])] == ["rid-held"]
    assert flush_audit() == 0
    with sqlite_factory() as s:
        assert s.scalar(select(func.count()).select_from(AuditEntry)) == 1


def test_audit__held_entries_are_stored_when_the_engine_is_disposed(
    sqlite_factory: sessionmaker[Session],
    guest_ids: list[int],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(audit_writer, "FLUSH_EVERY_S", 60.0)
    engine: Engine = sqlite_factory.kw["bind"]
    with sqlite_factory.begin() as s:
        audit_read(s, None, "guest.list", guest_ids, None, "rid-at-stop")
    engine.dispose()  # as the server does on its way out
    other = create_engine(engine.url)
    with Session(other) as s:
        [entry] = s.scalars(select(AuditEntry).where(AuditEntry.request_id == "rid-at-stop"))
        assert entry.guest_ids == guest_ids and entry.actor == "system"
    other.dispose()
