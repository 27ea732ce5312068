"""The learning loop: new visits and feedback update what is served; a command retrains.

- ``experience_learn_processor(settings)``: a bus processor over the ``visits`` and
  ``feedback`` topics. A visit changes a guest's orders (favourites, neighbours, return
  estimate); a rated feedback changes how much a visit's orders count. It tells every serving
  process so (:func:`~sazon.experience.serving.touch_features`): their next recommendation is
  made from the store as it is now.
- :func:`train_items`: fits the :class:`~sazon.experience.item_model.ItemModel` on the
  store, measures it on held-out orders (hit rate at 10 beside popularity's), saves it in the
  model registry with those metrics and activates it: the served version is the active one.
"""

from __future__ import annotations

import logging
import random
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from sqlalchemy.orm import Session

from sazon.bus import DomainEvent, FeedbackReceived, Processor, Retry, VisitRecorded
from sazon.config import Settings
from sazon.experience.item_model import ItemModel
from sazon.experience.serving import ITEMS_MODEL, ExperienceServing, touch_features
from sazon.experience.store_history import History, Key, current_menu, order_history
from sazon.ml import ModelRegistry, fingerprint

log = logging.getLogger(__name__)

#: The processor's name, which is also its consumer group.
EXPERIENCE_LEARN = "experience-learn"
TOP = 10


def experience_learn_processor(
    settings: Settings, *, serving: ExperienceServing | None = None, retry: Retry | None = None
) -> Processor:
    """The ``experience-learn`` processor. ``serving``: a serving object of this process to
    refresh at once (others see the stamp)."""

    def handle_many(events: Sequence[DomainEvent]) -> None:
        ours = [e for e in events if isinstance(e, VisitRecorded | FeedbackReceived)]
        if not ours:
            return  # other events on these topics are not ours
        touch_features(settings)
        if serving is not None:
            serving.invalidate()
        log.info("experience features changed: %d visits or feedback", len(ours))

    def handle(event: DomainEvent) -> None:
        handle_many([event])

    return Processor(
        EXPERIENCE_LEARN,
        (VisitRecorded.topic, FeedbackReceived.topic),
        handle,
        retry or Retry(),
        batch_handler=handle_many,
    )


@dataclass(frozen=True)
class Trained:
    name: str
    version: str
    metrics: dict[str, float]


def _holdout(history: History, seed: int) -> tuple[History, dict[int, Key]]:
    """Every guest with two items or more loses one of them, at random."""
    rng = random.Random(seed)
    kept = History(names=history.names)
    held: dict[int, Key] = {}
    for g, weights in sorted(history.weights.items()):
        items = sorted(weights)
        if len(items) >= 2:
            held[g] = rng.choice(items)
        kept.weights[g] = {k: w for k, w in weights.items() if k != held.get(g)}
    return kept, held


def evaluate(history: History, seed: int = 0) -> dict[str, float]:
    """Hit rate at 10 of one held-out item per guest: the item model (neighbours of what the
    guest had, popularity to break ties) beside popularity alone."""
    kept, held = _holdout(history, seed)
    model = ItemModel().fit(kept, held.values())
    pop = model.pop / max(float(model.pop.max()), 1.0)
    hits = {"items": 0, "popular": 0}
    for g, item in held.items():
        had = [model.where[k] for k in kept.weights[g]]
        h = np.zeros(len(model.keys))
        h[had] = 1.0
        for name, score in (("items", h @ model.sim + 0.15 * pop), ("popular", pop.copy())):
            score[had] = -np.inf
            top = np.argsort(-score, kind="stable")[:TOP]
            hits[name] += int(model.where[item] in set(top.tolist()))
    n = max(len(held), 1)
    return {
        "hit_rate_at_10": hits["items"] / n,
        "popularity_hit_rate_at_10": hits["popular"] / n,
        "guests_held_out": float(len(held)),
        "items": float(len(model.keys)),
    }


def train_items(session: Session, settings: Settings, *, activate: bool = True) -> Trained:
    """Fit, measure, save and (by default) activate the item model; returns its version."""
    history = order_history(session)
    metrics = evaluate(history)
    menu = current_menu(session, None)
    model = ItemModel().fit(history, (m.key for m in menu))
    rows = sorted((g, k[0], k[1], w) for g, ws in history.weights.items() for k, w in ws.items())
    registry = ModelRegistry.from_settings(settings)
    version = registry.save(
        model, ITEMS_MODEL, metrics=metrics, data_fingerprint=fingerprint(rows),
        params={"neighbours": "cosine over co-orders", "top": TOP}, activate=activate,
        libraries=("scipy",),
    )  # fmt: skip
    return Trained(ITEMS_MODEL, version, metrics)
