"""The worker takes events in batches: one ledger look-up and one store transaction per batch,
and a failing event falls back to its own retries without undoing or repeating the others.

Embedded bus over a temp SQLite file; transactions are counted with SQLAlchemy's own events.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

import pytest
from sqlalchemy import Engine, event, insert
from sqlalchemy.exc import OperationalError

from sazon.bus import (
    DomainEvent,
    GuestCreated,
    Processor,
    Retry,
    Worker,
    current_connection,
    dlq_topic,
)
from sazon.bus.embedded import EmbeddedBus
from sazon.errors import DependencyUnavailable
from tests.bus_effects import effect_counts, effects
from tests.unit.test_bus_worker import bus, engine

# The store and bus fixtures of the worker's tests, with this file's effects table too.
__all__ = ["bus", "engine"]

NO_WAIT = Retry(attempts=3, base_delay=0.0)


class StoreCounter:
    """Commits and ledger look-ups the store sees while it is attached."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.commits = 0
        self.lookups = 0

    def _commit(self, _conn: Any) -> None:
        self.commits += 1

    def _statement(self, _c: Any, _cur: Any, statement: str, *_rest: Any) -> None:
        if statement.lstrip().upper().startswith("SELECT") and "FROM bus_processed" in statement:
            self.lookups += 1

    def __enter__(self) -> StoreCounter:
        event.listen(self.engine, "commit", self._commit)
        event.listen(self.engine, "before_cursor_execute", self._statement)
        return self

    def __exit__(self, *_exc: object) -> None:
        event.remove(self.engine, "commit", self._commit)
        event.remove(self.engine, "before_cursor_execute", self._statement)


def effect(event: DomainEvent, calls: Counter[int]) -> None:
    assert isinstance(event, GuestCreated)
    calls[event.guest_id] += 1
    current_connection().execute(insert(effects).values(grp="g", event_id=event.id))


def test_batch__one_ledger_lookup_and_one_transaction_per_batch(
    bus: EmbeddedBus, engine: Engine
) -> None:
    bus.publish_many("guests", [GuestCreated(guest_id=i) for i in range(50)])
    calls: Counter[int] = Counter()
    worker = Worker(
        bus,
        engine,
        [Processor("g", ("guests",), lambda e: effect(e, calls))],
        batch_size=50,
        relay_outbox=False,
    )
    with StoreCounter(engine) as store:
        stats = worker.run(stop_after=50)

    assert (stats.processed, effect_counts(engine)) == (50, (50, 50))
    # The batch's effects, ledger marks and the group's offsets: one commit, not 51.
    assert (store.commits, store.lookups) == (1, 1)
    assert [p.committed for p in bus.lag("g")] == [50]


def test_batch__an_empty_outbox_costs_a_round_no_transaction(
    bus: EmbeddedBus, engine: Engine
) -> None:
    """The worker relays the outbox every round; with nothing staged that is one read, not a
    write transaction (on SQLite, the store's write lock and a commit per round)."""
    bus.publish_many("guests", [GuestCreated(guest_id=i) for i in range(20)])
    calls: Counter[int] = Counter()
    worker = Worker(
        bus, engine, [Processor("g", ("guests",), lambda e: effect(e, calls))], batch_size=20
    )
    with StoreCounter(engine) as store:
        stats = worker.run(stop_after=20)

    assert (stats.processed, stats.relayed, effect_counts(engine)) == (20, 0, (20, 20))
    assert store.commits == 1  # the batch with its offsets


def test_batch__a_poisoned_event_goes_to_the_dlq_and_the_others_commit_once(
    bus: EmbeddedBus, engine: Engine
) -> None:
    published = [GuestCreated(guest_id=i) for i in range(10)]
    bus.publish_many("guests", published)
    bus.ensure_topics([dlq_topic("guests")])  # creating it would be one more commit
    calls: Counter[int] = Counter()

    def handler(event: DomainEvent) -> None:
        effect(event, calls)  # the poison writes too: its writes must be rolled back
        assert isinstance(event, GuestCreated)
        if event.guest_id == 4:
            raise ValueError("guest 4 names a venue we do not have")

    worker = Worker(
        bus,
        engine,
        [Processor("g", ("guests",), handler, NO_WAIT)],
        batch_size=10,
        relay_outbox=False,
        sleep=lambda _s: None,
    )
    with StoreCounter(engine) as store:
        stats = worker.run(stop_after=10)

    assert (stats.processed, stats.retries, stats.dead_lettered) == (9, 2, 1)
    assert effect_counts(engine) == (9, 9)
    # Every good handler ran once; the poison once per attempt (the first inside the batch).
    assert calls == {**dict.fromkeys(range(10), 1), 4: 3}
    # Events 0-3 in one transaction, the dead letter, events 5-9 with the offsets in one.
    assert store.commits == 3
    [letter] = bus.tail(dlq_topic("guests"))
    assert letter.event() == published[4]
    assert letter.headers["dlq.attempts"] == "3"
    assert "names a venue" in letter.headers["dlq.error"]


