"""The server's access log names routes, never the values in paths and query strings."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.servers import Server, sazon_server

pytestmark = pytest.mark.integration

EMAIL = "rosa.quispe@gmail.com"
PHONE = "+51987654321"
SURNAME = "Huamanchumo"
ALLERGEN = "peanuts"
GUEST_ID = "7654321"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    with sazon_server(tmp_path_factory.mktemp("accesslog")) as srv:
        yield srv


def _log_once(path: Path, needle: str) -> str:
    """The log, once ``needle`` is in it (each line is flushed as written, but by another
    process)."""
    deadline = time.monotonic() + 10
    while True:
        text = path.read_text()
        if needle in text or time.monotonic() > deadline:
            return text
        time.sleep(0.1)


def test_access_log__route_templates_never_query_or_path_values(server: Server) -> None:
    api = httpx.Client(
        base_url=server.url, headers={"Authorization": f"Bearer {server.keys['admin']}"}
    )
    with api:
        assert api.get(
            "/api/v1/guests", params={"q": EMAIL, "allergen": ALLERGEN}
        ).status_code == 200  # fmt: skip
        assert api.get("/api/v1/guests", params={"q": PHONE}).status_code == 200
        assert api.get("/api/v1/guests", params={"q": SURNAME}).status_code == 200
        assert api.get(f"/api/v1/guests/{GUEST_ID}").status_code == 404
        assert api.get(f"/api/v1/guests/{EMAIL}").status_code == 422
        assert api.get(f"/perfil/{EMAIL}/{PHONE}", params={"allergen": ALLERGEN}).status_code == 404
        assert api.get(
            "/api/v1/knowledge/restrictions", params={"text": f"{SURNAME}: {ALLERGEN}"}
        ).status_code == 200  # fmt: skip
        # The web pages too: the guest search form puts the same values in the query.
        api.get("/guests", params={"q": EMAIL, "allergen": ALLERGEN})
        api.get("/readyz", params={"done": "1"})

    log = _log_once(server.home / "server.log", "GET /readyz 200")
    assert "GET /api/v1/guests 200 " in log
    assert "GET /api/v1/guests/{guest_id} 404 " in log
    assert "GET /api/v1/guests/{guest_id} 422 " in log
    assert "GET /api/v1/knowledge/restrictions 200 " in log
    assert "GET unmatched 404 " in log
    assert "GET /guests " in log
    assert "GET /readyz 200 " in log
    for value in (EMAIL, "quispe", "%40", PHONE, "987654321", SURNAME, ALLERGEN, GUEST_ID):
        assert value.lower() not in log.lower(), value
    assert "@" not in log and "?" not in log
    # uvicorn's own access line (client address and raw request line) is gone.
    assert "HTTP/1.1" not in log
    assert re.search(r"GET /api/v1/guests 200 \d+\.\dms rid=[0-9a-f]{16}", log)
