"""Events: CRUD, invitations and RSVP links, plans (versions, diffs), locks, guests' needs.

Only planners, coordinators and admins use these. A plan names every guest's restrictions
in its reasons, so each read is audited per guest (Ley 29733), as guest reads are.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any, Literal

from fastapi import Depends, Query, Request, Response, status
from pydantic import BaseModel, Field

from sazon.access import ADMINS, PLANNERS, Principal, audit
from sazon.api.contract import raises
from sazon.api.deps import MAX_ID, Id, SessionDep, StateDep, reader_lang, request_id, require
from sazon.api.onehop import ApiRouter
from sazon.api.schemas import BODY, INTEGRAL
from sazon.errors import Conflict, DependencyUnavailable, InvalidInput, NotFound
from sazon.events import (
    EVENT_STATUSES,
    EventCreate,
    EventUpdate,
    LinkClosed,
    Plan,
    PlanDiff,
    PlanOptions,
    audit_plan_read,
    cancel_event,
    change_event,
    create_event,
    default_generator,
    default_matcher,
    delete_event,
    diff_in,
    event_dict,
    get_event,
    get_plan_row,
    invitations,
    invite_guests,
    latest_plan,
    list_events,
    locks_of,
    needs_history,
    plan_event,
    plan_in,
    plan_rows,
    plan_staleness,
    remove_lock,
    send_rsvp_link,
    set_lock,
    update_needs,
)
from sazon.timeutil import to_lima
from sazon.web import sheet_pdf

if TYPE_CHECKING:
    from sazon.events import LatestPlan
    from sazon.store.models import EventPlan

router = ApiRouter(prefix="/events", tags=["events"])
Planner = Annotated[Principal, Depends(require(PLANNERS))]
Admin = Annotated[Principal, Depends(require(ADMINS))]


class InviteBody(BaseModel):
    model_config = BODY
    guest_ids: list[Annotated[int, Field(ge=1, le=MAX_ID), INTEGRAL]] = Field(
        min_length=1, max_length=500
    )


class LockBody(BaseModel):
    model_config = BODY
    course: str = Field(min_length=1, max_length=40)
    dish_id: Annotated[int, Field(ge=1, le=MAX_ID), INTEGRAL]
    guest_id: Annotated[int, Field(ge=1, le=MAX_ID), INTEGRAL] | None = None


class CancelBody(BaseModel):
    model_config = BODY
    past_ok: bool = Field(
        default=False,
        description="Cancel even though the event's date has passed (else 409 says so).",
    )


class NeedsBody(BaseModel):
    model_config = BODY
    restrictions: str = Field(
        max_length=1000, description='As the guest writes it: "mariscos; embarazada"'
    )
    event_id: Annotated[int, Field(ge=1, le=MAX_ID), INTEGRAL] | None = None


def _plan_out(row: EventPlan, plan: Plan | None = None) -> dict[str, Any]:
    body = (plan or Plan.model_validate(row.plan)).model_dump(mode="json")
    return {**body, **_plan_fields(row)}


def _plan_fields(row: EventPlan | LatestPlan) -> dict[str, Any]:
    return {
        "plan_id": row.id,
        "event_id": row.event_id,
        "version": row.version,
        "trigger": row.trigger,
        "why": row.reason,
        "created_at": to_lima(row.created_at).isoformat(),
        "created_by": row.created_by,
    }


def _version(row: EventPlan) -> dict[str, Any]:
    return {
        "plan_id": row.id, "version": row.version, "status": row.status,
        "proven_optimal": row.proven_optimal, "trigger": row.trigger, "why": row.reason,
        "changes": len(row.diff.get("changes", [])), "solve_seconds": row.solve_seconds,
        "created_at": to_lima(row.created_at).isoformat(), "created_by": row.created_by,
    }  # fmt: skip


@router.get("")
def list_(
    session: SessionDep,
    _: Planner,
    status_: Annotated[str | None, Query(alias="status", max_length=24)] = None,
) -> dict[str, Any]:
    items = [event_dict(session, e) for e in list_events(session, status_)]
    return {"items": items, "total": len(items), "statuses": list(EVENT_STATUSES)}


@router.post("", status_code=status.HTTP_201_CREATED, responses=raises(NotFound))
def create(body: EventCreate, session: SessionDep, _: Planner) -> dict[str, Any]:
    return event_dict(session, create_event(session, body))


@router.get("/{event_id}")
def get(event_id: Id, session: SessionDep, _: Planner) -> dict[str, Any]:
    return event_dict(session, get_event(session, event_id))


@router.patch("/{event_id}", responses=raises(Conflict))
def update(
    event_id: Id, request: Request, body: EventUpdate, session: SessionDep, principal: Planner
) -> dict[str, Any]:
    event = change_event(session, event_id, body, principal, request_id=request_id(request))
    return event_dict(session, event)


@router.delete("/{event_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete(event_id: Id, session: SessionDep, _: Admin) -> None:
    delete_event(session, event_id)


@router.post("/{event_id}/cancel", responses=raises(Conflict))
def cancel(
    event_id: Id, request: Request, session: SessionDep, principal: Planner,
    body: CancelBody | None = None,
) -> dict[str, Any]:  # fmt: skip
    """Cancel the event: it keeps its record (status ``cancelled``), its RSVP links close and
    its plan, locks and guest list can no longer change. 409 for a completed event, or for
    one whose date has passed unless ``past_ok``; cancelling twice changes nothing."""
    event = cancel_event(
        session, event_id, principal, past_ok=bool(body and body.past_ok), detail="api",
        request_id=request_id(request),
    )  # fmt: skip
    return event_dict(session, event)


@router.get("/{event_id}/invitations")
def list_invitations(event_id: Id, session: SessionDep, _: Planner) -> dict[str, Any]:
    get_event(session, event_id)
    items = [
        {
            "invitation_id": inv.id, "guest_id": g.id, "name": g.full_name, "status": inv.status,
            "responded_at": to_lima(inv.responded_at).isoformat() if inv.responded_at else None,
        }
        for inv, g in invitations(session, event_id)
    ]  # fmt: skip
    return {"items": items, "total": len(items)}


@router.post(
    "/{event_id}/invitations", status_code=status.HTTP_201_CREATED, responses=raises(Conflict)
)
def invite(event_id: Id, body: InviteBody, session: SessionDep, _: Planner) -> dict[str, Any]:
    created = invite_guests(session, event_id, body.guest_ids)
    return {"created": [{"invitation_id": i.id, "guest_id": i.guest_id} for i in created]}


@router.post("/{event_id}/invitations/{invitation_id}/rsvp-link", responses=raises(Conflict))
def rsvp_link(
    event_id: Id, invitation_id: Id, request: Request, session: SessionDep, state: StateDep,
    principal: Planner,
) -> dict[str, str]:  # fmt: skip
    try:
        token = send_rsvp_link(
            session, state.secret, event_id, invitation_id, principal,
            request_id=request_id(request),
        )  # fmt: skip
    except LinkClosed as exc:
        # The request reads fine; the event or the invitation is over (the RSVP page itself
        # keeps its own wording for the guest).
        raise Conflict(exc.message) from None
    return {"token": token, "url": f"{str(request.base_url).rstrip('/')}/rsvp/{token}"}


@router.post("/{event_id}/plan", status_code=status.HTTP_201_CREATED, responses=raises(Conflict))
def plan(
    event_id: Id, request: Request, session: SessionDep, state: StateDep, principal: Planner,
    body: PlanOptions | None = None,
) -> dict[str, Any]:  # fmt: skip
    result = plan_event(
        session, state.kb, event_id, body or PlanOptions(),
        actor=f"{principal.name} ({principal.role})", matcher=default_matcher(state.settings),
        generator=default_generator(state.settings),
    )  # fmt: skip
    audit_plan_read(session, principal, result.plan, request_id(request))
    return {**_plan_out(result.row, result.plan), "diff": result.diff.model_dump(mode="json")}


@router.get("/{event_id}/plan", responses=raises(InvalidInput))
def latest(
    event_id: Id,
    request: Request,
    session: SessionDep,
    principal: Planner,
    # Declared as es|en so the schema says so; another value is FastAPI's 422 naming the
    # field and the two it accepts ("Input should be 'es' or 'en'").
    lang: Annotated[
        Literal["es", "en"] | None,
        Query(description="es or en; default: Accept-Language, then es"),
    ] = None,
) -> dict[str, Any]:
    """The latest plan with its texts (reasons, causes, wine flight notes, concept, change
    list) in the reader's language, as the web shows it."""
    reader = reader_lang(lang, request.headers.get("accept-language"))
    event = get_event(session, event_id)
    latest = latest_plan(session, event_id)
    if latest is None:
        raise NotFound(f"event {event_id} has no plan yet: POST /api/v1/events/{event_id}/plan")
    planned = latest.plan
    plan = plan_in(planned, reader)
    # The same language reads the stored plan's shared JSON (parsed once per stored text).
    body = latest.body if plan is planned else plan.model_dump(mode="json")
    out = {**body, **_plan_fields(latest)}
    out["lang"], out["planned_in"] = reader, planned.lang
    changes = diff_in(PlanDiff.model_validate(latest.diff), reader) if latest.diff else None
    out["diff"] = changes.model_dump(mode="json", exclude={"words"}) if changes else None
    # Stored when the inputs changed, checked again here when the store's check is not for
    # today's inputs (the worker that re-plans may be stopped).
    out["out_of_date"] = plan_staleness(session, event, latest, planned).notes(
        "en" if reader == "en" else "es"
    )
    audit_plan_read(session, principal, planned, request_id(request))
    return out


