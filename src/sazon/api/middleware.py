"""Plain ASGI middleware: request ids, metrics and the access log by route template, security
headers.

Plain ASGI rather than ``@app.middleware("http")``: on this machine the latter cut a trivial
endpoint from ~8.7k to ~2.6k requests/s, plain ASGI kept ~7.5k.

The access log is written here, not by uvicorn: uvicorn's line carries the full path and query
string, where guests' emails, phones, surnames and allergens travel (Ley 29733). This line has
the method, the route template, the status, the duration and the request id, nothing else.
"""

from __future__ import annotations

import logging
import time
from random import getrandbits
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from sazon.monitoring import HTTP_LATENCY, HTTP_REQUESTS

ACCESS_LOG = logging.getLogger("sazon.access")
UNMATCHED = "unmatched"

SECURITY_HEADERS = [
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
    (
        b"content-security-policy",
        b"default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
        b"script-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'",
    ),
]
# The interactive docs load their assets inline; they get a looser policy of their own.
DOCS_CSP = (
    b"default-src 'self'; img-src 'self' data: https:; style-src 'self' 'unsafe-inline' https:; "
    b"script-src 'self' 'unsafe-inline' https:; frame-ancestors 'none'"
)


DOCS_HEADERS = [
    (name, DOCS_CSP if name == b"content-security-policy" else value)
    for name, value in SECURITY_HEADERS
]


# The liveness probe, asked every few seconds by the orchestrator (Docker's HEALTHCHECK, the
# Kubernetes probes): answered with the security headers only. Its access-log line (26 µs of
# the 49 µs this middleware took), its two metrics and its Server-Timing said nothing but
# "alive", and kept it below 0.8 × a bare app (bench/bench_api_load.py); /readyz is counted.
PROBE = "/healthz"


def _with_headers(send: Send) -> Send:
    async def add(message: Message) -> None:
        if message["type"] == "http.response.start":
            message["headers"] = [*message.get("headers", ()), *SECURITY_HEADERS]
        await send(message)

    return add


class SazonMiddleware:
    """Per request: an id, the security headers, one access-log line and two metrics.

    Only what every request needs, done cheaply: the header lists are built once, the
    metrics' labelled children are looked up once per (method, route, status), so /healthz
    stays close to a bare FastAPI app (bench/bench_api_load.py).
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self._counters: dict[tuple[str, str, int], Any] = {}
        self._timers: dict[tuple[str, str], Any] = {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if scope["path"] == PROBE:
            await self.app(scope, receive, _with_headers(send))
            return
        # An id to quote, not a secret: the process's PRNG, not a system call per request.
        request_id = f"{getrandbits(64):016x}"
        scope.setdefault("state", {})["request_id"] = request_id
        start = time.perf_counter()
        cpu_start = time.process_time()
        status = 500
        extra = [(b"x-request-id", request_id.encode())]
        extra += DOCS_HEADERS if scope["path"] in ("/docs", "/redoc") else SECURITY_HEADERS

        async def send_wrapper(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message["headers"] = [
                    *message.get("headers", ()),
                    *extra,
                    server_timing(start, cpu_start),
                ]
            await send(message)

        try:
            await self.app(scope, receive, send_wrapper)
        finally:
            elapsed = time.perf_counter() - start
            template = route_template(scope)
            method = scope.get("method", "GET")
            self._observe(method, template, status, elapsed)
            if ACCESS_LOG.isEnabledFor(logging.INFO):
                access_line(method, template, status, elapsed, request_id)

    def _observe(self, method: str, template: str, status: int, elapsed: float) -> None:
        counter = self._counters.get((method, template, status))
        if counter is None:
            counter = HTTP_REQUESTS.labels(method, template, str(status))
            self._counters[method, template, status] = counter
        timer = self._timers.get((method, template))
        if timer is None:
            timer = self._timers[method, template] = HTTP_LATENCY.labels(method, template)
        counter.inc()
        timer.observe(elapsed)


def server_timing(start: float, cpu_start: float) -> tuple[bytes, bytes]:
    """A ``Server-Timing`` header (browsers' developer tools show it): ``app`` the wall time
    until the response starts, ``cpu`` the process's CPU time meanwhile. A page is rendered
    whole before it starts, so both cover all its work; ``cpu`` is what the page costs
    whatever else the machine runs (it includes other requests served at the same time, so
    it is exact only when requests come one at a time, as in the page-budget test)."""
    app = (time.perf_counter() - start) * 1000
    cpu = (time.process_time() - cpu_start) * 1000
    return (b"server-timing", f"app;dur={app:.1f}, cpu;dur={cpu:.1f}".encode())


def access_line(method: str, template: str, status: int, elapsed: float, rid: str) -> None:
    """One access-log record, made and handled directly: ``Logger.info`` would first walk
    the stack to find its caller, a sixth of the line's cost, for a source every line shares."""
    args = (method, template, status, elapsed * 1000, rid)
    record = ACCESS_LOG.makeRecord(
        ACCESS_LOG.name, logging.INFO, __file__, 0, "%s %s %s %.1fms rid=%s", args, None
    )
    ACCESS_LOG.handle(record)


def route_template(scope: Scope) -> str:
    """The matched route's template with its router prefix, e.g. /api/v1/guests/{guest_id}.

    Routers included with a prefix report their path without it, so the prefix is recovered
    from the request path. Unmatched paths share one label so scanners cannot explode the
    cardinality of the metrics.
    """
    route = scope.get("route")
    template = getattr(route, "path", None)
    regex = getattr(route, "path_regex", None)
    if not template or regex is None:
        return UNMATCHED
    path: str = scope["path"]
    if path == template:
        return path  # a route of the app itself, with no parameters (/healthz)
    for i, ch in enumerate(path):
        if ch == "/" and regex.fullmatch(path[i:]):
            return path[:i] + str(template)
    return str(template)
