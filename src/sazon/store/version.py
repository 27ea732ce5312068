"""The store's data version: one number that changes with every commit that wrote data.

Writers bump it: every engine made by :func:`sazon.store.make_engine` notes, per connection,
whether a transaction ran a statement that changes data, and if so adds one to
``store_version.version`` in that transaction, just before it commits. The bump commits with
the change or not at all, so a reader that sees the old number cannot have missed a committed
change, in this process or any other (the API, the worker, the CLI). Statements that only write
the audit log, or only a key's last use, do not count: no cached read shows them, and every
read writes an audit entry.

Readers ask :class:`DataVersion` for the number on every request, so it must cost microseconds:

- SQLite: ``PRAGMA data_version`` on a connection kept for this alone changes whenever another
  connection commits; only then is the row read again;
- PostgreSQL: the row is read on a kept autocommit connection (one round trip).

On PostgreSQL the bump makes writing transactions take one row lock for the moment of their
commit: they commit one after another, which SQLite does anyway.
"""

from __future__ import annotations

import os
import re
import sqlite3
import threading
import weakref
from contextlib import suppress
from typing import Any

from sqlalchemy import Connection, Engine, event

TABLE = "store_version"
_WROTE = "sazon_wrote_data"
_BUMP = f"UPDATE {TABLE} SET version = version + 1 WHERE id = 1"
_READ = f"SELECT version FROM {TABLE} WHERE id = 1"
_WRITE_WORDS = (
    "INSERT",
    "UPDATE",
    "DELETE",
    "REPLAC",
    "CREATE",
    "ALTER",
    "DROP",
    "TRUNCA",
    "MERGE",
)
# Writes no cached read shows: audit entries (every read writes one), the embedded bus's log,
# outbox and offsets (the change an event tells of was counted when it committed; the worker's
# results are written to other tables) and a key's last use (noted at most once a minute per
# key; only that column, so a revoke still counts).
_UNCOUNTED = re.compile(
    r'\s*(?:(?:INSERT\s+INTO|DELETE\s+FROM|UPDATE)\s+"?(?:audit_log(?:_guests)?|bus_\w+)"?\s'
    r'|UPDATE\s+"?api_keys"?\s+SET\s+"?last_used_at"?\s*=\s*\S+\s+WHERE\s)',
    re.IGNORECASE,
)
_DDL = ("CREA", "ALTE", "DROP")
_CTE_WRITE = re.compile(r"\b(?:INSERT|UPDATE|DELETE)\b", re.IGNORECASE)
# Engines whose store has the table (a store not yet upgraded to 0016 has none: no bump).
_has_table: weakref.WeakSet[Engine] = weakref.WeakSet()


def is_data_write(statement: str) -> bool:
    """Whether ``statement`` may change data a read shows (see :data:`_UNCOUNTED`)."""
    head = statement.lstrip()[:6].upper()
    if head.startswith("WITH"):
        return _CTE_WRITE.search(statement) is not None
    return head.startswith(_WRITE_WORDS) and _UNCOUNTED.match(statement) is None


def watch_writes(engine: Engine) -> None:
    """Bump the data version in every transaction on ``engine`` that writes data."""
    event.listen(engine, "before_cursor_execute", _note_write)
    event.listen(engine, "commit", _bump)
    event.listen(engine, "rollback", _forget)


def _note_write(
    conn: Connection, _cursor: Any, statement: str, _params: Any, _ctx: Any, _many: bool
) -> None:
    if statement[:1] != "S" and is_data_write(statement):  # most statements are SELECTs
        conn.info[_WROTE] = True
        if statement.lstrip()[:4].upper() in _DDL:
            # A schema change (a migration up or down) may add or drop the table: look again.
            _has_table.discard(conn.engine)


def _forget(conn: Connection) -> None:
    conn.info.pop(_WROTE, None)


def _bump(conn: Connection) -> None:
    # Called before the DBAPI commit, in the same transaction; a plain cursor, so the bump
    # itself is not seen by _note_write.
    if not conn.info.pop(_WROTE, False):
        return
    raw = conn.connection.dbapi_connection
    if raw is None:
        return
    cursor = raw.cursor()
    try:
        if conn.engine not in _has_table:
            if not _table_exists(cursor, conn.dialect.name):
                return
            _has_table.add(conn.engine)
        cursor.execute(_BUMP)
    finally:
        cursor.close()


def _table_exists(cursor: Any, dialect: str) -> bool:
    if dialect == "sqlite":
        cursor.execute(f"SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '{TABLE}'")
    else:
        cursor.execute(f"SELECT to_regclass('{TABLE}') IS NOT NULL")
    row = cursor.fetchone()
    return bool(row and row[0])


class DataVersion:
    """The store's data version, read cheaply from a connection of its own.

    :meth:`current` is None when it cannot be known (an in-memory store, a store without the
    table, a connection that failed): callers then cache nothing. Thread-safe.
    """

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._lock = threading.Lock()
        self._conn: Any = None
        self._seen: int | None = None  # SQLite's data_version when the row was last read
        self._version: int | None = None

    def current(self) -> int | None:
        with self._lock:
            try:
                return self._read()
            except Exception:
                self._drop()
                return None

    def _read(self) -> int | None:
        sqlite = self.engine.dialect.name == "sqlite"
        if self._conn is None:
            self._conn = self._connect(sqlite)
            if self._conn is None:
                return None
        if sqlite:
            seen = self._conn.execute("PRAGMA data_version").fetchone()[0]
            if seen == self._seen:
                return self._version
            row = self._conn.execute(_READ).fetchone()
            self._seen, self._version = seen, (row[0] if row else None)
            return self._version
        with self._conn.cursor() as cursor:
            cursor.execute(_READ)
            row = cursor.fetchone()
        return int(row[0]) if row else None

    def _connect(self, sqlite: bool) -> Any:
        if sqlite:
            path = self.engine.url.database
            if not path or path == ":memory:" or not os.path.exists(path):
                return None  # in memory, or not made yet: connecting would create a file
            conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
            return conn
        raw = self.engine.raw_connection()
        raw.detach()  # kept for good, outside the pool the requests share
        dbapi = raw.dbapi_connection
        dbapi.autocommit = True  # type: ignore[union-attr]
        return dbapi

    def _drop(self) -> None:
        conn, self._conn, self._seen, self._version = self._conn, None, None, None
        if conn is not None:
            with suppress(Exception):  # already broken: nothing to give back
                conn.close()

    def close(self) -> None:
        with self._lock:
            self._drop()
