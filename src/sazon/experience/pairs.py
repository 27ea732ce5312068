"""The features of every (guest, item) pair the re-ranker scores.

The collaborative scorers say what similar guests had; the content features say what the
item is like next to what the guest had (cosine over the items' features), how far it is
(from the places the guest went and from where the guest lives), how many of the guest's
stated tastes it matches, and what share of the tastes items can meet (a guest with one
stated cuisine who meets it is a better match than one with eight who meets one). Scores
are also given relative to the guest's best, so one tree split means the same for a guest
with three visits and one with thirty.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp  # type: ignore[import-untyped]
from numpy.typing import NDArray

from sazon.experience.features import FeatureTable, haversine_km
from sazon.experience.scorers import als_scores, binary, item_knn, user_knn

FEATURES = (
    "popularity",
    "item_rating",
    "item_knn",
    "item_knn_rel",
    "user_knn",
    "user_knn_rel",
    "als",
    "als_rel",
    "content",
    "km_from_visited",
    "km_from_guest",
    "visits_nearby",
    "item_knn_rank",
    "als_rank",
    "taste_matches",
    "history",
    "taste_share",
)
_NEARBY_KM = 5.0  # "around the corner" from a place the guest went: the same part of town
_FAR_KM = 20_000.0  # an unknown distance: farther than anything on Earth


@dataclass
class ItemSide:
    """What the model keeps about the items after fit."""

    train: sp.csr_matrix  # guests × items weights the model was fitted on
    sim: NDArray[np.float64]  # item-item cosine
    factors: NDArray[np.float64]  # ALS item factors
    popularity: NDArray[np.float64]
    rating: NDArray[np.float64]  # damped mean rating, 0 when no ratings
    content: NDArray[np.float64]  # item content vectors (unit length or zero)
    coords: NDArray[np.float64]  # (n_items, 2), NaN when unknown
    tokens: list[frozenset[str]]


def _relative(scores: NDArray[np.float64]) -> NDArray[np.float64]:
    top = scores.max(axis=1, keepdims=True)
    return np.asarray(np.where(top > 0, scores / np.where(top > 0, top, 1.0), 0.0))


def _log_rank(scores: NDArray[np.float64]) -> NDArray[np.float64]:
    """Each item's place in the guest's own order of a score (0 the best), log-scaled."""
    order = np.argsort(-scores, axis=1, kind="stable")
    ranks = np.empty_like(order)
    np.put_along_axis(ranks, order, np.arange(scores.shape[1])[None, :], axis=1)
    return np.log1p(ranks.astype(np.float64))


def content_vectors(items: FeatureTable, token_block: NDArray[np.float64]) -> NDArray[np.float64]:
    """Unit-length item vectors: standardised numbers and one-hot tokens side by side."""
    v = np.hstack([items.numeric, token_block])
    n = np.linalg.norm(v, axis=1, keepdims=True)
    return np.asarray(np.where(n > 0, v / np.where(n > 0, n, 1.0), 0.0))


def pair_features(
    history: sp.csr_matrix,
    side: ItemSide,
    guests: FeatureTable,
    *,
    regularization: float,
    alpha: float,
    neighbours: int,
) -> NDArray[np.float64]:
    """A (guests, items, features) array in the order of :data:`FEATURES`."""
    n_users, n_items = history.shape
    b = binary(history)
    counts = np.asarray(b.sum(axis=1)).ravel()
    knn = item_knn(b, side.sim)
    uknn = user_knn(b, side.train, neighbours)
    als = als_scores(history, side.factors, regularization=regularization, alpha=alpha)

    profile = np.asarray(b @ side.content) / np.maximum(counts, 1)[:, None]
    pn = np.linalg.norm(profile, axis=1, keepdims=True)
    content = (profile / np.where(pn > 0, pn, 1.0)) @ side.content.T

    known = np.isfinite(side.coords).all(axis=1)
    from_visited = np.full((n_users, n_items), _FAR_KM)
    nearby = np.zeros((n_users, n_items))
    if known.any():
        dist = np.full((n_items, n_items), _FAR_KM)
        dist[np.ix_(known, known)] = haversine_km(side.coords[known], side.coords[known])
        close = (dist <= _NEARBY_KM).astype(np.float64)
        for u in range(n_users):
            had = b.indices[b.indptr[u] : b.indptr[u + 1]]
            if len(had):
                from_visited[u] = dist[had].min(axis=0)
                # How much of the guest's going-out happens around this place.
                nearby[u] = close[had].sum(axis=0) / len(had)
    from_guest = np.full((n_users, n_items), _FAR_KM)
    g_known = np.isfinite(guests.coords).all(axis=1)
    if known.any() and g_known.any():
        block = haversine_km(guests.coords[g_known], side.coords[known])
        from_guest[np.ix_(g_known, known)] = block

    matches = np.zeros((n_users, n_items))
    share = np.zeros((n_users, n_items))
    # Only the tastes some item can meet count in the share: a guest's ``smoker=true`` meets
    # no place's column, and would dilute it.
    item_columns = {tok.split("=", 1)[0] for toks in side.tokens for tok in toks}
    for u, toks in enumerate(guests.tokens):
        if toks:
            matches[u] = [len(toks & t) for t in side.tokens]
            usable = len({tok for tok in toks if tok.split("=", 1)[0] in item_columns})
            if usable:
                share[u] = matches[u] / usable

    grid = np.ones((n_users, n_items))
    columns = [
        grid * np.log1p(side.popularity)[None, :],
        grid * side.rating[None, :],
        knn,
        _relative(knn),
        uknn,
        _relative(uknn),
        als,
        _relative(als),
        content,
        np.log1p(from_visited),
        np.log1p(from_guest),
        nearby,
        _log_rank(knn),
        _log_rank(als),
        matches,
        grid * np.log1p(counts)[:, None],
        share,
    ]
    return np.stack(columns, axis=2)
