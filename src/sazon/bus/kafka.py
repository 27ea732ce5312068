"""``kafka://host:port[,host:port]``: Apache Kafka (or any Kafka-protocol broker) via
confluent-kafka.

Topics are created when missing (AdminClient), messages are partitioned by key with the
client's default partitioner, and consumer groups are Kafka's own. The processed-ids ledger
stays in the SQL store (see :mod:`sazon.bus.ledger`), so redelivery is harmless here too.

End offsets are read from fetch replies, not from ListOffsets: the Tansu broker used in the
tests answers ListOffsets with the *start* of the last record batch + 1, which would make lag
and message counts too small. A fetch reply carries the true high watermark on any broker.
"""

from __future__ import annotations

import contextlib
import logging
import time
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any, TypeVar

from confluent_kafka import (
    OFFSET_END,
    Consumer,
    KafkaError,
    KafkaException,
    Producer,
    TopicPartition,
)
from confluent_kafka import Message as KafkaMessage
from confluent_kafka.admin import AdminClient
from confluent_kafka.cimpl import NewTopic

from sazon.bus.base import (
    REPLAY_GROUP,
    Message,
    PartitionLag,
    Publishing,
    Record,
    TopicInfo,
    dlq_topic,
    replay_target,
)
from sazon.errors import DependencyUnavailable, InvalidInput

__all__ = ["KafkaBus", "KafkaConsumer"]

log = logging.getLogger(__name__)
# librdkafka's own log lines (connection refused, rebalances…) go through Python logging
# instead of raw stderr, so the worker's log configuration decides what is shown.
_client_log = logging.getLogger("sazon.bus.kafka.client")

TP = tuple[str, int]
_OPS_GROUP = "sazon.ops"  # assign()-only reader for operations: never joins, never commits

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


