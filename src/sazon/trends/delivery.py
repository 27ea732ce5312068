"""Alerts leave the tool on the bus and, optionally, to a webhook.

- :func:`publish_alerts` puts each new alert on the ``trends.alerts`` topic (the embedded bus
  by default, Kafka when configured) as a :class:`TrendAlertRaised` event. The event id is
  derived from the alert id, and alerts already on the topic are skipped, so replaying the
  texts again publishes nothing twice.
- The ``trends-webhook`` processor (``sazon worker --processor trends-webhook``) reads that
  topic and POSTs each alert as JSON to ``SAZON_TRENDS__WEBHOOK_URL``. A failed POST (no
  answer, or an answer that is not 2xx) is retried by the worker with backoff, and after
  ``webhook_attempts`` it goes to ``trends.alerts.dlq`` with the reason: recorded, and
  replayable with ``sazon bus replay-dlq trends.alerts`` once the receiver is back.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, ClassVar, Literal
from uuid import NAMESPACE_URL, uuid5

from sazon.bus import Bus, DomainEvent, Processor, Retry, register_event
from sazon.errors import InvalidInput
from sazon.monitoring import TRENDS_ALERTS_PUBLISHED
from sazon.trends.model import Alert

if TYPE_CHECKING:
    from sazon.config import Settings

ALERTS_TOPIC = "trends.alerts"
WEBHOOK = "trends-webhook"
_SEEN = 5000  # alerts read back from the topic to skip those already published


@register_event
class TrendAlertRaised(DomainEvent):
    """A trend, complaint or sentiment-shift alert, whole (the texts are public posts)."""

    topic: ClassVar[str] = ALERTS_TOPIC
    type: Literal["trend_alert.raised"] = "trend_alert.raised"
    alert: dict[str, Any]

    def default_key(self) -> str:
        return f"trend-alert:{self.alert['id']}"


def alert_event(alert: Alert) -> TrendAlertRaised:
    return TrendAlertRaised(
        id=str(uuid5(NAMESPACE_URL, f"sazon:{alert.id}")), alert=alert.to_json()
    )


def publish_alerts(bus: Bus, alerts: Sequence[Alert]) -> list[Alert]:
    """Publish the alerts not yet on ``trends.alerts``, oldest first; returns those sent."""
    bus.ensure_topics([ALERTS_TOPIC])
    seen = {m.key for m in bus.tail(ALERTS_TOPIC, _SEEN)}
    new = [a for a in sorted(alerts, key=lambda a: (a.raised, a.id))
           if alert_event(a).key not in seen]  # fmt: skip
    if new:
        bus.publish_many(ALERTS_TOPIC, [alert_event(a) for a in new])
        for a in new:
            TRENDS_ALERTS_PUBLISHED.labels(a.kind, a.severity).inc()
    return new


class WebhookFailed(RuntimeError):
    """The receiver did not take the alert (retried, then dead-lettered)."""


def post_alert(url: str, alert: dict[str, Any], timeout: float = 10.0) -> None:
    import httpx

    try:
        answer = httpx.post(url, json={"source": "sazon.trends", "alert": alert}, timeout=timeout)
    except httpx.HTTPError as exc:
        raise WebhookFailed(f"webhook unreachable: {type(exc).__name__}") from exc
    if not answer.is_success:
        raise WebhookFailed(f"webhook answered HTTP {answer.status_code}")


def webhook_processor(settings: Settings, retry: Retry | None = None) -> Processor:
    """The ``trends-webhook`` processor: each alert on ``trends.alerts`` to the webhook."""
    url = settings.trends.webhook_url
    if not url or not url.startswith(("http://", "https://")):
        raise InvalidInput(
            "trends-webhook necesita SAZON_TRENDS__WEBHOOK_URL (http:// o https://) / "
            "needs SAZON_TRENDS__WEBHOOK_URL"
        )
    timeout = settings.trends.webhook_timeout

    def handle(event: DomainEvent) -> None:
        if isinstance(event, TrendAlertRaised):
            post_alert(url, event.alert, timeout)

    return Processor(
        WEBHOOK,
        (ALERTS_TOPIC,),
        handle,
        retry or Retry(attempts=settings.trends.webhook_attempts, base_delay=1.0),
    )
