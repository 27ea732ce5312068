"""What a saved model is made of, without pickle: parameters, arrays and plain JSON.

A :class:`ModelState` is a tree: a class path, the constructor parameters, numeric arrays
(written to safetensors), other fitted values as tagged JSON, and named children (the steps
of a pipeline, the parts of a composite model). Our own estimators produce one with
``to_state()`` and rebuild from one with ``from_state()``; scikit-learn linear models,
vectorisers, scalers and pipelines are handled here, attribute by attribute.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol, Self, runtime_checkable

import numpy as np
from numpy.typing import NDArray

from sazon.errors import InvalidInput

# The scikit-learn classes whose fitted state is only arrays and plain values, each one
# covered by a save→load test. Anything else must be wrapped in a sazon estimator.
SKLEARN_CLASSES = frozenset(
    {
        "sklearn.linear_model._logistic:LogisticRegression",
        "sklearn.linear_model._stochastic_gradient:SGDClassifier",
        "sklearn.linear_model._ridge:Ridge",
        "sklearn.linear_model._base:LinearRegression",
        "sklearn.svm._classes:LinearSVC",
        "sklearn.feature_extraction.text:TfidfVectorizer",
        "sklearn.feature_extraction.text:CountVectorizer",
        "sklearn.feature_extraction.text:TfidfTransformer",
        "sklearn.preprocessing._data:StandardScaler",
        "sklearn.naive_bayes:MultinomialNB",
        "sklearn.naive_bayes:ComplementNB",
        "sklearn.pipeline:Pipeline",
    }
)
# Fitted values exposed as properties rather than instance attributes.
_PROPERTY_ATTRS = {
    "sklearn.feature_extraction.text:TfidfVectorizer": ("idf_",),
}


@dataclass
class ModelState:
    """One node of a saved model: how to rebuild it and what it learned.

    ``params`` and ``meta`` hold plain Python values (numbers, strings, lists, tuples, sets,
    dicts, small arrays); they are written as tagged JSON and come back with their types.
    ``arrays`` are numeric and go to safetensors unchanged (dtype and shape kept).
    """

    cls: str
    params: dict[str, Any] = field(default_factory=dict)
    arrays: dict[str, NDArray[Any]] = field(default_factory=dict)
    meta: dict[str, Any] = field(default_factory=dict)
    children: dict[str, ModelState] = field(default_factory=dict)


@runtime_checkable
class SupportsState(Protocol):
    """A sazon estimator that can be saved by the registry."""

    def get_params(self, deep: bool = True) -> dict[str, Any]: ...

    def to_state(self) -> ModelState: ...

    @classmethod
    def from_state(cls, state: ModelState) -> Self: ...


def class_path(obj: object) -> str:
    kind = type(obj)
    return f"{kind.__module__}:{kind.__qualname__}"


# ---- tagged JSON for parameters and small fitted values -------------------------------


def to_json(value: Any) -> Any:
    """A JSON-safe form of a parameter value that :func:`from_json` turns back exactly."""
    if value is None or isinstance(value, bool | str):
        return value
    if isinstance(value, np.generic):
        return to_json(value.item())
    if isinstance(value, int | float):
        return value
    if isinstance(value, tuple):
        return {"__tuple__": [to_json(v) for v in value]}
    if isinstance(value, list):
        return [to_json(v) for v in value]
    if isinstance(value, set | frozenset):
        return {"__set__": sorted((to_json(v) for v in value), key=repr)}
    if isinstance(value, Mapping):
        if not all(isinstance(k, str) for k in value):
            # Keys of other types (class_weight={0: 1.0, 1: 3.0}) keep their type in pairs.
            return {"__pairs__": [[to_json(k), to_json(v)] for k, v in value.items()]}
        return {str(k): to_json(v) for k, v in value.items()}
    if isinstance(value, np.ndarray):
        return {"__array__": to_json(value.tolist()), "dtype": value.dtype.str}
    if isinstance(value, type) and issubclass(value, np.generic):
        return {"__dtype__": np.dtype(value).name}
    raise InvalidInput(
        f"cannot save a value of type {type(value).__name__} ({value!r:.60}): keep model "
        "parameters to numbers, strings, lists and dicts (no functions or objects)"
    )


def from_json(value: Any) -> Any:
    """The inverse of :func:`to_json`."""
    if isinstance(value, list):
        return [from_json(v) for v in value]
    if not isinstance(value, dict):
        return value
    if "__tuple__" in value:
        return tuple(from_json(v) for v in value["__tuple__"])
    if "__set__" in value:
        return {from_json(v) for v in value["__set__"]}
    if "__pairs__" in value:
        return {from_json(k): from_json(v) for k, v in value["__pairs__"]}
    if "__array__" in value:
        return np.asarray(from_json(value["__array__"]), dtype=np.dtype(value["dtype"]))
    if "__dtype__" in value:
        return np.dtype(value["__dtype__"]).type
    return {k: from_json(v) for k, v in value.items()}


# ---- scikit-learn ----------------------------------------------------------------------


def _numeric(array: NDArray[Any]) -> bool:
    return array.dtype.kind in "biuf"


def sklearn_to_state(obj: Any) -> ModelState:
    """The state of a supported scikit-learn object (see :data:`SKLEARN_CLASSES`)."""
    path = class_path(obj)
    if path not in SKLEARN_CLASSES:
        raise InvalidInput(
            f"cannot save {path}: the registry saves {', '.join(sorted(SKLEARN_CLASSES))}; "
            "wrap anything else in an estimator with to_state()/from_state()"
        )
    state = ModelState(cls=path)
    if path == "sklearn.pipeline:Pipeline":
        state.meta["step_names"] = [name for name, _ in obj.steps]
        for name, step in obj.steps:
            state.children[name] = sklearn_to_state(step)
        params = {k: v for k, v in obj.get_params(deep=False).items() if k != "steps"}
    else:
        params = obj.get_params(deep=False)
    state.params = dict(params)
    names = [k for k in vars(obj) if k.endswith("_") and not k.startswith("_")]
    names += [k for k in _PROPERTY_ATTRS.get(path, ()) if hasattr(obj, k)]
    for name in names:
        value = getattr(obj, name)
        if isinstance(value, np.ndarray) and _numeric(value):
            state.arrays[name] = np.ascontiguousarray(value)
        else:
            state.meta[name] = value
    return state


def sklearn_from_state(state: ModelState) -> Any:
    """Rebuild a scikit-learn object from :func:`sklearn_to_state`'s output."""
    if state.cls not in SKLEARN_CLASSES:
        raise InvalidInput(f"refusing to load {state.cls}: not a supported scikit-learn class")
    kind = _import_class(state.cls)
    params = dict(state.params)
    if state.cls == "sklearn.pipeline:Pipeline":
        steps = [(n, sklearn_from_state(state.children[n])) for n in state.meta["step_names"]]
        obj = kind(steps=steps, **params)
    else:
        obj = kind(**params)
    for name, value in state.meta.items():
        if name != "step_names":
            setattr(obj, name, value)
    for name, array in state.arrays.items():
        setattr(obj, name, array)
    return obj


