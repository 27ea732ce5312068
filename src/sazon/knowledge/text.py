"""Folding of names for look-ups: case, accents, punctuation, simple Spanish/English plurals."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_NON_WORD = re.compile(r"[^a-z0-9ñ ]+")
_SPACES = re.compile(r"\s+")


# The same few thousand names (dishes, wines, ingredients) are folded on every pairing and
# every explanation: a fifth of a one-dish pairing was spent here before the cache.
@lru_cache(maxsize=1 << 16)
def fold(text: str) -> str:
    """Lower-case, strip accents (keeping ñ), drop punctuation, collapse spaces.

    >>> fold("  Ají  Amarillo! ")
    'aji amarillo'
    """
    text = text.strip().lower().replace("ñ", "\x00")
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).replace("\x00", "ñ")
    text = _NON_WORD.sub(" ", text)
    return _SPACES.sub(" ", text).strip()


def singular_word(word: str) -> str:
    """A cheap singular for look-ups: langostinos → langostino, limones → limon, ajies → aji."""
    if len(word) <= 3 or not word.endswith("s"):
        return word
    if word.endswith("ces") and len(word) > 4:
        return word[:-3] + "z"  # nueces → nuez, luces → luz
    if word.endswith("ies") and len(word) > 4:
        return word[:-2]  # ajíes → aji (already folded)
    if word.endswith("es") and len(word) > 4 and word[-3] in "lnrdzjy":
        return word[:-2]
    return word[:-1]


def keys(text: str) -> list[str]:
    """The look-up keys of a name: its folded form and its singular form."""
    folded = fold(text)
    singular = " ".join(singular_word(w) for w in folded.split())
    return [folded] if singular == folded else [folded, singular]
