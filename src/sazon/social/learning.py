"""Automatic retraining: new posts with metrics make a new model version, kept only if better.

``retrain_if_due`` counts the stored posts with metrics beyond those the active version was
trained on. From ``min_new`` of them on, it fits a candidate on every post but the newest half
of the new ones (at least 5), scores both the candidate and the active version on that
holdout (mean absolute error of ``log(1 + engagement)``: posts the active version never saw,
so the comparison is fair to both) and saves the candidate as the next version of
``social-engagement`` — activated if it is no worse, else saved inactive with the previous
version left serving. Either way the registry keeps both, with the holdout scores.

``social_learn_processor(settings)`` runs it from the bus (``sazon worker``) whenever
``social-posts`` events arrive: posts ingested with metrics retrain the model once
``SAZON_SOCIAL__RETRAIN_AFTER`` have come. The worker runs it only with
``SAZON_SOCIAL__AUTO_RETRAIN=true`` (or ``--processor social-learn``): the fit runs inside
the worker's store transaction, which on SQLite holds the only write lock for its seconds.
``sazon social train --auto`` does the same by hand.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
from sqlalchemy.orm import Session

from sazon.bus import DomainEvent, Processor, Retry, SocialPostRecorded
from sazon.config import Settings
from sazon.errors import InvalidInput
from sazon.ml import ModelRegistry
from sazon.social.best_times import Observed
from sazon.social.history import MODEL_NAME, enough_to_train, observed, save_engagement
from sazon.social.model import EngagementModel

log = logging.getLogger(__name__)

#: The processor's name, which is also its consumer group.
SOCIAL_LEARN = "social-learn"
MIN_NEW = 20  # new posts with metrics before a retrain is worth its seconds
MIN_HOLDOUT = 5


@dataclass(frozen=True)
class Retrained:
    """What ``retrain_if_due`` did: ``status`` and, when it trained, the version saved."""

    status: Literal["not_due", "activated", "kept_previous"]
    reason: str
    version: str | None = None
    metrics: dict[str, float] = field(default_factory=dict)


def _log_mae(model: EngagementModel, held: Sequence[Observed]) -> float:
    predicted = model.predict([o.post for o in held])
    truth = np.asarray([o.engagement for o in held])
    return float(np.abs(np.log1p(predicted) - np.log1p(truth)).mean())


def retrain_if_due(
    session: Session, registry: ModelRegistry, *, min_new: int = MIN_NEW,
    trends: tuple[str, ...] = (), model: EngagementModel | None = None,
) -> Retrained:  # fmt: skip
    """Retrain when ``min_new`` posts with metrics arrived since the active version (see the
    module). ``model``: the unfitted estimator to use (its settings), ``EngagementModel()``
    with ``trends`` by default."""
    if min_new < 1:
        raise InvalidInput(f"min_new must be at least 1, not {min_new}")
    history = observed(session)  # in arrival order: the store's ids
    enough_to_train(history)
    active = registry.active(MODEL_NAME)
    seen = int(registry.manifest(MODEL_NAME).metrics.get("posts", 0)) if active else 0
    new = len(history) - seen
    if active and new < min_new:
        return Retrained("not_due", f"{max(new, 0)} new posts with metrics of {min_new} needed")
    estimator = model or EngagementModel(trends=trends)
    if not active:
        # Nothing to compare with: the first version is trained on everything and serves.
        fitted = estimator.fit([o.post for o in history], [o.engagement for o in history])
        metrics = {"cv_log_mae": fitted.cv_log_mae_, "posts": float(len(history))}
        version = save_engagement(registry, fitted, history, metrics, activate=True)
        return Retrained("activated", "first version", version, metrics)
    held_n = max(MIN_HOLDOUT, new // 2)
    train, held = history[:-held_n], history[-held_n:]
    fitted = estimator.fit([o.post for o in train], [o.engagement for o in train])
    previous = registry.load(MODEL_NAME)
    ours = _log_mae(fitted, held)
    theirs = _log_mae(previous, held) if isinstance(previous, EngagementModel) else float("inf")
    better = ours <= theirs
    # "posts" counts every post this version has accounted for (trained on or held out), so
    # the next retrain waits for posts that arrive after it.
    metrics = {"cv_log_mae": fitted.cv_log_mae_, "posts": float(len(history)),
               "holdout_posts": float(held_n), "holdout_log_mae": ours,
               "previous_holdout_log_mae": theirs}  # fmt: skip
    version = save_engagement(registry, fitted, train, metrics, activate=better)
    if better:
        return Retrained("activated", f"holdout log MAE {ours:.3f} ≤ {theirs:.3f}", version,
                         metrics)  # fmt: skip
    log.warning("social-engagement %s not activated: holdout %.3f > %.3f", version, ours, theirs)
    return Retrained(
        "kept_previous", f"holdout log MAE {ours:.3f} > {theirs:.3f}: {active} keeps serving",
        version, metrics,
    )  # fmt: skip


def social_learn_processor(settings: Settings, *, retry: Retry | None = None) -> Processor:
    """The ``social-learn`` processor: posts recorded with metrics → :func:`retrain_if_due`."""
    from sazon.bus import current_connection

    registry = ModelRegistry.from_settings(settings)

    def handle_many(events: Sequence[DomainEvent]) -> None:
        if not any(isinstance(e, SocialPostRecorded) for e in events):
            return  # other events on the topic are not ours
        from sqlalchemy.orm import sessionmaker

        from sazon.social.drafts import trend_terms
        from sazon.trends import store_report

        conn = current_connection()
        session = Session(bind=conn)
        try:
            terms = trend_terms(store_report(sessionmaker(bind=conn)))
            done = retrain_if_due(
                session, registry, min_new=settings.social.retrain_after, trends=terms
            )
            log.info("social-learn: %s (%s)", done.status, done.reason)
        except InvalidInput as exc:
            log.info("social-learn: not retrained: %s", exc)  # too few posts yet: wait
        finally:
            session.close()

    def handle(event: DomainEvent) -> None:
        handle_many([event])

    return Processor(
        SOCIAL_LEARN, (SocialPostRecorded.topic,), handle, retry or Retry(),
        batch_handler=handle_many,
    )  # fmt: skip
