"""The worker: runs processors (a consumer group each) over a bus, at least once.

A processor receives messages in batches (up to ``batch_size``, waiting at most
``max_batch_wait`` s to fill one). For each batch:

1. decode the events; a message that is not a valid event goes to ``<topic>.dlq`` at once
   (retrying cannot fix it);
2. in one store transaction (:func:`~sazon.bus.apply.apply_batch`): skip the events the group
   already processed (one ledger query), call the handler for each of the others and record
   their ids. Writes the handlers make through :func:`~sazon.bus.ledger.current_connection`
   commit with those records, so a redelivered event never applies its effect twice;
3. if a handler raises, its writes roll back to a savepoint and the events before it commit
   together; the failing one is retried on its own (exponential backoff) and after
   ``Retry.attempts`` failures goes to ``<topic>.dlq`` with the error; the events after it
   carry on as a batch;
4. commit the group's offsets once the batch's transactions have committed: on the embedded
   log inside the batch's last transaction (same store), on Kafka sent without waiting for
   the broker and flushed when ``run`` returns. An offset commit lost in a crash only means
   those events are read again and the ledger skips them.

Failures of the store or of a dependency (``OperationalError``, ``DependencyUnavailable``) are
not the message's fault: after the retries the worker stops with ``DependencyUnavailable``
instead of dead-lettering good messages, and resumes from the committed offset when started
again.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Sequence
from typing import TypeVar

from sqlalchemy import Connection, Engine
from sqlalchemy.exc import InterfaceError, OperationalError

from sazon.bus.apply import (
    BatchHandler,
    BatchHandlerFailed,
    Handler,
    apply_batch,
    apply_one,
)
from sazon.bus.base import DLQ_SUFFIX, Bus, Consumer, Message, dlq_topic
from sazon.bus.events import DomainEvent, EventDecodeError
from sazon.bus.failures import Retry, dead_letter_record, describe_error
from sazon.bus.outbox import relay
from sazon.bus.processor import Processor, WorkerStats, fewer_collections
from sazon.errors import DependencyUnavailable, InvalidInput
from sazon.monitoring import BUS_DEAD_LETTERED, BUS_HANDLED, BUS_RETRIED

__all__ = [
    "BatchHandler",
    "Handler",
    "Processor",
    "Retry",
    "Worker",
    "WorkerStats",
    "dead_letter_record",
    "describe_error",
]

log = logging.getLogger(__name__)

H = TypeVar("H", bound=Handler)

_INFRASTRUCTURE = (OperationalError, InterfaceError, DependencyUnavailable)


class Worker:
    """Runs processors over ``bus``; the processed-ids ledger lives in ``engine``'s store.

    >>> worker = Worker(bus, engine)  # doctest: +SKIP
    >>> @worker.processor("guest-profiles", ["guests"])  # doctest: +SKIP
    ... def refresh_profile(event): ...
    >>> worker.run(max_idle_seconds=5)  # doctest: +SKIP
    """

    def __init__(
        self,
        bus: Bus,
        engine: Engine,
        processors: Sequence[Processor] = (),
        *,
        batch_size: int = 500,
        max_batch_wait: float = 0.02,
        max_transaction_seconds: float = 2.0,
        poll_timeout: float = 0.5,
        sleep: Callable[[float], None] = time.sleep,
        relay_outbox: bool = True,
    ) -> None:
        self.bus = bus
        # The worker also relays staged events, so an event staged while the broker was down
        # goes out as soon as the worker can reach it.
        self.relay_outbox = relay_outbox
        self.engine = engine
        if batch_size < 1:
            raise InvalidInput("the worker's batch size must be at least 1")
        self.batch_size = batch_size
        self.max_batch_wait = max_batch_wait
        self.max_transaction_seconds = max_transaction_seconds
        self.poll_timeout = poll_timeout
        self.stats = WorkerStats()
        self._sleep = sleep
        self._processors: list[Processor] = []
        self._members: list[tuple[Processor, Consumer]] = []
        self._stop = threading.Event()
        for p in processors:
            self.add(p)

    # -- set-up -----------------------------------------------------------------------------

    def add(self, processor: Processor) -> Processor:
        if any(p.name == processor.name for p in self._processors):
            raise InvalidInput(f"two processors named {processor.name!r}")
        if not processor.topics:
            raise InvalidInput(f"processor {processor.name!r} reads no topic")
        if self._members:
            raise InvalidInput("add processors before the worker starts")
        self._processors.append(processor)
        # Every series at 0 from the start: a rate or an alert on "retries" then has data
        # before the first failure.
        _count_handled(processor.name, 0, 0)
        BUS_RETRIED.labels(processor.name)
        for topic in processor.topics:
            BUS_DEAD_LETTERED.labels(processor.name, topic)
        return processor

    def processor(
        self, name: str, topics: Sequence[str], *, retry: Retry | None = None
    ) -> Callable[[H], H]:
        """Decorator form of :meth:`add`."""

        def register(handler: H) -> H:
            self.add(Processor(name, tuple(topics), handler, retry or Retry()))
            return handler

        return register

    def _start(self) -> list[tuple[Processor, Consumer]]:
        if not self._members:
            self._members = [(p, self.bus.subscribe(p.name, p.topics)) for p in self._processors]
        return self._members

    # -- running ----------------------------------------------------------------------------

    @fewer_collections()
    def run(
        self, *, stop_after: int | None = None, max_idle_seconds: float | None = None
    ) -> WorkerStats:
        """Process until ``stop()``, ``stop_after`` messages, or ``max_idle_seconds`` without
        any. Returns what this call did."""
        before = self.stats.copy()
        self._stop.clear()
        idle_since = time.monotonic()
        done = 0
        while not self._stop.is_set():
            left = None if stop_after is None else stop_after - done
            if left is not None and left <= 0:
                break
            n = self._round(self.poll_timeout, left)
            done += n
            now = time.monotonic()
            if n:
                idle_since = now
            elif max_idle_seconds is not None and now - idle_since >= max_idle_seconds:
                break
        self._flush()
        return self.stats.since(before)

    @fewer_collections()
    def drain(self, timeout: float = 30.0) -> WorkerStats:
        """Process until every processor has read its topics to the end (for tests and
        batch jobs). Raises ``TimeoutError`` if that takes longer than ``timeout`` s."""
        before = self.stats.copy()
        members = self._start()
        settle = max((c.settle_seconds for _, c in members), default=0.0)
        deadline = time.monotonic() + timeout
        last_activity = time.monotonic()
        while True:
            if self._round(0.1, None):
                last_activity = time.monotonic()
                continue
            now = time.monotonic()
            # A Kafka client learns a partition's end from fetch replies: only trust
            # "caught up" once a reply newer than our last activity must have arrived.
            if now - last_activity >= settle and all(c.caught_up() for _, c in members):
                self._flush()
                return self.stats.since(before)
            if now > deadline:
                raise TimeoutError(f"the worker did not catch up within {timeout} s")

    def _flush(self) -> None:  # what run() handled is committed when it returns
        for _, consumer in self._members:
            consumer.flush()

    def stop(self) -> None:
        """Ask ``run`` to return after the current batch (safe from a signal handler)."""
        self._stop.set()

    def close(self) -> None:
        members, self._members = self._members, []
        for _, consumer in members:
            consumer.close()

    def __enter__(self) -> Worker:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    # -- one round --------------------------------------------------------------------------

    def _round(self, timeout: float, limit: int | None) -> int:
        if self.relay_outbox:
            try:
                self.stats.relayed += relay(self.bus, self.engine)
            except DependencyUnavailable as exc:
                log.warning("outbox relay failed, will retry: %s", exc.message)
        members = self._start()
        per_member = timeout / max(len(members), 1)
        handled = 0
        for processor, consumer in members:
            want = self.batch_size if limit is None else min(self.batch_size, limit - handled)
            if want <= 0:
                break
            try:
                batch = self._fill(consumer, want, per_member)
                if not batch:
                    continue
                if not self._handle_batch(
                    processor, batch, self._offsets_in_store(consumer, batch)
                ):
                    consumer.commit(batch)
            except BaseException:
                # A failed poll, handler or commit leaves the consumers' read positions past
                # messages that were not handled or not committed: drop the consumers so the
                # next run starts again from the committed offsets.
                self.close()
                raise
            handled += len(batch)
        return handled

    def _fill(self, consumer: Consumer, want: int, timeout: float) -> list[Message]:
        """Up to ``want`` messages: wait ``timeout`` for the first, then at most
        ``max_batch_wait`` more for the batch to fill (fewer, larger transactions)."""
        batch = consumer.poll(want, timeout)
        if not batch or self.max_batch_wait <= 0:
            return batch
        deadline = time.monotonic() + self.max_batch_wait
        while len(batch) < want:
            left = deadline - time.monotonic()
            if left <= 0:
                break
            more = consumer.poll(want - len(batch), left)
            if not more:
                break
            batch.extend(more)
        return batch

    def _offsets_in_store(
        self, consumer: Consumer, batch: Sequence[Message]
    ) -> Callable[[Connection], None] | None:
        """How to commit a batch's offsets inside its store transaction, when the consumer
        keeps them in the worker's store (the embedded log): one commit per batch, not two."""
        if not getattr(consumer, "commits_in", lambda _engine: False)(self.engine):
            return None
        return lambda conn: consumer.commit_in(conn, batch)  # type: ignore[attr-defined]

    def _handle_batch(
        self,
        processor: Processor,
        messages: Sequence[Message],
        commit_offsets: Callable[[Connection], None] | None = None,
    ) -> bool:
        """Handle a batch; True when its offsets were committed with its last transaction."""
        self.stats.handled += len(messages)
        items: list[tuple[Message, DomainEvent]] = []
        for message in messages:
            try:
                items.append((message, message.event()))
            except EventDecodeError as exc:
                self._dead_letter(processor, message, exc, attempts=1)
        use_batch_handler = processor.batch_handler is not None
        start = 0
        while start < len(items):
            rest = items[start:]
            try:
                outcome = apply_batch(
                    self.engine,
                    processor.name,
                    [event for _, event in rest],
                    processor.handler,
                    processor.batch_handler if use_batch_handler else None,
                    max_seconds=self.max_transaction_seconds,
                    finish=commit_offsets,
                )
            except BatchHandlerFailed:
                use_batch_handler = False  # find the event at fault with the per-event handler
                continue
            except Exception:
                # The batch's own statements failed (the store blinked, another member recorded
                # an id first): the per-event path retries, skips or stops as it always did.
                for message, event in rest:
                    self._handle_alone(processor, message, event)
                return False
            self.stats.processed += outcome.applied
            self.stats.duplicates += outcome.duplicates
            _count_handled(processor.name, outcome.applied, outcome.duplicates)
            start += outcome.taken
            if outcome.error is not None:
                message, event = items[start]
                self._handle_alone(processor, message, event, outcome.error)
                start += 1
                # The event at fault is found and handled: the rest go back to the batch
                # handler (per event only as far as needed).
                use_batch_handler = processor.batch_handler is not None
            elif outcome.finished:
                return True
        return False

    def _handle_alone(
        self,
        processor: Processor,
        message: Message,
        event: DomainEvent,
        first_error: Exception | None = None,
    ) -> None:
        """One event in its own transaction, with retries; ``first_error`` is the failure of
        its first attempt (made inside a batch), which counts as attempt 1."""
        attempt = 0 if first_error is None else 1
        error = first_error
        while True:
            if error is None:
                attempt += 1
                try:
                    applied = apply_one(self.engine, processor.name, event, processor.handler)
                except Exception as exc:
                    error = exc
                else:
                    if applied:
                        self.stats.processed += 1
                    else:
                        self.stats.duplicates += 1
                    _count_handled(processor.name, int(applied), int(not applied))
                    return
            infrastructure = isinstance(error, _INFRASTRUCTURE)
            if attempt >= processor.retry.attempts:
                if infrastructure:
                    raise DependencyUnavailable(
                        f"processor {processor.name!r} stopped: a dependency kept failing "
                        f"({type(error).__name__}); it resumes from the committed offset"
                    ) from error
                self._dead_letter(processor, message, error, attempts=attempt)
                return
            self.stats.retries += 1
            BUS_RETRIED.labels(processor.name).inc()
            delay = processor.retry.delay(attempt)
            log.warning(
                "processor %s: %s %s failed (attempt %d/%d, retry in %.2f s): %s",
                processor.name,
                event.type,
                event.id,
                attempt,
                processor.retry.attempts,
                delay,
                type(error).__name__,
            )
            self._sleep(delay)
            error = None

    def _dead_letter(
        self, processor: Processor, message: Message, error: BaseException, attempts: int
    ) -> None:
        if message.topic.endswith(DLQ_SUFFIX):
            # A processor reading a DLQ failed on a dead letter: leave it where it is rather
            # than loop it into itself.
            log.error("processor %s: dead letter %s failed again", processor.name, message.offset)
            return
        self.bus.send(
            dlq_topic(message.topic), [dead_letter_record(message, error, processor.name, attempts)]
        )
        self.stats.dead_lettered += 1
        BUS_DEAD_LETTERED.labels(processor.name, message.topic).inc()
        log.error(
            "processor %s: %s/%d@%d to %s after %d attempt(s): %s",
            processor.name,
            message.topic,
            message.partition,
            message.offset,
            dlq_topic(message.topic),
            attempts,
            type(error).__name__,
        )


def _count_handled(group: str, processed: int, duplicates: int) -> None:
    BUS_HANDLED.labels(group, "processed").inc(processed)
    BUS_HANDLED.labels(group, "duplicate").inc(duplicates)
