"""What the OpenAPI document declares, and the answers schemathesis found out of step with it
(issue #12): problem+json for every error, each status an operation can return and no other,
Allow on a 405, unknown or repeated query parameters, lax coercion of bodies."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from sazon.access import ALL, create_key
from sazon.api import create_app
from sazon.config import load_settings
from sazon.ingest import initialise_store
from sazon.knowledge import KnowledgeBase
from sazon.store import make_engine, session_factory, transaction

pytestmark = pytest.mark.integration
PROBLEM = "application/problem+json"


@pytest.fixture(scope="module")
def app_and_key(tmp_path_factory: pytest.TempPathFactory, kb: KnowledgeBase) -> Iterator[Any]:
    settings = load_settings(home=tmp_path_factory.mktemp("doc"))
    engine = make_engine(settings.db_url)
    initialise_store(engine, kb)
    with transaction(session_factory(engine)) as session:
        key, _row = create_key(session, "admin")
    engine.dispose()
    app = create_app(settings)
    yield app, key
    app.state.relay.close()
    app.state.engine.dispose()


@pytest.fixture(scope="module")
def doc(app_and_key: Any) -> dict[str, Any]:
    document: dict[str, Any] = app_and_key[0].openapi()
    return document


def call(app: FastAPI, method: str, path: str, key: str | None = None) -> httpx.Response:
    async def go() -> httpx.Response:
        transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
        headers = {"Authorization": f"Bearer {key}"} if key else {}
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
            return await client.request(method, path, headers=headers)

    return asyncio.run(go())


def operations(doc: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    for path, item in doc["paths"].items():
        for method, op in item.items():
            yield method.upper(), path, op


def test_document__every_error_is_problem_json_and_every_operation_lists_500(
    doc: dict[str, Any],
) -> None:
    errors = 0
    for method, path, op in operations(doc):
        assert "500" in op["responses"], (method, path)
        for status, response in op["responses"].items():
            if int(status) >= 400:
                errors += 1
                assert list(response["content"]) == [PROBLEM], (method, path, status)
    assert errors > 300
    assert "HTTPValidationError" not in doc["components"]["schemas"]
    assert doc["components"]["schemas"]["Problem"]["properties"]["code"]["type"] == "string"


def test_document__statuses_follow_what_each_route_depends_on(doc: dict[str, Any]) -> None:
    for method, path, op in operations(doc):
        statuses = set(op["responses"])
        # Every /api/v1 operation needs a key: 401 with WWW-Authenticate, and the security.
        assert "401" in statuses and op["security"] == [{"bearer": []}], (method, path)
        assert op["responses"]["401"]["headers"]["WWW-Authenticate"]["required"]
        # 404 exactly where the path names a record (or the logic says it looks one up).
        if "_id}" in path:
            assert "404" in statuses, (method, path)
        # 403 only when some role is turned away.
        assert ("403" in statuses) == (len(op["x-roles"]) < len(ALL)), (method, path)
    responses = {(m, p): set(op["responses"]) for m, p, op in operations(doc)}
    assert "404" not in responses["GET", "/api/v1/guests"]
    assert "409" in responses["POST", "/api/v1/guests"]
    assert "409" in responses["PATCH", "/api/v1/guests/{guest_id}"]
    assert "409" not in responses["GET", "/api/v1/guests/{guest_id}"]
    assert "413" in responses["POST", "/api/v1/ingest/{kind}"]
    assert "413" not in responses["POST", "/api/v1/guests"]
    assert "503" in responses["GET", "/api/v1/guests"]
    assert "400" in responses["POST", "/api/v1/guests"]
    assert "400" not in responses["GET", "/api/v1/guests"]


def test_document__a_route_added_later_is_annotated_too(tmp_path: Path) -> None:
    app = create_app(load_settings(home=tmp_path))
    try:
        before = app.openapi()

        @app.get("/api/v1/later/{thing_id}")
        def later(thing_id: int) -> dict[str, int]:
            return {"id": thing_id}

        after = app.openapi()
        assert "/api/v1/later/{thing_id}" not in before["paths"]
        responses = after["paths"]["/api/v1/later/{thing_id}"]["get"]["responses"]
        assert {"404", "422", "500"} <= set(responses)
        assert list(responses["404"]["content"]) == [PROBLEM]
    finally:
        app.state.relay.close()
        app.state.engine.dispose()


def test_405__allow_lists_every_method_of_the_path(app_and_key: Any) -> None:
    app, key = app_and_key
    r = call(app, "PUT", "/api/v1/guests", key)
    assert r.status_code == 405 and r.headers["content-type"].startswith(PROBLEM)
    assert r.headers["allow"] == "GET, POST"
    # /ingest/runs is read, not a kind to upload.
    r = call(app, "POST", "/api/v1/ingest/runs", key)
    assert r.status_code == 405 and r.headers["allow"] == "GET"


@pytest.mark.parametrize(
    ("query", "field", "error"),
    [
        ("allergen=peanuts&allergen=", "allergen", "give this parameter once"),
        ("alergen=peanuts", "alergen", "unknown parameter"),
    ],
)
def test_query__unknown_or_repeated_parameters_are_422(
    app_and_key: Any, query: str, field: str, error: str
) -> None:
    app, key = app_and_key
    r = call(app, "GET", f"/api/v1/guests?{query}", key)
    assert r.status_code == 422 and r.headers["content-type"].startswith(PROBLEM)
    assert {"field": field, "error": error} in r.json()["errors"]


def test_body__no_lax_coercion(app_and_key: Any) -> None:
    app, key = app_and_key

    async def go() -> httpx.Response:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
            return await client.post(
                "/api/v1/feedback",
                json={"rating": True, "text": "rico"},
                headers={"Authorization": f"Bearer {key}"},
            )

    r = asyncio.run(go())
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "rating"
