"""The learned overall-polarity model: rule features plus word and character n-grams.

The rule scorer knows Peruvian slang, negation and contrast; a linear model on top of it
learns how much each of its signals counts and fills the gaps from the words themselves:

- the rule features (:data:`~sazon.text.sentiment.rules.FEATURE_NAMES`), standardised;
- word unigrams and bigrams over lexicon keys, with the words in a negation's scope marked
  (``no rico`` is the feature ``neg_rico``, not ``rico``), tf-idf weighted;
- character 2–5-grams inside words, which catch spellings and slang no list has;
- optionally a sentence embedding from an :class:`~sazon.text.Embedder`.

A multinomial logistic regression turns them into probabilities for negative, neutral and
positive. Then one guard: a text the rules read as a firm complaint is never called praise
("rico todo, pero nos trataron pésimo y no volvemos" is at best mixed).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial
from typing import Any, Self

import numpy as np
from numpy.typing import NDArray

from sazon.errors import InvalidInput, NotFitted
from sazon.ml import ModelState, sklearn_from_state, sklearn_to_state
from sazon.text.language import detect_languages
from sazon.text.sentiment.calibration import (
    fit_temperature,
    fit_temperatures,
    softmax,
    written_hard,
)
from sazon.text.sentiment.cues import CUE_NAMES, cue_vector
from sazon.text.sentiment.limits import clip_text
from sazon.text.sentiment.linear import LinearScorer
from sazon.text.sentiment.negation import marked_tokens, negators
from sazon.text.sentiment.rules import RuleAnalysis, RuleScorer
from sazon.text.sentiment.structure import STRUCTURE_NAMES, structure_vector
from sazon.text.sentiment.verdicts import (
    apply_safety,
    apply_verdicts,
    guard_complaints,
    verdicts_of,
)

__all__ = ["LABELS", "SentimentModel", "guard_complaints", "marked_tokens", "negators"]

LABELS: tuple[str, ...] = ("negative", "neutral", "positive")


class SentimentModel:
    """Overall polarity of restaurant and beverage texts, in Spanish and English.

    ``fit(texts, labels)`` with labels in ``negative|neutral|positive``; ``predict`` gives
    labels and ``predict_proba`` one row of probabilities per text in :data:`LABELS` order.
    ``embedder`` names an embedder for :func:`sazon.text.make_embedder` (None: no
    embeddings); ``C`` is the inverse regularisation of the logistic regression;
    ``hard_cues`` adds the cues of :mod:`~sazon.text.sentiment.cues`; ``calibrate`` learns a
    temperature for the probabilities (:mod:`~sazon.text.sentiment.calibration`), and
    ``hard_temperature`` a second one for the texts where a hard cue fires;
    ``verdicts`` lets a rhetorical answer or a before/now turn decide
    (:mod:`~sazon.text.sentiment.verdicts`); ``structure`` adds the features of
    :mod:`~sazon.text.sentiment.structure` (where the argument turns, what it ends on);
    ``safety`` never lets a text with a firm complaint phrase be praise.

    >>> model = SentimentModel().fit(texts, labels)  # doctest: +SKIP
    >>> model.predict(["rico pero caro", "pésimo, no vuelvo"])  # doctest: +SKIP
    ['neutral', 'negative']
    """

    def __init__(
        self,
        *,
        C: float = 2.0,  # noqa: N803 - the name every linear model in scikit-learn uses
        embedder: str | None = None,
        char_ngrams: tuple[int, int] = (2, 5),
        word_ngrams: tuple[int, int] = (1, 2),
        rule_scale: float = 1.0,
        class_weight: str | None = "balanced",
        guard: bool = True,
        hard_cues: bool = False,
        calibrate: bool = False,
        verdicts: bool = False,
        hard_temperature: bool = False,
        structure: bool = False,
        safety: bool = False,
        solver: str = "newton-cg",
        max_iter: int = 3000,
        random_state: int | None = 0,
    ) -> None:
        self.C = C
        self.embedder = embedder
        self.char_ngrams = char_ngrams
        self.word_ngrams = word_ngrams
        self.rule_scale = rule_scale
        self.class_weight = class_weight
        self.guard = guard
        self.hard_cues = hard_cues
        self.calibrate = calibrate
        self.verdicts = verdicts
        self.hard_temperature = hard_temperature
        self.structure = structure
        self.safety = safety
        self.solver = solver
        self.max_iter = max_iter
        self.random_state = random_state

    # -- scikit-learn conventions -------------------------------------------------------

    def get_params(self, deep: bool = True) -> dict[str, Any]:
        return {name: getattr(self, name) for name in _PARAMS}

    def set_params(self, **params: Any) -> Self:
        for key, value in params.items():
            if key not in self.get_params():
                raise InvalidInput(f"SentimentModel has no parameter {key!r}")
            setattr(self, key, value)
        return self

    # -- features -----------------------------------------------------------------------

    def analyse(
        self, texts: Sequence[str], languages: Sequence[str] | None = None
    ) -> tuple[list[str], list[RuleAnalysis]]:
        """The language and the rule analysis of each text (what the features start from).

        Each text is read up to :data:`~sazon.text.sentiment.limits.MAX_ANALYSED_CHARS`
        characters (see :func:`~sazon.text.sentiment.limits.clip_text`).
        """
        texts = [clip_text(t) for t in texts]
        langs = list(languages) if languages is not None else detect_languages(texts)
        scorer = _scorer()
        analyses = [scorer.analyse(t, lang) for t, lang in zip(texts, langs, strict=True)]
        return langs, analyses

    def _inputs(
        self, texts: Sequence[str], langs: Sequence[str], analyses: Sequence[RuleAnalysis]
    ) -> tuple[list[str], list[str], dict[str, NDArray[np.float64]]]:
        """The marked and plain word strings and the dense blocks (rule features, and the
        hard cues when used) that the vectorisers and scalers read."""
        marked = [marked_tokens(t, lang) for t, lang in zip(texts, langs, strict=True)]
        plain = [" ".join(w.removeprefix("neg_") for w in m.split()) for m in marked]
        rules = np.vstack([a.features() for a in analyses]) if analyses else np.zeros((0, 15))
        blocks = {"scaler": rules}
        if self.hard_cues:  # irony, rhetorical questions, "before vs now"… (cues.py)
            blocks["cues"] = _stack(
                [
                    cue_vector(t, partial(_piece_score, lang), a.score)
                    for t, lang, a in zip(texts, langs, analyses, strict=True)
                ],
                len(CUE_NAMES),
            )
        if self.structure:  # where the argument turns, what it ends on (structure.py)
            blocks["structure"] = _stack(
                [
                    structure_vector(t, a, partial(_piece_score, a.lang))
                    for t, a in zip(texts, analyses, strict=True)
                ],
                len(STRUCTURE_NAMES),
            )
        return marked, plain, blocks

    def _matrix(
        self,
        texts: Sequence[str],
        langs: Sequence[str],
        analyses: Sequence[RuleAnalysis],
        *,
        fit: bool,
        inputs: tuple[list[str], list[str], dict[str, NDArray[np.float64]]] | None = None,
    ) -> Any:
        from scipy import sparse  # type: ignore[import-untyped]
        from sklearn.feature_extraction.text import TfidfVectorizer  # type: ignore[import-untyped]
        from sklearn.preprocessing import StandardScaler  # type: ignore[import-untyped]

        marked, plain, dense = inputs or self._inputs(texts, langs, analyses)
        rules = dense["scaler"]
        if fit:
            self.words_ = TfidfVectorizer(
                analyzer="word",
                token_pattern=r"\S+",
                ngram_range=self.word_ngrams,
                min_df=1,
                sublinear_tf=True,
                lowercase=False,
            )
            self.chars_ = TfidfVectorizer(
                analyzer="char_wb",
                ngram_range=self.char_ngrams,
                min_df=2,
                sublinear_tf=True,
                lowercase=False,
            )
            self.scaler_ = StandardScaler()
            word_part = self.words_.fit_transform(marked)
            char_part = self.chars_.fit_transform(plain)
            rule_part = self.scaler_.fit_transform(rules)
        else:
            word_part = self.words_.transform(marked)
            char_part = self.chars_.transform(plain)
            rule_part = self.scaler_.transform(rules)
        blocks: list[Any] = [word_part, char_part, sparse.csr_matrix(rule_part * self.rule_scale)]
        for name, attr in _DENSE_SCALERS.items():  # the hard cues, the structure
            if name not in dense:
                continue
            if fit:
                setattr(self, attr, StandardScaler())
                part = getattr(self, attr).fit_transform(dense[name])
            else:
                part = getattr(self, attr).transform(dense[name])
            blocks.append(sparse.csr_matrix(part * self.rule_scale))
        if self.embedder:
            blocks.append(sparse.csr_matrix(self._embed(texts)))
        return sparse.hstack(blocks, format="csr")

    def _embed(self, texts: Sequence[str]) -> NDArray[np.float32]:
        from sazon.text.embeddings import make_embedder

        assert self.embedder is not None
        return make_embedder(self.embedder).embed(list(texts), kind="query")

    # -- fit and predict ----------------------------------------------------------------

    def fit(self, X: Sequence[str], y: Sequence[str]) -> Self:  # noqa: N803
        """Learn from texts ``X`` and their labels ``y`` (negative, neutral, positive)."""
        from sklearn.linear_model import LogisticRegression  # type: ignore[import-untyped]

        texts, labels = [clip_text(t) for t in X], list(y)
        if len(texts) != len(labels):
            raise InvalidInput(f"{len(texts)} texts but {len(labels)} labels")
        unknown = sorted({lab for lab in labels if lab not in LABELS})
        if unknown:
            raise InvalidInput(f"unknown labels {unknown}: use negative, neutral or positive")
        if len(set(labels)) < 2:
            raise InvalidInput("training needs texts of at least two different labels")
        # A loaded model fitted again forgets what it was loaded from.
        self.__dict__.pop("_state", None)
        self.__dict__.pop("_fast", None)
        langs, analyses = self.analyse(texts)
        inputs = self._inputs(texts, langs, analyses)
        matrix = self._matrix(texts, langs, analyses, fit=True, inputs=inputs)

        def classifier() -> Any:
            return LogisticRegression(
                C=self.C,
                class_weight=self.class_weight,
                solver=self.solver,
                max_iter=self.max_iter,
                random_state=self.random_state,
            )

        self.clf_ = classifier().fit(matrix, labels)
        self.classes_ = [str(c) for c in self.clf_.classes_]
        if self.calibrate and self.hard_temperature and self.hard_cues:
            self.temperature_, self.temperature_hard_ = fit_temperatures(
                matrix,
                labels,
                classifier,
                written_hard(inputs[2]["cues"]),
                groups=texts,
                seed=self.random_state,
            )
        else:
            self.temperature_ = (
                fit_temperature(matrix, labels, classifier, groups=texts, seed=self.random_state)
                if self.calibrate
                else 1.0
            )
            self.temperature_hard_ = self.temperature_
        return self

    def _temperatures(self, blocks: dict[str, NDArray[np.float64]]) -> float | NDArray[np.float64]:
        """The temperature of each text: one number, or one per text when the texts written
        a hard way have their own (calibration.py)."""
        plain = float(self.__dict__.get("temperature_", 1.0))
        hard = float(self.__dict__.get("temperature_hard_", plain))
        if hard == plain or "cues" not in blocks:
            return plain
        return np.where(written_hard(blocks["cues"]), hard, plain)

    def _check_fitted(self) -> None:
        # Not hasattr(self, "clf_"): on a loaded model that would build scikit-learn's objects.
        if "clf_" not in self.__dict__ and "_state" not in self.__dict__:
            raise NotFitted("the sentiment model is not fitted: call fit() or load one")

    def predict_proba_analysed(
        self, texts: Sequence[str], langs: Sequence[str], analyses: Sequence[RuleAnalysis]
    ) -> NDArray[np.float64]:
        """Probabilities in :data:`LABELS` order, from already computed analyses."""
        self._check_fitted()
        if not texts:
            return np.zeros((0, len(LABELS)))
        inputs = self._inputs(texts, langs, analyses)
        temperature = self._temperatures(inputs[2])
        raw = self._fast_proba(inputs, temperature)
        if raw is None:
            matrix = self._matrix(texts, langs, analyses, fit=False, inputs=inputs)
            if np.ndim(temperature):
                scores = self.clf_.decision_function(matrix)
                raw = softmax(scores / np.reshape(temperature, (-1, 1)))
            elif temperature == 1.0:
                raw = self.clf_.predict_proba(matrix)
            else:  # the same steps as predict_proba, with the scores divided first
                raw = softmax(self.clf_.decision_function(matrix) / temperature)
        out = np.zeros((len(texts), len(LABELS)))
        for j, label in enumerate(self.classes_):
            out[:, LABELS.index(label)] = raw[:, j]
        if self.verdicts:
            out = apply_verdicts(out, verdicts_of(analyses, _piece_score))
        if self.safety:
            out = apply_safety(out, analyses)
        return out

    def _fast_proba(
        self,
        inputs: tuple[list[str], list[str], dict[str, NDArray[np.float64]]],
        temperature: float | NDArray[np.float64],
    ) -> NDArray[np.float64] | None:
        """A loaded model's probabilities without scikit-learn (see linear.py), or None."""
        fast: LinearScorer | None = self.__dict__.get("_fast")
        if fast is None or "clf_" in self.__dict__:
            return None
        marked, plain, blocks = inputs
        return fast.proba(marked, plain, blocks, self.rule_scale, temperature)

    def predict_proba(self, X: Sequence[str]) -> NDArray[np.float64]:  # noqa: N803
        self._check_fitted()
        texts = [clip_text(t) for t in X]
        langs, analyses = self.analyse(texts)
        return self.predict_proba_analysed(texts, langs, analyses)

    def labels_from(
        self, proba: NDArray[np.float64], analyses: Sequence[RuleAnalysis]
    ) -> list[str]:
        """The label of each row (the most probable one), with the complaint guard."""
        labels = [LABELS[int(i)] for i in np.argmax(proba, axis=1)] if len(proba) else []
        if not self.guard:
            return labels
        found = verdicts_of(analyses, _piece_score) if self.verdicts else None
        return guard_complaints(labels, analyses, found)

    def predict(self, X: Sequence[str]) -> list[str]:  # noqa: N803
        self._check_fitted()
        texts = [clip_text(t) for t in X]
        langs, analyses = self.analyse(texts)
        return self.labels_from(self.predict_proba_analysed(texts, langs, analyses), analyses)

    # -- saving -------------------------------------------------------------------------

    def to_state(self) -> ModelState:
        self._check_fitted()
        return ModelState(
            cls="",
            params=self.get_params(),
            meta={
                "classes_": list(self.classes_),
                "temperature_": self.temperature_,
                "temperature_hard_": self.__dict__.get("temperature_hard_", self.temperature_),
            },
            children={
                "words": sklearn_to_state(self.words_),
                "chars": sklearn_to_state(self.chars_),
                "scaler": sklearn_to_state(self.scaler_),
                "clf": sklearn_to_state(self.clf_),
                **({"cues": sklearn_to_state(self.cue_scaler_)} if self.hard_cues else {}),
                **(
                    {"structure": sklearn_to_state(self.structure_scaler_)}
                    if self.structure
                    else {}
                ),
            },
        )

    @classmethod
    def from_state(cls, state: ModelState) -> Self:
        model = cls(**state.params)
        model.classes_ = [str(c) for c in state.meta["classes_"]]
        model.temperature_ = float(state.meta.get("temperature_", 1.0))
        model.temperature_hard_ = float(state.meta.get("temperature_hard_", model.temperature_))
        fast = LinearScorer.from_state(state)
        # Scores without scikit-learn when it can (linear.py); its objects are built on
        # first use (``model.clf_``…), by __getattr__ below.
        model.__dict__.update(_state=state, _fast=fast)
        if fast is None:
            for attr in _CHILDREN:
                getattr(model, attr, None)
        return model

    def __getattr__(self, name: str) -> Any:
        # Only called for attributes not set: the fitted parts of a loaded model.
        state: ModelState | None = self.__dict__.get("_state")
        child = _CHILDREN.get(name)
        if state is None or child is None or child not in state.children:
            raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")
        value = sklearn_from_state(state.children[child])
        setattr(self, name, value)
        return value


