"""The event planner's pages: the events, one event with its guests and their RSVP links,
creating and editing an event. The plan, its hand adjustments and the print sheets are
``sazon.web.tools.event_plan``; the guest's RSVP page is ``sazon.web.tools.rsvp``.

Thin like every page: each handler calls the ``sazon.events`` functions the API calls.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from sazon.access import PLANNERS, Principal, audit_read, can_read_health
from sazon.api import ApiState, Id
from sazon.errors import SazonError
from sazon.events import (
    EventCreate,
    EventUpdate,
    course_names,
    create_event,
    current_links,
    event_dict,
    get_event,
    invitation_of,
    invitations,
    invite_guests,
    list_events,
    locks_of,
    names_for,
    pending_answers,
    restrictions_in_words,
    send_all_links,
    send_rsvp_link,
    update_event,
)
from sazon.money import parse_soles
from sazon.store.catalog import dishes_by_id, venues_by_name
from sazon.store.guests import search_guests
from sazon.timeutil import to_lima
from sazon.web.common import caller, page_lang, posted, render, state_of
from sazon.web.i18n import translate
from sazon.web.words.event_errors import error_text
from sazon.web.words.event_flow import reminder_actions
from sazon.web.words.invite import send_actions

router = APIRouter(include_in_schema=False)
SEATED = ("invited", "confirmed", "attended", "no_show")  # as sazon.events counts capacity


def _who(request: Request) -> Principal | Response:
    return caller(request, PLANNERS)


def actor(p: Principal) -> str:
    return f"{p.name} ({p.role})"


def money(text: str) -> Decimal | None:
    """A form's amount in soles (S/ 120, 85,50), None when left empty."""
    if not text.strip():
        return None
    try:
        return parse_soles(text)
    except ValueError:
        raise SazonError(
            f"'{text}' no es un monto en soles (por ejemplo: S/ 120 o 85,50)"
        ) from None


@router.get("/tools/events", response_class=HTMLResponse)
def events_page(request: Request) -> Response:
    principal = _who(request)
    if isinstance(principal, Response):
        return principal
    with state_of(request).factory() as session:
        items = [event_dict(session, e) for e in list_events(session)]
    return render(request, "events/list.html", principal, items=items)


@router.get("/tools/events/new", response_class=HTMLResponse)
def new_page(request: Request) -> Response:
    principal = _who(request)
    if isinstance(principal, Response):
        return principal
    with state_of(request).factory() as session:
        venues = venues_by_name(session)
    return render(request, "events/new.html", principal, venues=venues, form={})


def _fields(form: dict[str, str]) -> dict[str, Any]:
    """The event form's fields as the tool reads them (an empty date is a ValueError)."""
    return {
        "name": form.get("name", ""),
        "event_type": form.get("event_type") or "cena",
        "starts_at": datetime.fromisoformat(form.get("starts_at", "")),
        "venue_id": int(form["venue_id"]) if form.get("venue_id") else None,
        "capacity": int(form["capacity"]) if form.get("capacity") else None,
        "budget_per_guest_pen": money(form.get("budget", "")),
        "courses": [c for c in form.get("courses", "").split(",") if c.strip()] or ["entrada"],
    }


def _form_page(
    request: Request,
    principal: Principal | None,
    form: dict[str, str],
    event_id: int | None,
    error: str,
) -> Response:
    with state_of(request).factory() as session:
        venues = venues_by_name(session)
    return render(
        request, "events/new.html", principal, status=422, venues=venues, form=form,
        error=error, event_id=event_id,
    )  # fmt: skip


@router.post("/tools/events/new", response_class=HTMLResponse)
async def create_page(request: Request) -> Response:
    got = await posted(request, PLANNERS, "/tools/events/new")
    if isinstance(got, Response):
        return got
    principal, raw = got
    form = {k: str(v) for k, v in raw.items()}
    try:
        data = EventCreate(**_fields(form))
        with state_of(request).factory.begin() as session:
            event_id = create_event(session, data).id
    except (SazonError, ValueError) as exc:
        t = translate(page_lang(request))
        return _form_page(request, principal, form, None, error_text(exc, t))
    return RedirectResponse(f"/tools/events/{event_id}", 303)


