"""The worker's rules, on the embedded bus over a temp SQLite file (fast, no services)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Column, Engine, Integer, MetaData, String, Table, func, insert, select
from sqlalchemy.exc import OperationalError

from sazon.bus import (
    DomainEvent,
    GuestCreated,
    Processor,
    Retry,
    Worker,
    current_connection,
    dlq_topic,
    make_bus,
)
from sazon.bus.embedded import EmbeddedBus
from sazon.bus.tables import metadata as bus_metadata
from sazon.errors import DependencyUnavailable, InvalidInput
from sazon.store import make_engine
from tests.bus_effects import effects_metadata as shared_effects_metadata

effects_metadata = MetaData()
effects = Table(
    "effects",
    effects_metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("event_id", String(64), nullable=False),
)
NO_WAIT = Retry(attempts=3, base_delay=0.0)


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[Engine]:
    eng = make_engine(f"sqlite:///{tmp_path / 'bus.db'}")
    bus_metadata.create_all(eng)
    effects_metadata.create_all(eng)
    shared_effects_metadata.create_all(eng)  # for test_bus_batches, which shares this store
    yield eng
    eng.dispose()


@pytest.fixture
def bus(engine: Engine) -> EmbeddedBus:
    made = make_bus("embedded://", engine)
    assert isinstance(made, EmbeddedBus)
    return made


def count_effects(engine: Engine) -> int:
    with engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(effects)).scalar_one())


def write_effect(event: DomainEvent) -> None:
    current_connection().execute(insert(effects).values(event_id=event.id))


@pytest.mark.parametrize(
    ("retry", "delays"),
    [
        (Retry(attempts=5, base_delay=0.2), [0.2, 0.4, 0.8, 1.6]),
        (Retry(attempts=5, base_delay=0.1, factor=3.0, max_delay=0.5), [0.1, 0.3, 0.5, 0.5]),
    ],
)
def test_retry__backs_off_exponentially_up_to_the_cap(retry: Retry, delays: list[float]) -> None:
    assert [pytest.approx(retry.delay(a)) for a in range(1, 5)] == delays


def test_worker__a_store_outage_stops_the_worker_instead_of_dead_lettering(
    bus: EmbeddedBus, engine: Engine
) -> None:
    bus.publish("guests", GuestCreated(guest_id=1))
    store_up = False

    def needs_store(event: DomainEvent) -> None:
        if not store_up:
            raise OperationalError("SELECT 1", {}, Exception("connection refused"))
        write_effect(event)

    processor = Processor("profiles", ("guests",), needs_store, NO_WAIT)
    worker = Worker(bus, engine, [processor], sleep=lambda _s: None)
    with pytest.raises(DependencyUnavailable, match="resumes from the committed offset"):
        worker.drain(timeout=5)

    assert dlq_topic("guests") not in {t.name for t in bus.topics()}
    assert [p.lag for p in bus.lag("profiles")] == []  # nothing committed

    store_up = True
    again = Worker(bus, engine, [processor]).drain(timeout=5)
    assert again.processed == 1
    assert count_effects(engine) == 1


def test_worker__stop_after_takes_exactly_that_many_and_commits_them(
    bus: EmbeddedBus, engine: Engine
) -> None:
    bus.publish_many("guests", [GuestCreated(guest_id=i) for i in range(10)])
    worker = Worker(bus, engine, [Processor("g", ("guests",), write_effect)])

    first = worker.run(stop_after=4)
    assert (first.handled, count_effects(engine)) == (4, 4)
    assert [p.committed for p in bus.lag("g")] == [4]

    rest = worker.run(max_idle_seconds=0.05)
    assert (rest.handled, count_effects(engine)) == (6, 10)


def test_worker__run_returns_after_the_idle_time(bus: EmbeddedBus, engine: Engine) -> None:
    worker = Worker(bus, engine, [Processor("g", ("quiet",), write_effect)], poll_timeout=0.01)
    assert worker.run(max_idle_seconds=0.05).handled == 0


def test_worker__stop_ends_run_from_another_place(bus: EmbeddedBus, engine: Engine) -> None:
    bus.publish_many("guests", [GuestCreated(guest_id=i) for i in range(3)])
    worker = Worker(bus, engine)

    @worker.processor("g", ["guests"])
    def stop_on_first(event: DomainEvent) -> None:
        worker.stop()

    stats = worker.run()
    assert stats.handled == 3  # the batch in hand is finished, then run returns


def test_worker__a_failing_dead_letter_is_not_looped_into_its_own_dlq(
    bus: EmbeddedBus, engine: Engine
) -> None:
    bus.publish("guests.dlq", GuestCreated(guest_id=1))

    def broken(event: DomainEvent) -> None:
        raise ValueError("still broken")

    worker = Worker(bus, engine, [Processor("dlq-reader", ("guests.dlq",), broken, NO_WAIT)])
    stats = worker.drain(timeout=5)

    assert (stats.handled, stats.dead_lettered) == (1, 0)
    assert {t.name: t.messages for t in bus.topics()} == {"guests.dlq": 1}


def test_worker__refuses_ambiguous_set_ups(bus: EmbeddedBus, engine: Engine) -> None:
    worker = Worker(bus, engine, [Processor("g", ("guests",), write_effect)])
    with pytest.raises(InvalidInput, match="two processors"):
        worker.add(Processor("g", ("visits",), write_effect))
    with pytest.raises(InvalidInput, match="no topic"):
        worker.add(Processor("h", (), write_effect))


def test_current_connection__only_inside_a_handler() -> None:
    with pytest.raises(RuntimeError, match="inside a bus handler"):
        current_connection()


def test_embedded__partitions_are_fixed_when_the_topic_is_created(engine: Engine) -> None:
    three = make_bus("embedded://?partitions=3", engine)
    three.publish_many("visits", [GuestCreated(guest_id=i) for i in range(30)])
    one = make_bus("embedded://?partitions=1", engine)  # another process, other settings
    one.publish("visits", GuestCreated(guest_id=99))

    [info] = one.topics()
    assert (info.partitions, info.messages) == (3, 31)
    spread = [p.end for p in one.lag("nobody", ["visits"])]
    assert len(spread) == 3 and sum(spread) == 31 and min(spread) > 0


def test_embedded__tail_returns_the_last_messages_oldest_first(bus: EmbeddedBus) -> None:
    events = [GuestCreated(guest_id=i) for i in range(5)]
    bus.publish_many("guests", events)

    assert [m.event() for m in bus.tail("guests", 2)] == events[3:]
    assert bus.tail("nothing-here", 5) == []


def test_embedded__a_store_without_bus_tables_says_how_to_fix_it(tmp_path: Path) -> None:
    bare = make_engine(f"sqlite:///{tmp_path / 'bare.db'}")
    try:
        with pytest.raises(DependencyUnavailable, match="sazon init"):
            make_bus("embedded://", bare).publish("guests", GuestCreated(guest_id=1))
    finally:
        bare.dispose()
