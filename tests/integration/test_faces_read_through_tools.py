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


# Every POST action of the web and where a stale form goes back to: the page's address (303)
# or the page again, 403. The fields are the ones FastAPI requires before the action runs.
POSTS = [
    ("/tools/events/new", "/tools/events/new"),
    ("/tools/events/1/edit", "/tools/events/1/edit"),
    ("/tools/events/1/invite", "/tools/events/1"),
    ("/tools/events/1/invitations/1/link", "/tools/events/1"),
    ("/tools/events/1/links", "/tools/events/1"),
    ("/tools/events/1/plan", "/tools/events/1"),
    ("/tools/events/1/locks", "/tools/events/1/plan"),
    ("/tools/events/1/locks/1/delete", "/tools/events/1"),
    ("/ingest/quarantine/1", None),
    ("/ingest", None),
    ("/knowledge/additions", None),
    ("/tools/pairing", None),
]
# Pages behind a role, and one role each refuses (the analyst reads no guests or plans; the
# planner no market trends or posts).
GUARDED = [
    ("/tools/events", "analyst"),
    ("/tools/events/1/plan", "analyst"),
    ("/tools/pairing", "analyst"),
    ("/knowledge/additions", "analyst"),
    ("/ingest", "analyst"),
    ("/ingest/jobs/1", "analyst"),
    ("/tools/experience/briefing", "analyst"),
    ("/tools/experience/segments", "planner"),
    ("/tools/social", "planner"),
    ("/tools/social/calendar", "planner"),
    ("/tools/trends", "planner"),
]
FIELDS = {"kind": "guests", "name": "Ceviche", "csrf": "stale"}


def test_web__every_post_action_checks_the_caller_then_the_form_token(server: Server) -> None:
    """Logged out: the login form; a role that may not post there: 403; a stale token:
    back to the page, nothing done (planner may post to each). The pages behind a role
    answer the same way."""
    files = {"file": ("g.csv", b"first_name\nRosa\n", "text/csv")}
    clients = {}
    for role in ("analyst", "planner"):
        clients[role] = httpx.Client(base_url=server.url, timeout=60)
        assert clients[role].post("/login", data={"key": server.keys[role]}).status_code == 303
    with httpx.Client(base_url=server.url, timeout=60) as anonymous:
        for path, back in POSTS:
            r = anonymous.post(path, data=FIELDS, files=files)
            assert r.status_code == 303, (path, r.text)
            assert r.headers["location"].startswith("/login?next="), path
            r = clients["analyst"].post(path, data=FIELDS, files=files)
            assert r.status_code == 403, (path, r.text)
            r = clients["planner"].post(path, data=FIELDS, files=files)
            if back is None:
                assert r.status_code == 403, (path, r.text)
                assert 'name="csrf"' in r.text, path  # the page again, with a fresh token
            else:
                assert (r.status_code, r.headers["location"]) == (303, back), path
        # The pages each role may not see: 403 for it; logged out, the login form.
        for path, refused in GUARDED:
            r = anonymous.get(path)
            assert r.status_code == 303 and r.headers["location"].startswith("/login?"), path
            assert clients[refused].get(path).status_code == 403, path
    for client in clients.values():
        client.close()
