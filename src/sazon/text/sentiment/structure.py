"""The shape of a review, not its words: where the argument turns and what it ends on.

The hard cues (cues.py) name phrases; a model that learns phrases learns the phrases of its
training reviews and misses the next reviewer's. These features read the structure the rule
analysis already found, so they carry over to words the model never saw:

- **the turn**: the polarity after the last "pero/but/sin embargo" (or of the main clause
  beside an "aunque/although"), the polarity before it, and that polarity again when the two
  pull opposite ways ("rico, pero nunca más": the end is the review);
- **the last sentence** with an opinion ("Bonito local. La comida, un desastre.");
- **negated praise** ("no estuvo rico", "no fue precisamente rápido") and **negated
  complaints** (litotes: "no está nada mal");
- **understatement** ("no fue lo que se dice…", "not exactly", "que digamos");
- **a question and its answer**: the rules' polarity of what is asked and of what follows;
- **peripheral praise** ("al menos el parqueo", "the best part was…");
- **a complaint situation**: being made to wait, to ask twice, charged for nothing;
- **"ni … tan/así"**: "ni el peor chifa sirve un wantán así de duro" is a complaint
  about this one, which the rules read as a negated one;
- **a mock complaint opening praise** ("Terrible: ahora solo quiero venir aquí").
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

import numpy as np
from numpy.typing import NDArray

from sazon.knowledge import fold
from sazon.text.sentiment.analysis import ClauseScore, RuleAnalysis, squash

__all__ = ["STRONG_COMPLAINT", "STRUCTURE_NAMES", "structure_vector"]

STRUCTURE_NAMES = (
    "after_turn", "before_turn", "turn_flip", "last_sentence", "negated_praise",
    "negated_complaint", "understatement", "question_asked", "question_answer",
    "peripheral_praise", "complaint_situation", "ni_tan", "mock_complaint_open",
)  # fmt: skip

_UNDERSTATEMENT = re.compile(
    r"\b(no (?:es|fue|era|estuvo|estaba|seria|son|fueron) (?:precisamente|exactamente|"
    r"lo que se dice|que digamos|muy)|que digamos|no es su fuerte|no les sobra|"
    r"no diria que|not exactly|not precisely|not really|not the most|not the \w+est|"
    r"to put it mildly|por decirlo suave|digamos)\b"
)
_PERIPHERAL = re.compile(
    r"\b(lo unico (?:bueno|rescatable|rico|que)|el unico acierto|al menos|por lo menos|"
    r"rescato|at least|the only (?:good|highlight|thing)|the best part was|"
    r"lo mejor (?:de la noche|del almuerzo|de la cena|de la visita) fue|"
    r"lo mas (?:rico|memorable|destacable) (?:de|fue)|eso si$|that s about it|that s all)\b"
)
_SITUATION = re.compile(
    r"\b(tuve que|tuvimos que|had to|nadie|nobody|no one|ni una|ni un|ni agua|ni caso|"
    r"nunca (?:llego|llegaron|trajeron|vino|aparecio)|never (?:came|arrived|showed)|"
    r"dos veces|tres veces|twice|three times|\d+ (?:min|minutos|minutes)|una hora|"
    r"hora y media|an hour|recien|seguiamos|still waiting|se olvidaron|olvidaron|forgot|"
    r"nos cobraron|me cobraron|charged us|salimos con hambre|con hambre|left hungry|"
    r"nos apuro|me trajeron otr\w*|wrong order|equivocaron)\b"
)
_NI_TAN = re.compile(r"\b(?:ni|not even|even)\b(.{3,80}?\b(?:tan|tanto|asi|so|as)\b.{2,40})")
_MOCK_OPEN = re.compile(
    r"^(terrible|horrible|pesimo|pesima|un peligro|una desgracia|que desastre|que horror|"
    r"desastroso|lo malo|lo peor|el problema|la unica queja|me quejo|odio|cuidado|"
    r"advertencia|warning|worst|the only problem|no vayan|no vengan|don t come)\b"
)
#: Complaints so firm that the model may not call the text praise (the safety rule of
#: verdicts.py): leaving for good, being cheated, being made ill, food not fit to eat.
STRONG_COMPLAINT = re.compile(
    r"\b(nunca mas|never again|no vuelvo|no volvere|no regreso|no pienso volver|jamas vuelvo|"
    r"jamas volvere|not coming back|won t be back|ni loco|ni loca|ni muerto|ni muerta|"
    r"estafa|estafadores|scam|rip off|me enferm\w*|intoxica\w*|dolor de estomago|"
    r"food poisoning|got sick|cucaracha\w*|a la basura|perdida de tiempo|waste of (?:money|time)|"
    r"asqueroso|asquerosa|un asco|crudo por dentro|cruda por dentro|raw inside|"
    r"incomible|inedible)\b"
)


def structure_vector(
    text: str, analysis: RuleAnalysis, score: Callable[[str], float]
) -> NDArray[np.float64]:
    """The structure features of one analysed text, in :data:`STRUCTURE_NAMES` order;
    ``score`` gives the rules' polarity (-1…1) of a piece of text."""
    folded = fold(text)
    clauses = analysis.clauses
    after, before = _turn(clauses)
    flip = after if after * before < 0 else 0.0
    hits = analysis.hits
    asked = answer = 0.0
    if "?" in text:
        head, _, tail = text.rpartition("?")
        asked = score(head.rsplit("¿", 1)[-1]) if head.strip() else 0.0
        answer = score(tail) if tail.strip() else 0.0
    ni_tan = 0.0
    found = _NI_TAN.search(folded)
    if found is not None:
        # The piece without the "ni" that negates it: what it says of this place.
        ni_tan = score(found.group(1))
    mock = 0.0
    if _MOCK_OPEN.search(folded) and len(clauses) > 1:
        mock = max(squash(sum(c.total for c in clauses[1:])), 0.0) or 0.5
    values = (
        after,
        before,
        flip,
        _last_sentence(clauses),
        float(sum(h.negated and h.valence < 0 for h in hits)),
        float(sum(h.negated and h.valence > 0 for h in hits)),
        float(bool(_UNDERSTATEMENT.search(folded))),
        asked,
        answer,
        float(len(_PERIPHERAL.findall(folded))),
        float(len(_SITUATION.findall(folded))),
        ni_tan,
        mock,
    )
    return np.asarray(values, dtype=np.float64)


def _turn(clauses: Sequence[ClauseScore]) -> tuple[float, float]:
    """The polarity after the argument's last turn and before it (0, 0 without a turn)."""
    turns = [i for i, c in enumerate(clauses) if c.clause.kind == "contrast"]
    if turns:
        cut = turns[-1]
        after = sum(c.total for c in clauses[cut:] if c.clause.kind != "concession")
        return squash(after), squash(sum(c.total for c in clauses[:cut]))
    conceded = [c for c in clauses if c.clause.kind == "concession"]
    if conceded:
        main = sum(c.total for c in clauses if c.clause.kind != "concession")
        return squash(main), squash(sum(c.total for c in conceded))
    return 0.0, 0.0


def _last_sentence(clauses: Sequence[ClauseScore]) -> float:
    with_hits = [c for c in clauses if c.hits]
    if not with_hits:
        return 0.0
    last = with_hits[-1].clause.sentence
    return squash(sum(c.total for c in with_hits if c.clause.sentence == last))
