"""The trend tool's metrics: alerts raised, by kind and severity (bounded sets).

An alert is counted when it is first published on ``trends.alerts``: the detector replays
the texts on every change and raises the same alerts again, which must not count twice.
"""

from __future__ import annotations

from prometheus_client import Counter

from sazon.monitoring.metrics import REGISTRY

TRENDS_ALERTS_PUBLISHED = Counter(
    "sazon_trends_alerts_total",
    "Trend alerts raised (each counted once, when published on trends.alerts).",
    ["kind", "severity"],
    registry=REGISTRY,
)
for _kind in ("tendencia", "queja", "sentimiento"):
    for _severity in ("alta", "media", "baja"):
        TRENDS_ALERTS_PUBLISHED.labels(_kind, _severity)
