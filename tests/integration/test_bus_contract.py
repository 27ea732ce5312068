"""One contract for every bus backend: the embedded log on SQLite and on PostgreSQL, and Kafka
(the Tansu broker). The processed-ids ledger is the SQL store in every case.

Topic and group names are unique per test, so the Kafka broker is shared by the module.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest
from sqlalchemy import Engine, func, select

from sazon.bus import (
    Bus,
    DomainEvent,
    GuestCreated,
    Processor,
    Record,
    Retry,
    VisitRecorded,
    Worker,
    dlq_topic,
    make_bus,
)
from sazon.store import make_engine, upgrade
from tests.bus_effects import effects, effects_metadata, record_effect
from tests.kafka_broker import TansuBroker, tansu_broker

pytestmark = [
    pytest.mark.integration,
    pytest.mark.parametrize(
        ("bus_kind", "store_url"),
        [
            pytest.param("embedded", "sqlite", id="embedded-sqlite"),
            pytest.param(
                "embedded", "postgres", id="embedded-postgres", marks=pytest.mark.postgres
            ),
            pytest.param("kafka", "sqlite", id="kafka"),
        ],
        indirect=["store_url"],
    ),
]

FAST_RETRY = Retry(attempts=3, base_delay=0.01)


@pytest.fixture(scope="module")
def kafka() -> Iterator[TansuBroker]:
    with tansu_broker() as broker:
        yield broker


@dataclass
class BusEnv:
    """One backend under test, plus what a test needs to restart things like a process."""

    kind: str
    url: str
    store_url: str
    engine: Engine
    suffix: str = field(default_factory=lambda: uuid.uuid4().hex[:8])
    _open: list[Bus | Worker] = field(default_factory=list)
    _engines: list[Engine] = field(default_factory=list)

    def name(self, base: str) -> str:
        return f"{base}-{self.suffix}"

    def bus(self, *, fresh_engine: bool = False) -> Bus:
        """A new bus client; ``fresh_engine`` also opens the store anew (a new process)."""
        engine = self.engine
        if fresh_engine:
            engine = make_engine(self.store_url)
            self._engines.append(engine)
        bus = make_bus(self.url, engine)
        self._open.append(bus)
        return bus

    def worker(self, bus: Bus, *processors: Processor, **kwargs: object) -> Worker:
        worker = Worker(bus, self.engine, processors, **kwargs)  # type: ignore[arg-type]
        self._open.append(worker)
        return worker

    def effect_count(self, group: str | None = None) -> int:
        stmt = select(func.count()).select_from(effects)
        if group is not None:
            stmt = stmt.where(effects.c.grp == group)
        with self.engine.connect() as conn:
            return int(conn.execute(stmt).scalar_one())

    def close(self) -> None:
        for thing in reversed(self._open):
            thing.close()
        for engine in self._engines:
            engine.dispose()


@pytest.fixture
def env(bus_kind: str, store_url: str, request: pytest.FixtureRequest) -> Iterator[BusEnv]:
    engine = make_engine(store_url)
    upgrade(engine)
    effects_metadata.create_all(engine)
    if bus_kind == "kafka":
        url = request.getfixturevalue("kafka").url()
    else:
        url = "embedded://?partitions=3"
    bus_env = BusEnv(bus_kind, url, store_url, engine)
    try:
        yield bus_env
    finally:
        bus_env.close()
        engine.dispose()


def total_lag(bus: Bus, group: str, topic: str) -> int:
    return sum(p.lag for p in bus.lag(group, [topic]) if p.topic == topic)


def test_contract__one_keys_events_arrive_in_publish_order(env: BusEnv) -> None:
    topic = env.name("visits")
    events = [VisitRecorded(visit_id=i, guest_id=i % 7) for i in range(60)]
    bus = env.bus()
    bus.publish_many(topic, events[:30])
    for event in events[30:]:
        bus.publish(topic, event)
    seen: list[VisitRecorded] = []

    def handler(event: DomainEvent) -> None:
        assert isinstance(event, VisitRecorded)
        seen.append(event)

    stats = env.worker(bus, Processor(env.name("order"), (topic,), handler)).drain()

    assert stats.processed == 60
    assert sorted(e.visit_id for e in seen) == list(range(60))
    by_key: dict[str, list[int]] = defaultdict(list)
    for e in seen:
        by_key[e.key].append(e.visit_id)
    assert len(by_key) == 7
    for key, visit_ids in by_key.items():
        assert visit_ids == sorted(visit_ids), key


def test_contract__every_group_sees_every_event(env: BusEnv) -> None:
    topic = env.name("guests")
    bus = env.bus()
    events = [GuestCreated(guest_id=i, source="csv") for i in range(12)]
    bus.publish_many(topic, events)
    seen: dict[str, list[str]] = {"a": [], "b": []}
    worker = env.worker(
        bus,
        Processor(env.name("a"), (topic,), lambda e: seen["a"].append(e.id)),
        Processor(env.name("b"), (topic,), lambda e: seen["b"].append(e.id)),
    )

    stats = worker.drain()

    assert stats.processed == 24
    assert sorted(seen["a"]) == sorted(seen["b"]) == sorted(e.id for e in events)
    assert total_lag(bus, env.name("a"), topic) == 0
    assert total_lag(bus, env.name("b"), topic) == 0


def test_contract__a_new_member_resumes_after_the_committed_offset(env: BusEnv) -> None:
    topic, group = env.name("visits"), env.name("resume")
    first, later = (
        [VisitRecorded(visit_id=i, guest_id=i) for i in range(10)],
        [VisitRecorded(visit_id=i, guest_id=i) for i in range(10, 15)],
    )
    bus = env.bus()
    bus.publish_many(topic, first)
    seen: list[str] = []
    worker = env.worker(bus, Processor(group, (topic,), lambda e: seen.append(e.id)))
    assert worker.drain().processed == 10
    worker.close()
    bus.close()

    # A new process: new store connection, new bus client, same group.
    restarted = env.bus(fresh_engine=True)
    restarted.publish_many(topic, later)
    assert total_lag(restarted, group, topic) == 5
    seen.clear()
    stats = env.worker(restarted, Processor(group, (topic,), lambda e: seen.append(e.id))).drain()

    # The committed offset, not the ledger, kept the first ten away: nothing was skipped.
    assert (stats.processed, stats.duplicates) == (5, 0)
    assert sorted(seen) == sorted(e.id for e in later)
    assert total_lag(restarted, group, topic) == 0


def test_contract__a_redelivered_event_is_applied_once_per_group(env: BusEnv) -> None:
    topic, group_a, group_b = env.name("guests"), env.name("fx-a"), env.name("fx-b")
    bus = env.bus()
    event, other = GuestCreated(guest_id=1), GuestCreated(guest_id=2)
    bus.publish(topic, event)
    bus.publish(topic, other)
    bus.publish(topic, event)  # the same id again: what a redelivery looks like
    worker = env.worker(
        bus,
        Processor(group_a, (topic,), record_effect(group_a)),
        Processor(group_b, (topic,), record_effect(group_b)),
    )

    stats = worker.drain()

    assert (stats.handled, stats.processed, stats.duplicates) == (6, 4, 2)
    assert env.effect_count(group_a) == 2
    assert env.effect_count(group_b) == 2


def test_contract__a_failing_handler_is_retried_with_backoff(env: BusEnv) -> None:
    topic, group = env.name("guests"), env.name("flaky")
    bus = env.bus()
    bus.publish(topic, GuestCreated(guest_id=5))
    attempts: list[int] = []

    def flaky(event: DomainEvent) -> None:
        record_effect(group)(event)  # written, then rolled back on the failed attempts
        attempts.append(1)
        if len(attempts) < 3:
            raise TimeoutError("the model server is warming up")

    delays: list[float] = []
    retry = Retry(attempts=4, base_delay=0.01, factor=2.0)
    worker = env.worker(bus, Processor(group, (topic,), flaky, retry), sleep=delays.append)

    stats = worker.drain()

    assert (stats.processed, stats.retries, stats.dead_lettered) == (1, 2, 0)
    assert delays == [0.01, 0.02]
    assert env.effect_count(group) == 1
    assert dlq_topic(topic) not in {t.name for t in bus.topics()}


def test_contract__poison_goes_to_the_dlq_with_its_error_and_the_group_moves_on(
    env: BusEnv,
) -> None:
    topic, group = env.name("visits"), env.name("poison")
    bus = env.bus()
    ok1, poison, ok2 = (VisitRecorded(visit_id=i, guest_id=9) for i in (1, 2, 3))
    bus.publish_many(topic, [ok1, poison, ok2])
    fixed = False
    seen: list[int] = []

    def handler(event: DomainEvent) -> None:
        assert isinstance(event, VisitRecorded)
        if event.visit_id == 2 and not fixed:
            raise ValueError("no puedo con la visita 2")
        seen.append(event.visit_id)

    worker = env.worker(bus, Processor(group, (topic,), handler, FAST_RETRY), sleep=lambda _s: None)
    stats = worker.drain()

    assert (stats.processed, stats.dead_lettered, stats.retries) == (2, 1, 2)
    assert seen == [1, 3]  # same key: the poison did not hold back the visit behind it
    assert total_lag(bus, group, topic) == 0
    [letter] = bus.tail(dlq_topic(topic), 10)
    assert letter.event() == poison
    assert letter.headers["dlq.error"] == "ValueError: no puedo con la visita 2"
    assert letter.headers["dlq.attempts"] == "3"
    assert letter.headers["dlq.original-topic"] == topic
    assert letter.headers["dlq.group"] == group
    counts = {t.name: t.messages for t in bus.topics()}
    assert (counts[topic], counts[dlq_topic(topic)]) == (3, 1)

    fixed = True
    assert bus.replay_dlq(topic) == 1
    assert bus.replay_dlq(topic) == 0  # the replay cursor moved: never twice
    again = worker.drain()

    assert (again.processed, again.dead_lettered) == (1, 0)
    assert seen == [1, 3, 2]
    [replayed] = [m for m in bus.tail(topic, 10) if "replayed-from" in m.headers]
    assert replayed.headers["replayed-from"] == dlq_topic(topic)
    assert not any(k.startswith("dlq.") for k in replayed.headers)


def test_contract__a_message_that_is_not_an_event_is_dead_lettered_without_retries(
    env: BusEnv,
) -> None:
    topic, group = env.name("guests"), env.name("decode")
    bus = env.bus()
    broken = Record("guest:1", "guest.created", b'{"type": "guest.created", "nombre": "Rosa"}')
    bus.send(topic, [broken])
    bus.publish(topic, GuestCreated(guest_id=1))
    delays: list[float] = []
    worker = env.worker(
        bus, Processor(group, (topic,), record_effect(group), FAST_RETRY), sleep=delays.append
    )

    stats = worker.drain()

    assert (stats.processed, stats.dead_lettered, delays) == (1, 1, [])
    [letter] = bus.tail(dlq_topic(topic), 10)
    error = letter.headers["dlq.error"]
    assert error.startswith("EventDecodeError: invalid guest.created")
    assert "guest_id" in error
    assert "Rosa" not in error  # input values never reach the DLQ headers or the logs
