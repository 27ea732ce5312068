"""Per-kind store operations: find the record a row duplicates, create one, or merge into one.

Each kind's operations live in a module of their own (guests, visits and feedback, dishes
and wines); social posts and market texts, the smallest, are here with the registry.
"""

from __future__ import annotations

from sqlalchemy import select

from sazon.ingest import marketing_schemas as ms
from sazon.ingest.guest_handler import create_guest, find_guest, merge_guest
from sazon.ingest.handler_base import Context, Handler, fill_missing, venue_for
from sazon.ingest.menu_handlers import (
    create_dish,
    create_wine,
    find_dish,
    find_wine,
    merge_dish,
    merge_wine,
)
from sazon.ingest.visit_handlers import (
    create_feedback,
    create_visit,
    find_feedback,
    find_visit,
    merge_feedback,
    merge_visit,
)
from sazon.store import (
    Dish,
    Feedback,
    Guest,
    MarketText,
    ScheduledPost,
    SocialOutbox,
    SocialPost,
    Visit,
    Wine,
)

# ---- social posts and market texts --------------------------------------------------------

_POST_ATTRS = (
    "post_type",
    "category",
    "text",
    "reach",
    "impressions",
    "likes",
    "comments",
    "shares",
)


def find_post(ctx: Context, rec: ms.SocialPostRecord) -> tuple[SocialPost, str] | None:
    stmt = select(SocialPost)
    if rec.external_id:
        p = ctx.session.scalars(stmt.where(SocialPost.external_id == rec.external_id)).first()
        return (p, "external_id") if p else None
    p = ctx.session.scalars(
        stmt.where(SocialPost.platform == rec.platform, SocialPost.posted_at == rec.posted_at)
    ).first()
    return (p, "platform+time") if p else None


def create_post(ctx: Context, rec: ms.SocialPostRecord) -> SocialPost:
    post = SocialPost(
        external_id=rec.external_id,
        venue_id=venue_for(ctx, rec.venue),
        platform=rec.platform.lower(),
        posted_at=rec.posted_at,
        paid=rec.paid,
        **{a: getattr(rec, a) for a in _POST_ATTRS},
    )
    ctx.session.add(post)
    return post


def merge_post(
    ctx: Context, post: SocialPost, rec: ms.SocialPostRecord, given: set[str]
) -> list[str]:
    return fill_missing(post, {a: getattr(rec, a) for a in _POST_ATTRS}, given)


def find_market_text(ctx: Context, rec: ms.MarketTextRecord) -> tuple[MarketText, str] | None:
    stmt = select(MarketText)
    if rec.external_id:
        m = ctx.session.scalars(stmt.where(MarketText.external_id == rec.external_id)).first()
        return (m, "external_id") if m else None
    for m in ctx.session.scalars(
        stmt.where(MarketText.source == rec.source, MarketText.published_at == rec.published_at)
    ):
        if m.text == rec.text:
            return m, "source+time+text"
    return None


def create_market_text(ctx: Context, rec: ms.MarketTextRecord) -> MarketText:
    mt = MarketText(**rec.model_dump())
    ctx.session.add(mt)
    return mt


def merge_market_text(
    ctx: Context, mt: MarketText, rec: ms.MarketTextRecord, given: set[str]
) -> list[str]:
    return fill_missing(mt, rec.model_dump(exclude={"external_id"}), given)


# ---- the content calendar -----------------------------------------------------------------

_PLANNED_ATTRS = ("text", "media_url", "approved_by")


def find_planned(ctx: Context, rec: ms.CalendarPostRecord) -> tuple[ScheduledPost, str] | None:
    stmt = select(ScheduledPost)
    if rec.external_id:
        p = ctx.session.scalars(stmt.where(ScheduledPost.external_id == rec.external_id)).first()
        return (p, "external_id") if p else None
    p = ctx.session.scalars(
        stmt.where(ScheduledPost.channel == rec.channel, ScheduledPost.planned_at == rec.planned_at,
                   ScheduledPost.text == rec.text)
    ).first()  # fmt: skip
    return (p, "channel+time+text") if p else None


def create_planned(ctx: Context, rec: ms.CalendarPostRecord) -> ScheduledPost:
    post = ScheduledPost(
        external_id=rec.external_id, venue_id=venue_for(ctx, rec.venue), channel=rec.channel,
        planned_at=rec.planned_at, status=rec.status,
        **{a: getattr(rec, a) for a in _PLANNED_ATTRS},
    )  # fmt: skip
    ctx.session.add(post)
    if rec.status == "scheduled":
        # In the same transaction as the post: it is sent once committed, never lost.
        ctx.session.flush()
        ctx.session.add(SocialOutbox.for_post(post))
    return post


def merge_planned(
    ctx: Context, post: ScheduledPost, rec: ms.CalendarPostRecord, given: set[str]
) -> list[str]:
    return fill_missing(post, {a: getattr(rec, a) for a in _PLANNED_ATTRS}, given)


HANDLERS: dict[str, Handler] = {
    "guests": Handler(Guest, find_guest, create_guest, merge_guest),
    "visits": Handler(Visit, find_visit, create_visit, merge_visit),
    "feedback": Handler(Feedback, find_feedback, create_feedback, merge_feedback),
    "dishes": Handler(Dish, find_dish, create_dish, merge_dish),
    "wines": Handler(Wine, find_wine, create_wine, merge_wine),
    "social-posts": Handler(SocialPost, find_post, create_post, merge_post),
    "market-texts": Handler(MarketText, find_market_text, create_market_text, merge_market_text),
    "social-calendar": Handler(ScheduledPost, find_planned, create_planned, merge_planned),
}
