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
import re
from collections.abc import Sequence
from dataclasses import dataclass

from sazon.text.sentiment.analysis import (
    FEATURE_NAMES,
    LUKEWARM,
    WORD_RE,
    ClauseScore,
    Hit,
    RuleAnalysis,
    squash,
)
from sazon.text.sentiment.clauses import split_clauses
from sazon.text.sentiment.lexicon import (
    Lexicon,
    Modifier,
    Opinion,
    load_lexicon,
    word_key,
)
from sazon.text.sentiment.marks import emphasis, faces, ratings, waits
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
_QUOTED_RE = re.compile(r"[\"“«]([^\"”»]{1,40})[\"”»]")
_LIST_ITEM_WORDS = 3
_SCARCE = frozenset({"poco", "poca", "pocos", "pocas"})
# Praise that condemns the rest: "lo único bueno fue el pisco" (lexicon terms).
_ONLY_GOOD_TERMS = frozenset(
    {"lo único bueno", "lo único rico", "lo único rescatable", "the only good thing"}
)
_OF_WORDS = frozenset({"de", "del", "con", "al", "a", "la", "el", "en", "with", "of"})


@dataclass(slots=True)
class _Match:
    start: int
    length: int
    opinion: Opinion | None = None
    modifier: Modifier | None = None
    factor: float = 1.0


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
        return RuleAnalysis(text, scored, lang)

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
            if around is None or abs(around.total) < LUKEWARM:
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
            if len(WORD_RE.findall(clause.text)) > _LIST_ITEM_WORDS or earlier is None:
                continue
            total = earlier.total
            if abs(total) >= LUKEWARM:
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
        emphasised = emphasis(raw)
        quoted = {word_key(w) for q in _QUOTED_RE.findall(raw) for w in WORD_RE.findall(q)}

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
            if any(k in emphasised[0] for k in span_keys):
                valence *= _CAPS
            elif any(k in emphasised[1] for k in span_keys):
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
        for text, valence in ratings(raw):
            hits.append(Hit(text, valence, general, index))
        waiting = ("waiting_time", "service") if "service" in general else ("waiting_time",)
        for text, valence in waits(raw):
            hits.append(Hit(text, valence, waiting, index))
        for text, valence in faces(raw):
            hits.append(Hit(text, valence, general, index))
        return hits
