"""The candidate scorers a recommender blends: popularity, neighbours, matrix factorisation.

Each works on a guests × items matrix of interaction weights (CSR) and gives every guest a
score for every item; the benchmark runs each one alone as a baseline, and the hybrid feeds
them all to its re-ranker. The collaborative part is `implicit`'s ALS (Hu, Koren & Volinsky
2008), not our own factorisation.
"""

from __future__ import annotations

import os

import numpy as np
import scipy.sparse as sp  # type: ignore[import-untyped]
from numpy.typing import NDArray


def binary(x: sp.csr_matrix) -> sp.csr_matrix:
    b = x.copy().astype(np.float64)
    b.data[:] = 1.0
    b.eliminate_zeros()
    return sp.csr_matrix(b)


def popularity(x: sp.csr_matrix) -> NDArray[np.float64]:
    """How many guests had each item."""
    return np.asarray(binary(x).sum(axis=0), dtype=np.float64).ravel()


def cosine_columns(x: sp.csr_matrix) -> NDArray[np.float64]:
    """Cosine similarity between the items' guest sets (co-ratings), self-similarity 0."""
    b = binary(x)
    co = np.asarray((b.T @ b).toarray(), dtype=np.float64)
    norms = np.sqrt(np.diag(co))
    norms[norms == 0] = 1.0
    sim = co / norms[:, None] / norms[None, :]
    np.fill_diagonal(sim, 0.0)
    return sim


def item_knn(history: sp.csr_matrix, sim: NDArray[np.float64]) -> NDArray[np.float64]:
    """Item-kNN: the sum of an item's similarities to the items each guest had."""
    return np.asarray(binary(history) @ sim, dtype=np.float64)


def user_knn(
    history: sp.csr_matrix, train: sp.csr_matrix, neighbours: int = 20
) -> NDArray[np.float64]:
    """User-kNN: what the ``neighbours`` most similar training guests had, weighted by cosine."""
    h, t = binary(history), binary(train)
    hn = np.sqrt(np.asarray(h.multiply(h).sum(axis=1)).ravel())
    tn = np.sqrt(np.asarray(t.multiply(t).sum(axis=1)).ravel())
    sims = np.asarray((h @ t.T).toarray(), dtype=np.float64)
    sims /= np.where(hn == 0, 1.0, hn)[:, None] * np.where(tn == 0, 1.0, tn)[None, :]
    # A guest is not their own neighbour (the history may be a training row itself).
    sims[sims >= 1.0 - 1e-9] = 0.0
    if sims.shape[1] > neighbours:
        cut = np.partition(sims, -neighbours, axis=1)[:, -neighbours][:, None]
        sims = np.where(sims >= cut, sims, 0.0)
    return np.asarray((t.T @ sims.T).T, dtype=np.float64)


def als_items(
    x: sp.csr_matrix,
    *,
    factors: int,
    regularization: float,
    alpha: float,
    iterations: int,
    seed: int,
) -> NDArray[np.float64]:
    """Item factors of an implicit-feedback ALS fitted on ``x`` (confidence 1 + alpha·w)."""
    # OpenBLAS threads fight implicit's own; one thread is also what makes runs repeatable.
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    from implicit.cpu.als import AlternatingLeastSquares  # type: ignore[import-untyped]
    from threadpoolctl import threadpool_limits  # type: ignore[import-untyped]

    with threadpool_limits(1, "blas"):
        # Built inside the limit: implicit checks the BLAS threads when it is built.
        model = AlternatingLeastSquares(
            factors=factors,
            regularization=regularization,
            alpha=alpha,
            iterations=iterations,
            random_state=seed,
            num_threads=1,
            dtype=np.float64,
        )
        model.fit(sp.csr_matrix(x, dtype=np.float64), show_progress=False)
    return np.asarray(model.item_factors, dtype=np.float64)


def als_scores(
    history: sp.csr_matrix, items: NDArray[np.float64], *, regularization: float, alpha: float
) -> NDArray[np.float64]:
    """Scores of every item for guests folded in on fixed item factors (exact ALS user step).

    Folding in lets a fitted model score guests it never saw and guests whose history grew,
    with the same equations ALS used for its own guests.
    """
    h = sp.csr_matrix(history, dtype=np.float64)
    k = items.shape[1]
    gram = items.T @ items + regularization * np.eye(k)
    users = np.zeros((h.shape[0], k))
    for u in range(h.shape[0]):
        lo, hi = h.indptr[u], h.indptr[u + 1]
        if lo == hi:
            continue
        idx, conf = h.indices[lo:hi], alpha * h.data[lo:hi]
        y = items[idx]
        a = gram + (y.T * conf) @ y
        users[u] = np.linalg.solve(a, (y.T * (1.0 + conf)).sum(axis=1))
    return np.asarray(users @ items.T, dtype=np.float64)
