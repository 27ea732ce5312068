"""What the bus does when things break: a broker restart, poison messages, a killed worker.

Run as a module, this file is also the worker process the kill test starts and kills:
``python -m tests.integration.test_bus_faults BUS_URL STORE_URL TOPIC GROUP``.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, event
from sqlalchemy.exc import OperationalError

from sazon.bus import (
    Bus,
    DomainEvent,
    GuestCreated,
    Processor,
    Retry,
    VisitRecorded,
    Worker,
    dlq_topic,
    make_bus,
)
from sazon.errors import DependencyUnavailable
from sazon.store import make_engine, upgrade
from tests.bus_effects import effect_counts, effects_metadata, record_effect
from tests.kafka_broker import TansuBroker, tansu_broker

pytestmark = pytest.mark.integration

REPO = Path(__file__).resolve().parents[2]


def run_until(worker: Worker, done: Callable[[], bool], timeout: float) -> None:
    """Keep a worker running (as `sazon worker` would) until ``done()`` or the timeout."""
    deadline = time.monotonic() + timeout
    while not done():
        assert time.monotonic() < deadline, "the worker did not recover in time"
        worker.run(max_idle_seconds=0.3)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[tuple[str, Engine]]:
    url = f"sqlite:///{tmp_path / 'store.db'}"
    engine = make_engine(url)
    upgrade(engine)
    effects_metadata.create_all(engine)
    yield url, engine
    engine.dispose()


@pytest.fixture
def broker() -> Iterator[TansuBroker]:
    """A broker of this test's own: the restart tests kill it."""
    with tansu_broker() as b:
        yield b


def names() -> tuple[str, str]:
    suffix = uuid.uuid4().hex[:8]
    return f"guests-{suffix}", f"faults-{suffix}"


# -- broker restart (Kafka) -------------------------------------------------------------------


def test_kafka_restart__publish_fails_clearly_then_producer_and_consumer_recover(
    broker: TansuBroker, store: tuple[str, Engine]
) -> None:
    _, engine = store
    topic, group = names()
    bus = make_bus(broker.url("timeout=2"), engine)
    worker = Worker(bus, engine, [Processor(group, (topic,), record_effect(group))])
    try:
        bus.publish_many(topic, [GuestCreated(guest_id=i) for i in range(5)])
        assert worker.drain().processed == 5

        broker.stop()
        started = time.monotonic()
        with pytest.raises(DependencyUnavailable, match=r"kafka at 127\.0\.0\.1:\d+ did not take"):
            bus.publish(topic, GuestCreated(guest_id=99))
        assert time.monotonic() - started < 10  # the `timeout`, not librdkafka's 5 minutes

        # Tansu keeps data in memory: the restarted broker has no topics, groups or offsets.
        broker.start()
        after = [GuestCreated(guest_id=i) for i in range(100, 105)]
        bus.publish_many(topic, after)  # a fresh producer; the topic is created again
        run_until(worker, lambda: effect_counts(engine)[0] >= 10, timeout=40)

        assert effect_counts(engine) == (10, 10)  # the failed publish left no trace
    finally:
        worker.close()
        bus.close()


def test_kafka_restart__a_publish_during_the_outage_is_delivered_after_reconnect(
    broker: TansuBroker, store: tuple[str, Engine]
) -> None:
    """Without idempotence a queued message waits for the broker (up to `timeout`).

    With the default idempotent producer the same publish fails after `timeout` on Tansu,
    which forgets producer ids on restart; that case is the test above.
    """
    _, engine = store
    topic, group = names()
    bus = make_bus(broker.url("timeout=15&producer.enable.idempotence=false"), engine)
    worker = Worker(bus, engine, [Processor(group, (topic,), record_effect(group))])
    try:
        bus.publish_many(topic, [GuestCreated(guest_id=i) for i in range(3)])
        assert worker.drain().processed == 3
        broker.stop()
        outcome: list[BaseException | None] = []

        def publish_late() -> None:
            try:
                bus.publish(topic, GuestCreated(guest_id=42))
                outcome.append(None)
            except BaseException as exc:
                outcome.append(exc)

        publisher = threading.Thread(target=publish_late)
        publisher.start()
        time.sleep(1.0)  # the publish is now blocked on a dead broker
        assert outcome == []
        broker.start()
        publisher.join(timeout=20)

        assert outcome == [None]
        run_until(worker, lambda: effect_counts(engine)[0] >= 4, timeout=40)
        assert effect_counts(engine) == (4, 4)
    finally:
        worker.close()
        bus.close()


