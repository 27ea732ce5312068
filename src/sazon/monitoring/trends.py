"""The trend spotter's metrics (issue #18), declared ahead of the code that updates them.

Labels are bounded sets: an alert's kind (``tendencia``, ``queja``) and severity (``alta``,
``media``, ``baja``), never its term, product or text (a term is free text from the market and
would make a series per word).
"""

from __future__ import annotations

from prometheus_client import Counter, Histogram

from sazon.monitoring.metrics import REGISTRY
from sazon.monitoring.tools import SLOW_BUCKETS

ALERT_KINDS = ("tendencia", "queja")
SEVERITIES = ("alta", "media", "baja")

TRENDS_TEXTS = Counter(
    "sazon_trends_texts_read_total",
    "Market texts (reviews, posts) the trend detector read.",
    registry=REGISTRY,
)
TRENDS_ALERTS = Counter(
    "sazon_trends_alerts_raised_total",
    "Trend alerts raised, by kind (tendencia, queja) and severity (alta, media, baja).",
    ["kind", "severity"],
    registry=REGISTRY,
)
TRENDS_BUCKET_SECONDS = Histogram(
    "sazon_trends_bucket_close_seconds",
    "Time to close one bucket: test every term, group them and raise the alerts.",
    buckets=SLOW_BUCKETS,
    registry=REGISTRY,
)
for _kind in ALERT_KINDS:
    for _severity in SEVERITIES:
        TRENDS_ALERTS.labels(_kind, _severity)
