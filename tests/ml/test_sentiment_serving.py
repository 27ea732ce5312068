"""Serving the active sentiment model: a model the registry cannot load is a broken
dependency (the worker stops, the API answers 503), never the text's fault."""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np
import pytest
from sklearn.preprocessing import StandardScaler  # type: ignore[import-untyped]

from sazon.config import load_settings
from sazon.errors import DependencyUnavailable
from sazon.ml import ModelRegistry, fingerprint
from sazon.text.sentiment import SentimentAnalyzer, SentimentItem, SentimentServing, default_model
from sazon.text.sentiment.limits import MAX_ANALYSED_CHARS, clip_text


def _saved_default(registry: ModelRegistry) -> str:
    return registry.save(
        default_model(), "sentiment", metrics={}, data_fingerprint=fingerprint([]), activate=True
    )


def _missing_version(registry: ModelRegistry) -> str:
    (registry.root / "sentiment").mkdir(parents=True)
    (registry.root / "sentiment" / "ACTIVE").write_text("v0042\n")
    return "v0042"


def _not_a_version(registry: ModelRegistry) -> str:
    _saved_default(registry)
    (registry.root / "sentiment" / "ACTIVE").write_text("latest\n")
    return "latest"


def _damaged_weights(registry: ModelRegistry) -> str:
    version = _saved_default(registry)
    weights = registry.root / "sentiment" / version / "weights.safetensors"
    data = bytearray(weights.read_bytes())
    data[len(data) // 2] ^= 0xFF
    weights.write_bytes(bytes(data))
    return version


def _removed_state(registry: ModelRegistry) -> str:
    version = _saved_default(registry)
    (registry.root / "sentiment" / version / "state.json").unlink()
    return version


def _wrong_class(registry: ModelRegistry) -> str:
    scaler = StandardScaler().fit(np.array([[0.0], [1.0]]))
    return registry.save(
        scaler, "sentiment", metrics={}, data_fingerprint=fingerprint([]), activate=True
    )


@pytest.mark.parametrize(
    "breaks",
    [_missing_version, _not_a_version, _damaged_weights, _removed_state, _wrong_class],
    ids=lambda f: f.__name__.strip("_"),
)
def test_serving__an_active_model_that_cannot_load_is_dependency_unavailable(
    tmp_path: Path, breaks: object
) -> None:
    settings = load_settings(home=tmp_path / "home")
    registry = ModelRegistry.from_settings(settings)
    version = breaks(registry)  # type: ignore[operator]
    serving = SentimentServing(settings)
    with pytest.raises(DependencyUnavailable) as raised:
        serving.current()
    message = raised.value.message
    assert raised.value.exit_code == 3
    assert f"sentiment model {version}" in message
    assert "sazon text train-sentiment" in message and "activate another" in message
    # Fixed, it serves again without a restart.
    (registry.root / "sentiment" / "ACTIVE").unlink()
    [result] = serving.analyse([SentimentItem(id="1", text="riquísimo todo")])
    assert result.label == "positive" and serving.current().version == "builtin"


def test_serving__follows_a_newly_activated_version(tmp_path: Path) -> None:
    settings = load_settings(home=tmp_path / "home")
    serving = SentimentServing(settings)
    assert serving.current().version == "builtin"
    version = _saved_default(ModelRegistry.from_settings(settings))
    assert (serving.current().name, serving.current().version) == ("sentiment", version)


@pytest.mark.parametrize(
    "text",
    ["ab" * 25_000, "rico, pero caro y " * 2_800, "Riiiico el ceviche 😋 pero caaaro. " * 1_500],
    ids=["one-long-word", "many-clauses", "review-like"],
)
def test_analyzer__a_50000_character_text_is_read_in_part_and_quickly(text: str) -> None:
    """Regression guard for the quadratic elongation pattern (a max-size API request took
    about 18 minutes): the analyzer reads the first 5,000 characters and says so. Typical
    time is well under 0.1 s; the bound is loose for a busy 2-core machine."""
    analyzer = SentimentAnalyzer(default_model())
    analyzer.analyse_texts(["riiico"])  # the model and lexicons load outside the timing
    start = time.perf_counter()
    [result] = analyzer.analyse_texts([text[:50_000]])
    assert time.perf_counter() - start < 2
    assert result.warnings == ["only the first 5000 of 50000 characters were analysed"]
    assert all(len(a.evidence) <= 300 for a in result.aspects)


def test_analyzer__short_texts_carry_no_warning_and_cuts_fall_between_words() -> None:
    [result] = SentimentAnalyzer(default_model()).analyse_texts(["rico pero caro"])
    assert result.warnings == []
    assert clip_text("rico " * 2_000) == ("rico " * 1_000).strip()
    assert len(clip_text("x" * 6_000)) == MAX_ANALYSED_CHARS
