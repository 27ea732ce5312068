"""The guard that refuses paging words a route does not take (lists page with ``page`` from 1
and ``page_size``; the store pages its queries, :func:`sazon.store.queries.paginate`)."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.exceptions import RequestValidationError

# Words clients use to page through a list. A route that does not declare one would ignore
# it and answer with a different page than asked for, so it is refused instead.
PAGING_WORDS = frozenset(
    {"limit", "offset", "skip", "page", "page_size", "per_page", "size", "cursor", "count"}
)
_declared: dict[int, frozenset[str]] = {}


def _query_names(route: Any) -> frozenset[str]:
    """The query parameters ``route`` reads, its dependencies' included (computed once)."""
    names = _declared.get(id(route))
    if names is None:
        found: set[str] = set()
        todo = [route.dependant]
        while todo:
            dependant = todo.pop()
            found.update(p.alias for p in dependant.query_params)
            todo.extend(dependant.dependencies)
        names = _declared[id(route)] = frozenset(found)
    return names


def known_paging(request: Request) -> None:
    """A router dependency: 422 for a paging word (``limit``, ``offset``…) the route lacks.

    ``?limit=5`` on a list paged by ``page``/``page_size``, or on a list that returns every
    item, used to be ignored silently; now the client is told which words the list takes.
    """
    if not request.scope.get("query_string"):
        return
    route = request.scope.get("route")
    if route is None or not hasattr(route, "dependant"):
        return
    declared = _query_names(route)
    unknown = sorted(k for k in set(request.query_params) & PAGING_WORDS if k not in declared)
    if not unknown:
        return
    takes = sorted(declared & PAGING_WORDS)
    hint = (
        f"this list is paged with {' and '.join(takes)}"
        if takes
        else "this list is not paged: it returns every item"
    )
    raise RequestValidationError(
        [
            {
                "loc": ("query", name),
                "msg": f"unknown parameter '{name}': {hint}",
                "type": "extra_forbidden",
            }
            for name in unknown
        ]
    )