def test_batch__an_event_twice_in_one_batch_applies_once(bus: EmbeddedBus, engine: Engine) -> None:
    again = GuestCreated(guest_id=7)
    bus.publish_many("guests", [GuestCreated(guest_id=1), again, GuestCreated(guest_id=2), again])
    calls: Counter[int] = Counter()
    worker = Worker(bus, engine, [Processor("g", ("guests",), lambda e: effect(e, calls))])

    stats = worker.drain(timeout=5)

    assert (stats.processed, stats.duplicates) == (3, 1)
    assert effect_counts(engine) == (3, 3)


def test_batch__a_long_batch_commits_in_parts_after_max_transaction_seconds(
    bus: EmbeddedBus, engine: Engine
) -> None:
    bus.publish_many("guests", [GuestCreated(guest_id=i) for i in range(5)])
    calls: Counter[int] = Counter()
    worker = Worker(
        bus,
        engine,
        [Processor("g", ("guests",), lambda e: effect(e, calls))],
        max_transaction_seconds=0.0,  # every event overruns it: one transaction each
        relay_outbox=False,
    )
    with StoreCounter(engine) as store:
        stats = worker.run(stop_after=5)

    assert (stats.processed, effect_counts(engine)) == (5, (5, 5))
    assert store.commits == 5  # the last one with the offsets
    assert calls == dict.fromkeys(range(5), 1)


def test_batch__a_batch_handler_gets_the_new_events_at_once(
    bus: EmbeddedBus, engine: Engine
) -> None:
    bus.publish_many("guests", [GuestCreated(guest_id=i) for i in range(6)])
    seen: list[list[int]] = []

    def many(events: Sequence[DomainEvent]) -> None:
        seen.append([e.guest_id for e in events if isinstance(e, GuestCreated)])
        rows = [{"grp": "g", "event_id": e.id} for e in events]
        current_connection().execute(insert(effects), rows)

    def one(_event: DomainEvent) -> None:
        raise AssertionError("the batch handler succeeded: no per-event call")

    worker = Worker(bus, engine, [Processor("g", ("guests",), one, batch_handler=many)])
    stats = worker.drain(timeout=5)

    assert (stats.processed, seen) == (6, [[0, 1, 2, 3, 4, 5]])
    assert effect_counts(engine) == (6, 6)


def test_batch__a_failing_batch_handler_falls_back_to_the_per_event_handler(
    bus: EmbeddedBus, engine: Engine
) -> None:
    """Per event only up to the event at fault: after it, the batch handler takes the rest."""
    bus.publish_many("guests", [GuestCreated(guest_id=i) for i in range(6)])
    calls: Counter[int] = Counter()
    batches: list[list[int]] = []

    def many(events: Sequence[DomainEvent]) -> None:
        batches.append([e.guest_id for e in events if isinstance(e, GuestCreated)])
        rows = [{"grp": "g", "event_id": e.id} for e in events]
        current_connection().execute(insert(effects), rows)  # rolled back below
        if 3 in batches[-1]:
            raise ValueError("one of them is bad, but which?")

    def one(event: DomainEvent) -> None:
        effect(event, calls)
        assert isinstance(event, GuestCreated)
        if event.guest_id == 3:
            raise ValueError("guest 3 is the bad one")

    processor = Processor("g", ("guests",), one, NO_WAIT, batch_handler=many)
    worker = Worker(bus, engine, [processor], sleep=lambda _s: None)
    stats = worker.drain(timeout=5)

    assert (stats.processed, stats.dead_lettered) == (5, 1)
    assert effect_counts(engine) == (5, 5)
    assert calls == {0: 1, 1: 1, 2: 1, 3: 3}
    assert batches == [[0, 1, 2, 3, 4, 5], [4, 5]]


