"""The event planner's pages: events, guests, plan, hand adjustments, print sheets.

Thin like every page: each handler calls the ``sazon.events`` functions the API calls. The
guest's RSVP page is ``sazon.web.tools.rsvp``.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError

from sazon.access import PLANNERS, Principal, audit_read, can_read_health
from sazon.api import Id
from sazon.errors import SazonError
from sazon.events import (
    EventCreate,
    Plan,
    PlanDiff,
    PlanOptions,
    audit_plan_read,
    course_names,
    create_event,
    default_generator,
    default_matcher,
    event_dict,
    get_event,
    invitations,
    invite_guests,
    latest_plan_row,
    list_events,
    locks_of,
    plan_event,
    plan_staleness,
    remove_lock,
    restrictions_in_words,
    send_rsvp_link,
    set_lock,
)
from sazon.money import parse_soles
from sazon.store.catalog import dishes_by_id, venues_by_name
from sazon.store.guests import search_guests
from sazon.web.common import (
    allowed,
    csrf_ok,
    page_lang,
    principal_of,
    render,
    state_of,
)

if TYPE_CHECKING:
    from sazon.store.models import Dish

router = APIRouter(include_in_schema=False)
PRINT_PAGES = {"kitchen": "events/kitchen.html", "menu-card": "events/menu_card.html"}


def _who(request: Request) -> tuple[Principal | None, Response | None]:
    return allowed(request, PLANNERS)


def _actor(p: Principal) -> str:
    return f"{p.name} ({p.role})"


@router.get("/tools/events", response_class=HTMLResponse)
def events_page(request: Request) -> Response:
    principal, stop = _who(request)
    if stop:
        return stop
    with state_of(request).factory() as session:
        items = [event_dict(session, e) for e in list_events(session)]
    return render(request, "events/list.html", principal, items=items)


@router.get("/tools/events/new", response_class=HTMLResponse)
def new_page(request: Request) -> Response:
    principal, stop = _who(request)
    if stop:
        return stop
    with state_of(request).factory() as session:
        venues = venues_by_name(session)
    return render(request, "events/new.html", principal, venues=venues, form={})


def _decimal(text: str) -> Decimal | None:
    if not text.strip():
        return None
    try:
        return parse_soles(text)
    except ValueError:
        raise SazonError(
            f"'{text}' no es un monto en soles (por ejemplo: S/ 120 o 85,50)"
        ) from None


@router.post("/tools/events/new", response_class=HTMLResponse)
async def create_page(request: Request) -> Response:
    principal, stop = _who(request)
    if stop:
        return stop
    form = {k: str(v) for k, v in (await request.form()).items()}
    state = state_of(request)
    if not csrf_ok(request, form.get("csrf")):
        return RedirectResponse("/tools/events/new", 303)
    try:
        data = EventCreate(
            name=form.get("name", ""),
            event_type=form.get("event_type") or "cena",
            starts_at=datetime.fromisoformat(form.get("starts_at", "")),
            venue_id=int(form["venue_id"]) if form.get("venue_id") else None,
            capacity=int(form["capacity"]) if form.get("capacity") else None,
            budget_per_guest_pen=_decimal(form.get("budget", "")),
            courses=[c for c in form.get("courses", "").split(",") if c.strip()] or ["entrada"],
        )
        with state.factory.begin() as session:
            event_id = create_event(session, data).id
    except (SazonError, ValueError) as exc:
        with state.factory() as session:
            venues = venues_by_name(session)
        message = exc.message if isinstance(exc, SazonError) else str(exc).splitlines()[0]
        return render(
            request, "events/new.html", principal, status=422, venues=venues, form=form,
            error=message,
        )  # fmt: skip
    return RedirectResponse(f"/tools/events/{event_id}", 303)


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
    with state.factory() as session:
        event = get_event(session, event_id)
        invited = [
            {"invitation_id": inv.id, "guest_id": g.id, "name": g.full_name, "status": inv.status}
            for inv, g in invitations(session, event_id)
        ]
        held = locks_of(session, event_id)
        dishes = {
            i: d.name_es for i, d in dishes_by_id(session, [lk.dish_id for lk in held]).items()
        }
        locks = [
            {"id": lk.id, "course": lk.course, "dish": dishes.get(lk.dish_id, lk.dish_id),
             "guest_id": lk.guest_id}
            for lk in held
        ]  # fmt: skip
        return {
            "event": event_dict(session, event),
            "invited": invited,
            "found": [],
            "q": q,
            "locks": locks,
        }


@router.get("/tools/events/{event_id}", response_class=HTMLResponse)
def event_page(request: Request, event_id: Id, q: str = "", msg: str = "") -> Response:
    principal, stop = _who(request)
    if stop:
        return stop
    try:
        ctx = _event_context(request, event_id, q)
    except SazonError:
        return render(request, "notfound.html", principal, status=404)
    if q:
        assert principal is not None
        ctx["found"] = _found(request, principal, q, {i["guest_id"] for i in ctx["invited"]})
    return render(request, "events/event.html", principal, msg=msg, **ctx)


@router.post("/tools/events/{event_id}/invite", response_class=HTMLResponse)
async def invite_page(request: Request, event_id: Id) -> Response:
    principal, stop = _who(request)
    if stop:
        return stop
    form = await request.form()
    if not csrf_ok(request, str(form.get("csrf") or "")):
        return RedirectResponse(f"/tools/events/{event_id}", 303)
    ids = [int(str(v)) for v in form.getlist("guest_id") if str(v).isdigit()]
    try:
        with state_of(request).factory.begin() as session:
            invite_guests(session, event_id, ids)
    except SazonError as exc:
        ctx = _event_context(request, event_id)
        return render(request, "events/event.html", principal, status=422, error=exc.message, **ctx)
    return RedirectResponse(f"/tools/events/{event_id}?msg=invited", 303)


@router.post(
    "/tools/events/{event_id}/invitations/{invitation_id}/link", response_class=HTMLResponse
)
async def link_page(request: Request, event_id: Id, invitation_id: Id) -> Response:
    principal, stop = _who(request)
    if stop:
        return stop
    assert principal is not None
    form = await request.form()
    if not csrf_ok(request, str(form.get("csrf") or "")):
        return RedirectResponse(f"/tools/events/{event_id}", 303)
    state = state_of(request)
    try:
        with state.factory.begin() as session:
            token = send_rsvp_link(
                session, state.secret, event_id, invitation_id, principal, detail="web"
            )
    except SazonError as exc:
        ctx = _event_context(request, event_id)
        return render(request, "events/event.html", principal, status=422, error=exc.message, **ctx)
    ctx = _event_context(request, event_id)
    link = f"{str(request.base_url).rstrip('/')}/rsvp/{token}"
    return render(request, "events/event.html", principal, link=link, link_for=invitation_id, **ctx)


@router.post("/tools/events/{event_id}/plan", response_class=HTMLResponse)
async def plan_action(request: Request, event_id: Id) -> Response:
    principal, stop = _who(request)
    if stop:
        return stop
    assert principal is not None
    form = await request.form()
    if not csrf_ok(request, str(form.get("csrf") or "")):
        return RedirectResponse(f"/tools/events/{event_id}", 303)
    state = state_of(request)
    k = str(form.get("max_dishes") or "")
    mode = str(form.get("wine_mode") or "")
    try:
        options = PlanOptions.model_validate(
            {
                "max_dishes_per_course": int(k) if k.isdigit() and 1 <= int(k) <= 50 else None,
                "lang": "en" if page_lang(request) == "en" else "es",
                "wine_mode": mode or None,
                "drinks_budget_per_guest_pen": _decimal(str(form.get("drinks_budget") or "")),
            }
        )
        with state.factory.begin() as session:
            plan_event(
                session, state.kb, event_id, options, actor=_actor(principal),
                matcher=default_matcher(state.settings),
                generator=default_generator(state.settings),
            )  # fmt: skip
    except ValidationError as exc:
        first = exc.errors()[0]
        message = f"{'.'.join(str(x) for x in first['loc'])}: {first['msg']}"
        ctx = _event_context(request, event_id)
        return render(request, "events/event.html", principal, status=422, error=message, **ctx)
    except SazonError as exc:
        ctx = _event_context(request, event_id)
        return render(request, "events/event.html", principal, status=422, error=exc.message, **ctx)
    return RedirectResponse(f"/tools/events/{event_id}/plan?msg=planned", 303)


def _plan_context(request: Request, event_id: int) -> dict[str, Any] | None:
    principal = principal_of(request)
    state = state_of(request)
    with state.factory.begin() as session:
        event = get_event(session, event_id)
        row = latest_plan_row(session, event_id)
        if row is None:
            return None
        plan = Plan.model_validate(row.plan)
        if principal is not None:
            audit_plan_read(session, principal, plan, None, where="web")
        wanted = [int(x) for x in row.request.get("dish_ids", [])]
        dishes = {str(i): d for i, d in dishes_by_id(session, wanted).items()}
        menu_by_course: dict[str, list[Dish]] = {}
        for d in dishes.values():
            menu_by_course.setdefault(d.course, []).append(d)
        diff = PlanDiff.model_validate(row.diff) if row.diff else None
        lang = page_lang(request)
        # Checked on every read: a kitchen sheet must not serve what a guest can no longer eat.
        stale = plan_staleness(session, event, row, plan).notes("en" if lang == "en" else "es")
        names = course_names(list(event.courses), lang)
        plates: dict[str, dict[str, Any]] = {}
        for a in plan.assignments:
            plates.setdefault(a.guest_id, {})[a.course] = a
        for u in plan.unserved:
            plates.setdefault(u.guest_id, {})[u.course] = u
        return {
            "event": event_dict(session, event),
            "row": {
                "id": row.id,
                "version": row.version,
                "trigger": row.trigger,
                "why": row.reason,
                "created_by": row.created_by,
            },
            "plan": plan,
            "plates": plates,
            "course_names": names,
            "dishes": dishes,
            "menu_by_course": menu_by_course,
            "diff": diff,
            "subs": [a for a in plan.assignments if a.substitution],
            "locks": locks_of(session, event_id),
            "guest_names": {g.guest_id: g.name or g.guest_id for g in plan.guests},
            "stale": stale,
        }


@router.get("/tools/events/{event_id}/plan", response_class=HTMLResponse)
def plan_page(request: Request, event_id: Id, msg: str = "") -> Response:
    principal, stop = _who(request)
    if stop:
        return stop
    try:
        ctx = _plan_context(request, event_id)
    except SazonError:
        return render(request, "notfound.html", principal, status=404)
    if ctx is None:
        return RedirectResponse(f"/tools/events/{event_id}", 303)
    return render(request, "events/plan.html", principal, msg=msg, **ctx)


@router.get("/tools/events/{event_id}/{sheet}", response_class=HTMLResponse)
def print_page(request: Request, event_id: Id, sheet: str) -> Response:
    principal, stop = _who(request)
    if stop:
        return stop
    if sheet not in PRINT_PAGES:
        return render(request, "notfound.html", principal, status=404)
    try:
        ctx = _plan_context(request, event_id)
    except SazonError:
        return render(request, "notfound.html", principal, status=404)
    if ctx is None:
        return RedirectResponse(f"/tools/events/{event_id}", 303)
    return render(request, PRINT_PAGES[sheet], principal, **ctx)


@router.post("/tools/events/{event_id}/locks", response_class=HTMLResponse)
async def lock_action(request: Request, event_id: Id) -> Response:
    principal, stop = _who(request)
    if stop:
        return stop
    assert principal is not None
    form = await request.form()
    if not csrf_ok(request, str(form.get("csrf") or "")):
        return RedirectResponse(f"/tools/events/{event_id}/plan", 303)
    try:
        dish_id = int(str(form.get("dish_id") or "0"))
        guest = str(form.get("guest_id") or "")
        with state_of(request).factory.begin() as session:
            set_lock(
                session, event_id, str(form.get("course") or ""), dish_id,
                int(guest) if guest.isdigit() else None, actor=_actor(principal),
            )  # fmt: skip
    except (SazonError, ValueError) as exc:
        message = exc.message if isinstance(exc, SazonError) else "dato inválido"
        ctx = _plan_context(request, event_id) or {}
        return render(request, "events/plan.html", principal, status=422, error=message, **ctx)
    return RedirectResponse(f"/tools/events/{event_id}/plan?msg=locked", 303)


@router.post("/tools/events/{event_id}/locks/{lock_id}/delete", response_class=HTMLResponse)
async def unlock_action(request: Request, event_id: Id, lock_id: Id) -> Response:
    _principal, stop = _who(request)
    if stop:
        return stop
    form = await request.form()
    if csrf_ok(request, str(form.get("csrf") or "")):
        try:
            with state_of(request).factory.begin() as session:
                remove_lock(session, event_id, lock_id)
        except SazonError:
            pass
    return RedirectResponse(f"/tools/events/{event_id}", 303)
