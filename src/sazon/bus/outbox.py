"""The transactional outbox: announce a record in the same transaction that writes it.

Publishing after a commit loses the event when the broker is down at that moment; publishing
before it announces rows that may roll back. So producers *stage* events in ``bus_outbox``
inside their own transaction, and :func:`relay` moves them to the bus afterwards: right after
the commit (ingest, the API) and again on every worker round, which sends whatever an earlier
relay could not.

Delivery stays at least once: a relay that sends and then fails to delete sends again later,
and consumers skip the repeated event ids (see :mod:`sazon.bus.ledger`). On the embedded bus
the move and the delete are one transaction, so nothing is even repeated.
"""

from __future__ import annotations

import logging
import threading
from collections import defaultdict
from collections.abc import Callable, Sequence
from typing import Any
from uuid import uuid4

from sqlalchemy import Connection, Engine, Select, delete, func, select
from sqlalchemy import event as sa_event
from sqlalchemy.orm import Session, sessionmaker

from sazon.bulkinsert import insert_many
from sazon.bus.base import Bus, Record
from sazon.bus.events import DomainEvent
from sazon.bus.tables import STORE_ERRORS, bus_outbox, row_record, store_unavailable
from sazon.errors import DependencyUnavailable
from sazon.timeutil import utcnow

__all__ = ["OutboxRelay", "pending", "relay", "stage", "stage_alike"]

log = logging.getLogger(__name__)
_STAGED = "sazon.bus.staged"


def stage(session: Session | Connection, events: Sequence[DomainEvent]) -> None:
    """Stage events, each for its class's topic, in the caller's transaction."""
    if not events:
        return
    now = utcnow()
    rows = []
    for event in events:
        if not event.topic:
            raise ValueError(f"{type(event).__name__} has no default topic to stage it on")
        rows.append(
            {
                "topic": event.topic,
                "key": event.key,
                "type": event.type,
                # What json.loads(event.to_json()) gives, without encoding and decoding it
                # first: the column's own conversion encodes it once.
                "payload": event.model_dump(mode="json"),
                "headers": Record.headers_of(event),
                "created_at": now,
            }
        )
    # A batch of ingest stages a thousand events: sent to the driver in one call.
    insert_many(session, bus_outbox, rows)
    if isinstance(session, Session):
        session.info[_STAGED] = True  # tells an attached OutboxRelay to relay on commit


def stage_alike(
    session: Session | Connection, template: DomainEvent, field: str, values: Sequence[Any]
) -> None:
    """Stage one event per value: ``template`` with ``field`` set to that value, each with
    its own id and key (the template's time and other fields are shared).

    A batch of ingest announces a thousand new guests that differ only in their id: the
    template is one validated model, each value is checked to be of the template's type, and
    each event's JSON is the template's with its id, key and value; what :func:`stage` of a
    model built for each value would store, but for the shared time.
    """
    if not values:
        return
    if not template.topic:
        raise ValueError(f"{type(template).__name__} has no default topic to stage it on")
    kind = type(getattr(template, field))
    if any(type(v) is not kind for v in values):
        raise TypeError(f"{type(template).__name__}.{field} takes {kind.__name__} values only")
    base = template.model_dump(mode="json")
    now = utcnow()
    rows = []
    for value in values:
        event_id = str(uuid4())
        # default_key reads the record's ids: asked of a copy (no validation, no new id).
        key = template.model_copy(update={field: value}).default_key()
        rows.append(
            {
                "topic": template.topic,
                "key": key,
                "type": template.type,
                "payload": {**base, "id": event_id, "key": key, field: value},
                "headers": {"event-id": event_id, "schema-version": str(template.schema_version)},
                "created_at": now,
            }
        )
    insert_many(session, bus_outbox, rows)
    if isinstance(session, Session):
        session.info[_STAGED] = True


def pending(engine: Engine) -> int:
    """How many staged events wait for a relay."""
    try:
        with engine.connect() as conn:
            return int(conn.execute(select(func.count()).select_from(bus_outbox)).scalar_one())
    except STORE_ERRORS as exc:
        raise store_unavailable(exc, "the outbox") from exc


def relay(bus: Bus, engine: Engine, *, batch: int = 1000) -> int:
    """Send staged events to ``bus`` in staging order and delete them; returns how many.

    Raises :class:`~sazon.errors.DependencyUnavailable` when the bus or the store cannot be
    reached; the events then stay staged for the next relay.
    """
    sent = 0
    try:
        while True:
            moved = _relay_batch(bus, engine, batch)
            sent += moved
            if moved < batch:
                return sent
    except STORE_ERRORS as exc:
        raise store_unavailable(exc, "the outbox relay") from exc


