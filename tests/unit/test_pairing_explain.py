"""Explanations in Spanish (es-PE) and English: they name what meets, with correct grammar."""

from __future__ import annotations

import re

import pytest

from sazon.knowledge import KnowledgeBase, load_knowledge
from sazon.pairing import DishInput, WineInput, suggest
from sazon.pairing.explain import wine_ref
from sazon.pairing.spanish import article, de, with_article
from sazon.pairing.training import kb_dish, kb_wine

KB = load_knowledge()
SB = WineInput(wine_id="sb", name="Intipalka Sauvignon Blanc", grapes=["Sauvignon Blanc"],
               acidity=4, body=2, sweetness=0)  # fmt: skip
KABINETT = WineInput(wine_id="rk", name="Riesling Kabinett", grapes=["Riesling"], sweetness=3,
                     acidity=5, body=1, alcohol=8.5)  # fmt: skip
TANNAT = WineInput(wine_id="tn", name="Tannat", grapes=["Tannat"], alcohol=14.5)


def why(dish: DishInput, wines: list[WineInput], lang: str = "es", top: int = 1) -> list[str]:
    [pairing] = suggest([dish], wines, top=top, lang=lang, kb=KB)  # type: ignore[arg-type]
    return [s.why for s in pairing.suggestions]


CEVICHE = DishInput(dish_id="c", name="Ceviche de corvina", course="entrada",
                    ingredients=["corvina", "limón", "cebolla roja", "sal"])  # fmt: skip
ROCOTO = DishInput(dish_id="r", name="Rocoto relleno", course="fondo",
                   ingredients=["rocoto", "carne molida de res", "queso fresco"])  # fmt: skip


def test_explain__spanish_names_the_acidity_and_the_lime() -> None:
    [text] = why(CEVICHE, [SB, TANNAT])
    assert "La acidez alta del Sauvignon Blanc acompaña el limón del ceviche de corvina." in text


def test_explain__english_off_dry_riesling_cools_the_rocoto() -> None:
    [text] = why(ROCOTO, [KABINETT, TANNAT], lang="en")
    assert "The off-dry Riesling cools the rocoto pepper's heat." in text


def test_explain__a_warning_for_a_clash_when_it_is_shown() -> None:
    [_, text] = why(CEVICHE, [SB, TANNAT], top=2)
    assert "Ojo:" in text and "metálico" in text


@pytest.mark.parametrize(
    ("noun", "expected"),
    [("limón", "el"), ("sal", "la"), ("ají amarillo", "el"), ("maní", "el"), ("leche", "la"),
     ("carne de res", "la"), ("choros", "los"), ("pasas", "las"), ("agua de cebada", "el"),
     ("haba verde", "el"), ("infusión de muña", "la"), ("taninos", "los"), ("acidez", "la"),
     ("causa limeña", "la"), ("anticuchos", "los"), ("tres leches", "el"), ("pachamanca", "la"),
     ("tacu tacu", "el"), ("suspiro a la limeña", "el"), ("picarones", "los")],
)  # fmt: skip
def test_spanish__articles(noun: str, expected: str) -> None:
    assert article(noun) == expected


def test_spanish__contractions() -> None:
    assert de(with_article("limón")) == "del limón"
    assert de(with_article("causa")) == "de la causa"
    assert de(with_article("agua de cebada")) == "del agua de cebada"


@pytest.mark.parametrize(
    ("wine", "es", "en"),
    [
        ("tio_pepe_fino", "el fino", "the fino"),
        ("la_gitana_manzanilla", "la manzanilla", "the manzanilla"),
        ("grahams_six_grapes_ruby", "el oporto", "the port"),
        ("chandon_extra_brut", "el espumante", "the sparkling wine"),
        ("freixenet_cordon_negro_brut", "el cava", "the cava"),
        ("catena_malbec", "el Malbec", "the Malbec"),
        ("william_fevre_chablis", "el Chablis", "the Chablis"),
        ("queirolo_pisco_quebranta", "el pisco", "the pisco"),
        ("tabernero_borgona", "el borgoña", "the Borgoña"),
    ],
)
def test_explain__a_sommelier_names_the_wine(wine: str, es: str, en: str) -> None:
    from sazon.pairing import build_wine_profile

    profile = build_wine_profile(kb_wine(KB.wines[wine]))
    assert wine_ref(profile, "es") == es and wine_ref(profile, "en") == en


def test_explain__feminine_wine_gets_feminine_adjectives(kb: KnowledgeBase) -> None:
    suspiro = kb_dish(kb.dishes["suspiro_a_la_limena"])
    [pairing] = suggest([suspiro], [kb_wine(kb.wines["la_gitana_manzanilla"])], kb=kb)
    texts = " ".join(r.text for r in pairing.suggestions[0].reasons)
    assert "la manzanilla es más seca que" in texts


BAD_GRAMMAR = re.compile(r"\b(de el|a el|del la|del los|del las|de los el|la [a-z]+ del el)\b")


@pytest.mark.parametrize("lang", ["es", "en"])
def test_explain__every_dish_every_style_is_explained_cleanly(lang: str, kb: KnowledgeBase) -> None:
    wines = [kb_wine(w) for w in list(kb.wines.values())[::6]]
    dishes = [kb_dish(x) for x in kb.dishes.values() if x.course != "bebida"]
    for pairing in suggest(dishes, wines, top=3, lang=lang, kb=kb):  # type: ignore[arg-type]
        assert pairing.suggestions
        for s in pairing.suggestions:
            assert s.why.strip(), (pairing.dish, s.name)
            for sentence in re.split(r"(?<=\.) ", s.why):
                assert sentence[0].isupper() and sentence.endswith("."), sentence
            assert not BAD_GRAMMAR.search(s.why.lower()), s.why
            if lang == "en":
                assert "Ojo" not in s.why and " del " not in s.why
            else:
                assert "Careful" not in s.why
