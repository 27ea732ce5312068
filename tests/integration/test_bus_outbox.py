"""Ingest and the API announce records through the outbox, on SQLite and PostgreSQL.

A committed row is always announced, a quarantined or rolled-back one never, and an event
staged while the broker is down leaves as soon as a relay can reach it.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine, select, update
from sqlalchemy.orm import Session, sessionmaker

from sazon.bus import (
    Bus,
    FeedbackReceived,
    GuestCreated,
    GuestUpdated,
    OutboxRelay,
    Processor,
    Worker,
    make_bus,
    pending,
    relay,
    stage,
)
from sazon.bus.tables import bus_processed
from sazon.cli import bus as bus_cmds
from sazon.cli.app import run
from sazon.ingest import ingest_file
from sazon.ingest.single import create_record, update_guest
from sazon.knowledge import KnowledgeBase
from sazon.store import Guest, make_engine, session_factory, transaction
from sazon.timeutil import utcnow
from tests.kafka_broker import tansu_broker
from tests.services import free_port

pytestmark = pytest.mark.integration

GUESTS = (
    "nombre,apellidos,correo,alergias,idioma\n"
    "Rosa,Quispe,rosa@example.pe,mariscos,es\n"
    "Jorge,Salas,jorge@example.pe,,es\n"
    ",,,maní,es\n"  # no identity: quarantined, so never announced
)


@pytest.fixture
def bus(engine: Engine) -> Iterator[Bus]:
    b = make_bus("embedded://", engine)
    yield b
    b.close()


def _events(bus: Bus, topic: str) -> list[object]:
    return [m.event() for m in bus.tail(topic, 1000)]


def test_ingest__accepted_rows_are_announced_and_quarantined_ones_are_not(
    engine: Engine, bus: Bus, kb: KnowledgeBase, tmp_path: Path
) -> None:
    factory = session_factory(engine)
    OutboxRelay(bus, engine).attach(factory)
    path = tmp_path / "clientes.csv"
    path.write_text(GUESTS, encoding="utf-8")

    summary = ingest_file(factory, kb, "guests", path)

    created = [e for e in _events(bus, "guests") if isinstance(e, GuestCreated)]
    assert summary.accepted == 2 and summary.quarantined == 1
    assert sorted(e.guest_id for e in created) == sorted(summary.created_ids)
    assert pending(engine) == 0


def test_ingest__the_same_file_again_announces_nothing(
    engine: Engine, bus: Bus, kb: KnowledgeBase, tmp_path: Path
) -> None:
    factory = session_factory(engine)
    OutboxRelay(bus, engine).attach(factory)
    path = tmp_path / "clientes.csv"
    path.write_text(GUESTS, encoding="utf-8")
    ingest_file(factory, kb, "guests", path)
    before = len(_events(bus, "guests"))

    ingest_file(factory, kb, "guests", path)

    assert len(_events(bus, "guests")) == before


def test_single_records__create_and_update_announce_ids_and_field_names_only(
    engine: Engine, bus: Bus, kb: KnowledgeBase
) -> None:
    factory = session_factory(engine)
    OutboxRelay(bus, engine).attach(factory)
    with transaction(factory) as session:
        guest_id = create_record(session, kb, "guests", {"first_name": "Ana", "email": "a@x.pe"})
    with transaction(factory) as session:
        update_guest(session, guest_id, {"allergies_text": "maní", "notes": "junto a la ventana"})
    with transaction(factory) as session:
        values = {
            "guest_ref": str(guest_id),
            "rating": 5,
            "text": "¡Bacán!",
            "submitted_at": "2026-11-30T20:00:00",
        }
        fb_id = create_record(session, kb, "feedback", values)

    guests = _events(bus, "guests")
    feedback = _events(bus, "feedback")
    update = next(e for e in guests if isinstance(e, GuestUpdated))
    assert [type(e) for e in guests] == [GuestCreated, GuestUpdated]
    assert update.fields == ("allergies_text", "notes")
    assert "maní" not in update.model_dump_json() and "ventana" not in update.model_dump_json()
    assert isinstance(feedback[0], FeedbackReceived) and feedback[0].feedback_id == fb_id


def test_rollback__a_row_that_rolls_back_announces_nothing(
    engine: Engine, bus: Bus, kb: KnowledgeBase
) -> None:
    factory = session_factory(engine)
    OutboxRelay(bus, engine).attach(factory)

    def failing_request() -> None:
        with transaction(factory) as session:
            create_record(session, kb, "guests", {"first_name": "Ana", "email": "a@x.pe"})
            raise RuntimeError("the request failed after the write")

    with pytest.raises(RuntimeError):
        failing_request()

    assert pending(engine) == 0
    assert _events(bus, "guests") == []


def test_broker_down__events_wait_in_the_outbox_and_leave_with_the_next_relay(
    engine: Engine, bus: Bus, kb: KnowledgeBase, tmp_path: Path
) -> None:
    # Nothing listens on this port: every publish fails after the 1 s timeout.
    down = make_bus(f"kafka://127.0.0.1:{free_port()}?timeout=1", engine)
    factory: sessionmaker[Session] = session_factory(engine)
    failing = OutboxRelay(down, engine).attach(factory)
    path = tmp_path / "clientes.csv"
    path.write_text(GUESTS, encoding="utf-8")
    try:
        summary = ingest_file(factory, kb, "guests", path)
    finally:
        down.close()

    assert summary.accepted == 2  # the records are safe even though the broker was down
    assert failing.failures >= 1
    assert pending(engine) == 2
    assert relay(bus, engine) == 2
    assert pending(engine) == 0
    assert len(_events(bus, "guests")) == 2


def test_worker__relays_the_outbox_and_its_processors_see_the_events(
    engine: Engine, bus: Bus, kb: KnowledgeBase, tmp_path: Path
) -> None:
    factory = session_factory(engine)  # no relay attached: only the worker sends them
    path = tmp_path / "clientes.csv"
    path.write_text(GUESTS, encoding="utf-8")
    ingest_file(factory, kb, "guests", path)
    seen: list[int] = []

    def remember(event: object) -> None:
        assert isinstance(event, GuestCreated)
        seen.append(event.guest_id)

    with Worker(bus, engine, [Processor("test-guests", ("guests",), remember)]) as worker:
        stats = worker.drain(timeout=30)

    with factory() as session:
        ids = session.scalars(select(Guest.id).order_by(Guest.id)).all()
    assert stats.relayed == 2
    assert sorted(seen) == list(ids)


def _guest_ids_processor(settings: object) -> Processor:
    def handler(event: object) -> None:
        assert isinstance(event, GuestCreated)

    return Processor("cli-test", ("guests",), handler)


@pytest.fixture(params=["embedded", "kafka"])
def bus_url(request: pytest.FixtureRequest) -> Iterator[str]:
    if request.param == "embedded":
        yield "embedded://"
        return
    with tansu_broker() as broker:
        yield broker.url()


def test_cli__worker_drain_then_topics_lag_and_tail(
    store_url: str,
    bus_url: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("SAZON_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("SAZON_DATABASE_URL", store_url)
    monkeypatch.setenv("SAZON_BUS__URL", bus_url)
    monkeypatch.setitem(bus_cmds.PROCESSORS, "cli-test", f"{__name__}:_guest_ids_processor")
    path = tmp_path / "clientes.csv"
    path.write_text(GUESTS, encoding="utf-8")
    assert run(["init"]) == 0
    assert run(["ingest", "guests", str(path), "--format", "json"]) == 0
    capsys.readouterr()

    assert run(["worker", "--drain", "--processor", "cli-test"]) == 0
    assert "2 procesados" in capsys.readouterr().err

    assert run(["bus", "topics", "--format", "json"]) == 0
    topics = {t["topic"]: t for t in json.loads(capsys.readouterr().out)}
    assert topics["guests"]["messages"] == 2

    assert run(["bus", "lag", "--group", "cli-test", "--format", "json"]) == 0
    assert sum(p["lag"] for p in json.loads(capsys.readouterr().out)) == 0

    assert run(["bus", "tail", "guests", "-n", "1", "--format", "json"]) == 0
    (last,) = json.loads(capsys.readouterr().out)
    assert last["type"] == "guest.created" and "Rosa" not in json.dumps(last)


def test_cli__unknown_processor_is_a_clear_error(
    store_url: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("SAZON_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("SAZON_DATABASE_URL", store_url)
    assert run(["init"]) == 0
    capsys.readouterr()

    assert run(["worker", "--processor", "nope"]) == 1
    assert "unknown processor(s) nope" in capsys.readouterr().err


def test_relay__two_relays_at_once_send_each_event_once_and_in_order(
    engine: Engine, bus: Bus
) -> None:
    # The API's relay thread and a worker round can run at the same moment.
    with engine.begin() as conn:
        for i in range(300):
            stage(conn, [GuestCreated(guest_id=i % 7), GuestUpdated(guest_id=i % 7, fields=("x",))])
    errors: list[BaseException] = []

    def relay_all() -> None:
        try:
            while relay(bus, engine, batch=25):
                pass
        except BaseException as exc:  # reported below, not swallowed
            errors.append(exc)

    threads = [threading.Thread(target=relay_all) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)

    assert errors == []
    messages = bus.tail("guests", 1000)
    assert len(messages) == 600 and pending(engine) == 0
    for guest in range(7):  # one guest's events: created, updated, created, … as staged
        kinds = [m.type for m in messages if m.key == f"guest:{guest}"]
        assert kinds == ["guest.created", "guest.updated"] * (len(kinds) // 2)


def test_cli__prune_forgets_only_old_processed_ids(
    store_url: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("SAZON_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("SAZON_DATABASE_URL", store_url)
    monkeypatch.setitem(bus_cmds.PROCESSORS, "cli-test", f"{__name__}:_guest_ids_processor")
    path = tmp_path / "clientes.csv"
    path.write_text(GUESTS, encoding="utf-8")
    assert run(["init"]) == 0
    assert run(["ingest", "guests", str(path)]) == 0
    assert run(["worker", "--drain", "--processor", "cli-test"]) == 0
    capsys.readouterr()

    assert run(["bus", "prune", "--older-than-days", "1"]) == 0
    assert capsys.readouterr().out.startswith("0 id(s)")  # processed just now: kept

    engine = make_engine(store_url)
    with engine.begin() as conn:  # as if they had been processed 40 days ago
        conn.execute(update(bus_processed).values(processed_at=utcnow() - timedelta(days=40)))
    engine.dispose()
    assert run(["bus", "prune", "--older-than-days", "30"]) == 0
    assert capsys.readouterr().out.startswith("2 id(s)")