@router.get(
    "/{event_id}/plan/{sheet}.pdf",
    response_class=Response,
    responses={
        200: {"content": {"application/pdf": {}}, "description": "the sheet as an A4 PDF"},
        **raises(NotFound, DependencyUnavailable),
    },
)
def sheet_file(
    event_id: Id,
    sheet: Literal["kitchen", "menu-card"],
    state: StateDep,
    principal: Planner,
    lang: Literal["es", "en"] = "es",
) -> Response:
    """The latest plan's kitchen sheet or menu card as an A4 PDF, printed by Chromium from
    the web's print page (the same file as its download button and ``sazon events sheet``).
    404 when the event has no plan; 503 when this server has no Chromium to print with."""
    pdf = sheet_pdf(state.factory, event_id, sheet, lang, principal, where="api")
    where = f'attachment; filename="{pdf.filename}"'
    return Response(pdf.body, media_type="application/pdf", headers={"Content-Disposition": where})


@router.get("/{event_id}/plans")
def versions(event_id: Id, session: SessionDep, _: Planner) -> dict[str, Any]:
    get_event(session, event_id)
    items = [_version(r) for r in plan_rows(session, event_id)]
    return {"items": items, "total": len(items)}


@router.get("/{event_id}/plans/{plan_id}")
def one_plan(
    event_id: Id, plan_id: Id, request: Request, session: SessionDep, principal: Planner
) -> dict[str, Any]:
    row = get_plan_row(session, event_id, plan_id)
    audit_plan_read(session, principal, Plan.model_validate(row.plan), request_id(request))
    return _plan_out(row)


