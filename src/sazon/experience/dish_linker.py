"""Find the venue's dishes in what guests write, as they write them, and what they say of each.

>>> linker = DishLinker([MenuDish("brc-lomo", "Lomo saltado", "Stir-fried beef tenderloin")])
>>> [(m.text, m.dish, m.sentiment) for m in linker.link("El lomito, buenazo.")]  # doctest: +SKIP
[('lomito', 'brc-lomo', 'positive')]

How a mention is found (see :mod:`sazon.experience.dish_names` for the keys and aliases):

- a run of up to five review words (the joining ones skipped) is compared with every alias of
  the menu's dishes by its joined key, with RapidFuzz's Levenshtein distance: no typo allowed in
  a key of five letters or fewer ("casa" is not "causa"), one up to nine, two beyond;
- the longest run wins, then the closest spelling, then the strongest alias (the full name
  before a shorter form, a shorter form before one word);
- a one-word alias ("el lomito", "la causa") counts only after an article or a possessive, so
  "muy picante" is no "picante de mariscos" and "a causa de" is no causa;
- a name that two dishes of the menu share at the same strength (one word of both, "el
  ceviche" with three ceviches on the menu) links to **neither**: the mention is kept with
  ``dish=None``, ``ambiguous=True`` and the dishes it could be, and is never counted for one;
- idioms that use a dish's word for something else ("me duele el lomo", "a causa de") are
  skipped, and only the venue's own menu is read, so another venue's dish finds nothing.

Each mention's sentiment is the clause around it, read by :func:`sazon.text.opinions_at`
(the rules; with ``read_unjudged=True`` the learned model reads a sentence the rules find no
opinion in).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from sazon.experience.dish_cues import (
    ARTICLES,
    FRIEND,
    IDIOMS,
    JOINERS,
    MAKER,
    NOT_A_KIND,
    ORDERED,
    WEAK,
)
from sazon.experience.dish_names import (
    GENERIC_HEADS_KEYS,
    STOPWORDS,
    aliases_of,
    content_words,
    heads_of,
    is_classic,
    word_key,
    words,
)
from sazon.text import opinions_of_many

__all__ = ["DishLinker", "DishMention", "MenuDish"]

_MAX_RUN = 5
# The code of the dishes of other menus (see DishLinker's ``elsewhere``).
_ELSEWHERE = ""
_BREAK = re.compile(r"[.,;:!?()\n]")
_SENTENCE_END = re.compile(r"[.!?\n]")


@dataclass(frozen=True, slots=True)
class MenuDish:
    """A dish on a venue's menu, as the linker needs it."""

    code: str
    name_es: str
    name_en: str | None = None


@dataclass(frozen=True, slots=True)
class DishMention:
    """One place in a text that names a dish (or could name several: ``ambiguous``)."""

    start: int
    end: int
    text: str
    dish: str | None
    sentiment: str = "neutral"
    score: float = 0.0
    evidence: str = ""
    ambiguous: bool = False
    candidates: tuple[str, ...] = field(default=())


@dataclass(frozen=True, slots=True)
class _Found:
    start: int  # index of the first word
    stop: int  # index after the last word
    distance: int
    rank: int
    dishes: tuple[str, ...]

    def order(self) -> tuple[int, int, int]:
        # The longest run first ("pisco sauer" is the pisco sour, not the one word "pisco"),
        # then the closest spelling, then the strongest alias.
        return (-(self.stop - self.start), self.distance, self.rank)


def _budget(key: str) -> int:
    """How many typos a key of this length forgives."""
    if len(key) <= 5:
        return 0
    return 1 if len(key) <= 9 else 2


