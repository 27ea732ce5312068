"""Machine-learning services: the model registry, safe model state and estimator checks.

``ModelRegistry(settings.home / "models")`` saves versioned models without pickle and
serves the active version; ``check_estimator`` is the conformance suite every sazon model
passes (see STYLE.md, "Models").
"""

from typing import TYPE_CHECKING

from sazon.lazy import lazy_exports

if TYPE_CHECKING:
    from sazon.ml.conformance import check_estimator
    from sazon.ml.metrics import model_quality_source
    from sazon.ml.registry import ModelManifest, ModelRegistry, fingerprint
    from sazon.ml.state import (
        SKLEARN_CLASSES,
        ModelState,
        SupportsState,
        from_state,
        sklearn_from_state,
        sklearn_to_state,
        to_state,
    )
    from sazon.ml.trees import TreeArrays
    from sazon.ml.trees import from_forest as trees_from_forest
    from sazon.ml.trees import from_sklearn as trees_from_sklearn

__getattr__, __dir__ = lazy_exports(__name__, __file__)

__all__ = [
    "SKLEARN_CLASSES",
    "ModelManifest",
    "ModelRegistry",
    "ModelState",
    "SupportsState",
    "TreeArrays",
    "check_estimator",
    "fingerprint",
    "from_state",
    "model_quality_source",
    "sklearn_from_state",
    "sklearn_to_state",
    "to_state",
    "trees_from_forest",
    "trees_from_sklearn",
]
