"""The trend detector on Kafka, with Quix Streams: a consumer group reads the market texts
topic, each consumer tokenises its partitions' texts, and one detector merged from all of
them raises the alerts, sent to the ``trends.alerts`` topic.

    cfg = StreamConfig(bootstrap="127.0.0.1:9092", state_url="sqlite:///trends-stream.db")
    publish_items(cfg, items)                 # a file of texts onto the topic
    run_stream(cfg, idle_timeout=5)           # until Ctrl+C, or 5 s without messages
    StreamState(...).report()                 # the same report as the embedded engine

Quix Streams runs the consumer loop: a ``StreamingDataFrame`` reads and tokenises each
message, and a batching sink (:class:`TrendSink`) saves each partition's batch in
:mod:`sazon.trends.stream_state` when Quix checkpoints, before it commits the offsets. Start
more consumers with the same group to split the partitions (on several machines, give them
one PostgreSQL ``state_url``).

The texts topic carries the texts themselves (``{"id", "created_at", "source", "text",
"product", …}``, as a file line): a social-listening feed writes it. The bus's own
``market-texts`` topic announces texts saved in the store and by rule carries no free text
(docs/bus.md), so it is not this topic. A message that is not a valid text goes to
``<topic>.dlq`` with its reason in the ``dlq.error`` header; the rest goes on.
"""

from __future__ import annotations

import json
import logging
import os
import socket
import tempfile
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from confluent_kafka import Producer
from confluent_kafka.admin import AdminClient
from confluent_kafka.cimpl import NewTopic
from quixstreams import Application
from quixstreams.sinks import BatchingSink, SinkBatch

from sazon.errors import DependencyUnavailable
from sazon.trends.detector import Scorer, TrendDetector
from sazon.trends.model import Alert, MarketItem, Settings
from sazon.trends.reading import read_market_rows
from sazon.trends.stream_state import Counted, StreamState
from sazon.trends.terms import grams

log = logging.getLogger(__name__)
TEXTS_TOPIC = "trends.texts"
ALERTS_TOPIC = "trends.alerts"
GROUP = "sazon-trends"
# Tansu reports a topic's retention only when it was created with one, and Quix asks for it.
_TOPIC_CONFIG = {"retention.ms": "604800000", "retention.bytes": "-1"}


@dataclass
class StreamConfig:
    bootstrap: str  # host:port[,host:port]
    state_url: str  # SQLAlchemy URL of the engine's state (sazon.trends.stream_state)
    group: str = GROUP
    topic: str = TEXTS_TOPIC
    alerts_topic: str = ALERTS_TOPIC
    partitions: int = 3  # when the topic is created here
    commit_interval: float = 5.0  # seconds between checkpoints
    commit_every: int = 0  # or a checkpoint every N messages (0: by time only)
    merge_every: float = 1.0  # seconds between merges (each saves the merged detector)
    consumer: dict[str, str] = field(default_factory=dict)  # librdkafka properties
    settings: Settings | None = None  # the detector's; stored with the group's state

    @property
    def dlq_topic(self) -> str:
        return f"{self.topic}.dlq"


def wire(item: MarketItem) -> bytes:
    """A text as the topic carries it (the fields of a file line)."""
    row = {
        "id": item.id, "created_at": item.created_at.isoformat(), "source": item.source,
        "text": item.text, "product": item.product, "category": item.category,
        "rating": item.rating, "region": item.region,
    }  # fmt: skip
    return json.dumps({k: v for k, v in row.items() if v is not None}).encode()


def ensure_topics(cfg: StreamConfig) -> int:
    """Create the texts, dead-letter and alerts topics when missing; the texts topic's
    partition count comes back (the number of partitions the merge waits for)."""
    admin = AdminClient({"bootstrap.servers": cfg.bootstrap})
    have = admin.list_topics(timeout=15).topics
    wanted = [cfg.topic, cfg.dlq_topic, cfg.alerts_topic]
    new = [
        NewTopic(t, cfg.partitions if t == cfg.topic else 1, 1, config=dict(_TOPIC_CONFIG))
        for t in wanted
        if t not in have
    ]
    if new:
        for topic, future in admin.create_topics(new).items():
            try:
                future.result(15)
            except Exception as exc:  # a racing consumer created it: fine
                if "already exists" not in str(exc).lower():
                    raise DependencyUnavailable(f"no se pudo crear {topic}: {exc}") from exc
    meta = admin.list_topics(cfg.topic, timeout=15).topics[cfg.topic]
    return len(meta.partitions)


def publish_items(cfg: StreamConfig, items: Iterable[MarketItem]) -> int:
    """Send texts to the texts topic, keyed by id (spread over the partitions), in the
    order given: publish a file in time order and both engines read the same stream."""
    ensure_topics(cfg)
    producer = Producer({"bootstrap.servers": cfg.bootstrap, "linger.ms": 20})
    n = 0
    for item in items:
        while True:
            try:
                producer.produce(cfg.topic, wire(item), item.id.encode())
                break
            except BufferError:  # the local queue is full: let it drain
                producer.poll(0.1)
        n += 1
        if n % 10_000 == 0:
            producer.poll(0)
    if producer.flush(30):
        raise DependencyUnavailable("el broker no confirmó todos los textos / not all acked")
    return n


