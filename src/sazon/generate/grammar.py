"""The grammar the template backend needs, in Spanish and English.

Spanish articles and adjectives agree with the noun: *el ceviche fresco*, *la causa fresca*,
*los anticuchos tiernos*, *las conchitas a la parmesana*. A dish name is head-first ("causa
limeña de pollo": the head is *causa*), so its first word (or first two or three, for heads
like *tacu tacu*) decides. An authored lexicon of Peruvian dish heads comes first
(``data/lexicon_es.toml``), then rules for endings (-a, -ción, -dad… feminine; -o, -or, -ón…
masculine). When neither knows, :func:`spanish_agreement` returns ``None`` and the templates
that need agreement are not used for that dish, so nothing is ever guessed.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Literal

from sazon.knowledge import fold

Lang = Literal["es", "en"]
Gender = Literal["m", "f"]

_ARTICLES: dict[str, tuple[Gender, bool]] = {
    "el": ("m", False),
    "la": ("f", False),
    "los": ("m", True),
    "las": ("f", True),
}
_FEMININE_ENDINGS = ("cion", "sion", "dad", "tad", "tud", "umbre", "triz", "eza")
_MASCULINE_ENDINGS = ("o", "or", "aje", "on", "an", "in", "ete")
# Adjectives that never change (loanwords and nouns used as adjectives).
_INVARIANT_ADJECTIVES = frozenset(
    {"nikkei", "chifa", "gourmet", "vip", "premium", "light", "frozen", "sour"}
)
_COMPARATIVES = frozenset({"mejor", "peor", "mayor", "menor", "superior", "inferior"})
_ACCENTED = str.maketrans("áéíóú", "aeiou")


@dataclass(frozen=True, slots=True)
class Agreement:
    """Grammatical gender and number of a Spanish noun phrase."""

    gender: Gender
    plural: bool


@dataclass(frozen=True, slots=True)
class _Lexicon:
    heads: dict[str, Gender]
    singular_in_s: dict[str, Gender]
    stressed_a: frozenset[str]


@cache
def _lexicon() -> _Lexicon:
    raw = tomllib.loads(
        resources.files("sazon.generate").joinpath("data", "lexicon_es.toml").read_text("utf-8")
    )

    def genders(table: dict[str, str]) -> dict[str, Gender]:
        out: dict[str, Gender] = {}
        for word, gender in table.items():
            if gender not in ("m", "f"):
                raise ValueError(f"lexicon_es.toml: gender of {word!r} must be m or f")
            out[fold(word)] = "m" if gender == "m" else "f"
        return out

    return _Lexicon(
        heads=genders(raw["heads"]),
        singular_in_s=genders(raw["singular_in_s"]),
        stressed_a=frozenset(fold(w) for w in raw["stressed_a"]["words"]),
    )


def singular_es(word: str) -> str:
    """The singular of a folded Spanish word: anticuchos → anticucho, picarones → picaron,
    nueces → nuez. Words of three letters or fewer, and -ss/-us/-is endings, stay.

    The grammar and the grounding check both use it, so a plural they read is one word.

    >>> [singular_es(w) for w in ("anticuchos", "picarones", "nueces", "papas", "mas")]
    ['anticucho', 'picaron', 'nuez', 'papa', 'mas']
    """
    if len(word) <= 3 or not word.endswith("s") or word.endswith(("ss", "us", "is")):
        return word
    if word.endswith("ces"):
        return word[:-3] + "z"
    if word.endswith("es") and word[-3] in "lnrdjy":
        return word[:-2]
    return word[:-1]


def known_head(name: str) -> bool:
    """Whether the name starts with a head noun from the lexicon (a common noun)."""
    words = fold(name).split()
    lex = _lexicon()
    for n in (3, 2, 1):
        if len(words) < n:
            continue
        head = " ".join(words[:n])
        single = " ".join(singular_es(w) for w in words[:n])
        if head in lex.heads or head in lex.singular_in_s or single in lex.heads:
            return True
    return False


def spanish_agreement(name: str) -> Agreement | None:
    """Gender and number of a Spanish dish or drink name, or ``None`` when unknown.

    >>> spanish_agreement("Conchitas a la parmesana")
    Agreement(gender='f', plural=True)
    >>> spanish_agreement("Tres leches")
    Agreement(gender='m', plural=False)
    >>> spanish_agreement("Quiche de espinaca") is None
    True
    """
    words = fold(name).split()
    if not words:
        return None
    if words[0] in _ARTICLES:
        gender, plural = _ARTICLES[words[0]]
        return Agreement(gender, plural)
    lex = _lexicon()
    for n in (3, 2, 1):
        if len(words) < n:
            continue
        head = " ".join(words[:n])
        if head in lex.singular_in_s:
            return Agreement(lex.singular_in_s[head], False)
        if head in lex.heads:
            return Agreement(lex.heads[head], False)
        single = " ".join(singular_es(w) for w in words[:n])
        if single != head and single in lex.heads:
            return Agreement(lex.heads[single], True)
    return _by_ending(words[0])


def _by_ending(word: str) -> Agreement | None:
    single = singular_es(word)
    plural = single != word
    if single.endswith(_FEMININE_ENDINGS):
        return Agreement("f", plural)
    # -ma words are often masculine (el tema, el sistema): too risky to guess.
    if single.endswith("a") and not single.endswith("ma"):
        return Agreement("f", plural)
    if single.endswith(_MASCULINE_ENDINGS):
        return Agreement("m", plural)
    return None


def inflect(adjective: str, gender: Gender, plural: bool) -> str:
    """Make a masculine singular adjective agree: fresco → fresca, frescos, frescas.

    In a phrase, the first word agrees ("curado al momento" → "curadas al momento"); mark
    another word with ``~`` ("recién ~hecho" → "recién hechas").
    """
    words = adjective.split(" ")
    index = next((i for i, w in enumerate(words) if w.startswith("~")), 0)
    word = words[index].lstrip("~")
    words[index] = _inflect_word(word, gender, plural)
    return " ".join(w.lstrip("~") for w in words)


def _inflect_word(word: str, gender: Gender, plural: bool) -> str:
    low = word.lower()
    if low in _INVARIANT_ADJECTIVES or not low:
        return word
    stem = word
    if gender == "f" and low not in _COMPARATIVES:
        if low.endswith("o"):
            stem = word[:-1] + "a"
        elif low.endswith(("ón", "án", "ín", "és")):
            stem = word[:-2] + word[-2].translate(_ACCENTED) + word[-1] + "a"
        elif low.endswith("or"):
            stem = word + "a"
    if not plural:
        return stem
    low = stem.lower()
    if low.endswith(("a", "e", "o", "é")) or (low.endswith(("i", "u")) and len(low) > 1):
        return stem + "s"
    if low.endswith("z"):
        return stem[:-1] + "ces"
    if low.endswith(("ón", "án", "ín", "és", "ún")):
        return stem[:-2] + stem[-2].translate(_ACCENTED) + stem[-1] + "es"
    return stem + "es"


_ES_FORMS: dict[str, tuple[str, str, str, str]] = {
    # form: (m sg, f sg, m pl, f pl)
    "el": ("el", "la", "los", "las"),
    "un": ("un", "una", "unos", "unas"),
    "este": ("este", "esta", "estos", "estas"),
    "ese": ("ese", "esa", "esos", "esas"),
    "nuestro": ("nuestro", "nuestra", "nuestros", "nuestras"),
    "lo": ("lo", "la", "los", "las"),
    "todo": ("todo", "toda", "todos", "todas"),
}
_EN_PREPOSITIONS = frozenset({"in", "with", "of", "on", "for", "from", "de", "con", "a", "al"})
_EN_SINGULAR_IN_S = frozenset({"tres leches", "champus", "asparagus", "hummus", "couscous"})
_EN_PROPER = frozenset(
    {
        "peruvian", "andean", "amazonian", "nikkei", "chinese", "japanese", "cantonese",
        "chincha", "chiclayo", "callao", "arequipa", "ayacucho", "puno", "cusco", "trujillo",
        "tumbes", "lima", "piura", "ica", "brazil", "french", "limeño", "limeña",
    }
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Noun:
    """A noun phrase (a dish, a drink, an event) that templates can inflect around.

    ``form`` gives what a template slot asks for: ``el`` (the name with its article), ``un``,
    ``este``, ``nuestro``, ``lo`` (object pronoun), ``es`` (verb), ``adj:fresco`` (an adjective
    that agrees); in English ``the``, ``a``, ``is``, ``has``, ``it``, ``them``, ``its``. It returns
    ``None`` when agreement is needed but unknown: the template is then not eligible.
    """

    text: str
    lang: Lang
    agreement: Agreement | None
    has_article: bool = False

    @classmethod
    def dish(cls, name: str, lang: Lang) -> Noun:
        """A dish or drink name, shown mid-sentence (common-noun heads lower-cased)."""
        name = " ".join(name.split())
        if lang == "es":
            agreement = spanish_agreement(name)
            first = fold(name).split()[:1]
            has_article = bool(first) and first[0] in _ARTICLES
            text = _lower_first(name) if known_head(name) and not has_article else name
            return cls(text, "es", agreement, has_article)
        plural = english_plural(name)
        first = fold(name.split("-")[0]).split()[:1]
        text = name if first and first[0] in _EN_PROPER else _lower_first(name)
        return cls(text, "en", Agreement("m", plural))

    @classmethod
    def proper(cls, name: str, lang: Lang, gender: Gender = "m", plural: bool = False) -> Noun:
        """A proper name (a wine, a venue) with the gender of its implied noun (el vino)."""
        return cls(" ".join(name.split()), lang, Agreement(gender, plural))

    def form(self, form: str | None) -> str | None:
        if form in (None, "", "name"):
            return self.text
        if self.lang == "en":
            return self._form_en(form)
        return self._form_es(form)

    def _form_es(self, form: str) -> str | None:
        agr = self.agreement
        if agr is None:
            return None
        index = (2 if agr.plural else 0) + (1 if agr.gender == "f" else 0)
        if form.startswith("adj:"):
            return inflect(form[4:], agr.gender, agr.plural)
        if form == "es":
            return "son" if agr.plural else "es"
        if form == "está":
            return "están" if agr.plural else "está"
        if form == "n":  # verb plural ending: "llega{dish|n}" → llega / llegan
            return "n" if agr.plural else ""
        words = _ES_FORMS.get(form)
        if words is None:
            raise ValueError(f"unknown Spanish form {form!r}")
        if form == "lo":
            return words[index]
        if self.has_article:
            return self.text if form == "el" else None
        word = words[index]
        if form in ("el", "un") and not agr.plural and agr.gender == "f":
            # "el agua", "un ave": a stressed a- keeps the masculine article form.
            first = fold(self.text).split()[:1]
            if first and first[0] in _lexicon().stressed_a:
                word = words[0]
        return f"{word} {self.text}"

    def _form_en(self, form: str) -> str | None:
        plural = bool(self.agreement and self.agreement.plural)
        if form == "the":
            return f"the {self.text}"
        if form == "a":
            return self.text if plural else f"{indefinite_article(self.text)} {self.text}"
        if form == "is":
            return "are" if plural else "is"
        if form == "has":
            return "have" if plural else "has"
        if form == "it":
            return "they" if plural else "it"
        if form == "them":
            return "them" if plural else "it"
        if form == "its":
            return "their" if plural else "its"
        if form == "s":  # verb ending: "arrive{dish|s}"
            return "" if plural else "s"
        if form.startswith("adj:"):
            return form[4:]
        raise ValueError(f"unknown English form {form!r}")


def english_plural(name: str) -> bool:
    """Whether an English dish name is plural: the head is the last word before a preposition."""
    folded = fold(name)
    if folded in _EN_SINGULAR_IN_S:
        return False
    if known_head(name):  # a Spanish name in English text: "Anticuchos de corazón"
        agreement = spanish_agreement(name)
        return bool(agreement and agreement.plural)
    words = folded.split()
    head_words: list[str] = []
    for word in words:
        if word in _EN_PREPOSITIONS and head_words:
            break
        head_words.append(word)
    # "Scallops gratinated with parmesan": a participle after the noun is not the head.
    while len(head_words) > 1 and head_words[-1].endswith("ed"):
        head_words.pop()
    head = head_words[-1] if head_words else ""
    return head.endswith("s") and not head.endswith(("ss", "us", "is"))


def indefinite_article(word: str) -> str:
    """``a`` or ``an`` by sound (close enough for menus: an Intipalka, a unique)."""
    low = word.lower()
    if low.startswith(("uni", "use", "usu", "eu", "one", "once")):
        return "a"
    if low.startswith(("hour", "honest", "honour", "honor")):
        return "an"
    return "an" if low[:1] in set("aeiou") else "a"


def _lower_first(text: str) -> str:
    if len(text) > 1 and text[0].isupper() and not text[1].isupper():
        return text[0].lower() + text[1:]
    return text
