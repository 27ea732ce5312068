"""The template backend: grammar, formatting, determinism, variety, every kind in es and en."""

from __future__ import annotations

import logging
import os
import re
import subprocess
import sys
from collections import defaultdict
from collections.abc import Iterator
from datetime import UTC, date, datetime

import pytest
from pydantic import ValidationError

from sazon.config import GenerateSettings, Settings
from sazon.errors import InvalidInput
from sazon.generate import (
    Composition,
    DishFacts,
    Draft,
    EventConceptFacts,
    Generation,
    GenerationRequest,
    GuestBriefingFacts,
    GuestMix,
    GuestNote,
    KindSpec,
    MenuDescriptionFacts,
    OpportunityBriefFacts,
    PairingNoteFacts,
    PairingReason,
    SocialPostFacts,
    TemplateGenerator,
    WineFacts,
    build_request,
    check_grounding,
    kind_names,
    make_generator,
    register_kind,
    registry,
)
from sazon.generate import formatting as fmt
from sazon.generate.facts import Facts
from sazon.generate.grammar import Noun, inflect, spanish_agreement
from sazon.generate.phrasebank import load_bank
from sazon.generate.sentences import join
from sazon.knowledge import KnowledgeBase

TONES = ("warm", "elegant", "casual", "formal")
LANGS = ("es", "en")
GEN = TemplateGenerator()


# --- Spanish agreement -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Ceviche", "el ceviche fresco"),
        ("Causa limeña de pollo", "la causa limeña de pollo fresca"),
        ("Anticuchos de corazón", "los anticuchos de corazón frescos"),
        ("Conchitas a la parmesana", "las conchitas a la parmesana frescas"),
        ("Papa a la huancaína", "la papa a la huancaína fresca"),
        ("Ají de gallina", "el ají de gallina fresco"),
        ("Picarones", "los picarones frescos"),
        ("Mazamorra morada", "la mazamorra morada fresca"),
        ("Chicha morada", "la chicha morada fresca"),
        ("Pisco sour", "el pisco sour fresco"),
        ("Tres leches", "el tres leches fresco"),
        ("Tacu tacu con bistec", "el tacu tacu con bistec fresco"),
        ("Tentación de lúcuma", "la Tentación de lúcuma fresca"),  # by the -ción rule
        ("Tequeños de queso", "los tequeños de queso frescos"),
    ],
)
def test_agreement__article_and_adjective_follow_the_head_noun(name: str, expected: str) -> None:
    noun = Noun.dish(name, "es")
    assert f"{noun.form('el')} {noun.form('adj:fresco')}" == expected


def test_agreement__unknown_gender_gives_no_form_instead_of_a_guess() -> None:
    noun = Noun.dish("Quiche de espinaca", "es")
    assert spanish_agreement("Quiche de espinaca") is None
    assert noun.form("el") is None
    assert noun.form("adj:fresco") is None
    assert noun.form(None) == "Quiche de espinaca"


def test_agreement__unknown_gender_dish_only_gets_phrasings_without_agreement() -> None:
    facts = MenuDescriptionFacts(
        dish=DishFacts(name="Quiche de espinaca", course="entrada", ingredients=["espinaca"])
    )
    outs = GEN.generate_many([_req("menu_description", facts, seed=s) for s in range(25)])
    pools = load_bank("menu_description")
    texts = {p.id: p.text for pool in pools.values() for p in pool}
    used = {pid for out in outs for pid in out.phrasings}
    assert used
    for pid in used:
        assert not re.search(r"\{dish\|(?!name)[^}]+\}", texts[pid]), texts[pid]
    for out in outs:
        assert not re.search(r"\b(el|la|los|las) [Qq]uiche", out.text)


@pytest.mark.parametrize(
    ("lemma", "gender", "plural", "expected"),
    [
        ("fresco", "f", False, "fresca"),
        ("tierno", "m", True, "tiernos"),
        ("tierno", "f", True, "tiernas"),
        ("crocante", "f", True, "crocantes"),
        ("encantador", "f", True, "encantadoras"),
        ("sutil", "m", True, "sutiles"),
        ("feliz", "f", True, "felices"),
        ("burlón", "f", False, "burlona"),
        ("burlón", "m", True, "burlones"),
        ("nikkei", "f", True, "nikkei"),
        ("curado al momento", "f", True, "curadas al momento"),
        ("recién ~frito", "f", True, "recién fritas"),
    ],
)
def test_inflect__adjectives_agree(lemma: str, gender: str, plural: bool, expected: str) -> None:
    assert inflect(lemma, gender, plural) == expected  # type: ignore[arg-type]


