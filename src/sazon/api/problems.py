"""Errors as application/problem+json (RFC 9457), each with a stable ``code``."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.routing import iter_route_contexts
from sqlalchemy.exc import OperationalError, SQLAlchemyError
from starlette.exceptions import HTTPException as StarletteHTTPException

from sazon import errors as e
from sazon.store.db import store_busy
from sazon.web import error_page, wants_html

log = logging.getLogger("sazon.api")
RETRY_AFTER_S = 2

STATUS: dict[type[e.SazonError], int] = {
    e.NotFound: 404,
    e.Conflict: 409,
    e.InvalidInput: 422,
    e.NotFitted: 409,
    e.DependencyUnavailable: 503,
    e.Unauthorized: 401,
    e.Forbidden: 403,
    e.PayloadTooLarge: 413,
}
TITLES = {
    400: "Bad request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not found",
    405: "Method not allowed",
    409: "Conflict",
    413: "Payload too large",
    422: "Unprocessable content",
    500: "Internal server error",
    503: "Service unavailable",
}
HTTP_CODES = {
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    413: "payload_too_large",
}


STATUS_OF_CODE = {t.code: s for t, s in STATUS.items()} | {"internal_error": 500}


def problem_body(status: int, code: str, detail: str, **extra: Any) -> dict[str, Any]:
    return {
        "type": f"urn:sazon:problem:{code}",
        "title": TITLES.get(status, "Error"),
        "status": status,
        "detail": detail,
        "code": code,
        **extra,
    }


def job_resource(view: dict[str, Any]) -> dict[str, Any]:
    """An upload job as the API shows it: a failure carries a whole problem object."""
    stored = view.get("problem")
    if not stored:
        return view
    extra = {k: v for k, v in stored.items() if k not in ("code", "detail")}
    status = STATUS_OF_CODE.get(stored["code"], 400)
    return {**view, "problem": problem_body(status, stored["code"], stored["detail"], **extra)}


def problem(
    request: Request,
    status: int,
    code: str,
    detail: str,
    headers: Mapping[str, str] | None = None,
    **extra: Any,
) -> JSONResponse:
    body = problem_body(
        status, code, detail, instance=request.url.path, request_id=request_id(request), **extra
    )
    out = dict(headers or {})
    if status == 401:
        out["WWW-Authenticate"] = "Bearer"
    if "retry_after" in extra:  # a busy store: when to come back
        out["Retry-After"] = str(extra["retry_after"])
    return JSONResponse(
        body, status_code=status, media_type="application/problem+json", headers=out
    )


def install(app: FastAPI) -> None:
    @app.exception_handler(e.SazonError)
    async def _sazon(request: Request, exc: e.SazonError) -> JSONResponse:
        status = next((s for t, s in STATUS.items() if isinstance(exc, t)), 400)
        return problem(request, status, exc.code, exc.message, **exc.details)

    @app.exception_handler(SQLAlchemyError)
    async def _store(request: Request, exc: SQLAlchemyError) -> JSONResponse:
        # Lock contention (store_busy) or the database unreachable: the client may retry, so
        # a 503 that says when (never a 500). Anything else is unexpected: the 500 below.
        busy = store_busy(exc)
        if busy is not None:
            return await _sazon(request, busy)
        if not isinstance(exc, OperationalError):
            raise exc
        log.warning("store unavailable (request %s): %s", request_id(request), exc.orig)
        return problem(
            request,
            503,
            "dependency_unavailable",
            "the store is busy or unreachable: try again in a moment",
            retry_after=RETRY_AFTER_S,
        )

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = [
            {
                "field": ".".join(str(p) for p in err["loc"][1:]) or str(err["loc"][0]),
                "error": err["msg"],
            }
            for err in exc.errors()
        ]
        return problem(request, 422, "invalid_input", "some fields are invalid", errors=errors)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        if wants_html(request):  # a person typed a wrong address: a page, not JSON
            return await error_page(request, exc.status_code, request_id(request))
        code = HTTP_CODES.get(exc.status_code, "http_error")
        headers = dict(exc.headers or {})
        if exc.status_code == 405:
            # Starlette's Allow names the methods of the first route that matched the path;
            # RFC 9110 wants every method the path has (GET /guests and POST /guests).
            headers["Allow"] = ", ".join(allowed_methods(request))
        return problem(request, exc.status_code, code, str(exc.detail), headers=headers)

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> Response:
        rid = request_id(request)
        log.exception("unexpected error (request %s)", rid or "-")
        # Starlette answers a 500 outside our middleware, so the id header is added here.
        response: Response
        if wants_html(request):
            response = await error_page(request, 500, rid)
        else:
            response = problem(
                request,
                500,
                "internal_error",
                "something went wrong on our side; quote the request id if you report it",
            )
        if rid:
            response.headers["x-request-id"] = rid
        return response


def request_id(request: Request) -> str | None:
    rid: str | None = getattr(request.state, "request_id", None)
    return rid


def allowed_methods(request: Request) -> list[str]:
    path = request.url.path
    methods: set[str] = set()
    for route in iter_route_contexts(request.app.routes):
        regex = getattr(route, "path_regex", None)
        if route.methods and regex is not None and regex.fullmatch(path):
            methods |= route.methods
    return sorted(methods)
