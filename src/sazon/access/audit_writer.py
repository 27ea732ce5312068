"""Audit entries of reads, written in the background: a read is no write transaction.

Every read that shows guests' personal data is logged (Ley 29733), and on a busy API most
requests are such reads. Written in the request's own transaction, each read became a write:
on SQLite one write lock for the whole store, so concurrent reads queued for it (and slept in
SQLite's busy handler), which cost a guest page most of its time (docs/api.md, «Speed of the
hot reads»). So a read's entries are handed, once its request has committed, to an in-process
buffer per store, and a writer thread stores what has gathered in one transaction every
:data:`FLUSH_EVERY_S` seconds, or at once when :data:`FLUSH_AT` entries wait.

The trade-off, documented in docs/api.md: entries of reads answered in the last
:data:`FLUSH_EVERY_S` seconds are lost if the process dies at that moment (kill -9, power cut).
A clean stop writes them (the server's shutdown, the store's ``Engine.dispose`` and, for any
other process, ``atexit``). Changes (an update, an erase, an export) are still logged in their
own transaction, with the change: they are never buffered.

What this process still holds is never missing from what it reads: :func:`take_into` writes the
buffered entries into the reader's own transaction (a guest's export lists a read answered a
moment before), and :func:`flush_audit` writes them now (tests, shutdown).
"""

from __future__ import annotations

import atexit
import logging
import threading
import time
import weakref
from collections.abc import Callable, Iterable
from typing import Any

from sqlalchemy import Connection, Engine, Table, event, insert
from sqlalchemy.engine import URL

from sazon.store import AuditEntry, AuditGuest

log = logging.getLogger("sazon.audit")

FLUSH_EVERY_S = 0.1
FLUSH_AT = 256
# A writer with nothing to write for this long ends; the next entry starts another.
IDLE_EXIT_S = 2.0
# How long a reader waits for entries being written by the writer right then.
WAIT_IN_FLIGHT_S = 1.0
# How long flush_audit waits for them (it holds no lock of the store's).
WAIT_FLUSH_S = 30.0
_RETRY_MAX_S = 5.0

# One entry: the audit_log row's values and the ids of the guests it showed.
Entry = tuple[dict[str, Any], list[int]]

_ENTRIES: Table = AuditEntry.__table__  # type: ignore[assignment]
_GUESTS: Table = AuditGuest.__table__  # type: ignore[assignment]
_INSERT_ENTRIES = insert(_ENTRIES).returning(_ENTRIES.c.id, sort_by_parameter_order=True)
_INSERT_GUESTS = insert(_GUESTS)


def write_entries(conn: Connection, entries: list[Entry]) -> None:
    """Store ``entries`` on ``conn`` (in its transaction): two executemany statements."""
    if not entries:
        return
    ids = conn.execute(_INSERT_ENTRIES, [row for row, _ in entries]).scalars().all()
    links = [
        {"audit_id": audit_id, "guest_id": g}
        for audit_id, (_, guests) in zip(ids, entries, strict=True)
        for g in guests
    ]
    if links:
        conn.execute(_INSERT_GUESTS, links)


