"""`sazon serve --worker` (what `make demo` runs): feedback posted to the API is scored by the
sentiment processor in the same process, shown by the API, and erased with the guest."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from tests.servers import Server, sazon_server

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    with sazon_server(tmp_path_factory.mktemp("serve-worker"), serve_args=("--worker",)) as srv:
        yield srv


def _eventually(fetch: Any, timeout: float = 60.0) -> Any:
    deadline = time.monotonic() + timeout
    while True:
        value = fetch()
        if value or time.monotonic() > deadline:
            return value
        time.sleep(0.3)


def test_serve_worker__posted_feedback_is_scored_and_erased_with_its_guest(server: Server) -> None:
    api = httpx.Client(
        base_url=server.url + "/api/v1",
        headers={"Authorization": f"Bearer {server.keys['admin']}"},
        timeout=30,
    )
    with api:
        gid = api.post("/guests", json={"first_name": "Rocío", "email": "rocio@example.pe"})
        gid.raise_for_status()
        guest_id = gid.json()["id"]
        text = "El ceviche rico pero la atención pésima, demoraron un montón. No vuelvo."
        created = api.post("/feedback", json={"guest_id": guest_id, "rating": 2, "text": text})
        assert created.status_code == 201

        def scored() -> dict[str, Any] | None:
            items = api.get("/feedback", params={"guest_id": guest_id}).json()["items"]
            sentiment: dict[str, Any] | None = items[0]["sentiment"] if items else None
            return sentiment

        sentiment = _eventually(scored)
        assert sentiment is not None, "the worker thread never scored the feedback"
        assert sentiment["label"] == "negative"
        aspects = {a["aspect"]: a["label"] for a in sentiment["aspects"]}
        assert aspects.get("service") == "negative"

        erased = api.post(f"/guests/{guest_id}/erase")
        assert erased.status_code == 200 and erased.json()["removed"]["sentiment"] == 1
        items = api.get("/feedback", params={"guest_id": guest_id}).json()["items"]
        assert items[0]["text"] is None and items[0]["sentiment"] is None