# -- poison messages ----------------------------------------------------------------------------


@pytest.fixture(params=["embedded", "kafka"])
def bus_url(request: pytest.FixtureRequest) -> str:
    if request.param == "embedded":
        return "embedded://?partitions=3"
    broker: TansuBroker = request.getfixturevalue("broker")
    return broker.url()


def test_poison__only_the_poison_goes_to_the_dlq_and_the_stream_keeps_its_order(
    bus_url: str, store: tuple[str, Engine]
) -> None:
    _, engine = store
    topic, group = names()
    bus = make_bus(bus_url, engine)
    events = [VisitRecorded(visit_id=i, guest_id=i % 4) for i in range(40)]
    poison = {e.visit_id for e in events if e.visit_id % 10 == 7}
    seen: dict[str, list[int]] = defaultdict(list)

    def handler(event: DomainEvent) -> None:
        assert isinstance(event, VisitRecorded)
        if event.visit_id in poison:
            raise KeyError(f"visit {event.visit_id} names a venue we do not have")
        seen[event.key].append(event.visit_id)

    worker = Worker(
        bus, engine, [Processor(group, (topic,), handler, Retry(attempts=2, base_delay=0.01))]
    )
    try:
        bus.publish_many(topic, events)
        stats = worker.drain()

        assert (stats.processed, stats.dead_lettered) == (36, 4)
        for key, ids in seen.items():
            assert ids == sorted(ids), key
        letters = bus.tail(dlq_topic(topic), 100)
        assert sorted(m.event().id for m in letters) == sorted(
            e.id for e in events if e.visit_id in poison
        )
        assert all("names a venue we do not have" in m.headers["dlq.error"] for m in letters)

        # Replaying a message that is still poisonous sends it back to the DLQ, once.
        assert bus.replay_dlq(topic) == 4
        again = worker.drain()
        assert (again.processed, again.dead_lettered) == (0, 4)
        assert bus.replay_dlq(topic) == 4  # only the four new letters, not all eight
    finally:
        worker.close()
        bus.close()


# -- a worker killed with SIGKILL -------------------------------------------------------------

N_EVENTS = 200
KILL_BATCH = 50  # the killed worker's batch size
KILL_AT = 120  # the handler call after which it stops: the 20th event of its third batch


@pytest.mark.parametrize("where", ["after-store-commit", "inside-batch"])
@pytest.mark.parametrize(
    ("kind", "store_url"),
    [
        pytest.param("embedded", "sqlite", id="embedded-sqlite"),
        pytest.param("embedded", "postgres", id="embedded-postgres", marks=pytest.mark.postgres),
        pytest.param("kafka", "sqlite", id="kafka"),
    ],
    indirect=["store_url"],
)
def test_worker_killed__no_event_lost_and_no_effect_doubled(
    kind: str, store_url: str, where: str, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    """SIGKILL at the two places that matter, chosen by the worker process itself (no race):

    - after a batch's store transaction committed and before its offsets did (Kafka): the
      batch comes again and the ledger skips every event of it. The embedded log commits a
      batch's offsets in that same transaction: there nothing comes again;
    - inside a batch transaction, after some of its handlers ran: none of their effects may
      survive (the batch is all or nothing), and the whole batch comes again.
    """
    bus_url = (
        request.getfixturevalue("broker").url() if kind == "kafka" else "embedded://?partitions=3"
    )
    engine = make_engine(store_url)
    upgrade(engine)
    effects_metadata.create_all(engine)
    topic, group = names()
    bus = make_bus(bus_url, engine)
    events = [GuestCreated(guest_id=i) for i in range(N_EVENTS)]
    bus.publish_many(topic, events)
    log = tmp_path / "worker.log"
    marker = tmp_path / "paused"
    try:
        with log.open("wb") as out:
            child = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "tests.integration.test_bus_faults",
                    bus_url,
                    store_url,
                    topic,
                    group,
                    where,
                    str(marker),
                ],
                cwd=REPO,
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        try:
            deadline = time.monotonic() + 60
            while not marker.exists():
                assert child.poll() is None, log.read_text()
                assert time.monotonic() < deadline, "the worker process made no progress"
                time.sleep(0.02)
        finally:
            os.kill(child.pid, signal.SIGKILL)
            child.wait(timeout=10)

        applied_before_kill = effect_counts(engine)[0]
        committed = sum(p.committed or 0 for p in bus.lag(group, [topic]))
        if where == "after-store-commit" and kind == "kafka":
            assert applied_before_kill >= KILL_AT
            assert committed < applied_before_kill  # that batch will come again
        elif where == "after-store-commit":
            assert applied_before_kill >= KILL_AT
            assert committed == applied_before_kill  # offsets committed with the effects
        else:
            # Every committed batch is whole and the one in flight left nothing behind.
            assert applied_before_kill == committed < KILL_AT

        with Worker(bus, engine, [Processor(group, (topic,), record_effect(group))]) as worker:
            stats = worker.drain(timeout=60)

        assert effect_counts(engine) == (N_EVENTS, N_EVENTS)  # none lost, none twice
        assert stats.duplicates == applied_before_kill - committed  # the ledger caught them
        assert stats.processed == N_EVENTS - applied_before_kill
    finally:
        bus.close()
        engine.dispose()


