"""Score a saved :class:`~sazon.text.sentiment.model.SentimentModel` without scikit-learn.

A saved model is tf-idf vectorisers, standard scalers and a logistic regression: arithmetic
on the arrays in its state. Importing scikit-learn (and with it SciPy's statistics) costs
more than scoring a review (issue #14), so a loaded model scores with this module and builds
the scikit-learn objects only if something asks for them. It does the same steps as
scikit-learn 1.x (``TfidfVectorizer.transform``, ``StandardScaler.transform``,
``LogisticRegression.predict_proba``) in the same order — each row's sums taken term by
term in column order, as SciPy's sparse product and scikit-learn's row normalisation take
them — so the probabilities are the same numbers, bit for bit (the registry's conformance
check and ``tests/ml/test_sentiment_artifact.py`` compare them exactly). A state with any
option this module does not reproduce (an embedder, two classes) gets ``None`` from
:meth:`LinearScorer.from_state`, and scikit-learn is used.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from sazon.ml import ModelState
from sazon.text.sentiment.calibration import softmax

__all__ = ["LinearScorer"]

_WHITE_SPACES = re.compile(r"\s\s+")
# Vectoriser options this module reproduces, with the only values it accepts.
_TFIDF_FIXED = {
    "input": "content",
    "lowercase": False,
    "preprocessor": None,
    "tokenizer": None,
    "stop_words": None,
    "strip_accents": None,
    "binary": False,
    "norm": "l2",
    "use_idf": True,
    "vocabulary": None,
}


def _char_wb(doc: str, low: int, high: int) -> list[str]:
    """Character n-grams inside words, padded with a space each side (scikit-learn's
    ``char_wb``); a word shorter than ``n`` counts once."""
    grams: list[str] = []
    for word in _WHITE_SPACES.sub(" ", doc).split():
        padded = f" {word} "
        for n in range(low, high + 1):
            offset = 0
            grams.append(padded[offset : offset + n])
            while offset + n < len(padded):
                offset += 1
                grams.append(padded[offset : offset + n])
            if offset == 0:
                break
    return grams


def _word_ngrams(tokens: list[str], low: int, high: int) -> list[str]:
    grams = list(tokens) if low == 1 else []
    for n in range(max(low, 2), min(high, len(tokens)) + 1):
        grams.extend(" ".join(tokens[i : i + n]) for i in range(len(tokens) - n + 1))
    return grams


@dataclass(frozen=True)
class _Tfidf:
    vocabulary: dict[str, int]
    idf: NDArray[np.float64]
    analyse: Callable[[str], list[str]]
    sublinear: bool

    @classmethod
    def from_state(cls, state: ModelState) -> _Tfidf | None:
        params = state.params
        if any(params.get(k) != v for k, v in _TFIDF_FIXED.items()):
            return None
        low, high = params["ngram_range"]
        analyse: Callable[[str], list[str]]
        if params.get("analyzer") == "char_wb":
            analyse = lambda doc: _char_wb(doc, low, high)  # noqa: E731
        elif params.get("analyzer") == "word":
            pattern = re.compile(params["token_pattern"])
            if pattern.groups > 1:
                return None
            analyse = lambda doc: _word_ngrams(pattern.findall(doc), low, high)  # noqa: E731
        else:
            return None
        return cls(
            {str(k): int(v) for k, v in state.meta["vocabulary_"].items()},
            np.asarray(state.arrays["idf_"], dtype=np.float64),
            analyse,
            bool(params["sublinear_tf"]),
        )

    def rows(self, docs: Sequence[str]) -> list[list[tuple[int, float]]]:
        """Each doc's tf-idf row: (column, value) in column order, unit length."""
        columns: list[list[int]] = []
        counts: list[int] = []
        for doc in docs:
            found = Counter(
                i for g in self.analyse(doc) if (i := self.vocabulary.get(g)) is not None
            )
            ordered = sorted(found)
            columns.append(ordered)
            counts.extend(found[c] for c in ordered)
        # One array for every doc, as scikit-learn's matrix data, and the same operations.
        data = np.asarray(counts, dtype=np.float64)
        if self.sublinear:
            np.log(data, data)
            data += 1.0
        data *= self.idf[np.asarray([c for cols in columns for c in cols], dtype=np.int64)]
        values: list[float] = data.tolist()
        out: list[list[tuple[int, float]]] = []
        start = 0
        for cols in columns:
            row = values[start : start + len(cols)]
            start += len(cols)
            total = 0.0
            for v in row:
                total += v * v
            if total != 0.0:
                norm = math.sqrt(total)
                row = [v / norm for v in row]
            out.append(list(zip(cols, row, strict=True)))
        return out


