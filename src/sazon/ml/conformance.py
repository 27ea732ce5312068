"""The conformance suite every sazon estimator passes (STYLE.md, "Models").

``check_estimator(factory, X, y)`` runs the checks in order and raises ``AssertionError``
naming the first rule broken; it returns the names of the checks it ran, so a test can
also assert that the optional ones (the seed check) were not skipped.
"""

from __future__ import annotations

import inspect
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from sazon.errors import NotFitted

_OUTPUTS = ("predict", "predict_proba", "decision_function", "transform")


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        a_arr, b_arr = np.asarray(a), np.asarray(b)
        return a_arr.shape == b_arr.shape and bool(np.array_equal(a_arr, b_arr))
    if isinstance(a, list | tuple) and isinstance(b, list | tuple):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    return bool(a == b)


def _outputs(estimator: Any, X: Any) -> dict[str, Any]:  # noqa: N803
    return {
        name: getattr(estimator, name)(X)
        for name in _OUTPUTS
        if callable(getattr(estimator, name, None))
    }


def check_estimator(factory: Callable[[], Any], X: Any, y: Any) -> list[str]:  # noqa: N803
    """Check that ``factory()`` builds an estimator that follows the house rules.

    - its class builds with no arguments (defaults construct);
    - ``get_params`` returns the constructor arguments unchanged, and building the class
      again from them (a clone) gives the same parameters;
    - ``predict`` before ``fit`` raises :class:`sazon.errors.NotFitted`;
    - ``fit`` returns the estimator itself and sets at least one ``name_`` attribute;
    - saving through :class:`sazon.ml.ModelRegistry` and loading back gives identical
      outputs (``predict`` and, when present, ``predict_proba``/``decision_function``);
    - two fits with the same ``random_state`` give identical outputs (or, for an estimator
      without ``random_state``, two fits are identical anyway).
    """
    from sazon.ml.registry import ModelRegistry, fingerprint

    ran: list[str] = []
    estimator = factory()
    kind = type(estimator)

    try:
        default = kind()
    except TypeError as exc:
        raise AssertionError(f"{kind.__name__}() must build with defaults only: {exc}") from exc
    default_params = default.get_params(deep=False)
    for key, parameter in inspect.signature(kind.__init__).parameters.items():
        if parameter.default is inspect.Parameter.empty or key not in default_params:
            continue
        if not _same(default_params[key], parameter.default):
            raise AssertionError(
                f"{kind.__name__}.{key} must store the constructor argument unchanged "
                f"(default {parameter.default!r}, stored {default_params[key]!r})"
            )
    ran.append("defaults_construct")

    params = estimator.get_params(deep=False)
    for key, value in params.items():
        if not hasattr(estimator, key) or not _same(getattr(estimator, key), value):
            raise AssertionError(
                f"{kind.__name__}.{key} must store the constructor argument unchanged"
            )
    clone = kind(**params)
    if not _same(clone.get_params(deep=False), params):
        raise AssertionError(f"{kind.__name__}(**get_params()) must give the same parameters")
    ran.append("params_round_trip")

    try:
        factory().predict(X)
    except NotFitted:
        pass
    except Exception as exc:
        raise AssertionError(
            f"{kind.__name__}.predict before fit must raise sazon.errors.NotFitted, "
            f"not {type(exc).__name__}"
        ) from exc
    else:
        raise AssertionError(f"{kind.__name__}.predict before fit must raise NotFitted")
    ran.append("not_fitted")

    before = set(vars(estimator))
    returned = estimator.fit(X, y)
    if returned is not estimator:
        raise AssertionError(f"{kind.__name__}.fit must return self")
    learned = [k for k in set(vars(estimator)) - before if k.endswith("_")]
    if not learned:
        raise AssertionError(f"{kind.__name__}.fit must set learned attributes named like 'coef_'")
    ran.append("fit_returns_self")

    expected = _outputs(estimator, X)
    with tempfile.TemporaryDirectory() as tmp:
        # The class under test is trusted here even when it lives in a test module.
        registry = ModelRegistry(Path(tmp), trusted_modules=("sazon.", kind.__module__))
        version = registry.save(
            estimator, "conformance", metrics={}, data_fingerprint=fingerprint([])
        )
        loaded = registry.load("conformance", version)
    if type(loaded) is not kind:
        raise AssertionError(f"loading gave a {type(loaded).__name__}, not a {kind.__name__}")
    if not _same(loaded.get_params(deep=False), params):
        raise AssertionError(f"{kind.__name__}: parameters changed through save and load")
    got = _outputs(loaded, X)
    for name, value in expected.items():
        if not _same(got.get(name), value):
            raise AssertionError(f"{kind.__name__}.{name} differs after save and load")
    ran.append("save_load_identical")

    seeded = {"random_state": 0} if "random_state" in params else {}
    first = kind(**{**params, **seeded}).fit(X, y)
    second = kind(**{**params, **seeded}).fit(X, y)
    out_a, out_b = _outputs(first, X), _outputs(second, X)
    for name, value in out_a.items():
        if not _same(out_b[name], value):
            raise AssertionError(
                f"{kind.__name__}.{name} differs between two fits with the same random_state"
            )
    ran.append("same_seed_same_output")
    return ran
