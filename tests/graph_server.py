"""A local HTTP server speaking the part of the Meta Graph API the publisher uses.

FastAPI under uvicorn on a loopback port, in a thread (``tests/thread_server.py``). It
follows the documented shapes: form-encoded POSTs to ``/{version}/{page-id}/feed`` and
``/photos``, ``/{ig-user-id}/media`` then ``/media_publish`` with ``creation_id``; errors as
``{"error": {"message", "type", "code", "fbtrace_id"}}``; a wrong token is code 190. A test
scripts the next answers (an error, a slow reply) and reads back what it received.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from tests.thread_server import app_in_thread

TOKEN = "EAAG-test-page-token"
PAGE, IG = "1000001", "1784001"


@dataclass(frozen=True)
class Fail:
    """One scripted failure: an HTTP status with a Graph error code, or a stall."""

    status: int = 500
    code: int = 2
    message: str = "Service temporarily unavailable"
    delay_s: float = 0.0


class GraphServer:
    def __init__(self) -> None:
        self.url = ""
        self._lock = threading.Lock()
        self._script: list[Fail] = []
        self.received: list[tuple[str, dict[str, str], dict[str, str]]] = []
        self.containers: dict[str, str] = {}
        self.published: list[str] = []

    def fail_next(self, *fails: Fail) -> None:
        with self._lock:
            self._script = list(fails)

    def reset(self) -> None:
        with self._lock:
            self._script, self.received, self.published = [], [], []

    def _take(self, path: str, headers: dict[str, str], form: dict[str, str]) -> Fail | None:
        with self._lock:
            self.received.append((path, headers, form))
            return self._script.pop(0) if self._script else None

    def app(self) -> FastAPI:
        app = FastAPI()

        def error(status: int, code: int, message: str, kind: str) -> JSONResponse:
            body = {"error": {"message": message, "type": kind, "code": code,
                              "fbtrace_id": "AbCdEf123"}}  # fmt: skip
            return JSONResponse(body, status_code=status)

        @app.post("/v21.0/{node}/{edge}")
        async def post(node: str, edge: str, request: Request) -> JSONResponse:
            form = {k: str(v) for k, v in (await request.form()).items()}
            headers = {k.lower(): v for k, v in request.headers.items()}
            fail = self._take(f"{node}/{edge}", headers, form)
            if fail and fail.delay_s:
                await asyncio.sleep(fail.delay_s)
            elif fail:
                return error(fail.status, fail.code, fail.message, "OAuthException")
            if headers.get("authorization") != f"Bearer {TOKEN}":
                return error(400, 190, "Invalid OAuth access token.", "OAuthException")
            return self._answer(node, edge, form, error)

        return app

    def _answer(self, node: str, edge: str, form: dict[str, str], error: Any) -> JSONResponse:
        if node == PAGE and edge == "feed" and form.get("message"):
            post = f"{PAGE}_{len(self.received)}"
            self.published.append(post)
            return JSONResponse({"id": post})
        if node == PAGE and edge == "photos" and form.get("url"):
            post = f"{PAGE}_{len(self.received)}"
            self.published.append(post)
            return JSONResponse({"id": f"photo{len(self.received)}", "post_id": post})
        if node == IG and edge == "media":
            if not form.get("image_url", "").startswith("https://"):
                return error(400, 9004, "The media could not be fetched from this uri",
                             "OAuthException")  # fmt: skip
            container = f"1790{len(self.received)}"
            self.containers[container] = form.get("caption", "")
            return JSONResponse({"id": container})
        if node == IG and edge == "media_publish" and form.get("creation_id") in self.containers:
            media = f"1791{len(self.received)}"
            self.published.append(media)
            return JSONResponse({"id": media})
        return error(400, 100, "Invalid parameter", "GraphMethodException")


@contextmanager
def graph_server() -> Iterator[GraphServer]:
    """Start the server on a free loopback port; ``server.url`` ends in the API version."""
    state = GraphServer()
    with app_in_thread(state.app(), "Graph API") as url:
        state.url = url + "/v21.0"
        yield state
