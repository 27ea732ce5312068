"""Names folded for look-ups, and a guest's name key as ingest compares it.

The folding lives here, under the knowledge base (``sazon.knowledge.fold`` is this function,
cached), because the store keeps the length of each guest's name key beside the birth date
(``guests.name_length``, written on every ORM write and by ingest's bulk insert): ingest asks
only for the guests whose key is long enough or short enough to reach its fuzzy threshold
(:func:`name_lengths_within`). So the length must be the one ingest's comparison sees.
"""

from __future__ import annotations

import math
import re
import unicodedata

_NON_WORD = re.compile(r"[^a-z0-9ñ ]+")
_SPACES = re.compile(r"\s+")


def fold_words(text: str) -> str:
    """Lower-case, strip accents (keeping ñ), drop punctuation, collapse spaces.

    >>> fold_words("  Ají  Amarillo! ")
    'aji amarillo'
    """
    text = text.strip().lower().replace("ñ", "\x00")
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).replace("\x00", "ñ")
    text = _NON_WORD.sub(" ", text)
    return _SPACES.sub(" ", text).strip()


def guest_name_key(first_name: str | None, last_name: str | None) -> str:
    """A guest's names as one folded text: what ingest's fuzzy name step compares."""
    return fold_words(f"{first_name or ''} {last_name or ''}")


def name_lengths_within(length: int, threshold: float) -> tuple[int, int]:
    """The key lengths that can score ``threshold`` or more against a key of ``length``.

    ``token_sort_ratio`` is the Indel ratio of the keys with their words sorted (a key holds
    single spaces only, so sorting keeps its length): 100·(1 − d/(a+b)), and the Indel
    distance d is at least |a − b|, so keys of lengths a and b score at most
    200·min(a, b)/(a+b). The bounds are widened by one for the float rounding of the score:
    a superset, never a candidate less.
    """
    t = threshold / 100
    if t <= 0:
        return 0, 1 << 30
    low = math.floor(length * t / (2 - t)) - 1 if t < 2 else 0
    high = math.ceil(length * (2 - t) / t) + 1
    return max(low, 0), high