class DishLinker:
    """The dish mentions of texts written about one venue, against that venue's menu."""

    def __init__(
        self,
        menu: Sequence[MenuDish],
        *,
        read_unjudged: bool = False,
        elsewhere: Sequence[MenuDish] = (),
    ) -> None:
        """``elsewhere``: dishes known to exist but not on this menu (the knowledge base's).
        A review that names one of them in full ("el pisco sour" where the menu has only the
        maracuyá sour, "el chicharrón de pescado" beside the chicharrón de calamar) names no
        dish of this menu, even where a shorter form of a menu name would fit."""
        self.menu = list(menu)
        #: Read a mention whose sentence holds no opinion word the rules know with the packaged
        #: learned model (it knows more words; it is fitted in the process on first use).
        self.read_unjudged = read_unjudged
        by_joined: dict[str, dict[str, int]] = {}
        single: dict[str, bool] = {}
        # Every word of every name: a single word two dishes share names neither of them.
        in_names: dict[str, set[str]] = {}
        for dish in self.menu:
            for alias in aliases_of(dish.name_es, dish.name_en):
                ranks = by_joined.setdefault(alias.joined, {})
                ranks[dish.code] = min(ranks.get(dish.code, 9), alias.rank)
                single[alias.joined] = single.get(alias.joined, True) and alias.single
                if len(alias.keys) == 1 and not alias.single:
                    single[alias.joined] = False
            for alias in aliases_of(dish.name_es, dish.name_en):
                if alias.rank == 0:
                    for key in alias.keys:
                        in_names.setdefault(key, set()).add(dish.code)
        menu_words = [set(content_words(d.name_es)) for d in self.menu]
        on_menu = {tuple(content_words(d.name_es)) for d in self.menu}
        for other in elsewhere:
            if tuple(content_words(other.name_es)) in on_menu:
                continue
            for alias in aliases_of(other.name_es, other.name_en):
                # "Pulpo al olivo" is what guests call the menu's pulpo al olivo nikkei.
                if (
                    alias.rank
                    or len(alias.keys) < 2
                    or any(set(alias.keys) <= w for w in menu_words)
                ):
                    continue
                by_joined.setdefault(alias.joined, {})[_ELSEWHERE] = 0
                single.setdefault(alias.joined, False)
        self._words = {
            d.code: frozenset(content_words(d.name_es) + content_words(d.name_en or ""))
            for d in self.menu
        }
        self._heads = {d.code: heads_of(d.name_es, d.name_en) for d in self.menu}
        self._classic = {d.code for d in self.menu if is_classic(d.name_es, d.name_en)}
        self._aliases = by_joined
        self._single = single
        self._in_names = in_names
        self._keys = list(by_joined)

    def _match(self, joined: str) -> list[tuple[str, int]]:
        """Alias keys within the typo budget of ``joined``, with their distance."""
        if joined in self._aliases:
            return [(joined, 0)]
        budget = _budget(joined)
        if budget == 0:
            return []
        close = process.extract(
            joined, self._keys, scorer=Levenshtein.distance, score_cutoff=budget, limit=None
        )
        return [(key, int(dist)) for key, dist, _ in close if _budget(key) > 0]

    def _candidates(
        self, keys: list[str], articled: list[bool], parts: list[int], qualified: list[bool]
    ) -> list[_Found]:
        found: list[_Found] = []
        for start in range(len(keys)):
            for stop in range(start + 1, min(len(keys), start + _MAX_RUN) + 1):
                if parts[stop - 1] != parts[start]:
                    break  # a name never runs over a comma or a full stop
                joined = "".join(keys[start:stop])
                shortest = min(len(keys[start]), len(keys[stop - 1]))
                for key, dist in self._match(joined):
                    if dist and dist >= shortest:
                        continue  # the typos would be a whole word added or dropped
                    ranks = self._aliases[key]
                    if self._refused(key, joined, dist, start, stop, (keys, articled, qualified)):
                        continue
                    best = min(ranks.values())
                    dishes = tuple(sorted(d for d, r in ranks.items() if r == best))
                    if len(dishes) > 1:
                        dishes = tuple(d for d in dishes if d != _ELSEWHERE)  # the menu first
                    if self._single[key]:
                        dishes = tuple(sorted(set(dishes) | self._in_names.get(key, set())))
                    found.append(_Found(start, stop, dist, best, dishes))
        return found

    def spans(self, text: str) -> list[tuple[int, int, tuple[str, ...]]]:
        """Where ``text`` names dishes, and which: ``(start, end, dish codes)``."""
        return [(start, end, dishes) for start, end, dishes, _ in self._spans(text)]

    def _refused(
        self,
        key: str,
        joined: str,
        dist: int,
        start: int,
        stop: int,
        around: tuple[list[str], list[bool], list[bool]],
    ) -> bool:
        """Whether the words ``start:stop``, close to the alias ``key``, are still no dish."""
        keys, articled, qualified = around
        if self._single[key]:
            if not articled[start]:
                return True  # one word counts only after an article
            if qualified[start] and self._other_kind(key, keys[start + 1]):
                return True  # "el chicharrón de pollo" is no chicharrón de calamar
        # "el emolientero" sells emoliente, is not one
        return bool(dist and stop - start == 1 and MAKER.search(joined) and not MAKER.search(key))

    def _other_kind(self, key: str, following: str) -> bool:
        """Whether the word after "de" names another dish than those ``key`` names."""
        if key in WEAK:
            return True  # "el picante de la casa" is the hot sauce
        if following in GENERIC_HEADS_KEYS or following in NOT_A_KIND:
            return False  # "el ceviche de pescado", "el sudado de la casa" are still the dish
        return not any(following in self._words.get(d, ()) for d in self._aliases[key])

    def _reading(self, keys: Sequence[str], dishes: tuple[str, ...]) -> str | None:
        """The plain reading of a name several dishes share, if the menu gives one.

        "La trucha" is the dish whose head word it is (trucha frita, not ceviche de trucha);
        among several such, "el ceviche" is the one the menu calls classic. Otherwise none:
        "el pulpo" with two octopus dishes stays unread.
        """
        if len(dishes) == 1:
            return dishes[0]
        headed = [d for d in dishes if self._heads[d] & set(keys)]
        if len(headed) > 1:
            headed = [d for d in headed if d in self._classic]
        return headed[0] if len(headed) == 1 else None

    def _spans(self, text: str) -> list[tuple[int, int, tuple[str, ...], str | None]]:
        blocked = [(m.start(), m.end()) for m in IDIOMS.finditer(text)]
        blocked += [(m.start(), m.end()) for m in FRIEND.finditer(text)]
        tokens = [
            (s, e, w) for s, e, w in words(text) if not any(bs <= s < be for bs, be in blocked)
        ]
        # Words that join a name's parts are skipped, remembering an article before the next.
        keys: list[str] = []
        places: list[tuple[int, int]] = []
        articled: list[bool] = []
        parts: list[int] = []
        # Whether a word is followed by "de" and another word: "chicharrón de pollo".
        qualified: list[bool] = []
        part = 0
        after_article = joined = False
        last_end = -1
        for s, e, w in tokens:
            low = w.lower()
            gap = text[last_end:s] if last_end >= 0 else ""
            if _BREAK.search(gap):
                after_article = joined = False
                part += 1
            if low in STOPWORDS and low != "sin":
                after_article = after_article or low in ARTICLES
                joined = joined or (low in JOINERS and bool(keys) and places[-1][1] == last_end)
                last_end = e
                continue
            if joined and low not in ARTICLES:
                qualified[-1] = True  # "de mi abuela" says whose, not what
            joined = False
            qualified.append(False)
            keys.append(word_key(w))
            places.append((s, e))
            parts.append(part)
            articled.append(after_article or low in ARTICLES)
            after_article = low in ARTICLES or low in ORDERED
            last_end = e
        found = sorted(self._candidates(keys, articled, parts, qualified), key=_Found.order)
        taken: set[int] = set()
        out: list[tuple[int, int, tuple[str, ...], str | None]] = []
        for group in _best_per_run(found):
            if taken & set(range(group.start, group.stop)):
                continue
            taken |= set(range(group.start, group.stop))
            if group.dishes == (_ELSEWHERE,):
                continue  # a dish of another menu: its words name nothing here
            reading = self._reading(keys[group.start : group.stop], group.dishes)
            out.append((places[group.start][0], places[group.stop - 1][1], group.dishes, reading))
        return _first_per_sentence(text, sorted(out, key=lambda span: span[:2]))

    def link(self, text: str, lang: str = "es") -> list[DishMention]:
        """The dish mentions in ``text`` with the sentiment of the clause around each."""
        return self.link_many([(text, lang)])[0]

    def link_many(self, texts: Sequence[tuple[str, str]]) -> list[list[DishMention]]:
        """:meth:`link` over ``(text, lang)`` pairs; the sentiment model is called once."""
        found = [self._spans(text) for text, _ in texts]
        # The names themselves are not opinions: "sopa seca", "chilcano sin alcohol".
        masked = [_masked(text, spans) for (text, _), spans in zip(texts, found, strict=True)]
        opinions = opinions_of_many(
            [
                (m, [(s, e) for s, e, _, _ in spans], lang)
                for m, spans, (_, lang) in zip(masked, found, texts, strict=True)
            ],
            use_model=self.read_unjudged,
        )
        out: list[list[DishMention]] = []
        for (text, _), hidden, spans, said in zip(texts, masked, found, opinions, strict=True):
            out.append(
                [
                    DishMention(
                        start=start,
                        end=end,
                        text=text[start:end],
                        dish=reading,
                        sentiment=opinion.label,
                        score=opinion.score,
                        evidence=_unmasked(text, hidden, opinion.evidence),
                        ambiguous=len(dishes) > 1,
                        candidates=dishes,
                    )
                    for (start, end, dishes, reading), opinion in zip(spans, said, strict=True)
                ]
            )
        return out


