"""The rule scorer: opinion words, negation, intensity and contrast, clause by clause.

For each clause of a review (see :mod:`~sazon.text.sentiment.clauses`) the scorer finds the
aspect words and the opinion words of the lexicon, then applies, left to right:

- **negation** with a scope of a few words ("no estaba rico", "nada rico", "sin problemas").
  Spanish doubles its negatives ("no estuvo nada mal"): a negator inside a scope extends it
  instead of flipping again. A negated praise becomes a complaint of three quarters of its
  strength; a negated complaint only half a praise ("no está mal" is not "excelente");
- **intensity**: "muy", "súper", "bien rico", "demoraron un montón" (after the word), "-ísimo",
  capitals and "riiiico"; "un poco", "medio" soften; "no muy rico" is a mild complaint;
- **contrast**: the clause after "pero"/"but" weighs more and the ones before it less;
  "aunque"/"although" clauses weigh less;
- ratings ("10/10", "cinco estrellas") and waiting times ("una hora", "45 minutos").

Each opinion is attached to an aspect: the word's own ("caro" is always about price), else
the nearest aspect word in its clause, else the one of the clause before in the sentence
("el ceviche, excelente"), else the word's usual aspect ("rico" is about food), else none.
"""

from __future__ import annotations

import bisect
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from sazon.text.normalise import elongated_words, single_runs
from sazon.text.sentiment.clauses import Clause, split_clauses
from sazon.text.sentiment.lexicon import (
    ASPECTS,
    Lexicon,
    Modifier,
    Opinion,
    load_lexicon,
    word_key,
)
from sazon.text.tokens import tokenise

__all__ = ["FEATURE_NAMES", "ClauseScore", "Hit", "RuleAnalysis", "RuleScorer", "squash"]

# How far a negator reaches, in words after it.
_NEG_SCOPE = 4
_SHORT_NEG_SCOPE = 2
_SHORT_NEGATORS = frozenset({"sin", "poco", "poca", "falta", "faltaba", "falto", "le falta"})
# A negated praise keeps this much of its strength, turned; a negated complaint this much.
_NEG_PRAISE = -0.75
_NEG_COMPLAINT = -0.5
# How far an intensifier reaches forwards, and backwards for "demoraron un montón".
_INTENSIFIER_AHEAD = 2
_INTENSIFIER_BEHIND = 3
_CONTRAST_BEFORE = 0.6
# An exception ("todo bien menos el precio") is the opposite of its opinion, this strong.
_EXCEPTION = 0.6
# What "lo único bueno fue …" praises (the rest of the visit it condemns).
_ONLY_PRAISE = 1.5
_CONCESSION = 0.6
_LAST_SENTENCE = 1.15
# Capitals shout; a stretched word ("riiico") is warmer but should not change a verdict.
_CAPS = 1.25
_STRETCHED = 1.1
# Valences this close to zero are lukewarm opinions ("normal", "ni fu ni fa").
_LUKEWARM = 0.7
_STRONG_COMPLAINT = -2.4

_WORD_RE = re.compile(r"[^\W\d_]+")
_CAPS_RE = re.compile(r"\b[^\W\d_a-zà-ÿ]{3,}\b")
_QUOTED_RE = re.compile(r"[\"“«]([^\"”»]{1,40})[\"”»]")
_SMILEY_RE = re.compile(r"(?<![\w/])[:;=]-?[)D\]]|\(:")
_FROWN_RE = re.compile(r"(?<![\w/])[:;=]-?[(\[]|\):")
_SARCASM_EMOJI = "🙃"
_LIST_ITEM_WORDS = 3
_SCARCE = frozenset({"poco", "poca", "pocos", "pocas"})
# Praise that condemns the rest: "lo único bueno fue el pisco" (lexicon terms).
_ONLY_GOOD_TERMS = frozenset(
    {"lo único bueno", "lo único rico", "lo único rescatable", "the only good thing"}
)
_OF_WORDS = frozenset({"de", "del", "con", "al", "a", "la", "el", "en", "with", "of"})

