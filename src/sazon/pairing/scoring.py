"""Score wines for a dish: rules alone or rules + learned ranker, with a calibrated confidence.

The learned model is looked up in this order: the active ``pairing`` version in the model
registry (written by ``sazon pairing train``), then the pre-trained default shipped in
``data/pairing_model.json``. Whether the ranker or the rules decide the order by default is
``DEFAULT_USE_RANKER``, set from the benchmark (see ``docs/pairing.md``).
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from sazon.errors import SazonError
from sazon.pairing.features import FEATURE_NAMES, PRIOR, pair_features
from sazon.pairing.ranker import PairingRanker
from sazon.pairing.rule_checks import Hit
from sazon.pairing.rules import RULE_IDS
from sazon.pairing.schemas import DishProfile, WineProfile

MODEL_NAME = "pairing"
PACKAGED = "pairing_model.json"
# Decided on the blind held-out set C (bench/bench_pairing.py, docs/pairing.md): rules + ranker
# tied rules alone on hit@3, top-1 and clearly-wrong-in-top-3 (as on set B), so it did not beat
# them. The rules decide by default; the ranker stays available (use_ranker=True, --ranker).
DEFAULT_USE_RANKER = False
# Only if no model file can be read at all (a broken install): a fixed, uncalibrated curve.
_FALLBACK_PLATT = (0.35, -0.6)


@dataclass(frozen=True)
class PairingModel:
    """The learned part, where it came from, and whether it ranks by default."""

    ranker: PairingRanker | None
    source: str
    use_ranker: bool = DEFAULT_USE_RANKER
    meta: dict[str, Any] | None = None


@dataclass(frozen=True)
class Scored:
    wine: WineProfile
    raw: float
    confidence: float
    hits: dict[str, Hit]
    weights: dict[str, float]

    @property
    def score(self) -> float:
        """The raw score squashed to 0–1 (monotone: it keeps the order, it is not a probability)."""
        return round(1.0 / (1.0 + math.exp(-self.raw / 3.0)), 3)


def packaged_model() -> dict[str, Any] | None:
    try:
        text = resources.files("sazon.pairing").joinpath("data", PACKAGED).read_text("utf-8")
    except FileNotFoundError:
        return None
    data: dict[str, Any] = json.loads(text)
    return data


@cache
def _packaged_ranker() -> tuple[PairingRanker | None, str, dict[str, Any] | None]:
    data = packaged_model()
    if data is None or data.get("feature_names") != list(FEATURE_NAMES):
        return None, "none", None
    return PairingRanker.from_json(data["ranker"]), "package", data


def load_model(models_dir: Path | None = None, *, use_ranker: bool | None = None) -> PairingModel:
    """The model to score with: the registry's active ``pairing`` version, else the packaged one.

    ``use_ranker`` overrides :data:`DEFAULT_USE_RANKER`.
    """
    choice = DEFAULT_USE_RANKER if use_ranker is None else use_ranker
    if models_dir is not None and (models_dir / MODEL_NAME / "ACTIVE").exists():
        from sazon.ml import ModelRegistry

        registry = ModelRegistry(models_dir)
        try:
            manifest = registry.manifest(MODEL_NAME)
            ranker = registry.load(MODEL_NAME)
        except SazonError:
            ranker = None
        if isinstance(ranker, PairingRanker) and ranker.n_features_in_ == len(FEATURE_NAMES):
            return PairingModel(
                ranker, f"registry:{manifest.version}", choice, dict(manifest.metrics)
            )
    ranker, source, data = _packaged_ranker()
    return PairingModel(ranker, source, choice, (data or {}).get("metrics"))


def _sigmoid(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-z))


def score_wines(
    profile: DishProfile,
    wines: list[WineProfile],
    model: PairingModel,
    *,
    learned: bool | None = None,
) -> list[Scored]:
    """Every wine scored for the dish, best first (ties broken by wine id, so stable)."""
    if not wines:
        return []
    use = model.use_ranker if learned is None else learned
    use = use and model.ranker is not None and all(w.alcoholic for w in wines)
    rows = [pair_features(profile, w) for w in wines]
    X = np.vstack([x for x, _ in rows])  # noqa: N806
    ranker = model.ranker
    if use and ranker is not None:
        raw = ranker.decision_function(X)
        conf = ranker.confidence(raw)
        weights = dict(zip(RULE_IDS, (float(c) for c in ranker.coef_), strict=False))
    else:
        raw = X @ np.asarray(PRIOR)
        if ranker is not None:
            conf = ranker.rules_confidence(raw)
        else:
            a, b = _FALLBACK_PLATT
            conf = np.array([_sigmoid(a * r + b) for r in raw])
        weights = dict(zip(RULE_IDS, PRIOR, strict=False))
    scored = [
        Scored(w, float(r), round(float(c), 3), hits, weights)
        for w, (_, hits), r, c in zip(wines, rows, raw, conf, strict=True)
    ]
    scored.sort(key=lambda s: (-round(s.raw, 9), s.wine.wine_id))
    return scored