# The constructor's parameters, in its order (get_params).
_PARAMS = (
    "C", "embedder", "char_ngrams", "word_ngrams", "rule_scale", "class_weight", "guard",
    "hard_cues", "calibrate", "verdicts", "hard_temperature", "structure", "safety", "solver",
    "max_iter", "random_state",
)  # fmt: skip


def _stack(rows: list[NDArray[np.float64]], width: int) -> NDArray[np.float64]:
    return np.vstack(rows) if rows else np.zeros((0, width))


# The fitted scikit-learn parts of a model and the names of their states.
_CHILDREN = {
    "words_": "words",
    "chars_": "chars",
    "scaler_": "scaler",
    "clf_": "clf",
    "cue_scaler_": "cues",
    "structure_scaler_": "structure",
}
# The dense blocks after the rule features, each with its own scaler, in matrix order.
_DENSE_SCALERS = {"cues": "cue_scaler_", "structure": "structure_scaler_"}


_SCORER: RuleScorer | None = None


def _piece_score(lang: str, piece: str) -> float:
    """The rule scorer's polarity of a piece of a text (what a cue weighs)."""
    return _scorer().analyse(piece, lang).score


def _scorer() -> RuleScorer:
    global _SCORER
    if _SCORER is None:
        _SCORER = RuleScorer()
    return _SCORER