def test_join__natural_lists_with_e_and_u() -> None:
    assert join(["A", "B", "C"], "es") == "A, B y C"
    assert join(["A", "B", "C"], "en") == "A, B and C"
    assert join(["pollo", "hinojo"], "es") == "pollo e hinojo"
    assert join(["Lima", "Ica"], "es") == "Lima e Ica"
    assert join(["agua", "hielo"], "es") == "agua y hielo"  # hie- is a diphthong: y stays
    assert join(["siete", "ocho"], "es", conj="or") == "siete u ocho"
    assert join(["gluten", "huevo"], "es", conj="nor") == "gluten ni huevo"
    assert join(["solo"], "es") == "solo"


# --- prices and dates --------------------------------------------------------------------


def test_money__soles_as_peru_writes_them() -> None:
    assert fmt.money(45) == "S/ 45.00"
    assert fmt.money(1250.5) == "S/ 1,250.50"


def test_dates__shown_in_lima_time_in_spanish_and_english() -> None:
    # 01:00 UTC on the 13th is 8 p.m. on Saturday the 12th in Lima.
    moment = datetime(2026, 12, 13, 1, 0, tzinfo=UTC)
    assert fmt.day(moment, "es") == "sábado 12 de diciembre"
    assert fmt.day(moment, "en") == "Saturday 12 December"
    assert fmt.clock(moment, "es") == "8:00 p. m."
    assert fmt.at_clock(datetime(2026, 12, 12, 13, 30), "es") == "a la 1:30 p. m."
    assert fmt.day(date(2026, 12, 12), "es", year=True) == "sábado 12 de diciembre de 2026"
    assert fmt.season(date(2026, 1, 15), "es") == "verano"
    assert fmt.season(date(2026, 7, 15), "en") == "winter"


def test_event_concept__date_and_price_reach_the_text() -> None:
    facts = EventConceptFacts(
        dishes=[DishFacts.from_kb("ceviche_clasico")],
        guests=GuestMix(total=6),
        starts_at=datetime(2026, 12, 13, 1, 0, tzinfo=UTC),
        price_per_guest_pen=180,
    )
    texts = [
        o.text for o in GEN.generate_many([_req("event_concept", facts, seed=s) for s in range(6)])
    ]
    assert all("S/ 180.00" in t for t in texts)
    assert any("sábado 12 de diciembre" in t for t in texts)
    assert not any("domingo 13" in t for t in texts)


# --- sample facts for every kind ---------------------------------------------------------


def _d(kb: KnowledgeBase, dish_id: str, lang: str = "es", **kw: object) -> DishFacts:
    base = DishFacts.from_kb(dish_id, lang, kb=kb)  # type: ignore[arg-type]
    return base.model_copy(update=kw) if kw else base