@router.get("/{event_id}/plans/{plan_id}/diff")
def plan_diff(
    event_id: Id, plan_id: Id, request: Request, session: SessionDep, principal: Planner
) -> dict[str, Any]:
    row = get_plan_row(session, event_id, plan_id)
    # A diff's reasons name what changed in guests' needs: a health-data read like the plan.
    audit_plan_read(session, principal, Plan.model_validate(row.plan), request_id(request))
    diff = {k: v for k, v in row.diff.items() if k != "words"}  # its other language: /plan
    return {"plan_id": row.id, "version": row.version, "why": row.reason, **diff}


@router.get("/{event_id}/locks")
def list_locks(event_id: Id, session: SessionDep, _: Planner) -> dict[str, Any]:
    get_event(session, event_id)
    items = [
        {"lock_id": lk.id, "course": lk.course, "dish_id": lk.dish_id, "guest_id": lk.guest_id,
         "created_by": lk.created_by}
        for lk in locks_of(session, event_id)
    ]  # fmt: skip
    return {"items": items, "total": len(items)}


@router.post("/{event_id}/locks", status_code=status.HTTP_201_CREATED, responses=raises(Conflict))
def add_lock(
    event_id: Id, body: LockBody, session: SessionDep, principal: Planner
) -> dict[str, Any]:
    lock = set_lock(
        session, event_id, body.course, body.dish_id, body.guest_id,
        actor=f"{principal.name} ({principal.role})",
    )  # fmt: skip
    return {"lock_id": lock.id, "course": lock.course, "dish_id": lock.dish_id,
            "guest_id": lock.guest_id}  # fmt: skip


@router.delete("/{event_id}/locks/{lock_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_lock(event_id: Id, lock_id: Id, session: SessionDep, _: Planner) -> None:
    remove_lock(session, event_id, lock_id)


@router.put("/guests/{guest_id}/needs")
def change_needs(
    guest_id: Id, body: NeedsBody, request: Request, session: SessionDep, state: StateDep,
    principal: Planner,
) -> dict[str, Any]:  # fmt: skip
    change, _events = update_needs(
        session, state.kb, guest_id, body.restrictions, source="api", event_id=body.event_id
    )
    audit(session, principal, "guest.needs.update", guest_id, None, request_id(request))
    return {"changed": change is not None, "fields": change.fields if change else []}


@router.get("/guests/{guest_id}/needs/history")
def history(
    guest_id: Id, request: Request, session: SessionDep, principal: Planner
) -> dict[str, Any]:
    items = [
        {"change_id": c.id, "at": to_lima(c.at).isoformat(), "source": c.source,
         "event_id": c.event_id, "fields": c.fields, "before": c.before, "after": c.after}
        for c in needs_history(session, guest_id)
    ]  # fmt: skip
    audit(
        session, principal, "guest.needs.history", guest_id, "health data read", request_id(request)
    )
    return {"items": items, "total": len(items)}