_NUMBERS = {
    "cero": 0,
    "zero": 0,
    "un": 1,
    "una": 1,
    "uno": 1,
    "one": 1,
    "a": 1,
    "an": 1,
    "dos": 2,
    "two": 2,
    "tres": 3,
    "three": 3,
    "cuatro": 4,
    "four": 4,
    "cinco": 5,
    "five": 5,
    "seis": 6,
    "six": 6,
    "siete": 7,
    "seven": 7,
    "ocho": 8,
    "eight": 8,
    "diez": 10,
    "ten": 10,
    "quince": 15,
    "fifteen": 15,
    "veinte": 20,
    "twenty": 20,
    "treinta": 30,
    "thirty": 30,
    "cuarenta": 40,
    "forty": 40,
    "cincuenta": 50,
    "fifty": 50,
}
_NUM_WORDS = "|".join(
    [r"\d+(?:[.,]\d+)?", *sorted((w for w in _NUMBERS if w not in ("a", "an")), key=len)[::-1]]
)
_NUM = rf"({_NUM_WORDS})"
_RATING_RES = (
    re.compile(r"(?<![\d/])(\d+(?:[.,]\d+)?)\s*/\s*(10|5)(?!\d)"),
    re.compile(r"\b(\d+)\s+(?:de|out\s+of)\s+(10|5)\b", re.IGNORECASE),
    re.compile(rf"\b{_NUM}\s+(?:estrellas?|stars?)\b", re.IGNORECASE),
)
_DURATION_RE = re.compile(
    r"\b(?:(?P<half>media|half\s+an)\s+(?P<hunit>hora|hour)"
    rf"|(?:(?:over|more\s+than|m[aá]s\s+de|casi|almost|nearly)\s+)?(?P<num>{_NUM_WORDS})\s*"
    r"(?P<unit>h|hrs?|horas?|hours?|min|mins|minutos?|minutes?)"
    r"(?P<extra>\s+y\s+(?:media|cuarto)|\s+and\s+a\s+half)?)\b",
    re.IGNORECASE,
)
_AN_HOUR = re.compile(r"\ban?\s+(?=hour)", re.IGNORECASE)
_QUICK_BEFORE = re.compile(r"(?:\ben|\bin|under|menos\s+de|less\s+than)\s*$", re.IGNORECASE)
_WAIT_CONTEXT = re.compile(
    r"esper|demor|tard|wait|took|lleg|traj|sal[ií]|atend|cola|queue|pedido|order",
    re.IGNORECASE,
)

FEATURE_NAMES: tuple[str, ...] = (
    "rule_score",
    "praise",
    "complaint",
    "n_praise",
    "n_complaint",
    "n_lukewarm",
    "last_clause",
    "max_praise",
    "max_complaint",
    "contrast",
    "n_negated",
    "n_strong_complaints",
    "aspects_positive",
    "aspects_negative",
    "length",
)


def squash(value: float, alpha: float = 6.0) -> float:
    """Map a sum of valences to (-1, 1), like VADER's normalisation."""
    return value / math.sqrt(value * value + alpha)


@dataclass(frozen=True, slots=True)
class Hit:
    """One opinion found in a review, after negation and intensity."""

    term: str
    valence: float
    aspects: tuple[str, ...]
    clause: int
    negated: bool = False
    #: False for a judgement of one aspect that says nothing of the visit as a whole ("lo
    #: único bueno fue el pisco" praises the pisco, and the overall stays a complaint).
    overall: bool = True

    @property
    def lukewarm(self) -> bool:
        return abs(self.valence) < _LUKEWARM


@dataclass(slots=True)
class ClauseScore:
    """A clause, its weight in the whole review, and the opinions in it."""

    clause: Clause
    weight: float = 1.0
    hits: list[Hit] = field(default_factory=list)
    cues: list[str] = field(default_factory=list)

    @property
    def total(self) -> float:
        """The clause's opinions on the visit as a whole (aspect-only praise left out)."""
        return sum(h.valence for h in self.hits if h.overall)