def samples(kb: KnowledgeBase, lang: str) -> dict[str, list[Facts]]:
    """Facts that between them reach every phrasing of every bank."""
    es = lang == "es"
    d = lambda i, **kw: _d(kb, i, lang, **kw)  # noqa: E731
    tacama = WineFacts.from_kb("tacama_sauvignon_blanc", kb=kb)
    malbec = WineFacts.from_kb("intipalka_malbec", kb=kb).model_copy(
        update={"glass_price_pen": 22.0}
    )
    full_mix = GuestMix(
        total=14,
        regulars=5,
        first_timers=4,
        vip=2,
        international=1,
        children=2,
        restrictions={"vegetarian": 2, "peanuts": 1},
    )
    menu = [
        d("ceviche_clasico"),
        d("ocopa_arequipena"),
        d("lomo_saltado"),
        d("suspiro_a_la_limena"),
    ]
    events: list[Facts] = []
    for i, fmt_ in enumerate(("dinner", "tasting", "pairing_dinner", "lunch", "cocktail")):
        events.append(
            EventConceptFacts(
                format=fmt_,
                dishes=menu[: 2 + i % 3],
                guests=full_mix if i % 2 else GuestMix(total=8),
                starts_at=datetime(2026, 12, 12, 20) if i % 2 else date(2027, 7, 3),
                occasion=("el aniversario de la casa" if es else "our anniversary")
                if i != 2
                else None,
                venue=("el salón Barranco" if es else "the Barranco room")
                if i in (0, 1, 3)
                else None,
                host="Sazón" if i in (1, 2, 4) else None,
                wines=[tacama, malbec][: i % 3],
                price_per_guest_pen=150.0 if i % 2 else None,
                restrictions_handled=i == 1,
                show_prices=i == 4,
            )
        )
    events.append(EventConceptFacts(dishes=[d("tiradito_nikkei")], guests=GuestMix(total=2)))
    events.append(
        EventConceptFacts(
            dishes=[DishFacts(name="Quiche de espinaca")], guests=GuestMix(total=3, first_timers=3)
        )
    )
    menus: list[Facts] = [
        MenuDescriptionFacts(dish=d(i), wine=tacama if n % 2 else None)
        for n, i in enumerate(
            (
                "anticuchos",
                "causa_limena",
                "picarones",
                "chicha_morada",
                "conchitas_a_la_parmesana",
                "pachamanca",
                "lomo_saltado",
            )
        )
    ]
    menus.append(
        MenuDescriptionFacts(
            dish=d("solterito", free_from=["gluten", "peanuts"], diet=["vegetarian"])
        )
    )
    menus.append(MenuDescriptionFacts(dish=DishFacts(name="Quiche de espinaca")))
    reasons = [
        ("acid_with_acid", "limón" if es else "lime"),
        ("acid_cuts_fat", None),
        ("tannin_with_protein", None),
        ("heat_off_dry", "ají limo" if es else "limo chili"),
        ("heat_low_alcohol", None),
        ("sweet_enough", None),
        ("bubbles_with_fried", None),
        ("weight_match", None),
        ("aroma_bridge", "limón" if es else "lime"),
        ("contrast", None),
        ("umami_low_tannin", None),
        ("salt_with_acid", None),
        ("local_match", None),
    ]
    ceviche = d("ceviche_clasico")
    pairings: list[Facts] = []
    for n, (code, ing) in enumerate(reasons):
        ing = ing or ceviche.ingredients[n % 3]
        for with_ing in (False, True):
            pairings.append(
                PairingNoteFacts(
                    dish=ceviche,
                    wine=tacama if n % 2 else malbec,
                    show_price=n % 3 == 0,
                    reasons=[
                        PairingReason(
                            code=code,
                            ingredient=ing if with_ing else None,  # type: ignore[arg-type]
                            aromas=["citrus", "mineral"] if code == "aroma_bridge" else [],
                        )
                    ],
                )
            )
    briefings: list[Facts] = []
    for n in range(4):
        briefings.append(
            GuestBriefingFacts(
                service_at=datetime(2026, 12, 12, 19 if n % 2 else 12, 30),
                covers=40 + n,
                guests=full_mix if n % 2 == 0 else None,
                notable=[
                    GuestNote(
                        name="Ana Torres",
                        table="4",
                        visits=5,
                        vip=True,
                        occasion="su cumpleaños" if es else "her birthday",
                        restrictions=["alérgica al maní", "vegetarian"],
                        favourites=["Lomo saltado"],
                        last_feedback="positive",
                    ),
                    GuestNote(
                        name="John Smith",
                        visits=0,
                        language="en" if es else "es",
                        last_feedback="negative",
                        note="Mesa junto a la ventana",
                    ),
                ],
                specials=[d("causa_limena")],
                unavailable=["Pulpo al olivo"],
                notes=["La terraza abre a las 8."],
            )
        )
    posts: list[Facts] = []
    for n, cta in enumerate(("reserve", "visit", "order", "comment") * 2):
        posts.append(
            SocialPostFacts(
                topic="ceviche nikkei" if n % 2 else "sin gluten",
                cta=cta,  # type: ignore[arg-type]
                platform=("instagram", "facebook", "tiktok", "x")[n % 4],  # type: ignore[arg-type]
                dishes=[d("ceviche_nikkei"), d("maki_acevichado")][: 1 + n % 2] if n % 3 else [],
                venue=None if n % 4 == 3 else "Sazón Miraflores",
                event_at=datetime(2026, 12, 12, 20) if n % 3 == 1 else None,
                show_price=n % 2 == 1,
            )
        )
    briefs: list[Facts] = []
    for n, cat in enumerate(
        ("flavour", "ingredient", "product", "format", "occasion", "complaint") * 2
    ):
        briefs.append(
            OpportunityBriefFacts(
                term="maracuyá" if n % 2 else "envases que gotean",
                category=cat,  # type: ignore[arg-type]
                mentions=1250 - 100 * n,
                previous_mentions=(900, 1500, None)[n % 3],
                growth_pct=None if n % 3 != 2 else 0.0,
                sentiment=(0.5, -0.5, 0.1)[n % 3],
                segments=["familias", "jóvenes"] if n % 2 else [],
                channels=["Instagram"],
                regions=["Lima", "Arequipa"] if n % 2 == 0 else [],
                related_terms=["sour"] if n % 2 else [],
                brand=None if n == 7 else "Inka Drinks",
                audience=("product", "marketing", "sales")[n % 3],  # type: ignore[arg-type]
            )
        )
    return {
        "event_concept": events,
        "menu_description": menus,
        "pairing_note": pairings,
        "guest_briefing": briefings,
        "social_post": posts,
        "opportunity_brief": briefs,
    }


