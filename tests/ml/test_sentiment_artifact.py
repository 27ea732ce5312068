"""The default sentiment model is an artifact: fitted once, saved with checksums, loaded by
later processes, fitted again when what it depends on changed or its files are damaged; a
loaded model scores without scikit-learn, bit for bit as the fitted one (issue #14)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from sazon.config import load_settings
from sazon.ml import ModelRegistry
from sazon.text.sentiment import SentimentModel, SentimentServing
from sazon.text.sentiment.artifact import ARTIFACT_NAME, default_key, load_or_fit
from sazon.text.sentiment.service import (
    default_estimator,
    default_training_data,
    hard_training_data,
)


def _small() -> tuple[list[str], list[str]]:
    # Enough reviews of every label to fit in a moment; the whole set is for the last tests.
    texts, labels = default_training_data()
    return texts[::6], labels[::6]


def test_load_or_fit__fits_once_then_loads_the_saved_version(tmp_path: Path) -> None:
    registry = ModelRegistry(tmp_path / "models")
    texts, labels = _small()
    fitted = load_or_fit(registry, texts, labels)
    assert registry.versions(ARTIFACT_NAME) == ["v0001"]
    assert registry.active(ARTIFACT_NAME) == "v0001"
    assert registry.manifest(ARTIFACT_NAME).data_fingerprint == default_key(texts, labels)

    # The default is the winner of the hard-writing comparison (docs/text.md).
    assert fitted.get_params() == default_estimator().get_params()
    assert fitted.hard_cues and fitted.calibrate

    loaded = load_or_fit(registry, texts, labels)
    assert registry.versions(ARTIFACT_NAME) == ["v0001"]  # loaded, not fitted and saved again
    assert "_state" in vars(loaded) and "_state" not in vars(fitted)
    assert loaded.predict(texts) == fitted.predict(texts)


def test_load_or_fit__damaged_weights_are_never_used_the_model_is_fitted_again(
    tmp_path: Path,
) -> None:
    registry = ModelRegistry(tmp_path / "models")
    texts, labels = _small()
    fitted = load_or_fit(registry, texts, labels)
    weights = registry.root / ARTIFACT_NAME / "v0001" / "weights.safetensors"
    data = bytearray(weights.read_bytes())
    data[len(data) // 2] ^= 0xFF
    weights.write_bytes(bytes(data))

    again = load_or_fit(registry, texts, labels)
    assert "_state" not in vars(again)  # fitted in this call, not read from the bad file
    [version] = registry.versions(ARTIFACT_NAME)  # the damaged one is gone, one new saved
    assert registry.active(ARTIFACT_NAME) == version
    assert registry.load(ARTIFACT_NAME).predict(texts) == fitted.predict(texts)  # checks out
    assert again.predict(texts) == fitted.predict(texts)


def test_load_or_fit__other_training_data_fits_again_and_drops_the_stale_version(
    tmp_path: Path,
) -> None:
    registry = ModelRegistry(tmp_path / "models")
    texts, labels = _small()
    load_or_fit(registry, texts, labels)
    fewer_texts, fewer_labels = texts[:-3], labels[:-3]
    assert default_key(fewer_texts, fewer_labels) != default_key(texts, labels)

    model = load_or_fit(registry, fewer_texts, fewer_labels)
    assert "_state" not in vars(model)
    assert registry.versions(ARTIFACT_NAME) == ["v0002"]
    manifest = registry.manifest(ARTIFACT_NAME)
    assert manifest.data_fingerprint == default_key(fewer_texts, fewer_labels)


def test_loaded_model__scores_without_scikit_learn_exactly_as_the_fitted_one(
    tmp_path: Path,
) -> None:
    texts, labels = default_training_data()
    fitted = default_estimator().fit(texts, labels)
    assert fitted.temperature_ != 1.0  # the calibration is part of what must match
    registry = ModelRegistry(tmp_path / "models")
    loaded = registry.load("m", registry.save(fitted, "m", metrics={}, data_fingerprint="x"))
    probe = list(dict.fromkeys(texts + hard_training_data()[0]))

    proba = loaded.predict_proba(probe)
    assert "clf_" not in vars(loaded)  # the arrays scored it, not scikit-learn's objects
    assert np.array_equal(proba, fitted.predict_proba(probe))  # the same numbers, bit for bit
    assert loaded.predict(probe) == fitted.predict(probe)
    # Asked for, the scikit-learn parts are still there, built from the same state.
    assert list(loaded.clf_.classes_) == list(fitted.clf_.classes_)


@pytest.mark.parametrize(
    "options",
    [{}, {"structure": True, "safety": True}],
    ids=["cues", "cues-structure-safety"],
)
def test_loaded_model_with_hard_cues__scores_as_the_fitted_one(
    tmp_path: Path, options: dict[str, bool]
) -> None:
    texts, labels = _small()
    fitted = SentimentModel(hard_cues=True, rule_scale=0.5, **options).fit(texts, labels)
    registry = ModelRegistry(tmp_path / "models")
    loaded = registry.load("m", registry.save(fitted, "m", metrics={}, data_fingerprint="x"))
    probe = hard_training_data()[0][:80]
    assert np.array_equal(loaded.predict_proba(probe), fitted.predict_proba(probe))
    assert "clf_" not in vars(loaded)


@pytest.mark.slow
def test_cli_sentiment__a_second_process_loads_the_model_and_never_imports_sklearn(
    tmp_path: Path,
) -> None:
    reviews = tmp_path / "one.csv"
    reviews.write_text('id,text\n1,"El ceviche buenazo, pero la atención lentísima"\n')
    script = (
        "import sys, json\n"
        "from sazon.cli.app import run\n"
        f"code = run(['text', 'sentiment', '-i', {str(reviews)!r}, '--format', 'json'])\n"
        "print(json.dumps({'code': code, 'sklearn': 'sklearn' in sys.modules}))\n"
    )
    env = {**os.environ, "SAZON_HOME": str(tmp_path / "home")}

    def once() -> tuple[dict[str, object], list[dict[str, object]]]:
        out = subprocess.run(
            [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True
        ).stdout
        *results, last = out.strip().splitlines()
        return json.loads(last), json.loads("\n".join(results))

    first, first_results = once()  # fits and saves the default model
    second, second_results = once()
    assert first == {"code": 0, "sklearn": True}
    assert second == {"code": 0, "sklearn": False}
    assert second_results == first_results

    # A server warms the saved model at start: its first request then finds it loaded.
    serving = SentimentServing(load_settings(home=tmp_path / "home"))
    assert serving.warm_up() is True
    assert serving._current is not None and serving._current.name == "sentiment-default"


def test_warm_up__without_a_saved_model_fits_nothing(tmp_path: Path) -> None:
    serving = SentimentServing(load_settings(home=tmp_path / "home"))
    assert serving.warm_up() is False
    assert serving._current is None
    assert not (tmp_path / "home" / "models").exists()
