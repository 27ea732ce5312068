"""The words around a dish's name that say whether it is the dish (see
:mod:`sazon.experience.dish_linker`): articles and ordering verbs before a one-word name, idioms
that use a dish's word for something else, and qualifiers after "de".
"""

from __future__ import annotations

import re

from sazon.experience.dish_names import word_key

__all__ = [
    "ARTICLES",
    "FRIEND",
    "IDIOMS",
    "JOINERS",
    "MAKER",
    "NOT_A_KIND",
    "ORDERED",
    "WEAK",
]

ARTICLES = frozenset(
    [
        "el",
        "la",
        "los",
        "las",
        "lo",
        "un",
        "una",
        "unos",
        "unas",
        "del",
        "al",
        "su",
        "sus",
        "mi",
        "mis",
        "tu",
        "tus",
        "nuestro",
        "nuestra",
        "este",
        "esta",
        "ese",
        "esa",
        "otro",
        "otra",
        "the",
        "a",
        "an",
        "our",
        "their",
        "my",
        "your",
        "this",
        "that",
        "some",
    ]
)
# Verbs after which a bare dish word is a dish, as after an article: "pedimos humitas".
ORDERED = frozenset(
    [
        "pedi",
        "pedí",
        "pedimos",
        "pidio",
        "pidió",
        "pidieron",
        "probe",
        "probé",
        "probamos",
        "comi",
        "comí",
        "comimos",
        "ordered",
        "tried",
    ]
)
JOINERS = frozenset(["de", "del"])
# Words after "de" that say which serving, not which dish: "de la casa", "de postre".
NOT_A_KIND = frozenset(
    word_key(w)
    for w in ["casa", "postre", "entrada", "fondo", "hoy", "dia", "siempre", "cortesia", "menu"]
)
# One-word names that are also what the table calls a sauce: qualified, they are the sauce.
WEAK = frozenset([word_key("picante")])
# Idioms where a dish's word means something else. Matched on the folded text.
IDIOMS = re.compile(
    r"\ba\s+causa\s+de(?:l)?\b"
    r"|\b(?:duele|duelen|dolia|dolio|dolor\s+de|sobar(?:me|le)?)\s+(?:el|la|los|las|mi|mis)?\s*\w+"
    r"|\blomo\s+de\s+tanto\b"
    r"|\bsuspiro\s+de\s+alivio\b"
    r"|\bcapit[aá]n\s+(?:de|del)\s+(?:los\s+)?(?:mozos|meseros|sala|barco|equipo|salon|salón)\b"
    r"|\bjalea\s+(?:real|de\s+(?:fresa|frutilla|membrillo|uva|mora|durazno|pi[nñ]a|guayaba))\b"
    r"|\b(?:mis|tus)\s+causas\b",
    re.IGNORECASE,
)
# "mi causa" is also Lima's "my friend": before a name ("mi causa Pepe") or a comma it is one.
FRIEND = re.compile(r"\b(?:[Mm]i|[Tt]u)\s+causa(?=\s+[A-ZÁÉÍÓÚÑ]|\s*[,!])")
# A word made from a dish's name for its maker or shop ("el emolientero", "la picantería") is
# not the dish: a near spelling that only adds one of these endings is refused.
MAKER = re.compile(r"(?:ero|era|eros|eras|eria|erias)$")
