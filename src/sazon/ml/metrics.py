"""``sazon_model_metric``: each model's last evaluation, read from the registry at scrape time.

For every model name, the active version (the newest when none is active) and the metrics
its manifest recorded when it was saved (cross-validated nDCG, macro-F1…). Alert rules
compare them with floors (deploy/prometheus/rules/sazon.yml).
"""

from __future__ import annotations

from collections.abc import Iterable

from prometheus_client.core import Metric

from sazon.ml.registry import ModelRegistry
from sazon.monitoring import Source, gauge


def model_quality_source(registry: ModelRegistry) -> Source:
    def read() -> Iterable[Metric]:
        samples = []
        for name in registry.names():
            version = registry.active(name) or registry.versions(name)[-1]
            manifest = registry.manifest(name, version)
            samples += [
                ({"model": name, "version": version, "metric": metric}, value)
                for metric, value in sorted(manifest.metrics.items())
            ]
        yield gauge(
            "sazon_model_metric",
            "The last evaluation of each model's serving version, by metric.",
            samples,
        )

    return read