def _req(
    kind: str, facts: Facts, lang: str = "es", tone: str = "warm", seed: int = 0, variants: int = 1
) -> GenerationRequest:
    return GenerationRequest(
        kind=kind,
        facts=facts,
        lang=lang,
        tone=tone,
        seed=seed,  # type: ignore[arg-type]
        variants=variants,
    )


def _batch(kb: KnowledgeBase, kind: str, lang: str, seeds: int = 3) -> list[GenerationRequest]:
    return [
        _req(kind, facts, lang, tone, seed)
        for facts in samples(kb, lang)[kind]
        for tone in TONES
        for seed in range(seeds)
    ]


# --- every kind, both languages ----------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize(
    "kind",
    [
        "event_concept",
        "menu_description",
        "pairing_note",
        "guest_briefing",
        "social_post",
        "opportunity_brief",
    ],
)
def test_every_kind__renders_for_sample_facts(kb: KnowledgeBase, kind: str, lang: str) -> None:
    facts = samples(kb, lang)[kind][0]
    out = GEN.generate(_req(kind, facts, lang, seed=3))
    assert out.backend == "template"
    assert not out.fell_back
    assert out.kind == kind and out.lang == lang
    assert len(out.text) > 40
    assert out.parts and all(v.strip() for v in out.parts.values())
    assert "{" not in out.text and "}" not in out.text
    assert "  " not in out.text
    assert not [w for w in out.warnings if w.startswith("grounding")]


def test_every_kind__is_registered() -> None:
    assert set(kind_names()) >= {
        "event_concept",
        "menu_description",
        "pairing_note",
        "guest_briefing",
        "social_post",
        "opportunity_brief",
    }


def test_spanish_and_english__read_as_their_language(kb: KnowledgeBase) -> None:
    facts = samples(kb, "es")["event_concept"][1]
    es = GEN.generate(_req("event_concept", facts, "es")).text
    en = GEN.generate(_req("event_concept", samples(kb, "en")["event_concept"][1], "en")).text
    assert re.search(r"\b(el|la|los|las|para|con)\b", es)
    assert re.search(r"\b(the|with|and)\b", en)
    assert not re.search(r"\bthe\b", es)


# --- determinism and variety -------------------------------------------------------------


def test_determinism__same_seed_same_text_other_seeds_vary(kb: KnowledgeBase) -> None:
    facts = samples(kb, "es")["event_concept"][1]
    first = GEN.generate(_req("event_concept", facts, seed=11))
    again = TemplateGenerator().generate(_req("event_concept", facts, seed=11))
    assert first.text == again.text
    others = {GEN.generate(_req("event_concept", facts, seed=s)).text for s in range(8)}
    assert len(others) >= 6


