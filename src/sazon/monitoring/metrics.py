"""The registry and the HTTP metrics. Labels are route templates, methods and statuses.

Every metric of every tool lives in :data:`REGISTRY` (one per process: the api serves it at
``/metrics``, the worker on its own port). A tool declares its metrics in a module of this
package named for it (``sazon.monitoring.tools`` holds the first ones); see
``docs/operations.md``, "Adding a tool's metrics".
"""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest

REGISTRY = CollectorRegistry(auto_describe=True)

#: Latency buckets (seconds) shared by request-sized work: 5 ms to 10 s.
LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10)

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
    buckets=LATENCY_BUCKETS,
    registry=REGISTRY,
)


def render_latest() -> bytes:
    return generate_latest(REGISTRY)
