"""Splitting interactions per guest and measuring a ranking: NDCG@k and recall@k.

Used by the benchmark on its test parts and by the recommender itself to carve the
validation parts it learns its blend on, so both hold out the same way.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd


def per_guest_split(
    frame: pd.DataFrame, fraction: float, seed: int
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Hold out ``fraction`` of each guest's distinct items (at least one when the guest has
    two or more; a guest with one item keeps it). Returns (kept, held out)."""
    frame = frame.reset_index(drop=True)
    rng = np.random.default_rng(seed)
    pairs = frame[["guest_id", "item_id"]].drop_duplicates()
    held: list[tuple[str, str]] = []
    for guest, items in pairs.groupby("guest_id", sort=True)["item_id"]:
        distinct = np.sort(items.to_numpy())
        if len(distinct) < 2:
            continue
        k = max(1, round(fraction * len(distinct)))
        held += [(str(guest), str(item)) for item in rng.choice(distinct, k, replace=False)]
    mark = pd.MultiIndex.from_tuples(held, names=["guest_id", "item_id"]) if held else None
    index = pd.MultiIndex.from_frame(frame[["guest_id", "item_id"]])
    out = index.isin(mark) if mark is not None else np.zeros(len(frame), dtype=bool)
    return frame[~out].reset_index(drop=True), frame[out].reset_index(drop=True)


def ndcg_recall(
    ranked: Mapping[str, Sequence[str]], held_out: pd.DataFrame, k: int = 10
) -> tuple[float, float]:
    """Mean NDCG@k and recall@k over the guests with held-out items (binary relevance)."""
    ndcgs, recalls = [], []
    for guest, items in held_out.groupby("guest_id")["item_id"]:
        relevant = set(items)
        top = list(ranked.get(str(guest), []))[:k]
        gain = sum(1.0 / np.log2(i + 2) for i, item in enumerate(top) if item in relevant)
        ideal = sum(1.0 / np.log2(i + 2) for i in range(min(k, len(relevant))))
        ndcgs.append(gain / ideal)
        recalls.append(len(relevant & set(top)) / len(relevant))
    return float(np.mean(ndcgs)), float(np.mean(recalls))
