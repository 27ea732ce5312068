"""Guest and item features as numbers a recommender can use: any table keyed by its first column.

A feature table is whatever a person has: a CSV of places with their latitude, price and
cuisine, a CSV of guests with their budget and the cuisines they like. Columns are read as:

- **numeric** when every present value parses as a number; standardised (mean 0, sd 1) and
  a missing value becomes the mean (0);
- **categorical** otherwise; each value becomes a token ``column=value`` (folded), and a key
  that appears on several rows gathers all its values (one row per cuisine is how such data
  usually comes);
- **location**: a pair of numeric columns named latitude/longitude (or lat/lon, lng) is kept
  apart as coordinates, so distances in km can be measured instead of comparing raw degrees.

Guest and item tables are compared by column name: a guest token ``cuisine=peruvian`` matches
an item token ``cuisine=peruvian``. That is how tastes meet places without any code knowing
what a cuisine is.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from sazon.knowledge import fold

_LAT = ("latitude", "lat", "latitud")
_LON = ("longitude", "lon", "lng", "long", "longitud")
EARTH_KM = 6371.0


@dataclass
class FeatureTable:
    """One side's features aligned to a list of ids (an id absent from the file has none)."""

    ids: list[str]
    numeric: NDArray[np.float64]  # (n, k) standardised, missing → 0
    tokens: list[frozenset[str]]  # categorical ``column=value`` tokens per id
    coords: NDArray[np.float64]  # (n, 2) latitude, longitude in degrees; NaN when unknown
    numeric_names: list[str] = field(default_factory=list)

    @property
    def has_coords(self) -> bool:
        return bool(np.isfinite(self.coords).all(axis=1).any())

    @classmethod
    def empty(cls, ids: Sequence[str]) -> FeatureTable:
        n = len(ids)
        return cls(list(ids), np.zeros((n, 0)), [frozenset()] * n, np.full((n, 2), np.nan))


def _coordinate_columns(frame: pd.DataFrame, numeric: list[str]) -> tuple[str, str] | None:
    low = {c.strip().lower(): c for c in numeric}
    lat = next((low[n] for n in _LAT if n in low), None)
    lon = next((low[n] for n in _LON if n in low), None)
    return (lat, lon) if lat and lon else None


def _numeric_columns(frame: pd.DataFrame) -> list[str]:
    out = []
    for col in frame.columns:
        present = frame[col].dropna()
        if len(present) and pd.to_numeric(present, errors="coerce").notna().all():
            out.append(col)
    return out


def encode(frame: pd.DataFrame | None, ids: Sequence[str]) -> FeatureTable:
    """Encode ``frame`` (first column the key, values as text, missing as NaN) for ``ids``."""
    if frame is None or frame.shape[1] < 2:
        return FeatureTable.empty(ids)
    key = frame.columns[0]
    values = frame.drop(columns=[key])
    values.index = frame[key].astype(str).str.strip()
    numeric_cols = _numeric_columns(values)
    coord_cols = _coordinate_columns(values, numeric_cols)
    plain_numeric = [c for c in numeric_cols if not coord_cols or c not in coord_cols]
    categorical = [c for c in values.columns if c not in numeric_cols]

    numbers = values[numeric_cols].apply(pd.to_numeric, errors="coerce")
    # Several rows per key: the numbers of the first row that has them.
    firsts = numbers.groupby(level=0, sort=False).first().reindex(list(ids))
    plain = firsts[plain_numeric].to_numpy(dtype=np.float64)
    if plain.size:
        mean = np.nanmean(np.where(np.isfinite(plain), plain, np.nan), axis=0)
        sd = np.nanstd(plain, axis=0)
        mean = np.nan_to_num(mean)
        sd = np.where(np.isfinite(sd) & (sd > 0), sd, 1.0)
        plain = np.nan_to_num((plain - mean) / sd)
    coords = (
        firsts[list(coord_cols)].to_numpy(dtype=np.float64)
        if coord_cols
        else np.full((len(ids), 2), np.nan)
    )

    tokens: dict[str, set[str]] = {}
    for col in categorical:
        name = fold(str(col))
        for idx, value in values[col].dropna().items():
            text = fold(str(value))
            if text:
                tokens.setdefault(str(idx), set()).add(f"{name}={text}")
    return FeatureTable(
        ids=list(ids),
        numeric=np.asarray(plain, dtype=np.float64).reshape(len(ids), len(plain_numeric)),
        tokens=[frozenset(tokens.get(i, ())) for i in ids],
        coords=coords,
        numeric_names=[str(c) for c in plain_numeric],
    )


def token_matrix(
    tables: Sequence[FeatureTable],
) -> tuple[list[NDArray[np.float64]], list[str]]:
    """One-hot matrices of the tables' tokens over a shared vocabulary (sorted)."""
    vocab = sorted({t for table in tables for toks in table.tokens for t in toks})
    where = {t: j for j, t in enumerate(vocab)}
    out = []
    for table in tables:
        m = np.zeros((len(table.ids), len(vocab)))
        for i, toks in enumerate(table.tokens):
            for t in toks:
                m[i, where[t]] = 1.0
        out.append(m)
    return out, vocab


def haversine_km(a: NDArray[np.float64], b: NDArray[np.float64]) -> NDArray[np.float64]:
    """Distances in km between every point of ``a`` (n, 2) and of ``b`` (m, 2): (n, m)."""
    la, lo = np.radians(a[:, :1]), np.radians(a[:, 1:2])
    lb, lob = np.radians(b[:, 0])[None, :], np.radians(b[:, 1])[None, :]
    h = np.sin((lb - la) / 2) ** 2 + np.cos(la) * np.cos(lb) * np.sin((lob - lo) / 2) ** 2
    return np.asarray(2 * EARTH_KM * np.arcsin(np.sqrt(np.clip(h, 0, 1))), dtype=np.float64)
