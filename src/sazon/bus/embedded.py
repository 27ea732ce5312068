"""``embedded://``: a durable, partitioned log in the SQL store (SQLite or PostgreSQL).

No server to run: topics are rows in ``bus_messages``, a consumer group's position is a row in
``bus_offsets``, so events survive restarts and a worker resumes from its committed offset.

Offsets are handed out by an UPDATE on the partition's ``bus_partitions`` row. That row stays
locked until the publisher commits, so publishers on one partition queue up and their offsets
become visible in order; a consumer can never read offset 8, commit 9 and miss a 7 that was
still in flight (the classic hole of ``max(offset) + 1`` logs on PostgreSQL).

Members of one group are not coordinated here (Kafka's group protocol does that): run one
worker per group. Two would both read everything; the processed-ids ledger still keeps every
effect single, they just do the work twice.
"""

from __future__ import annotations

import json
import zlib
from collections import defaultdict
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Connection, Engine, func, insert, select, update
from sqlalchemy.exc import IntegrityError

from sazon.bus.base import (
    REPLAY_GROUP,
    Message,
    PartitionLag,
    Publishing,
    Record,
    TopicInfo,
    dlq_topic,
    replay_target,
)
from sazon.bus.embedded_consumer import EmbeddedConsumer, dialect_insert, read_tail
from sazon.bus.tables import (
    STORE_ERRORS,
    bus_messages,
    bus_offsets,
    bus_partitions,
    store_unavailable,
)
from sazon.errors import InvalidInput
from sazon.monitoring import BUS_PUBLISHED
from sazon.timeutil import utcnow

__all__ = ["EmbeddedBus", "EmbeddedConsumer", "partition_for"]

TopicPartition = tuple[str, int]


def partition_for(key: str | None, partitions: int) -> int:
    """Stable across processes and Python versions (``hash()`` is salted per process)."""
    if partitions <= 1 or key is None:
        return 0
    return zlib.crc32(key.encode()) % partitions


