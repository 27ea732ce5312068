"""What each guest would enjoy: favourite cuisines, past ratings, and their notes.

Scores are small integers per guest and dish (about -6…9), so guests who like the same things
get the same vector and the planner can treat them as one class. Each score carries its
reasons, in words, for the plan to show.

Notes are matched to dish names and descriptions by a :class:`NoteMatcher`. The default,
:func:`default_matcher`, uses the text service's embedder (``sazon.text.make_embedder``) on
top of :class:`TokenOverlapMatcher` (content words compared with rapidfuzz, so plurals and
small typos still meet); if the embedder cannot run, token overlap alone decides. A guest without
``consent_personalisation`` gets no score at all, and the plan says so.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

import numpy as np
from rapidfuzz import fuzz

from sazon.errors import DependencyUnavailable
from sazon.events.schemas import GuestNeeds, MenuDish
from sazon.knowledge import CUISINES, KnowledgeBase, fold

log = logging.getLogger(__name__)

FAVOURITE_CUISINE = 3
NOTE_WEIGHT = 3
MIN_SCORE, MAX_SCORE = -6, 9

_SENTENCES = re.compile(r"[.;!?\n]+|,\s*(?:pero|but)\s+")
_NEGATIVE = re.compile(
    r"\b(no|nada|nunca|odia|odio|evita|detesta|sin|dislikes?|hates?|never|not|avoids?|"
    r"don t|doesn t)\b"
)
# Food words beyond ingredient and dish names, so a note like "prefiere mesa en terraza" is
# never matched to a dish just because it is the closest thing on the menu.


def _wordset(*lines: str) -> frozenset[str]:
    return frozenset(" ".join(lines).split())


_FOOD_WORDS = _wordset(
    "picante picantes dulce dulces acido acida salado crocante crujiente frito fritos cremoso "
    "ligero ligeros liviano mariscos marisco pescado pescados carne carnes postre postres "
    "sopa sopas ceviche tiradito guiso guisos parrilla brasa vegetal vegetales verduras "
    "spicy sweet sour salty crispy fried creamy light seafood fish meat dessert desserts soup "
    "stew grilled vegetables raw crudo cruda plato platos comida food dish dishes sabor "
    "flavour flavor",
)
_STOP = _wordset(
    "el la los las un una unos unas de del al a y o en con por para que le les se su sus lo "
    "muy mas más the a an of and or in with for to his her their is are likes like gusta "
    "gustan encanta encantan prefiere prefers loves love siempre always pide orders",
)


class NoteMatcher(Protocol):
    """Which (note, dish text) pairs count as the note being about the dish."""

    name: str

    def match(self, notes: Sequence[str], docs: Sequence[str]) -> np.ndarray:
        """A ``len(notes) × len(docs)`` boolean array."""
        ...


def _content_words(text: str) -> list[str]:
    return [w for w in fold(text).split() if len(w) >= 3 and w not in _STOP]


class TokenOverlapMatcher:
    """Shared content words, compared with rapidfuzz (plurals and typos still match)."""

    name = "token-overlap"

    def __init__(self, word_score: float = 85.0, threshold: float = 0.5) -> None:
        self.word_score = word_score
        self.threshold = threshold

    def similarity(self, notes: Sequence[str], docs: Sequence[str]) -> np.ndarray:
        """The share of each note's content words found in each dish text."""
        doc_words = [set(_content_words(d)) for d in docs]
        out = np.zeros((len(notes), len(docs)))
        for i, note in enumerate(notes):
            words = _content_words(note)
            if not words:
                continue
            for j, dw in enumerate(doc_words):
                hit = sum(
                    1
                    for w in words
                    if w in dw or any(fuzz.ratio(w, d) >= self.word_score for d in dw)
                )
                out[i, j] = hit / len(words)
        return out

    def match(self, notes: Sequence[str], docs: Sequence[str]) -> np.ndarray:
        return np.asarray(self.similarity(notes, docs) >= self.threshold)