def test_determinism__holds_across_processes_with_other_hash_seeds(kb: KnowledgeBase) -> None:
    code = (
        "from sazon.generate import *\n"
        "f = EventConceptFacts(dishes=[DishFacts.from_kb(d) for d in "
        "('ceviche_clasico', 'lomo_saltado', 'picarones')], guests=GuestMix(total=9, "
        "regulars=3, restrictions={'vegan': 1, 'gluten': 2}))\n"
        "print(TemplateGenerator().generate(GenerationRequest(kind='event_concept', facts=f, "
        "seed=5)).text)\n"
    )
    texts = set()
    for hash_seed in ("1", "987"):
        env = {**os.environ, "PYTHONHASHSEED": hash_seed}
        out = subprocess.run(
            [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
        )
        texts.add(out.stdout)
    assert len(texts) == 1


def test_variety__a_small_batch_never_repeats_a_phrasing(kb: KnowledgeBase) -> None:
    for kind, facts_list in samples(kb, "es").items():
        outs = GEN.generate_many([_req(kind, facts_list[0], seed=s) for s in range(3)])
        used = [p for o in outs for p in o.phrasings]
        assert len(used) == len(set(used)), kind
        assert not [w for o in outs for w in o.warnings], kind
        assert len({o.text for o in outs}) == 3


def test_variety__variants_are_alternative_drafts(kb: KnowledgeBase) -> None:
    facts = samples(kb, "es")["social_post"][1]
    out = GEN.generate(_req("social_post", facts, variants=3))
    drafts = out.drafts()
    assert len(drafts) == 3
    assert len({d.text for d in drafts}) == 3
    used = [p for d in drafts for p in d.phrasings]
    assert len(used) == len(set(used))


@pytest.mark.parametrize("lang", LANGS)
def test_variety__repeats_only_after_the_pool_is_exhausted_and_says_so(
    kb: KnowledgeBase, lang: str
) -> None:
    facts = MenuDescriptionFacts(dish=_d(kb, "lomo_saltado", lang))
    outs = GEN.generate_many([_req("menu_description", facts, lang, seed=s) for s in range(30)])
    seen: set[str] = set()
    warned = 0
    for out in outs:
        for pid in out.phrasings:
            if pid in seen:
                assert any(pid in w and "exhausted" in w for w in out.warnings), pid
                warned += 1
            seen.add(pid)
    assert warned  # 30 texts are more than the price pool holds


def test_every_phrasing__is_reachable_and_grounded(kb: KnowledgeBase) -> None:
    """A large batch over varied facts uses every phrasing of every bank, all grounded."""
    for kind in kind_names():
        bank = load_bank(kind)
        all_ids = {p.id for pool in bank.values() for p in pool}
        used: set[str] = set()
        for lang in LANGS:
            batch = _batch(kb, kind, lang)
            outs = GEN.generate_many(batch)
            for req, out in zip(batch, outs, strict=True):
                used.update(out.phrasings)
                report = check_grounding(out.text, req.facts)
                assert report.ok, (kind, out.text, report.reasons())
                _repeat_only_when_warned(out)
        missing = sorted(all_ids - used)
        assert not missing, (kind, missing)


def _repeat_only_when_warned(out: Generation) -> None:
    for pid, n in _counts(out.phrasings).items():
        if n > 1:
            assert any(pid in w for w in out.warnings), pid


def _counts(ids: list[str]) -> dict[str, int]:
    counts: dict[str, int] = defaultdict(int)
    for i in ids:
        counts[i] += 1
    return counts


@pytest.mark.parametrize("lang", LANGS)
def test_grounded_by_construction__every_packaged_dish_over_many_seeds(
    kb: KnowledgeBase, lang: str
) -> None:
    dishes = [DishFacts.from_kb(d, lang, kb=kb) for d in kb.dishes]  # type: ignore[arg-type]
    wines = [WineFacts.from_kb(w, kb=kb) for w in list(kb.wines)[:40]]
    requests = [
        _req(
            "menu_description",
            MenuDescriptionFacts(dish=dish, wine=wines[i % len(wines)]),
            lang,
            TONES[i % 4],
            seed=i,
        )
        for i, dish in enumerate(dishes)
    ]
    for start in range(0, len(dishes) - 4, 4):
        facts = EventConceptFacts(
            dishes=dishes[start : start + 4],
            guests=GuestMix(total=10, regulars=4, restrictions={"vegan": 1, "dairy_free": 2}),
            wines=wines[start % 40 : start % 40 + 2],
            price_per_guest_pen=120.0,
            show_prices=True,
        )
        requests.append(_req("event_concept", facts, lang, TONES[start % 4], seed=start))
    outs = GEN.generate_many(requests)
    for req, out in zip(requests, outs, strict=True):
        report = check_grounding(out.text, req.facts, kb=kb)
        assert report.ok, (out.text, report.reasons())


# --- other guarantees --------------------------------------------------------------------


def test_social_post__x_posts_fit_in_280_characters(kb: KnowledgeBase) -> None:
    facts = SocialPostFacts(
        topic="ceviche nikkei con leche de tigre de ají amarillo",
        platform="x",
        dishes=[_d(kb, "ceviche_nikkei"), _d(kb, "maki_acevichado")],
        venue="Sazón Miraflores — Malecón de la Reserva",
        event_at=datetime(2026, 12, 12, 20),
        hashtags=["comidaperuana", "nikkei", "lima"],
        show_price=True,
    )
    for out in GEN.generate_many([_req("social_post", facts, seed=s) for s in range(10)]):
        assert len(out.text) <= 280
        assert out.items and all(t.startswith("#") for t in out.items)


def test_request__unknown_kind_names_the_registered_ones() -> None:
    with pytest.raises(ValidationError) as exc:
        GenerationRequest(kind="poem", facts={})
    assert "event_concept" in str(exc.value)


def test_request__facts_are_validated_into_the_kind_model() -> None:
    req = GenerationRequest(kind="menu_description", facts={"dish": {"name": "Causa"}})
    assert isinstance(req.facts, MenuDescriptionFacts)
    with pytest.raises(ValidationError):
        GenerationRequest(kind="menu_description", facts={"dish": {"name": "X", "alergens": []}})
    with pytest.raises(ValidationError, match="unknown allergen"):
        DishFacts(name="Causa", allergens=["nuts"])
    with pytest.raises(ValidationError, match="takes MenuDescriptionFacts"):
        GenerationRequest(kind="menu_description", facts=GuestMix(total=3))
    assert req.model_dump()["facts"]["dish"]["name"] == "Causa"


def test_facts__reject_what_would_make_a_text_lie(kb: KnowledgeBase) -> None:
    with pytest.raises(ValidationError, match="not an ingredient"):
        PairingNoteFacts(
            dish=_d(kb, "lomo_saltado"),
            wine=WineFacts(name="Tacama Malbec"),
            reasons=[PairingReason(code="acid_with_acid", ingredient="limón")],
        )
    with pytest.raises(ValidationError, match="both in and free from"):
        DishFacts(name="Causa", allergens=["eggs"], free_from=["eggs"])
    with pytest.raises(ValidationError, match="unknown restriction"):
        GuestMix(total=4, restrictions={"marciano": 1})
    with pytest.raises(ValidationError, match="cannot exceed"):
        GuestMix(total=4, vip=5)
    assert GuestMix(total=4, restrictions={"alérgico al maní": 1}).restrictions == {"peanuts": 1}


def test_dish_facts__from_the_knowledge_base_carry_its_allergens(kb: KnowledgeBase) -> None:
    causa = DishFacts.from_kb("causa_limena", kb=kb)
    assert causa.name == "Causa limeña de pollo"
    assert "eggs" in causa.allergens
    assert (
        DishFacts.from_kb("causa_limena", "en", kb=kb).name == "Layered potato terrine with chicken"
    )


def test_make_generator__template_by_default_and_clear_errors_otherwise() -> None:
    assert make_generator(Settings()).name == "template"
    with pytest.raises(InvalidInput, match="SAZON_GENERATE__URL"):
        make_generator(Settings(generate=GenerateSettings(backend="openai")))
    with pytest.raises(InvalidInput, match="unknown generation backend"):
        make_generator(Settings(generate=GenerateSettings(backend="gpt")))


def test_build_request__names_the_wrong_field_for_every_face() -> None:
    """The CLI and the API build requests here: one clear error naming the field."""
    req = build_request("menu_description", {"dish": {"name": "Causa"}}, lang="en", seed=4)
    assert (req.kind, req.lang, req.seed) == ("menu_description", "en", 4)
    with pytest.raises(InvalidInput) as exc:
        build_request("menu_description", {"dish": {"name": "Causa", "allergens": ["nuts"]}})
    assert exc.value.message.startswith("facts.dish.allergens: unknown allergen 'nuts'")
    assert exc.value.details["errors"][0]["field"] == "facts.dish.allergens"
    with pytest.raises(InvalidInput, match=r"^facts: Input should be a valid dictionary"):
        build_request("menu_description", [])
    with pytest.raises(InvalidInput, match=r"^variants: "):
        build_request("menu_description", {"dish": {"name": "Causa"}}, variants=0)
    with pytest.raises(InvalidInput, match="use one of: event_concept"):
        build_request("poem", {})


def test_generation__every_backend_builds_it_from_its_drafts_the_same_way() -> None:
    req = _req("menu_description", MenuDescriptionFacts(dish=DishFacts(name="Causa")), "es")
    drafts = [Draft(text="uno", parts={"text": "uno"}, phrasings=["a"]), Draft(text="dos")]
    gen = Generation.from_drafts(drafts, req, "template", warnings=["w", "w", "x"])
    assert (gen.text, gen.parts, gen.phrasings, gen.backend) == ("uno", {"text": "uno"}, ["a"],
                                                                 "template")  # fmt: skip
    assert [d.text for d in gen.drafts()] == ["uno", "dos"] and gen.warnings == ["w", "x"]
    with pytest.raises(ValueError, match="at least one draft"):
        Generation.from_drafts([], req, "template")


@pytest.fixture
def leaky_kind() -> Iterator[str]:
    """A kind whose phrase bank is broken: it writes an allergy the facts do not give."""

    def compose(facts: MenuDescriptionFacts, picker: object) -> Composition:
        return Composition(parts={"text": f"{facts.dish.name}: Rosa es alérgica a los mariscos."})

    register_kind(KindSpec(name="test_leaky", facts=MenuDescriptionFacts, compose=compose,
                           parts=("text",), brief={"es": "-", "en": "-"}))  # fmt: skip
    yield "test_leaky"
    del registry._KINDS["test_leaky"]


def test_template__a_grounding_bug_is_logged_as_counts_never_quoted(
    leaky_kind: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    facts = MenuDescriptionFacts(dish=DishFacts(name="Causa limeña"))
    out = GEN.generate(GenerationRequest(kind=leaky_kind, facts=facts))
    assert any("mariscos" in w for w in out.warnings)  # the caller sees the reason
    assert "1 violation (allergen 1)" in caplog.text
    assert "mariscos" not in caplog.text and "Rosa" not in caplog.text


def test_cooking__boiling_describes_only_dishes_made_by_boiling(kb: KnowledgeBase) -> None:
    """A causa's potatoes are boiled; the causa is assembled ("armada al momento"), never
    "sale en cocción suave". A dish made only by boiling reads "en olla"."""
    causa = MenuDescriptionFacts(dish=DishFacts.from_kb("causa_limena", kb=kb))
    texts = [GEN.generate(_req("menu_description", causa, lang, seed=s)).text
             for s in range(40) for lang in ("es", "en")]  # fmt: skip
    assert not [t for t in texts if re.search(r"cocción|olla|simmer|sancoch", t)]
    assert any("armada al momento" in t for t in texts)
    chicha = MenuDescriptionFacts(dish=DishFacts.from_kb("chicha_morada", kb=kb))
    spanish = [GEN.generate(_req("menu_description", chicha, "es", seed=s)).text for s in range(40)]
    assert any("en olla" in t for t in spanish)
    assert not [t for t in spanish if "cocción suave" in t or "Sale en" in t]


def test_singular__one_rule_for_the_grammar_and_the_grounding_check() -> None:
    from sazon.generate import grammar, grounding_lexicon

    assert grounding_lexicon.singular_es is grammar.singular_es
    assert [grammar.singular_es(w) for w in ("anticuchos", "nueces", "picarones", "gas")] == [
        "anticucho", "nuez", "picaron", "gas"]  # fmt: skip
    facts = MenuDescriptionFacts(dish=DishFacts(name="Anticucho de corazón", price_pen=30))
    assert check_grounding("Anticuchos de corazón, S/ 30.00.", facts).ok
