"""A real OpenAI-compatible chat server on a loopback port, for the generation tests.

It is a small FastAPI app under uvicorn, in a thread. Each test scripts what it answers
(a normal reply, a slow one, a 500, a 401…) and reads back what it received, so the tests
assert on the real HTTP exchange: model name, messages, the Authorization header.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from tests.thread_server import app_in_thread


@dataclass(frozen=True)
class Reply:
    """One scripted answer: an assistant message, or an error status, after a delay."""

    content: str | None = None
    status: int = 200
    delay_s: float = 0.0
    headers: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Received:
    headers: dict[str, str]
    body: dict[str, Any]

    @property
    def user_message(self) -> str:
        return str(next(m["content"] for m in self.body["messages"] if m["role"] == "user"))


class ChatServer:
    """The server's state: the script of replies and what it received."""

    def __init__(self) -> None:
        self.url = ""
        self._lock = threading.Lock()
        self._script: list[Reply] = []
        self._then = Reply(status=500)
        self.received: list[Received] = []

    def script(self, *replies: Reply, then: Reply | None = None) -> None:
        """Answer with ``replies`` in order, then with ``then`` (default: the last one)."""
        with self._lock:
            self._script = list(replies)
            self._then = then or (replies[-1] if replies else Reply(status=500))
            self.received = []

    def _next(self, headers: dict[str, str], body: dict[str, Any]) -> Reply:
        with self._lock:
            self.received.append(Received(headers, body))
            return self._script.pop(0) if self._script else self._then

    def app(self) -> FastAPI:
        app = FastAPI()

        @app.post("/v1/chat/completions")
        async def completions(request: Request) -> JSONResponse:
            body = await request.json()
            reply = self._next({k.lower(): v for k, v in request.headers.items()}, body)
            if reply.delay_s:
                await asyncio.sleep(reply.delay_s)
            if reply.status != 200:
                error = {"error": {"message": f"scripted {reply.status}", "type": "test"}}
                return JSONResponse(error, status_code=reply.status, headers=reply.headers)
            return JSONResponse(
                {
                    "id": f"chatcmpl-{len(self.received)}",
                    "object": "chat.completion",
                    "created": int(time.time()),
                    "model": body.get("model"),
                    "choices": [
                        {
                            "index": 0,
                            "message": {"role": "assistant", "content": reply.content},
                            "finish_reason": "stop",
                        }
                    ],
                    "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
                },
                headers=reply.headers,
            )

        return app


@contextmanager
def openai_server() -> Iterator[ChatServer]:
    """Start the server on a free loopback port; ``server.url`` is the API base (…/v1)."""
    state = ChatServer()
    with app_in_thread(state.app(), "OpenAI-compatible") as url:
        state.url = url + "/v1"
        yield state
