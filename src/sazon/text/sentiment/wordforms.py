"""Word forms: the key two spellings of a word share, and the inflections derived from an entry.

Words are compared by :func:`word_key`: folded (no case, no accents) and with the spelling
variants Peruvians mix in a hurry merged ("delisioso", "buenaso", "estubo"), so one lexicon
entry covers them all. An adjective entry also stands for its gender and number forms
("rico" → rica, ricos, ricas), and a word that ends in "-ísimo", a diminutive or "-azo" is
looked up through its stem (:data:`SUFFIXES`, :func:`stems`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from functools import cache
from itertools import product
from types import MappingProxyType

from sazon.text.normalise import fold

__all__ = [
    "ABBREVIATIONS",
    "SUFFIXES",
    "gender_number_variants",
    "number_variants",
    "phrase_key",
    "phrase_variants",
    "stems",
    "word_key",
]

# Chat spellings of the words the rules read ("q rico", "xq", "nunk mas", "ta buenazo").
ABBREVIATIONS: Mapping[str, str] = MappingProxyType(
    {
        "q": "que",
        "k": "que",
        "xq": "porque",
        "pq": "porque",
        "porq": "porque",
        "tdo": "todo",
        "tds": "todos",
        "bn": "bien",
        "mxo": "mucho",
        "mx": "muy",
        "tb": "también",
        "tmb": "también",
        "pa": "para",
        "x": "por",
        "ta": "está",
        "nd": "nada",
        "nunk": "nunca",
        "nah": "no",
        "nope": "no",
        "pls": "please",
        "rly": "really",
    }
)

_SOFT_C = re.compile(r"c(?=[ei])")
_DOUBLE = re.compile(r"([a-zñ])\1+")


def _undouble(match: re.Match[str]) -> str:
    letter = match.group(1)
    # "ll" and "rr" are letters of their own in Spanish ("pollo" is not "polo"); "oo" and
    # "ee" are English ("poor" is not "por", "good" is not "god").
    return letter * 2 if letter in "lroe" else letter


@cache
def word_key(word: str) -> str:
    """The form two spellings of one word share.

    Lower case without accents (``ñ`` kept), with the spelling slips of quick typing merged:
    ``z``/``s``, ``ce``/``se``, ``ci``/``si`` and ``v``/``b`` sound the same in Peru, and
    doubled letters (other than ``ll``, ``rr``, ``oo`` and ``ee``) are single.

    >>> word_key("Delisioso") == word_key("delicioso") == word_key("DELICIOSSO")
    True
    >>> word_key("buenaso") == word_key("buenazo"), word_key("pollo") == word_key("polo")
    (True, False)
    >>> word_key("poor") == word_key("por")
    False
    """
    key = fold(word)
    key = ABBREVIATIONS.get(key, key)
    key = fold(key)
    key = _SOFT_C.sub("s", key).replace("z", "s").replace("v", "b")
    return _DOUBLE.sub(_undouble, key)


def phrase_key(text: str) -> tuple[str, ...]:
    """The keys of the words of ``text``, split on spaces and apostrophe-free punctuation."""
    return tuple(word_key(w) for w in re.findall(r"[^\W_]+(?:'[^\W_]+)*", text.lower()))


def gender_number_variants(key: str) -> set[str]:
    """Spanish forms of an adjective key ("rico" → rica, ricos, ricas); plurals too."""
    forms = number_variants(key)
    if len(key) < 3:
        return forms
    if key.endswith("o"):
        stem = key[:-1]
        forms |= {stem + "a", stem + "os", stem + "as"}
    elif key.endswith("a"):
        stem = key[:-1]
        forms |= {stem + "o", stem + "as", stem + "os"}
    return forms


def number_variants(key: str) -> set[str]:
    """A key and its plural ("plato" → platos, "mal" → males)."""
    forms = {key}
    if len(key) < 3 or key.endswith("s"):
        return forms
    if key[-1] in "aeiou":
        forms.add(key + "s")
    elif key[-1] in "lrnd":
        forms |= {key + "es", key + "s"}
    return forms


def phrase_variants(
    words: tuple[str, ...], forms: Callable[[str], set[str]]
) -> Iterable[tuple[str, ...]]:
    if len(words) > 4:
        return [words]
    return product(*(sorted(forms(w)) for w in words))


# Suffixes whose removal gives a word the lexicon may know, and how much they add:
# "-ísimo" is very, a diminutive is as strong as its word, "-azo" is a bit more. Keys are
# compared after word_key, so "-ísimo" is "isimo" and "-azo" is "aso".
SUFFIXES: tuple[tuple[str, float], ...] = (
    *((s, 1.35) for s in ("isimos", "isimas", "isimo", "isima")),
    *((s, 1.0) for s in ("esitos", "esitas", "esito", "esita", "sitos", "sitas", "sito")),
    *((s, 1.0) for s in ("sita", "itos", "itas", "ito", "ita")),
    *((s, 1.3) for s in ("asos", "asas", "aso", "asa")),
)


def stems(stem: str) -> list[str]:
    """The words a stem may come from."""
    # Spelling changes at the joint: "riqu-ísimo" is "rico", "larg-uísimo" is "largo",
    # "amabil-ísimo" is "amable", "limp-ísimo" is "limpio".
    heads = [stem]
    if stem.endswith("qu"):
        heads.append(stem[:-2] + "c")
    if stem.endswith("gu"):
        heads.append(stem[:-1])
    if stem.endswith("bil"):
        heads.append(stem[:-3] + "bl")
    out: list[str] = []
    for head in heads:
        out += [head + "o", head + "e", head + "io", head]
    return out
