"""Changing an event's guest list (take a guest off, put another in their seat), each with
a confirm step, and the event's guests as a CSV or Excel file.

Thin like every page: each handler calls the ``sazon.events`` function the API and the CLI
call (``remove_guest``, ``replace_guest``, ``event_guest_file``); the plan is made again by
the re-plan worker, as after an RSVP.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from sazon.access import EVENT_GUEST_READERS, PLANNERS, Principal
from sazon.api import ApiState, Id
from sazon.errors import SazonError
from sazon.events import (
    event_dict,
    event_guest_file,
    get_event,
    invitation_of,
    invitations,
    names_for,
    remove_guest,
    replace_guest,
)
from sazon.web.common import caller, page_lang, render, state_of
from sazon.web.tools.events import _found, event_action

router = APIRouter(include_in_schema=False)
_BASE = "/tools/events/{event_id}/invitations/{invitation_id}"


def _change_page(
    request: Request, event_id: int, invitation_id: int, mode: str, q: str = ""
) -> Response:
    """The confirm step of a change: who leaves, what happens, and for a replacement the
    guests to choose from."""
    principal = caller(request, PLANNERS)
    if isinstance(principal, Response):
        return principal
    with state_of(request).factory() as session:
        try:
            event = event_dict(session, get_event(session, event_id))
            inv = invitation_of(session, event_id, invitation_id)
        except SazonError:
            return render(request, "notfound.html", principal, status=404)
        gid = str(inv.guest_id)
        leaving = {"name": names_for(session, [gid]).get(gid, ""), "status": inv.status}
        # Who is on the list already cannot take the seat (a guest taken off may come back).
        taken = {g.id for i, g in invitations(session, event_id) if i.status != "cancelled"}
    found = []
    if mode == "replace" and q:
        found = _found(request, principal, q, taken)
    return render(
        request, "events/guest_change.html", principal, event=event, mode=mode, q=q,
        invitation_id=invitation_id, leaving=leaving, found=found,
    )  # fmt: skip


@router.get(_BASE + "/remove", response_class=HTMLResponse)
def remove_page(request: Request, event_id: Id, invitation_id: Id) -> Response:
    return _change_page(request, event_id, invitation_id, "remove")


@router.get(_BASE + "/replace", response_class=HTMLResponse)
def replace_page(request: Request, event_id: Id, invitation_id: Id, q: str = "") -> Response:
    return _change_page(request, event_id, invitation_id, "replace", q[:100])


def _back(event_id: int, msg: str, session: Any, guest_id: int) -> str:
    who = names_for(session, [str(guest_id)]).get(str(guest_id), "")
    return f"/tools/events/{event_id}?{urlencode({'msg': msg, 'who': who})}#invitations"


@router.post(_BASE + "/remove", response_class=HTMLResponse)
async def remove_action(request: Request, event_id: Id, invitation_id: Id) -> Response:
    def act(session: Any, state: ApiState, principal: Principal) -> str:
        change = remove_guest(session, event_id, invitation_id, principal, detail="web")
        return _back(event_id, "removed", session, change.removed.guest_id)

    return await event_action(request, event_id, act)


@router.post(_BASE + "/replace", response_class=HTMLResponse)
async def replace_action(request: Request, event_id: Id, invitation_id: Id) -> Response:
    form = await request.form()
    chosen = str(form.get("guest_id") or "")
    if not chosen.isdigit():  # nobody chosen: the page again, asking for someone
        return RedirectResponse(
            f"/tools/events/{event_id}/invitations/{invitation_id}/replace", 303
        )

    def act(session: Any, state: ApiState, principal: Principal) -> str:
        change = replace_guest(session, event_id, invitation_id, int(chosen), principal,
                               detail="web")  # fmt: skip
        assert change.added is not None
        return _back(event_id, "replaced", session, change.added.guest_id)

    return await event_action(request, event_id, act)


@router.get("/tools/events/{event_id}/guests.{fmt}", include_in_schema=False)
def guests_file(request: Request, event_id: Id, fmt: str) -> Response:
    """The event's guests as a CSV or Excel file, with the columns the caller's role may see
    (marketing: names and answers, no health data)."""
    principal = caller(request, EVENT_GUEST_READERS)
    if isinstance(principal, Response):
        return principal
    state = state_of(request)
    try:
        with state.factory.begin() as session:
            file = event_guest_file(
                session, state.kb, event_id, principal, fmt, lang=page_lang(request), face="web"
            )
    except SazonError:
        return render(request, "notfound.html", principal, status=404)
    where = f'attachment; filename="{file.filename}"'
    return Response(file.content, media_type=file.media_type,
                    headers={"Content-Disposition": where})  # fmt: skip
