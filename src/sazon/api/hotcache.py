"""Whole responses of the hot reads, kept for one data version of the store (issue #14).

A page of guests, pairing for a dish and an event plan are read far more often than what they
show changes. Each one cost 15–20 ms of CPU, about 4 ms of it outside the handler (FastAPI's
dependencies, the thread-pool hop, the session, the key check, the response), so no tuning
of the handler alone brought them near the goal (0.3 × ``/healthz``). This plain ASGI
middleware keeps the whole ``200`` response of each of the reads it is given, keyed by

- the route, its query string as sent, the JSON body (keys sorted), ``Accept-Language`` and
  ``Content-Type``, the caller's role (responses differ by role: health data), Lima's date
  (a plan's staleness is checked against today), and a stamp the route adds (pairing: the
  active model's ``ACTIVE`` file);
- the store's data version (:class:`sazon.store.DataVersion`): every commit that writes data,
  in any process, bumps it in its own transaction, so the next read after a write is
  computed again. Audit entries do not bump it (no cached read shows them).

The keys checked are kept the same way: a key's principal is remembered for one data version
and at most :data:`KEY_TTL_S` seconds. Revoking a key is a write, so a revoked key is refused
(401) on its next request, in every process. A request served from here opens no session and
commits nothing; its audit entry (the guests the kept response showed, this caller, this
request's id) goes to the background writer like any read's (``sazon.access.audit_writer``:
written within about 0.1 s; lost if the process is killed in that window).

A request whose key is unknown here, or whose response is not kept, goes through the app as
before, and its ``200`` is kept for the next one.
"""

from __future__ import annotations

import json
import os
import re
import time
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from sazon.access import Principal, audit_reads_again, digest, reads_shown
from sazon.store import DataVersion
from sazon.timeutil import LIMA

# A key's principal is looked up in the store again after this long: its last use is noted
# there (at most once a minute), and a key seen once is not trusted for good.
KEY_TTL_S = 60.0
MAX_KEYS = 4096
# Beyond this many bytes of kept responses, all go (they come back on their next read).
MAX_BYTES = 64 * 1024 * 1024
# A larger body is not kept (nor read twice): a hot read's body is a few hundred bytes.
MAX_BODY = 64 * 1024


@dataclass(frozen=True)
class HotRead:
    """A route (method and template, as the API document writes it) whose 200 responses may
    be kept, and what else its answer depends on."""

    method: str
    path: str
    stamp: Callable[[], Hashable] = lambda: None

    def __post_init__(self) -> None:
        pattern = re.sub(r"\\\{[^/]+?\\\}", "[^/]+", re.escape(self.path))
        object.__setattr__(self, "regex", re.compile(pattern))

    def matches(self, scope: Scope) -> bool:
        regex: re.Pattern[str] = self.regex  # type: ignore[attr-defined]
        return scope["method"] == self.method and regex.fullmatch(scope["path"]) is not None


@dataclass(frozen=True)
class _Kept:
    version: int
    route: Any  # the route FastAPI matched: the metrics and the access log name it
    headers: tuple[tuple[bytes, bytes], ...]
    body: bytes
    shown: tuple[tuple[str, list[int], str | None], ...]


def file_stamp(path: Path) -> Callable[[], Hashable]:
    """A stamp that changes when ``path`` is written, replaced or removed."""

    def stamp() -> Hashable:
        try:
            st = os.stat(path)
        except OSError:
            return None
        return (st.st_ino, st.st_mtime_ns, st.st_size)

    return stamp


