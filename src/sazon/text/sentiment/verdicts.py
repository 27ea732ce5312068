"""Verdicts the words of a review cannot outvote: a rhetorical answer, the latest state.

The learned model weighs every word; in two shapes a Lima reader does not:

- **a question answered**: "¿Delicioso? Ni hablar." is a complaint however strong the praise
  asked about; "¿Me quejo? Para nada, todo salió rapidito." is praise. What the answer says
  about the question decides, unless the rest of the review says otherwise;
- **before vs now**: "hace años era buenazo, ahora es un chiste" — when the state before the
  turn and the state after it pull opposite ways, the one after is the review;
- **a lean**: "regular tirando a malo" is a complaint, "normal tirando a bueno" praise.

When the rules find one of these shapes with a firm polarity on both sides and the model
reads the text otherwise, the label is the verdict's: its probability becomes
:data:`CONFIDENCE` (7 of the 8 verdicts on the hard development half were right) and the
other two share the rest as the model had them. Otherwise the model's probabilities stand.

The complaint guard lives here too: the other rule with the last word (a firm complaint is
never called praise), which lets a positive verdict stand ("antes era una decepción, ahora
es lo máximo": the complaint is the past).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from functools import partial

import numpy as np
from numpy.typing import NDArray

from sazon.knowledge import fold
from sazon.text.sentiment.cues import (
    BEFORE,
    NO_ANSWER,
    QUESTION,
    TURN,
    YES_ANSWER,
    turn_fallback,
)
from sazon.text.sentiment.rules import RuleAnalysis
from sazon.text.sentiment.structure import STRONG_COMPLAINT

__all__ = [
    "CONFIDENCE",
    "SAFETY_CONFIDENCE",
    "apply_safety",
    "apply_verdicts",
    "guard_complaints",
    "verdict",
    "verdicts_of",
]

#: The probability given to a verdict's label (module doc).
CONFIDENCE = 0.85
#: The probability of "negative" where the safety rule overrules praise (apply_safety).
SAFETY_CONFIDENCE = 0.7
_FIRM = 0.3
# A question about coming back or recommending asks for praise even without a praise word.
_PRAISE_QUESTION = re.compile(
    r"\b(volver\w*|regres\w*|repetir\w*|recomend\w*|recomiendo|vale la pena|worth it|"
    r"come back|go back|return|recommend\w*)\b"
)
# "Regular tirando a malo", "bordering on bland": what it leans to (a word or two).
_LEAN = re.compile(r"\b(?:tirando (?:a|para)|bordering on|leaning towards?) (\w+(?: \w+)?)")
# "No sé" and "no lo sé" are doubts, not a "no".
_DOUBT = re.compile(r"^(no se|no lo se|no sabria|not sure|no idea)\b")
_LABELS = ("negative", "neutral", "positive")
# The complaint guard: with a complaint this firm, "positive" becomes "neutral", or
# "negative" when the rules find little praise to weigh against it.
_GUARD_COMPLAINT = -2.3
_GUARD_PRAISE = 2.0


def verdict(text: str, score: Callable[[str], float]) -> str | None:
    """``"negative"``/``"positive"`` when a rhetorical answer or a before/now turn decides
    the text (module doc), else None. ``score`` is the rules' polarity (-1…1) of a piece of
    text."""
    return _answered(text, score) or _latest_state(text, score) or _leaning(text, score)


def _answered(text: str, score: Callable[[str], float]) -> str | None:
    found: list[float] = []
    end = 0
    for m in QUESTION.finditer(text):
        answer = fold(m.group(2))
        if _DOUBT.match(answer):
            continue
        no = re.match(NO_ANSWER + r"\b", answer) is not None
        if not no and re.match(YES_ANSWER + r"\b", answer) is None:
            continue
        asked = score(m.group(1))
        if abs(asked) < _FIRM and _PRAISE_QUESTION.search(fold(m.group(1))):
            asked = 0.5
        if abs(asked) >= _FIRM:
            found.append(-asked if no else asked)
            end = m.end(1) + 1
    if not found or min(found) < 0 < max(found):
        return None
    implied = found[0]
    # What follows the answer may overturn it ("¿Volver? No… mentira, mañana mismo").
    rest = score(text[end:])
    if implied < 0 and rest < _FIRM:
        return "negative"
    if implied > 0 and rest > -_FIRM:
        return "positive"
    return None


def _latest_state(text: str, score: Callable[[str], float]) -> str | None:
    folded = fold(text)
    turn = TURN.search(folded)
    if turn is None or turn.start() == 0 or not BEFORE.search(folded[: turn.start()]):
        return None
    before = score(folded[: turn.start()])
    after_text = folded[turn.end() :]
    after = score(after_text) or turn_fallback(after_text, turn)
    if before >= _FIRM and after <= -_FIRM:
        return "negative"
    if before <= -_FIRM and after >= _FIRM:
        return "positive"
    return None


def verdicts_of(
    analyses: Sequence[RuleAnalysis], score: Callable[[str, str], float]
) -> list[str | None]:
    """The verdict of each analysed text (None where there is none); ``score(lang, piece)``
    is the rules' polarity of a piece of text in ``lang``."""
    return [verdict(a.text, partial(score, a.lang)) for a in analyses]


