"""The model registry: versioned artifacts under ``<home>/models/<name>/<version>/``.

Each version directory holds ``manifest.json`` (who, when, from what data, how good),
``state.json`` (how to rebuild the model) and ``weights.safetensors`` (its arrays). Nothing
is pickled, so loading a model never runs code from the file. A version is written to a
temporary directory and renamed into place, so a reader never sees half a model; the active
version is one small file replaced atomically.
"""

from __future__ import annotations

import hashlib
import json
import os
import platform
import re
import shutil
import tempfile
from collections.abc import Iterable, Mapping
from datetime import datetime
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
from pydantic import BaseModel, Field

from sazon.errors import InvalidInput, NotFound
from sazon.ml.state import (
    TRUSTED_MODULES,
    ModelState,
    flatten,
    from_state,
    to_json,
    to_state,
    unflatten,
)
from sazon.timeutil import utcnow

if TYPE_CHECKING:
    from sazon.config import Settings

FORMAT = "sazon-state/1"
MANIFEST = "manifest.json"
STATE = "state.json"
WEIGHTS = "weights.safetensors"
ACTIVE = "ACTIVE"

_NAME_RE = re.compile(r"^[a-z0-9][a-z0-9_.-]{0,63}$")
_VERSION_RE = re.compile(r"^v(\d{4,})$")
_LIBRARIES = ("numpy", "scikit-learn", "safetensors", "sazon")


class ModelManifest(BaseModel):
    """What the registry knows about one saved version."""

    name: str
    version: str
    format: str = FORMAT
    model_class: str
    library_versions: dict[str, str]
    params: dict[str, Any]
    data_fingerprint: str
    metrics: dict[str, float]
    created_at: datetime
    files: dict[str, str] = Field(description="file name → sha256 of its bytes")
    active: bool = Field(default=False, description="set when read, not stored")


def fingerprint(data: Iterable[Any]) -> str:
    """``sha256:<hex>`` of the rows in order, each written as canonical JSON.

    Rows can be dicts (keys sorted), sequences or scalars; a pandas DataFrame counts as its
    records. The same data gives the same fingerprint in any process.

    >>> fingerprint([{"text": "rico", "label": 1}]) == fingerprint([{"label": 1, "text": "rico"}])
    True
    """
    to_dict = getattr(data, "to_dict", None)
    if callable(to_dict) and hasattr(data, "columns"):
        data = to_dict(orient="records")
    digest = hashlib.sha256()
    for row in data:
        digest.update(_canonical(row).encode("utf-8"))
        digest.update(b"\n")
    return f"sha256:{digest.hexdigest()}"


def _canonical(row: Any) -> str:
    return json.dumps(
        to_json(_plain(row)), sort_keys=True, ensure_ascii=False, separators=(",", ":")
    )


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def _state_params(state: ModelState) -> dict[str, Any]:
    # A pipeline's parameters are its own plus each step's, nested under the step name.
    params: dict[str, Any] = dict(state.params)
    for name, child in state.children.items():
        params[name] = _state_params(child)
    return params


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _library_versions(extra: Iterable[str] = ()) -> dict[str, str]:
    versions = {"python": platform.python_version()}
    for name in (*_LIBRARIES, *extra):
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            continue
    return versions


def _check_name(name: str) -> str:
    if not _NAME_RE.match(name):
        raise InvalidInput(
            f"model name {name!r} is not valid: use lower-case letters, digits, '.', '_' "
            "or '-' (up to 64 characters), for example 'sentiment'"
        )
    return name


def _check_version(version: str) -> str:
    if not _VERSION_RE.match(version):
        raise InvalidInput(f"model version {version!r} is not valid: versions look like v0001")
    return version


def _version_number(version: str) -> int:
    match = _VERSION_RE.match(version)
    return int(match.group(1)) if match else -1


