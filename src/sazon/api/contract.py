"""The OpenAPI document tells the truth about errors: every one is ``application/problem+json``
and each operation lists the statuses it can answer.

Most statuses follow from what a route depends on, so they are read from its dependency tree
when the document is built, and a new route gets them without a word in its decorator:

- 401 (with ``WWW-Authenticate``) and the bearer security requirement: it needs a key;
- 403: the roles it lets through are fewer than all of them (the roles are listed too);
- 404: a path parameter names a record (``…_id``);
- 400: it takes a body (FastAPI answers 400 to one it cannot decode or parse);
- 422: it takes parameters or a body (FastAPI's own rule), or it says it may raise InvalidInput;
- 503 (with ``Retry-After``): it opens a store session (the store down or its write lock busy);
- 500: every operation.

What a route's own logic can raise beyond that (409 on a duplicate, 413 on a large upload,
503 from a model or a service) it declares with ``responses=raises(Conflict, …)``, by error
class, so the status comes from the same table the error handlers use.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from fastapi import FastAPI
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute, RouteContext, iter_route_contexts
from pydantic import BaseModel, ConfigDict, Field

from sazon.access import ALL
from sazon.api.deps import current_principal, get_session
from sazon.api.problems import STATUS, TITLES
from sazon.errors import SazonError

PROBLEM_JSON = "application/problem+json"
SECURITY_SCHEME = "bearer"


class FieldProblem(BaseModel):
    """One field that could not be read and why."""

    model_config = ConfigDict(extra="allow")
    field: str
    error: str


class Problem(BaseModel):
    """An error (RFC 9457) with a stable ``code``; some codes carry more members (a 409 on a
    duplicate names the other ``record_id`` and the key it ``matched_on``)."""

    model_config = ConfigDict(extra="allow")
    type: str = Field(examples=["urn:sazon:problem:not_found"])
    title: str
    status: int = Field(ge=400, le=599)
    detail: str
    code: str = Field(examples=["not_found"])
    instance: str
    request_id: str | None = Field(description="also in the X-Request-ID header")
    errors: list[FieldProblem] | None = Field(
        default=None, description="on 422: each field that could not be read"
    )


WHEN = {
    400: "the body could not be decoded or parsed",
    401: "no key, or an unknown or revoked one",
    403: "the key's role may not do this",
    404: "no such record",
    409: "a conflict with what is stored (a duplicate, a record in use, a concurrent change)",
    413: "the upload is too large",
    422: "a field or the request cannot be read (each one is listed in errors)",
    500: "a bug: quote the request id",
    503: "a service it needs is down or busy (the store, a model, a configured endpoint)",
}
HEADERS: dict[int, dict[str, Any]] = {
    401: {"WWW-Authenticate": {"required": True, "schema": {"type": "string"}}},
}


def raises(*errors: type[SazonError]) -> dict[int | str, dict[str, Any]]:
    """``responses=`` for a route whose logic may raise these errors (beyond the inferred)."""
    statuses = {next(s for t, s in STATUS.items() if issubclass(err, t)) for err in errors}
    return {status: {"description": WHEN[status]} for status in sorted(statuses)}


def _calls(dependant: Dependant) -> Iterator[Callable[..., Any]]:
    for dep in dependant.dependencies:
        if dep.call is not None:
            yield dep.call
        yield from _calls(dep)


def _params(dependant: Dependant) -> Iterator[tuple[str, str]]:
    """(where, name) of every parameter the route reads, its dependencies' included."""
    for where in ("path", "query", "header", "cookie", "body"):
        for field in getattr(dependant, f"{where}_params"):
            yield where, field.name
    for dep in dependant.dependencies:
        yield from _params(dep)


def roles_of(route: RouteContext) -> frozenset[str] | None:
    """The roles the route lets through (``require`` marks its check), None when it is open."""
    allowed: frozenset[str] | None = None
    for call in _calls(route.dependant):
        roles = getattr(call, "roles", None)
        if roles is not None:
            allowed = frozenset(roles) if allowed is None else allowed & frozenset(roles)
    return allowed


