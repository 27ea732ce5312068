"""Trend alerts on the ``trends.alerts`` topic of the embedded bus, and delivered by the
``trends-webhook`` processor to a real local HTTP server: published once, retried when the
receiver fails, dead-lettered with the reason when it stays down."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import ClassVar

import pytest
from sqlalchemy.orm import Session, sessionmaker

from sazon.bus import Retry, Worker, dlq_topic, make_bus
from sazon.config import load_settings
from sazon.errors import InvalidInput
from sazon.trends import ALERTS_TOPIC, Alert, publish_alerts, webhook_processor

pytestmark = pytest.mark.integration


class Receiver(BaseHTTPRequestHandler):
    """Answers 500 to the first ``fail`` POSTs, then 204; keeps what it took."""

    fail: ClassVar[int] = 0
    taken: ClassVar[list[dict[str, object]]] = []

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        if type(self).fail > 0:
            type(self).fail -= 1
            self.send_response(500)
        else:
            type(self).taken.append(body)
            self.send_response(204)
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def receiver() -> Iterator[str]:
    Receiver.fail, Receiver.taken = 1, []
    server = ThreadingHTTPServer(("127.0.0.1", 0), Receiver)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/hook"
    server.shutdown()
    server.server_close()


def _alert(n: int) -> Alert:
    return Alert(
        id=f"tendencia:tumbo {n}:2026-06-0{n}", kind="tendencia", term=f"tumbo {n}",
        stage="growing", since=date(2026, 6, n), raised=date(2026, 6, n + 1), score=12.0,
        severity="media", message=f"«tumbo {n}» está en crecimiento", examples=["rico"],
        products=[],
    )  # fmt: skip


def test_alerts_are_published_once_and_posted_to_the_webhook_with_retries(
    sqlite_factory: sessionmaker[Session], receiver: str
) -> None:
    engine = sqlite_factory.kw["bind"]
    bus = make_bus("embedded://", engine)
    alerts = [_alert(1), _alert(2)]
    assert [a.id for a in publish_alerts(bus, alerts)] == [a.id for a in alerts]
    # A replay of the same texts raises the same alerts: nothing goes out twice.
    assert publish_alerts(bus, [*alerts, _alert(3)]) == [_alert(3)]
    assert len(bus.tail(ALERTS_TOPIC, 10)) == 3

    settings = load_settings(trends={"webhook_url": receiver})
    quick = Retry(attempts=3, base_delay=0.01)
    worker = Worker(bus, engine, [webhook_processor(settings, quick)])
    stats = worker.run(max_idle_seconds=1.0)
    assert stats.processed == 3 and stats.retries == 1 and stats.dead_lettered == 0
    assert [b["alert"]["id"] for b in Receiver.taken] == [a.id for a in [*alerts, _alert(3)]]
    assert Receiver.taken[0]["source"] == "sazon.trends"

    # A receiver that is down: tried, then recorded on trends.alerts.dlq with the reason.
    down = load_settings(trends={"webhook_url": "http://127.0.0.1:9/hook"})
    processor = replace(webhook_processor(down, quick), name="trends-webhook-down")
    stats = Worker(bus, engine, [processor]).run(max_idle_seconds=1.0)
    assert stats.dead_lettered == 3
    dead = bus.tail(dlq_topic(ALERTS_TOPIC), 10)
    assert len(dead) == 3 and "webhook unreachable" in dead[0].headers["dlq.error"]
    bus.close()


def test_the_webhook_processor_needs_an_http_url() -> None:
    with pytest.raises(InvalidInput, match="SAZON_TRENDS__WEBHOOK_URL"):
        webhook_processor(load_settings(trends={"webhook_url": "ftp://x"}))