@router.get("/tools/events/{event_id}/edit", response_class=HTMLResponse)
def edit_page(request: Request, event_id: Id) -> Response:
    principal = _who(request)
    if isinstance(principal, Response):
        return principal
    with state_of(request).factory() as session:
        try:
            event = get_event(session, event_id)
        except SazonError:
            return render(request, "notfound.html", principal, status=404)
        venues = venues_by_name(session)
        form = {
            "name": event.name,
            "event_type": event.event_type,
            "starts_at": to_lima(event.starts_at).strftime("%Y-%m-%dT%H:%M"),
            "venue_id": str(event.venue_id or ""),
            "capacity": str(event.capacity or ""),
            "budget": str(event.budget_per_guest_pen or ""),
            "courses": ",".join(event.courses),
            "notes": event.notes or "",
        }
    return render(
        request, "events/new.html", principal, venues=venues, form=form, event_id=event_id
    )


@router.post("/tools/events/{event_id}/edit", response_class=HTMLResponse)
async def save_page(request: Request, event_id: Id) -> Response:
    got = await posted(request, PLANNERS, f"/tools/events/{event_id}/edit")
    if isinstance(got, Response):
        return got
    principal, raw = got
    form = {k: str(v) for k, v in raw.items()}
    try:
        fields = _fields(form) | {"notes": form.get("notes", "").strip() or None}
        data = EventUpdate(**fields)
        with state_of(request).factory.begin() as session:
            # A date moved into the past is refused here (the API may record a past one).
            update_event(session, event_id, data, allow_past=False)
    except (SazonError, ValueError) as exc:
        t = translate(page_lang(request))
        return _form_page(request, principal, form, event_id, error_text(exc, t))
    return RedirectResponse(f"/tools/events/{event_id}?msg=saved", 303)


def _found(request: Request, principal: Principal, q: str, taken: set[int]) -> list[dict[str, Any]]:
    """The guest picker's results, each with their restrictions as the planner reads them
    (only for the roles that may read health data; the read is audited like the list's)."""
    state = state_of(request)
    health = can_read_health(principal.role)
    lang = page_lang(request)
    with state.factory.begin() as session:
        guests = [g for g in search_guests(session, q[:100], limit=25).items if g.id not in taken]
        found = [
            {
                "id": g.id,
                "name": g.full_name,
                "email": g.email,
                "restrictions": restrictions_in_words(g, state.kb, lang) if health else None,
            }
            for g in guests
        ]
        if health and guests:
            audit_read(session, principal, "guest.list", [g.id for g in guests], "web", None)
    return found


def _event_context(request: Request, event_id: int, q: str = "") -> dict[str, Any]:
    state = state_of(request)
    base = str(request.base_url).rstrip("/")
    with state.factory() as session:
        event = get_event(session, event_id)
        facts = event_dict(session, event)
        links = current_links(session, state.secret, event_id)
        invited = []
        for inv, g in invitations(session, event_id):
            link = links.get(inv.id)
            send = None
            if link is not None:
                send = send_actions(
                    url=f"{base}/rsvp/{link.token}", first_name=(g.first_name or "").split(" ")[0],
                    event=event.name, starts_at=facts["starts_at"], venue=facts["venue"],
                    phone=g.phone, email=g.email, lang=g.language or "es",
                )  # fmt: skip
            invited.append(
                {"invitation_id": inv.id, "guest_id": g.id, "name": g.full_name,
                 "phone": g.phone, "status": inv.status, "link": link, "send": send}
            )  # fmt: skip
        held = locks_of(session, event_id)
        dishes = {
            i: d.name_es for i, d in dishes_by_id(session, [lk.dish_id for lk in held]).items()
        }
        names = {i["guest_id"]: i["name"] for i in invited}
        locks = [
            {"id": lk.id, "course": lk.course, "dish": dishes.get(lk.dish_id, lk.dish_id),
             "guest": names.get(lk.guest_id, lk.guest_id) if lk.guest_id else None}
            for lk in held
        ]  # fmt: skip
        pending = [
            {"guest": p, "send": reminder_actions(
                url=f"{base}/rsvp/{p.token}", first_name=p.first_name, event=event.name,
                starts_at=facts["starts_at"], venue=facts["venue"], phone=p.phone,
                email=p.email, lang=p.language,
            ) if p.token else None}
            for p in pending_answers(session, state.secret, event_id)
        ]  # fmt: skip
        return {
            "event": facts,
            "invited": invited,
            "pending": pending,
            "seated": sum(1 for i in invited if i["status"] in SEATED),
            "found": [],
            "q": q,
            "locks": locks,
            "course_names": course_names(list(event.courses), page_lang(request)),
        }


