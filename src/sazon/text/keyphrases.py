"""Keyphrases of a collection of reviews or posts: what people talk about, ranked.

Candidates are runs of one to three content words inside a clause, optionally joined by a
connector ("ají de gallina", "papa a la huancaína", "arroz con mariscos", "fish and chips"),
never starting or ending on a stop word, a negation or a bare opinion word ("rico", "good").
Plurals and accents are merged ("anticucho"/"anticuchos", in Spanish and English alike),
and the most frequent surface form is shown.

Scoring is the C-value of Frantzi, Ananiadou and Mima (2000), implemented here on the
number of texts that mention a phrase: longer phrases gain (log2 of their content words plus
one), and a phrase loses the mentions it only gets inside longer ones, so "lomo" alone does
not compete with "lomo saltado" unless people also say "lomo" on its own. The best phrase
has score 1.0.
"""

from __future__ import annotations

import math
import re
import statistics
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from sazon.text.language import detect_languages
from sazon.text.normalise import PLACEHOLDERS, fold, normalise
from sazon.text.stopwords import NEVER_STOP, stopwords
from sazon.text.tokens import tokenise


@dataclass(frozen=True)
class Keyphrase:
    """A phrase, its relative salience (best = 1.0) and how often it occurs."""

    phrase: str
    score: float
    count: int


# Words allowed inside a phrase, between content words.
CONNECTORS = {
    "es": frozenset({"de", "del", "con", "a", "la", "al"}),
    "en": frozenset({"of", "with"}),
}


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Opinions, not topics: they never start or end a keyphrase (sentiment reads them).
OPINION_WORDS = _words(
    """
    rico rica ricos ricas riquísimo riquísima bueno buena buenos buenas buen malo mala
    malos malas excelente excelentes delicioso deliciosa deliciosos deliciosas bacán
    chévere buenazo buenaza buenazos buenazas genial increíble pésimo pésima horrible
    regular top lindo linda bonito bonita recomendado recomendable encanta encantó gustó
    gusta feliz espectacular normal
    good great nice bad awesome amazing delicious tasty excellent terrible lovely perfect
    best worst love loved like liked recommend recommended fine ok okay
    """
)
_BOUNDARY_RE = re.compile(r"[!?;:()\[\]\"“”«»¡¿\n|]|[.,](?!\d)|\s[-–—]\s")
# What people did, not what they talk about: "pedimos", "volveremos", "llegó".
_VERB_ENDINGS_ES = ("amos", "imos", "emos", "aron", "ieron")
REVIEW_VERBS = _words(
    """
    pedí pidió pedir fui fue fuimos vine llegó llegaron esperé esperar probé probar comí
    comer volver volvería regresar regresaría tiene tienen tenía había hay sirven sirvieron
    ordered went came tried had ate got waited will would come go try order get
    """
)
_MAX_CONTENT = 3
_MAX_TOKENS = 5


def _is_wordlike(token: str) -> bool:
    if token in PLACEHOLDERS:
        return False
    body = token[1:] if token.startswith("#") else token
    return len(body) >= 2 and body.replace("'", "").isalpha()


def _key(token: str) -> str:
    # One key for singular and plural, with and without accents, in either language; a
    # stemmer would split "lomo saltado" (es) from "lomo saltado" (en) and merge too much.
    key = fold(token)
    if len(key) > 3 and key.endswith("s") and not key.endswith("ss"):
        key = key[:-1]
    return key


def _is_verb_like(token: str, lang: str) -> bool:
    if token in REVIEW_VERBS:
        return True
    return lang == "es" and len(token) > 5 and token.endswith(_VERB_ENDINGS_ES)


@dataclass
class _Occurrence:
    key: tuple[str, ...]
    surface: str
    words: tuple[str, ...]
    text_index: int


def _clauses(text: str, lang: str) -> list[list[str]]:
    # Negations and contrast words ("pero", "but") split a clause too: a topic never
    # spans "rico pero caro".
    hard = NEVER_STOP.get(lang, NEVER_STOP["es"])
    out: list[list[str]] = []
    for piece in _BOUNDARY_RE.split(normalise(text, lang)):
        current: list[str] = []
        for token in tokenise(piece, lang):
            if token in hard and token not in CONNECTORS.get(lang, frozenset()):
                if current:
                    out.append(current)
                current = []
            else:
                current.append(token)
        if current:
            out.append(current)
    return out


