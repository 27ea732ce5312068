"""Guests' store operations: a row's values, the one rule of who a guest duplicates, and
merging a row into a stored guest without ever erasing what it holds."""

from __future__ import annotations

from collections.abc import Collection
from functools import lru_cache
from typing import Any

from rapidfuzz import fuzz
from sqlalchemy import select
from sqlalchemy.orm import Session

from sazon.ingest import schemas as sc
from sazon.ingest.handler_base import Context, fill_missing
from sazon.knowledge import DIET_EXCLUSIONS, fold, parse_restrictions
from sazon.store import Guest

_NAMED_DIETS = frozenset({"no_honey", "no_gelatin"})


@lru_cache(maxsize=4096)
def _restrictions(
    allergies: str | None, diet: str | None
) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """Allergens, named diets and unread words of a guest's texts. A guests file repeats a
    few hundred texts ("mariscos", "sin gluten") thousands of times: each is read once."""
    profile = parse_restrictions(allergies, diet)
    # Diets the planner knows by name; the rest ("diabético", "no_beef") live in the raw
    # text, which every reader re-reads.
    diets = (profile.labels - set(profile.allergens)) & (set(DIET_EXCLUSIONS) | _NAMED_DIETS)
    return tuple(sorted(profile.allergens)), tuple(sorted(diets)), tuple(profile.unknown)


def guest_values(rec: sc.GuestRecord) -> dict[str, Any]:
    allergies, diets, unknown = _restrictions(rec.allergies_text, rec.diet_text)
    raw = "; ".join(t for t in (rec.allergies_text, rec.diet_text) if t) or None
    return {
        "external_id": rec.external_id,
        "first_name": rec.first_name,
        "last_name": rec.last_name,
        "email": rec.email,
        "phone": rec.phone,
        "language": rec.language,
        "birth_date": rec.birth_date,
        "country": rec.country.upper() if rec.country else None,
        "allergies": list(allergies),
        "diets": list(diets),
        "restrictions_raw": raw,
        "restrictions_unknown": list(unknown),
        "favourite_cuisines": rec.favourite_cuisines,
        "preferred_event_types": rec.preferred_event_types,
        "budget_tier": rec.budget_tier,
        "notes": rec.notes,
        "consent_marketing": rec.consent_marketing,
        "consent_personalisation": rec.consent_personalisation,
        "vip": rec.vip,
    }


def _name_key(first: str | None, last: str | None) -> str:
    return fold(f"{first or ''} {last or ''}")


GUEST_KEYS = frozenset({"email", "phone", "external_id", "name+birth_date"})


def find_guest(ctx: Context, rec: sc.GuestRecord) -> tuple[Guest, str] | None:
    return duplicate_guest(ctx.session, rec, fuzzy_threshold=ctx.fuzzy_threshold)


def duplicate_guest(
    session: Session,
    rec: sc.GuestRecord,
    *,
    other_than: int | None = None,
    on: Collection[str] = GUEST_KEYS,
    fuzzy_threshold: int = 90,
) -> tuple[Guest, str] | None:
    """The guest ``rec`` duplicates, and on what: email, phone, external id, or name and
    birth date. The one uniqueness rule of guests: a file row, a new guest (POST) and a
    change (PATCH) all use it. ``other_than`` leaves out the guest being changed; ``on``
    limits the keys compared (a change is checked on the keys it changes)."""
    q = session.scalars
    base = select(Guest) if other_than is None else select(Guest).where(Guest.id != other_than)
    if "email" in on and rec.email and (g := q(base.where(Guest.email == rec.email)).first()):
        return g, "email"
    if "phone" in on and rec.phone and (g := q(base.where(Guest.phone == rec.phone)).first()):
        return g, "phone"
    if (
        "external_id" in on
        and rec.external_id
        and (g := q(base.where(Guest.external_id == rec.external_id)).first())
    ):
        return g, "external_id"
    if "name+birth_date" in on and rec.birth_date and rec.first_name:
        key = _name_key(rec.first_name, rec.last_name)
        for cand in q(base.where(Guest.birth_date == rec.birth_date)):
            score = fuzz.token_sort_ratio(key, _name_key(cand.first_name, cand.last_name))
            if score >= 100:
                return cand, "name+birth_date"
            if score >= fuzzy_threshold:
                return cand, "similar_name+birth_date"
    return None


def new_guest_values(ctx: Context, rec: sc.GuestRecord) -> dict[str, Any]:
    """A new guest's values, warning about the restriction words nobody could read."""
    values = guest_values(rec)
    if values["restrictions_unknown"]:
        ctx.warn(
            "restrictions",
            values["restrictions_raw"] or "",
            "words we could not read: " + ", ".join(values["restrictions_unknown"]),
        )
    return values | {"source": "ingest"}


def create_guest(ctx: Context, rec: sc.GuestRecord) -> Guest:
    guest = Guest(**new_guest_values(ctx, rec))
    ctx.session.add(guest)
    return guest


def merge_guest(ctx: Context, guest: Guest, rec: sc.GuestRecord, given: set[str]) -> list[str]:
    values = guest_values(rec)
    consent = {k: values.pop(k) for k in ("consent_marketing", "consent_personalisation", "vip")}
    raw = values.pop("restrictions_raw")
    filled = fill_missing(guest, values, given)
    if raw and raw not in (guest.restrictions_raw or ""):
        guest.restrictions_raw = "; ".join(p for p in (guest.restrictions_raw, raw) if p)
        filled.append("restrictions_raw")
    # Consent is the guest's latest word, so an explicit value in the file replaces ours.
    for name, value in consent.items():
        if name in given and getattr(guest, name) != value:
            setattr(guest, name, value)
            filled.append(name)
    return filled
