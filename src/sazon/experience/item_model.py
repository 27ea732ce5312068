"""What the store's orders teach about items: who had what, which items go together, which
are popular. Fitted once from the store and shared by every recommendation it serves.

``ItemModel.fit(history, extra_keys)`` builds the guests × items weights, the items' cosine
similarity over the guests who had them (item-kNN) and their popularity. It saves itself to
the model registry as arrays plus plain JSON (``to_state``/``from_state``), so the served
version is the registry's active one (``sazon experience train``).
"""

from __future__ import annotations

import copy
from collections.abc import Iterable
from typing import Any, Self

import numpy as np
import scipy.sparse as sp  # type: ignore[import-untyped]
from numpy.typing import NDArray

from sazon.experience.scorers import cosine_columns
from sazon.experience.store_history import History, Key
from sazon.ml import ModelState


class ItemModel:
    """Item-kNN and popularity over every guest's order weights."""

    def __init__(self) -> None:
        self.history = History()
        self.keys: list[Key] = []
        self.where: dict[Key, int] = {}
        self.guests: list[int] = []
        self.x = sp.csr_matrix((0, 0))
        self.sim: NDArray[np.float64] = np.zeros((0, 0))
        self.pop: NDArray[np.float64] = np.zeros(0)

    def get_params(self, deep: bool = True) -> dict[str, Any]:
        return {}

    def fit(self, history: History, extra_keys: Iterable[Key] = ()) -> Self:
        """Learn from ``history``; ``extra_keys`` (the menus' items) get a column even when
        nobody ordered them yet."""
        self.history = history
        self.keys = sorted({k for w in history.weights.values() for k in w} | set(extra_keys))
        self.where = {k: j for j, k in enumerate(self.keys)}
        self.guests = sorted(history.weights)
        rows, cols, vals = [], [], []
        for i, g in enumerate(self.guests):
            for k, w in history.weights[g].items():
                rows.append(i)
                cols.append(self.where[k])
                vals.append(w)
        self.x = sp.csr_matrix((vals, (rows, cols)), shape=(len(self.guests), len(self.keys)))
        n = len(self.keys)
        self.sim = cosine_columns(self.x) if self.x.nnz else np.zeros((n, n))
        self.pop = np.asarray((self.x > 0).sum(axis=0), dtype=np.float64).ravel()
        return self

    def with_history(self, history: History) -> ItemModel:
        """This model's neighbours and popularity with every guest's orders as of now (a
        trained model serves guests whose orders came after it was trained)."""
        fresh = copy.copy(self)
        fresh.history = history
        return fresh

    def popular(self, among: list[int] | None = None) -> NDArray[np.float64]:
        """How many guests had each item (only those of ``among`` when given)."""
        if among is None:
            return self.pop
        wanted = set(among)
        rows = [i for i, g in enumerate(self.guests) if g in wanted]
        return np.asarray((self.x[rows] > 0).sum(axis=0), dtype=np.float64).ravel()

    # ---- the registry ---------------------------------------------------------------

    def to_state(self) -> ModelState:
        counts = self.history.counts
        c_rows = [(i, self.where[k], n) for i, g in enumerate(self.guests)
                  for k, n in counts.get(g, {}).items()]  # fmt: skip
        return ModelState(
            cls="",
            arrays={
                "x_data": self.x.data.astype(np.float64),
                "x_indices": self.x.indices.astype(np.int64),
                "x_indptr": self.x.indptr.astype(np.int64),
                "counts": np.asarray(c_rows, dtype=np.int64).reshape(-1, 3),
                "guests": np.asarray(self.guests, dtype=np.int64),
            },
            meta={
                "keys": [list(k) for k in self.keys],
                "names": [[k[0], k[1], v] for k, v in self.history.names.items()],
            },
        )

    @classmethod
    def from_state(cls, state: ModelState) -> Self:
        keys: list[Key] = [(str(k), str(n)) for k, n in state.meta["keys"]]
        guests = [int(g) for g in state.arrays["guests"]]
        x = sp.csr_matrix(
            (state.arrays["x_data"], state.arrays["x_indices"], state.arrays["x_indptr"]),
            shape=(len(guests), len(keys)),
        )
        history = History(names={(k, n): v for k, n, v in state.meta["names"]})
        for i, g in enumerate(guests):
            row = x.getrow(i)
            pairs = zip(row.indices, row.data, strict=True)
            history.weights[g] = {keys[j]: float(w) for j, w in pairs}
        for i, j, n in state.arrays["counts"]:
            history.counts.setdefault(guests[int(i)], {})[keys[int(j)]] = int(n)
        return cls().fit(history, keys)
