"""Prometheus metrics with low-cardinality labels and never any personal data.

Counters and histograms each tool updates live in :mod:`sazon.monitoring.tools`; gauges read
from the store at scrape time register a source with :func:`add_source`. A new tool adds a
module here named for it (``sazon.monitoring.trends``) declaring its metrics on
:data:`REGISTRY` with the prefix ``sazon_<tool>_`` (see docs/operations.md).
"""

from sazon.monitoring.metrics import (
    HTTP_LATENCY,
    HTTP_REQUESTS,
    LATENCY_BUCKETS,
    REGISTRY,
    render_latest,
)
from sazon.monitoring.scrape import SCRAPE, ScrapeCollector, Source, add_source, gauge
from sazon.monitoring.social import (
    SOCIAL_PUBLISH_FAILURES,
    SOCIAL_PUBLISHED,
    SOCIAL_SUGGEST_SECONDS,
    channel_label,
)
from sazon.monitoring.tools import (
    BUS_DEAD_LETTERED,
    BUS_HANDLED,
    BUS_PUBLISHED,
    BUS_RETRIED,
    EVENTS_PLANS,
    EVENTS_SOLVE,
    EVENTS_TO_CONFIRM,
    EVENTS_UNSERVED,
    EXPERIENCE_LATENCY,
    GENERATE_GROUNDING,
    GENERATE_TEXTS,
    INGEST_DURATION,
    INGEST_ROWS,
    PAIRING_LATENCY,
    PAIRING_SUGGESTIONS,
    PAIRING_UNKNOWN,
    SLOW_BUCKETS,
    TEXT_ASPECTS,
    TEXT_MODEL,
    TEXT_SCORED,
    WORKER_UP,
)
from sazon.monitoring.trends import TRENDS_ALERTS_PUBLISHED

__all__ = [
    "BUS_DEAD_LETTERED",
    "BUS_HANDLED",
    "BUS_PUBLISHED",
    "BUS_RETRIED",
    "EVENTS_PLANS",
    "EVENTS_SOLVE",
    "EVENTS_TO_CONFIRM",
    "EVENTS_UNSERVED",
    "EXPERIENCE_LATENCY",
    "GENERATE_GROUNDING",
    "GENERATE_TEXTS",
    "HTTP_LATENCY",
    "HTTP_REQUESTS",
    "INGEST_DURATION",
    "INGEST_ROWS",
    "LATENCY_BUCKETS",
    "PAIRING_LATENCY",
    "PAIRING_SUGGESTIONS",
    "PAIRING_UNKNOWN",
    "REGISTRY",
    "SCRAPE",
    "SLOW_BUCKETS",
    "SOCIAL_PUBLISHED",
    "SOCIAL_PUBLISH_FAILURES",
    "SOCIAL_SUGGEST_SECONDS",
    "TEXT_ASPECTS",
    "TEXT_MODEL",
    "TEXT_SCORED",
    "TRENDS_ALERTS_PUBLISHED",
    "WORKER_UP",
    "ScrapeCollector",
    "Source",
    "add_source",
    "channel_label",
    "gauge",
    "render_latest",
]
