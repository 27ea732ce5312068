"""Tokens: lower-case words with accents, prices, ratings and hashtags kept whole.

Negations and intensifiers are ordinary tokens here (nothing is dropped), and hyphenated
chains like "no-me-gustó" split into their words so that the negation is seen.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable, Sequence
from typing import Any, Literal

from sazon.text.normalise import normalise
from sazon.text.stopwords import _check_lang

_TOKEN_RE = re.compile(
    r"""
    (?P<price>(?<![\w/])[sS]/\.?\s?(?:\d{1,3}(?:[.,]\d{3})+|\d+)(?:[.,]\d{1,2})?(?![\d.,]\d))
  | (?P<placeholder><(?:url|user|email)>)
  | (?P<hashtag>\#[^\W_][\w]*)
  | (?P<rating>\d+(?:[.,]\d+)?/\d+)
  | (?P<number>\d+(?:[.,:]\d+)*%?)
  | (?P<word>[^\W\d_]+(?:'[^\W\d_]+)*)
    """,
    re.VERBOSE,
)
_CAMEL_RE = re.compile(r"[A-ZÁÉÍÓÚÑÜ]?[a-záéíóúñü]+|[A-ZÁÉÍÓÚÑÜ]+(?![a-záéíóúñü])|\d+")
_SNOWBALL = {"es": "spanish", "en": "english"}


def _price(raw: str) -> str:
    # "S/ 1.200,50", "S/1,200" and "S/. 45,5" all become one canonical amount.
    amount = re.sub(r"^[sS]/\.?\s?", "", raw)
    decimals = ""
    tail = re.search(r"[.,](\d{1,2})$", amount)
    if tail:
        decimals = "." + tail.group(1)
        amount = amount[: tail.start()]
    return f"s/{re.sub(r'[.,]', '', amount)}{decimals}"


def tokenise(
    text: str, lang: str = "es", *, hashtags: Literal["keep", "split"] = "keep"
) -> list[str]:
    """Lower-case tokens of ``text`` after :func:`normalise` (so emoji arrive as words).

    Prices become ``s/45.50`` whatever the spelling ("S/ 45,50", "S/.45.50"), ratings stay
    whole ("10/10"), hashtags stay whole (``hashtags="split"`` gives "#NoVuelvoMás" as
    "no", "vuelvo", "más") and English contractions stay one token ("didn't").

    >>> tokenise("¡No-me-gustó! El lomo a S/ 45,50 #NoVuelvo 😡")
    ['no', 'me', 'gustó', 'el', 'lomo', 'a', 's/45.50', '#novuelvo', 'furioso']
    """
    _check_lang(lang)
    tokens: list[str] = []
    for match in _TOKEN_RE.finditer(normalise(text, lang)):
        kind = match.lastgroup
        raw = match.group(0)
        if kind == "price":
            tokens.append(_price(raw))
        elif kind == "hashtag" and hashtags == "split":
            tokens.extend(part.lower() for part in _CAMEL_RE.findall(raw[1:]))
        else:
            tokens.append(raw.lower())
    return tokens


def remove_stopwords(tokens: Iterable[str], lang: str = "es") -> list[str]:
    """The tokens minus stop words (negations and opinion words always stay)."""
    from sazon.text.stopwords import stopwords

    stop = stopwords(lang)
    return [t for t in tokens if t not in stop]


_stem_lock = threading.Lock()
_stemmers: dict[str, Any] = {}


def lemmatise(tokens: Sequence[str], lang: str = "es") -> list[str]:
    """Dictionary lemmas (simplemma): "gustó" → "gustar", "estaban" → "estar".

    Prices, numbers, hashtags and placeholders pass through unchanged.
    """
    import simplemma

    _check_lang(lang)
    return [str(simplemma.lemmatize(t, lang=lang)) if t.isalpha() else t for t in tokens]


def stem(tokens: Sequence[str], lang: str = "es") -> list[str]:
    """Snowball stems: "deliciosos" → "delici"; non-words pass through unchanged."""
    import snowballstemmer

    _check_lang(lang)
    # A stemmer object keeps state between calls, so each language has one, used under a lock.
    with _stem_lock:
        stemmer = _stemmers.get(lang)
        if stemmer is None:
            stemmer = _stemmers[lang] = snowballstemmer.stemmer(_SNOWBALL[lang])
        return [str(stemmer.stemWord(t)) if t.isalpha() else t for t in tokens]