@router.get("/tools/events/{event_id}", response_class=HTMLResponse)
def event_page(
    request: Request, event_id: Id, q: str = "", msg: str = "", n: int = 0, who: str = ""
) -> Response:
    principal = _who(request)
    if isinstance(principal, Response):
        return principal
    try:
        ctx = _event_context(request, event_id, q)
    except SazonError:
        return render(request, "notfound.html", principal, status=404)
    if q:
        assert principal is not None
        # A guest taken off the list (cancelled) may be found and invited again.
        taken = {i["guest_id"] for i in ctx["invited"] if i["status"] != "cancelled"}
        ctx["found"] = _found(request, principal, q, taken)
    return render(
        request, "events/event.html", principal, msg=msg, made=n, made_for=who[:200], **ctx
    )


def event_error(
    request: Request, principal: Principal | None, event_id: int, exc: Exception
) -> Response:
    t = translate(page_lang(request))
    ctx = _event_context(request, event_id)
    return render(
        request, "events/event.html", principal, status=422, error=error_text(exc, t), **ctx
    )


async def event_action(
    request: Request, event_id: int, act: Callable[[Any, ApiState, Principal], str]
) -> Response:
    """A planner's action on the event page: the checked POST, ``act`` in one transaction
    (its session typed ``Any``: a face names no store type), then the page it returns (a
    URL), or the event page with the refusal in words."""
    got = await posted(request, PLANNERS, f"/tools/events/{event_id}")
    if isinstance(got, Response):
        return got
    principal, _form = got
    state = state_of(request)
    try:
        with state.factory.begin() as session:
            target = act(session, state, principal)
    except SazonError as exc:
        return event_error(request, principal, event_id, exc)
    return RedirectResponse(target, 303)


@router.post("/tools/events/{event_id}/invite", response_class=HTMLResponse)
async def invite_page(request: Request, event_id: Id) -> Response:
    got = await posted(request, PLANNERS, f"/tools/events/{event_id}")
    if isinstance(got, Response):
        return got
    principal, form = got
    ids = [int(str(v)) for v in form.getlist("guest_id") if str(v).isdigit()]
    try:
        with state_of(request).factory.begin() as session:
            invite_guests(session, event_id, ids)
    except SazonError as exc:
        return event_error(request, principal, event_id, exc)
    return RedirectResponse(f"/tools/events/{event_id}?msg=invited", 303)


@router.post(
    "/tools/events/{event_id}/invitations/{invitation_id}/link", response_class=HTMLResponse
)
async def link_page(request: Request, event_id: Id, invitation_id: Id) -> Response:
    """A new link for one guest (the old one stops working): it shows in their row."""

    def act(session: Any, state: ApiState, principal: Principal) -> str:
        send_rsvp_link(session, state.secret, event_id, invitation_id, principal, detail="web")
        gid = str(invitation_of(session, event_id, invitation_id).guest_id)
        query = urlencode({"msg": "link", "who": names_for(session, [gid]).get(gid, "")})
        return f"/tools/events/{event_id}?{query}#inv-{invitation_id}"

    return await event_action(request, event_id, act)


@router.post("/tools/events/{event_id}/links", response_class=HTMLResponse)
async def all_links_page(request: Request, event_id: Id) -> Response:
    """Every invited guest's link in one action; each shows in its guest's row."""

    def act(session: Any, state: ApiState, principal: Principal) -> str:
        made = send_all_links(session, state.secret, event_id, principal, detail="web: all")
        return f"/tools/events/{event_id}?msg=links&n={made}#invitations"

    return await event_action(request, event_id, act)
