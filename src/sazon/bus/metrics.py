"""Bus gauges read at scrape time: consumer lag per group and topic, dead letters per DLQ.

Counters (published, handled, retried, dead-lettered) are updated where the work happens;
these read the bus itself, so they are registered as scrape-time sources
(:func:`sazon.monitoring.add_source`) by the process that owns the bus.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from prometheus_client.core import Metric

from sazon.bus.base import DLQ_SUFFIX, Bus, dlq_topic
from sazon.bus.events import TOPICS
from sazon.bus.worker import Processor
from sazon.monitoring import Source, gauge


def lag_source(bus: Bus, processors: Sequence[Processor]) -> Source:
    """``sazon_bus_lag``: messages each processor's consumer group still has to read, per
    topic (a topic nobody wrote to yet shows 0)."""
    groups = {p.name: p.topics for p in processors}

    def read() -> Iterable[Metric]:
        samples = []
        for group, topics in groups.items():
            per_topic: dict[str, int] = dict.fromkeys(topics, 0)
            for p in bus.lag(group, topics):
                per_topic[p.topic] = per_topic.get(p.topic, 0) + p.lag
            samples += [({"group": group, "topic": t}, n) for t, n in per_topic.items()]
        yield gauge("sazon_bus_lag", "Messages a consumer group has not read yet.", samples)

    return read


def dlq_source(bus: Bus) -> Source:
    """``sazon_bus_dlq_messages``: messages in each ``<topic>.dlq``; every known topic's DLQ
    shows 0 before its first dead letter (a panel or alert then has data)."""

    def read() -> Iterable[Metric]:
        counts = dict.fromkeys((dlq_topic(t) for t in TOPICS), 0)
        counts |= {t.name: t.messages for t in bus.topics() if _is_dlq(t.name)}
        samples = [({"topic": name}, n) for name, n in sorted(counts.items())]
        yield gauge("sazon_bus_dlq_messages", "Messages in each dead-letter topic.", samples)
        yield gauge(
            "sazon_bus_dlq_messages_all",
            "Messages in every dead-letter topic together (0 when there is none).",
            [({}, sum(n for _, n in samples))],
        )

    return read


def _is_dlq(name: str) -> bool:
    return name.endswith(DLQ_SUFFIX)