@dataclass(slots=True)
class RuleAnalysis:
    """What the rules found in one text."""

    text: str
    clauses: list[ClauseScore]

    @property
    def hits(self) -> list[Hit]:
        """The opinions on the visit as a whole (what the overall score reads)."""
        return [h for c in self.clauses for h in c.hits if h.overall]

    @property
    def weighted_total(self) -> float:
        return sum(c.weight * c.total for c in self.clauses)

    @property
    def score(self) -> float:
        """The rules' polarity of the whole text, from -1 to 1."""
        return squash(self.weighted_total)

    def aspect_totals(self) -> dict[str, list[Hit]]:
        by_aspect: dict[str, list[Hit]] = {}
        for hit in (h for c in self.clauses for h in c.hits):
            for aspect in hit.aspects:
                by_aspect.setdefault(aspect, []).append(hit)
        return {a: by_aspect[a] for a in ASPECTS if a in by_aspect}

    def features(self) -> NDArray[np.float64]:
        """The numbers the learned model reads, in the order of :data:`FEATURE_NAMES`."""
        hits = self.hits
        weighted = [(c.weight, h.valence) for c in self.clauses for h in c.hits if h.overall]
        praise = sum(w * v for w, v in weighted if v >= _LUKEWARM)
        complaint = -sum(w * v for w, v in weighted if v <= -_LUKEWARM)
        with_hits = [c for c in self.clauses if c.hits]
        last = squash(with_hits[-1].total) if with_hits else 0.0
        aspect_scores = [sum(h.valence for h in hs) for hs in self.aspect_totals().values()]
        n_tokens = sum(len(_WORD_RE.findall(c.clause.text)) for c in self.clauses)
        values = (
            self.score,
            math.log1p(praise),
            math.log1p(complaint),
            sum(h.valence >= _LUKEWARM for h in hits),
            sum(h.valence <= -_LUKEWARM for h in hits),
            sum(h.lukewarm for h in hits),
            last,
            max((h.valence for h in hits if h.valence > 0), default=0.0),
            -min((h.valence for h in hits if h.valence < 0), default=0.0),
            float(any(c.clause.kind == "contrast" for c in self.clauses)),
            sum(h.negated for h in hits),
            sum(h.valence <= _STRONG_COMPLAINT for h in hits),
            sum(s >= _LUKEWARM for s in aspect_scores),
            sum(s <= -_LUKEWARM for s in aspect_scores),
            math.log1p(n_tokens),
        )
        return np.asarray(values, dtype=np.float64)


@dataclass(slots=True)
class _Match:
    start: int
    length: int
    opinion: Opinion | None = None
    modifier: Modifier | None = None
    factor: float = 1.0


def _minutes(match: re.Match[str]) -> float | None:
    if match.group("half"):
        return 30.0
    raw = (match.group("num") or "").lower().replace(",", ".")
    amount = float(raw) if raw[:1].isdigit() else float(_NUMBERS.get(raw, -1))
    if amount < 0:
        return None
    unit = match.group("unit").lower()
    minutes = amount * 60 if unit.startswith("h") else amount
    extra = (match.group("extra") or "").lower()
    if "media" in extra or "half" in extra:
        minutes += 30
    elif "cuarto" in extra:
        minutes += 15
    return minutes


