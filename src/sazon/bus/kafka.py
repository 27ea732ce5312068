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

import logging
import time
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

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
from sazon.bus.kafka_consumer import TP, KafkaConsumer, describe, is_eof, to_message, warm
from sazon.errors import DependencyUnavailable, InvalidInput
from sazon.monitoring import BUS_PUBLISHED

__all__ = ["KafkaBus", "KafkaConsumer"]

log = logging.getLogger(__name__)
# librdkafka's own log lines (connection refused, rebalances…) go through Python logging
# instead of raw stderr, so the worker's log configuration decides what is shown.
_client_log = logging.getLogger("sazon.bus.kafka.client")

_OPS_GROUP = "sazon.ops"  # assign()-only reader for operations: never joins, never commits


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
            raise InvalidInput(f"bus URL {self.url!r}: {describe(exc)}") from exc
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
            warm(producer, self.timeout, topic)
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
        BUS_PUBLISHED.labels(topic).inc(len(records))

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
                f"kafka at {self.bootstrap} cannot list or create topics: {describe(exc)}"
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
                f"{describe(exc)}"
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
                f"kafka at {self.bootstrap}: replaying {dlq!r} failed: {describe(exc)}"
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
                f"kafka at {self.bootstrap} is unreachable: {describe(exc)}"
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
        return warm(reader, self.timeout)

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
                if m is not None and is_eof(m):
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
                f"kafka at {self.bootstrap} is unreachable: {describe(exc)}"
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
                    if is_eof(m):  # the range ended in records we never see (markers)
                        todo.pop(tp, None)
                    continue
                if tp in todo and (m.offset() or 0) < todo[tp][1]:
                    out.append(to_message(m))
                if tp in todo and (m.offset() or 0) >= todo[tp][1] - 1:
                    del todo[tp]
        finally:
            reader.close()
        if todo:
            raise DependencyUnavailable(
                f"kafka at {self.bootstrap}: timed out reading {sorted(todo)}"
            )
        return out
