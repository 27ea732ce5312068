"""Kafka consumer-group members and the confluent-kafka helpers the Kafka bus shares.

A :class:`KafkaConsumer` is one member of a Kafka consumer group (``subscribe``), committing
by hand after the worker's store transaction; the helpers turn a client's messages into the
bus's :class:`~sazon.bus.base.Message` and its errors into words.
"""

from __future__ import annotations

import contextlib
import logging
import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import Any, TypeVar

from confluent_kafka import Consumer, KafkaError, KafkaException, Producer, TopicPartition
from confluent_kafka import Message as KafkaMessage

from sazon.bus.base import LazyHeaders, Message
from sazon.errors import DependencyUnavailable

__all__ = ["KafkaConsumer", "describe", "is_eof", "to_message", "warm"]

# The Kafka bus's logger: both modules log as one component.
log = logging.getLogger("sazon.bus.kafka")

TP = tuple[str, int]

# Commit errors that only mean "this member no longer owns the partition" or "try later":
# the messages will be redelivered to whoever owns it, and the ledger skips them.
_COMMIT_RETRIABLE = {
    KafkaError._NO_OFFSET,
    KafkaError.REBALANCE_IN_PROGRESS,
    KafkaError.ILLEGAL_GENERATION,
    KafkaError.UNKNOWN_MEMBER_ID,
    KafkaError.COORDINATOR_NOT_AVAILABLE,
    KafkaError.NOT_COORDINATOR,
    KafkaError._TRANSPORT,
    KafkaError._WAIT_COORD,
    KafkaError._TIMED_OUT,
    KafkaError.REQUEST_TIMED_OUT,
    KafkaError._ALL_BROKERS_DOWN,
}


