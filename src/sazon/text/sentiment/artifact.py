"""The packaged default sentiment model as an artifact: fitted once, then loaded.

Fitting the default model costs seconds of CPU (issue #14: 4.7 s in ``SentimentModel.fit``),
and every CLI call, server and worker used to pay it. Now the first process that needs it
fits it and saves it in the model registry as ``sentiment-default``
(``<home>/models/sentiment-default/vNNNN/``, with the sha256 of each file in its manifest);
every later process loads it.

The saved model is used only while its key matches: the key covers what the fitted weights
depend on — the packaged training reviews, the model's parameters, the code and data files
that turn a text into features (``sazon.text``, ``sazon.knowledge``, ``sazon.ml``) and the
versions of the libraries that fit it. A change to any of them, a file that fails its
checksum or a model that no longer loads means the default is fitted again (same data, same
seed, so the same model as before) and saved as a new version; the stale ones are removed.
A stale or damaged file is never used.
"""

from __future__ import annotations

import hashlib
import json
import logging
import shutil
import threading
from importlib import metadata, resources
from importlib.resources.abc import Traversable

from sazon.errors import SazonError
from sazon.ml import ModelRegistry, fingerprint
from sazon.text.sentiment.model import SentimentModel
from sazon.text.sentiment.service import DEFAULT_MODEL_NAME, default_estimator

__all__ = ["ARTIFACT_NAME", "default_key", "load_or_fit"]

log = logging.getLogger(__name__)

#: The registry name the fitted default model is saved under: the name results give it.
ARTIFACT_NAME = DEFAULT_MODEL_NAME
# The packages whose code or data shape the features, and the libraries that fit the model.
_SOURCES = ("sazon.text", "sazon.knowledge", "sazon.ml")
_LIBRARIES = (
    "numpy",
    "scipy",
    "scikit-learn",
    "lingua-language-detector",
    "simplemma",
    "snowballstemmer",
    "emoji",
)
_lock = threading.Lock()


def _files(folder: Traversable, prefix: str) -> list[tuple[str, Traversable]]:
    found: list[tuple[str, Traversable]] = []
    for entry in folder.iterdir():
        name = f"{prefix}/{entry.name}"
        if entry.is_dir():
            if entry.name != "__pycache__":
                found.extend(_files(entry, name))
        elif not entry.name.endswith((".pyc", ".pyo")):
            found.append((name, entry))
    return found


def default_key(texts: list[str], labels: list[str]) -> str:
    """``sha256:<hex>`` of everything the fitted default model depends on (module doc)."""
    digest = hashlib.sha256()
    digest.update(fingerprint(zip(texts, labels, strict=True)).encode())
    digest.update(json.dumps(default_estimator().get_params(), sort_keys=True).encode())
    for library in _LIBRARIES:
        try:
            digest.update(f"{library}={metadata.version(library)}\n".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{library}=none\n".encode())
    for package in _SOURCES:
        for name, entry in sorted(_files(resources.files(package), package)):
            digest.update(name.encode() + b"\0" + entry.read_bytes() + b"\0")
    return f"sha256:{digest.hexdigest()}"


def _saved(registry: ModelRegistry, key: str) -> SentimentModel | None:
    """The active saved default when its key matches and its files check out, else None."""
    version: str | None = None
    try:
        version = registry.active(ARTIFACT_NAME)
        if version is None:
            return None
        manifest = registry.manifest(ARTIFACT_NAME, version)
        if manifest.data_fingerprint != key:
            log.info("the saved default sentiment model %s is stale: fitting it again", version)
            return None
        model = registry.load(ARTIFACT_NAME, version)  # checks every file's sha256
    except (SazonError, OSError, ValueError, KeyError, TypeError, ImportError) as exc:
        cause = exc.message if isinstance(exc, SazonError) else type(exc).__name__
        log.warning("the saved default sentiment model cannot be used (%s): fitting it", cause)
        if version is not None:  # damaged: no process should try it again
            shutil.rmtree(registry.root / ARTIFACT_NAME / version, ignore_errors=True)
        return None
    return model if isinstance(model, SentimentModel) else None


def _save(registry: ModelRegistry, model: SentimentModel, key: str) -> None:
    try:
        version = registry.save(model, ARTIFACT_NAME, metrics={}, data_fingerprint=key)
        registry.activate(ARTIFACT_NAME, version)
    except (SazonError, OSError) as exc:  # a read-only data directory: serve it unsaved
        cause = exc.message if isinstance(exc, SazonError) else type(exc).__name__
        log.warning("the default sentiment model could not be saved (%s)", cause)
        return
    # Versions fitted from other inputs are of no more use. One with this key may be another
    # process's, saved at the same moment: it stays, whichever of the two ends up active.
    for old in registry.versions(ARTIFACT_NAME):
        try:
            stale = registry.manifest(ARTIFACT_NAME, old).data_fingerprint != key
        except (SazonError, OSError, ValueError):
            stale = True
        if stale:
            shutil.rmtree(registry.root / ARTIFACT_NAME / old, ignore_errors=True)


def load_or_fit(registry: ModelRegistry, texts: list[str], labels: list[str]) -> SentimentModel:
    """The default model from ``registry`` if a valid one is saved, else fitted and saved."""
    key = default_key(texts, labels)
    model = _saved(registry, key)
    if model is not None:
        return model
    with _lock:  # two threads of one process fit it once
        model = _saved(registry, key)
        if model is None:
            model = default_estimator().fit(texts, labels)
            _save(registry, model, key)
    return model
