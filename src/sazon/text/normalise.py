"""Normalisation: one canonical form of a review before it is tokenised or embedded.

``normalise`` keeps case and meaning; it only removes noise that changes nothing a reader
cares about (Unicode forms, spacing, "riiiico", "!!!!!", links and handles) and turns the
emoji that carry an opinion into words. ``fold`` is the separate, lossy form for matching.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Iterator
from itertools import product

import emoji as emoji_lib

from sazon.text.emoji_words import emoji_word

URL = "<url>"
USER = "<user>"
EMAIL = "<email>"
PLACEHOLDERS = frozenset({URL, USER, EMAIL})

_URL_RE = re.compile(r"(?:https?://|www\.)[^\s<>\"']*[^\s<>\"'.,;:!?)\]}]", re.IGNORECASE)
# Only from the start of a run of address characters: tried from inside a long word it would
# rescan the rest of the word at every position.
_EMAIL_RE = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# Not after a letter, "@" or a placeholder ("<user>@ana" stays: normalising twice is a no-op).
_MENTION_RE = re.compile(r"(?<![\w@<>])@\w{1,30}")
_SPACE_RE = re.compile(r"\s+")
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "´": "'"})

# A word is a run of letters; a letter written three or more times in a row ("riiiico") is
# an elongation; digits are never touched. Words are found first and each is searched for
# runs on its own: one pattern that looks for "letters, a run, letters" backtracks over
# every start inside a long word and takes quadratic time (16,000 letters took 6 s).
_WORD = re.compile(r"[^\W\d_]+")
_LETTER_RUN = re.compile(r"([^\W\d_])\1{2,}")
_PUNCT_RUN = re.compile(r"([!?¡¿])\1{2,}")
_DOTS_RUN = re.compile(r"\.{4,}")
# "jajajaja" and "hahaha" shrink to two beats; the laugh is kept, the length is not.
_LAUGH_RE = re.compile(r"\b(?:(?:j[aeiou]){3,}j?|(?:h[ae]){3,}h?)\b", re.IGNORECASE)

# Words people elongate whose double letter is real; checked before the big lexicons so
# that "cooool" is "cool" (not Spanish "col") and "goooood" is "good" (not "god").
_KNOWN_DOUBLES = frozenset(
    {
        "cool",
        "good",
        "food",
        "too",
        "soon",
        "see",
        "feel",
        "sweet",
        "beef",
        "coffee",
        "cheese",
        "free",
        "need",
        "wow",
        "carro",
        "perro",
        "pollo",
        "llama",
        "calle",
        "leer",
        "creer",
        "cree",
        "lee",
        "arroz",
        "churro",
        "relleno",
        "brasa",
        "bacán",
    }
)
_MAX_RUNS = 4

_lexicon_lock = threading.Lock()


def _is_known(word: str, lang: str) -> bool:
    # simplemma loads a dictionary per language on first use (about half a second for
    # Spanish); only words with a three-letter run ever get here, so most texts never pay.
    import simplemma

    with _lexicon_lock:
        return bool(simplemma.is_known(word, lang=lang))


def elongated_words(text: str) -> Iterator[str]:
    """The words of ``text`` that have a letter written three or more times in a row.

    Linear in the length of the text, however long its words are.

    >>> list(elongated_words("riiico el ceviche, buenaaazo"))
    ['riiico', 'buenaaazo']
    """
    for match in _WORD.finditer(text):
        word = match.group(0)
        if _LETTER_RUN.search(word):
            yield word


def single_runs(word: str) -> str:
    """``word`` with every elongation cut to one letter: "riiicooo" → "rico"."""
    return _LETTER_RUN.sub(r"\1", word)


def _squeeze_word(word: str, lang: str | None) -> str:
    runs = list(_LETTER_RUN.finditer(word))
    if not runs:
        return word
    if len(set(word.lower())) == 1:  # "mmmm", "zzzz": keep two beats
        return word[:2]
    if len(runs) > _MAX_RUNS:
        return single_runs(word)
    candidates: list[str] = []
    # Prefer keeping two copies (a real double like "carro" over "caro"); the all-single
    # form comes last so it is also the fallback for words no lexicon knows.
    for copies in product((2, 1), repeat=len(runs)):
        parts: list[str] = []
        pos = 0
        for run, n in zip(runs, copies, strict=True):
            parts.append(word[pos : run.start()])
            parts.append(run.group(1) * n)
            pos = run.end()
        parts.append(word[pos:])
        candidates.append("".join(parts))
    lowered = [c.lower() for c in candidates]
    for cand, low in zip(candidates, lowered, strict=True):
        if low in _KNOWN_DOUBLES:
            return cand
    langs = [lang] if lang in ("es", "en") else ["es", "en"]
    for code in langs:
        for cand, low in zip(candidates, lowered, strict=True):
            if _is_known(low, code):
                return cand
    return candidates[-1]


def squeeze_elongations(text: str, lang: str | None = None) -> str:
    """Shrink letters and marks people repeat for emphasis, keeping real double letters.

    ``lang`` ("es"/"en") picks the lexicon that decides between "carro" and "caro"; without
    it Spanish is tried first, then English.

    >>> squeeze_elongations("riiiiico y buenaaaa!!!!!")
    'rico y buena!!'
    >>> squeeze_elongations("carro, arroz, llama, cool, coffee")
    'carro, arroz, llama, cool, coffee'
    """
    text = _LAUGH_RE.sub(lambda m: m.group(0)[:4], text)
    text = _WORD.sub(lambda m: _squeeze_word(m.group(0), lang), text)
    text = _PUNCT_RUN.sub(lambda m: m.group(1) * 2, text)
    return _DOTS_RUN.sub("...", text)


def replace_emoji(text: str, lang: str = "es") -> str:
    """Turn opinion-bearing emoji into words; a run of the same emoji counts at most twice."""
    found = emoji_lib.emoji_list(text)
    if not found:
        return text
    out: list[str] = []
    pos = 0
    previous: str | None = None
    repeat = 0
    for match in found:
        start, end, symbol = match["match_start"], match["match_end"], match["emoji"]
        between = text[pos:start]
        out.append(between)
        same_run = previous == symbol and not between.strip()
        repeat = repeat + 1 if same_run else 1
        previous = symbol
        pos = end
        if repeat > 2:
            continue
        word = emoji_word(symbol, lang)
        out.append(f" {word} " if word else symbol)
    out.append(text[pos:])
    return "".join(out)


def replace_links(text: str) -> str:
    """Links, e-mail addresses and @handles become ``<url>``, ``<email>`` and ``<user>``."""
    text = _URL_RE.sub(URL, text)
    text = _EMAIL_RE.sub(EMAIL, text)
    return _MENTION_RE.sub(USER, text)


def collapse_spaces(text: str) -> str:
    """Every run of whitespace (newlines and tabs too) becomes one space; ends trimmed."""
    return _SPACE_RE.sub(" ", text).strip()


def normalise(text: str, lang: str = "es") -> str:
    """The canonical form of one text: NFC, placeholders, emoji as words, no elongations.

    Case and accents are kept (use :func:`fold` for matching). ``lang`` is the language of
    the words that replace emoji. The result is stable: normalising it again changes
    nothing.

    >>> normalise("Riiiico el ceviche 😋😋😋 @juanito https://x.pe/r  !!!!")
    'Rico el ceviche delicioso delicioso <user> <url> !!'
    """
    text = unicodedata.normalize("NFC", text).translate(_APOSTROPHES)
    text = replace_links(text)
    text = replace_emoji(text, lang)
    text = squeeze_elongations(text, lang)
    return collapse_spaces(text)


def lower(text: str) -> str:
    """Lower case only (accents kept): the form tokens are compared in."""
    return text.lower()


def fold(text: str) -> str:
    """Lower case without accents, for loose matching; "ñ" stays (año is not ano).

    >>> fold("AJÍ de Gallina, Ñoquis, pingüino")
    'aji de gallina, ñoquis, pinguino'
    """
    decomposed = unicodedata.normalize("NFD", text.lower())
    kept: list[str] = []
    for i, ch in enumerate(decomposed):
        if unicodedata.combining(ch):
            if ch == "\u0303" and i > 0 and decomposed[i - 1] == "n":
                kept.append(ch)
            continue
        kept.append(ch)
    return unicodedata.normalize("NFC", "".join(kept))
