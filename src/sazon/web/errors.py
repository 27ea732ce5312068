"""HTML error pages for browsers; programs (and everything under /api/) keep problem+json."""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import HTMLResponse
from starlette.concurrency import run_in_threadpool

from sazon.web.common import page_lang, principal_of, render
from sazon.web.i18n import translate


def wants_html(request: Request) -> bool:
    """A browser asking for a page: not the API, and HTML before JSON in its Accept header."""
    if request.url.path.startswith(("/api/", "/metrics", "/openapi.json")):
        return False
    accept = request.headers.get("accept", "")
    return "text/html" in accept


async def error_page(request: Request, status: int, request_id: str | None) -> HTMLResponse:
    """The page a person sees for ``status``, in their language, with a way back home."""
    t = translate(page_lang(request))
    key = f"err_{status}" if f"err_{status}" in t else "err_other"
    message = t[key].format(status=status, rid=request_id or "-")
    try:
        # The session look-up reads the store: off the event loop, and never fatal here.
        principal = await run_in_threadpool(principal_of, request)
    except Exception:  # an error page must render even when the store is down
        principal = None
    return render(request, "error.html", principal, status=status, message=message)