def _worker_main(
    bus_url: str, store_url: str, topic: str, group: str, where: str, marker: str
) -> None:
    """The process the kill test kills. It stops itself where the test wants the kill (and
    says so by creating ``marker``), so the kill never races the worker."""
    engine = make_engine(store_url)
    bus: Bus = make_bus(bus_url, engine)
    calls = 0

    def park() -> None:
        Path(marker).touch()
        time.sleep(600)

    def handler(event: DomainEvent) -> None:
        nonlocal calls
        record_effect(group)(event)
        calls += 1
        if where == "inside-batch" and calls == KILL_AT:
            park()  # inside the batch transaction, its effects not committed

    if where == "after-store-commit":
        # A connection goes back to the pool right after its transaction committed: when the
        # batch with the KILL_AT-th event did, its offsets have not been committed yet.
        def after_commit(*_args: object) -> None:
            if calls >= KILL_AT:
                park()

        event.listen(engine.pool, "checkin", after_commit)
    processor = Processor(group, (topic,), handler)
    Worker(bus, engine, [processor], batch_size=KILL_BATCH).run(max_idle_seconds=60)


if __name__ == "__main__":
    _worker_main(*sys.argv[1:7])


# -- the store fails while a consumer reads (embedded) -----------------------------------------


def test_store_error_mid_read__the_worker_resumes_without_losing_events(
    store: tuple[str, Engine],
) -> None:
    """A read that fails on the second partition must not move the consumer past the first.

    The failure is injected into the real SQLite store: its second read of the log raises
    the error a dropped connection raises.
    """
    _, engine = store
    topic, group = names()
    bus = make_bus("embedded://?partitions=2", engine)
    bus.publish_many(topic, [GuestCreated(guest_id=i) for i in range(40)])
    reads = {"n": 0, "fail": True}

    def flaky(conn: object, cursor: object, statement: str, *_args: object) -> None:
        if (
            reads["fail"]
            and statement.lstrip().upper().startswith("SELECT")
            and ("FROM bus_messages" in statement)
        ):
            reads["n"] += 1
            if reads["n"] == 2:
                raise OperationalError(statement, {}, Exception("connection lost"))

    event.listen(engine, "before_cursor_execute", flaky)
    worker = Worker(bus, engine, [Processor(group, (topic,), record_effect(group))])
    try:
        with pytest.raises(DependencyUnavailable):
            worker.drain(timeout=30)
        reads["fail"] = False
        worker.drain(timeout=30)  # the same worker, as `sazon serve --worker` retries
    finally:
        event.remove(engine, "before_cursor_execute", flaky)
        worker.close()

    assert effect_counts(engine) == (40, 40)
    assert sum(p.lag for p in bus.lag(group, [topic])) == 0


def test_kafka_foreign_bytes__a_key_that_is_not_utf8_is_dead_lettered_not_fatal(
    store: tuple[str, Engine], broker: TansuBroker
) -> None:
    """Any producer can write to a topic; bytes we cannot decode must not stop the group."""
    from confluent_kafka import Producer

    _, engine = store
    topic, group = names()
    bus = make_bus(broker.url(), engine)
    bus.ensure_topics([topic])
    raw = Producer({"bootstrap.servers": broker.bootstrap})
    raw.produce(topic, value=b"\x00\x9f not json", key=b"\xff\xfe", headers=[("x", b"\xfa")])
    assert raw.flush(10) == 0
    bus.publish(topic, GuestCreated(guest_id=7))
    worker = Worker(bus, engine, [Processor(group, (topic,), record_effect(group))])
    try:
        stats = worker.drain(timeout=60)
    finally:
        worker.close()
        bus.close()

    assert (stats.processed, stats.dead_lettered) == (1, 1)
    assert effect_counts(engine) == (1, 1)
