"""Template generation and grounding speed, and the grounding check's catch rate on edits.

Run: .venv/bin/python bench/bench_generate.py [N]   (prints measured numbers; nothing is asserted)

1. texts per second of the template backend (menu descriptions and event concepts, es and
   en), with and without the grounding check it runs on every draft;
2. grounding check calls per second on its own;
3. catch rate: each of the N template texts gets one invented fact of every kind spliced in,
   one kind at a time: a dish, an ingredient, a "sin gluten" claim or an S/ price from the
   knowledge base that is not in the facts, and inventions from outside it (an ingredient
   on the check's own word list, which is a unit check and not a rate; an ingredient on no
   list at all; a wine not in the facts; a price written as a bare number or in words);
   how many the check rejects, and how many untouched texts it rejects (false alarms).
   ``-v`` lists the inventions it let through.
"""

from __future__ import annotations

import random
import sys
import time
import tomllib
from collections.abc import Callable
from importlib import resources

from recording import save

from sazon.generate import (
    DishFacts,
    EventConceptFacts,
    Generation,
    GenerationRequest,
    GuestMix,
    MenuDescriptionFacts,
    TemplateGenerator,
    check_grounding,
)
from sazon.knowledge import KnowledgeBase, fold, load_knowledge


def main(n: int) -> None:
    kb = load_knowledge()
    rng = random.Random(7)
    ids = list(kb.dishes)
    requests = []
    for i in range(n):
        lang = "es" if i % 2 == 0 else "en"
        if i % 4 < 3:
            facts: object = MenuDescriptionFacts(dish=DishFacts.from_kb(rng.choice(ids), lang))
            kind = "menu_description"
        else:
            dishes = [DishFacts.from_kb(d, lang) for d in rng.sample(ids, 4)]
            facts = EventConceptFacts(dishes=dishes, guests=GuestMix(total=12, regulars=4,
                                      restrictions={"vegan": 1, "peanuts": 2}))  # fmt: skip
            kind = "event_concept"
        requests.append(GenerationRequest(kind=kind, facts=facts, lang=lang, seed=i))  # type: ignore[arg-type]

    record: dict[str, object] = {"texts": n}
    for check in (False, True):
        gen = TemplateGenerator(check=check)
        start = time.perf_counter()
        outs = gen.generate_many(requests)
        took = time.perf_counter() - start
        label = "with grounding check" if check else "without grounding check"
        print(f"template backend, {label}: {n / took:,.0f} texts/s ({n} texts, {took:.2f} s)")
        record[f"texts_per_s_{'with' if check else 'without'}_check"] = n / took

    start = time.perf_counter()
    for req, out in zip(requests, outs, strict=True):
        check_grounding(out.text, req.facts, kb=kb)
    took = time.perf_counter() - start
    print(f"grounding check alone: {n / took:,.0f} checks/s")
    record["checks_per_s"] = n / took

    false_alarms = sum(not check_grounding(o.text, r.facts, kb=kb).ok
                       for r, o in zip(requests, outs, strict=True))  # fmt: skip
    print(f"false alarms on untouched template texts: {false_alarms} / {n}")
    record["false_alarms"] = false_alarms

    # Inventions a careless writer (or a language model) makes. "kb" ones take a name from
    # the knowledge base, which the check knows; "outside" ones name things it may not know.
    inventions: dict[str, list[Invention]] = {
        "kb dish": [lambda req, out: _kb_dish(kb, rng, ids, req, out)],
        "kb ingredient": [lambda req, out: _kb_ingredient(kb, rng, req)],
        "claim sin gluten": [_claim],
        "price S/": [lambda req, out: f" Ahora a S/ {rng.randint(200, 900)}."],
        # A unit check, not a rate: these four are on the check's own word list
        # (generate/data/grounding.toml), so catching them only shows the list is read.
        "listed ingredient (unit check)": [
            _fixed(" Lleva un toque de trufa negra.", " With a hint of black truffle."),
            _fixed(" Terminado con caviar.", " Finished with caviar."),
            _fixed(" Con láminas de foie gras.", " With slices of foie gras."),
            _fixed(" Sobre una base de wagyu.", " On a bed of wagyu."),
        ],
        # The rate: ingredients on neither the knowledge base nor the word list (checked
        # below), so this measures what the lexical check does with a word it never saw.
        "unlisted ingredient": [_unlisted(name) for name in unlisted(kb)],
        "outside wine": [
            _fixed(" Marida con un Malbec Catena Zapata.", " Pair it with Malbec Catena Zapata."),
            _fixed(" Va con un Pinot Noir de Borgoña.", " It goes with a Burgundy Pinot Noir."),
            _fixed(" Marida con Concha y Toro.", " Pairs with Concha y Toro."),
        ],
        "bare price": [
            _fixed(" Precio 39.", " Price 39."),
            _fixed(" Precio: 39.", " Price: 39."),
            _fixed(" Todo por cuarenta soles.", " All for forty soles."),
            _fixed(" Sale a treinta y nueve soles.", " It is thirty-nine soles."),
            _fixed(" A solo 39 lucas.", " Just 39 soles."),
        ],
    }
    caught = dict.fromkeys(inventions, 0)
    tried = dict.fromkeys(inventions, 0)
    missed: dict[str, set[str]] = {k: set() for k in inventions}
    for i, (req, out) in enumerate(zip(requests, outs, strict=True)):
        for kind, makers in inventions.items():
            extra = makers[i % len(makers)](req, out)
            tried[kind] += 1
            ok = check_grounding(out.text + extra, req.facts, kb=kb).ok
            caught[kind] += not ok
            if ok:
                missed[kind].add(extra.strip())
    record["caught"] = {k: {"caught": caught[k], "tried": tried[k]} for k in inventions}
    save("generate", record)
    for kind in inventions:
        print(f"invented {kind} caught: {caught[kind]} / {tried[kind]}")
        if "-v" in sys.argv:
            for extra in sorted(missed[kind])[:8]:
                print(f"  missed: {extra}")