def test_batch__a_store_outage_mid_batch_still_stops_the_worker(
    bus: EmbeddedBus, engine: Engine
) -> None:
    bus.publish_many("guests", [GuestCreated(guest_id=i) for i in range(4)])
    calls: Counter[int] = Counter()

    def needs_store(event: DomainEvent) -> None:
        assert isinstance(event, GuestCreated)
        if event.guest_id == 2:
            raise OperationalError("SELECT 1", {}, Exception("connection refused"))
        effect(event, calls)

    worker = Worker(
        bus, engine, [Processor("g", ("guests",), needs_store, NO_WAIT)], sleep=lambda _s: None
    )
    with pytest.raises(DependencyUnavailable, match="resumes from the committed offset"):
        worker.drain(timeout=5)

    # The events before the outage committed once; nothing was dead-lettered or committed
    # past them, so a restarted worker sees events 0-3 again and skips 0 and 1.
    assert effect_counts(engine) == (2, 2)
    assert [p.committed for p in bus.lag("g", ["guests"])] == [None]
    assert dlq_topic("guests") not in {t.name for t in bus.topics()}


def test_batch__kafka_commit_errors_reported_later_stop_the_consumer_unless_retriable() -> None:
    """Kafka commits are sent without waiting: a failure the client reports afterwards must
    still stop the worker (a fatal one) or only be logged (redelivery, the ledger skips)."""
    from confluent_kafka import KafkaError

    from sazon.bus.kafka_consumer import KafkaConsumer

    # No broker at this address: nothing here needs one (the client connects lazily).
    consumer = KafkaConsumer({"bootstrap.servers": "127.0.0.1:9"}, "g", ["guests"])
    try:
        consumer._committed(KafkaError(KafkaError.REBALANCE_IN_PROGRESS), [])
        consumer.flush()  # retriable: logged, not raised
        consumer._committed(KafkaError(KafkaError.INVALID_COMMIT_OFFSET_SIZE), [])
        with pytest.raises(DependencyUnavailable, match="commit for group 'g' failed"):
            consumer.poll(1, 0)
        consumer.flush()  # reported once
    finally:
        consumer._consumer.close()


def test_batch__kafka_does_not_commit_a_partition_revoked_mid_batch() -> None:
    """A batch read before a revoke may hold another member's partition by the time it is
    committed: that offset is not sent (nor kept for the next flush), which would move the
    group's offset back under its new owner."""
    from confluent_kafka import TopicPartition

    from sazon.bus.base import Message
    from sazon.bus.kafka_consumer import KafkaConsumer

    consumer = KafkaConsumer({"bootstrap.servers": "127.0.0.1:9"}, "g", ["guests"])
    sent: list[dict[tuple[str, int], int]] = []
    consumer._send = lambda upto, asynchronous: sent.append(dict(upto))  # type: ignore[method-assign]
    try:
        parts = [TopicPartition("guests", 0), TopicPartition("guests", 1)]
        consumer._assigned(consumer._consumer, parts)
        batch = [Message("guests", p, o, None, "", b"{}", {}, None) for p in (0, 1) for o in (4, 5)]
        consumer._revoked(consumer._consumer, parts[:1])
        consumer.commit(batch)
        assert sent == [{("guests", 1): 6}]
        consumer.flush()
        assert sent[-1] == {("guests", 1): 6}  # the flush sends the owned partition only
    finally:
        consumer._consumer.close()


def test_batch__fewer_young_collections_while_the_worker_runs_then_as_before(
    bus: EmbeddedBus, engine: Engine
) -> None:
    import gc

    from sazon.bus.processor import YOUNG_THRESHOLD

    bus.publish_many("guests", [GuestCreated(guest_id=i) for i in range(3)])
    before = gc.get_threshold()
    seen: list[int] = []
    worker = Worker(
        bus, engine, [Processor("g", ("guests",), lambda _e: seen.append(gc.get_threshold()[0]))]
    )

    assert worker.drain(timeout=5).processed == 3

    assert seen == [max(before[0], YOUNG_THRESHOLD)] * 3
    assert gc.get_threshold() == before
