"""Dependencies shared by the routers: the store session, the caller and their role.

FastAPI runs every plain ``def`` dependency in the thread pool: a hop there and back for each
one. On a hot read those hops were a good part of the request, so what does no I/O here is
``async def`` and runs on the event loop (the query-string checks, the role check, opening the
session, which connects only at its first statement). What touches the store — the key
look-up, the handler, the commit — stays in threads: a commit may wait for SQLite's write lock,
and the loop must never wait for it. Under an :class:`sazon.api.onehop.ApiRouter` the three
share one hop: the role of a key this process has already checked is taken from memory, and
the key is looked up again in that hop, before the handler runs.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from dataclasses import dataclass
from datetime import date
from types import UnionType
from typing import Annotated, Any, Union, get_args, get_origin

from fastapi import Depends, Path, Query, Request
from pydantic import BeforeValidator
from sqlalchemy.orm import Session, sessionmaker
from starlette.concurrency import run_in_threadpool

from sazon.access import Principal, digest, verify_key
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
    thread); committed in the thread pool, since a commit may wait for the write lock (in the
    handler's own hop under an ``ApiRouter``).
    """
    state: ApiState = request.app.state.sazon
    session = state.factory()
    session.begin()
    _bag(request)["sazon_session"] = session
    try:
        yield session
    except BaseException as exc:
        if _RECHECK in _bag(request) and not isinstance(exc, Unauthorized):
            # The failure came before the key was looked up again: a key that is no longer
            # live is told so, not what went wrong (as when every key was looked up first).
            await run_in_threadpool(_recheck_and_close, request, session)
        # A rollback never waits for a lock; done here, so a cancelled request still
        # gives its connection back.
        session.close()
        raise
    if not _bag(request).pop(_DONE, False):
        await run_in_threadpool(_finish, request, session)


def _recheck_and_close(request: Request, session: Session) -> None:
    try:
        recheck_key(request)
    finally:
        session.close()


def _finish(request: Request, session: Session) -> None:
    try:
        recheck_key(request)
    except BaseException:
        session.close()
        raise
    _commit_and_close(session)


def _bag(request: Request) -> dict[str, Any]:
    """The request's state as a dict (what ``request.state`` wraps)."""
    bag: dict[str, Any] = request.scope.setdefault("state", {})
    return bag


def finish_in_thread(request: Request) -> None:
    """Commit the request's session now, in this thread (the one-hop handler's)."""
    session: Session | None = _bag(request).get("sazon_session")
    if session is not None:
        _commit_and_close(session)
        _bag(request)[_DONE] = True


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


# request.state keys: the key still to look up in this transaction; whether the one-hop
# handler committed. The marker a one-hop handler carries (sazon.api.onehop).
_RECHECK = "sazon_recheck_key"
_DONE = "sazon_committed"
ONE_HOP = "sazon_one_hop"
# The principal of each key this process found live, by the key's digest. Only the role is
# taken from here; whether the key is still live is looked up on every request.
_roles_known: dict[str, Principal] = {}
_ROLES_KNOWN_MAX = 4096


async def current_principal(request: Request, session: SessionDep) -> Principal:
    header = request.headers.get("authorization", "")
    # Only a Bearer key: the web session cookie is an opaque id, never accepted here.
    key = header[7:].strip() if header.lower().startswith("bearer ") else None
    if not key:
        raise Unauthorized("send an API key as 'Authorization: Bearer <key>'")
    principal = _roles_known.get(digest(key))
    route = request.scope.get("route")
    if principal is not None and getattr(getattr(route, "endpoint", None), ONE_HOP, False):
        # Looked up again in the handler's hop, before it runs (recheck_key).
        _bag(request)[_RECHECK] = (key, principal)
    else:
        principal = await run_in_threadpool(_verify, session, key)
    request.state.principal = principal
    return principal


def _verify(session: Session, key: str) -> Principal:
    principal = verify_key(session, key)
    if principal is None:
        _roles_known.pop(digest(key), None)
        raise Unauthorized("this API key is unknown or revoked")
    if len(_roles_known) >= _ROLES_KNOWN_MAX:
        _roles_known.clear()  # a bound, not a policy: live keys come back on their next use
    _roles_known[digest(key)] = principal
    return principal


def recheck_key(request: Request) -> None:
    """Look up again, in the request's transaction, the key whose role came from memory."""
    pending = _bag(request).pop(_RECHECK, None)
    if pending is not None:
        key, remembered = pending
        if _verify(_bag(request)["sazon_session"], key) != remembered:
            raise Unauthorized("this API key is unknown or revoked")


CurrentPrincipal = Annotated[Principal, Depends(current_principal)]


def require(roles: frozenset[str]) -> Callable[[Request, Principal], Awaitable[Principal]]:
    """A dependency that lets only ``roles`` through (403 otherwise)."""

    async def check(request: Request, principal: CurrentPrincipal) -> Principal:
        if principal.role not in roles:
            # A key that is no longer live hears 401, as it would have without the memory.
            await run_in_threadpool(recheck_key, request)
            raise Forbidden(f"the {principal.role} role cannot do this")
        return principal

    # Read by sazon.api.contract: the document lists the roles and declares 403.
    check.roles = roles  # type: ignore[attr-defined]
    return check


# Store ids are 32-bit friendly; bounding them turns absurd ids into 422s, not overflows.
MAX_ID = 2_147_483_647
Id = Annotated[int, Path(ge=1, le=MAX_ID)]
IdQuery = Annotated[int | None, Query(ge=1, le=MAX_ID)]


def iso_day(value: object) -> object:
    """A day as the API takes it: written YYYY-MM-DD (the error says so otherwise)."""
    # Pydantic reads "0" or "1700000000" as a Unix time; a day here is written YYYY-MM-DD.
    if isinstance(value, str) and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise ValueError("write the day as YYYY-MM-DD")
    return value


#: An optional day in a query, YYYY-MM-DD only (add a ``Query`` for its description).
IsoDay = Annotated[date | None, BeforeValidator(iso_day)]

__all__ = ["request_id"]


#: The languages the API writes its texts in, the first being the default.
LANGS = ("es", "en")


def reader_lang(asked: str | None, accept_language: str | None) -> str:
    """The reader's language: ``?lang=`` when given (anything but es or en is a clear 422),
    else the best of es/en in Accept-Language (by q, then order), else es."""
    if asked is not None:
        if asked.strip().lower() not in LANGS:
            raise InvalidInput(
                f"unknown lang '{asked[:20]}': use es (español) or en (English)",
                details={"lang": asked[:20], "use": list(LANGS)},
            )
        return asked.strip().lower()
    ranked: list[tuple[float, int, str]] = []
    for i, part in enumerate((accept_language or "").split(",")[:20]):
        tag, _, params = part.strip().partition(";")
        q = 1.0
        if params.strip().startswith("q="):
            try:
                q = float(params.strip()[2:])
            except ValueError:
                q = 0.0
        primary = tag.strip().lower().split("-")[0]
        if primary in LANGS and q > 0:
            ranked.append((-q, i, primary))
    return min(ranked)[2] if ranked else LANGS[0]