def _first_per_sentence(
    text: str, spans: list[tuple[int, int, tuple[str, ...], str | None]]
) -> list[tuple[int, int, tuple[str, ...], str | None]]:
    """One mention of a dish per sentence: "el arroz con pato … el pato suavecito" is one
    opinion of one dish, read in the clause of its first naming."""
    ends = [m.start() for m in _SENTENCE_END.finditer(text)]
    seen: set[tuple[int, str]] = set()
    out = []
    for span in spans:
        reading = span[3]
        if reading is not None:
            sentence = sum(end < span[0] for end in ends)
            if (sentence, reading) in seen:
                continue
            seen.add((sentence, reading))
        out.append(span)
    return out


def _masked(text: str, spans: Sequence[tuple[int, int, tuple[str, ...], str | None]]) -> str:
    for start, end, _, _ in spans:
        text = text[:start] + "x" * (end - start) + text[end:]
    return text


def _best_per_run(found: list[_Found]) -> list[_Found]:
    """Candidates in order, the dishes of equally good ones on the same words merged."""
    merged: dict[tuple[int, int], _Found] = {}
    order: list[tuple[int, int]] = []
    for f in found:
        place = (f.start, f.stop)
        have = merged.get(place)
        if have is None:
            merged[place] = f
            order.append(place)
        elif have.order() == f.order():
            dishes = tuple(sorted(set(have.dishes) | set(f.dishes) - {_ELSEWHERE}))
            merged[place] = _Found(f.start, f.stop, f.distance, f.rank, dishes)
    return [merged[p] for p in order]


def _unmasked(text: str, masked: str, evidence: str) -> str:
    """The evidence as the guest wrote it (the names put back)."""
    at = masked.find(evidence) if evidence else -1
    return text[at : at + len(evidence)] if at >= 0 else evidence
