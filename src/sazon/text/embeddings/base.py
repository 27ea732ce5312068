"""The ``Embedder`` interface and the machinery every backend shares.

A backend only says how to load its model and how to encode one batch. This base class
adds what callers rely on: lazy loading once per process (thread-safe), batching, an LRU
cache keyed by (kind, text) so a repeated review is never encoded twice, float32 rows of
unit length, and ``(0, dim)`` for no input.
"""

from __future__ import annotations

import threading
from abc import ABC, abstractmethod
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar, Literal, Protocol, runtime_checkable

import numpy as np
from numpy.typing import NDArray

from sazon.errors import InvalidInput

EmbedKind = Literal["query", "passage"]
KINDS: tuple[EmbedKind, ...] = ("query", "passage")
Vectors = NDArray[np.float32]


@runtime_checkable
class Embedder(Protocol):
    """Anything that turns texts into unit-length float32 vectors of a fixed size.

    ``kind="query"`` is for a search query, ``"passage"`` for what is searched (reviews,
    posts); models trained without the distinction give the same vector for both.
    """

    @property
    def name(self) -> str: ...

    @property
    def dim(self) -> int: ...

    def embed(self, texts: Sequence[str], *, kind: EmbedKind = "passage") -> Vectors: ...


@dataclass(frozen=True)
class CacheInfo:
    hits: int
    misses: int
    size: int
    capacity: int


def unit_rows(vectors: NDArray[np.floating]) -> Vectors:
    """Rows scaled to length 1 as float32; an all-zero row stays zero."""
    out: Vectors = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(out, axis=1, keepdims=True)
    scaled: Vectors = np.zeros_like(out)
    np.divide(out, norms, out=scaled, where=norms > 0)
    return scaled


class CachedEmbedder(ABC):
    """Base for the backends: subclasses implement :meth:`_load` and :meth:`_encode`."""

    # Whether the model encodes queries and passages differently (e5 does, USE does not).
    uses_kind: ClassVar[bool] = False
    # Whether two threads may run _encode at once (native engines are not guaranteed to).
    parallel_safe: ClassVar[bool] = False

    def __init__(
        self, name: str, dim: int | None, *, batch_size: int = 64, cache_size: int = 10_000
    ) -> None:
        if batch_size < 1:
            raise InvalidInput("batch_size must be at least 1")
        if cache_size < 0:
            raise InvalidInput("cache_size must be 0 (no cache) or more")
        self._name = name
        self._dim = dim
        self.batch_size = batch_size
        self.cache_size = cache_size
        self._loaded = False
        self._load_lock = threading.Lock()
        self._encode_lock = threading.Lock()
        self._cache: OrderedDict[tuple[str, str], Vectors] = OrderedDict()
        self._cache_lock = threading.Lock()
        self._hits = 0
        self._misses = 0

    def __repr__(self) -> str:
        return f"{type(self).__name__}(name={self._name!r})"

    @property
    def name(self) -> str:
        return self._name

    @property
    def dim(self) -> int:
        if self._dim is None:
            self.load()
        assert self._dim is not None
        return self._dim

    @property
    def loaded(self) -> bool:
        return self._loaded

    def load(self) -> None:
        """Load the model now (otherwise the first :meth:`embed` does)."""
        if self._loaded:
            return
        with self._load_lock:
            if not self._loaded:
                dim = self._load()
                if self._dim is not None and dim != self._dim:
                    raise InvalidInput(
                        f"{self._name}: model gives {dim} dimensions, not {self._dim}"
                    )
                self._dim = dim
                self._loaded = True

    @abstractmethod
    def _load(self) -> int:
        """Load the model and return its dimension."""

    @abstractmethod
    def _encode(self, texts: list[str], kind: EmbedKind) -> NDArray[np.floating]:
        """Encode one batch (at most ``batch_size`` texts)."""

    def embed(self, texts: Sequence[str], *, kind: EmbedKind = "passage") -> Vectors:
        """Unit-length float32 vectors, one row per text, in order.

        >>> embedder.embed(["el ceviche estaba delicioso"]).shape  # doctest: +SKIP
        (1, 384)
        """
        if isinstance(texts, str):
            raise InvalidInput("embed takes a list of texts, not one string: embed([text])")
        if kind not in KINDS:
            raise InvalidInput(f"kind must be 'query' or 'passage', not {kind!r}")
        items = list(texts)
        for i, text in enumerate(items):
            if not isinstance(text, str):
                raise InvalidInput(f"text {i} is a {type(text).__name__}, not a string")
        if not items:
            return np.zeros((0, self.dim), dtype=np.float32)
        cache_kind = kind if self.uses_kind else "passage"
        found: dict[str, Vectors] = {}
        todo: list[str] = []
        with self._cache_lock:
            for text in items:
                if text in found:
                    continue
                row = self._cache.get((cache_kind, text))
                if row is None:
                    if text not in todo:
                        todo.append(text)
                    continue
                self._cache.move_to_end((cache_kind, text))
                found[text] = row
            self._hits += len(items) - len(todo)
            self._misses += len(todo)
        if todo:
            self.load()
            for start in range(0, len(todo), self.batch_size):
                batch = todo[start : start + self.batch_size]
                rows = self._encode_locked(batch, kind)
                for text, row in zip(batch, rows, strict=True):
                    row.setflags(write=False)
                    found[text] = row
            self._remember(cache_kind, todo, found)
        return np.stack([found[text] for text in items]).astype(np.float32, copy=False)

    def _encode_locked(self, batch: list[str], kind: EmbedKind) -> Vectors:
        if self.parallel_safe:
            raw = self._encode(batch, kind)
        else:
            with self._encode_lock:
                raw = self._encode(batch, kind)
        rows = unit_rows(np.asarray(raw).reshape(len(batch), -1))
        if rows.shape[1] != self.dim:
            raise InvalidInput(f"{self._name}: got {rows.shape[1]} dimensions, expected {self.dim}")
        return rows

    def _remember(self, kind: str, texts: list[str], found: dict[str, Vectors]) -> None:
        if self.cache_size == 0:
            return
        with self._cache_lock:
            for text in texts:
                self._cache[(kind, text)] = found[text]
                self._cache.move_to_end((kind, text))
            while len(self._cache) > self.cache_size:
                self._cache.popitem(last=False)

    def cache_info(self) -> CacheInfo:
        """Hits and misses since the last :meth:`clear_cache`, and the cache's size."""
        with self._cache_lock:
            return CacheInfo(self._hits, self._misses, len(self._cache), self.cache_size)

    def clear_cache(self) -> None:
        with self._cache_lock:
            self._cache.clear()
            self._hits = self._misses = 0
