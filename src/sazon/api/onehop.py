"""Routers whose plain ``def`` handlers run in one thread-pool hop, with the key check and the
commit.

FastAPI runs a plain ``def`` handler in the thread pool, and so its plain ``def`` dependencies,
each in a hop of its own, then validates the response in another, and the session's commit
took one more. Under load those hops (a hand-off between threads and a fight for the GIL each)
cost more than a hot read's own work. An :class:`ApiRouter` turns each plain ``def`` handler
into an ``async def`` one that makes a single hop, in which it:

1. checks again that the caller's key is live, when :func:`sazon.api.deps.current_principal`
   took its role from the keys this process already checked (the key is still looked up in
   the request's own transaction, before the handler runs: a revoked key is refused on its
   very next request, as before);
2. runs the handler, with the arguments FastAPI solved, unchanged;
3. commits the request's session, so a 2xx still means the write is stored.

The response is then validated on the event loop (CPU only, no I/O). ``async def`` handlers
are left as they are.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any, get_type_hints

from fastapi import APIRouter, Request
from starlette.concurrency import run_in_threadpool

from sazon.api.deps import ONE_HOP, finish_in_thread, recheck_key

# The request, passed to the wrapper under a name no handler uses.
_REQUEST = "sazon_one_hop_request"


def one_hop(func: Callable[..., Any]) -> Callable[..., Any]:
    """``func`` (a plain ``def`` handler) as an ``async def`` one that runs it, the key check
    and the commit in one thread-pool hop. FastAPI reads the same parameters from it."""
    hints = get_type_hints(func, include_extras=True)
    signature = inspect.signature(func)
    params = [
        p.replace(annotation=hints.get(p.name, p.annotation)) for p in signature.parameters.values()
    ]
    if any(p.kind is inspect.Parameter.VAR_KEYWORD for p in params):
        raise TypeError(f"{func.__qualname__}: a handler with **kwargs cannot be made one-hop")
    # FastAPI hands the request to one parameter only: the handler's own, when it has one.
    own = next((p.name for p in params if p.annotation is Request), None)
    if own is None:
        params.append(
            inspect.Parameter(_REQUEST, inspect.Parameter.KEYWORD_ONLY, annotation=Request)
        )

    def run(request: Request, arguments: dict[str, Any]) -> Any:
        recheck_key(request)
        result = func(**arguments)
        finish_in_thread(request)
        return result

    async def endpoint(**arguments: Any) -> Any:
        request = arguments[own] if own else arguments.pop(_REQUEST)
        return await run_in_threadpool(run, request, arguments)

    # Not functools.wraps: FastAPI would follow __wrapped__ back to the handler's signature,
    # which may lack the request. The annotations are resolved here, in the handler's module.
    returns = hints.get("return", signature.return_annotation)
    endpoint.__signature__ = signature.replace(  # type: ignore[attr-defined]
        parameters=params,
        # get_type_hints reads "-> None" as NoneType; FastAPI wants None (no body, a 204).
        return_annotation=None if returns is type(None) else returns,
    )
    endpoint.__annotations__ = {p.name: p.annotation for p in params}
    for name in ("__module__", "__name__", "__qualname__", "__doc__"):
        setattr(endpoint, name, getattr(func, name))
    setattr(endpoint, ONE_HOP, True)
    return endpoint


class ApiRouter(APIRouter):
    """An ``APIRouter`` whose plain ``def`` handlers are made :func:`one_hop`."""

    def add_api_route(self, path: str, endpoint: Callable[..., Any], **kwargs: Any) -> None:
        if not inspect.iscoroutinefunction(endpoint):
            endpoint = one_hop(endpoint)
        super().add_api_route(path, endpoint, **kwargs)
