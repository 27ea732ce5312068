"""Split a review into sentences and clauses, keeping where each clause sits in the text.

A clause is the unit an opinion is scored in: "rico pero caro" is two clauses, one about
food and one about price. Clauses end at sentence marks, commas, "y"/"and", and before the
words that turn an argument around ("pero", "aunque", "but", "although"…) or open an
exception ("excepto", "salvo", "menos el…", "except"). Offsets point
into the original text, so the evidence shown to a user is what the guest wrote.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["Clause", "split_clauses"]

# "S/. 45", "4.5", "9:15" and "1,200" are not sentence or clause ends.
_SENTENCE_END = re.compile(r"(?<![sS]/)(?:[.!?…]+|\n+|;)(?!\d)|(?<!\d)\.(?=\d)")
_COMMA = re.compile(r",(?!\d)|(?<!\d),")
_CONTRAST = re.compile(
    r"\b(?:pero(?:\s+eso\s+s[ií])?|sin\s+embargo|no\s+obstante|eso\s+s[ií]|lo\s+malo|"
    r"lo\s+[uú]nico|l[aá]stima\s+que|but|however)\b",
    re.IGNORECASE,
)
_CONCESSION = re.compile(
    r"\b(?:aunque|si\s+bien|a\s+pesar\s+de|even\s+though|although|though|despite)\b",
    re.IGNORECASE,
)
# "todo bien menos el precio", "everything great except the service": what follows is the
# exception to the opinion around it. "menos" only before a determiner ("menos de diez
# minutos", "menos mal" and "al/por lo menos" are not exceptions); "salvo que" is "unless".
_EXCEPTION = re.compile(
    r"\b(?:excepto|except(?:\s+for)?|apart\s+from|aside\s+from|salvo(?!\s+(?:que|si)\b)"
    r"|(?<!\blo\s)(?<!\bal\s)(?<![mM][aá]s\so\s)(?<!\bmaso\s)menos(?=\s+(?:el|la|los|las|lo|un|una|"
    r"unos|unas|mi|mis|su|sus|tu|tus|por)\b))\b",
    re.IGNORECASE,
)
_AND = re.compile(r"\s(?:y|e|and|&)\s", re.IGNORECASE)
_STRIP = " \t,.;:!?¡¿…-–—\"'()"


@dataclass(frozen=True, slots=True)
class Clause:
    """One clause: its text as written and where it sits in the review."""

    text: str
    start: int
    end: int
    sentence: int
    #: "plain", "contrast" (starts with "pero"/"but": weighs more), "concession"
    #: (starts with "aunque"/"although": weighs less) or "exception" (starts with
    #: "excepto"/"salvo"/"menos el…"/"except": the opposite of the opinion around it).
    kind: str = "plain"

    @property
    def evidence(self) -> str:
        """The clause without the punctuation and conjunctions around it."""
        text = self.text.strip(_STRIP)
        text = re.sub(r"^(?:y|e|and|&)\s+", "", text, flags=re.IGNORECASE)
        return text.strip(_STRIP)


def _cuts(sentence: str) -> list[tuple[int, str]]:
    """Positions inside ``sentence`` where a new clause starts, with its kind."""
    cuts: dict[int, str] = {}
    for match in _COMMA.finditer(sentence):
        cuts.setdefault(match.end(), "plain")
    for match in _AND.finditer(sentence):
        cuts.setdefault(match.start() + 1, "plain")
    kinds = ((_CONTRAST, "contrast"), (_CONCESSION, "concession"), (_EXCEPTION, "exception"))
    for pattern, kind in kinds:
        for match in pattern.finditer(sentence):
            start = match.start()
            # "rico, pero caro": the comma and the "pero" open one clause, not two.
            for pos in range(start - 2, start + 1):
                cuts.pop(pos, None)
            cuts[start] = kind
    return sorted(cuts.items())


def split_clauses(text: str) -> list[Clause]:
    """The clauses of ``text`` in order; empty pieces (only punctuation) are dropped.

    >>> [(c.evidence, c.kind) for c in split_clauses("Rico pero caro. Volvería, eso sí.")]
    [('Rico', 'plain'), ('pero caro', 'contrast'), ('Volvería', 'plain'), ('eso sí', 'contrast')]
    """
    clauses: list[Clause] = []
    sentence_starts = [0]
    sentence_starts += [m.end() for m in _SENTENCE_END.finditer(text)]
    bounds = list(zip(sentence_starts, [*sentence_starts[1:], len(text)], strict=True))
    sentence_no = 0
    for s_start, s_end in bounds:
        sentence = text[s_start:s_end]
        if not sentence.strip(_STRIP):
            continue
        pieces = [(0, "plain"), *_cuts(sentence)]
        ends = [p for p, _ in pieces[1:]] + [len(sentence)]
        for (start, kind), end in zip(pieces, ends, strict=True):
            piece = sentence[start:end]
            if not piece.strip(_STRIP):
                continue
            clauses.append(Clause(piece, s_start + start, s_start + end, sentence_no, kind))
        sentence_no += 1
    return clauses