def _leaning(text: str, score: Callable[[str], float]) -> str | None:
    """ "Regular tirando a malo": where a lukewarm verdict leans is the verdict."""
    lean = _LEAN.search(fold(text))
    if lean is None:
        return None
    towards = score(lean.group(1))
    if towards <= -_FIRM:
        return "negative"
    return "positive" if towards >= _FIRM else None


def apply_verdicts(
    proba: NDArray[np.float64], verdicts: Sequence[str | None], confidence: float = CONFIDENCE
) -> NDArray[np.float64]:
    """``proba`` (rows in negative/neutral/positive order) with each text's verdict applied
    (module doc): the verdict's label gets ``confidence``."""
    out = proba.copy()
    for i, label in enumerate(verdicts):
        j = -1 if label is None else _LABELS.index(label)
        if j < 0 or int(np.argmax(out[i])) == j:  # no verdict, or the model agrees already
            continue
        others = [k for k in range(len(_LABELS)) if k != j]
        rest = out[i, others].sum()
        share = out[i, others] / rest if rest > 0 else np.full(len(others), 0.5)
        out[i, others] = (1.0 - confidence) * share
        out[i, j] = confidence
    return out


def apply_safety(
    proba: NDArray[np.float64], analyses: Sequence[RuleAnalysis]
) -> NDArray[np.float64]:
    """The safety rule, precision first: where a firm complaint phrase is written
    (:data:`~sazon.text.sentiment.structure.STRONG_COMPLAINT`: "nunca más", "una estafa",
    "me enfermé"…) and the model reads praise, the text is a complaint, with probability
    :data:`SAFETY_CONFIDENCE`. A complaint read as praise is the error a manager cannot
    afford; a praise read as a complaint only costs a second look."""
    found = [
        "negative"
        if int(np.argmax(row)) == _LABELS.index("positive")
        and STRONG_COMPLAINT.search(fold(a.text))
        else None
        for row, a in zip(proba, analyses, strict=True)
    ]
    return apply_verdicts(proba, found, SAFETY_CONFIDENCE)


def guard_complaints(
    labels: list[str],
    analyses: Sequence[RuleAnalysis],
    verdicts: Sequence[str | None] | None = None,
) -> list[str]:
    """No firm complaint is called praise: lower such "positive" labels. A positive verdict
    stands: in "era una decepción, ahora es lo máximo" the complaint is the past."""
    guarded = list(labels)
    for i, (label, analysis) in enumerate(zip(labels, analyses, strict=True)):
        if label != "positive" or (verdicts is not None and verdicts[i] == "positive"):
            continue
        weighted = [(c.weight * h.valence) for c in analysis.clauses for h in c.hits if h.overall]
        worst = min(weighted, default=0.0)
        if worst > _GUARD_COMPLAINT:
            continue
        praise = sum(v for v in weighted if v > 0)
        guarded[i] = "neutral" if praise >= _GUARD_PRAISE else "negative"
    return guarded
