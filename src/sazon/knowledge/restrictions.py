"""Read dietary restrictions the way people write them, in Spanish or English, failing safe.

"Alérgica a los mariscos y al maní; vegetariana" → allergens {fish, crustaceans, molluscs,
peanuts}, diet exclusions {meat, pork, fish, …}.

Every clause ends in one of three states:

- a **restriction**: any allergen, diet or restriction word found anywhere in the clause
  makes one, and so does a food the knowledge base knows ("alérgica al pulpo" avoids octopus
  and its allergen), unless the clause plainly says the guest eats it;
- **eats**: "pescado sí", "sí come mariscos", "I do eat fish", "le encanta el pulpo" are
  kept as what the guest eats, never turned into a ban;
- **unknown**: words nobody could read are kept in ``unknown`` for a person to confirm; an
  unread clause that says *no* to something, or speaks of an allergy, without naming a food
  keeps a cautious default away until then (every declared allergen, the animal classes,
  alcohol and chilli).

Exceptions parse ("come de todo menos mariscos" restricts seafood; "vegano excepto miel"
keeps the vegan rule and asks a person about the honey), and so do questions and answers
("¿Alergias? Sí: maní", "Alergia al maní: sí"), colons, dashes and lists.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

from rapidfuzz import process
from rapidfuzz.distance import DamerauLevenshtein

from sazon.knowledge import restriction_words as w
from sazon.knowledge.base import KnowledgeBase, load_knowledge
from sazon.knowledge.restriction_foods import (
    FAMILIES,
    GENERIC,
    family,
    in_category,
    undiminished,
)
from sazon.knowledge.restriction_forms import CLAUSES, emoji_words, plain, plain_forms
from sazon.knowledge.text import fold, keys
from sazon.knowledge.vocab import ALLERGEN_OF_DIET, ALLERGENS

_MAX_WORDS = 6
# Vocabulary labels that name a state of the guest, not a food: a "sí" after them affirms
# the state ("Vegetariana: sí"), and a "no es …" before them denies it.
_STATES = frozenset({
    "vegan", "vegetarian", "pescatarian", "halal", "kosher", "pregnancy", "unknown_allergy",
    "sugar", "low_carb", "low_fodmap", "low_salt",
})  # fmt: skip
_STATE_WORDS = re.compile(r"celiac|abstemi|intoleran|alergic|allergic|free$|^sin ")
_DENIED_STATE = re.compile(
    r"\b(no es|no soy|no esta|isn t|is not|not a|not|antes era|era|used to be|ya no es|"
    r"no longer|ex)\s*$"
)
# "Solo come pollo y pescado": everything animal it does not name is kept away.
_ONLY = re.compile(
    r"^\W*(?:(?:solo|solamente|unicamente|nomas)\s+(?:(?:come|como|comen|comemos|consume)\s+)?|"
    r"(?:(?:i|he|she|they|we)\s+)?(?:only|just|nothing but)\s+(?:eats?\s+)?|"
    r"(?:come|comen|comemos|como|eats?)\s+(?:solo|solamente|unicamente|nomas|only|just)\s+|"
    r"no come nada (?:excepto|salvo|menos|mas que)\s+|"
    r"(?:doesn t|does not|won t) eat anything (?:but|except)\s+)"
    r"(?!(?:soy |es |i m |i am |is )?(?:no\b|not\b|me\b|le\b|hates?\b|dislikes?\b|evita|"
    r"avoid|allerg|alerg|intoleran|don t|doesn t|do not|does not))"
)
_ONLY_AFTER = re.compile(r"\s(?:nomas|nada mas)\s*$")
_LESS = frozenset({"poca", "poco", "menos", "low", "less", "bajo", "baja", "little"})
_FISH = re.compile(r"\b(pescad\w*|fish\w*|pez|peces|seafood|mar|pescao)\b")
_ANIMAL = frozenset({"meat", "pork", "fish", "crustacean", "mollusc"})


@dataclass(frozen=True)
class Term:
    label: str
    allergens: frozenset[str]
    excludes: frozenset[str]
    flags: frozenset[str]  # pregnancy, no_raw, no_spicy; confirm: a person must ask
    avoid: tuple[str, ...] = ()  # ingredient names ("diabético" → azúcar)


@dataclass(frozen=True)
class Restriction:
    """One thing a guest cannot have, with the words that said it."""

    written: str
    # a vocabulary label, or "ingredient", "only_eats", "unknown_allergy", "no_raw", "no_spicy"
    label: str
    allergens: frozenset[str] = frozenset()
    excludes: frozenset[str] = frozenset()
    flags: frozenset[str] = frozenset()
    avoid: frozenset[str] = frozenset()  # ingredient ids


# Labels that name no diet or allergen a store can list (they are read from the text again).
_UNLISTED = frozenset({"ingredient", "unknown_allergy", "no_raw", "no_spicy"})


@dataclass
class RestrictionProfile:
    """What a guest cannot have, what they say they eat, and what nobody could read. The
    sets of allergens, classes, flags, labels and foods are read from the restrictions."""

    restrictions: list[Restriction] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)
    eats: list[str] = field(default_factory=list)

    @property
    def allergens(self) -> set[str]:
        return {a for r in self.restrictions for a in r.allergens}

    @property
    def excludes(self) -> set[str]:
        return {c for r in self.restrictions for c in r.excludes}

    @property
    def flags(self) -> set[str]:
        return {f for r in self.restrictions for f in r.flags}

    @property
    def avoid(self) -> set[str]:
        return {i for r in self.restrictions for i in r.avoid}

    @property
    def labels(self) -> set[str]:
        return {r.label for r in self.restrictions if r.label not in _UNLISTED}

    @property
    def is_empty(self) -> bool:
        return not (self.restrictions or self.unknown)

    @property
    def to_confirm(self) -> bool:
        """Some words need a person: until then the guest is planned with caution."""
        return bool(self.unknown)

    def add(self, r: Restriction) -> None:
        self.restrictions.append(r)

    def ask(self, words: str) -> None:
        words = " ".join(words.replace(w.FOOD_EMOJI_WORD, "🍽").split())
        if words and fold(words) not in {fold(u) for u in self.unknown}:
            self.unknown.append(words)

    def merge(self, other: RestrictionProfile) -> RestrictionProfile:
        out = RestrictionProfile([*self.restrictions, *other.restrictions])
        for u in [*self.unknown, *other.unknown]:
            out.ask(u)
        out.eats = [*self.eats, *(e for e in other.eats if e not in self.eats)]
        return out


@cache
def _vocabulary() -> dict[str, Term]:
    text = resources.files("sazon.knowledge").joinpath("data", "restrictions.csv").read_text()
    vocab: dict[str, Term] = {}
    for row in csv.DictReader(text.splitlines()):
        term = Term(
            row["label"],
            frozenset(p for p in row["allergens"].split("|") if p),
            frozenset(p for p in row["excludes"].split("|") if p),
            frozenset(p for p in row["flags"].split("|") if p),
            tuple(p for p in (row.get("avoid") or "").split("|") if p),
        )
        for key in keys(row["term"]):
            vocab.setdefault(key, term)
    return vocab


@cache
def _single_words() -> list[str]:
    return [k for k in _vocabulary() if " " not in k and len(k) >= 5]


def says_what_they_eat(text: str) -> bool:
    """Whether a piece says what a guest *does* eat ("le encanta el pulpo", "pescado sí")."""
    probe = RestrictionProfile()
    _read_clause(text, probe, load_knowledge())
    return bool(probe.eats) and not probe.restrictions


def parse_restrictions(*texts: str | None, kb: KnowledgeBase | None = None) -> RestrictionProfile:
    """Parse free-text restrictions (any number of cells) into one profile.

    >>> p = parse_restrictions("Alérgica a los mariscos y al maní", "vegetariana")
    >>> sorted(p.allergens)
    ['crustaceans', 'fish', 'molluscs', 'peanuts']
    >>> sorted(parse_restrictions("come de todo menos mariscos, pescado sí").excludes)
    ['crustacean', 'mollusc']
    """
    kb = kb or load_knowledge()
    profile = RestrictionProfile()
    for raw in texts:
        text = emoji_words(raw or "")
        if not text.strip() or fold(text) in w.NOTHING:
            continue
        one = RestrictionProfile()
        text, heading = plain_forms(text)
        for clause in CLAUSES.split(text):
            _read_clause(clause, one, kb, heading=heading)
        profile = profile.merge(_settle(one, kb))
    return profile


def _settle(p: RestrictionProfile, kb: KnowledgeBase) -> RestrictionProfile:
    """Per text: an allergy to something unnamed in one clause is the named one in another
    ("Alergia al maní (anafilaxia). Lleva epipen."); fish a guest says they eat is lifted
    from a broad "mariscos" (but never from an allergy to fish itself)."""
    unnamed = [r for r in p.restrictions if r.label == "unknown_allergy"]
    allergens = [r for r in p.restrictions if r.label != "unknown_allergy" and r.allergens]
    only_words = [r for r in unnamed if _only_allergy_words(r.written)]
    if allergens and only_words:
        # "Alergia al maní (anafilaxia)": the unnamed allergy is the named one. Only an
        # allergen absorbs it: "Alergia severa. No come cerdo." keeps the cautious default.
        kept = [r for r in p.restrictions if r not in only_words]
        p.unknown = [u for u in p.unknown if not _only_allergy_words(u)]
    else:
        kept = list(p.restrictions)
    if p.eats and any(w.ALLERGY.search(fold(u)) for u in p.unknown):
        # "Le encantan los camarones pero le hacen daño": the reaction is to what they love.
        for phrase in p.eats:
            _read_segment(fold(phrase), phrase, p, kb, restrictive=True)
        kept = [r for r in p.restrictions if r.label != "unknown_allergy" or r in kept]
        p.eats = []
    if _says_fish(p.eats) and not any(w.ALLERGY.search(fold(r.written)) for r in kept):
        kept = [
            _without_fish(r) if r.label == "no_seafood" and not _FISH.search(fold(r.written)) else r
            for r in kept
        ]
    said = {r.label for r in kept}
    if {"no_meat", "no_red_meat"} & said and {"fish", "no_fish"} & said and "vegan" not in said:
        # "No meat, no fish": most likely vegetarian (no shellfish, no gelatin either); asked.
        kept.append(_vegetarian(next(r.written for r in kept if r.label in {"fish", "no_fish"})))
        p.ask(kept[-1].written)
    return RestrictionProfile(kept, p.unknown, p.eats)


def _vegetarian(written: str) -> Restriction:
    term = _vocabulary()["vegetarian"]
    return Restriction(written, term.label, term.allergens, term.excludes, term.flags)


def _only_allergy_words(text: str) -> bool:
    return all(t in w.FILLER or t in w.HEADINGS for t in fold(text).split())


def _says_fish(eaten: list[str]) -> bool:
    """Whether what a guest says they eat includes fish ("pescado sí")."""
    vocab = _vocabulary()
    return any(
        term.label in {"fish", "no_fish"}
        for word in eaten
        if (term := next((vocab[k] for k in keys(word) if k in vocab), None)) is not None
    )


def _without_fish(r: Restriction) -> Restriction:
    return Restriction(
        r.written, "no_shellfish", r.allergens - {"fish"}, r.excludes - {"fish"}, r.flags, r.avoid
    )


def _read_clause(
    clause: str, profile: RestrictionProfile, kb: KnowledgeBase, *, heading: bool = False
) -> None:
    folded = fold(clause)
    words = folded.split()
    if not words or folded in w.NOTHING:
        return
    if all(t in w.HEADINGS or t in w.AFFIRM_TAIL or t in {"no", "nada", "ninguna"} for t in words):
        return
    only = _ONLY.search(folded)
    if only is not None:
        _read_only(folded[only.end() :], clause.strip(), profile, kb)
        return
    after = _ONLY_AFTER.search(folded)
    if after is not None and not w.ALLERGY.search(folded):  # "pollo y pescado nomás"
        _read_only(folded[: after.start()], clause.strip(), profile, kb)
        return
    found = w.EXCEPT.search(folded)
    if found is None:
        _read_segment(folded, clause.strip(), profile, kb, heading=heading)
        return
    head, tail = folded[: found.start()].strip(), folded[found.end() :].strip()
    if set(head.split()) <= w.EVERYTHING:
        # "come de todo menos mariscos": what follows the exception is the restriction.
        _read_segment(tail, clause.strip(), profile, kb, restrictive=True)
        return
    before = len(profile.restrictions)
    _read_segment(head, clause.strip(), profile, kb)
    if len(profile.restrictions) > before:
        # "vegano excepto miel": the rule holds; the loosening is for a person to confirm.
        profile.ask(clause)
    else:
        _read_segment(tail, clause.strip(), profile, kb, restrictive=True)


def _read_only(named: str, written: str, profile: RestrictionProfile, kb: KnowledgeBase) -> None:
    """ "Solo come pollo y pescado": the animal classes it does not name are kept away, and
    within a class it names by one food (pollo), the other foods of that class."""
    items = _find_terms(named.split(), kb)
    kinds = _ANIMAL | {"alcohol"}  # what "solo agua o gaseosa" keeps away too
    # A food class named ("pescado") is allowed whole; a diet word ("veggies") names none.
    whole = {
        c for it in items if it.term is not None and not _is_state(it) for c in it.term.excludes
    } & kinds
    foods = {it.ingredient for it in items if it.ingredient}
    partly = {c for f in foods for c in kb.ingredients[f].diet} & kinds - whole
    avoid = {
        i.id for i in kb.ingredients.values()
        if i.id not in foods and set(i.diet) & partly and not set(i.diet) & whole
    }  # fmt: skip
    excludes = frozenset(kinds - whole - partly)
    allergens = frozenset(ALLERGEN_OF_DIET[c] for c in excludes if c in ALLERGEN_OF_DIET)
    profile.add(Restriction(written, "only_eats", allergens, excludes, avoid=frozenset(avoid)))
    profile.ask(written)


@dataclass
class _Item:
    start: int
    end: int
    said: str
    label: str
    term: Term | None = None
    ingredient: str | None = None
    guessed: bool = False


def _find_terms(
    tokens: list[str], kb: KnowledgeBase, *, allergy: bool = False, restrictive: bool = False
) -> list[_Item]:
    """Restriction words and known foods anywhere in the tokens, longest first."""
    vocab = _vocabulary()
    # "soy vegetariana": the verb, not the bean.
    taken = [
        t == "soy" and i + 1 < len(tokens) and tokens[i + 1] not in w.SOY_NOUN_NEXT
        for i, t in enumerate(tokens)
    ]
    items: list[_Item] = []

    def claim(i: int, n: int, item: _Item) -> None:
        for j in range(i, i + n):
            taken[j] = True
        items.append(item)

    for n in range(min(_MAX_WORDS, len(tokens)), 0, -1):
        for i in range(len(tokens) - n + 1):
            if any(taken[i : i + n]):
                continue
            piece = " ".join(tokens[i : i + n])
            term = next((vocab[k] for k in keys(piece) if k in vocab), None)
            if term is not None:
                claim(i, n, _Item(i, i + n, piece, term.label, term=term))
    for n in range(min(4, len(tokens)), 0, -1):
        for i in range(len(tokens) - n + 1):
            if any(taken[i : i + n]):
                continue
            piece = " ".join(tokens[i : i + n])
            if n == 1 and (len(piece) < 3 or piece in w.FILLER):
                continue
            match = kb.find_ingredient(piece)
            # Salt, water and oil are in everything: named in passing ("agua sin gas") they
            # say nothing, named in an allergy they are the allergy.
            if match is not None and match.id in w.UBIQUITOUS and not allergy:
                claim(i, n, _Item(i, i + n, piece, "mention", ingredient=match.id))
            elif match is not None:
                claim(i, n, _Item(i, i + n, piece, "ingredient", ingredient=match.id))
    negated = allergy or restrictive or any(t in w.NEGATIONS for t in tokens)
    for i, tok in enumerate(tokens):
        if taken[i]:
            continue
        small = undiminished(tok)
        match = kb.find_ingredient(small) if small != tok else None
        term = next((vocab[k] for k in keys(small) if k in vocab), None) if small != tok else None
        if term is not None:  # "camaroncitos", "pescadito"
            claim(i, 1, _Item(i, i + 1, tok, term.label, term=term))
        elif match is not None:  # "quesito", "cebollita"
            claim(i, 1, _Item(i, i + 1, tok, "ingredient", ingredient=match.id))
        elif tok in w.RAW and negated:  # "nada crudo"; "sushi bar" is not a restriction
            claim(i, 1, _Item(i, i + 1, tok, "no_raw"))
        elif tok in w.SPICY and negated:  # "no picante"; "bien picante" is a wish
            claim(i, 1, _Item(i, i + 1, tok, "no_spicy"))
        elif len(tok) >= 5 and tok not in w.FILLER:
            # A typo in a restriction word ("vegnao", "marsicos") still restricts: reading
            # too much is safe, and a person confirms the guess. Foods are never guessed.
            best = process.extractOne(
                tok, _single_words(), scorer=DamerauLevenshtein.normalized_similarity,
                score_cutoff=0.8,
            )  # fmt: skip
            if best is not None and not best[0].startswith(tok):
                term = vocab[best[0]]
                claim(i, 1, _Item(i, i + 1, tok, term.label, term=term, guessed=True))
    return sorted(items, key=lambda it: it.start)


def _eats_scopes(folded: str, tokens: list[str]) -> list[tuple[int, int]]:
    """Token ranges in which the guest says what they eat ("le encanta el pulpo")."""
    starts = _token_starts(folded)
    stops = {
        i for i, t in enumerate(tokens) if t in w.NEGATIONS or w.ALLERGY.fullmatch(t) is not None
    }
    scopes = []
    for m in w.EATS.finditer(folded):
        first = _token_at(starts, m.start())
        last = _token_at(starts, m.end() - 1) + 1
        before = tokens[max(0, first - 3) : first]
        negated = any(t in w.NEGATIONS or t in {"doesn", "don", "didn", "t"} for t in before)
        if negated and not w.EATS_WITH_NO.match(folded[m.start() :]) and m.group(1) != "i do":
            continue
        if w.EATS_WITH_NO.match(folded[m.start() :]):
            stops.discard(first)
        end = next((j for j in sorted(stops) if j >= last), len(tokens))
        scopes.append((last, end))
    return scopes


def _token_starts(folded: str) -> list[int]:
    return [m.start() for m in re.finditer(r"\S+", folded)]


def _token_at(starts: list[int], pos: int) -> int:
    return max(i for i, s in enumerate(starts) if s <= pos)


def _is_state(item: _Item) -> bool:
    return item.label in _STATES or bool(_STATE_WORDS.search(item.said))


def _read_segment(
    folded: str,
    written: str,
    profile: RestrictionProfile,
    kb: KnowledgeBase,
    *,
    restrictive: bool = False,
    heading: bool = False,
) -> None:
    tokens = folded.split()
    if not tokens:
        return
    allergy = w.ALLERGY.search(folded) is not None
    items = _find_terms(tokens, kb, allergy=allergy, restrictive=restrictive)
    negated = any(t in w.NEGATIONS for t in tokens)
    scopes = [] if restrictive else _eats_scopes(folded, tokens)
    # "pescado sí": a yes at the end says they eat it, unless the clause speaks of an
    # allergy, a "no" or a state ("Alergia al maní: sí", "Vegetariana: sí").
    tail = w.FINE_TAIL.search(folded)
    head_tokens = folded[: tail.start()].split() if tail else tokens
    affirmed = (
        not restrictive
        and not heading
        and tail is not None
        and bool(head_tokens)
        and not allergy
        and not any(t in w.NEGATIONS for t in head_tokens)
        and not any(_is_state(it) for it in items)
    )
    if allergy and (w.NO_ALLERGY.search(folded) or w.NOT_FOOD.search(folded)) and not items:
        # "alérgico a nada" says nothing; an allergy to latex or a drug is for a person.
        if w.NOT_FOOD.search(folded):
            profile.ask(written)
        return
    covered = [False] * len(tokens)
    for j in (j for it in items for j in range(it.start, it.end)):
        covered[j] = True
    mentioned = any(it.label == "mention" for it in items)
    # "poca sal por favor", "sin azúcar": a seasoning asked to be less is for the kitchen to
    # confirm; "agua sin gas" is a drink order.
    seasoning = any(it.label == "mention" and it.ingredient != "agua" for it in items)
    items = [it for it in items if it.label != "mention"]

    def said_eaten(it: _Item) -> bool:
        return affirmed or any(a <= it.start < b for a, b in scopes)

    for it in items:
        # "come halal": eating a diet is keeping it; "no es vegetariana" denies it.
        eaten = (
            not _is_state(it)
            and it.label not in {"no_raw", "no_spicy"}  # "si está bien cocido" is a condition
            and said_eaten(it)
        )
        if _is_state(it) and _DENIED_STATE.search(" ".join(tokens[: it.start])):
            eaten = True
            if it.label == "vegan" and "vegetarian" in it.said:  # "no es vegetariana estricta"
                profile.add(_vegetarian(written))
        if eaten and not allergy:
            profile.eats.append(it.said)
            continue
        profile.add(_restriction(it, written, kb, allergy))
        if it.guessed or (it.term is not None and "confirm" in it.term.flags):
            profile.ask(written)
    left = [
        t
        for j, t in enumerate(tokens)
        if not covered[j]
        and plain(t) not in w.FILLER
        and plain(t) not in w.HEADINGS
        and t not in w.NEGATIONS
        and t not in w.AFFIRM_TAIL
        and not t.isdigit()
        and w.EATS.fullmatch(t) is None
    ]
    restricted = any(not said_eaten(it) for it in items)
    if not items:
        if allergy or (negated and left and not mentioned):
            # A "no" or an allergy to something we cannot name ("alergia grave", "no come
            # aves", "🚫🍄"): what is most often behind one stays away until a person asks.
            profile.add(_strict(written))
            profile.ask(written)
        elif (
            (negated and not mentioned)
            or (seasoning and (negated or bool(set(tokens) & _LESS)))
            or (left and not {plain(t) for t in tokens} & w.NOT_ABOUT_FOOD)
        ):
            profile.ask(written)
        return
    if (left and (restricted or negated or allergy)) or w.UNCERTAIN.search(folded):
        profile.ask(written)


def _strict(written: str) -> Restriction:
    """The cautious default for a restriction nobody could read: every declared allergen,
    every animal class, alcohol and chilli, until a person confirms what it is."""
    return Restriction(
        written, "unknown_allergy", allergens=frozenset(ALLERGENS),
        excludes=frozenset(_ANIMAL | {"alcohol"}), flags=frozenset({"no_spicy"}),
    )  # fmt: skip


def _restriction(it: _Item, written: str, kb: KnowledgeBase, allergy: bool) -> Restriction:
    said = written if len(written) <= 60 else it.said
    if it.term is not None:
        avoid = set()
        for name in it.term.avoid:
            if name.startswith("category:"):  # "frutas": every fruit the base knows
                avoid |= in_category(kb, name.removeprefix("category:"))
            elif (m := kb.find_ingredient(name)) is not None:
                avoid |= {m.id} | family(kb.ingredients[m.id], kb)
        return Restriction(
            said, it.label, it.term.allergens, it.term.excludes,
            it.term.flags - {"confirm"}, frozenset(avoid),
        )  # fmt: skip
    if it.ingredient is not None:
        info = kb.ingredients[it.ingredient]
        # A food named in a restriction goes with its allergens: an octopus allergy is most
        # likely a mollusc allergy, and "no come queso" keeps milk away until confirmed.
        avoid = {it.ingredient} | family(info, kb)
        if (allergy or info.id in GENERIC) and info.category in FAMILIES:
            # An allergy to one chilli is most likely to all of them (capsaicin): kept away
            # until a person confirms which.
            avoid |= in_category(kb, info.category)
        return Restriction(
            said, "ingredient", allergens=frozenset(info.allergens), avoid=frozenset(avoid)
        )
    return Restriction(said, it.label, flags=frozenset({it.label}))