Invention = Callable[[GenerationRequest, Generation], str]

# Written for this bench (2026-12-07) without looking at the check's lists; any that a list
# knows is dropped at run time, so the rate is about words the check has never seen.
UNLISTED = (
    "yuzu", "burrata", "kimchi", "bottarga", "mascarpone", "kombu", "anguila ahumada",
    "gochujang", "pistacho de Bronte", "ricota de búfala", "miso blanco", "chorizo riojano",
    "harissa", "tahini", "zaatar", "pimienta de Sichuan", "lichi", "matcha", "sobrasada",
    "queso manchego", "nduja", "shiso", "bonito seco", "cardamomo",
)  # fmt: skip


def unlisted(kb: KnowledgeBase) -> list[str]:
    """The UNLISTED names that neither the knowledge base nor the check's word lists know."""
    text = resources.files("sazon.generate").joinpath("data", "grounding.toml").read_text("utf-8")
    listed = {fold(w) for words in tomllib.loads(text).values() for w in words}
    names = [n for n in UNLISTED if kb.find_ingredient(n) is None and fold(n) not in listed]
    print(f"unlisted ingredients used: {len(names)} of {len(UNLISTED)}")
    return names


def _unlisted(name: str) -> Invention:
    def invent(req: GenerationRequest, out: Generation) -> str:
        return f" Con un toque de {name}." if req.lang == "es" else f" With a touch of {name}."

    return invent


def _fixed(es: str, en: str) -> Invention:
    return lambda req, out: es if req.lang == "es" else en


def _claim(req: GenerationRequest, out: Generation) -> str:
    return " Es sin gluten." if req.lang == "es" else " It is gluten-free."


def _kb_dish(
    kb: KnowledgeBase, rng: random.Random, ids: list[str], req: GenerationRequest, out: Generation
) -> str:
    text = out.text.lower()
    other = next(d for d in rng.sample(ids, 20)
                 if _absent(kb.dishes[d].name_es, kb.dishes[d].name_en, text))  # fmt: skip
    return f" Prueba también {kb.dishes[other].name(req.lang)}."


def _kb_ingredient(kb: KnowledgeBase, rng: random.Random, req: GenerationRequest) -> str:
    used = {i.lower() for d in _dishes(req.facts) for i in d.ingredients}
    pool = [g for g in kb.ingredients.values() if g.name_es not in used
            and g.name_en.lower() not in used and len(g.name_es) > 4]  # fmt: skip
    return f" Lleva un toque de {rng.choice(pool).name(req.lang)}."


def _absent(name_es: str, name_en: str, text: str) -> bool:
    return name_es.lower() not in text and name_en.lower() not in text


def _dishes(facts: object) -> list[DishFacts]:
    if isinstance(facts, MenuDescriptionFacts):
        return [facts.dish]
    assert isinstance(facts, EventConceptFacts)
    return facts.dishes


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if a != "-v"]
    main(int(args[0]) if args else 400)
