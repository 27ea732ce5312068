"""Visits' and feedback's store operations: the guest a row names, and its order lines
read against the menus and wine lists we know."""

from __future__ import annotations

import re

from sqlalchemy import select

from sazon.ingest import schemas as sc
from sazon.ingest.handler_base import Context, RowProblem, fill_missing, venue_for
from sazon.knowledge import fold
from sazon.store import Dish, Feedback, Guest, OrderLine, Visit, Wine

# ---- visits -------------------------------------------------------------------------------

_QTY = re.compile(r"^(?:(\d+)\s*[x×]\s*)?(.+?)(?:\s*[x×]\s*(\d+))?$", re.IGNORECASE)


def guest_ref(ctx: Context, ref: str | None, email: str | None, phone: str | None) -> int | None:
    if not (ref or email or phone):
        return None
    stmt = select(Guest.id)
    if ref:
        found = ctx.session.scalars(stmt.where(Guest.external_id == ref)).first()
        if found is None and ref.isdigit():
            found = ctx.session.scalars(stmt.where(Guest.id == int(ref))).first()
    elif email:
        found = ctx.session.scalars(stmt.where(Guest.email == email)).first()
    else:
        found = ctx.session.scalars(stmt.where(Guest.phone == phone)).first()
    if found is None:
        written = ref or email or phone or ""
        raise RowProblem("guest", written, f"no guest '{written}': ingest the guests file first")
    return found


def dish_by_name(ctx: Context, name: str, venue_id: int | None = None) -> Dish | None:
    """The venue's own dish of that name, else any menu's, else the knowledge base's.

    Names are folded in Python (SQLite's lower() only knows ASCII) and the index is built
    once per run: a visits file repeats the same few dozen dish names thousands of times.
    """
    index = ctx.dish_index()
    key = fold(name)
    candidates = index.get(key)
    if not candidates:
        kb_dish = ctx.kb.find_dish(name)
        candidates = index.get(fold(kb_dish.name_es)) if kb_dish else None
    if not candidates:
        return None
    return next((d for d in candidates if d.venue_id == venue_id), None) or next(
        (d for d in candidates if d.from_knowledge), candidates[0]
    )


def wine_by_name(ctx: Context, name: str, venue_id: int | None = None) -> Wine | None:
    """A bottle from the venue's list first, then any list, then the knowledge base."""
    candidates = ctx.wine_index().get(fold(name))
    if not candidates:
        return None
    return next((w for w in candidates if w.venue_id == venue_id), None) or next(
        (w for w in candidates if w.on_list), candidates[0]
    )


def order_lines(ctx: Context, items: str | None, venue_id: int | None = None) -> list[OrderLine]:
    lines: list[OrderLine] = []
    for part in re.split(r"[;|\n]", items or ""):
        part = part.strip()
        if not part:
            continue
        m = _QTY.match(part)
        assert m is not None
        qty = int(m.group(1) or m.group(3) or 1)
        name = m.group(2).strip()
        dish = dish_by_name(ctx, name, venue_id)
        wine = None if dish else wine_by_name(ctx, name, venue_id)
        if dish is None and wine is None:
            ctx.warn("items", name, "not on any menu or wine list we know: kept as written")
        lines.append(
            OrderLine(
                dish_id=dish.id if dish else None,
                wine_id=wine.id if wine else None,
                item_name=name,
                quantity=qty,
                unit_price_pen=dish.price_pen if dish else (wine.price_pen if wine else None),
            )
        )
    return lines


def find_visit(ctx: Context, rec: sc.VisitRecord) -> tuple[Visit, str] | None:
    if rec.external_id and (
        v := ctx.session.scalars(select(Visit).where(Visit.external_id == rec.external_id)).first()
    ):
        return v, "external_id"
    gid = guest_ref(ctx, rec.guest_ref, rec.guest_email, rec.guest_phone)
    if gid is not None:
        v = ctx.session.scalars(
            select(Visit).where(Visit.guest_id == gid, Visit.visited_at == rec.visited_at)
        ).first()
        if v:
            return v, "guest+time"
    return None


def create_visit(ctx: Context, rec: sc.VisitRecord) -> Visit:
    visit = Visit(
        external_id=rec.external_id,
        guest_id=guest_ref(ctx, rec.guest_ref, rec.guest_email, rec.guest_phone),
        venue_id=venue_for(ctx, rec.venue),
        visited_at=rec.visited_at,
        party_size=rec.party_size,
        total_pen=rec.total_pen,
        occasion=rec.occasion,
    )
    visit.lines = order_lines(ctx, rec.items, visit.venue_id)
    ctx.session.add(visit)
    return visit


def merge_visit(ctx: Context, visit: Visit, rec: sc.VisitRecord, given: set[str]) -> list[str]:
    filled = fill_missing(visit, {"total_pen": rec.total_pen, "occasion": rec.occasion}, given)
    if not visit.lines and rec.items:
        visit.lines = order_lines(ctx, rec.items, visit.venue_id)
        filled.append("items")
    return filled


# ---- feedback -----------------------------------------------------------------------------


def find_feedback(ctx: Context, rec: sc.FeedbackRecord) -> tuple[Feedback, str] | None:
    if rec.external_id and (
        f := ctx.session.scalars(
            select(Feedback).where(Feedback.external_id == rec.external_id)
        ).first()
    ):
        return f, "external_id"
    gid = guest_ref(ctx, rec.guest_ref, rec.guest_email, None)
    f = ctx.session.scalars(
        select(Feedback).where(
            Feedback.guest_id == gid if gid else Feedback.guest_id.is_(None),
            Feedback.submitted_at == rec.submitted_at,
        )
    ).first()
    if f is not None and (f.text or "") == (rec.text or ""):
        return f, "guest+time+text"
    return None


def create_feedback(ctx: Context, rec: sc.FeedbackRecord) -> Feedback:
    visit_id = None
    if rec.visit_ref:
        visit_id = ctx.session.scalars(
            select(Visit.id).where(Visit.external_id == rec.visit_ref)
        ).first()
        if visit_id is None:
            ctx.warn("visit_ref", rec.visit_ref, "no such visit: feedback kept without it")
    fb = Feedback(
        external_id=rec.external_id,
        guest_id=guest_ref(ctx, rec.guest_ref, rec.guest_email, None),
        visit_id=visit_id,
        venue_id=venue_for(ctx, rec.venue),
        rating=rec.rating,
        text=rec.text,
        channel=rec.channel,
        language=rec.language,
        submitted_at=rec.submitted_at,
    )
    ctx.session.add(fb)
    return fb


def merge_feedback(
    ctx: Context, fb: Feedback, rec: sc.FeedbackRecord, given: set[str]
) -> list[str]:
    return fill_missing(
        fb,
        {"rating": rec.rating, "text": rec.text, "channel": rec.channel, "language": rec.language},
        given,
    )
