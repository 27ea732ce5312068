"""The store's social posts as the tool reads them, and the faces' entry points.

A post's page is its venue (posts of the whole group have page ``grupo``), its segment the
venue's cuisine, its engagement likes + comments + shares. Everything is read on request, so
posts that arrive by ingest change the next heatmap; ``train_engagement`` saves a new model
version in the registry.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from sazon.errors import InvalidInput, NotFound
from sazon.ml import ModelRegistry, fingerprint
from sazon.social.best_times import BestTimes, Observed, best_times
from sazon.social.drafts import DraftSet, Lang, trend_terms, venue_drafts
from sazon.social.model import EngagementModel
from sazon.social.posts import Post, lima_slot, read_posts
from sazon.store import SocialPost, Venue

if TYPE_CHECKING:
    from sqlalchemy.orm import sessionmaker

    from sazon.config import Settings
    from sazon.generate import Generator
    from sazon.trends import TrendReport

GROUP = "grupo"
MODEL_NAME = "social-engagement"


def _aware(at: datetime) -> datetime:
    return at if at.tzinfo else at.replace(tzinfo=UTC)


def observed(session: Session) -> list[Observed]:
    """Every stored post with its engagement numbers, as model inputs."""
    venues = {v.id: v for v in session.scalars(select(Venue))}
    found = []
    for row in session.scalars(select(SocialPost).order_by(SocialPost.id)):
        if row.likes is None and row.comments is None and row.shares is None:
            continue  # no metrics yet: nothing to learn from
        venue = venues.get(row.venue_id) if row.venue_id is not None else None
        weekday, hour, month = lima_slot(_aware(row.posted_at))
        post = Post(
            post_id=row.external_id or str(row.id), channel=row.platform.lower(),
            weekday=weekday, hour=hour, month=month,
            media_type=(row.post_type or "unknown").lower(),
            category=(row.category or "unknown").lower(), paid=bool(row.paid),
            text=row.text or "", page=venue.code if venue else GROUP,
            segment=(venue.cuisine or venue.code) if venue else GROUP,
        )  # fmt: skip
        engagement = (row.likes or 0) + (row.comments or 0) + (row.shares or 0)
        found.append(Observed(post, float(engagement)))
    return found


def channels_with_posts(session: Session) -> list[str]:
    """The channels the store has posts on, by name."""
    rows = session.scalars(select(SocialPost.platform).distinct())
    return sorted({r.lower() for r in rows})


def store_best_times(
    session: Session, venue: str, channel: str, *, today: date, lang: str = "es"
) -> BestTimes:
    """The best times of ``venue`` (its code, or ``grupo``) on ``channel`` from the store."""
    channel = channel.strip().lower()
    venue = venue.strip()
    segment = GROUP
    if venue != GROUP:
        row = session.scalars(select(Venue).where(Venue.code == venue)).first()
        if row is None:
            codes = ", ".join(session.scalars(select(Venue.code).order_by(Venue.code)))
            raise NotFound(f"no venue {venue!r}: use one of {codes or '(none yet)'} or {GROUP}")
        segment = row.cuisine or row.code
    history = observed(session)
    channels = sorted({o.post.channel for o in history})
    if channel not in channels:
        raise NotFound(
            f"no posts with metrics on {channel!r} yet: channels with posts are "
            f"{', '.join(channels) or '(none: ingest social-posts first)'}"
        )
    return best_times(
        history, venue=venue, channel=channel, page=venue, segment=segment, today=today,
        lang=lang,
    )  # fmt: skip


def enough_to_train(history: list[Observed]) -> None:
    """Raise the one-line error when the store has too few posts with metrics to learn from."""
    if len(history) < 10:
        raise InvalidInput(
            f"{len(history)} posts with metrics in the store: ingest at least 10 "
            "(sazon ingest FILE --kind social-posts) before training"
        )


def save_engagement(
    registry: ModelRegistry, model: EngagementModel, history: list[Observed],
    metrics: dict[str, float], *, activate: bool,
) -> str:  # fmt: skip
    """Save ``model`` (fitted on ``history``) as the next ``social-engagement`` version."""
    return registry.save(
        model, MODEL_NAME, metrics=metrics,
        data_fingerprint=fingerprint([{**vars(o.post), "y": o.engagement} for o in history]),
        activate=activate,
    )  # fmt: skip


def train_engagement(
    session: Session, registry: ModelRegistry, *, activate: bool = True,
    trends: tuple[str, ...] = (),
) -> tuple[str, dict[str, float]]:  # fmt: skip
    """Train the engagement model on the stored posts and save it as a new version;
    ``trends``: the terms trending now, whose naming in a post becomes an input."""
    history = observed(session)
    enough_to_train(history)
    model = EngagementModel(trends=trends).fit(
        [o.post for o in history], [o.engagement for o in history]
    )
    metrics = {"cv_log_mae": model.cv_log_mae_, "posts": float(len(history))}
    return save_engagement(registry, model, history, metrics, activate=activate), metrics


def predict_file(train: Path, posts: Path, target: str, *, max_mb: float) -> list[dict[str, Any]]:
    """``{post_id, predicted, low, high}`` for every post of ``posts``, learnt from ``train``."""
    if not target.strip():
        raise InvalidInput("--target needs the name of the engagement column of the train file")
    history, y = read_posts(train, target=target.strip(), max_mb=max_mb)
    new, _ = read_posts(posts, max_mb=max_mb)
    model = EngagementModel().fit(history, y)
    point = model.predict(new)
    low, high = model.predict_interval(new)
    return [
        {"post_id": p.post_id, "predicted": round(float(a), 1), "low": round(float(b), 1),
         "high": round(float(c), 1)}
        for p, a, b, c in zip(new, point, low, high, strict=True)
    ]  # fmt: skip


def serving_model(
    registry: ModelRegistry,
    history: list[Observed],
    *,
    fit: bool = True,
    trends: tuple[str, ...] = (),
) -> EngagementModel | None:
    """The active ``social-engagement`` version, else (with ``fit``) one fitted on ``history``
    now (not saved: ``sazon social train`` versions it), else ``None``."""
    if registry.active(MODEL_NAME) is not None:
        model = registry.load(MODEL_NAME)
        if isinstance(model, EngagementModel):
            return model
    if not fit or len(history) < 10:
        return None
    return EngagementModel(trends=trends).fit(
        [o.post for o in history], [o.engagement for o in history]
    )


def store_drafts(
    session: Session, registry: ModelRegistry, *, venue: str, channel: str, now: datetime,
    langs: list[Lang], trends: TrendReport | None, generator: Generator | None = None,
    variants: int = 2, fit: bool = True,
) -> DraftSet:  # fmt: skip
    """Drafts for a venue of the store, scored by the serving model (``fit``: fit one when
    none is saved; a request should not, it takes seconds)."""
    history = observed(session)
    return venue_drafts(
        session, venue=venue, channel=channel, now=now, langs=langs, history=history,
        model=serving_model(registry, history, fit=fit, trends=trend_terms(trends)),
        trends=trends, generator=generator,
        variants=variants,
    )  # fmt: skip


def cached_trends(owner: Any, factory: sessionmaker[Session], settings: Settings) -> TrendReport:
    """The store's trend report, replayed only when the market texts changed; kept on
    ``owner`` (the app's state) under the names the trends API uses, so both share it."""
    from sazon.trends import StoreTrends, saved_scorer

    holder = getattr(owner, "sazon_trends", None)
    if holder is None:
        holder = owner.sazon_trends = StoreTrends()
        owner.sazon_trends_scorer = saved_scorer(settings)
    report: TrendReport = holder.get(factory, owner.sazon_trends_scorer)
    return report
