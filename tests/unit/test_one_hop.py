"""One-hop handlers (issue #14, hot reads): a plain ``def`` handler under an ``ApiRouter`` is
run, with the key check and the commit, in one thread-pool hop, and FastAPI still reads its
parameters, its response model and its status code from it as it would from the handler."""

from __future__ import annotations

import threading
from typing import Annotated, Any

import pytest
from fastapi import FastAPI, Query, Request, status
from fastapi.testclient import TestClient
from pydantic import BaseModel

from sazon.api.deps import ONE_HOP
from sazon.api.onehop import ApiRouter, one_hop


class Item(BaseModel):
    id: int
    name: str


router = ApiRouter(prefix="/items")
seen: dict[str, Any] = {}


@router.get("/{item_id}", response_model=Item)
def read(item_id: int, q: Annotated[str, Query(max_length=5)] = "x") -> dict[str, Any]:
    seen["thread"] = threading.get_ident()
    return {"id": item_id, "name": q, "dropped": "by the response model"}


@router.delete("/{item_id}", status_code=status.HTTP_204_NO_CONTENT)
def remove(item_id: int, request: Request) -> None:
    seen["path"] = request.url.path


@router.get("")
async def listed() -> list[int]:
    return [1]


@pytest.fixture(scope="module")
def client() -> TestClient:
    app = FastAPI()
    app.include_router(router)
    return TestClient(app)


def test_a_plain_handler_becomes_one_async_hop_and_keeps_what_fastapi_reads(
    client: TestClient,
) -> None:
    route = {r.path: r for r in router.routes}["/items/{item_id}"]
    assert getattr(route.endpoint, ONE_HOP) is True  # type: ignore[attr-defined]
    r = client.get("/items/7", params={"q": "ají"})
    assert r.status_code == 200 and r.json() == {"id": 7, "name": "ají"}
    assert seen["thread"] != threading.get_ident()  # in the pool, not on the loop
    assert client.get("/items/7", params={"q": "toolong"}).status_code == 422
    assert client.get("/items/x").status_code == 422
    schema = client.get("/openapi.json").json()
    params = {p["name"] for p in schema["paths"]["/items/{item_id}"]["get"]["parameters"]}
    assert params == {"item_id", "q"}  # the request it is handed stays out of the document
    assert "Item" in schema["components"]["schemas"]


def test_the_handlers_own_request_is_the_one_it_is_handed_and_a_204_stays_empty(
    client: TestClient,
) -> None:
    r = client.delete("/items/3")
    assert r.status_code == 204 and r.content == b""
    assert seen["path"] == "/items/3"


def test_async_handlers_are_left_alone_and_kwargs_handlers_are_refused(
    client: TestClient,
) -> None:
    route = {r.path: r for r in router.routes}["/items"]
    assert not hasattr(route.endpoint, ONE_HOP)  # type: ignore[attr-defined]
    assert client.get("/items").json() == [1]

    def loose(**kwargs: Any) -> None: ...

    with pytest.raises(TypeError, match="kwargs"):
        one_hop(loose)
