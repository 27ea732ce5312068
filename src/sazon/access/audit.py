"""The audit log (Ley 29733): who read or changed guests' personal data, and how long it stays.

One entry per request. A read that shows many guests (a page of guests, an event plan) is one
entry listing their ids, not one row per guest: the log of a busy day no longer outgrows the
data it watches. ``audit_log_guests`` indexes those ids, so :func:`reads_of` finds every entry
that showed a guest with an index look-up on SQLite and PostgreSQL alike.

A change (an update, an erase, an export) is logged in the caller's transaction and written
as it commits (a ``before_commit`` hook), with two plain statements (the entries, then their
guest ids, each one executemany), never through ORM objects: it commits with the change or
not at all. Written at the commit, not when the guests are read: the API commits in a
thread-pool hop of its own, and a write lock taken in the handler's hop and held until a free
thread could commit it starved the pool under load.

A read (:func:`audit_read`) is no write transaction: its entry is handed to a background
writer once the request has committed (:mod:`sazon.access.audit_writer`, where the durability
trade-off is described), and none is kept if it rolls back.

Entries older than ``SAZON_AUDIT__RETENTION_DAYS`` (365 by default, 0 keeps them forever) are
pruned on write, at most once an hour per process and store.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import timedelta
from typing import Any

from sqlalchemy import Connection, Engine, delete, event, select
from sqlalchemy.orm import Session, SessionTransaction

from sazon.access.audit_writer import Entry, hand_over, held_for, write_entries
from sazon.access.keys import Principal
from sazon.config import load_settings
from sazon.store import AuditEntry, AuditGuest
from sazon.timeutil import utcnow

PRUNE_EVERY_S = 3600.0
# session.info keys: the changes' entries, written as the transaction commits; the reads'
# entries, handed to the writer after it; entries taken from the writer's buffer (take_into).
_PENDING = "sazon_audit_pending"
_READS = "sazon_audit_reads"
_TAKEN = "sazon_audit_taken"
# Keyed by the engine's URL object (hashable, no rendering per write).
_last_prune: dict[Any, float] = {}
_prune_lock = threading.Lock()


def audit(
    session: Session,
    who: Principal | None,
    action: str,
    guest_id: int | None,
    detail: str | None = None,
    request_id: str | None = None,
) -> None:
    """Log one action on one guest (or on none: ``guest_id=None``), with the caller's change:
    written as its transaction commits, or not at all."""
    ids = [] if guest_id is None else [guest_id]
    _pending(session, _PENDING).append((_entry(who, action, ids, detail, request_id), ids))


def audit_read(
    session: Session,
    who: Principal | None,
    action: str,
    guest_ids: Iterable[int],
    detail: str | None = None,
    request_id: str | None = None,
) -> None:
    """Log one read that showed ``guest_ids`` (a page, a plan, one guest): one entry, every
    id in it. Handed to the background writer (:mod:`sazon.access.audit_writer`) once the
    caller's transaction commits, dropped if it rolls back: a read takes no write lock.

    Nothing is logged when no guest was shown.
    """
    ids = list(dict.fromkeys(guest_ids))
    if ids:
        _pending(session, _READS).append((_entry(who, action, ids, detail, request_id), ids))
        shown = _shown.get()
        if shown is not None:
            shown.append((action, ids, detail))


# What a read showed: (action, guest ids, detail), one per audit_read call.
Shown = tuple[str, list[int], str | None]
# The reads audited by the request running in this context, when someone asked (reads_shown).
_shown: ContextVar[list[Shown] | None] = ContextVar("sazon_audit_shown", default=None)


@contextmanager
def reads_shown() -> Iterator[list[Shown]]:
    """Gather what the reads run inside the block audit (threads started from it included:
    they copy the context). The API keeps it beside a cached response, to log each request
    served from the cache as if it had been read (:func:`audit_reads_again`)."""
    shown: list[Shown] = []
    token = _shown.set(shown)
    try:
        yield shown
    finally:
        _shown.reset(token)


def audit_reads_again(
    engine: Engine, who: Principal, shown: Iterable[Shown], request_id: str | None
) -> None:
    """Log, for ``who``, a request that showed again what ``shown`` lists: the same entries
    :func:`audit_read` makes, handed to the background writer at once (no transaction)."""
    entries = [(_entry(who, action, ids, detail, request_id), ids) for action, ids, detail in shown]
    if entries:
        hand_over(engine, entries, _maybe_prune)


def _entry(
    who: Principal | None, action: str, ids: list[int], detail: str | None, request_id: str | None
) -> dict[str, Any]:
    return {
        "at": utcnow(),
        "actor_key_id": who.key_id if who else None,
        "actor": f"{who.name} ({who.role})" if who else "system",
        "action": action,
        "guest_id": ids[0] if len(ids) == 1 else None,
        "guest_ids": ids if len(ids) > 1 else None,
        "detail": detail,
        "request_id": request_id,
    }


def _pending(session: Session, key: str) -> list[Entry]:
    pending: list[Entry] | None = session.info.get(key)
    if pending is None:
        pending = session.info[key] = []
    return pending


# Listened to on the Session class, once: a listener per session cost more than the check.
@event.listens_for(Session, "before_commit")
def _write_pending(session: Session) -> None:
    if session.in_nested_transaction():
        return  # a savepoint's commit: the entries wait for the transaction's own
    changes = session.info.pop(_PENDING, None)
    if changes:
        write_entries(session.connection(), changes)
        _maybe_prune(session)


@event.listens_for(Session, "after_commit")
def _hand_over_reads(session: Session) -> None:
    if session.in_nested_transaction():
        return
    session.info.pop(_TAKEN, None)  # written with this transaction
    reads = session.info.pop(_READS, None)
    if reads:
        hand_over(session.get_bind().engine, reads, _maybe_prune)


@event.listens_for(Session, "after_transaction_end")
def _drop_pending(session: Session, transaction: SessionTransaction) -> None:
    # The transaction ended without its commit (what was committed was popped): a rolled-back
    # request showed nothing and changed nothing, so its entries go. Entries this transaction
    # took from the buffer (take_into) go back to it.
    if transaction.parent is None and session.info:
        session.info.pop(_PENDING, None)
        session.info.pop(_READS, None)
        taken = session.info.pop(_TAKEN, None)
        if taken:
            hand_over(session.get_bind().engine, taken, _maybe_prune, front=True)


def take_into(session: Session) -> None:
    """Write the read entries this process still holds for the session's store into its
    transaction, so what it reads next includes them (they return to the buffer if it rolls
    back)."""
    buffer = held_for(session.get_bind().engine)
    taken = buffer.take() if buffer is not None else []
    if taken:
        write_entries(session.connection(), taken)
        _pending(session, _TAKEN).extend(taken)


def reads_of(session: Session, guest_id: int) -> list[AuditEntry]:
    """Every audit entry that names ``guest_id``, alone or among others, oldest first."""
    take_into(session)
    # By time: a read's entry is stored after the changes logged in its own transaction.
    return list(
        session.scalars(
            select(AuditEntry)
            .join(AuditGuest, AuditGuest.audit_id == AuditEntry.id)
            .where(AuditGuest.guest_id == guest_id)
            .order_by(AuditEntry.at, AuditEntry.id)
        )
    )


def prune_audit(session: Session | Connection, days: int) -> int:
    """Delete the entries older than ``days`` (0 keeps everything); how many went."""
    if days <= 0:
        return 0
    old = select(AuditEntry.id).where(AuditEntry.at < utcnow() - timedelta(days=days))
    session.execute(delete(AuditGuest).where(AuditGuest.audit_id.in_(old)))
    gone = session.execute(delete(AuditEntry).where(AuditEntry.id.in_(old)))
    return int(getattr(gone, "rowcount", 0) or 0)


def _maybe_prune(session: Session | Connection) -> None:
    store = (session.get_bind() if isinstance(session, Session) else session).engine.url
    now = time.monotonic()
    with _prune_lock:
        last = _last_prune.get(store)
        if last is not None and now - last < PRUNE_EVERY_S:
            return
        _last_prune[store] = now
    # Read when due, not at import: the retention is whatever the environment says now.
    prune_audit(session, load_settings().audit.retention_days)
