"""How a text marks opinion besides its words: ratings ("10/10", "cinco estrellas"), waiting
times ("una hora", "45 minutos", "en diez minutos") and smileys, each turned into a valence;
and the words it shouts ("RICO") or stretches ("riiico").

A wait is a complaint by its length alone once it is long ("una hora"); a shorter one only
when the clause talks about waiting or arriving; "en diez minutos" is praise.
"""

from __future__ import annotations

import re

from sazon.text.normalise import elongated_words, single_runs
from sazon.text.sentiment.lexicon import word_key

__all__ = ["emphasis", "faces", "ratings", "waits"]

_CAPS_RE = re.compile(r"\b[^\W\d_a-zà-ÿ]{3,}\b")
_SMILEY_RE = re.compile(r"(?<![\w/])[:;=]-?[)D\]]|\(:")
_FROWN_RE = re.compile(r"(?<![\w/])[:;=]-?[(\[]|\):")
_SARCASM_EMOJI = "🙃"

_NUMBERS = {
    "cero": 0,
    "zero": 0,
    "un": 1,
    "una": 1,
    "uno": 1,
    "one": 1,
    "a": 1,
    "an": 1,
    "dos": 2,
    "two": 2,
    "tres": 3,
    "three": 3,
    "cuatro": 4,
    "four": 4,
    "cinco": 5,
    "five": 5,
    "seis": 6,
    "six": 6,
    "siete": 7,
    "seven": 7,
    "ocho": 8,
    "eight": 8,
    "diez": 10,
    "ten": 10,
    "quince": 15,
    "fifteen": 15,
    "veinte": 20,
    "twenty": 20,
    "treinta": 30,
    "thirty": 30,
    "cuarenta": 40,
    "forty": 40,
    "cincuenta": 50,
    "fifty": 50,
}
_NUM_WORDS = "|".join(
    [r"\d+(?:[.,]\d+)?", *sorted((w for w in _NUMBERS if w not in ("a", "an")), key=len)[::-1]]
)
_NUM = rf"({_NUM_WORDS})"
_RATING_RES = (
    re.compile(r"(?<![\d/])(\d+(?:[.,]\d+)?)\s*/\s*(10|5)(?!\d)"),
    re.compile(r"\b(\d+)\s+(?:de|out\s+of)\s+(10|5)\b", re.IGNORECASE),
    re.compile(rf"\b{_NUM}\s+(?:estrellas?|stars?)\b", re.IGNORECASE),
)
_DURATION_RE = re.compile(
    r"\b(?:(?P<half>media|half\s+an)\s+(?P<hunit>hora|hour)"
    rf"|(?:(?:over|more\s+than|m[aá]s\s+de|casi|almost|nearly)\s+)?(?P<num>{_NUM_WORDS})\s*"
    r"(?P<unit>h|hrs?|horas?|hours?|min|mins|minutos?|minutes?)"
    r"(?P<extra>\s+y\s+(?:media|cuarto)|\s+and\s+a\s+half)?)\b",
    re.IGNORECASE,
)
_AN_HOUR = re.compile(r"\ban?\s+(?=hour)", re.IGNORECASE)
_QUICK_BEFORE = re.compile(r"(?:\ben|\bin|under|menos\s+de|less\s+than)\s*$", re.IGNORECASE)
_WAIT_CONTEXT = re.compile(
    r"esper|demor|tard|wait|took|lleg|traj|sal[ií]|atend|cola|queue|pedido|order",
    re.IGNORECASE,
)


def _minutes(match: re.Match[str]) -> float | None:
    if match.group("half"):
        return 30.0
    raw = (match.group("num") or "").lower().replace(",", ".")
    amount = float(raw) if raw[:1].isdigit() else float(_NUMBERS.get(raw, -1))
    if amount < 0:
        return None
    unit = match.group("unit").lower()
    minutes = amount * 60 if unit.startswith("h") else amount
    extra = (match.group("extra") or "").lower()
    if "media" in extra or "half" in extra:
        minutes += 30
    elif "cuarto" in extra:
        minutes += 15
    return minutes


def ratings(raw: str) -> list[tuple[str, float]]:
    """Each rating in ``raw`` as (its text, valence)."""
    found: list[tuple[str, float]] = []
    for pattern in _RATING_RES:
        for match in pattern.finditer(raw):
            value = _rating(match)
            if value is not None:
                found.append((match.group(0), value))
    return found


def waits(raw: str) -> list[tuple[str, float]]:
    """Each waiting time in ``raw`` that says something, as (its text, valence)."""
    found: list[tuple[str, float]] = []
    context = bool(_WAIT_CONTEXT.search(raw))
    for match in _DURATION_RE.finditer(_AN_HOUR.sub("1 ", raw)):
        minutes = _minutes(match)
        if minutes is None:
            continue
        quick = bool(_QUICK_BEFORE.search(raw[: match.start()]))
        valence = _wait_valence(minutes, quick, context)
        if valence is not None:
            found.append((match.group(0), valence))
    return found


def _rating(match: re.Match[str]) -> float | None:
    raw = match.group(1).lower().replace(",", ".")
    value = float(raw) if raw[:1].isdigit() else float(_NUMBERS.get(raw, -1))
    scale = float(match.group(2)) if match.lastindex and match.lastindex >= 2 else 5.0
    if value < 0 or value > scale:
        return None
    ratio = value / scale
    if ratio >= 0.9:
        return 3.0
    if ratio >= 0.7:
        return 2.0
    if ratio >= 0.5:
        return -0.2
    if ratio >= 0.3:
        return -1.8
    return -3.0


def _wait_valence(minutes: float, quick: bool, context: bool) -> float | None:
    if quick and minutes <= 20:
        return 1.4
    if minutes >= 60:
        return -2.4
    if minutes >= 40:
        return -2.0
    if not context:
        return None
    if minutes >= 25:
        return -1.4
    return -0.2


def faces(raw: str) -> list[tuple[str, float]]:
    """Smileys and frowns (":)", ":(") and the upside-down face of sarcasm, as valences."""
    found = [(":)", 1.5) for _ in _SMILEY_RE.finditer(raw)]
    found += [(":(", -1.5) for _ in _FROWN_RE.finditer(raw)]
    if _SARCASM_EMOJI in raw:
        found.append((_SARCASM_EMOJI, -1.5))
    return found


def emphasis(raw: str) -> tuple[set[str], set[str]]:
    """Keys of the words written in capitals ("RICO"), and of the stretched ones."""
    shouted: set[str] = set()
    letters = [c for c in raw if c.isalpha()]
    if letters and not all(c.isupper() for c in letters):
        shouted = {word_key(w) for w in _CAPS_RE.findall(raw)}
    stretched = {word_key(single_runs(word)) for word in elongated_words(raw)}
    return shouted, stretched
