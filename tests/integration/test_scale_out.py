"""Issue #18: Sazón scales out on one machine, as it would behind a load balancer.

Two ``sazon serve`` replicas (each with a data folder of its own, as two pods have) on one
PostgreSQL database, and two ``sazon worker`` processes in one Kafka consumer group (Tansu,
three partitions per topic). Requests go to both replicas; what one writes the other reads;
an RSVP link made on replica A opens on B and its form, served by A, is answered on B; a web
login on A is a session on B. Every event the replicas and workers published is handled
exactly once across the two workers, both of which took a share.
"""

from __future__ import annotations

import os
import re
import secrets
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families
from sqlalchemy import create_engine, func, select

from sazon.bus.tables import bus_outbox, bus_processed
from sazon.timeutil import utcnow
from tests.kafka_broker import tansu_broker
from tests.servers import Server, sazon_server, sazon_worker
from tests.services import fresh_pg_db

pytestmark = [pytest.mark.integration, pytest.mark.postgres]

GROUP = "events-replan"  # consumes the guests and events topics: guests made, RSVPs answered
TOPICS = ("guests", "events")


@dataclass
class Cluster:
    a: Server
    b: Server
    workers: list[str]  # their /metrics URLs
    db_url: str

    def api(self, server: Server) -> httpx.Client:
        headers = {"Authorization": f"Bearer {server.keys['admin']}"}
        return httpx.Client(base_url=server.url + "/api/v1", headers=headers, timeout=60)


@pytest.fixture(scope="module")
def cluster(
    pg_server: str, pg_template: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Cluster]:
    db_url = fresh_pg_db(pg_server, template=pg_template)  # migrated: nobody runs init again
    root = tmp_path_factory.mktemp("scale-out")
    # The signing secret is the deployment's (a mounted Secret), not any one replica's.
    secret = root / "web-secret"
    secret.write_text(secrets.token_urlsafe(48))
    homes = {n: root / n for n in ("a", "b", "w1", "w2")}
    for home in homes.values():
        home.mkdir()
    with tansu_broker() as broker, ExitStack() as stack:
        shared = {"SAZON_BUS__URL": broker.url(), "SAZON_WEB__SECRET_FILE": str(secret)}
        # The workers start first (they join the group while the replicas start), and the
        # two replicas start at once: four interpreters in the time of about two.
        workers = [
            stack.enter_context(
                sazon_worker(home, {**os.environ, **shared, "SAZON_HOME": str(home),
                                    "SAZON_DATABASE_URL": db_url},
                             "-p", GROUP, wait=False)
            )
            for home in (homes["w1"], homes["w2"])
        ]  # fmt: skip

        def serve(home: Path) -> Server:
            return stack.enter_context(sazon_server(home, db_url, initialised=True, **shared))

        with ThreadPoolExecutor(2) as pool:
            a, b = pool.map(serve, (homes["a"], homes["b"]))
        for url, home in zip(workers, (homes["w1"], homes["w2"]), strict=True):
            assert _eventually(lambda u=url: _answers(u)), (home / "worker.log").read_text()
        yield Cluster(a, b, workers, db_url)


def _answers(url: str) -> bool:
    try:
        return httpx.get(url, timeout=2).status_code == 200
    except httpx.HTTPError:
        return False


def _eventually(read: Callable[[], Any], seconds: float = 60.0) -> Any:
    deadline = time.monotonic() + seconds
    while not (value := read()) and time.monotonic() < deadline:
        time.sleep(0.2)
    return value


