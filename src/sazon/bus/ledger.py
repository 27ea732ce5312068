"""Processed event ids, per consumer group, in the SQL store (for every bus backend).

At-least-once delivery means a handler may see an event again (a crash before the offset
commit, a rebalance, a replayed DLQ). The worker records each applied event id in the same
transaction as the handler's own writes made through :func:`current_connection`, so a
redelivered event is skipped and its effect is never applied twice.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import datetime
from functools import lru_cache
from typing import Any

from sqlalchemy import Connection, Dialect, Engine, bindparam, delete, insert, select

from sazon.bus.tables import bus_processed, driver_placeholder
from sazon.timeutil import utcnow

__all__ = [
    "current_connection",
    "is_processed",
    "mark_processed",
    "mark_processed_many",
    "processed_among",
    "prune_processed",
]

_current: ContextVar[Connection | None] = ContextVar("sazon_bus_connection", default=None)


def current_connection() -> Connection:
    """The store transaction the running handler is part of.

    Writes made through it commit together with the "processed" mark, or not at all: that is
    what makes a handler's effect happen once even when its event is delivered twice.

    >>> def count_visit(event):  # doctest: +SKIP
    ...     current_connection().execute(insert(visit_counts).values(guest_id=event.guest_id))
    """
    conn = _current.get()
    if conn is None:
        raise RuntimeError("current_connection() is only available inside a bus handler")
    return conn


@contextmanager
def bound(conn: Connection) -> Iterator[None]:
    token = _current.set(conn)
    try:
        yield
    finally:
        _current.reset(token)


# Built once: the worker runs these twice per event, and building a statement costs more
# than SQLite takes to execute it.
_IS_PROCESSED = select(bus_processed.c.event_id).where(
    bus_processed.c.consumer_group == bindparam("group"),
    bus_processed.c.event_id == bindparam("event_id"),
)
_MARK_PROCESSED = insert(bus_processed)
_PROCESSED_AMONG = select(bus_processed.c.event_id).where(
    bus_processed.c.consumer_group == bindparam("group"),
    bus_processed.c.event_id.in_(bindparam("event_ids", expanding=True)),
)
# Ids per look-up: well under the bound-parameter limits of SQLite (32,766 since 3.32) and
# PostgreSQL (65,535), so a batch of the largest allowed size needs two look-ups at most.
_LOOKUP_CHUNK = 5000
# The batch path talks to the driver directly (the two drivers the store runs on take
# positional parameters): through SQLAlchemy each of a batch's ids cost more in parameter
# bookkeeping than SQLite takes to look it up or insert it (bench/bench_bus.py). The SQL is
# the same as the Core statements above, which stay for other paramstyles.
_INSERT_SQL = (
    "INSERT INTO bus_processed (consumer_group, event_id, processed_at) VALUES ({0}, {0}, {0})"
)
_AMONG_SQL = "SELECT event_id FROM bus_processed WHERE consumer_group = {0} AND event_id IN ({1})"


def is_processed(conn: Connection, group: str, event_id: str) -> bool:
    found = conn.execute(_IS_PROCESSED, {"group": group, "event_id": event_id}).first()
    return found is not None


def mark_processed(conn: Connection, group: str, event_id: str) -> None:
    """Record the id; raises ``IntegrityError`` if another member recorded it first."""
    conn.execute(
        _MARK_PROCESSED,
        {"consumer_group": group, "event_id": event_id, "processed_at": utcnow()},
    )


def processed_among(conn: Connection, group: str, event_ids: Sequence[str]) -> set[str]:
    """Which of ``event_ids`` the group has already processed: one query per batch."""
    found: set[str] = set()
    marker = driver_placeholder(conn)
    for start in range(0, len(event_ids), _LOOKUP_CHUNK):
        chunk = list(event_ids[start : start + _LOOKUP_CHUNK])
        if marker is None:
            rows = conn.execute(_PROCESSED_AMONG, {"group": group, "event_ids": chunk})
            found.update(rows.scalars())
            continue
        sql = _AMONG_SQL.format(marker, ", ".join([marker] * len(chunk)))
        found.update(row[0] for row in conn.exec_driver_sql(sql, (group, *chunk)))
    return found


def mark_processed_many(conn: Connection, group: str, event_ids: Iterable[str]) -> None:
    """Record several ids in one statement; ``IntegrityError`` if any was recorded first."""
    now = utcnow()
    marker = driver_placeholder(conn)
    if marker is None:
        rows = [{"consumer_group": group, "event_id": i, "processed_at": now} for i in event_ids]
        if rows:
            conn.execute(_MARK_PROCESSED, rows)
        return
    # The one timestamp of the batch, stored as the column's type stores it (naive UTC text
    # on SQLite): converted once, not once per id.
    at = _bind_processed_at(conn.dialect)(now)
    params = [(group, i, at) for i in event_ids]
    if params:
        conn.exec_driver_sql(_INSERT_SQL.format(marker), params)


@lru_cache(maxsize=8)
def _bind_processed_at(dialect: Dialect) -> Callable[[datetime], Any]:
    process = bus_processed.c.processed_at.type.bind_processor(dialect)
    if dialect.name == "sqlite":
        # sqlite3 would turn the naive datetime into text again for every row of the
        # executemany (its default adapter, ``isoformat(" ")``): do it once, to the same text.
        return lambda value: _sqlite_text(process(value) if process is not None else value)
    return process if process is not None else (lambda value: value)


def _sqlite_text(value: Any) -> Any:
    return value.isoformat(" ") if isinstance(value, datetime) else value


def prune_processed(engine: Engine, before: datetime, group: str | None = None) -> int:
    """Forget ids processed before ``before``; returns how many.

    Only safe for ids older than any redelivery you still expect (the log's retention, or the
    oldest DLQ message you may replay).
    """
    stmt = delete(bus_processed).where(bus_processed.c.processed_at < before)
    if group is not None:
        stmt = stmt.where(bus_processed.c.consumer_group == group)
    with engine.begin() as conn:
        return conn.execute(stmt).rowcount
