"""The reads moved out of the faces (issue #13) answer as before, on a real server: the
catalogue, visits and feedback, ingest runs and the readiness check through the API, and the
home, ingest and tool pages through the web (they now call store query modules)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.servers import Server, sazon_server

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    home: Path = tmp_path_factory.mktemp("faces-home")
    with sazon_server(home, demo=("--guests", "40")) as srv:
        yield srv


def test_api__moved_reads_answer_and_missing_rows_are_404s(server: Server) -> None:
    headers = {"Authorization": f"Bearer {server.keys['admin']}"}
    with httpx.Client(base_url=server.url, headers=headers, timeout=60) as c:
        assert c.get("/readyz").json() == {"status": "ready"}
        venues = c.get("/api/v1/venues", params={"page_size": 2}).json()
        assert venues["total"] >= len(venues["items"]) > 0
        venue = venues["items"][0]
        assert c.get(f"/api/v1/venues/{venue['id']}").json() == venue
        dishes = c.get("/api/v1/dishes", params={"venue_id": venue["id"], "page_size": 3}).json()
        assert dishes["items"] and all(d["venue_id"] == venue["id"] for d in dishes["items"])
        assert c.get(f"/api/v1/dishes/{dishes['items'][0]['id']}").json()["classification"]
        wines = c.get("/api/v1/wines", params={"on_list": True, "page_size": 3}).json()
        assert all(w["on_list"] for w in wines["items"])
        visits = c.get("/api/v1/visits", params={"page_size": 2}).json()
        assert c.get(f"/api/v1/visits/{visits['items'][0]['id']}").json() == visits["items"][0]
        low = c.get("/api/v1/feedback", params={"max_rating": 2}).json()["items"]
        assert all(f["rating"] <= 2 for f in low)
        runs = c.get("/api/v1/ingest/runs", params={"limit": 1}).json()
        if runs:
            run = c.get(f"/api/v1/ingest/runs/{runs[0]['id']}").json()
            assert run["rows"] == runs[0]["rows"] and "report" in run
        for path in ("venues", "dishes", "wines", "visits", "ingest/runs"):
            r = c.get(f"/api/v1/{path}/999999")
            assert r.status_code == 404, (path, r.text)
        assert c.get("/api/v1/ingredients/no-such-thing").status_code == 404


def test_web__pages_that_read_the_store_through_the_tools_render(server: Server) -> None:
    with httpx.Client(base_url=server.url, timeout=60) as web:
        r = web.post("/login", data={"key": server.keys["admin"], "next": "/"})
        assert r.status_code == 303, r.text
        assert web.get("/").status_code == 200
        # An old link to a run that is gone shows the ingest page without it, not an error.
        assert web.get("/ingest", params={"run": 999999}).status_code == 200
        assert web.get("/tools/events/new").status_code == 200
        assert web.get("/tools/pairing").status_code == 200