def _counters(url: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    text = httpx.get(url, timeout=10).text
    return {
        (s.name, tuple(sorted(s.labels.items()))): s.value
        for family in text_string_to_metric_families(text)
        for s in family.samples
        if s.name.endswith("_total")
    }


def _published(c: Cluster) -> float:
    """Events of the group's topics sent to Kafka by any process: the replicas relay their
    outbox after each commit, the workers relay what is left on every round."""
    urls = [c.a.url + "/metrics", c.b.url + "/metrics", *c.workers]
    return sum(
        _counters(u).get(("sazon_bus_published_total", (("topic", t),)), 0.0)
        for u in urls
        for t in TOPICS
    )


def _processed(worker: str) -> float:
    key = (("group", GROUP), ("outcome", "processed"))
    return _counters(worker).get(("sazon_bus_handled_total", key), 0.0)


def test_scale_out__two_replicas_and_two_workers_share_the_work(cluster: Cluster) -> None:
    c = cluster
    with c.api(c.a) as on_a, c.api(c.b) as on_b:
        # Guests made on both replicas, each read back on the other: one store behind both.
        # At least 40, and more until both workers have handled some (the second one joins
        # the group a moment after the first, which holds every partition until then).
        made: list[int] = []
        deadline = time.monotonic() + 120
        while len(made) < 40 or (
            min(map(_processed, c.workers)) == 0 and time.monotonic() < deadline
        ):
            i = len(made)
            writer, reader = (on_a, on_b) if i % 2 == 0 else (on_b, on_a)
            r = writer.post("/guests", json={"first_name": "Huésped", "last_name": f"Número {i}"})
            assert r.status_code == 201, r.text
            made.append(r.json()["id"])
            if i % 20 == 0:  # the API commits after replying: the other replica sees it soon
                path = f"/guests/{made[-1]}"
                assert _eventually(lambda c=reader, p=path: c.get(p).status_code == 200)
        for server in (c.a, c.b):
            served = _counters(server.url + "/metrics")
            assert any(n == "sazon_http_requests_total" and ("method", "POST") in k
                       for n, k in served), server.url  # fmt: skip

        # An RSVP link made on A opens on B; the form A serves is answered on B.
        starts = (utcnow() + timedelta(days=10)).isoformat()
        event = on_a.post("/events", json={"name": "Cena de prueba", "starts_at": starts})
        assert event.status_code == 201, event.text
        event_id = event.json()["id"]
        assert _eventually(
            lambda: on_a.post(f"/events/{event_id}/invitations", json={"guest_ids": made[:1]})
            .status_code == 201
        )  # fmt: skip
        invitation = on_a.get(f"/events/{event_id}/invitations").json()["items"][0]
        link = on_a.post(f"/events/{event_id}/invitations/{invitation['invitation_id']}/rsvp-link")
        assert link.status_code == 200, link.text
        token = link.json()["token"]
    with (
        httpx.Client(base_url=c.a.url, timeout=60) as web_a,
        httpx.Client(base_url=c.b.url, timeout=60) as web_b,
    ):
        page = _eventually(lambda: (p := web_b.get(f"/rsvp/{token}")).status_code == 200 and p)
        assert page and "Huésped" in page.text
        form = web_a.get(f"/rsvp/{token}").text
        csrf = re.search(r'name="csrf" value="([^"]+)"', form)
        assert csrf, form
        answer = web_b.post(f"/rsvp/{token}", data={"csrf": csrf[1], "attending": "yes"})
        assert answer.status_code == 303, answer.text
        # A browser session opened on A is one on B, with the same CSRF token.
        login = web_a.post("/login", data={"key": c.a.keys["admin"], "next": "/"})
        assert login.status_code == 303
        web_b.cookies.update(web_a.cookies)
        on_b_page = web_b.get("/")
        assert on_b_page.status_code == 200, on_b_page.headers
        token_of = re.compile(r'name="csrf" value="([^"]+)"')
        on_b_tokens = token_of.findall(on_b_page.text)
        assert on_b_tokens and on_b_tokens == token_of.findall(web_a.get("/").text)
    with c.api(c.b) as on_b:

        def confirmed() -> bool:
            items = on_b.get(f"/events/{event_id}/invitations").json()["items"]
            return bool(items[0]["status"] == "confirmed")

        assert _eventually(confirmed)

    # Every event handled once across the two workers, each of which took a share.
    engine = create_engine(c.db_url)
    try:

        def settled() -> bool:
            with engine.connect() as conn:
                waiting = conn.execute(select(func.count()).select_from(bus_outbox)).scalar()
            return waiting == 0 and sum(map(_processed, c.workers)) == _published(c) > 40

        assert _eventually(settled), (list(map(_processed, c.workers)), _published(c))
        shares = [_processed(w) for w in c.workers]
        assert min(shares) > 0, shares
        with engine.connect() as conn:
            ledger = conn.execute(
                select(func.count()).where(bus_processed.c.consumer_group == GROUP)
            ).scalar()
        assert ledger == sum(shares) == _published(c)
    finally:
        engine.dispose()
