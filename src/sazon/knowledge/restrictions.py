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

The words a clause names are found by :mod:`sazon.knowledge.restriction_terms`; what a
reading gives is in :mod:`sazon.knowledge.restriction_profile`.
"""

from __future__ import annotations

import re

from sazon.knowledge import restriction_words as w
from sazon.knowledge.base import KnowledgeBase, load_knowledge
from sazon.knowledge.restriction_foods import FAMILIES, GENERIC, family, in_category
from sazon.knowledge.restriction_forms import CLAUSES, emoji_words, plain, plain_forms
from sazon.knowledge.restriction_profile import Restriction, RestrictionProfile
from sazon.knowledge.restriction_terms import FoundTerm, eats_scopes, find_terms, vocabulary
from sazon.knowledge.text import fold, keys
from sazon.knowledge.vocab import ALLERGEN_OF_DIET, ALLERGENS

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
    term = vocabulary()["vegetarian"]
    return Restriction(written, term.label, term.allergens, term.excludes, term.flags)


def _only_allergy_words(text: str) -> bool:
    return all(t in w.FILLER or t in w.HEADINGS for t in fold(text).split())


def _says_fish(eaten: list[str]) -> bool:
    """Whether what a guest says they eat includes fish ("pescado sí")."""
    vocab = vocabulary()
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
    items = find_terms(named.split(), kb)
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


def _is_state(item: FoundTerm) -> bool:
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
    items = find_terms(tokens, kb, allergy=allergy, restrictive=restrictive)
    negated = any(t in w.NEGATIONS for t in tokens)
    scopes = [] if restrictive else eats_scopes(folded, tokens)
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

    def said_eaten(it: FoundTerm) -> bool:
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


def _restriction(it: FoundTerm, written: str, kb: KnowledgeBase, allergy: bool) -> Restriction:
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
