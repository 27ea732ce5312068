"""Gauges read from the store at scrape time, never per request.

A face (the api, the worker) registers *sources*: functions that read a few aggregate rows
(open quarantine by kind, plans by status, bus lag…) and return metric families. The
:class:`ScrapeCollector` calls them when Prometheus scrapes, at most once per ``ttl``
seconds (a dashboard refreshing every 5 s from several Grafana users costs one read), and a
source that fails is logged and counted instead of failing the scrape: the HTTP and bus
counters must stay visible when the store is down, which is when they matter most.

>>> def open_rows():  # doctest: +SKIP
...     yield gauge("sazon_ingest_quarantine_open", "Open quarantined rows.", {"kind": "guests"}, 3)
>>> add_source("ingest-quarantine", open_rows)  # doctest: +SKIP
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterable, Mapping

from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

from sazon.monitoring.metrics import REGISTRY

log = logging.getLogger(__name__)

Source = Callable[[], Iterable[Metric]]


def gauge(name: str, doc: str, samples: Iterable[tuple[Mapping[str, str], float]]) -> Metric:
    """One gauge family from ``(labels, value)`` pairs (every pair with the same label names)."""
    rows = list(samples)
    labels = sorted(rows[0][0]) if rows else []
    family = GaugeMetricFamily(name, doc, labels=labels)
    for values, value in rows:
        family.add_metric([str(values[k]) for k in labels], float(value))
    return family


class ScrapeCollector(Collector):
    """Calls the registered sources at scrape time, caching their families for ``ttl`` s."""

    def __init__(self, ttl: float = 10.0) -> None:
        self.ttl = ttl
        self._sources: dict[str, Source] = {}
        self._cache: list[Metric] = []
        self._at = float("-inf")
        self._failures: dict[str, int] = {}
        self._lock = threading.Lock()

    def add(self, name: str, source: Source) -> None:
        """Register (or replace) a source; the next scrape reads it."""
        with self._lock:
            self._sources[name] = source
            self._at = float("-inf")

    def remove(self, name: str) -> None:
        with self._lock:
            self._sources.pop(name, None)
            self._at = float("-inf")

    def describe(self) -> list[Metric]:
        # Without this the registry would call collect() at registration (auto_describe).
        return []

    def collect(self) -> Iterable[Metric]:
        with self._lock:
            now = time.monotonic()
            if now - self._at >= self.ttl:
                self._cache = self._read()
                self._at = now
            cached = list(self._cache)
        yield from cached
        failures = CounterMetricFamily(
            "sazon_scrape_source_failures",
            "Store-derived metric sources that failed at scrape time.",
            labels=["source"],
        )
        for name, count in sorted(self._failures.items()):
            failures.add_metric([name], count)
        yield failures

    def _read(self) -> list[Metric]:
        out: list[Metric] = []
        for name, source in self._sources.items():
            try:
                out.extend(source())
            except Exception as exc:  # a down store must not hide the other metrics
                self._failures[name] = self._failures.get(name, 0) + 1
                log.warning("metrics source %s failed: %s", name, type(exc).__name__)
        return out


SCRAPE = ScrapeCollector()
REGISTRY.register(SCRAPE)


def add_source(name: str, source: Source) -> None:
    """Register a store-derived source on the process's registry (see module doc)."""
    SCRAPE.add(name, source)