class KafkaBus(Publishing):
    """The production bus. ``bootstrap`` is ``host:port[,host:port]``.

    ``common``, ``producer`` and ``consumer`` are librdkafka properties (strings, as in a URL
    query): ``common`` goes to every client (e.g. ``security.protocol``, ``sasl.*``).
    """

    def __init__(
        self,
        bootstrap: str,
        *,
        partitions: int = 3,
        replication: int = -1,
        timeout: float = 30.0,
        common: Mapping[str, str] | None = None,
        producer: Mapping[str, str] | None = None,
        consumer: Mapping[str, str] | None = None,
        url: str | None = None,
    ) -> None:
        if not bootstrap:
            raise InvalidInput("kafka:// needs at least one host:port")
        self.bootstrap = bootstrap
        self.url = url or f"kafka://{bootstrap}"
        self.partitions = partitions
        # -1: the broker's default replication factor (Kafka 2.4+), right for any cluster size.
        self.replication = replication
        self.timeout = timeout
        self._common: dict[str, Any] = {
            "bootstrap.servers": bootstrap,
            "client.id": "sazon",
            "logger": _client_log,
            **(common or {}),
        }
        self._producer_conf: dict[str, Any] = {
            **self._common,
            # Idempotence keeps per-partition order and avoids duplicates on retries.
            "enable.idempotence": True,
            "linger.ms": 5,
            # Fail a message after `timeout` instead of librdkafka's 5 minutes, so publish()
            # reports an unreachable broker while the caller can still react.
            "message.timeout.ms": int(timeout * 1000),
            **(producer or {}),
        }
        self._consumer_conf: dict[str, Any] = {
            **self._common,
            "enable.auto.commit": False,
            "auto.offset.reset": "earliest",
            # librdkafka's 45 s default makes a joining member wait ~23 s; 10 s is Kafka's
            # classic default and still tolerates a slow handler (heartbeats run in a thread).
            "session.timeout.ms": 10000,
            "heartbeat.interval.ms": 1000,
            # Low latency for a trickle of events; the idle cost is a few fetches a second.
            "fetch.wait.max.ms": 100,
            # Notice recreated or new topics within seconds, not librdkafka's 5 minutes.
            "topic.metadata.refresh.interval.ms": 10000,
            **(consumer or {}),
        }
        try:
            self._admin = AdminClient(dict(self._common))
        except KafkaException as exc:  # e.g. a misspelt librdkafka property in the URL
            raise InvalidInput(f"bus URL {self.url!r}: {_describe(exc)}") from exc
        self._producer: Producer | None = None
        self._warm_topics: set[str] = set()  # topics whose leaders the producer knows
        self._ensured: set[str] = set()

    # -- publishing -------------------------------------------------------------------------

    def send(self, topic: str, records: Sequence[Record]) -> None:
        if not records:
            return
        self.ensure_topics([topic])
        producer = self._get_producer()
        if topic not in self._warm_topics:
            _warm(producer, self.timeout, topic)
            self._warm_topics.add(topic)
        failures: list[KafkaError] = []

        def delivered(err: KafkaError | None, _msg: KafkaMessage) -> None:
            if err is not None:
                failures.append(err)

        for record in records:
            headers: list[tuple[str, str | bytes | None]] = [
                ("type", record.type),
                *record.headers.items(),
            ]
            while True:
                try:
                    producer.produce(
                        topic,
                        value=record.value,
                        key=record.key,
                        headers=headers,
                        on_delivery=delivered,
                    )
                    break
                except BufferError:  # local queue full: let deliveries drain, then retry
                    producer.poll(0.05)
        left = producer.flush(self.timeout + 5)
        if left or failures:
            # A producer that failed may be wedged (an idempotent producer whose broker
            # forgot its id never recovers): start fresh and re-check topics next time.
            self._reset_producer()
            what = f"{left} not acknowledged" if left else failures[0].str()
            raise DependencyUnavailable(
                f"kafka at {self.bootstrap} did not take {len(failures) or left} of "
                f"{len(records)} message(s) for {topic!r}: {what}"
            )

    def _get_producer(self) -> Producer:
        if self._producer is None:
            self._producer = Producer(dict(self._producer_conf))
            self._warm_topics = set()
        return self._producer

    def _reset_producer(self) -> None:
        self._producer = None  # the old one is garbage-collected; its queue already failed
        self._ensured.clear()

    def ensure_topics(self, topics: Sequence[str]) -> None:
        missing = [t for t in dict.fromkeys(topics) if t not in self._ensured]
        if not missing:
            return
        try:
            existing = self._admin.list_topics(timeout=self.timeout).topics
            create = [
                NewTopic(t, num_partitions=self.partitions, replication_factor=self.replication)
                for t in missing
                if t not in existing
            ]
            if create:
                futures = self._admin.create_topics(create, request_timeout=self.timeout)
                for name, future in futures.items():
                    try:
                        future.result()
                        log.info("created topic %s (%d partitions)", name, self.partitions)
                    except KafkaException as exc:
                        if exc.args[0].code() != KafkaError.TOPIC_ALREADY_EXISTS:
                            raise
        except KafkaException as exc:
            raise DependencyUnavailable(
                f"kafka at {self.bootstrap} cannot list or create topics: {_describe(exc)}"
            ) from exc
        self._ensured.update(missing)

    # -- consuming --------------------------------------------------------------------------

    def subscribe(self, group: str, topics: Sequence[str]) -> KafkaConsumer:
        self.ensure_topics(topics)
        return KafkaConsumer(
            dict(self._consumer_conf), group, topics, on_missing_topic=self._forget_topics
        )

    def _forget_topics(self, topics: Sequence[str]) -> None:
        # A subscribed topic vanished (a memory-only broker restarted): recreate it so the
        # group gets partitions again even if no producer writes first.
        self._ensured.difference_update(topics)
        try:
            self.ensure_topics(topics)
        except DependencyUnavailable as exc:
            log.warning("could not recreate topics %s: %s", list(topics), exc.message)

    # -- operations -------------------------------------------------------------------------

    def topics(self) -> list[TopicInfo]:
        metadata = self._list_topics()
        names = sorted(t for t in metadata if not t.startswith("__"))
        tps = [(t, p) for t in names for p in sorted(metadata[t])]
        marks = self._watermarks(tps)
        return [
            TopicInfo(
                t,
                len(metadata[t]),
                sum(marks[(t, p)][1] - marks[(t, p)][0] for p in metadata[t]),
            )
            for t in names
        ]

    def lag(self, group: str, topics: Sequence[str] = ()) -> list[PartitionLag]:
        committed: dict[TP, int | None] = {}
        try:
            from confluent_kafka import ConsumerGroupTopicPartitions

            futures = self._admin.list_consumer_group_offsets(
                [ConsumerGroupTopicPartitions(group)], request_timeout=self.timeout
            )
            for future in futures.values():
                for tp in future.result().topic_partitions or []:
                    committed[(tp.topic, tp.partition)] = tp.offset if tp.offset >= 0 else None
        except KafkaException as exc:
            raise DependencyUnavailable(
                f"kafka at {self.bootstrap}: cannot read offsets of group {group!r}: "
                f"{_describe(exc)}"
            ) from exc
        if topics:
            metadata = self._list_topics()
            for t in topics:
                for p in metadata.get(t, ()):
                    committed.setdefault((t, p), None)
        marks = self._watermarks(sorted(committed))
        out = []
        for tp in sorted(committed):
            low, high = marks[tp]
            done = committed[tp]
            out.append(PartitionLag(tp[0], tp[1], done, high, max(high - (done or low), 0)))
        return out

    def tail(self, topic: str, n: int = 10) -> list[Message]:
        metadata = self._list_topics()
        if topic not in metadata:
            return []
        tps = [(topic, p) for p in sorted(metadata[topic])]
        marks = self._watermarks(tps)
        starts = {tp: max(marks[tp][0], marks[tp][1] - n) for tp in tps}
        found = self._read_ranges({tp: (starts[tp], marks[tp][1]) for tp in tps})
        found.sort(key=lambda m: (m.timestamp or datetime.min.replace(tzinfo=UTC), m.offset))
        return found[-n:] if n > 0 else []

    def replay_dlq(self, topic: str) -> int:
        dlq = dlq_topic(topic)
        metadata = self._list_topics()
        if dlq not in metadata:
            return 0
        tps = [(dlq, p) for p in sorted(metadata[dlq])]
        marks = self._watermarks(tps)
        cursor = Consumer({**self._consumer_conf, "group.id": REPLAY_GROUP})
        try:
            committed = cursor.committed([TopicPartition(t, p) for t, p in tps], self.timeout)
            starts = {(c.topic, c.partition): c.offset for c in committed}
            ranges = {
                tp: (starts[tp] if starts[tp] >= 0 else marks[tp][0], marks[tp][1]) for tp in tps
            }
            letters = self._read_ranges({tp: r for tp, r in ranges.items() if r[0] < r[1]})
            by_topic: dict[str, list[Record]] = {}
            for original, record in (replay_target(m) for m in letters):
                by_topic.setdefault(original, []).append(record)
            for original, records in by_topic.items():
                self.send(original, records)
            # Only after the copies are acknowledged: a crash in between replays again
            # (duplicates the ledger absorbs) rather than losing letters.
            if letters:
                cursor.commit(
                    offsets=[TopicPartition(t, p, ranges[(t, p)][1]) for t, p in tps],
                    asynchronous=False,
                )
            return len(letters)
        except KafkaException as exc:
            raise DependencyUnavailable(
                f"kafka at {self.bootstrap}: replaying {dlq!r} failed: {_describe(exc)}"
            ) from exc
        finally:
            cursor.close()

    def close(self) -> None:
        if self._producer is not None:
            left = self._producer.flush(self.timeout)
            if left:
                log.warning("closing with %d undelivered message(s)", left)
            self._producer = None

    # -- helpers ----------------------------------------------------------------------------

    def _list_topics(self) -> dict[str, list[int]]:
        try:
            md = self._admin.list_topics(timeout=self.timeout)
        except KafkaException as exc:
            raise DependencyUnavailable(
                f"kafka at {self.bootstrap} is unreachable: {_describe(exc)}"
            ) from exc
        return {name: sorted(t.partitions) for name, t in md.topics.items() if t.error is None}

    def _ops_consumer(self) -> Consumer:
        reader = Consumer(
            {
                **self._common,
                "group.id": _OPS_GROUP,
                "enable.auto.commit": False,
                "enable.partition.eof": True,
                "fetch.wait.max.ms": 50,
            }
        )
        return _warm(reader, self.timeout)

    def _watermarks(self, tps: Sequence[TP]) -> dict[TP, tuple[int, int]]:
        """(low, high) per partition, the high one from a fetch reply (see module doc)."""
        if not tps:
            return {}
        reader = self._ops_consumer()
        try:
            reader.assign([TopicPartition(t, p, OFFSET_END) for t, p in tps])
            pending = set(tps)
            deadline = time.monotonic() + self.timeout
            while pending and time.monotonic() < deadline:
                m = reader.poll(0.1)
                if m is not None and _is_eof(m):
                    pending.discard((m.topic() or "", m.partition() or 0))
            out = {}
            for t, p in tps:
                low, high = reader.get_watermark_offsets(TopicPartition(t, p), cached=True)
                if high < 0 or (t, p) in pending:
                    low, high = reader.get_watermark_offsets(
                        TopicPartition(t, p), timeout=self.timeout, cached=False
                    )
                out[(t, p)] = (max(low, 0), max(high, 0))
            return out
        except KafkaException as exc:
            raise DependencyUnavailable(
                f"kafka at {self.bootstrap} is unreachable: {_describe(exc)}"
            ) from exc
        finally:
            reader.close()

    def _read_ranges(self, ranges: Mapping[TP, tuple[int, int]]) -> list[Message]:
        """Every message in [start, end) of each partition."""
        todo = {tp: r for tp, r in ranges.items() if r[0] < r[1]}
        if not todo:
            return []
        reader = self._ops_consumer()
        out: list[Message] = []
        try:
            reader.assign([TopicPartition(t, p, start) for (t, p), (start, _) in todo.items()])
            deadline = time.monotonic() + self.timeout
            while todo and time.monotonic() < deadline:
                m = reader.poll(0.2)
                if m is None:
                    continue
                tp = (m.topic() or "", m.partition() or 0)
                if m.error() is not None:
                    if _is_eof(m):  # the range ended in records we never see (markers)
                        todo.pop(tp, None)
                    continue
                if tp in todo and (m.offset() or 0) < todo[tp][1]:
                    out.append(_to_message(m))
                if tp in todo and (m.offset() or 0) >= todo[tp][1] - 1:
                    del todo[tp]
        finally:
            reader.close()
        if todo:
            raise DependencyUnavailable(
                f"kafka at {self.bootstrap}: timed out reading {sorted(todo)}"
            )
        return out


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
        self._consumer = Consumer({**config, "group.id": group})
        self._positions: dict[TP, int] = {}
        self._asked_committed: set[TP] = set()
        self._on_missing_topic = on_missing_topic
        self._missing_reported = 0.0
        self._consumer.subscribe(
            list(self.topics), on_assign=self._assigned, on_revoke=self._revoked
        )

    def _assigned(self, _c: Consumer, partitions: list[TopicPartition]) -> None:
        # A new assignment starts from the group's committed offsets, not where this member
        # was before (after a broker restart those may be gone and the log shorter).
        self._forget(partitions)
        log.info("group %s assigned %s", self.group, [(t.topic, t.partition) for t in partitions])

    def _revoked(self, _c: Consumer, partitions: list[TopicPartition]) -> None:
        self._forget(partitions)

    def _forget(self, partitions: list[TopicPartition]) -> None:
        for tp in partitions:
            self._positions.pop((tp.topic, tp.partition), None)
            self._asked_committed.discard((tp.topic, tp.partition))

    def poll(self, max_messages: int, timeout: float) -> list[Message]:
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
                msg = _to_message(m)
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
        upto: dict[TP, int] = {}
        for m in messages:
            upto[(m.topic, m.partition)] = max(upto.get((m.topic, m.partition), 0), m.offset + 1)
        if not upto:
            return
        try:
            self._consumer.commit(
                offsets=[TopicPartition(t, p, o) for (t, p), o in upto.items()],
                asynchronous=False,
            )
        except KafkaException as exc:
            err = exc.args[0]
            if isinstance(err, KafkaError) and not err.fatal() and err.code() in _COMMIT_RETRIABLE:
                # Not fatal for correctness: the next owner re-reads these messages and the
                # ledger skips the ones already applied.
                log.warning("commit for group %s failed, will redeliver: %s", self.group, err)
                return
            raise DependencyUnavailable(
                f"kafka: commit for group {self.group!r} failed: {_describe(exc)}"
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
        # close() leaves the group at once, so the partitions move without waiting for the
        # session timeout.
        self._consumer.close()


C = TypeVar("C", Producer, Consumer)


def _warm(client: C, timeout: float, topic: str | None = None) -> C:
    """Fetch cluster metadata before first use.

    A client that produces to or assigns a partition before it knows the leader parks it on
    a 500 ms retry timer; one metadata round trip first makes the first call ~5x faster.
    Failure is fine here: the real call reports an unreachable broker.
    """
    with contextlib.suppress(KafkaException):
        client.list_topics(topic, timeout=min(timeout, 5.0))
    return client


def _is_eof(m: KafkaMessage) -> bool:
    err = m.error()
    return err is not None and err.code() == KafkaError._PARTITION_EOF


def _to_message(m: KafkaMessage) -> Message:
    raw_headers = m.headers() or []
    pairs = raw_headers.items() if isinstance(raw_headers, dict) else raw_headers
    # Any producer can write to a topic: bytes that are not UTF-8 in a key or header must not
    # stop the consumer (the payload itself is checked when decoded, and dead-lettered).
    headers = {
        k: (v.decode(errors="replace") if isinstance(v, bytes) else str(v or "")) for k, v in pairs
    }
    kind, ms = m.timestamp()
    raw_key = m.key()
    value = m.value()
    return Message(
        topic=m.topic() or "",
        partition=m.partition() or 0,
        offset=m.offset() or 0,
        key=raw_key.decode(errors="replace") if isinstance(raw_key, bytes) else raw_key,
        type=headers.pop("type", ""),
        value=value if isinstance(value, bytes) else (value or "").encode(),
        headers=headers,
        timestamp=datetime.fromtimestamp(ms / 1000, UTC) if kind and ms > 0 else None,
    )


def _describe(exc: KafkaException) -> str:
    err = exc.args[0] if exc.args else None
    return err.str() if isinstance(err, KafkaError) else str(exc)