# ---- any model -------------------------------------------------------------------------


def _import_class(path: str) -> Any:
    module_name, _, qualname = path.partition(":")
    module = importlib.import_module(module_name)
    obj: Any = module
    for part in qualname.split("."):
        obj = getattr(obj, part)
    return obj


def to_state(model: Any) -> ModelState:
    """The state of a sazon estimator (``to_state()``) or a supported scikit-learn object."""
    if isinstance(model, SupportsState):
        state = model.to_state()
        state.cls = class_path(model)
        return state
    if type(model).__module__.startswith("sklearn."):
        return sklearn_to_state(model)
    raise InvalidInput(
        f"cannot save {class_path(model)}: give it to_state()/from_state() "
        "(see sazon.ml.SupportsState) or use a supported scikit-learn class"
    )


TRUSTED_MODULES = ("sazon.",)


def from_state(state: ModelState, trusted: tuple[str, ...] = TRUSTED_MODULES) -> Any:
    """Rebuild a model. Only classes with ``from_state`` from modules under ``trusted`` and
    the listed scikit-learn classes are ever imported: a manifest cannot make us run
    anything else."""
    if state.cls.startswith("sklearn."):
        return sklearn_from_state(state)
    if not state.cls.startswith(trusted):
        raise InvalidInput(
            f"refusing to load {state.cls}: only models from {', '.join(trusted)} and "
            "scikit-learn are loaded"
        )
    try:
        kind = _import_class(state.cls)
    except (ImportError, AttributeError) as exc:
        raise InvalidInput(f"model class {state.cls} no longer exists in this version") from exc
    if not (isinstance(kind, type) and hasattr(kind, "from_state")):
        raise InvalidInput(f"refusing to load {state.cls}: it has no from_state()")
    return kind.from_state(state)


# ---- flattening for the files on disk -------------------------------------------------


def flatten(state: ModelState, prefix: str = "") -> tuple[dict[str, Any], dict[str, NDArray[Any]]]:
    """The JSON tree and the flat ``{"child/…/name": array}`` map that go to disk."""
    arrays = {f"{prefix}{k}": v for k, v in state.arrays.items()}
    children: dict[str, Any] = {}
    for name, child in state.children.items():
        if "/" in name:
            raise InvalidInput(f"child name {name!r} must not contain '/'")
        tree, child_arrays = flatten(child, f"{prefix}{name}/")
        children[name] = tree
        arrays.update(child_arrays)
    tree = {
        "cls": state.cls,
        "params": {k: to_json(v) for k, v in state.params.items()},
        "meta": {k: to_json(v) for k, v in state.meta.items()},
        "arrays": sorted(state.arrays),
        "children": children,
    }
    return tree, arrays


def unflatten(
    tree: Mapping[str, Any], arrays: Mapping[str, NDArray[Any]], prefix: str = ""
) -> ModelState:
    """The inverse of :func:`flatten`."""
    missing = [k for k in tree["arrays"] if f"{prefix}{k}" not in arrays]
    if missing:
        raise InvalidInput(f"saved model is incomplete: arrays {missing} are missing")
    return ModelState(
        cls=tree["cls"],
        params={k: from_json(v) for k, v in tree["params"].items()},
        arrays={k: arrays[f"{prefix}{k}"] for k in tree["arrays"]},
        meta={k: from_json(v) for k, v in tree["meta"].items()},
        children={
            name: unflatten(child, arrays, f"{prefix}{name}/")
            for name, child in tree["children"].items()
        },
    )
