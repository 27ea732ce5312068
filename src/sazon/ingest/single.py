"""Create or update one record from field values, with the same rules as a file row.

The API and the web use this, so a guest typed into a form is standardised, checked and
de-duplicated exactly like a guest in a spreadsheet.
"""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError
from sqlalchemy.orm import Session

from sazon.bus import stage
from sazon.errors import Conflict, InvalidInput, NotFound
from sazon.ingest.announce import created_events, updated_events
from sazon.ingest.guest_handler import duplicate_guest, guest_values
from sazon.ingest.handler_base import Context, RowProblem
from sazon.ingest.handlers import HANDLERS
from sazon.ingest.parse import map_columns, parse_row
from sazon.ingest.schemas import GUEST_FIELDS, GuestRecord
from sazon.knowledge import KnowledgeBase, restriction_clauses
from sazon.store import Guest


def _text_values(values: dict[str, Any]) -> dict[str, str]:
    out: dict[str, str] = {}
    for k, v in values.items():
        if v is None:
            continue
        if isinstance(v, bool):
            out[k] = "sí" if v else "no"
        elif isinstance(v, list):
            out[k] = "; ".join(str(x) for x in v)
        else:
            out[k] = str(v)
    return out


def refuse_duplicate(kind: str, found: tuple[Any, str] | None) -> None:
    """The one answer to a record that would duplicate another, on create and on change:
    a Conflict naming the other record and the key they share."""
    if found is not None:
        raise Conflict(
            f"this {kind.rstrip('s')} already exists (record {found[0].id}, same {found[1]})",
            details={"record_id": found[0].id, "matched_on": found[1]},
        )


def create_record(session: Session, kb: KnowledgeBase, kind: str, values: dict[str, Any]) -> int:
    """Create one record of ``kind``; raises InvalidInput (per field) or Conflict (duplicate)."""
    row = _text_values(values)
    columns = map_columns(list(row), kind)
    parsed = parse_row(row, columns, kind, long_text=100_000)
    if parsed.record is None:
        raise InvalidInput("invalid fields", details={"errors": parsed.reasons})
    ctx = Context(session, kb)
    handler = HANDLERS[kind]
    try:
        refuse_duplicate(kind, handler.find(ctx, parsed.record))
        created = handler.create(ctx, parsed.record)
    except RowProblem as problem:
        raise InvalidInput(problem.reason["error"], details={"errors": [problem.reason]}) from None
    session.flush()
    stage(session, created_events(created))
    return int(created.id)


_REQUIRED = {"language"}
_EMPTY: dict[str, Any] = {
    "favourite_cuisines": [],
    "preferred_event_types": [],
    "consent_marketing": False,
    "consent_personalisation": False,
}


def update_guest(session: Session, guest_id: int, values: dict[str, Any]) -> Guest:
    """Change the given fields of a guest, standardising each like ingest does."""
    guest = session.get(Guest, guest_id)
    if guest is None or guest.erased_at is not None:
        raise NotFound(f"no guest {guest_id}")
    row = _text_values(values)
    specs = {s.name: s for s in GUEST_FIELDS}
    errors: list[dict[str, str]] = []
    parsed: dict[str, Any] = {}
    for name, raw in row.items():
        if name not in specs:
            errors.append({"field": name, "value": raw[:100], "error": "not a guest field"})
        elif not raw.strip() and name in _REQUIRED:
            errors.append({"field": name, "value": "", "error": "cannot be empty"})
        else:
            try:
                parsed[name] = specs[name].parse(raw) if raw.strip() else _EMPTY.get(name)
            except ValueError as exc:
                errors.append({"field": name, "value": raw[:100], "error": str(exc)})
    if errors:
        raise InvalidInput("invalid fields", details={"errors": errors})
    # A note is read for restrictions here as in a file: its clauses about food, allergies,
    # diet or health join the restrictions (once: those already there are not added again).
    kept = parsed.get("allergies_text") if "allergies_text" in parsed else guest.restrictions_raw
    written = "; ".join(t for t in (kept, parsed.get("diet_text")) if t).casefold()
    clauses = [c for c in restriction_clauses(parsed.get("notes")) if c.casefold() not in written]
    if clauses:
        parsed["diet_text"] = "; ".join(t for t in (parsed.get("diet_text"), *clauses) if t)
    current = GuestRecord.model_validate(
        {f: getattr(guest, f) for f in GuestRecord.model_fields if hasattr(guest, f)}
        | {"allergies_text": guest.restrictions_raw}
    )
    try:
        # Validate the result, not the patch: a guest must keep an identity.
        merged = GuestRecord.model_validate(current.model_dump() | parsed)
    except ValidationError as exc:
        raise InvalidInput(
            "the guest would be invalid",
            details={
                "errors": [
                    {
                        "field": ".".join(map(str, e["loc"])) or "_row",
                        "error": e["msg"].removeprefix("Value error, "),
                    }
                    for e in exc.errors()
                ]
            },
        ) from None
    new = guest_values(merged)
    # The same rule as a new guest's, on the keys this change gives the guest: a guest already
    # sharing a key with another (e.g. from an old file) can still have other fields changed.
    changed = {k for k in ("email", "phone") if new[k] and new[k] != getattr(guest, k)}
    if any(new[k] != getattr(guest, k) for k in ("first_name", "last_name", "birth_date")):
        changed.add("name+birth_date")
    if changed:
        found = duplicate_guest(session, merged, other_than=guest.id, on=changed)
        refuse_duplicate("guests", found)
    for name in parsed:
        if name in ("allergies_text", "diet_text"):
            for f in ("allergies", "diets", "restrictions_raw", "restrictions_unknown"):
                setattr(guest, f, new[f])
        elif name in new:
            setattr(guest, name, new[name])
    session.flush()
    stage(session, updated_events(guest, list(parsed)))
    return guest