def statuses_of(route: RouteContext) -> set[int]:
    """The error statuses a route can answer, from what it depends on (see the module doc)."""
    calls = set(_calls(route.dependant))
    params_ = set(_params(route.dependant))
    found = {500}
    if current_principal in calls:
        found.add(401)
    roles = roles_of(route)
    if roles is not None and roles < frozenset(ALL):
        found.add(403)
    if any(where == "path" and name.endswith("_id") for where, name in params_):
        found.add(404)
    if params_:
        found.add(422)
    if route.body_field is not None:
        found.add(400)  # FastAPI's answer to a body it cannot decode or parse
    if get_session in calls:
        found.add(503)
    return found


def _problem_response(status: int, existing: dict[str, Any] | None) -> dict[str, Any]:
    description = (existing or {}).get("description")
    if not description or description in ("Validation Error", "Successful Response"):
        description = f"{TITLES.get(status, 'Error')}: {WHEN.get(status, '')}".rstrip(": ")
    out: dict[str, Any] = {
        "description": description,
        "content": {PROBLEM_JSON: {"schema": {"$ref": "#/components/schemas/Problem"}}},
    }
    headers = {**HEADERS.get(status, {}), **((existing or {}).get("headers") or {})}
    if status == 503:
        headers["Retry-After"] = {
            "required": False,
            "description": "seconds to wait before trying again, when the store was busy",
            "schema": {"type": "string"},
        }
    if headers:
        out["headers"] = headers
    return out


def _not_null(param: dict[str, Any]) -> None:
    """An optional query parameter is absent or has a value; it is never null (FastAPI writes
    ``int | None`` as ``anyOf [integer, null]``)."""
    schema = param.get("schema", {})
    kept = [s for s in schema.get("anyOf", []) if s.get("type") != "null"]
    if "anyOf" in schema and len(kept) == 1:
        rest = {k: v for k, v in schema.items() if k != "anyOf"}
        param["schema"] = {**kept[0], **rest}


def annotate(doc: dict[str, Any], routes: list[Any]) -> None:
    """Rewrite each operation's error responses in ``doc`` from its route (in place)."""
    components = doc.setdefault("components", {})
    schemas = components.setdefault("schemas", {})
    defs = Problem.model_json_schema(ref_template="#/components/schemas/{model}")
    schemas.update(defs.pop("$defs", {}))
    schemas["Problem"] = defs
    components.setdefault("securitySchemes", {})[SECURITY_SCHEME] = {
        "type": "http",
        "scheme": "bearer",
        "description": "an API key: `sazon users create-key --role …`",
    }
    for route in iter_route_contexts(routes):
        if not isinstance(route.original_route, APIRoute) or not route.include_in_schema:
            continue
        item = doc["paths"].get(route.path_format or "", {})
        for method in route.methods or ():
            op = item.get(method.lower())
            if op is None:
                continue
            for param in op.get("parameters", []):
                _not_null(param)
            responses = op.setdefault("responses", {})
            declared = {int(s) for s in responses if s.isdigit() and int(s) >= 400}
            for status in sorted(declared | statuses_of(route)):
                responses[str(status)] = _problem_response(status, responses.get(str(status)))
            if current_principal in set(_calls(route.dependant)):
                op["security"] = [{SECURITY_SCHEME: []}]
            roles = roles_of(route)
            if roles is not None:
                op["x-roles"] = sorted(roles)
    # FastAPI's own validation schemas are replaced by Problem everywhere.
    text = str(doc["paths"])
    for name in ("HTTPValidationError", "ValidationError"):
        if f"/{name}'" not in text:
            schemas.pop(name, None)


def install(app: FastAPI) -> None:
    """Annotate FastAPI's document each time FastAPI builds it (once, and again when routes
    are added)."""
    build = app.openapi
    done: list[int] = []

    def openapi() -> dict[str, Any]:
        doc = build()
        if id(doc) not in done:
            annotate(doc, app.routes)
            done[:] = [id(doc)]
        return doc

    app.openapi = openapi  # type: ignore[method-assign]
