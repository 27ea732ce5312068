"""Dependencies shared by the routers: the store session, the caller and their role.

FastAPI runs every plain ``def`` dependency in the thread pool: a hop there and back for each
one. On a hot read those hops were a good part of the request, so what does no I/O here is
``async def`` and runs on the event loop (the query-string checks, the role check, opening the
session, which connects only at its first statement). What touches the store — the key
look-up, the handler, the commit — stays in threads: a commit may wait for SQLite's write lock,
and the loop must never wait for it.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from dataclasses import dataclass
from types import UnionType
from typing import Annotated, Any, Union, get_args, get_origin

from fastapi import Depends, Path, Query, Request
from sqlalchemy.orm import Session, sessionmaker
from starlette.concurrency import run_in_threadpool

from sazon.access import Principal, verify_key
from sazon.api.pagination import known_paging
from sazon.api.problems import request_id
from sazon.bus import Bus
from sazon.config import Settings
from sazon.errors import DependencyUnavailable, Forbidden, InvalidInput, Unauthorized
from sazon.ingest import UploadJobs
from sazon.knowledge import KnowledgeBase, current_knowledge


@dataclass
class ApiState:
    settings: Settings
    factory: sessionmaker[Session]
    secret: str
    bus: Bus | None = None
    jobs: UploadJobs | None = None

    def upload_jobs(self) -> UploadJobs:
        if self.jobs is None:
            raise DependencyUnavailable("uploads are not being taken right now")
        return self.jobs

    @property
    def kb(self) -> KnowledgeBase:
        """The packaged knowledge base plus the house additions, as of now (cached per
        revision of the additions, so a new one is seen by the next request)."""
        return current_knowledge(self.factory.kw["bind"])


def _is_list(annotation: object) -> bool:
    args = [a for a in get_args(annotation) if a is not type(None)]
    if get_origin(annotation) in (Union, UnionType) and len(args) == 1:
        return _is_list(args[0])
    return get_origin(annotation) in (list, tuple, set, frozenset)


def _query_fields(route: Any) -> Iterator[Any]:
    pending = [getattr(route, "dependant", None)]
    while pending:
        dependant = pending.pop()
        if dependant is not None:
            yield from dependant.query_params
            pending += dependant.dependencies


# Per route (by id; routes live as long as the app): the alias of each query parameter and
# whether it takes a list. Walking the dependency tree on every request cost more than the check.
_known: dict[int, dict[str, bool]] = {}


def _known_query(route: Any) -> dict[str, bool]:
    known = _known.get(id(route))
    if known is None:
        known = {f.alias: _is_list(f.field_info.annotation) for f in _query_fields(route)}
        _known[id(route)] = known
    return known


async def strict_query(request: Request) -> None:
    """The query string holds only the route's parameters, each once, as the document says.

    FastAPI ignores unknown parameters and keeps the last of repeated ones silently: a typo
    (``?alergen=peanuts``) or ``?allergen=peanuts&allergen=`` would read as no filter at all.
    Paging words the route lacks are refused first, by :func:`known_paging` (its 422 says
    how the list is paged).
    """
    if not request.scope.get("query_string"):
        return
    known_paging(request)
    query = request.query_params
    known = _known_query(request.scope.get("route"))
    errors = [{"field": name, "error": "unknown parameter"} for name in query if name not in known]
    errors += [
        {"field": name, "error": "give this parameter once"}
        for name in query
        if name in known and not known[name] and len(query.getlist(name)) > 1
    ]
    if errors:
        raise InvalidInput(
            "some query parameters are unknown or repeated", details={"errors": errors}
        )


async def get_state(request: Request) -> ApiState:
    state: ApiState = request.app.state.sazon
    return state


async def get_session(request: Request) -> AsyncIterator[Session]:
    """One transaction per request: committed when the handler returns, else rolled back.

    Opened on the event loop (a session connects at its first statement, in the handler's
    thread); committed in the thread pool, since a commit may wait for the write lock.
    """
    state: ApiState = request.app.state.sazon
    session = state.factory()
    session.begin()
    try:
        yield session
    except BaseException:
        # A rollback never waits for a lock; done here, so a cancelled request still
        # gives its connection back.
        session.close()
        raise
    await run_in_threadpool(_commit_and_close, session)


def _commit_and_close(session: Session) -> None:
    try:
        session.commit()
    finally:
        session.close()


StateDep = Annotated[ApiState, Depends(get_state)]
# scope="function": commit before the response leaves, so a 2xx means the write is stored
# and a failed commit is an error the client sees (FastAPI's default ends yield dependencies
# after the response is sent).
SessionDep = Annotated[Session, Depends(get_session, scope="function")]


def current_principal(request: Request, session: SessionDep) -> Principal:
    header = request.headers.get("authorization", "")
    # Only a Bearer key: the web session cookie is an opaque id, never accepted here.
    key = header[7:].strip() if header.lower().startswith("bearer ") else None
    if not key:
        raise Unauthorized("send an API key as 'Authorization: Bearer <key>'")
    principal = verify_key(session, key)
    if principal is None:
        raise Unauthorized("this API key is unknown or revoked")
    request.state.principal = principal
    return principal


CurrentPrincipal = Annotated[Principal, Depends(current_principal)]


def require(roles: frozenset[str]) -> Callable[[Principal], Awaitable[Principal]]:
    """A dependency that lets only ``roles`` through (403 otherwise)."""

    async def check(principal: CurrentPrincipal) -> Principal:
        if principal.role not in roles:
            raise Forbidden(f"the {principal.role} role cannot do this")
        return principal

    # Read by sazon.api.contract: the document lists the roles and declares 403.
    check.roles = roles  # type: ignore[attr-defined]
    return check


# Store ids are 32-bit friendly; bounding them turns absurd ids into 422s, not overflows.
MAX_ID = 2_147_483_647
Id = Annotated[int, Path(ge=1, le=MAX_ID)]
IdQuery = Annotated[int | None, Query(ge=1, le=MAX_ID)]

__all__ = ["request_id"]
