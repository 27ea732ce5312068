"""Automatic retraining: a new version only when enough posts arrived, kept only if better.

One small SQLite store, one real fit (the first version) and one deliberately weak candidate
(one shallow tree, so its fit costs almost nothing): it must not replace the serving version.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy.orm import Session, sessionmaker

from sazon.ml import ModelRegistry
from sazon.social import MODEL_NAME, EngagementModel, retrain_if_due
from sazon.store import SocialPost


def _add_posts(session: Session, n: int, start: int) -> None:
    rng = random.Random(start)
    for i in range(start, start + n):
        hour = rng.choice((14, 15, 1, 2))  # UTC: 09-10 and 20-21 in Lima
        evening = hour in (1, 2)
        likes = int((400 if evening else 60) * rng.uniform(0.8, 1.25))
        at = datetime(2026, 3, 1, hour, tzinfo=UTC) + timedelta(days=i)
        session.add(SocialPost(external_id=f"p{i}", platform="instagram", post_type="photo",
                               category="plato", text="Ceviche", posted_at=at, paid=False,
                               likes=likes, comments=0, shares=0))  # fmt: skip
    session.commit()


def test_retrain__first_version_then_waits_then_keeps_the_better_one(
    sqlite_factory: sessionmaker[Session], tmp_path: Path
) -> None:
    registry = ModelRegistry(tmp_path / "models")
    weak = EngagementModel(depths=(1,), forests=(), max_iter=1, folds=2)
    with sqlite_factory() as session:
        _add_posts(session, 40, start=0)
        lean = EngagementModel(depths=(2,), losses=("absolute_error",))  # real, one candidate
        first = retrain_if_due(session, registry, min_new=20, model=lean)
        assert first.status == "activated" and registry.active(MODEL_NAME) == first.version

        _add_posts(session, 10, start=40)
        waiting = retrain_if_due(session, registry, min_new=20, model=weak)
        assert waiting.status == "not_due" and "10 new posts" in waiting.reason

        _add_posts(session, 10, start=50)
        worse = retrain_if_due(session, registry, min_new=20, model=weak)
    # A candidate that cannot tell evening from morning loses on the newest posts: it is
    # saved (versioned, with its holdout score) but the first version keeps serving.
    assert worse.status == "kept_previous", worse.reason
    assert worse.metrics["holdout_log_mae"] > worse.metrics["previous_holdout_log_mae"]
    assert worse.metrics["holdout_posts"] == 10
    assert registry.versions(MODEL_NAME) == [first.version, worse.version]
    assert registry.active(MODEL_NAME) == first.version
