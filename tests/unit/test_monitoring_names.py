"""Issue #18: every metric is named for its tool and labelled from bounded sets, so a new
tool's metrics (trends, social) cannot leak a term, a text or a person into Prometheus."""

from __future__ import annotations

from prometheus_client import generate_latest
from prometheus_client.parser import text_string_to_metric_families

from sazon.monitoring import REGISTRY, channel_label

TOOLS = ("http", "bus", "worker", "ingest", "events", "pairing", "text", "generate",
         "experience", "trends", "social", "model", "scrape")  # fmt: skip
# Label names that would carry free text or a person: none may exist.
UNBOUNDED = {"name", "email", "phone", "guest", "guest_id", "text", "term", "product",
             "post", "post_id", "account", "page", "id", "message", "url", "path"}  # fmt: skip


def test_metrics__named_for_a_tool_with_bounded_labels() -> None:
    families = list(text_string_to_metric_families(generate_latest(REGISTRY).decode()))
    names = {f.name for f in families}
    assert {"sazon_trends_alerts", "sazon_social_publish_failures"} <= names
    for family in families:
        prefix, tool, *_ = family.name.split("_")
        assert prefix == "sazon" and tool in TOOLS, family.name
        for sample in family.samples:
            assert not set(sample.labels) & UNBOUNDED, (family.name, sample.labels)
    # Known label values exist before the first event (rates and alerts have data).
    raised = [s for f in families if f.name == "sazon_trends_alerts" for s in f.samples]
    assert {
        (s.labels["kind"], s.labels["severity"]) for s in raised if s.name.endswith("_total")
    } == {(k, v) for k in ("tendencia", "queja", "sentimiento") for v in ("alta", "media", "baja")}


def test_social__a_channel_outside_the_known_set_is_other() -> None:
    assert channel_label(" Instagram ") == "instagram"
    assert channel_label("Cuenta de Rocío en MySpace") == "other"
