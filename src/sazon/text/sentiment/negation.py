"""Negation marks for the learned model: ``no rico`` is the feature ``neg_rico``, not ``rico``.

The rules (rules.py) and the model read negation from the same list of negators
(``sentiment_modifiers.tsv``), so the two cannot drift.
"""

from __future__ import annotations

from functools import cache

from sazon.text.sentiment.lexicon import load_lexicon, word_key
from sazon.text.tokens import tokenise

__all__ = ["marked_tokens", "negators"]

# How many words after a negator it reaches.
_NEG_REACH = 3


@cache
def negators() -> frozenset[str]:
    """The one-word negators of the lexicon (``sentiment_modifiers.tsv``), as word keys.

    The rules and the model read negation from the same list, so the two cannot drift.

    >>> {"no", "ningun", "nadie", "dont", "hardly", "nor"} <= negators()
    True
    """
    return frozenset(
        words[0]
        for words, modifier in load_lexicon().modifiers.items()
        if modifier.kind == "negator" and len(words) == 1
    )


def marked_tokens(text: str, lang: str) -> str:
    """Lexicon keys of ``text`` with ``neg_`` on the words a negation reaches, and dish,
    drink and ingredient names as ``_food_``/``_drinks_``.

    >>> marked_tokens("no estaba rico el ceviche", "es")
    'no neg_estaba neg_rico neg_el _food_'
    """
    keys = [word_key(t) for t in tokenise(text, lang if lang in ("es", "en") else "es")]
    out: list[str] = []
    reach = 0
    negating = negators()
    for key in load_lexicon().mask_names(keys):
        if key in negating or key.endswith("n't"):
            out.append(key)
            reach = _NEG_REACH
            continue
        out.append(f"neg_{key}" if reach and not key.startswith("_") else key)
        reach = max(0, reach - 1)
    return " ".join(out)