class KafkaConsumer:
    """A member of a Kafka consumer group (``subscribe``), committing by hand."""

    def __init__(
        self,
        config: dict[str, Any],
        group: str,
        topics: Sequence[str],
        *,
        on_missing_topic: Callable[[Sequence[str]], None] | None = None,
    ) -> None:
        self.group = group
        self.topics = tuple(dict.fromkeys(topics))
        self.settle_seconds = int(config.get("fetch.wait.max.ms", 500)) / 1000 + 0.3
        # Offsets sent with an asynchronous commit and not yet confirmed by a flush, and the
        # first commit error the client reported that is not "redeliver later".
        self._unflushed: dict[TP, int] = {}
        self._commit_error: KafkaError | None = None
        self._consumer = Consumer({**config, "group.id": group, "on_commit": self._committed})
        self._positions: dict[TP, int] = {}
        self._asked_committed: set[TP] = set()
        # The partitions this member holds now: a batch read before a revoke is not committed
        # for a partition another member has taken (it would move the group's offset back).
        self._owned: set[TP] = set()
        self._on_missing_topic = on_missing_topic
        self._missing_reported = 0.0
        self._consumer.subscribe(
            list(self.topics), on_assign=self._assigned, on_revoke=self._revoked
        )

    def _assigned(self, _c: Consumer, partitions: list[TopicPartition]) -> None:
        # A new assignment starts from the group's committed offsets, not where this member
        # was before (after a broker restart those may be gone and the log shorter).
        self._forget(partitions)
        self._owned |= {(tp.topic, tp.partition) for tp in partitions}
        log.info("group %s assigned %s", self.group, [(t.topic, t.partition) for t in partitions])

    def _revoked(self, _c: Consumer, partitions: list[TopicPartition]) -> None:
        # What was handled on these partitions is committed before another member takes them
        # (a stale commit sent later could move the group's offset back).
        keys = {(tp.topic, tp.partition) for tp in partitions}
        mine = {tp: o for tp, o in self._unflushed.items() if tp in keys}
        if mine:
            try:
                self._send(mine, asynchronous=False)
            except DependencyUnavailable as exc:
                log.warning("kafka consumer %s: commit on revoke failed: %s", self.group, exc)
        self._forget(partitions)
        self._owned -= keys

    def _forget(self, partitions: list[TopicPartition]) -> None:
        for tp in partitions:
            self._unflushed.pop((tp.topic, tp.partition), None)
            self._positions.pop((tp.topic, tp.partition), None)
            self._asked_committed.discard((tp.topic, tp.partition))

    def poll(self, max_messages: int, timeout: float) -> list[Message]:
        self._raise_commit_error()
        # consume(n, t) waits the whole t unless n messages arrive; take what is ready, or
        # block for the first one and then take what is ready.
        raw = self._consumer.consume(num_messages=max_messages, timeout=0)
        if not raw:
            first = self._consumer.poll(timeout)
            if first is None:
                return []
            raw = [first]
            if max_messages > 1:
                raw += self._consumer.consume(num_messages=max_messages - 1, timeout=0)
        out = []
        for m in raw:
            err = m.error()
            if err is None:
                msg = to_message(m)
                out.append(msg)
                self._positions[(msg.topic, msg.partition)] = msg.offset + 1
            else:
                self._client_error(err)
        return out

    def _client_error(self, err: KafkaError) -> None:
        if err.code() == KafkaError._PARTITION_EOF:
            return
        if err.fatal():
            raise DependencyUnavailable(f"kafka consumer {self.group!r} failed: {err.str()}")
        if err.code() == KafkaError.UNKNOWN_TOPIC_OR_PART and self._on_missing_topic:
            now = time.monotonic()
            if now - self._missing_reported > 1.0:
                self._missing_reported = now
                self._on_missing_topic(self.topics)
        log.warning("kafka consumer %s: %s", self.group, err.str())

    def commit(self, messages: Sequence[Message]) -> None:
        """Send the commit and return: waiting for the broker's reply took as long as the
        worker's whole store transaction for a batch (bench/bench_bus.py). :meth:`flush`
        waits; the client reports a failed commit to :meth:`_committed`."""
        upto: dict[TP, int] = {}
        for m in messages:
            key = (m.topic, m.partition)
            # A partition revoked mid-batch is not committed again: its new owner starts from
            # the offset committed on revoke, and a later commit would move that back.
            if key in self._owned:
                upto[key] = max(upto.get(key, 0), m.offset + 1)
        if not upto:
            return
        self._raise_commit_error()
        self._send(upto, asynchronous=True)
        self._unflushed.update(upto)

    def flush(self) -> None:
        """Commit again, waiting this time, the offsets sent since the last flush."""
        upto, self._unflushed = self._unflushed, {}
        if upto:
            self._send(upto, asynchronous=False)
        self._raise_commit_error()

    def _committed(self, err: KafkaError | None, partitions: list[TopicPartition]) -> None:
        # Called by the client (inside poll/consume/commit) with an asynchronous commit's reply;
        # one partition's failure may come on that partition only.
        if err is None:
            err = next((tp.error for tp in partitions or [] if tp.error is not None), None)
        if err is None:
            return
        if not err.fatal() and err.code() in _COMMIT_RETRIABLE:
            log.warning("commit for group %s failed, will redeliver: %s", self.group, err.str())
        elif self._commit_error is None:
            self._commit_error = err

    def _raise_commit_error(self) -> None:
        err, self._commit_error = self._commit_error, None
        if err is not None:
            raise DependencyUnavailable(
                f"kafka: commit for group {self.group!r} failed: {err.str()}"
            )

    def _send(self, upto: dict[TP, int], *, asynchronous: bool) -> None:
        offsets = [TopicPartition(t, p, o) for (t, p), o in upto.items()]
        try:
            if asynchronous:
                self._consumer.commit(offsets=offsets, asynchronous=True)
            else:
                self._consumer.commit(offsets=offsets, asynchronous=False)
        except KafkaException as exc:
            err = exc.args[0]
            if isinstance(err, KafkaError) and not err.fatal() and err.code() in _COMMIT_RETRIABLE:
                # Not fatal for correctness: the next owner re-reads these messages and the
                # ledger skips the ones already applied.
                log.warning("commit for group %s failed, will redeliver: %s", self.group, err)
                return
            raise DependencyUnavailable(
                f"kafka: commit for group {self.group!r} failed: {describe(exc)}"
            ) from exc

    def caught_up(self) -> bool:
        assignment = self._consumer.assignment()
        if not assignment:
            return False
        unknown = [
            tp
            for tp in assignment
            if (tp.topic, tp.partition) not in self._positions
            and (tp.topic, tp.partition) not in self._asked_committed
        ]
        if unknown:  # never read here: the group's committed offset is where we stand
            for tp in self._consumer.committed(unknown, timeout=10):
                self._asked_committed.add((tp.topic, tp.partition))
                if tp.offset >= 0:
                    self._positions[(tp.topic, tp.partition)] = tp.offset
        for tp in assignment:
            low, high = self._consumer.get_watermark_offsets(tp, cached=True)
            if high < 0:  # no fetch reply yet: the end is not known
                return False
            position = self._positions.get((tp.topic, tp.partition), low)
            # Past the end means the log was cut or recreated (a memory-only broker restarted)
            # and the client is about to reset: not caught up, whatever the numbers say.
            if position != high:
                return False
        return True

    def close(self) -> None:
        # The offsets of what was handled, stored before leaving; if the broker is gone they
        # are read again by the next member and skipped by the ledger.
        try:
            self.flush()
        except DependencyUnavailable as exc:
            log.warning("kafka consumer %s: last commit failed on close: %s", self.group, exc)
        # close() leaves the group at once, so the partitions move without waiting for the
        # session timeout.
        self._consumer.close()


