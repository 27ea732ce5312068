"""A tiny deterministic embedder for tests and for speed: hashed character n-grams.

This is not a language model: it knows spelling, not meaning ("rico" and "delicioso" are
unrelated to it). It exists so tests that need many vectors run in milliseconds, and it is
never the default.
"""

from __future__ import annotations

import math
import zlib
from collections import Counter

import numpy as np
from numpy.typing import NDArray

from sazon.text.embeddings.base import CachedEmbedder, EmbedKind
from sazon.text.normalise import fold, normalise

_EMPTY = "\x00empty"


class HashingEmbedder(CachedEmbedder):
    """Signed feature hashing of character 3–5-grams and whole words, sublinear counts."""

    parallel_safe = True

    def __init__(self, dim: int = 256, *, batch_size: int = 256, cache_size: int = 10_000) -> None:
        super().__init__(f"hashing:{dim}", dim, batch_size=batch_size, cache_size=cache_size)

    def _load(self) -> int:
        return self.dim

    @staticmethod
    def _features(text: str) -> Counter[str]:
        words = fold(normalise(text)).split()
        grams: Counter[str] = Counter(f"w:{w}" for w in words)
        for word in words:
            padded = f" {word} "
            for n in (3, 4, 5):
                grams.update(padded[i : i + n] for i in range(max(len(padded) - n + 1, 1)))
        return grams or Counter({_EMPTY: 1})

    def _encode(self, texts: list[str], kind: EmbedKind) -> NDArray[np.floating]:
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            for gram, count in self._features(text).items():
                # crc32 is stable across processes and platforms (hash() is salted).
                h = zlib.crc32(gram.encode("utf-8"))
                sign = 1.0 if (h >> 31) & 1 else -1.0
                out[row, h % self.dim] += sign * (1.0 + math.log(count))
            if not out[row].any():  # every feature cancelled out: keep the row unit-length
                out[row, zlib.crc32(text.encode("utf-8")) % self.dim] = 1.0
        return out
