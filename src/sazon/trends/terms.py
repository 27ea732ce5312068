"""Candidate terms of a text: 1–3-grams of normalised Spanish words, and product names whole.

A word is folded (lower case, no accents but the ñ), its plural made singular and, when the
dictionary knows it, lemmatised ("rica", "ricos" → "rico"; "cierra" → "cerrar"); stop words
and very short words never start or end an n-gram, so "la tapa" and "tapa de" are not terms
but "tapa" and "sin azucar" are. The product a text names (its ``product`` field) is one term
whole, so "Yaku Maracuyá 1L" is never split into "yaku" and "1l".

``sazon.text.tokenise`` handles prices, ratings and emoji, which cost about 0.5 ms a text;
the trend tool only needs words, and a replay of 65,000 texts has to take under a minute,
so words here are a plain regular expression and each word form is normalised once per
process (the vocabulary of a stream is small next to its number of words).
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

from sazon.text import fold, lemmatise, stopwords

WORD = re.compile(r"[^\W\d_]+(?:\d+[^\W\d_]*)?|\d+[^\W\d_]+", re.UNICODE)
# Words that carry no topic of their own in a post about drinks: stop words plus the fillers
# and verbs of opinion every post has (they are what sentiment reads, not what trends are).
_FILLER_WORDS = """
q k xq pq porq jaja jajaja jeje ya ahi ahora hoy ayer siempre nunca tambien igual solo
mas muy bien mal bueno buena buenos buenas ser estar haber tener hacer ir ver dar decir
poder querer saber llegar venir pasar deber poner parecer quedar creer tomar comprar
probar vez veces cosa cosas algo nada todo todos toda todas otro otra otros otras mismo
the a an and or of to in on for with is it this that my i you me so just
"""
_FILLERS = frozenset(_FILLER_WORDS.split())
CLAUSE = re.compile(r"[.,;:!?¡¿()\[\]\n\"“”]+")
_KEEP_SHORT = frozenset({"ipa", "sal", "te", "ron", "gin", "ají", "aji"})
MAX_N = 3


@cache
def _stop() -> frozenset[str]:
    words = {fold(w) for w in stopwords("es")} | {fold(w) for w in stopwords("en")}
    # "sin" and "no" are stop words to a search engine and part of a product to a maker
    # ("sin azúcar", "no retornable"): they may start an n-gram, never stand alone.
    return frozenset(words | _FILLERS)


_OPENERS = frozenset({"sin", "cero", "zero", "light", "extra", "no"})
_JOINERS = frozenset({"de", "a", "con", "al", "del"})


@cache
def normal_word(word: str) -> str:
    """The form a word is counted under (folded, singular, lemma)."""
    w = word
    if len(w) > 4 and w.endswith("es") and w[-3] in "rlndzj":
        w = w[:-2]  # sabores → sabor, limones → limón
    elif len(w) > 3 and w.endswith("s") and w[-2] in "aeiouáéó":
        w = w[:-1]  # tapas → tapa, ricos → rico
    # The dictionary reads accents ("está" → "estar"), so it goes before folding.
    lemma = lemmatise([w])[0]
    # A lemma that changes the first letter is a guess too far for a product word; keep the
    # verb and adjective lemmas it gets right ("cierra" → "cerrar", "rica" → "rico").
    ok = lemma[:1] == w[:1] and len(lemma) <= len(w) + 2  # not "cap" → "capítulo"
    return fold(lemma if ok else w)


@lru_cache(maxsize=1 << 17)
def _normal_raw(word: str) -> str:
    return normal_word(word.lower())


def words(text: str) -> list[str]:
    # Once per word form as written: a stream's vocabulary is small next to its words.
    return [_normal_raw(w) for w in WORD.findall(text)]


@lru_cache(maxsize=1 << 17)
def _content(word: str) -> bool:
    return (len(word) > 2 or word in _KEEP_SHORT) and word not in _stop()


@lru_cache(maxsize=1 << 17)
def _ends(word: str) -> bool:
    """May end an n-gram, or be one alone: a content word that is not an opener."""
    return _content(word) and word not in _OPENERS


def grams(text: str, product: str | None = None) -> set[str]:
    """The distinct candidate terms of one text (a text counts once for each term).

    N-grams stay inside a clause: "…sabe a jarabe. Voltio…" gives no "jarabe voltio".
    """
    out: set[str] = set()
    for clause in CLAUSE.split(text):
        if len(clause) <= CACHED_CLAUSE_CHARS:
            out.update(clause_grams(clause))
        else:  # a long clause is rarely repeated and would hold the cache's memory
            _clause_grams(words(clause), out)
    if product:
        out.add(product_term(product))
    return out


#: Clauses up to this long are cached: the cache is bounded in entries, so it is bounded in
#: memory only if each entry is (a 200-word clause without punctuation holds ~60 KB of terms).
CACHED_CLAUSE_CHARS = 200


@lru_cache(maxsize=1 << 15)
def clause_grams(clause: str) -> tuple[str, ...]:
    """The terms of one clause, worked out once per clause as written: posts repeat their
    clauses ("hoy tomé Inca Kola", "bien heladita", a bot's sentence) far more than whole
    texts, and this is most of a text's cost (a Kafka consumer's per-message work)."""
    out: set[str] = set()
    _clause_grams(words(clause), out)
    return tuple(out)


def _clause_grams(ws: list[str], out: set[str]) -> None:
    stop = _stop()
    ends = [_ends(w) for w in ws]
    for i, first in enumerate(ws):
        if not (ends[i] or first in _OPENERS or _content(first)):
            continue
        if ends[i]:
            out.add(first)
        for n in range(2, MAX_N + 1):
            if i + n > len(ws):
                break
            if ends[i + n - 1]:
                inner = ws[i + 1 : i + n - 1]
                # "sabor a jarabe" keeps its preposition; "azúcar y sabor" is no term.
                if all(w not in stop or w in _JOINERS for w in inner):
                    out.add(" ".join(ws[i : i + n]))


@lru_cache(maxsize=4096)  # a stream names few products, in every text
def product_term(product: str) -> str:
    """A product name as one term: "Yaku Maracuyá 1L" → "yaku maracuya 1l"."""
    return " ".join(fold(product).split())