class RuleScorer:
    """Scores texts with the packaged lexicon (or another one).

    >>> analysis = RuleScorer().analyse("rico pero caro")  # doctest: +SKIP
    >>> [(h.term, h.aspects) for h in analysis.hits]  # doctest: +SKIP
    [('rico', ('food',)), ('caro', ('price',))]
    """

    def __init__(self, lexicon: Lexicon | None = None) -> None:
        self.lexicon = lexicon or load_lexicon()

    def analyse(self, text: str, lang: str = "es") -> RuleAnalysis:
        """The clauses of ``text`` with their opinions and weights."""
        lang = lang if lang in ("es", "en") else "es"
        scored: list[ClauseScore] = []
        carry: dict[int, str | None] = {}
        for index, clause in enumerate(split_clauses(text)):
            score = ClauseScore(clause)
            # After "pero" or "aunque" the guest often turns to something else: a word
            # with no aspect of its own is not carried over that turn.
            carried = None if clause.kind != "plain" else carry.get(clause.sentence)
            self._score_clause(score, index, lang, carried)
            if score.cues and clause.kind != "exception":
                # Amounts ("12 soles") name the price, but what follows them is about
                # what was bought: carry the last other aspect when there is one. What an
                # exception names ("excepto la atención, todo excelente") is not carried.
                others = [a for a in score.cues if a != "price"]
                carry[clause.sentence] = (others or score.cues)[-1]
            scored.append(score)
        self._share_lists(scored)
        self._only_good(scored)
        self._exceptions(scored)
        self._weigh(scored)
        return RuleAnalysis(text, scored)

    @staticmethod
    def _only_good(scored: Sequence[ClauseScore]) -> None:
        """ "lo único bueno fue el pisco", "el pisco fue lo único rescatable": a complaint
        about the visit (the hit stays in the overall) and praise of what it names, the
        aspects of its clause or else of the clause before it in the sentence."""
        for i, clause_score in enumerate(scored):
            terms = [h for h in clause_score.hits if h.overall and h.term in _ONLY_GOOD_TERMS]
            if not terms or terms[0].negated:
                continue
            cues = clause_score.cues
            if not cues and i and scored[i - 1].clause.sentence == clause_score.clause.sentence:
                cues = scored[i - 1].cues
            clause_score.hits += [
                Hit(terms[0].term, _ONLY_PRAISE, (aspect,), i, overall=False)
                for aspect in dict.fromkeys(cues)
            ]

    @staticmethod
    def _exceptions(scored: Sequence[ClauseScore]) -> None:
        """ "todo bien menos el precio", "excepto el postre, todo rico": an exception that
        names aspects without judging them takes the opposite of the opinion it is an
        exception to (the nearest clause of its sentence with one, before it or else after
        it), a little over half as strong. It judges those aspects only: the review stays
        as happy (or as angry) as its main clause."""
        judged: dict[int, list[int]] = {}  # positions of the clauses with opinions, per sentence
        for i, clause_score in enumerate(scored):
            if clause_score.hits:
                judged.setdefault(clause_score.clause.sentence, []).append(i)
        for i, clause_score in enumerate(scored):
            clause = clause_score.clause
            if clause.kind != "exception" or clause_score.hits or not clause_score.cues:
                continue
            same = judged.get(clause.sentence, [])
            at = bisect.bisect_left(same, i)
            nearest = same[at - 1] if at else (same[at] if at < len(same) else None)
            around = scored[nearest] if nearest is not None else None
            if around is None or abs(around.total) < _LUKEWARM:
                continue
            clause_score.hits = [
                Hit("(except)", -_EXCEPTION * around.total, (aspect,), i, overall=False)
                for aspect in dict.fromkeys(clause_score.cues)
            ]

    @staticmethod
    def _share_lists(scored: Sequence[ClauseScore]) -> None:
        """ "todo excelente: comida, atención y ambiente": a bare list of aspects takes the
        opinion of the clause it hangs on."""
        last: dict[int, ClauseScore] = {}  # the last clause with opinions, per sentence
        for i, clause_score in enumerate(scored):
            clause = clause_score.clause
            earlier = last.get(clause.sentence)
            if clause_score.hits:
                last[clause.sentence] = clause_score
            if clause_score.hits or not clause_score.cues or clause.kind != "plain":
                continue
            if len(_WORD_RE.findall(clause.text)) > _LIST_ITEM_WORDS or earlier is None:
                continue
            total = earlier.total
            if abs(total) >= _LUKEWARM:
                clause_score.hits = [
                    Hit("(list)", total, (aspect,), i)
                    for aspect in dict.fromkeys(clause_score.cues)
                ]
                last[clause.sentence] = clause_score

    # -- weights ----------------------------------------------------------------------------

    @staticmethod
    def _weigh(scored: Sequence[ClauseScore]) -> None:
        for clause_score in scored:
            kind = clause_score.clause.kind
            if kind == "contrast":
                clause_score.weight *= 1.5
            elif kind == "concession":
                clause_score.weight *= _CONCESSION
        # Each contrast lowers every clause before it in its sentence: walk backwards with
        # the product of the contrasts seen so far (one pass, however many "pero" there are).
        after: dict[int, float] = {}
        for clause_score in reversed(scored):
            sentence = clause_score.clause.sentence
            factor = after.get(sentence, 1.0)
            clause_score.weight *= factor
            if clause_score.clause.kind == "contrast":
                after[sentence] = factor * _CONTRAST_BEFORE
        sentences = {c.clause.sentence for c in scored}
        if len(sentences) > 1:
            last = max(sentences)
            for clause_score in scored:
                if clause_score.clause.sentence == last:
                    clause_score.weight *= _LAST_SENTENCE

    # -- one clause -------------------------------------------------------------------------

    def _score_clause(self, score: ClauseScore, index: int, lang: str, carry: str | None) -> None:
        raw = score.clause.text
        tokens = tokenise(raw, lang)
        keys = [word_key(t) for t in tokens]
        cues = self._cues(keys)
        score.cues = [aspect for _, _, aspect in cues]
        emphasis = self._emphasis(raw)
        quoted = {word_key(w) for q in _QUOTED_RE.findall(raw) for w in _WORD_RE.findall(q)}

        def aspects_for(opinion: Opinion | None, start: int, length: int) -> tuple[str, ...]:
            return self._aspects(opinion, start, length, cues, carry)

        neg_left = 0
        # An intensifier waiting for its opinion word: (reaches until, factor, where, kind).
        pending: tuple[int, float, int, str] | None = None
        exclaim = 1.0
        hits: list[tuple[int, Hit]] = []

        def settle_behind() -> None:
            # "demoraron un montón": an intensifier with no opinion after it strengthens the
            # one right before it.
            if pending is None or pending[3] != "intensifier" or not hits:
                return
            pos, hit = hits[-1]
            if pending[2] - pos <= _INTENSIFIER_BEHIND:
                boosted = Hit(hit.term, hit.valence * pending[1], hit.aspects, index, hit.negated)
                hits[-1] = (pos, boosted)

        i = 0
        while i < len(keys):
            match = self._match(keys, i)
            if match is None:
                i += 1
                if neg_left:
                    neg_left -= 1
                continue
            end = match.start + match.length
            if match.modifier is not None and match.opinion is not None:
                # "bien" is an intensifier before an opinion word ("bien rico") and an
                # opinion of its own otherwise ("estuvo bien").
                ahead = self._match(keys, end) if end < len(keys) else None
                if ahead is not None and ahead.opinion is not None:
                    match.opinion = None
                else:
                    match.modifier = None
            if match.modifier is not None:
                mod = match.modifier
                if mod.kind == "negator":
                    reach = _SHORT_NEG_SCOPE if mod.term in _SHORT_NEGATORS else _NEG_SCOPE
                    neg_left = max(neg_left, reach)
                elif mod.kind in ("intensifier", "dampener"):
                    settle_behind()
                    factor = mod.factor
                    if neg_left and factor > 1:
                        factor = 1 / factor  # "no muy rico" is a mild complaint
                    pending = (end + _INTENSIFIER_AHEAD, factor, match.start, mod.kind)
                elif mod.kind == "exclaim":
                    exclaim = mod.factor
                i = end
                continue
            opinion = match.opinion
            assert opinion is not None
            span_keys = keys[match.start : end]
            # "lo único bueno fue el pisco" speaks ill of the visit, not of the pisco.
            only_good = opinion.term in _ONLY_GOOD_TERMS
            aspects = () if only_good else aspects_for(opinion, match.start, match.length)
            valence = opinion.valence_for(aspects[0] if aspects else None) * match.factor
            if pending is not None and match.start <= pending[0]:
                valence *= pending[1]
            else:
                settle_behind()
            pending = None
            valence *= exclaim
            if any(k in emphasis[0] for k in span_keys):
                valence *= _CAPS
            elif any(k in emphasis[1] for k in span_keys):
                valence *= _STRETCHED
            negated = False
            # A fixed expression that holds its own negation ("ni un problema", "no vuelvo")
            # is in concord with a negation before it, not flipped by it.
            self_negated = self._is_negator(span_keys[0]) if span_keys else False
            if neg_left and valence and not self_negated:
                valence *= _NEG_PRAISE if valence > 0 else _NEG_COMPLAINT
                negated = True
            if valence > 0 and span_keys and all(k in quoted for k in span_keys):
                valence *= -0.8  # scare quotes: muy "económico"
            hits.append((match.start, Hit(opinion.term, valence, aspects, index, negated)))
            neg_left = max(0, neg_left - match.length)
            i = end
        settle_behind()
        hits += self._scarce(keys, cues, hits, index)
        score.hits = [h for _, h in sorted(hits, key=lambda p: p[0])]
        score.hits += self._patterns(raw, keys, cues, carry, index)

    @staticmethod
    def _scarce(
        keys: Sequence[str],
        cues: Sequence[tuple[int, int, str]],
        hits: Sequence[tuple[int, Hit]],
        index: int,
    ) -> list[tuple[int, Hit]]:
        """ "poca carne", "poco pollo", "poca atención": too little of an aspect is a
        complaint about it, when no opinion word says otherwise."""
        found: list[tuple[int, Hit]] = []
        opinion_at = {pos for pos, _ in hits}
        for c_start, _, aspect in cues:
            before = keys[c_start - 1] if c_start else ""
            if before in _SCARCE and not opinion_at & {c_start, c_start + 1}:
                found.append((c_start, Hit(f"{before} {keys[c_start]}", -1.0, (aspect,), index)))
        return found

    def _is_negator(self, key: str) -> bool:
        modifier = self.lexicon.modifiers.get((key,))
        return modifier is not None and modifier.kind == "negator"

    def _match(self, keys: Sequence[str], i: int) -> _Match | None:
        lex = self.lexicon
        for n in range(min(lex.max_len, len(keys) - i), 0, -1):
            words = tuple(keys[i : i + n])
            opinion = lex.opinions.get(words)
            modifier = lex.modifiers.get(words)
            if opinion is not None or modifier is not None:
                return _Match(i, n, opinion, modifier)
        derived = lex.opinion_word(keys[i])
        if derived is not None:
            return _Match(i, 1, derived.opinion, None, derived.factor)
        return None

    def _cues(self, keys: Sequence[str]) -> list[tuple[int, int, str]]:
        found: list[tuple[int, int, str]] = []
        cues = self.lexicon.cues
        longest = self.lexicon.max_len
        i = 0
        while i < len(keys):
            for n in range(min(longest, len(keys) - i), 0, -1):
                aspect = cues.get(tuple(keys[i : i + n]))
                if aspect is None:
                    continue
                if found and self._joined(keys, found[-1], i):
                    # "jugo de fresa", "arroz con mariscos": the second noun only says
                    # what the first is made of, and the first names the aspect.
                    start, _length, head = found[-1]
                    found[-1] = (start, i + n - start, head)
                else:
                    found.append((i, n, aspect))
                i += n
                break
            else:
                i += 1
        return found

    @staticmethod
    def _joined(keys: Sequence[str], previous: tuple[int, int, str], start: int) -> bool:
        between = keys[previous[0] + previous[1] : start]
        return 0 < len(between) <= 2 and all(k in _OF_WORDS for k in between)

    @staticmethod
    def _aspects(
        opinion: Opinion | None,
        start: int,
        length: int,
        cues: Sequence[tuple[int, int, str]],
        carry: str | None,
    ) -> tuple[str, ...]:
        hint = opinion.aspect if opinion is not None else None
        cue_aspects = [a for _, _, a in cues]
        if opinion is not None and opinion.strong and hint:
            # "el servicio lento" is about the service and about the wait.
            if hint == "waiting_time" and "service" in cue_aspects:
                return (hint, "service")
            return (hint,)
        end = start + length
        outside = [
            (min(abs(c_start + c_len - 1 - start), abs(c_start - (end - 1))), c_start > start, a)
            for c_start, c_len, a in cues
            if c_start + c_len <= start or c_start >= end
        ]
        if outside:
            # The nearest aspect word; on a tie the one before ("el ceviche rico y la causa").
            return (min(outside)[2],)
        # "el ceviche, excelente": a general word takes the aspect of the clause before, and
        # so does a word known to speak about it ("la sangría sin fruta y aguada").
        if carry is not None and (not hint or (opinion and carry in opinion.overrides)):
            return (carry,)
        return (hint,) if hint else ()

    @staticmethod
    def _emphasis(raw: str) -> tuple[set[str], set[str]]:
        """Keys of the words written in capitals ("RICO"), and of the stretched ones."""
        shouted: set[str] = set()
        letters = [c for c in raw if c.isalpha()]
        if letters and not all(c.isupper() for c in letters):
            shouted = {word_key(w) for w in _CAPS_RE.findall(raw)}
        stretched = {word_key(single_runs(word)) for word in elongated_words(raw)}
        return shouted, stretched

    def _patterns(
        self,
        raw: str,
        keys: Sequence[str],
        cues: Sequence[tuple[int, int, str]],
        carry: str | None,
        index: int,
    ) -> list[Hit]:
        """Opinions that are not words: ratings, waiting times, smileys."""
        hits: list[Hit] = []
        general = self._aspects(None, len(keys), 0, cues, carry) if cues else ()
        for pattern in _RATING_RES:
            for match in pattern.finditer(raw):
                value = self._rating(match)
                if value is not None:
                    hits.append(Hit(match.group(0), value, general, index))
        for match in _DURATION_RE.finditer(_AN_HOUR.sub("1 ", raw)):
            minutes = _minutes(match)
            if minutes is None:
                continue
            quick = bool(_QUICK_BEFORE.search(raw[: match.start()]))
            valence = self._wait_valence(minutes, quick, bool(_WAIT_CONTEXT.search(raw)))
            if valence is not None:
                aspects = ("waiting_time", "service") if "service" in general else ("waiting_time",)
                hits.append(Hit(match.group(0), valence, aspects, index))
        for _ in _SMILEY_RE.finditer(raw):
            hits.append(Hit(":)", 1.5, general, index))
        for _ in _FROWN_RE.finditer(raw):
            hits.append(Hit(":(", -1.5, general, index))
        if _SARCASM_EMOJI in raw:
            hits.append(Hit(_SARCASM_EMOJI, -1.5, general, index))
        return hits

    @staticmethod
    def _rating(match: re.Match[str]) -> float | None:
        raw = match.group(1).lower().replace(",", ".")
        value = float(raw) if raw[:1].isdigit() else float(_NUMBERS.get(raw, -1))
        scale = float(match.group(2)) if match.lastindex and match.lastindex >= 2 else 5.0
        if value < 0 or value > scale:
            return None
        ratio = value / scale
        if ratio >= 0.9:
            return 3.0
        if ratio >= 0.7:
            return 2.0
        if ratio >= 0.5:
            return -0.2
        if ratio >= 0.3:
            return -1.8
        return -3.0

    @staticmethod
    def _wait_valence(minutes: float, quick: bool, context: bool) -> float | None:
        if quick and minutes <= 20:
            return 1.4
        if minutes >= 60:
            return -2.4
        if minutes >= 40:
            return -2.0
        if not context:
            return None
        if minutes >= 25:
            return -1.4
        return -0.2
