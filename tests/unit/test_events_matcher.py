"""The planner's note matcher degrades to word overlap only when the embedding model's
package is missing; a model that misbehaves is an error, not a log line (issue #13)."""

from __future__ import annotations

import logging

import numpy as np
import pytest
from numpy.typing import NDArray

from sazon.errors import DependencyUnavailable, InvalidInput
from sazon.events import EmbeddingMatcher, TokenOverlapMatcher
from sazon.text import CachedEmbedder

DOCS = ["Tiradito nikkei de pescado", "Picarones con miel", "Lomo saltado"]
NOTES = ["le encanta el tiradito", "ama lo dulce"]


class PackageMissing(CachedEmbedder):
    """A backend whose optional package is not installed, as the real ones report it."""

    def __init__(self) -> None:
        super().__init__("missing", 8)

    def _load(self) -> int:
        raise DependencyUnavailable("the 'missing' embedder needs its package: pip install it")

    def _encode(self, texts: list[str], kind: str) -> NDArray[np.floating]:
        raise AssertionError("never loaded")


class WrongShape(CachedEmbedder):
    """A model that loads but answers with the wrong number of dimensions."""

    def __init__(self) -> None:
        super().__init__("wrong-shape", 8)

    def _load(self) -> int:
        return 8

    def _encode(self, texts: list[str], kind: str) -> NDArray[np.floating]:
        return np.ones((len(texts), 3))


def test_matcher__a_missing_model_package_falls_back_to_word_overlap_and_says_so(
    caplog: pytest.LogCaptureFixture,
) -> None:
    with caplog.at_level(logging.WARNING, logger="sazon"):
        hits = EmbeddingMatcher(PackageMissing()).match(NOTES, DOCS)
    assert (hits == TokenOverlapMatcher().match(NOTES, DOCS)).all()
    assert "token overlap only" in caplog.text


def test_matcher__a_model_that_misbehaves_is_an_error_not_a_log_line() -> None:
    # Found in review: every exception from the embedder was logged and ignored, so a broken
    # model silently planned on word overlap.
    with pytest.raises(InvalidInput, match="got 3 dimensions, expected 8"):
        EmbeddingMatcher(WrongShape()).match(NOTES, DOCS)
