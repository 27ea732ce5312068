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
import time
import zlib
from collections import defaultdict
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Connection, Engine, Table, Text, cast, func, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite
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
from sazon.bus.tables import (
    STORE_ERRORS,
    bus_messages,
    bus_offsets,
    bus_partitions,
    store_unavailable,
)
from sazon.errors import InvalidInput
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
                _dialect_insert(conn, bus_partitions).on_conflict_do_nothing(),
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
        stmt = (
            select(*_FETCHED)
            .where(bus_messages.c.topic == topic)
            .order_by(bus_messages.c.created_at.desc(), bus_messages.c.offset.desc())
            .limit(n)
        )
        with self._store(begin=False) as conn:
            rows = conn.execute(stmt).mappings().all()
        return [_message(r) for r in reversed(rows)]

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


class EmbeddedConsumer:
    """A group member reading from the store. Its read position lives in memory; the
    committed position lives in ``bus_offsets`` and is where the next member starts."""

    settle_seconds = 0.0

    def __init__(self, bus: EmbeddedBus, group: str, topics: Sequence[str]) -> None:
        self.bus = bus
        self.group = group
        self.topics = tuple(dict.fromkeys(topics))
        self._positions: dict[TopicPartition, int] = {}
        self._order: list[TopicPartition] = []
        self._turn = 0

    def poll(self, max_messages: int, timeout: float) -> list[Message]:
        deadline = time.monotonic() + timeout
        pause = 0.005
        while True:
            messages = self.fetch(max_messages)
            remaining = deadline - time.monotonic()
            if messages or remaining <= 0:
                return messages
            # Back off while idle so an empty log costs a few queries a second, not hundreds.
            time.sleep(min(pause, remaining))
            pause = min(pause * 2, 0.1)

    def fetch(self, max_messages: int) -> list[Message]:
        """What ``poll`` returns, without waiting."""
        self._discover()
        out: list[Message] = []
        if not self._order:
            return out
        # Start from a different partition each time so a busy one cannot starve the rest.
        self._turn = (self._turn + 1) % len(self._order)
        ordered = self._order[self._turn :] + self._order[: self._turn]
        # Positions move only once every read succeeded: a store error half-way must not
        # leave this consumer past messages it never returned.
        moved: dict[TopicPartition, int] = {}
        with self.bus._store(begin=False) as conn:
            for topic, partition in ordered:
                want = max_messages - len(out)
                if want <= 0:
                    break
                rows = (
                    conn.execute(
                        select(*_FETCHED)
                        .where(
                            bus_messages.c.topic == topic,
                            bus_messages.c.partition == partition,
                            bus_messages.c.offset >= self._positions[(topic, partition)],
                        )
                        .order_by(bus_messages.c.offset)
                        .limit(want)
                    )
                    .mappings()
                    .all()
                )
                if rows:
                    out.extend(_message(r) for r in rows)
                    moved[(topic, partition)] = int(rows[-1]["offset"]) + 1
        self._positions.update(moved)
        return out

    def commit(self, messages: Sequence[Message]) -> None:
        if messages:
            with self.bus._store() as conn:
                self.commit_in(conn, messages)

    def commit_in(self, conn: Connection, messages: Sequence[Message]) -> None:
        """Commit inside the caller's transaction (used by DLQ replay)."""
        upto: dict[TopicPartition, int] = {}
        for m in messages:
            upto[(m.topic, m.partition)] = max(upto.get((m.topic, m.partition), 0), m.offset + 1)
        if not upto:
            return
        now = utcnow()
        rows = [
            {
                "consumer_group": self.group,
                "topic": t,
                "partition": p,
                "committed_offset": o,
                "updated_at": now,
            }
            for (t, p), o in sorted(upto.items())
        ]
        _upsert_offsets(conn, rows)

    def caught_up(self) -> bool:
        self._discover()
        if not self._order:
            return True
        with self.bus._store(begin=False) as conn:
            ends = conn.execute(
                select(
                    bus_partitions.c.topic, bus_partitions.c.partition, bus_partitions.c.next_offset
                ).where(bus_partitions.c.topic.in_(self.topics))
            ).all()
        return all(self._positions.get((t, p), 0) >= n for t, p, n in ends)

    def close(self) -> None:
        """Nothing held between polls."""

    def _discover(self) -> None:
        # Topics may appear after the consumer starts (first publish creates them).
        unknown = [t for t in self.topics if not any(tp[0] == t for tp in self._order)]
        if not unknown:
            return
        with self.bus._store(begin=False) as conn:
            parts = conn.execute(
                select(bus_partitions.c.topic, bus_partitions.c.partition).where(
                    bus_partitions.c.topic.in_(unknown)
                )
            ).all()
            if not parts:
                return
            committed = {
                (str(t), int(p)): int(o)
                for t, p, o in conn.execute(
                    select(
                        bus_offsets.c.topic, bus_offsets.c.partition, bus_offsets.c.committed_offset
                    ).where(
                        bus_offsets.c.consumer_group == self.group,
                        bus_offsets.c.topic.in_(unknown),
                    )
                )
            }
        for topic, partition in sorted((str(t), int(p)) for t, p in parts):
            self._positions[(topic, partition)] = committed.get((topic, partition), 0)
            self._order.append((topic, partition))


def _dialect_insert(conn: Connection, table: Table) -> postgresql.Insert | sqlite.Insert:
    """An INSERT with ``ON CONFLICT`` clauses (the store is SQLite or PostgreSQL)."""
    if conn.dialect.name == "postgresql":
        return postgresql.insert(table)
    if conn.dialect.name == "sqlite":
        return sqlite.insert(table)
    raise InvalidInput(f"the embedded bus runs on SQLite or PostgreSQL, not {conn.dialect.name}")


def _upsert_offsets(conn: Connection, rows: list[dict[str, Any]]) -> None:
    ins = _dialect_insert(conn, bus_offsets)
    stmt = ins.on_conflict_do_update(
        index_elements=["consumer_group", "topic", "partition"],
        set_={
            "committed_offset": ins.excluded.committed_offset,
            "updated_at": ins.excluded.updated_at,
        },
    )
    conn.execute(stmt, rows)


def _json_object(value: bytes) -> Any:
    try:
        return json.loads(value)
    except (ValueError, UnicodeDecodeError) as exc:
        raise InvalidInput(f"the embedded bus stores JSON payloads: {exc}") from exc


# What a consumer (and tail) reads: the payload as the stored JSON text, not parsed into a
# dict and dumped again; the worker parses it once, when it decodes the event.
_FETCHED = (
    *(c for c in bus_messages.c if c.name != "payload"),
    cast(bus_messages.c.payload, Text).label("payload"),
)


def _message(row: Any) -> Message:
    return Message(
        topic=row["topic"],
        partition=int(row["partition"]),
        offset=int(row["offset"]),
        key=row["key"],
        type=row["type"],
        value=row["payload"].encode(),
        headers={str(k): str(v) for k, v in (row["headers"] or {}).items()},
        timestamp=row["created_at"],
    )