class EmbeddingMatcher:
    """Token overlap, plus the dish an embedding finds clearly closest to a note.

    Embeddings (``embed(texts, kind=…)``, L2-normalised rows, so a dot product is the cosine)
    catch notes that share no word with the dish ("loves grilled meat" → "a la parrilla").
    The multilingual encoders available offline give every pair a high score (0.75–0.95)
    and, in a spot check on the knowledge base's dishes, often ranked an unrelated dish
    first, so an embedding match counts only for the top dish of a note and only when it
    stands ``margin`` above the menu's median for that note. If the model's package is not
    installed, the token overlap alone decides (and it is logged).
    """

    def __init__(self, embedder: Any, margin: float = 0.05) -> None:
        self.embedder = embedder
        self.margin = margin
        self.tokens = TokenOverlapMatcher()
        self.name = f"embeddings:{getattr(embedder, 'name', type(embedder).__name__)}"

    def match(self, notes: Sequence[str], docs: Sequence[str]) -> np.ndarray:
        hits = self.tokens.match(notes, docs)
        if not len(notes) or not len(docs):
            return hits
        try:
            q = np.asarray(self.embedder.embed(list(notes), kind="query"), dtype=float)
            p = np.asarray(self.embedder.embed(list(docs), kind="passage"), dtype=float)
        except DependencyUnavailable as exc:
            # The model's package is optional (it loads on first use): degrade, and say so. A
            # model directory that will not load (InvalidInput) or a fault in the embedder is
            # not hidden behind a log line: the plan fails with what to fix.
            log.warning("event planner: embeddings unavailable (%s), token overlap only", exc)
            return hits
        sims = q @ p.T
        best = sims.argmax(axis=1)
        clear = sims[np.arange(len(notes)), best] - np.median(sims, axis=1) >= self.margin
        out = np.array(hits, dtype=bool)
        out[np.arange(len(notes))[clear], best[clear]] = True
        return out


_MATCHERS: dict[str, NoteMatcher] = {}


def default_matcher(settings: Any = None) -> NoteMatcher:
    """Embeddings from the text service (``sazon.text.make_embedder``), else token overlap.

    ``settings`` is the app's ``Settings`` (its ``text`` section picks the embedder), a
    ``TextSettings``, an embedder name, or None for the default. One matcher per embedder
    per process: the embedder caches what it has encoded.
    """
    choice = getattr(settings, "text", settings) or "default"
    key = repr(choice)
    if key in _MATCHERS:
        return _MATCHERS[key]
    from sazon.text import make_embedder

    try:
        matcher: NoteMatcher = EmbeddingMatcher(make_embedder(choice))
    except DependencyUnavailable as exc:
        # The embedding model's package is not installed: preferences still match on words.
        # A misspelt embedder name (InvalidInput) is not caught: it is a setting to fix.
        log.warning("event planner: notes matched by token overlap only (%s)", exc)
        matcher = TokenOverlapMatcher()
    _MATCHERS[key] = matcher
    return matcher


@dataclass
class GuestPreferences:
    """One guest's score per dish and the reasons behind each non-zero score."""

    scores: dict[str, int] = field(default_factory=dict)
    reasons: dict[str, list[str]] = field(default_factory=dict)
    personalised: bool = False
    note: str = ""

    def vector(self, dish_ids: Sequence[str]) -> tuple[int, ...]:
        return tuple(self.scores.get(d, 0) for d in dish_ids)


def _dish_text(dish: MenuDish, lang: str) -> str:
    parts = [dish.name_es, dish.name_en or "", dish.description_es or "", dish.description_en or ""]
    return ". ".join(p for p in parts if p)


def _cuisine_key(text: str) -> str:
    key = fold(text)
    return key[:-1] if key.endswith(("o", "a")) and len(key) > 4 else key


