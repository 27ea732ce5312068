"""The metric objects. Labels are route templates, methods, statuses and kinds: bounded sets."""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest

REGISTRY = CollectorRegistry(auto_describe=True)

HTTP_REQUESTS = Counter(
    "sazon_http_requests_total",
    "HTTP requests by route template and status.",
    ["method", "route", "status"],
    registry=REGISTRY,
)
HTTP_LATENCY = Histogram(
    "sazon_http_request_duration_seconds",
    "HTTP request latency by route template.",
    ["method", "route"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
    registry=REGISTRY,
)
INGEST_ROWS = Counter(
    "sazon_ingest_rows_total",
    "Ingested rows by kind and outcome (accepted, merged, quarantined).",
    ["kind", "outcome"],
    registry=REGISTRY,
)


def render_latest() -> bytes:
    return generate_latest(REGISTRY)
