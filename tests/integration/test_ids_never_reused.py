"""Issue #12: an id is never handed out twice (SQLite AUTOINCREMENT, PostgreSQL sequences),
and migration 0007 rebuilds an existing SQLite store keeping its data."""

from __future__ import annotations

import importlib.util
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from types import ModuleType

import httpx
import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, Integer, delete, insert, select, text
from sqlalchemy.orm import Session, sessionmaker

import sazon.store.bus_tables  # noqa: F401 - the bus tables are in the metadata too
from sazon.access import reads_of
from sazon.events import EventCreate, create_event, delete_event
from sazon.knowledge import KnowledgeBase
from sazon.store import (
    AuditEntry,
    Base,
    Feedback,
    Guest,
    current_revision,
    make_engine,
    session_factory,
    upgrade,
)
from sazon.store.db import MIGRATIONS, _alembic_config
from sazon.store.models import FeedbackSentiment
from sazon.timeutil import utcnow
from tests.servers import Server, sazon_server

pytestmark = pytest.mark.integration
# Tables created after 0007, AUTOINCREMENT from their first migration.
CREATED_AFTER_0007 = {
    "ingest_jobs",
    "social_calendar",
    "social_outbox",
    "social_publish_attempts",
    "store_version",
}


def _migration(name: str = "0007_ids_never_reused") -> ModuleType:
    path = MIGRATIONS / "versions" / f"{name}.py"
    spec = importlib.util.spec_from_file_location(f"m{name}", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_models__every_table_with_an_id_never_reuses_it_and_0007_rebuilds_them_all() -> None:
    with_ids = {
        t.name
        for t in Base.metadata.tables.values()
        if [c.name for c in t.primary_key.columns] == ["id"] and isinstance(t.c.id.type, Integer)
    }
    never_reused = {
        t.name
        for t in Base.metadata.tables.values()
        if t.dialect_options["sqlite"]["autoincrement"]
    }
    # Tables created after 0007 are created AUTOINCREMENT and listed by their migration.
    later = set(_migration("0009_guest_review").TABLES) | CREATED_AFTER_0007
    assert with_ids == never_reused == set(_migration().TABLES) | later


@pytest.fixture
def api_server(store_url: str, tmp_path: Path) -> Iterator[Server]:
    with sazon_server(tmp_path / "home", store_url) as srv:
        yield srv


def test_api__a_deleted_guests_id_goes_to_nobody_else(api_server: Server) -> None:
    """The next person's legal export must not show the deleted person's access log."""
    headers = {"Authorization": f"Bearer {api_server.keys['admin']}"}
    with httpx.Client(base_url=api_server.url + "/api/v1", headers=headers, timeout=30) as c:
        first = c.post("/guests", json={"first_name": "Ada", "email": "ada@example.pe"})
        assert first.status_code == 201
        gone = first.json()["id"]
        assert c.get(f"/guests/{gone}").status_code == 200  # audited: a health-data read
        assert c.delete(f"/guests/{gone}").status_code == 204
        second = c.post("/guests", json={"first_name": "Bea", "email": "bea@example.pe"})
        assert second.status_code == 201
        assert second.json()["id"] > gone
        assert c.get(f"/guests/{gone}").status_code == 404
        export = c.get(f"/guests/{second.json()['id']}/export").json()
        assert [a["action"] for a in export["access_log"]] == []
        # Re-entering the deleted person creates them anew: nothing to merge into.
        again = c.post("/guests", json={"first_name": "Ada", "email": "ada@example.pe"})
        assert again.status_code == 201 and again.json()["id"] > second.json()["id"]


def test_store__a_deleted_events_id_goes_to_nobody_else(factory: sessionmaker[Session]) -> None:
    data = EventCreate(
        name="Cena", event_type="cena", starts_at=utcnow() + timedelta(days=9), courses=["fondo"]
    )
    with factory.begin() as s:
        gone = create_event(s, data).id
    with factory.begin() as s:
        delete_event(s, gone)
    with factory.begin() as s:
        assert create_event(s, data).id > gone


def _guest_at_0005(s: Session, **values: object) -> int:
    """A guest row as revision 0005 knew the table (the model has grown since: search_text)."""
    now = utcnow()
    row = {"created_at": now, "updated_at": now, "allergies": [], **values}
    return int(s.execute(insert(Guest.__table__).values(row).returning(Guest.id)).scalar_one())


def _guests(s: Session) -> list[tuple[object, ...]]:
    query = select(Guest.id, Guest.first_name, Guest.email, Guest.allergies).order_by(Guest.id)
    return [tuple(r) for r in s.execute(query)]


def _at_0005_with_data(engine: Engine) -> sessionmaker[Session]:
    command.upgrade(_alembic_config(engine), "0005")
    factory = session_factory(engine)
    with factory.begin() as s:
        kept = _guest_at_0005(s, first_name="Rosa", email="rosa@example.pe", allergies=["peanuts"])
        _guest_at_0005(s, first_name="Luis")
        feedback = Feedback(guest_id=kept, text="rico", submitted_at=utcnow())
        s.add(feedback)
        s.flush()
        s.add(FeedbackSentiment(feedback_id=feedback.id, label="positive", score=0.9,
                                model_name="m", model_version="1"))  # fmt: skip
        # The newest guest read, then deleted: the audit log remembers their id.
        newest = _guest_at_0005(s, first_name="Olga")
        # Core, with the columns of that revision (the model has grown since).
        s.execute(
            insert(AuditEntry.__table__).values(
                at=utcnow(), actor="test", action="guest.read", guest_id=newest
            )
        )
    with factory.begin() as s:
        s.execute(delete(Guest.__table__).where(Guest.id == newest))
    return factory


def test_migration_0007__keeps_the_data_and_the_next_id_is_past_any_remembered_one(
    store_url: str,
) -> None:
    engine = make_engine(store_url)
    try:
        factory = _at_0005_with_data(engine)
        with factory() as s:
            before = _guests(s)
            deleted = s.scalar(select(AuditEntry.guest_id))
        assert upgrade(engine) == current_revision(engine)
        assert current_revision(engine) not in (None, "0005")
        with factory.begin() as s:
            assert _guests(s) == before
            assert s.scalar(select(FeedbackSentiment.label)) == "positive"  # no cascade
            assert s.scalar(select(Feedback.guest_id)) == before[0][0]
            new = Guest(first_name="Nueva")
            s.add(new)
            s.flush()
            assert deleted is not None and new.id > deleted
            # 0008 indexed the old entries' guests: an export still finds their reads.
            assert [e.action for e in reads_of(s, deleted)] == ["guest.read"]
        with engine.connect() as conn:
            assert compare_metadata(MigrationContext.configure(conn), Base.metadata) == []
            if conn.dialect.name == "sqlite":
                assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
                assert list(conn.exec_driver_sql("PRAGMA foreign_key_check")) == []
                sql = conn.execute(
                    text("SELECT sql FROM sqlite_master WHERE name = 'guests'")
                ).scalar()
                assert "AUTOINCREMENT" in str(sql)
    finally:
        engine.dispose()


def test_migration_0007__downgrades_and_upgrades_again_on_sqlite(
    tmp_path: Path, kb: KnowledgeBase
) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'store.db'}")
    try:
        factory = _at_0005_with_data(engine)
        upgrade(engine)
        command.downgrade(_alembic_config(engine), "0005")
        with engine.connect() as conn:
            sql = conn.execute(text("SELECT sql FROM sqlite_master WHERE name = 'guests'")).scalar()
            assert "AUTOINCREMENT" not in str(sql)
        upgrade(engine)
        with factory() as s:
            assert [g.first_name for g in s.scalars(select(Guest))] == ["Rosa", "Luis"]
    finally:
        engine.dispose()
