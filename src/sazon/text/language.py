"""Language identification for reviews: Spanish, English, or ``"und"`` when it cannot tell.

lingua, restricted to Spanish and English, does the statistics. On top of it a short list of
Peruvian words (bacán, chévere, jato, asu mare…) counts as Spanish evidence, because a
two-word review full of slang is exactly where a general model hesitates.
"""

from __future__ import annotations

import math
import re
import threading
from collections.abc import Sequence
from typing import TYPE_CHECKING

import emoji as emoji_lib

from sazon.text.normalise import replace_links

if TYPE_CHECKING:
    from lingua import LanguageDetector

UNDETERMINED = "und"
LANGUAGES = ("es", "en")

# Words that, in a short review, only a Spanish speaker (most often a Peruvian one) writes.
# Dish names are left out on purpose: English reviews of Peruvian food are full of them.
PERUVIAN_MARKERS = frozenset(
    {
        "bacán",
        "bacan",
        "chévere",
        "chevere",
        "causa",
        "jato",
        "jatear",
        "pata",
        "patas",
        "chamba",
        "jama",
        "jamear",
        "paja",
        "asu",
        "mare",
        "huachafo",
        "huachafa",
        "pe",
        "oe",
        "ta",
        "ni",
        "fu",
        "fa",
        "chibolo",
        "chela",
        "chelas",
        "yapa",
        "buenazo",
        "buenaza",
        "riquísimo",
        "riquísima",
        "mostro",
        "monse",
        "roche",
        "demoraron",
        "montón",
        "sí",
        "rico",
        "rica",
        "recomendado",
    }
)
# The same for English: short words a Spanish review does not contain.
ENGLISH_MARKERS = frozenset(
    {
        "the",
        "and",
        "was",
        "were",
        "is",
        "it",
        "yes",
        "very",
        "with",
        "of",
        "great",
        "nice",
        "food",
        "waiter",
        "delicious",
        "amazing",
        "awesome",
        "place",
        "really",
        "but",
        "not",
        "good",
        "bad",
        "yummy",
        "love",
        "staff",
        "friendly",
        "slow",
        "rude",
        "would",
        "recommend",
        "tasty",
    }
)
# Log-odds one marker adds in favour of Spanish (a factor of about four).
_MARKER_WEIGHT = math.log(4.0)
# Below this distance from a coin toss a short text is "und"; longer texts always get the
# more likely language (mixed Spanish and English: the dominant one).
_MARGIN = 0.1
_SHORT_WORDS = 6
_MIN_LETTERS = 2

_WORD_RE = re.compile(r"[^\W\d_]+")
_NOISE_RE = re.compile(r"<(?:url|user|email)>|#|\d+")

_detector: LanguageDetector | None = None
_detector_lock = threading.Lock()


def _get_detector() -> LanguageDetector:
    global _detector
    if _detector is None:
        with _detector_lock:
            if _detector is None:
                from lingua import Language, LanguageDetectorBuilder

                _detector = LanguageDetectorBuilder.from_languages(
                    Language.SPANISH, Language.ENGLISH
                ).build()
    return _detector


def _clean(text: str) -> str:
    # Links, handles, digits and emoji say nothing about the language and only add noise.
    text = emoji_lib.replace_emoji(replace_links(text), " ")
    return _NOISE_RE.sub(" ", text)


def _decide(text: str, p_es: float, fallback: str) -> str:
    words = [w.lower() for w in _WORD_RE.findall(text)]
    if len(words) > _SHORT_WORDS:
        return "es" if p_es >= 0.5 else "en"
    p = min(max(p_es, 1e-6), 1 - 1e-6)
    votes = sum(w in PERUVIAN_MARKERS for w in words) - sum(w in ENGLISH_MARKERS for w in words)
    log_odds = math.log(p / (1 - p)) + _MARKER_WEIGHT * votes
    p_final = 1 / (1 + math.exp(-log_odds))
    if abs(p_final - 0.5) < _MARGIN:
        return fallback
    return "es" if p_final > 0.5 else "en"


def _letters(text: str) -> int:
    return sum(len(w) for w in _WORD_RE.findall(text))


def detect_language(text: str, *, fallback: str = UNDETERMINED) -> str:
    """``"es"``, ``"en"``, or ``fallback`` (``"und"``) when the text is too short or ambiguous.

    Mixed Spanish and English gives the dominant language.

    >>> detect_language("la jato de mi causa es bacán")
    'es'
    >>> detect_language("the waiter was rude")
    'en'
    >>> detect_language("10/10 😋")
    'und'
    """
    return detect_languages([text], fallback=fallback)[0]


def detect_languages(texts: Sequence[str], *, fallback: str = UNDETERMINED) -> list[str]:
    """:func:`detect_language` over many texts at once (lingua runs them in parallel)."""
    cleaned = [_clean(t) for t in texts]
    todo = [i for i, c in enumerate(cleaned) if _letters(c) >= _MIN_LETTERS]
    result = [fallback] * len(texts)
    if not todo:
        return result
    from lingua import Language

    detector = _get_detector()
    batch = [cleaned[i] for i in todo]
    if len(batch) == 1:
        confidences = [detector.compute_language_confidence_values(batch[0])]
    else:
        confidences = detector.compute_language_confidence_values_in_parallel(batch)
    for i, text, values in zip(todo, batch, confidences, strict=True):
        p_es = next((v.value for v in values if v.language == Language.SPANISH), 0.0)
        p_en = next((v.value for v in values if v.language == Language.ENGLISH), 0.0)
        if p_es + p_en <= 0:
            continue
        result[i] = _decide(text, p_es / (p_es + p_en), fallback)
    return result