def _about_food(sentence: str, kb: KnowledgeBase) -> bool:
    words = fold(sentence).split()
    if any(w in _FOOD_WORDS for w in words):
        return True
    if any(_cuisine_key(w) in {_cuisine_key(c) for c in CUISINES} for w in words):
        return True
    for n in (3, 2, 1):
        for i in range(len(words) - n + 1):
            piece = " ".join(words[i : i + n])
            if len(piece) >= 4 and (kb.find_ingredient(piece) or kb.find_dish(piece)):
                return True
    return False


def _sentences(notes: str | None) -> list[str]:
    return [s.strip() for s in _SENTENCES.split(notes or "") if len(s.strip()) >= 4]


def score_guests(
    guests: Sequence[GuestNeeds],
    menu: Sequence[MenuDish],
    kb: KnowledgeBase,
    matcher: NoteMatcher | None = None,
    lang: str = "es",
) -> dict[str, GuestPreferences]:
    """Every guest's preference for every dish, with reasons; no consent, no score."""
    matcher = matcher or TokenOverlapMatcher()
    en = lang == "en"
    out: dict[str, GuestPreferences] = {}
    pending_notes: list[tuple[str, str, bool]] = []  # guest, sentence, negative?
    dish_cuisines = [_cuisine_key(d.cuisine) if d.cuisine else "" for d in menu]
    dish_names = {d.dish_id: fold(d.name_es) for d in menu}
    for g in guests:
        prefs = GuestPreferences()
        out[g.guest_id] = prefs
        if not g.consent_personalisation:
            prefs.note = (
                "no personalisation: the guest has not consented"
                if en
                else "sin personalización: no dio su consentimiento"
            )
            continue
        prefs.personalised = True
        favourites = {_cuisine_key(c) for c in g.favourite_cuisines}
        for d, cuisine in zip(menu, dish_cuisines, strict=True):
            if cuisine and cuisine in favourites:
                why = f"favourite cuisine: {d.cuisine}" if en else f"cocina favorita: {d.cuisine}"
                _add(prefs, d.dish_id, FAVOURITE_CUISINE, why)
            rating = g.ratings.get(dish_names[d.dish_id]) if g.ratings else None
            if rating is not None and abs(rating - 3) >= 0.5:
                points = round((rating - 3) * 1.5)
                stars = f"{rating:.1f}".rstrip("0").rstrip(".")
                why = f"rated it {stars}★ before" if en else f"lo calificó con {stars}★"
                _add(prefs, d.dish_id, points, why)
        for sentence in _sentences(g.notes):
            if _about_food(sentence, kb):
                negative = bool(_NEGATIVE.search(fold(sentence).replace("'", " ")))
                pending_notes.append((g.guest_id, sentence, negative))
        prefs.note = (
            "personalised from their cuisines, ratings and notes"
            if en
            else "personalizado según sus cocinas, calificaciones y notas"
        )
    if pending_notes and menu:
        docs = [_dish_text(d, lang) for d in menu]
        hits = matcher.match([s for _, s, _ in pending_notes], docs)
        for (gid, sentence, negative), row in zip(pending_notes, hits, strict=True):
            for j in np.flatnonzero(row):
                quote = sentence if len(sentence) <= 80 else sentence[:77] + "…"
                word = ("their note: «%s»" if en else "su nota: «%s»") % quote
                _add(
                    out[gid], menu[int(j)].dish_id, -NOTE_WEIGHT if negative else NOTE_WEIGHT, word
                )
    for prefs in out.values():
        prefs.scores = {
            d: max(MIN_SCORE, min(MAX_SCORE, s)) for d, s in prefs.scores.items() if s != 0
        }
    return out


def _add(prefs: GuestPreferences, dish_id: str, points: int, reason: str) -> None:
    if points == 0:
        return
    prefs.scores[dish_id] = prefs.scores.get(dish_id, 0) + points
    prefs.reasons.setdefault(dish_id, []).append(reason)
