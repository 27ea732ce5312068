"""Guests: search, read, create, change, delete, export and erase (Ley 29733)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

from fastapi import Depends, Query, Request, status

from sazon.access import (
    ADMINS,
    ALL,
    EDITORS,
    Principal,
    audit,
    audit_read,
    can_read_health,
    delete_guest,
    erase_and_clear,
    export_guest,
)
from sazon.api.contract import raises
from sazon.api.deps import Id, SessionDep, StateDep, request_id, require
from sazon.api.onehop import ApiRouter
from sazon.api.schemas import Created, GuestCreate, GuestPublic, GuestUpdate, Page, drop_none
from sazon.errors import Conflict, NotFound
from sazon.ingest import create_record, update_guest
from sazon.store.guests import guest_dict, live_guest, search_guest_dicts

if TYPE_CHECKING:
    from sazon.store.models import Guest

router = ApiRouter(prefix="/guests", tags=["guests"])
Reader = Annotated[Principal, Depends(require(ALL))]
Editor = Annotated[Principal, Depends(require(EDITORS))]
Admin = Annotated[Principal, Depends(require(ADMINS))]


def _public(
    guest: Guest, principal: Principal, session: SessionDep, rid: str | None, action: str
) -> dict[str, Any]:
    health = can_read_health(principal.role)
    if health:
        audit_read(session, principal, action, [guest.id], "health data read", rid)
    return guest_dict(guest, health=health)


def _fields(body: GuestCreate | GuestUpdate) -> dict[str, Any]:
    data = drop_none(body.model_dump())
    if "restrictions" in data:
        data["allergies_text"] = data.pop("restrictions")
    return data


@router.get("", response_model=Page[GuestPublic])
def list_(
    request: Request,
    session: SessionDep,
    principal: Reader,
    q: Annotated[
        str | None,
        Query(
            max_length=100,
            description="Names, email or phone, any order, accents and case ignored; every "
            "word must match (see docs/api.md)",
        ),
    ] = None,
    allergen: Annotated[str | None, Query(max_length=30)] = None,
    language: Annotated[str | None, Query(max_length=5)] = None,
    page: Annotated[int, Query(ge=1, le=100000)] = 1,
    page_size: Annotated[int, Query(ge=1, le=200)] = 50,
) -> dict[str, Any]:
    # Filtering by allergen would reveal health data to roles that may not read it.
    if allergen and not can_read_health(principal.role):
        allergen = None
    health = can_read_health(principal.role)
    items, total = search_guest_dicts(
        session, q, allergen=allergen, language=language, limit=page_size,
        offset=(page - 1) * page_size, health=health,
    )  # fmt: skip
    if health:
        # One entry for the page, naming every guest on it.
        ids = [g["id"] for g in items]
        audit_read(session, principal, "guest.list", ids, "health data read", request_id(request))
    return {"items": items, "total": total, "page": page, "page_size": page_size}


@router.get("/{guest_id}", response_model=GuestPublic)
def get(guest_id: Id, request: Request, session: SessionDep, principal: Reader) -> dict[str, Any]:
    guest = live_guest(session, guest_id)
    if guest is None:
        raise NotFound(f"no guest {guest_id}")
    return _public(guest, principal, session, request_id(request), "guest.read")


@router.post(
    "", response_model=Created, status_code=status.HTTP_201_CREATED, responses=raises(Conflict)
)
def create(body: GuestCreate, session: SessionDep, state: StateDep, _: Editor) -> Created:
    return Created(id=create_record(session, state.kb, "guests", _fields(body)))


@router.patch("/{guest_id}", response_model=GuestPublic, responses=raises(Conflict))
def update(
    guest_id: Id, body: GuestUpdate, request: Request, session: SessionDep, principal: Editor
) -> dict[str, Any]:
    guest = update_guest(session, guest_id, _fields(body))
    audit(session, principal, "guest.update", guest_id, None, request_id(request))
    return _public(guest, principal, session, request_id(request), "guest.read")


@router.delete("/{guest_id}", status_code=status.HTTP_204_NO_CONTENT, responses=raises(Conflict))
def delete(guest_id: Id, request: Request, session: SessionDep, principal: Admin) -> None:
    delete_guest(session, guest_id, principal, request_id(request))


@router.get("/{guest_id}/export")
def export(guest_id: Id, request: Request, session: SessionDep, principal: Admin) -> dict[str, Any]:
    return export_guest(session, guest_id, principal, request_id=request_id(request))


@router.post("/{guest_id}/erase")
def erase(guest_id: Id, request: Request, session: SessionDep, principal: Admin) -> dict[str, Any]:
    return erase_and_clear(session, guest_id, principal, request_id(request))
