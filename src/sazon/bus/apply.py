"""The store transactions a worker runs: one per batch of events, one per event as fallback.

A batch transaction looks the whole batch up in the ledger with one query, calls the handler
for each event the group has not processed yet (or the processor's batch handler once, with
all of them), records their ids with one statement and commits once. Effects and "processed"
marks still commit together, so a redelivered event is skipped as before.

Each handler runs in a savepoint. One that raises has only its own writes undone: the events
before it commit together, their handlers never run twice, and the worker gives the failing
event its retries on its own (:func:`apply_one`, the per-event transaction) before going on
with the rest of the batch.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from sqlalchemy import Connection, Engine
from sqlalchemy.exc import IntegrityError

from sazon.bus.events import DomainEvent
from sazon.bus.ledger import (
    bound,
    is_processed,
    mark_processed,
    mark_processed_many,
    processed_among,
)

__all__ = [
    "BatchHandler",
    "BatchHandlerFailed",
    "BatchOutcome",
    "Handler",
    "apply_batch",
    "apply_one",
]

Handler = Callable[[DomainEvent], None]
#: Handles several events at once, in the batch's transaction (say, scores many texts in one
#: model call). Optional: without one, the worker calls the per-event handler for each.
BatchHandler = Callable[[Sequence[DomainEvent]], None]


class BatchHandlerFailed(Exception):
    """The batch handler raised; the batch transaction was rolled back."""


@dataclass(frozen=True, slots=True)
class BatchOutcome:
    taken: int  # how many events of the batch, from the first, this transaction covered
    applied: int  # handled now and recorded
    duplicates: int  # already processed by the group (or twice in this batch): skipped
    #: What the handler of the next event (``events[taken]``) raised; its effects were rolled
    #: back to a savepoint, the ones before it committed.
    error: Exception | None = None
    #: ``finish`` ran in this transaction (it covered the whole batch).
    finished: bool = False


class _Duplicate(Exception):
    """Another member recorded the id first: roll back this attempt's effects."""


_SAVEPOINT = "SAVEPOINT sazon_bus_event"
_RELEASE = "RELEASE SAVEPOINT sazon_bus_event"
_ROLLBACK_TO = "ROLLBACK TO SAVEPOINT sazon_bus_event"


def apply_batch(
    engine: Engine,
    group: str,
    events: Sequence[DomainEvent],
    handler: Handler,
    batch_handler: BatchHandler | None = None,
    *,
    max_seconds: float = 2.0,
    finish: Callable[[Connection], None] | None = None,
) -> BatchOutcome:
    """Apply ``events`` in one transaction, stopping at the first handler that raises.

    Each handler runs inside a savepoint: when one raises, only its own writes are undone,
    the events before it commit (their handlers never run twice) and the outcome carries
    the error. With the per-event handler the transaction also closes once it has run
    ``max_seconds``: on SQLite it holds the store's only write lock, and a batch of slow
    handlers must not keep ingest waiting for long. A failing ``batch_handler`` rolls the
    whole transaction back (:class:`BatchHandlerFailed`).

    ``finish`` runs last in the transaction when it covered every event (the worker commits
    the consumer's offsets there when they live in the same store).
    """
    deadline = time.monotonic() + max_seconds
    with engine.begin() as conn:
        seen = processed_among(conn, group, [e.id for e in events])
        fresh: list[bool] = []
        for event in events:
            fresh.append(event.id not in seen)
            seen.add(event.id)  # the same event twice in one batch applies once
        new = [e for e, f in zip(events, fresh, strict=True) if f]
        with bound(conn):
            if batch_handler is not None:
                if new:
                    try:
                        batch_handler(new)
                    except Exception as exc:
                        raise BatchHandlerFailed from exc
                outcome = BatchOutcome(len(events), len(new), len(events) - len(new))
            else:
                outcome = _each(conn, events, fresh, handler, deadline)
        mark_processed_many(conn, group, (e.id for e in new[: outcome.applied]))
        if finish is not None and outcome.taken == len(events) and outcome.error is None:
            finish(conn)
            outcome = replace(outcome, finished=True)
    return outcome


def _each(
    conn: Connection,
    events: Sequence[DomainEvent],
    fresh: Sequence[bool],
    handler: Handler,
    deadline: float,
) -> BatchOutcome:
    """Run the handler for each fresh event, each in a savepoint, until one raises."""
    # Straight on the driver: through SQLAlchemy a savepoint costs about as much as the
    # handler's own statement, and nothing here needs its bookkeeping.
    raw = conn.connection.dbapi_connection
    assert raw is not None
    cursor = raw.cursor()
    applied = 0
    for taken, event in enumerate(events):
        if not fresh[taken]:
            continue
        if applied and time.monotonic() > deadline:
            return BatchOutcome(taken, applied, taken - applied)
        # SQLite's driver opens a transaction only at the first write (so the store's write
        # lock is not held while nothing was written). Before that there is nothing of the
        # earlier events to keep, and a SAVEPOINT would itself become the outer transaction,
        # whose RELEASE commits: roll back the handler's own transaction instead.
        saved = getattr(raw, "in_transaction", True)
        if saved:
            cursor.execute(_SAVEPOINT)
        try:
            handler(event)
        except Exception as exc:
            if saved:
                cursor.execute(_ROLLBACK_TO)
            else:
                raw.rollback()
            return BatchOutcome(taken, applied, taken - applied, exc)
        if saved:
            cursor.execute(_RELEASE)
        applied += 1
    return BatchOutcome(len(events), applied, len(events) - applied)


def apply_one(engine: Engine, group: str, event: DomainEvent, handler: Handler) -> bool:
    """One event in its own transaction: True if applied now, False if already processed."""
    try:
        with engine.begin() as conn:
            if is_processed(conn, group, event.id):
                return False
            with bound(conn):
                handler(event)
            try:
                mark_processed(conn, group, event.id)
            except IntegrityError as exc:
                raise _Duplicate from exc
    except _Duplicate:
        return False
    return True