def keyphrases(
    texts: Sequence[str],
    lang: str | None = None,
    top: int = 10,
    *,
    min_count: int | None = None,
) -> list[Keyphrase]:
    """The ``top`` keyphrases of ``texts``, best first, deterministic.

    ``lang`` is "es" or "en" for the whole collection, or None to detect each text (an
    undetermined one is read as Spanish). ``min_count`` defaults to 2 for ten texts or
    more (one mention is noise in a stream) and to 1 below that.

    >>> [k.phrase for k in keyphrases(["El lomo saltado, buenazo", "lomo saltado y pisco sour",
    ...                                 "el pisco sour bien helado"], top=2)]
    ['lomo saltado', 'pisco sour']
    """
    if top <= 0 or not texts:
        return []
    if lang is not None and lang not in CONNECTORS:
        from sazon.errors import InvalidInput

        raise InvalidInput(f"unknown language {lang!r}: use 'es', 'en' or None to detect")
    langs = [lang] * len(texts) if lang else detect_languages(texts, fallback="es")
    if min_count is None:
        min_count = 2 if len(texts) >= 10 else 1

    occurrences: list[_Occurrence] = []

    for index, (text, code) in enumerate(zip(texts, langs, strict=True)):
        code = code if code in CONNECTORS else "es"
        stop = stopwords(code)
        connectors = CONNECTORS[code]
        for clause in _clauses(text, code):
            keys = [_key(t) for t in clause]
            content = [
                _is_wordlike(t)
                and t not in stop
                and t not in OPINION_WORDS
                and t not in connectors
                and not _is_verb_like(t, code)
                for t in clause
            ]
            for start in range(len(clause)):
                if not content[start]:
                    continue
                words: list[str] = []
                for end in range(start, min(start + _MAX_TOKENS, len(clause))):
                    token = clause[end]
                    if content[end]:
                        words.append(keys[end])
                        if len(words) > _MAX_CONTENT:
                            break
                        occurrences.append(
                            _Occurrence(
                                key=tuple(keys[start : end + 1]),
                                surface=" ".join(clause[start : end + 1]),
                                words=tuple(words),
                                text_index=index,
                            )
                        )
                    elif token not in connectors:
                        break

    if not occurrences:
        return []
    phrase_tf: Counter[tuple[str, ...]] = Counter()
    mentions: dict[tuple[str, ...], set[int]] = defaultdict(set)
    surfaces: dict[tuple[str, ...], Counter[str]] = defaultdict(Counter)
    size: dict[tuple[str, ...], int] = {}
    for occ in occurrences:
        phrase_tf[occ.key] += 1
        mentions[occ.key].add(occ.text_index)
        surfaces[occ.key][occ.surface] += 1
        size[occ.key] = len(occ.words)

    df = {k: len(v) for k, v in mentions.items()}
    longer: dict[tuple[str, ...], list[tuple[str, ...]]] = defaultdict(list)
    for key in df:
        for n in range(1, len(key)):
            for i in range(len(key) - n + 1):
                part = key[i : i + n]
                if part in df:
                    longer[part].append(key)
    scores: dict[tuple[str, ...], float] = {}
    for key, count in df.items():
        if phrase_tf[key] < min_count:
            continue
        nested = longer.get(key)
        inside = statistics.fmean(df[k] for k in set(nested)) if nested else 0.0
        value = math.log2(size[key] + 1) * (count - inside)
        if value > 0:
            scores[key] = value
    ranked = sorted(scores, key=lambda k: (-scores[k], -phrase_tf[k], k))[:top]
    if not ranked:
        return []
    best = scores[ranked[0]]
    return [
        Keyphrase(
            phrase=min(surfaces[k].items(), key=lambda s: (-s[1], s[0]))[0],
            score=round(scores[k] / best, 6),
            count=phrase_tf[k],
        )
        for k in ranked
    ]
