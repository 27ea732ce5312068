"""The ways guests write a dish's name, as comparable keys.

Guests write "cebiche", "seviche" or "ceviche", "el lomito", "las causitas", "antikuchos",
"quinoto", without accents, in English. Every word is reduced to a key that forgives what does
not change the dish: accents, case, spelling that sounds the same in Lima (b/v, c/s/z, k/qu/c,
y/i, a silent h, doubled letters), a plural "s" and a diminutive (-ito, -ita, -cito). Names and
review words go through the same reduction, so a name matches the way it is written and said.

Each dish gets its aliases (see :func:`aliases_of`): the full Spanish and English names, their
shorter forms that keep the dish's head word ("ceviche de corvina" for "Ceviche clásico de
corvina", "sea bass ceviche" for "Classic sea bass ceviche"), and one-word names that only
count after an article ("el lomito", "the anticuchos").
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from itertools import combinations

__all__ = [
    "STOPWORDS",
    "Alias",
    "aliases_of",
    "content_words",
    "heads_of",
    "is_classic",
    "word_key",
    "words",
]

#: Words that join a name's parts and carry no dish: skipped when names and reviews are compared.
STOPWORDS = frozenset(
    [
        "de",
        "del",
        "con",
        "a",
        "al",
        "la",
        "el",
        "los",
        "las",
        "en",
        "y",
        "e",
        "sin",
        "the",
        "with",
        "in",
        "and",
        "of",
        "on",
        "a",
        "an",
        "style",
    ]
)
# Kept out of the count of a name's words for "sin": "chilcano sin alcohol" still needs "sin".
_MEANINGFUL = frozenset({"sin"})

# Heads that say only what kind of thing a dish is: "pan con chicharrón" is called "el
# chicharrón", "costillas de gamitana" "la gamitana", "ceviche de conchas negras" "las conchas
# negras". One of these words alone never names a dish.
GENERIC_HEADS = frozenset(
    [
        "pan",
        "pescado",
        "costillas",
        "refresco",
        "infusion",
        "ceviche",
        "papa",
        "arroz",
        "sopa",
        "caldo",
        "ensalada",
    ]
)
# English adjectives that open or close a name but never name the dish alone.
_EN_DESCRIPTIVE = frozenset(
    [
        "peruvian",
        "andean",
        "nikkei",
        "classic",
        "mixed",
        "seared",
        "fried",
        "crispy",
        "grilled",
        "battered",
        "creamy",
        "spicy",
        "fresh",
        "giant",
        "warm",
        "fermented",
        "savoury",
        "ripe",
        "frozen",
        "pressed",
        "light",
        "layered",
        "boiled",
        "sauteed",
        "coriander",
        "amazonian",
        "alcohol",
        "free",
        "earth",
        "baked",
        "three",
        "milk",
        "soaked",
        "fish",
        # Places that qualify a dish: "Arequipa pork", "Chiclayo-style duck".
        "arequipa",
        "chiclayo",
        "chincha",
        "trujillo",
        "cusco",
        "callao",
        "ayacucho",
        "lima",
        "piura",
    ]
)

_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_DOUBLE = re.compile(r"(.)\1+")


def _fold(word: str) -> str:
    word = word.lower().replace("ñ", "\x00")
    word = unicodedata.normalize("NFKD", word)
    return "".join(c for c in word if not unicodedata.combining(c)).replace("\x00", "ñ")


def _singular(word: str) -> str:
    if len(word) <= 3 or not word.endswith("s"):
        return word
    if word.endswith("ces") and len(word) > 5:
        return word[:-3] + "z"  # arroces → arroz
    return word[:-1]


def _plain(word: str) -> str:
    """A diminutive back to its word: lomito → lomo, causita → causa, arrocito → arroz,
    juanecito → juane, cuycito → cuy."""
    for suffix, ending in (("cito", "z"), ("cita", "z"), ("ito", "o"), ("ita", "a")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            stem = word[: -len(suffix)]
            if suffix.startswith("c"):
                if stem[-1] in "enry":
                    return stem  # juanecito → juane, pancito → pan, cuycito → cuy
                if stem[-1] in "aiou":
                    return stem + ending  # arrocito → arroz
                continue  # no diminutive puts "-cito" after another consonant
            if stem.endswith("qu"):
                stem = stem[:-2] + "c"  # poquito → poco
            elif stem.endswith("gu"):
                stem = stem[:-1]
            return stem + ending
    return word


def _sound(word: str) -> str:
    """How a folded word sounds in Lima, written one way."""
    word = word.replace("qu", "k").replace("v", "b").replace("z", "s").replace("y", "i")
    word = re.sub(r"c(?=[ei])", "s", word)
    word = re.sub(r"c(?!h)", "k", word)
    word = re.sub(r"(?<!c)h", "", word)
    word = word.replace("w", "u")
    return _DOUBLE.sub(r"\1", word)


def word_key(word: str) -> str:
    """The key two ways of writing a word share: "Cebichitos" and "ceviche" give "sebiche"."""
    return _sound(_plain(_singular(_fold(word))))


def words(text: str) -> list[tuple[int, int, str]]:
    """The words of ``text`` with where each starts and ends."""
    return [(m.start(), m.end(), m.group()) for m in _WORD.finditer(text)]


def content_words(name: str) -> list[str]:
    """The keys of a name's words without the joining ones ("de", "con", "with"…)."""
    return [
        word_key(w)
        for _, _, w in words(name)
        if _fold(w) not in STOPWORDS or _fold(w) in _MEANINGFUL
    ]


