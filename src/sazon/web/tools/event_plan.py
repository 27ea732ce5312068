"""An event's plan on the web: planning it, reading it, fixing dishes by hand (which re-plans
at once), and the print sheets (kitchen sheet, menu card).

Thin like every page: each handler calls the ``sazon.events`` functions the API calls.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError

from sazon.access import PLANNERS
from sazon.api import Id
from sazon.errors import SazonError
from sazon.events import (
    Plan,
    PlanDiff,
    PlanOptions,
    audit_plan_read,
    course_names,
    default_generator,
    default_matcher,
    event_dict,
    get_event,
    latest_plan_row,
    lock_and_replan,
    locks_of,
    name_guests,
    plan_event,
    plan_guest_names,
    plan_staleness,
    unlock_and_replan,
    why_words,
)
from sazon.store.catalog import dishes_by_id
from sazon.web.common import caller, page_lang, posted, principal_of, render, state_of
from sazon.web.i18n import translate
from sazon.web.tools.events import actor, event_error, money
from sazon.web.words.event_errors import error_text

if TYPE_CHECKING:
    from sazon.store.models import Dish

router = APIRouter(include_in_schema=False)
PRINT_PAGES = {"kitchen": "events/kitchen.html", "menu-card": "events/menu_card.html"}


@router.post("/tools/events/{event_id}/plan", response_class=HTMLResponse)
async def plan_action(request: Request, event_id: Id) -> Response:
    got = await posted(request, PLANNERS, f"/tools/events/{event_id}")
    if isinstance(got, Response):
        return got
    principal, form = got
    state = state_of(request)
    k = str(form.get("max_dishes") or "")
    mode = str(form.get("wine_mode") or "")
    try:
        options = PlanOptions.model_validate(
            {
                "max_dishes_per_course": int(k) if k.isdigit() and 1 <= int(k) <= 50 else None,
                "lang": "en" if page_lang(request) == "en" else "es",
                "wine_mode": mode or None,
                "drinks_budget_per_guest_pen": money(str(form.get("drinks_budget") or "")),
            }
        )
        with state.factory.begin() as session:
            plan_event(
                session, state.kb, event_id, options, actor=actor(principal),
                matcher=default_matcher(state.settings),
                generator=default_generator(state.settings),
            )  # fmt: skip
    except (ValidationError, SazonError) as exc:
        return event_error(request, principal, event_id, exc)
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
        names = plan_guest_names(session, plan, diff, row.reason)
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
                "created_by": row.created_by,
            },
            "plan": plan,
            "plates": plates,
            "course_names": course_names(list(event.courses), lang),
            "dishes": dishes,
            "menu_by_course": menu_by_course,
            "diff": diff,
            "subs": [a for a in plan.assignments if a.substitution],
            "locks": locks_of(session, event_id),
            "guest_names": names,
            "name_guests": name_guests,
            "why": why_words(row.reason, names, lang),
            "stale": stale,
        }


@router.get("/tools/events/{event_id}/plan", response_class=HTMLResponse)
def plan_page(request: Request, event_id: Id, msg: str = "") -> Response:
    principal = caller(request, PLANNERS)
    if isinstance(principal, Response):
        return principal
    try:
        ctx = _plan_context(request, event_id)
    except SazonError:
        return render(request, "notfound.html", principal, status=404)
    if ctx is None:
        return RedirectResponse(f"/tools/events/{event_id}", 303)
    return render(request, "events/plan.html", principal, msg=msg, **ctx)


@router.get("/tools/events/{event_id}/{sheet}", response_class=HTMLResponse)
def print_page(request: Request, event_id: Id, sheet: str) -> Response:
    principal = caller(request, PLANNERS)
    if isinstance(principal, Response):
        return principal
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
    """Fix a dish; with a plan, the plan is made again at once and the page says so."""
    got = await posted(request, PLANNERS, f"/tools/events/{event_id}/plan")
    if isinstance(got, Response):
        return got
    principal, form = got
    state = state_of(request)
    try:
        dish_id = int(str(form.get("dish_id") or "0"))
        guest = str(form.get("guest_id") or "")
        with state.factory.begin() as session:
            result = lock_and_replan(
                session, state.kb, event_id, str(form.get("course") or ""), dish_id,
                int(guest) if guest.isdigit() else None, actor=actor(principal),
                matcher=default_matcher(state.settings),
                generator=default_generator(state.settings),
            )  # fmt: skip
    except (SazonError, ValueError) as exc:
        message = error_text(exc, translate(page_lang(request)))
        ctx = _plan_context(request, event_id) or {}
        if not ctx:
            return RedirectResponse(f"/tools/events/{event_id}", 303)
        return render(request, "events/plan.html", principal, status=422, error=message, **ctx)
    if result is None:
        return RedirectResponse(f"/tools/events/{event_id}?msg=locked", 303)
    return RedirectResponse(f"/tools/events/{event_id}/plan?msg=locked", 303)


@router.post("/tools/events/{event_id}/locks/{lock_id}/delete", response_class=HTMLResponse)
async def unlock_action(request: Request, event_id: Id, lock_id: Id) -> Response:
    got = await posted(request, PLANNERS, f"/tools/events/{event_id}")
    if isinstance(got, Response):
        return got
    principal, _form = got
    state = state_of(request)
    try:
        with state.factory.begin() as session:
            result = unlock_and_replan(
                session, state.kb, event_id, lock_id, actor=actor(principal),
                matcher=default_matcher(state.settings),
                generator=default_generator(state.settings),
            )  # fmt: skip
    except SazonError:
        return RedirectResponse(f"/tools/events/{event_id}", 303)
    if result is None:
        return RedirectResponse(f"/tools/events/{event_id}", 303)
    return RedirectResponse(f"/tools/events/{event_id}/plan?msg=unlocked", 303)