def _scale(state: ModelState, x: NDArray[np.float64]) -> NDArray[np.float64] | None:
    params = state.params
    if params.get("with_mean", True):
        if "mean_" not in state.arrays:
            return None
        x = x - state.arrays["mean_"]
    if params.get("with_std", True):
        if "scale_" not in state.arrays:
            return None
        x = x / state.arrays["scale_"]
    return x


@dataclass(frozen=True)
class LinearScorer:
    """The tf-idf blocks, scalers and logistic regression of a saved sentiment model."""

    words: _Tfidf
    chars: _Tfidf
    scalers: dict[str, ModelState]
    weights: list[list[float]]  # per column, its coefficient for each class
    intercept: NDArray[np.float64]
    classes: list[str]

    @classmethod
    def from_state(cls, state: ModelState) -> LinearScorer | None:
        """The scorer of a :class:`SentimentModel` state, or None when it needs
        scikit-learn (an embedder, or an option this module does not reproduce)."""
        if state.params.get("embedder"):
            return None
        children = state.children
        clf = children["clf"]
        coef = np.asarray(clf.arrays["coef_"], dtype=np.float64)
        # Two classes take the logistic of one column (scipy's expit): not reproduced.
        if coef.ndim != 2 or coef.shape[0] < 3:
            return None
        words = _Tfidf.from_state(children["words"])
        chars = _Tfidf.from_state(children["chars"])
        if words is None or chars is None:
            return None
        scalers: dict[str, ModelState] = {
            k: children[k] for k in ("scaler", "cues", "structure") if k in children
        }
        return cls(
            words,
            chars,
            scalers,
            coef.T.tolist(),
            np.asarray(clf.arrays["intercept_"], dtype=np.float64),
            [str(c) for c in clf.meta.get("classes_", state.meta["classes_"])],
        )

    def proba(
        self,
        marked: Sequence[str],
        plain: Sequence[str],
        blocks: dict[str, NDArray[np.float64]],
        rule_scale: float,
        temperature: float | NDArray[np.float64] = 1.0,
    ) -> NDArray[np.float64] | None:
        """Class probabilities, one row per text, in :attr:`classes` order.

        ``blocks`` are the unscaled dense features by scaler name (``scaler``: the rule
        features, ``cues``: the hard cues); None if a scaler cannot be reproduced. The scores
        are divided by ``temperature`` (the model's calibration; one number, or one per
        text) before the softmax.
        """
        n_words, n_chars = len(self.words.idf), len(self.chars.idf)
        dense: list[NDArray[np.float64]] = []
        for name, state in self.scalers.items():
            scaled = _scale(state, blocks[name])
            if scaled is None:
                return None
            dense.append(scaled * rule_scale)
        tail = np.hstack(dense) if dense else np.zeros((len(marked), 0))
        offset = n_words + n_chars
        if offset + tail.shape[1] != len(self.weights):
            return None
        n_classes = len(self.intercept)
        scores = np.zeros((len(marked), n_classes))
        word_rows, char_rows = self.words.rows(marked), self.chars.rows(plain)
        for i, tail_row in enumerate(tail.tolist()):
            # Column order, zeros left out: the order of the sparse matrix scikit-learn builds.
            entries = [
                *word_rows[i],
                *((n_words + c, v) for c, v in char_rows[i]),
                *((offset + j, v) for j, v in enumerate(tail_row) if v != 0.0),
            ]
            sums = [0.0] * n_classes
            for column, value in entries:
                weights = self.weights[column]
                for k in range(n_classes):
                    sums[k] += value * weights[k]
            scores[i] = sums
        scores += self.intercept
        if np.ndim(temperature):
            scores /= np.reshape(temperature, (-1, 1))
        elif temperature != 1.0:
            scores /= temperature
        return softmax(scores)