@dataclass(frozen=True, slots=True)
class Alias:
    """One way to write a dish: its word keys, how strong a match it is, one word or more."""

    keys: tuple[str, ...]
    #: 0 the full name, 1 the English name before "with"/"in", 2 a shorter form, 3 one word.
    rank: int

    @property
    def joined(self) -> str:
        return "".join(self.keys)

    @property
    def single(self) -> bool:
        return self.rank == 3


def _shorter(keys: list[str], head: int) -> set[tuple[str, ...]]:
    """The in-order shorter forms of a name that keep its head and half its words or more."""
    n = len(keys)
    out: set[tuple[str, ...]] = set()
    if n < 3 or n > 8:
        return out
    others = [i for i in range(n) if i != head]
    for size in range(max(1, (n + 1) // 2 - 1), n - 1):
        for picked in combinations(others, size):
            out.add(tuple(keys[i] for i in sorted((head, *picked))))
    return out


def _english_main(name: str) -> str:
    return re.split(r"\s(?:with|in)\s", name, maxsplit=1, flags=re.IGNORECASE)[0]


def heads_of(name_es: str, name_en: str | None) -> frozenset[str]:
    """The keys of the words that say what a dish is: the first of its Spanish name ("trucha"
    in "Trucha frita", not in "Ceviche de trucha") and the head of its English one (see
    :func:`_en_head`)."""
    heads = set(content_words(name_es)[:1])
    main = content_words(_english_main(name_en or ""))
    if main:
        heads.add(main[_en_head(main)])
    return frozenset(heads)


def _en_head(main: list[str]) -> int:
    """Where the head of an English name is: its last word ("Pan-fried Andean trout"), or its
    first when a participle follows it ("Octopus grilled", "Scallops gratinated")."""
    return 0 if len(main) > 1 and main[-1].endswith("ed") else len(main) - 1


def is_classic(name_es: str, name_en: str | None) -> bool:
    """Whether the menu calls the dish the classic one of its kind ("Ceviche clásico")."""
    keys = set(content_words(name_es)) | set(content_words(name_en or ""))
    return bool(keys & _CLASSIC_KEYS)


# A pure function of two names, and the dearest step of building a venue's linker (about a
# tenth of a second for a 130-dish menu): the what-changed page builds one per period and the
# home page one per venue, so the aliases of a menu are worked out once per process.
@lru_cache(maxsize=8192)
def aliases_of(name_es: str, name_en: str | None) -> tuple[Alias, ...]:
    """Every alias of a dish from its Spanish and English names (see the module's doc)."""
    out: dict[tuple[str, ...], int] = {}

    def add(keys: tuple[str, ...], rank: int) -> None:
        if keys and all(keys) and rank < out.get(keys, 99):
            out[keys] = rank

    es = content_words(name_es)
    add(tuple(es), 0)
    for word in es[:1]:
        for short in _CLIPPED.get(word, ()):
            add((short,), 3)
    for keys in _shorter(es, 0):
        add(keys, 2)
    if len(es) >= 2:
        if es[0] in GENERIC_HEADS_KEYS:
            rest = es[1:]
            add(tuple(rest), 2 if len(rest) > 1 else 3)
            add((rest[0],), 3)
        else:
            add((es[0],), 3)
        if len(es) >= 3 and es[0] not in GENERIC_HEADS_KEYS:
            add(tuple(es[:2]), 2)
    if name_en:
        en = content_words(name_en)
        add(tuple(en), 0)
        main = content_words(_english_main(name_en))
        add(tuple(main), 1)
        head = _en_head(main)
        for keys in _shorter(en, head):
            add(keys, 2)
        # "Nikkei causa with tuna tartare" is written "the tuna causa" too.
        for word in en[len(main) :]:
            if word not in _EN_DESCRIPTIVE_KEYS and word not in GENERIC_EN_KEYS:
                add((word, main[head]), 2)
        word = main[head]
        if len(main) >= 2 and word not in _EN_DESCRIPTIVE_KEYS and word not in GENERIC_EN_KEYS:
            add((word,), 3)
    return tuple(Alias(keys, rank) for keys, rank in out.items())


GENERIC_HEADS_KEYS = frozenset(word_key(w) for w in GENERIC_HEADS)
_EN_DESCRIPTIVE_KEYS = frozenset(word_key(w) for w in _EN_DESCRIPTIVE)
# English words for a kind of dish: "the soup", "the rice", "the fish" name no one dish.
GENERIC_EN_KEYS = frozenset(
    word_key(w)
    for w in ["soup", "rice", "fish", "stew", "salad", "juice", "drink", "sauce", "cake", "bread"]
)
_CLASSIC_KEYS = frozenset(word_key(w) for w in ["clásico", "clásica", "classic"])
# Names Lima clips in speech: "la pacha" is the pachamanca.
_CLIPPED = {word_key("pachamanca"): (word_key("pacha"),)}
