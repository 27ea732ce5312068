"""Calling an event off (a confirm page, with a warning when its date has passed) and
reminding the guests who have not answered.

Thin like every page: each handler calls the ``sazon.events`` functions the API and the CLI
call (``cancel_event``, ``record_reminders``).
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from sazon.access import PLANNERS, Principal
from sazon.api import ApiState, Id
from sazon.errors import SazonError
from sazon.events import cancel_event, event_dict, get_event, record_reminders
from sazon.web.common import caller, posted, render, state_of
from sazon.web.tools.events import event_action, event_error

router = APIRouter(include_in_schema=False)


@router.get("/tools/events/{event_id}/cancel", response_class=HTMLResponse)
def cancel_page(request: Request, event_id: Id) -> Response:
    """The confirm step: what cancelling does, and a warning when the date has passed."""
    principal = caller(request, PLANNERS)
    if isinstance(principal, Response):
        return principal
    with state_of(request).factory() as session:
        try:
            facts = event_dict(session, get_event(session, event_id))
        except SazonError:
            return render(request, "notfound.html", principal, status=404)
    if facts["status"] == "cancelled":
        return RedirectResponse(f"/tools/events/{event_id}", 303)
    return render(request, "events/cancel.html", principal, event=facts)


@router.post("/tools/events/{event_id}/cancel", response_class=HTMLResponse)
async def cancel_action(request: Request, event_id: Id) -> Response:
    got = await posted(request, PLANNERS, f"/tools/events/{event_id}/cancel")
    if isinstance(got, Response):
        return got
    principal, form = got
    try:
        with state_of(request).factory.begin() as session:
            # The confirm page sends past_ok only when it showed the past-date warning.
            cancel_event(
                session, event_id, principal, past_ok=form.get("past_ok") == "yes", detail="web"
            )
    except SazonError as exc:
        return event_error(request, principal, event_id, exc)
    return RedirectResponse(f"/tools/events/{event_id}?msg=cancelled", 303)


@router.post("/tools/events/{event_id}/reminders", response_class=HTMLResponse)
async def remind_action(request: Request, event_id: Id) -> Response:
    """Prepare a reminder for every guest who has not answered (stored as now); each shows in
    the reminders list with its WhatsApp and e-mail actions."""

    def act(session: Any, state: ApiState, principal: Principal) -> str:
        n = record_reminders(session, state.secret, event_id, principal, detail="web: remind")
        return f"/tools/events/{event_id}?msg=reminded&n={n}#reminders"

    return await event_action(request, event_id, act)
