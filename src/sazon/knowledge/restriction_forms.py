"""The forms around what guests write: emoji, "N/A", questions answered "no", a "sí" after a
colon, allergy headings, and where one clause ends and the next begins.

:mod:`sazon.knowledge.restrictions` reads clauses; this module turns a whole text into them
first, so that "¿Alergias? Sí: maní", "Alergia al maní: sí", "¿Come mariscos? No" and
"🦐❌" reach the reader as the plain words they mean.
"""

from __future__ import annotations

import re

from sazon.knowledge import restriction_words as w
from sazon.knowledge.text import fold

# Clauses: hard separators, brackets, questions, colons, commas, slashes, dashes, full stops
# and "pero"/"but" start a new thought.
CLAUSES = re.compile(
    r"[;\n|()\[\]{}¿?¡!•·*:,/]|\s[-–—]+\s|^\s*[-–—]+|\.(?:\s|$)|"
    r"\s(?:pero|but|aunque|although|though|however|sin embargo)\s",
    re.IGNORECASE,
)
_NOTHING_BUT = re.compile(r"\bnothing but\b", re.I)
_NA = re.compile(r"\bN\s*/\s*A\b", re.I)
_HEADING = re.compile(
    r"(?:^|\n|[¿•*-])\s*(?:alergi\w*|allerg\w*|intoleranc\w*|restricci\w*|restrictions?)"
    r"\s*(?:alimentari\w*|food|dietary)?\s*[:?\n-]",
    re.I,
)
# "Alergia al maní: sí", "Pescado: sí": a yes after a colon belongs to what came before.
_COLON_YES = re.compile(r":\s*(s[ií]|yes|ok|no problem\w*|sin problema\w*|fine|bien)\b", re.I)
# "Gluten: sí, alérgico" — the yes affirms the allergy that follows it.
_YES_ALLERGIC = re.compile(
    r":\s*(?:s[ií]|yes)\s*[,.;-]?\s*"
    r"((?:es |is |soy |i m )?(?:alergic|allergic|intoleran|celiac)\w*)",
    re.I,
)
# A question answered "no" ("¿Es celíaco? No.", "Alergia al maní: no", "Any allergies? No.")
# says the guest does not have it.
_ANSWER_NO = re.compile(
    r"[^.;\n?¿:/,|()\[\]=]*(?:\?|:|=)[\s:]*(?:no|nop|nope|ninguna|none|nada)\b[.!]*"
    r"(?=\s*(?:$|[\n.;,|()]|-\s))",
    re.I | re.M,
)
# "¿Come mariscos? No": a question about eating, answered no, is a restriction.
_ASKS_EATING = re.compile(
    r"^\W*(?:come|comes|comen|eats?|does \w+ eat|do you eat|toma|bebe|drinks?|le gusta\w*)\s+",
    re.I,
)


def plain_forms(text: str) -> tuple[str, bool]:
    """The text with its forms spelled out, and whether it sits under an allergy heading
    (where a "sí" affirms an allergy: "Alergias:\nManí: sí")."""
    text = _ANSWER_NO.sub(_answered_no, _NA.sub(" ninguna ", _NOTHING_BUT.sub("only", text)))
    heading = _HEADING.search(text) is not None or w.ALLERGY.search(fold(text)) is not None
    text = _YES_ALLERGIC.sub(r" \1", text)
    return _COLON_YES.sub(" alergia" if heading else r" \1", text), heading


def emoji_words(text: str) -> str:
    """ "🦐❌ 🥜❌" → "camarones no mani no": the words the emoji stand for."""
    if text.isascii():
        return text
    for emoji, words in w.EMOJI.items():
        text = text.replace(emoji, words)
    return w.FOOD_EMOJI.sub(f" {w.FOOD_EMOJI_WORD} ", text)


def _answered_no(m: re.Match[str]) -> str:
    """Drop "X: no" and "X? no" when X asks about a state or an allergy ("¿Es celíaco? No");
    "¿Come mariscos? No" becomes "no mariscos"; a bare food ("Mariscos: no") stays as it is
    (a restriction)."""
    asked = re.split(r"[?:=]", m.group(0))[0]
    folded = fold(asked)
    if _ASKS_EATING.match(folded):
        return f" ; no {_ASKS_EATING.sub('', folded)} ; "
    if w.ALLERGY.search(folded) or any(plain(t) in w.ANSWERABLE for t in folded.split()):
        return " ; "
    return m.group(0)


def plain(token: str) -> str:
    """Word lists are written without ñ ("cumpleanos"); fold keeps it."""
    return token.replace("ñ", "n")