class ModelRegistry:
    """Saved models by name and version, with one active version per name.

    >>> registry = ModelRegistry(settings.home / "models")  # doctest: +SKIP
    >>> version = registry.save(model, "sentiment", metrics={"macro_f1": 0.81},
    ...                         data_fingerprint=fingerprint(rows))  # doctest: +SKIP
    >>> registry.activate("sentiment", version)  # doctest: +SKIP
    >>> model = registry.load("sentiment")  # the active one  # doctest: +SKIP
    """

    def __init__(self, root: Path, *, trusted_modules: Iterable[str] = TRUSTED_MODULES) -> None:
        self.root = Path(root)
        # Model classes are imported by name from the manifest: only from these packages.
        self.trusted_modules = tuple(trusted_modules)

    @classmethod
    def from_settings(cls, settings: Settings) -> ModelRegistry:
        """The registry inside the data directory: ``<home>/models``."""
        return cls(settings.home / "models")

    # ---- writing ------------------------------------------------------------------

    def save(
        self,
        model: Any,
        name: str,
        *,
        metrics: Mapping[str, float],
        data_fingerprint: str,
        params: Mapping[str, Any] | None = None,
        activate: bool = False,
        libraries: Iterable[str] = (),
    ) -> str:
        """Write ``model`` as the next version of ``name`` and return that version.

        ``params`` default to the model's constructor parameters (a pipeline's nested by
        step); ``libraries`` adds package names whose
        versions the manifest should record (scikit-learn, numpy and sazon always are).
        """
        from safetensors.numpy import save_file

        _check_name(name)
        state = to_state(model)
        if params is None:
            params = _state_params(state)
        tree, arrays = flatten(state)
        model_dir = self.root / name
        model_dir.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=".tmp-", dir=model_dir))
        try:
            (tmp / STATE).write_text(
                json.dumps(tree, ensure_ascii=False, sort_keys=True, indent=1), "utf-8"
            )
            save_file({k: np.ascontiguousarray(v) for k, v in arrays.items()}, tmp / WEIGHTS)
            files = {f: _sha256(tmp / f) for f in (STATE, WEIGHTS)}
            manifest_data = {
                "name": name,
                "format": FORMAT,
                "model_class": state.cls,
                "library_versions": _library_versions(libraries),
                "params": {k: to_json(v) for k, v in params.items()},
                "data_fingerprint": data_fingerprint,
                "metrics": {k: float(v) for k, v in metrics.items()},
                "created_at": utcnow().isoformat(),
                "files": files,
            }
            version = self._publish(model_dir, tmp, manifest_data)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
        if activate:
            self.activate(name, version)
        return version

    def _publish(self, model_dir: Path, tmp: Path, manifest_data: dict[str, Any]) -> str:
        # Another process may publish the same number first: rename fails, take the next.
        number = max((_version_number(v) for v in self._version_dirs(model_dir)), default=0)
        for _ in range(1000):
            number += 1
            version = f"v{number:04d}"
            manifest_data["version"] = version
            (tmp / MANIFEST).write_text(json.dumps(manifest_data, indent=1, ensure_ascii=False))
            try:
                os.rename(tmp, model_dir / version)
            except OSError:
                if (model_dir / version).exists():
                    continue
                raise
            return version
        raise InvalidInput(f"could not allocate a new version under {model_dir}")

    def activate(self, name: str, version: str) -> None:
        """Make ``version`` the one :meth:`load` returns for ``name``."""
        self.manifest(name, version)  # raises NotFound when it does not exist
        model_dir = self.root / name
        fd, tmp_name = tempfile.mkstemp(prefix=".active-", dir=model_dir)
        with os.fdopen(fd, "w") as fh:
            fh.write(version + "\n")
        os.replace(tmp_name, model_dir / ACTIVE)

    # ---- reading ------------------------------------------------------------------

    @staticmethod
    def _version_dirs(model_dir: Path) -> list[str]:
        if not model_dir.is_dir():
            return []
        found = [p.name for p in model_dir.iterdir() if p.is_dir() and _VERSION_RE.match(p.name)]
        return sorted(found, key=_version_number)

    def names(self) -> list[str]:
        """Every model name that has at least one version."""
        if not self.root.is_dir():
            return []
        return sorted(p.name for p in self.root.iterdir() if self._version_dirs(p))

    def versions(self, name: str) -> list[str]:
        """The versions of ``name``, oldest first."""
        return self._version_dirs(self.root / _check_name(name))

    def active(self, name: str) -> str | None:
        """The active version of ``name``, or None when none was activated."""
        path = self.root / _check_name(name) / ACTIVE
        try:
            version = path.read_text().strip()
        except FileNotFoundError:
            return None
        return version or None

    def manifest(self, name: str, version: str | None = None) -> ModelManifest:
        """The manifest of ``version`` (default: the active one)."""
        version = self._resolve(name, version)
        path = self.root / name / version / MANIFEST
        try:
            data = json.loads(path.read_text("utf-8"))
        except FileNotFoundError:
            raise NotFound(
                f"model {name} has no version {version}; saved versions: "
                f"{', '.join(self.versions(name)) or 'none'}"
            ) from None
        data["active"] = self.active(name) == version
        return ModelManifest.model_validate(data)

    def list(self) -> list[ModelManifest]:
        """The manifest of every saved version, by name then version."""
        return [self.manifest(n, v) for n in self.names() for v in self.versions(n)]

    def _resolve(self, name: str, version: str | None) -> str:
        _check_name(name)
        if version is not None:
            return _check_version(version)
        active = self.active(name)
        if active is None:
            saved = self.versions(name)
            hint = (
                f"activate one of {', '.join(saved)} with ModelRegistry.activate"
                if saved
                else "train and save one first"
            )
            raise NotFound(f"model {name} has no active version: {hint}")
        return active

    def load(self, name: str, version: str | None = None) -> Any:
        """The model saved as ``name``/``version`` (default: the active version).

        The files are checked against the sha256 sums in the manifest first.
        """
        from safetensors.numpy import load_file

        manifest = self.manifest(name, version)
        version_dir = self.root / name / manifest.version
        for file_name, expected in manifest.files.items():
            if _sha256(version_dir / file_name) != expected:
                raise InvalidInput(
                    f"model {name} {manifest.version}: {file_name} does not match its manifest "
                    "(the file was changed or is damaged); save the model again"
                )
        tree = json.loads((version_dir / STATE).read_text("utf-8"))
        arrays = load_file(version_dir / WEIGHTS)
        return from_state(unflatten(tree, arrays), self.trusted_modules)
