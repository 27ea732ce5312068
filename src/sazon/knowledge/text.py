"""Folding of names for look-ups: case, accents, punctuation, simple Spanish/English plurals."""

from __future__ import annotations

from functools import lru_cache

from sazon.store import fold_words

# The same few thousand names (dishes, wines, ingredients) are folded on every pairing and
# every explanation: a fifth of a one-dish pairing was spent here before the cache. The
# folding itself is the store's (a guest's name key length is stored: sazon.store.name_key).
fold = lru_cache(maxsize=1 << 16)(fold_words)


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
