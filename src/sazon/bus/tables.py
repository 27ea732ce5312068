"""The bus's own view of its tables, in SQLAlchemy Core.

The tables are created by the store's migration 0002 and declared for Alembic in
``sazon.store.bus_tables``. The bus cannot import the store (the import-linter keeps the two
foundation packages independent), so it declares the same tables here; a unit test checks
that both agree column for column, type for type.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Column,
    DateTime,
    Index,
    Integer,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.engine import Connection, Dialect
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError, ProgrammingError
from sqlalchemy.types import TypeDecorator

from sazon.bus.base import Record
from sazon.errors import DependencyUnavailable

__all__ = [
    "STORE_ERRORS",
    "bus_messages",
    "bus_offsets",
    "bus_outbox",
    "bus_partitions",
    "bus_processed",
    "driver_placeholder",
    "log_columns",
    "metadata",
    "row_record",
    "store_unavailable",
]

# The store's naming convention, so constraint names match the migration's.
metadata = MetaData(
    naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

_Json = JSON().with_variant(JSONB(), "postgresql")


class UTCDateTime(TypeDecorator[datetime]):
    """Aware UTC in, aware UTC out; SQLite stores naive UTC (same storage as the store's)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if not isinstance(value, datetime) or value.tzinfo is None:
            raise ValueError("the bus stores aware UTC datetimes")
        utc: datetime = value.astimezone(UTC)
        return utc.replace(tzinfo=None) if dialect.name == "sqlite" else utc

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        assert isinstance(value, datetime)
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def log_columns(
    group: str | None = None, *, partition: bool = True, offset: bool = False
) -> list[Column[Any]]:
    """The columns that name a place in a partitioned log, NOT NULL, as wide as the bus's:
    the consumer group (its column named ``group``), the topic, the partition, the offset.
    Shared by the bus's tables and a stream processor's own state (``sazon.trends``)."""
    columns: list[Column[Any]] = []
    if group:
        columns.append(Column(group, String(200), nullable=False))
    columns.append(Column("topic", String(200), nullable=False))
    if partition:
        columns.append(Column("partition", Integer, nullable=False))
    if offset:
        columns.append(Column("offset", BigInteger, nullable=False))
    return columns


bus_partitions = Table(
    "bus_partitions",
    metadata,
    *log_columns(),
    Column("next_offset", BigInteger, nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    PrimaryKeyConstraint("topic", "partition"),
)

bus_messages = Table(
    "bus_messages",
    metadata,
    *log_columns(offset=True),
    Column("key", String(255), nullable=True),
    Column("type", String(120), nullable=False),
    Column("payload", _Json, nullable=False),
    Column("headers", _Json, nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    PrimaryKeyConstraint("topic", "partition", "offset"),
)

bus_offsets = Table(
    "bus_offsets",
    metadata,
    *log_columns("consumer_group"),
    Column("committed_offset", BigInteger, nullable=False),
    Column("updated_at", UTCDateTime, nullable=False),
    PrimaryKeyConstraint("consumer_group", "topic", "partition"),
)

bus_processed = Table(
    "bus_processed",
    metadata,
    Column("consumer_group", String(200), nullable=False),
    Column("event_id", String(64), nullable=False),
    Column("processed_at", UTCDateTime, nullable=False),
    PrimaryKeyConstraint("consumer_group", "event_id"),
    Index("ix_bus_processed_processed_at", "processed_at"),
)

bus_outbox = Table(
    "bus_outbox",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("topic", String(200), nullable=False),
    Column("key", String(255), nullable=True),
    Column("type", String(120), nullable=False),
    Column("payload", _Json, nullable=False),
    Column("headers", _Json, nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    # Outbox ids are never reused (the store's models say the same, migration 0007).
    sqlite_autoincrement=True,
)


#: What the store raises when it is unreachable or not migrated (never an IntegrityError: that
#: is a conflict between rows, which callers handle themselves).
STORE_ERRORS = (OperationalError, ProgrammingError, InterfaceError)


def store_unavailable(exc: DBAPIError, who: str) -> DependencyUnavailable:
    """The error to raise when the bus tables cannot be used: missing, or store unreachable.

    A missing table is an ``OperationalError`` on SQLite and a ``ProgrammingError`` on
    PostgreSQL; a dropped connection can also be an ``InterfaceError``.
    """
    if "no such table" in str(exc) or "does not exist" in str(exc):
        return DependencyUnavailable(
            "the store has no bus tables yet: run `sazon init` (store revision 0002)"
        )
    return DependencyUnavailable(f"{who} cannot reach the store: {type(exc.orig).__name__}")


def row_record(row: Mapping[Any, Any]) -> Record:
    """The record a stored row (log message or staged event) holds, as it goes on the wire."""
    return Record(
        key=row["key"],
        type=row["type"],
        value=json.dumps(row["payload"], separators=(",", ":")).encode(),
        headers={str(k): str(v) for k, v in (row["headers"] or {}).items()},
    )


_PLACEHOLDERS = {"qmark": "?", "format": "%s", "pyformat": "%s"}


def driver_placeholder(conn: Connection) -> str | None:
    """The positional placeholder of the store's driver (``?`` for sqlite3, ``%s`` for
    psycopg) for the bus's hot statements sent straight to it, or None for another driver."""
    return _PLACEHOLDERS.get(conn.dialect.paramstyle)
