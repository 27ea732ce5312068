"""Wine structure as sommeliers write it: words (Spanish or English) or numbers on our scales.

A wine list rarely says "sweetness 0"; it says *seco*, *off-dry*, *cuerpo medio-alto*,
*taninos altos*, *sin madera*. Each attribute keeps the knowledge base's scale (sweetness,
tannin and oak 0–5; body and acidity 1–5) and each word maps to one point on it, following the
five steps a tasting grid uses (low, medium-minus, medium, medium-plus, high). The map is the
same for files, the API, the web and ingest, so a list written in words and the same list
written in numbers pair the same (a test holds it).
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from sazon.knowledge.text import fold

_SIGN = re.compile(r"\s*\(?\s*[+\-–]\s*\)?\s*$")

#: Each attribute's scale (low, high), as the knowledge base and WineInput use it.
SCALES: Mapping[str, tuple[float, float]] = {
    "sweetness": (0, 5), "body": (1, 5), "acidity": (1, 5), "tannin": (0, 5), "oak": (0, 5),
}  # fmt: skip

# The five steps of a tasting grid, shared by body, acidity, tannin and oak. On the 0–5 scales
# 0 is "none", said with its own words, so "low" tannin is a trace, not nothing.
_FIVE = (
    (1.0, ("baja", "bajo", "low", "poca", "poco", "suave")),
    (2.0, ("media baja", "medio bajo", "medium minus", "medium low")),
    (3.0, ("media", "medio", "medium", "moderada", "moderado")),
    (4.0, ("media alta", "medio alto", "medium plus", "medium high")),
    (5.0, ("alta", "alto", "high", "marcada", "marcado", "firme", "firm")),
)


def _graded(*extra: tuple[float, tuple[str, ...]]) -> dict[str, float]:
    return {word: value for value, group in (*_FIVE, *extra) for word in group}


_NONE = ("ninguno", "ninguna", "nada", "sin", "none", "no", "cero")

WORDS: Mapping[str, Mapping[str, float]] = {
    "sweetness": {
        # The knowledge base's own scale: 0 bone dry, 1 dry, 2 off-dry, 3 medium-sweet, 4 sweet,
        # 5 lusciously sweet (docs/knowledge.md). "Extra dry" sparkling is sweeter than brut.
        **dict.fromkeys(("brut nature", "extra brut", "bone dry", "muy seco"), 0.0),
        **dict.fromkeys(("seco", "dry", "brut", "sec"), 1.0),
        **dict.fromkeys(
            (
                "off dry",
                "semiseco",
                "semi seco",
                "medium dry",
                "abocado",
                "extra dry",
                "con un toque dulce",
            ),
            2.0,
        ),
        **dict.fromkeys(("medium sweet", "semidulce", "semi dulce", "demi sec", "medium"), 3.0),
        **dict.fromkeys(("dulce", "sweet", "doux"), 4.0),
        **dict.fromkeys(("muy dulce", "very sweet", "luscious", "licoroso"), 5.0),
    },
    "body": {
        **_graded(),
        **dict.fromkeys(("ligero", "ligera", "light", "liviano", "liviana"), 1.0),
        **dict.fromkeys(("medio ligero", "light medium", "light to medium"), 2.0),
        **dict.fromkeys(("pleno", "plena", "full", "full bodied", "robusto", "potente"), 5.0),
    },
    "acidity": _graded((5.0, ("muy alta", "very high")), (4.0, ("vibrante", "crisp", "fresca"))),
    "tannin": _graded((0.0, (*_NONE, "sin taninos"))),
    "oak": {
        **_graded(
            (0.0, (*_NONE, "sin madera", "sin roble", "unoaked", "acero")),
            (1.0, ("ligera", "ligero", "light", "sutil", "subtle", "neutral")),
        ),
        **dict.fromkeys(("intensa", "intenso", "heavy", "pronounced", "pronunciada"), 5.0),
    },
}


def _hint(attribute: str) -> str:
    examples = {
        "sweetness": "seco/dry, semiseco/off-dry, semidulce/medium-sweet, dulce/sweet",
        "body": "ligero/light, medio/medium, medio-alto/medium-plus, pleno/full",
        "acidity": "baja/low, media/medium, media-alta/medium-plus, alta/high",
        "tannin": "ninguno/none, bajo/low, medio/medium, alto/high",
        "oak": "sin madera/none, ligera/light, media/medium, alta/high",
    }[attribute]
    lo, hi = SCALES[attribute]
    return f"a number from {lo:g} to {hi:g} or a word such as {examples}"


def structure_value(attribute: str, value: str | float | None) -> float | None:
    """``value`` on ``attribute``'s scale; None when empty.

    Raises ValueError with a message that says what is accepted.

    >>> structure_value("body", "medio-alto"), structure_value("sweetness", "Off-dry")
    (4.0, 2.0)
    """
    if value is None:
        return None
    lo, hi = SCALES[attribute]
    if isinstance(value, int | float):
        number = float(value)
    else:
        text = value.strip()
        if not text:
            return None
        try:
            number = float(text.replace(",", "."))
        except ValueError:
            # Tasting-grid shorthand: "medium+", "medium(-)"; folding would drop the sign.
            word = fold(_SIGN.sub(lambda m: " plus" if "+" in m.group() else " minus", text))
            if word not in WORDS[attribute]:
                raise ValueError(f"{attribute} '{value}' is not {_hint(attribute)}") from None
            return WORDS[attribute][word]
    if not lo <= number <= hi:
        raise ValueError(f"{attribute} '{value}' must be between {lo:g} and {hi:g}")
    return number
