"""Template generation and grounding speed, and the grounding check's catch rate on edits.

Run: .venv/bin/python bench/bench_generate.py [N]   (prints measured numbers; nothing is asserted)

1. texts per second of the template backend (menu descriptions and event concepts, es and
   en), with and without the grounding check it runs on every draft;
2. grounding check calls per second on its own;
3. catch rate: N template texts each get one invented fact spliced in (a dish, an ingredient,
   a "sin gluten" claim or a price from the knowledge base that is not in the facts); how many
   the check rejects, and how many untouched texts it rejects (false alarms).
"""

from __future__ import annotations

import random
import sys
import time

from sazon.generate import (
    DishFacts,
    EventConceptFacts,
    GenerationRequest,
    GuestMix,
    MenuDescriptionFacts,
    TemplateGenerator,
    check_grounding,
)
from sazon.knowledge import load_knowledge


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

    for check in (False, True):
        gen = TemplateGenerator(check=check)
        start = time.perf_counter()
        outs = gen.generate_many(requests)
        took = time.perf_counter() - start
        label = "with grounding check" if check else "without grounding check"
        print(f"template backend, {label}: {n / took:,.0f} texts/s ({n} texts, {took:.2f} s)")

    start = time.perf_counter()
    for req, out in zip(requests, outs, strict=True):
        check_grounding(out.text, req.facts, kb=kb)
    took = time.perf_counter() - start
    print(f"grounding check alone: {n / took:,.0f} checks/s")

    false_alarms = sum(not check_grounding(o.text, r.facts, kb=kb).ok
                       for r, o in zip(requests, outs, strict=True))  # fmt: skip
    print(f"false alarms on untouched template texts: {false_alarms} / {n}")

    caught = {"dish": 0, "ingredient": 0, "claim": 0, "price": 0}
    tried = dict.fromkeys(caught, 0)
    for i, (req, out) in enumerate(zip(requests, outs, strict=True)):
        kind = list(caught)[i % 4]
        text_facts = out.text.lower()
        if kind == "dish":
            other = next(d for d in rng.sample(ids, 20) if _absent(kb.dishes[d].name_es,
                         kb.dishes[d].name_en, text_facts))  # fmt: skip
            extra = f" Prueba también {kb.dishes[other].name(req.lang)}."
        elif kind == "ingredient":
            used = {i.lower() for d in _dishes(req.facts) for i in d.ingredients}
            pool = [g for g in kb.ingredients.values() if g.name_es not in used
                    and g.name_en.lower() not in used and len(g.name_es) > 4]  # fmt: skip
            extra = f" Lleva un toque de {rng.choice(pool).name(req.lang)}."
        elif kind == "claim":
            extra = " Es sin gluten." if req.lang == "es" else " It is gluten-free."
        else:
            extra = f" Ahora a S/ {rng.randint(200, 900)}."
        tried[kind] += 1
        ok = check_grounding(out.text + extra, req.facts, kb=kb).ok
        caught[kind] += not ok
        if ok and "-v" in sys.argv:
            print(f"  missed {kind}: {extra.strip()}")
    for kind in caught:
        print(f"invented {kind} caught: {caught[kind]} / {tried[kind]}")


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