@dataclass(frozen=True)
class Rejected:
    reason: str  # Spanish first, English second, as a file's bad line
    raw: bytes


class Prepare:
    """Message bytes → a text with its bucket and terms, or the reason it is bad. Runs in
    the consumer (the sink's batch), for each message: the tokenising is what scales with
    consumers."""

    def __init__(self, settings: Settings | None) -> None:
        self._buckets = TrendDetector(settings)

    def __call__(self, value: bytes | None) -> tuple[MarketItem, int, tuple[str, ...]] | Rejected:
        if value is None:  # a tombstone or an empty message: a dead letter, not a crash loop
            return Rejected("mensaje vacío / empty message", b"")
        try:
            row: Any = json.loads(value)
        except ValueError:
            row = value.decode(errors="replace")
        read = read_market_rows([(0, row if isinstance(row, dict) else str(row))])
        if read.bad:
            return Rejected(read.bad[0].reason, value)
        item = read.items[0]
        terms = tuple(sorted(grams(item.text, item.product)))
        return item, self._buckets.bucket_of(item), terms


class TrendSink(BatchingSink):
    """Saves each partition's batch when Quix checkpoints (before it commits offsets), then
    merges and sends the alerts the merged detector raised."""

    def __init__(self, state: StreamState, cfg: StreamConfig, scorer: Scorer | None) -> None:
        super().__init__()
        self.state = state
        self.cfg = cfg
        self.scorer = scorer
        self.owner = f"{socket.gethostname()}:{os.getpid()}"
        self.producer = Producer({"bootstrap.servers": cfg.bootstrap, "linger.ms": 5})
        self.prepare = Prepare(cfg.settings)
        self.alerts_sent = 0
        self.merged_at = 0.0
        self.behind = False  # a partition moved on since the last merge

    def write(self, batch: SinkBatch) -> None:
        # The messages come as bytes and are read here, a batch at a time, not in a
        # dataframe step: Quix's per-message step costs about as much as reading the text.
        texts, bad = [], []
        last = -1
        prepare = self.prepare
        for msg in batch:
            last = max(last, msg.offset)
            got = prepare(msg.value)
            if isinstance(got, Rejected):
                bad.append((msg, got))
                continue
            item, bucket, terms = got
            texts.append(Counted(msg.offset, bucket, item, terms))
        for msg, why in bad:  # dead letters first: a crash before the save sends them again
            self.producer.produce(
                self.cfg.dlq_topic, why.raw, msg.key,
                headers={"dlq.error": why.reason, "dlq.partition": str(batch.partition),
                         "dlq.offset": str(msg.offset)},
            )  # fmt: skip
        if bad and self.producer.flush(30) > 0:
            # Committing past them would lose the dead letters: the batch comes again.
            raise DependencyUnavailable(
                "el tópico de mensajes fallidos no confirmó todos / dead letters not all acked"
            )
        if last < 0:
            return
        self.behind |= self.state.save(batch.partition, texts, last, len(bad), self.owner)
        if self.behind and time.monotonic() - self.merged_at >= self.cfg.merge_every:
            self.merge()

    def merge(self) -> None:
        self.behind = False
        self.merged_at = time.monotonic()
        self.send(self.state.merge(self.scorer))

    def send(self, alerts: list[Alert]) -> None:
        for alert in alerts:
            value = json.dumps(alert.to_json(), ensure_ascii=False).encode()
            self.producer.produce(self.cfg.alerts_topic, value, alert.id.encode())
        if alerts:
            if self.producer.flush(30):
                raise DependencyUnavailable("trends.alerts: el broker no confirmó las alertas")
            self.state.sent(len(alerts))
            self.alerts_sent += len(alerts)


def open_state(cfg: StreamConfig) -> StreamState:
    from sazon.store import make_engine

    return StreamState(make_engine(cfg.state_url), cfg.group, cfg.topic)


def run_stream(
    cfg: StreamConfig, scorer: Scorer | None = None, idle_timeout: float = 0.0
) -> dict[str, Any]:
    """Consume until stopped (SIGINT/SIGTERM), or ``idle_timeout`` seconds without a message;
    what this consumer did comes back (texts counted by the whole group, alerts it sent)."""
    partitions = ensure_topics(cfg)
    state = open_state(cfg)
    state.create(partitions, cfg.settings)
    with tempfile.TemporaryDirectory(prefix="sazon-quix-") as tmp:
        app = Application(
            broker_address=cfg.bootstrap,
            consumer_group=cfg.group,
            auto_offset_reset="earliest",
            commit_interval=cfg.commit_interval,
            commit_every=cfg.commit_every,
            consumer_extra_config=dict(cfg.consumer),
            state_dir=tmp,  # no Quix state: the detector's lives in stream_state
            use_changelog_topics=False,
            auto_create_topics=False,
            loglevel="WARNING",
        )
        topic = app.topic(cfg.topic, value_deserializer="bytes", key_deserializer="bytes")
        sink = TrendSink(state, cfg, scorer)
        app.dataframe(topic).sink(sink)
        app.run(timeout=idle_timeout)
    # Whatever every partition moved past is folded now, not at the next message.
    sink.merge()
    sink.producer.flush(30)
    try:
        return {"alerts_sent": sink.alerts_sent, **state.progress()}
    finally:
        state.engine.dispose()