def _relay_batch(bus: Bus, engine: Engine, batch: int) -> int:
    # Topics first, outside the transaction: on SQLite, creating one from another connection
    # once this transaction has written would wait on our own lock.
    with engine.connect() as conn:
        topics = list(
            conn.execute(
                select(bus_outbox.c.topic).distinct().where(bus_outbox.c.id.in_(_oldest(batch)))
            ).scalars()
        )
    if not topics:
        # Nothing staged: no write transaction. The worker relays on every round, and on
        # SQLite an empty claim still took the store's write lock and a commit each time.
        return 0
    bus.ensure_topics(topics)
    send_in = getattr(bus, "send_in", None) if getattr(bus, "engine", None) is engine else None
    with engine.begin() as conn:
        # Claim by deleting: a second relay waits on these rows (PostgreSQL) or on the write
        # lock (SQLite), then finds them gone. So two relays never send the same rows and
        # never overtake each other, which keeps one key's events in staging order.
        claimed = conn.execute(
            delete(bus_outbox).where(bus_outbox.c.id.in_(_oldest(batch))).returning(bus_outbox)
        )
        rows = sorted(claimed.mappings().all(), key=lambda r: int(r["id"]))
        if not rows:
            return 0
        by_topic: dict[str, list[Record]] = defaultdict(list)
        for row in rows:
            by_topic[row["topic"]].append(row_record(row))
        for topic, records in by_topic.items():
            if send_in is not None:
                send_in(conn, topic, records)  # moved and deleted in one transaction
            else:
                # Acknowledged before the claim commits; if sending fails, the rollback puts
                # the rows back for the next relay.
                bus.send(topic, records)
        return len(rows)


def _oldest(batch: int) -> Select[tuple[int]]:
    return select(bus_outbox.c.id).order_by(bus_outbox.c.id).limit(batch)


class OutboxRelay:
    """Relays staged events whenever a session of ``factory`` commits some.

    ``background=True`` (the API server) relays in a thread, so a slow or unreachable broker
    never holds up a request; ``False`` (the CLI) relays before the commit returns. Either
    way a failed relay only logs a warning: the events stay staged and the worker sends them.

    >>> relay = OutboxRelay(bus, engine, background=True).attach(factory)  # doctest: +SKIP
    """

    def __init__(
        self, bus: Bus | Callable[[], Bus], engine: Engine, *, background: bool = False
    ) -> None:
        # A callable builds the bus on the first relay: commands that stage nothing never
        # open a broker connection.
        self._bus = bus
        self.engine = engine
        self.background = background
        self.failures = 0
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._idle = threading.Event()
        self._idle.set()
        self._thread: threading.Thread | None = None

    def attach(self, factory: sessionmaker[Session]) -> OutboxRelay:
        sa_event.listen(factory, "after_commit", self._after_commit)
        if self.background:
            self._thread = threading.Thread(target=self._loop, name="outbox-relay", daemon=True)
            self._thread.start()
        return self

    def _after_commit(self, session: Session) -> None:
        # A released savepoint fires after_commit too; only the real commit makes rows visible.
        if session.in_nested_transaction() or not session.info.pop(_STAGED, False):
            return
        if self.background:
            self._idle.clear()
            self._wake.set()
        else:
            self.run_once()

    @property
    def bus(self) -> Bus:
        if not isinstance(self._bus, Bus):
            self._bus = self._bus()
        return self._bus

    def run_once(self) -> int:
        # Runs after a commit: whatever goes wrong here must not fail the command or request
        # that committed (its events are safe in the outbox), nor end the relay thread.
        try:
            return relay(self.bus, self.engine)
        except DependencyUnavailable as exc:
            self.failures += 1
            log.warning("events stay in the outbox until the worker relays them: %s", exc.message)
        except Exception:
            self.failures += 1
            log.exception("outbox relay failed; the events stay staged for the worker")
        return 0

    def wait_idle(self, timeout: float = 10.0) -> bool:
        """Wait until the background thread has relayed what was committed (for tests)."""
        return self._idle.wait(timeout)

    def _loop(self) -> None:
        while not self._stop.is_set():
            self._wake.wait(1.0)
            if self._stop.is_set():
                break
            if self._wake.is_set():
                self._wake.clear()
                self.run_once()
                if not self._wake.is_set():
                    self._idle.set()

    def close(self) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None
