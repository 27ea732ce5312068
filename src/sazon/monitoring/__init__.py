"""Prometheus metrics with low-cardinality labels and never any personal data."""

from sazon.monitoring.metrics import (
    HTTP_LATENCY,
    HTTP_REQUESTS,
    INGEST_ROWS,
    REGISTRY,
    render_latest,
)

__all__ = ["HTTP_LATENCY", "HTTP_REQUESTS", "INGEST_ROWS", "REGISTRY", "render_latest"]