class _Buffer:
    """The entries of one store not written yet, and the thread that writes them."""

    def __init__(self, engine: Engine, after_write: Callable[[Connection], None]) -> None:
        self.engine = engine
        self.after_write = after_write
        self.entries: list[Entry] = []
        self.in_flight = 0
        self.cond = threading.Condition()
        self.thread: threading.Thread | None = None

    def add(self, entries: Iterable[Entry], *, front: bool = False) -> None:
        """Called with ``_buffers_lock`` held (see :func:`hand_over`)."""
        with self.cond:
            self.entries = [*entries, *self.entries] if front else [*self.entries, *entries]
            if self.thread is None:
                self.thread = threading.Thread(
                    target=self._run, name="sazon-audit-writer", daemon=True
                )
                self.thread.start()
            elif len(self.entries) >= FLUSH_AT:
                self.cond.notify()

    def take(self, wait_s: float = WAIT_IN_FLIGHT_S) -> list[Entry]:
        """Every waiting entry, after those being written right now are stored (or
        ``wait_s`` has passed: a reader that holds the write lock would wait in vain)."""
        with self.cond:
            self.cond.wait_for(lambda: self.in_flight == 0, timeout=wait_s)
            taken, self.entries = self.entries, []
            return taken

    def flush(self, wait_s: float = 0.0) -> int:
        """Write the waiting entries now, in a transaction of their own; how many. With
        ``wait_s``, first wait (that long at most) for entries another thread is writing."""
        taken = self._begin_write(wait_s)
        try:
            self._write(taken)
        except BaseException:
            self._end_write(taken, failed=True)
            raise
        self._end_write(taken, failed=False)
        return len(taken)

    def _begin_write(self, wait_s: float) -> list[Entry]:
        with self.cond:
            if wait_s:
                self.cond.wait_for(lambda: self.in_flight == 0, timeout=wait_s)
            taken, self.entries = self.entries, []
            self.in_flight += len(taken)
            return taken

    def _end_write(self, taken: list[Entry], *, failed: bool) -> None:
        with self.cond:
            self.in_flight -= len(taken)
            if failed:
                self.entries = [*taken, *self.entries]
            self.cond.notify_all()

    def _write(self, taken: list[Entry]) -> None:
        if taken:
            with self.engine.begin() as conn:
                write_entries(conn, taken)
                self.after_write(conn)

    def _run(self) -> None:
        idle_since = time.monotonic()
        pause = FLUSH_EVERY_S
        while True:
            with self.cond:
                if len(self.entries) < FLUSH_AT:
                    self.cond.wait(pause)
                idle = not self.entries
            if idle:
                if time.monotonic() - idle_since >= IDLE_EXIT_S and _retire(self):
                    return
                continue
            try:
                self.flush()
            except Exception:
                # The store is busy or away: the entries stay, and are tried again later.
                log.warning("audit entries not written yet; trying again", exc_info=True)
                pause = min(pause * 2, _RETRY_MAX_S)
                continue
            pause = FLUSH_EVERY_S
            idle_since = time.monotonic()


# The buffers of the stores with entries waiting (one per URL: engines on one store share
# it); a buffer whose writer ends idle leaves, and the engine it holds with it.
_buffers: dict[URL, _Buffer] = {}
_buffers_lock = threading.Lock()
_watched: weakref.WeakSet[Engine] = weakref.WeakSet()


def hand_over(
    engine: Engine,
    entries: list[Entry],
    after_write: Callable[[Connection], None],
    *,
    front: bool = False,
) -> None:
    """Queue ``entries`` for ``engine``'s store (``front``: before those waiting)."""
    with _buffers_lock:
        buffer = _buffers.get(engine.url)
        if buffer is None:
            buffer = _buffers[engine.url] = _Buffer(engine, after_write)
        if engine not in _watched:
            _watched.add(engine)
            event.listen(engine, "engine_disposed", _write_before_the_store_goes)
        buffer.add(entries, front=front)


def _retire(buffer: _Buffer) -> bool:
    """End an idle writer, and forget its buffer (and the engine it holds) if still empty."""
    with _buffers_lock, buffer.cond:
        if buffer.entries or buffer.in_flight:
            return False
        buffer.thread = None
        if _buffers.get(buffer.engine.url) is buffer:
            del _buffers[buffer.engine.url]
        return True


def _write_before_the_store_goes(engine: Engine) -> None:
    # A disposed engine's store may be going away (a test's temporary one): write what waits,
    # and leave no connection open in the fresh pool.
    buffer = held_for(engine)
    if buffer is not None and (buffer.entries or buffer.in_flight):
        _flush_quietly(buffer)
        buffer.engine.pool.dispose()


def held_for(engine: Engine) -> _Buffer | None:
    return _buffers.get(engine.url)


def flush_audit(engine: Engine | None = None) -> int:
    """Write the read entries this process holds (for ``engine``'s store, or every store)
    now; how many. The API's shutdown, ``Engine.dispose`` and ``atexit`` call it; tests call it
    before they look in ``audit_log`` directly."""
    if engine is not None:
        buffer = held_for(engine)
        return buffer.flush(WAIT_FLUSH_S) if buffer is not None else 0
    return sum(buffer.flush(WAIT_FLUSH_S) for buffer in list(_buffers.values()))


def _flush_quietly(buffer: _Buffer) -> None:
    try:
        buffer.flush(WAIT_FLUSH_S)
    except Exception:
        log.exception("%d audit entries could not be written", len(buffer.entries))


@atexit.register
def _flush_at_exit() -> None:
    for buffer in list(_buffers.values()):
        _flush_quietly(buffer)
