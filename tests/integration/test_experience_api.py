"""GET /api/v1/experience/guests/{id}/recommendations through a real server."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from sazon.store import make_engine, session_factory
from tests.integration.test_experience_store import FISH, MEAT, _store
from tests.servers import Server, sazon_server

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Server, dict[str, int]]]:
    home = tmp_path_factory.mktemp("experience-api")
    with sazon_server(home) as srv:
        engine = make_engine(f"sqlite:///{home / 'sazon.db'}")
        try:
            guests = _store(session_factory(engine))
        finally:
            engine.dispose()
        yield srv, guests


def _get(server: Server, path: str, role: str | None = "staff", **params: object) -> httpx.Response:
    headers = {"Authorization": f"Bearer {server.keys[role]}"} if role else {}
    url = f"{server.url}/api/v1/experience{path}"
    return httpx.get(url, headers=headers, params=params, timeout=60)  # type: ignore[arg-type]


def test_api__recommendations_with_reasons_within_restrictions(
    served: tuple[Server, dict[str, int]],
) -> None:
    server, guests = served
    r = _get(server, f"/guests/{guests['fish']}/recommendations", top=2)
    assert r.status_code == 200
    body = r.json()
    assert body["venue"] == "tst" and body["personalised"] is True
    assert {d["code"] for d in body["dishes"]} <= FISH
    assert body["favourites"][0]["reason"] == "pidió Ceviche de corvina 4 veces"
    vegan = _get(server, f"/guests/{guests['vegan']}/recommendations", "planner", top=20)
    assert vegan.status_code == 200
    offered = {d["code"] for d in vegan.json()["dishes"] + vegan.json()["favourites"]}
    assert not offered & (FISH | MEAT) and vegan.json()["wines"] == []


def test_api__roles_not_found_and_validation_are_problems(
    served: tuple[Server, dict[str, int]],
) -> None:
    server, guests = served
    path = f"/guests/{guests['fish']}/recommendations"
    r = _get(server, path, None)
    assert r.status_code == 401 and r.json()["code"] == "unauthorized"
    for role in ("analyst", "marketing"):
        r = _get(server, path, role)
        assert r.status_code == 403 and r.json()["code"] == "forbidden"
    r = _get(server, "/guests/999999/recommendations")
    assert r.status_code == 404 and r.json()["code"] == "not_found"
    assert r.headers["content-type"].startswith("application/problem+json")
    r = _get(server, path, venue="zzz")
    assert r.status_code == 404 and "tst" in r.json()["detail"]
    assert _get(server, path, top=99).status_code == 422
    assert _get(server, path, lang="fr").status_code == 422