C = TypeVar("C", Producer, Consumer)


def warm(client: C, timeout: float, topic: str | None = None) -> C:
    """Fetch cluster metadata before first use.

    A client that produces to or assigns a partition before it knows the leader parks it on
    a 500 ms retry timer; one metadata round trip first makes the first call ~5x faster.
    Failure is fine here: the real call reports an unreachable broker.
    """
    with contextlib.suppress(KafkaException):
        client.list_topics(topic, timeout=min(timeout, 5.0))
    return client


def is_eof(m: KafkaMessage) -> bool:
    err = m.error()
    return err is not None and err.code() == KafkaError._PARTITION_EOF


def to_message(m: KafkaMessage) -> Message:
    raw_headers = m.headers() or []
    pairs = list(raw_headers.items()) if isinstance(raw_headers, dict) else raw_headers
    # The type is read now (it picks the event class); the other headers only when something
    # reads them (a dead letter), so the common path converts no bytes it does not need.
    kind = ""
    for name, raw in pairs:
        if name == "type":
            kind = _text(raw)
    ms_kind, ms = m.timestamp()
    raw_key = m.key()
    value = m.value()
    return Message(
        m.topic() or "",
        m.partition() or 0,
        m.offset() or 0,
        raw_key.decode(errors="replace") if isinstance(raw_key, bytes) else raw_key,
        kind,
        value if isinstance(value, bytes) else (value or "").encode(),
        LazyHeaders(pairs, _wire_headers),
        datetime.fromtimestamp(ms / 1000, UTC) if ms_kind and ms > 0 else None,
    )


def _wire_headers(pairs: Sequence[tuple[str, Any]]) -> dict[str, str]:
    """A Kafka message's headers as text, without ``type`` (a field of the message)."""
    headers = {name: _text(raw) for name, raw in pairs}
    headers.pop("type", None)
    return headers


def _text(raw: Any) -> str:
    # Any producer can write to a topic: bytes that are not UTF-8 in a key or header must not
    # stop the consumer (the payload itself is checked when decoded, and dead-lettered).
    return raw.decode(errors="replace") if isinstance(raw, bytes) else str(raw or "")


def describe(exc: KafkaException) -> str:
    err = exc.args[0] if exc.args else None
    return err.str() if isinstance(err, KafkaError) else str(exc)