class HotReads:
    """The middleware (see the module's docstring). Add it inside the one that sets the
    request id and the headers, so a kept response gets them too."""

    def __init__(
        self, app: ASGIApp, reads: Sequence[HotRead], version: DataVersion, engine: Any
    ) -> None:
        self.app = app
        self.reads = tuple(reads)
        self.version = version
        self.engine = engine
        self._at: int | None = None  # the data version everything kept belongs to
        self._kept: dict[tuple[Any, ...], _Kept] = {}
        self._bytes = 0
        self._keys: dict[str, tuple[Principal, float]] = {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        read = self._match(scope) if scope["type"] == "http" else None
        key = _bearer(scope) if read is not None else None
        version = self.version.current() if key is not None else None
        if read is None or key is None or version is None:
            await self.app(scope, receive, send)
            return
        if version != self._at:
            self._kept.clear()
            self._keys.clear()
            self._bytes, self._at = 0, version
        body: bytes | None = b""
        if scope["method"] == "POST":
            body, receive = await _whole_body(receive)
        if body is None:
            await self.app(scope, receive, send)
            return
        headers = dict(scope["headers"])
        what = (
            id(read),
            scope["query_string"],
            _normal(body),
            headers.get(b"accept-language"),
            headers.get(b"content-type"),
            datetime.now(LIMA).toordinal(),
            read.stamp(),
        )
        hashed = digest(key)
        known = self._keys.get(hashed)
        if known is not None and time.monotonic() - known[1] < KEY_TTL_S:
            kept = self._kept.get((known[0].role, *what))
            if kept is not None and kept.version == version:
                await self._answer(scope, send, known[0], kept)
                return
        await self._read_and_keep(scope, receive, send, version, hashed, what)

    def _match(self, scope: Scope) -> HotRead | None:
        for read in self.reads:
            if read.matches(scope):
                return read
        return None

    async def _answer(self, scope: Scope, send: Send, who: Principal, kept: _Kept) -> None:
        state = scope.setdefault("state", {})
        state["principal"] = who
        scope["route"] = kept.route
        audit_reads_again(self.engine, who, kept.shown, state.get("request_id"))
        await send({"type": "http.response.start", "status": 200, "headers": list(kept.headers)})
        await send({"type": "http.response.body", "body": kept.body})

    async def _read_and_keep(
        self,
        scope: Scope,
        receive: Receive,
        send: Send,
        version: int,
        hashed: str,
        what: tuple[Any, ...],
    ) -> None:
        start: Message | None = None
        headers: tuple[tuple[bytes, bytes], ...] = ()
        chunks: list[bytes] = []

        async def keep(message: Message) -> None:
            nonlocal start, headers
            if message["type"] == "http.response.start":
                # Copied now: the middleware outside adds this request's id to the message.
                start = message
                headers = tuple((bytes(k), bytes(v)) for k, v in message.get("headers", ()))
            elif message["type"] == "http.response.body" and start is not None:
                chunks.append(message.get("body", b""))
            await send(message)

        with reads_shown() as shown:
            await self.app(scope, receive, keep)
        who = scope.get("state", {}).get("principal")
        if start is None or start["status"] != 200 or not isinstance(who, Principal):
            return
        if version != self._at:
            return  # the store changed meanwhile: what was read may be older than it
        if len(self._keys) >= MAX_KEYS:
            self._keys.clear()
        self._keys[hashed] = (who, time.monotonic())
        body = b"".join(chunks)
        if self._bytes + len(body) > MAX_BYTES:
            self._kept.clear()
            self._bytes = 0
        kept = _Kept(version, scope.get("route"), headers, body, tuple(shown))
        self._kept[(who.role, *what)] = kept
        self._bytes += len(body)


def _bearer(scope: Scope) -> str | None:
    for name, value in scope["headers"]:
        if name == b"authorization":
            text = value.decode("latin-1")
            if text[:7].lower() == "bearer ":
                return text[7:].strip() or None
            return None
    return None


async def _whole_body(receive: Receive) -> tuple[bytes | None, Receive]:
    """The request's body, and a ``receive`` that gives it to the app again. None for the
    body when it is larger than :data:`MAX_BODY` (the app still gets all of it)."""
    messages: list[Message] = []
    size = 0
    while True:
        message = await receive()
        messages.append(message)
        if message["type"] != "http.request":
            break
        size += len(message.get("body", b""))
        if size > MAX_BODY or not message.get("more_body", False):
            break
    replay = iter(messages)

    async def again() -> Message:
        return next(replay, None) or await receive()

    if size > MAX_BODY or messages[-1]["type"] != "http.request":
        return None, again
    return b"".join(m.get("body", b"") for m in messages), again


def _normal(body: bytes) -> bytes:
    """A JSON body with its keys sorted, so the same request written another way is the
    same read; anything else as sent."""
    if not body:
        return body
    try:
        return json.dumps(json.loads(body), sort_keys=True, separators=(",", ":")).encode()
    except ValueError:
        return body
