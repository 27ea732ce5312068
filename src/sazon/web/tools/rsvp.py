"""The guest's RSVP page: public (no login), reached from the link a planner sends.

Split from the planner's pages (``sazon.web.tools.events``): these answer the guest, not staff.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from sazon.errors import SazonError
from sazon.events import LinkClosed, answer, check_csrf, csrf_for, view
from sazon.web.common import page_lang, render, state_of
from sazon.web.i18n import translate

router = APIRouter(include_in_schema=False)


def _same_origin(request: Request) -> bool:
    """Browsers send Origin on form posts: a post from another site is refused."""
    origin = request.headers.get("origin")
    if not origin or origin == "null":
        return origin is None
    return urlsplit(origin).netloc == request.url.netloc


def _closed(request: Request, exc: LinkClosed) -> Response:
    """410: a genuine link whose event or invitation is over; a cancelled event says so."""
    cancelled = exc.words.get("event") if exc.words.get("status") == "cancelled" else None
    return render(
        request, "events/rsvp.html", None, status=410, invalid=True, closed=True,
        cancelled=cancelled,
    )  # fmt: skip


@router.get("/rsvp/{token}", response_class=HTMLResponse)
def rsvp_page(request: Request, token: str, done: str = "") -> Response:
    state = state_of(request)
    if len(token) > 300:
        return render(request, "events/rsvp.html", None, status=404, invalid=True)
    try:
        with state.factory.begin() as session:
            rsvp = view(session, state.secret, token)
    except LinkClosed as exc:
        return _closed(request, exc)
    except SazonError:
        return render(request, "events/rsvp.html", None, status=404, invalid=True)
    response = render(
        request, "events/rsvp.html", None, rsvp=rsvp, token=token, done=done,
        form_csrf=csrf_for(state.secret, token),
    )  # fmt: skip
    response.headers["cache-control"] = "no-store"
    return response


@router.post("/rsvp/{token}", response_class=HTMLResponse)
async def rsvp_answer(request: Request, token: str) -> Response:
    state = state_of(request)
    form = await request.form()
    if (
        len(token) > 300
        or not _same_origin(request)
        or not check_csrf(state.secret, token, str(form.get("csrf") or ""))
    ):
        expired = translate(page_lang(request))["csrf"]
        return render(request, "events/rsvp.html", None, status=403, invalid=True, error=expired)
    attending = str(form.get("attending") or "") == "yes"
    restrictions = str(form.get("restrictions") or "")
    try:
        with state.factory.begin() as session:
            answer(
                session, state.kb, state.secret, token, attending=attending,
                restrictions=restrictions,
            )  # fmt: skip
    except LinkClosed as exc:
        return _closed(request, exc)
    except SazonError:
        return render(request, "events/rsvp.html", None, status=404, invalid=True)
    return RedirectResponse(f"/rsvp/{token}?done={'yes' if attending else 'no'}", 303)