class EmbeddedBus(Publishing):
    """The default bus: a log in the store. Needs the store's engine (schema at 0002+)."""

    def __init__(self, engine: Engine, *, partitions: int = 1, url: str = "embedded://") -> None:
        if partitions < 1:
            raise InvalidInput("an embedded topic needs at least one partition")
        self.engine = engine
        self.url = url
        self.partitions = partitions
        self._known: dict[str, int] = {}

    # -- publishing -------------------------------------------------------------------------

    def send(self, topic: str, records: Sequence[Record]) -> None:
        if not records:
            return
        self.ensure_topics([topic])
        with self._store() as conn:
            self._append(conn, topic, records)

    def send_in(self, conn: Connection, topic: str, records: Sequence[Record]) -> None:
        """Append inside the caller's transaction (the outbox relay: move and delete at once).

        ``conn`` must be a connection of this bus's engine. A missing topic is created in the
        same transaction: creating it from another connection would wait on this one's lock.
        """
        if not records:
            return
        count = self._known.get(topic)
        if count is None:
            conn.execute(
                dialect_insert(conn, bus_partitions).on_conflict_do_nothing(),
                [
                    {"topic": topic, "partition": p, "next_offset": 0, "created_at": utcnow()}
                    for p in range(self.partitions)
                ],
            )
            # Not cached: if the caller rolls back, the topic does not exist after all.
            count = int(
                conn.execute(
                    select(func.count()).where(bus_partitions.c.topic == topic)
                ).scalar_one()
            )
        self._append(conn, topic, records, count)

    def _append(
        self, conn: Connection, topic: str, records: Sequence[Record], count: int | None = None
    ) -> None:
        count = self._known[topic] if count is None else count
        by_partition: dict[int, list[Record]] = defaultdict(list)
        for record in records:
            by_partition[partition_for(record.key, count)].append(record)
        now = utcnow()
        # Lock partitions in a fixed order so two publishers never wait on each other in a
        # cycle (a deadlock on PostgreSQL).
        for partition in sorted(by_partition):
            batch = by_partition[partition]
            end = conn.execute(
                update(bus_partitions)
                .where(bus_partitions.c.topic == topic, bus_partitions.c.partition == partition)
                .values(next_offset=bus_partitions.c.next_offset + len(batch))
                .returning(bus_partitions.c.next_offset)
            ).scalar_one()
            start = end - len(batch)
            conn.execute(
                insert(bus_messages),
                [
                    {
                        "topic": topic,
                        "partition": partition,
                        "offset": start + i,
                        "key": r.key,
                        "type": r.type,
                        "payload": _json_object(r.value),
                        "headers": dict(r.headers),
                        "created_at": now,
                    }
                    for i, r in enumerate(batch)
                ],
            )
        BUS_PUBLISHED.labels(topic).inc(len(records))

    def ensure_topics(self, topics: Sequence[str]) -> None:
        missing = [t for t in topics if t not in self._known]
        if not missing:
            return
        self._load_partition_counts(missing)
        for topic in (t for t in missing if t not in self._known):
            rows = [
                {"topic": topic, "partition": p, "next_offset": 0, "created_at": utcnow()}
                for p in range(self.partitions)
            ]
            try:
                with self._store() as conn:
                    conn.execute(insert(bus_partitions), rows)
            except IntegrityError:
                pass  # another process created it first: read its partition count below
        self._load_partition_counts(missing)

    def _load_partition_counts(self, topics: Sequence[str]) -> None:
        stmt = (
            select(bus_partitions.c.topic, func.count())
            .where(bus_partitions.c.topic.in_(topics))
            .group_by(bus_partitions.c.topic)
        )
        with self._store(begin=False) as conn:
            for topic, count in conn.execute(stmt):
                self._known[topic] = int(count)

    # -- consuming --------------------------------------------------------------------------

    def subscribe(self, group: str, topics: Sequence[str]) -> EmbeddedConsumer:
        return EmbeddedConsumer(self, group, topics)

    # -- operations -------------------------------------------------------------------------

    def topics(self) -> list[TopicInfo]:
        # Offsets start at 0 and nothing is deleted, so the next offset is the message count.
        stmt = (
            select(
                bus_partitions.c.topic,
                func.count(),
                func.coalesce(func.sum(bus_partitions.c.next_offset), 0),
            )
            .group_by(bus_partitions.c.topic)
            .order_by(bus_partitions.c.topic)
        )
        with self._store(begin=False) as conn:
            return [TopicInfo(t, int(p), int(m)) for t, p, m in conn.execute(stmt)]

    def lag(self, group: str, topics: Sequence[str] = ()) -> list[PartitionLag]:
        with self._store(begin=False) as conn:
            committed = {
                (t, p): o
                for t, p, o in conn.execute(
                    select(
                        bus_offsets.c.topic, bus_offsets.c.partition, bus_offsets.c.committed_offset
                    ).where(bus_offsets.c.consumer_group == group)
                )
            }
            names = {t for t, _ in committed} | set(topics)
            ends = {
                (t, p): n
                for t, p, n in conn.execute(
                    select(
                        bus_partitions.c.topic,
                        bus_partitions.c.partition,
                        bus_partitions.c.next_offset,
                    ).where(bus_partitions.c.topic.in_(names))
                )
            }
        out = []
        for tp in sorted(ends):
            done = committed.get(tp)
            out.append(PartitionLag(tp[0], tp[1], done, ends[tp], max(ends[tp] - (done or 0), 0)))
        return out

    def tail(self, topic: str, n: int = 10) -> list[Message]:
        with self._store(begin=False) as conn:
            return read_tail(conn, topic, n)

    def replay_dlq(self, topic: str) -> int:
        dlq = dlq_topic(topic)
        self._load_partition_counts([dlq])
        if dlq not in self._known:
            return 0
        consumer = EmbeddedConsumer(self, REPLAY_GROUP, [dlq])
        letters: list[Message] = []
        while batch := consumer.fetch(1000):
            letters.extend(batch)
        targets = [replay_target(m) for m in letters]
        self.ensure_topics(sorted({t for t, _ in targets}))
        # One transaction: the letters reappear in their topics and the cursor moves past
        # them together, so a crash can neither lose nor double a replay.
        with self._store() as conn:
            by_topic: dict[str, list[Record]] = defaultdict(list)
            for original, record in targets:
                by_topic[original].append(record)
            for original, records in by_topic.items():
                self._append(conn, original, records)
            consumer.commit_in(conn, letters)
        return len(letters)

    def close(self) -> None:
        """Nothing to release: the engine belongs to the caller."""

    @contextmanager
    def _store(self, *, begin: bool = True) -> Iterator[Connection]:
        try:
            if begin:
                with self.engine.begin() as conn:
                    yield conn
            else:
                with self.engine.connect() as conn:
                    yield conn
        except STORE_ERRORS as exc:
            raise store_unavailable(exc, "the event bus") from exc


def _json_object(value: bytes) -> Any:
    try:
        return json.loads(value)
    except (ValueError, UnicodeDecodeError) as exc:
        raise InvalidInput(f"the embedded bus stores JSON payloads: {exc}") from exc
