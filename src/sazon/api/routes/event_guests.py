"""An event's guest list after the invitations went out: take a guest off, put another in
their seat, and download the list as CSV or XLSX (the web page's and ``sazon events guests``'
functions). Each change is announced on the bus, and the re-plan worker makes the plan again.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import Depends, Request, Response
from pydantic import BaseModel, Field

from sazon.access import EVENT_GUEST_READERS, PLANNERS, Principal
from sazon.api.contract import raises
from sazon.api.deps import MAX_ID, Id, SessionDep, StateDep, reader_lang, request_id, require
from sazon.api.onehop import ApiRouter
from sazon.api.schemas import BODY, INTEGRAL
from sazon.errors import Conflict, NotFound
from sazon.events import event_guest_file, remove_guest, replace_guest

router = ApiRouter(prefix="/events", tags=["events"])
Planner = Annotated[Principal, Depends(require(PLANNERS))]
Reader = Annotated[Principal, Depends(require(EVENT_GUEST_READERS))]


class ReplaceBody(BaseModel):
    model_config = BODY
    guest_id: Annotated[int, Field(ge=1, le=MAX_ID), INTEGRAL] = Field(
        description="The guest who takes the seat."
    )


def _invitation(inv: Any) -> dict[str, Any]:
    return {"invitation_id": inv.id, "guest_id": inv.guest_id, "status": inv.status}


@router.delete("/{event_id}/invitations/{invitation_id}", responses=raises(Conflict))
def remove(
    event_id: Id, invitation_id: Id, request: Request, session: SessionDep, principal: Planner
) -> dict[str, Any]:
    """Take the guest off the event: the invitation stays on record as ``cancelled``, their
    RSVP link stops working and the plan is made again by the worker. Removing twice changes
    nothing; 409 once the event has started, was cancelled or took place."""
    change = remove_guest(session, event_id, invitation_id, principal, detail="api",
                          request_id=request_id(request))  # fmt: skip
    return {"removed": _invitation(change.removed)}


@router.post(
    "/{event_id}/invitations/{invitation_id}/replace",
    status_code=201,
    responses=raises(Conflict, NotFound),
)
def replace(
    event_id: Id, invitation_id: Id, body: ReplaceBody, request: Request, session: SessionDep,
    principal: Planner,
) -> dict[str, Any]:  # fmt: skip
    """Invite ``guest_id`` in the seat of this invitation's guest (who is taken off, unless
    they declined: their answer is kept). The capacity counts only guests who have not
    declined. 409 when the new guest is already on the list or the event is over."""
    change = replace_guest(session, event_id, invitation_id, body.guest_id, principal,
                           detail="api", request_id=request_id(request))  # fmt: skip
    assert change.added is not None
    return {"removed": _invitation(change.removed), "added": _invitation(change.added)}


@router.get(
    "/{event_id}/guests.{fmt}",
    response_class=Response,
    responses={
        200: {
            "content": {"text/csv": {}, "application/vnd.openxmlformats-officedocument"
                        ".spreadsheetml.sheet": {}},
            "description": "the event's guests as a spreadsheet",
        },
        **raises(NotFound),
    },
)  # fmt: skip
def guests_file(
    event_id: Id,
    fmt: Literal["csv", "xlsx"],
    request: Request,
    session: SessionDep,
    state: StateDep,
    principal: Reader,
    lang: Literal["es", "en"] | None = None,
) -> Response:
    """The event's guests (names, contact, RSVP answer) as CSV or XLSX; restrictions only
    for the roles that may read health data (marketing gets none). Formulas are neutralised,
    phones kept as written."""
    reader = reader_lang(lang, request.headers.get("accept-language"))
    file = event_guest_file(session, state.kb, event_id, principal, fmt, lang=reader, face="api")
    where = f'attachment; filename="{file.filename}"'
    return Response(file.content, media_type=file.media_type,
                    headers={"Content-Disposition": where})  # fmt: skip
