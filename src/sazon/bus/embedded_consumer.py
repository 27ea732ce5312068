"""Reading the embedded log: a consumer group's member, and messages as the store holds them.

A consumer's read position lives in memory; the group's committed position is a row in
``bus_offsets``, where the next member starts. Messages are read straight through the driver
(SQLite or PostgreSQL, both with positional parameters): through SQLAlchemy's result
processing a message cost more than the worker spends on it otherwise (bench/bench_bus.py).
"""

from __future__ import annotations

import json
import time
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Engine, Table, select
from sqlalchemy.dialects import postgresql, sqlite

from sazon.bus.base import LazyHeaders, Message
from sazon.bus.tables import bus_offsets, bus_partitions, driver_placeholder
from sazon.errors import InvalidInput
from sazon.timeutil import utcnow

if TYPE_CHECKING:
    from sazon.bus.embedded import EmbeddedBus

__all__ = ["EmbeddedConsumer", "dialect_insert", "read_tail"]

TopicPartition = tuple[str, int]

# What a consumer (and tail) reads: the payload as the stored JSON text, not parsed into a
# dict and dumped again; the worker parses it once, when it decodes the event. "offset" and
# "partition" are quoted: they are SQL keywords.
_COLUMNS = (
    'SELECT topic, "partition", "offset", key, type, CAST(payload AS TEXT), headers, created_at'
    " FROM bus_messages"
)
_FETCH = _COLUMNS + ' WHERE topic = {0} AND "partition" = {0} AND "offset" >= {0}'
_FETCH += ' ORDER BY "offset" LIMIT {0}'
_TAIL = _COLUMNS + ' WHERE topic = {0} ORDER BY created_at DESC, "offset" DESC LIMIT {0}'


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
            sql = _FETCH.format(_marker(conn))
            for topic, partition in ordered:
                want = max_messages - len(out)
                if want <= 0:
                    break
                start = self._positions[(topic, partition)]
                rows = conn.exec_driver_sql(sql, (topic, partition, start, want)).all()
                if rows:
                    out.extend(_messages(rows))
                    moved[(topic, partition)] = out[-1].offset + 1
        self._positions.update(moved)
        return out

    def commit(self, messages: Sequence[Message]) -> None:
        if messages:
            with self.bus._store() as conn:
                self.commit_in(conn, messages)

    def flush(self) -> None:
        """Commits are stored when :meth:`commit` returns: nothing to wait for."""

    def commits_in(self, engine: Engine) -> bool:
        """Whether :meth:`commit_in` can commit inside a transaction on ``engine`` (the
        worker's store is this log's store): the worker then commits a batch's offsets with
        its effects and ledger marks, one store transaction per batch instead of two."""
        return engine is self.bus.engine

    def commit_in(self, conn: Connection, messages: Sequence[Message]) -> None:
        """Commit inside the caller's transaction (the worker's batch, DLQ replay)."""
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
        ins = dialect_insert(conn, bus_offsets)
        stmt = ins.on_conflict_do_update(
            index_elements=["consumer_group", "topic", "partition"],
            set_={
                "committed_offset": ins.excluded.committed_offset,
                "updated_at": ins.excluded.updated_at,
            },
        )
        conn.execute(stmt, rows)

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


def read_tail(conn: Connection, topic: str, n: int) -> list[Message]:
    """The last ``n`` messages of ``topic``, oldest first."""
    rows = conn.exec_driver_sql(_TAIL.format(_marker(conn)), (topic, n)).all()
    return _messages(rows[::-1])


def dialect_insert(conn: Connection, table: Table) -> postgresql.Insert | sqlite.Insert:
    """An INSERT with ``ON CONFLICT`` clauses (the store is SQLite or PostgreSQL)."""
    if conn.dialect.name == "postgresql":
        return postgresql.insert(table)
    if conn.dialect.name == "sqlite":
        return sqlite.insert(table)
    raise InvalidInput(f"the embedded bus runs on SQLite or PostgreSQL, not {conn.dialect.name}")


def _marker(conn: Connection) -> str:
    marker = driver_placeholder(conn)
    if marker is None:
        raise InvalidInput(
            f"the embedded bus runs on SQLite or PostgreSQL, not {conn.dialect.driver}"
        )
    return marker


def _messages(rows: Sequence[Sequence[Any]]) -> list[Message]:
    # One publish stamps all its messages with one time: each distinct stored time is
    # converted once, not once per message.
    times: dict[Any, datetime | None] = {}
    out = []
    for topic, partition, offset, key, kind, payload, headers, created_at in rows:
        at = times.get(created_at)
        if at is None:
            at = times[created_at] = _utc(created_at)
        out.append(
            Message(
                topic,
                int(partition),
                int(offset),
                key,
                kind,
                payload.encode(),
                LazyHeaders(headers, _stored_headers),
                at,
            )
        )
    return out


def _stored_headers(stored: str | bytes | Mapping[str, Any] | None) -> dict[str, str]:
    """Headers as stored: JSON text on SQLite, a dict from psycopg."""
    found = json.loads(stored) if isinstance(stored, str | bytes) else stored
    return {str(k): str(v) for k, v in (found or {}).items()}


def _utc(value: datetime | str | None) -> datetime | None:
    """A stored time as aware UTC: SQLite keeps naive UTC text, PostgreSQL a timestamptz."""
    if value is None:
        return None
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
