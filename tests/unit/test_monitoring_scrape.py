"""The scrape-time collector: sources read at most once per ttl, a failing source is counted
and never hides the others (issue #18: no store query per request, metrics survive a down
store)."""

from __future__ import annotations

from collections.abc import Iterable

from prometheus_client import CollectorRegistry, generate_latest
from prometheus_client.core import Metric

from sazon.monitoring import ScrapeCollector, gauge


def test_scrape__sources_are_cached_and_a_failure_is_counted() -> None:
    calls = []

    def open_rows() -> Iterable[Metric]:
        calls.append(1)
        yield gauge("sazon_test_open", "Open rows.", [({"kind": "guests"}, 3)])

    def broken() -> Iterable[Metric]:
        raise ConnectionError("store down")
        yield  # pragma: no cover

    collector = ScrapeCollector(ttl=3600)
    registry = CollectorRegistry()
    registry.register(collector)
    collector.add("rows", open_rows)
    collector.add("broken", broken)
    first = generate_latest(registry).decode()
    second = generate_latest(registry).decode()
    assert 'sazon_test_open{kind="guests"} 3.0' in first
    assert 'sazon_scrape_source_failures_total{source="broken"} 1.0' in first
    assert len(calls) == 1 and second == first  # cached: the store is read once per ttl
    collector.remove("broken")  # a change of sources is read at the next scrape
    third = generate_latest(registry).decode()
    assert len(calls) == 2 and "sazon_test_open" in third


def test_gauge__empty_samples_give_an_empty_family() -> None:
    family = gauge("sazon_test_none", "Nothing.", [])
    assert family.samples == []
