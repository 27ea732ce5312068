"""Wine profiles: what the list leaves out is inferred from grape, style, name and region."""

from __future__ import annotations

import pytest

from sazon.knowledge import KnowledgeBase
from sazon.pairing import WineInput, build_wine_profile
from sazon.pairing.wine_profile import climate_of, find_grape, grapes


def wine(name: str, *grape_names: str, **kw: object) -> WineInput:
    return WineInput(wine_id="w", name=name, grapes=list(grape_names), **kw)  # type: ignore[arg-type]


REQUIRED = (
    "Sauvignon Blanc", "Chardonnay", "Malbec", "Tannat", "Syrah", "Cabernet Sauvignon",
    "Pinot Noir", "Torontel", "Quebranta", "Albilla", "Moscatel", "Tempranillo", "Riesling",
    "Gewürztraminer", "Carménère", "Bonarda", "Garnacha", "Albariño", "Verdejo",
)  # fmt: skip


@pytest.mark.parametrize("name", REQUIRED)
def test_grapes__the_table_knows_the_usual_grapes(name: str) -> None:
    g = find_grape(name)
    assert g is not None and g.name == name


@pytest.mark.parametrize(
    ("written", "grape"),
    [("Shiraz", "Syrah"), ("Alvarinho", "Albariño"), ("carmenere", "Carménère"),
     ("Sauvignon Blan", "Sauvignon Blanc"), ("Tinta Roriz", "Tempranillo"),
     ("País", "Negra Criolla"), ("Muscat/Moscato", "Moscatel")],
)  # fmt: skip
def test_grapes__synonyms_and_typos(written: str, grape: str) -> None:
    g = find_grape(written)
    assert g is not None and g.name == grape


def test_defaults__from_the_grape_with_the_source_recorded() -> None:
    tannat = build_wine_profile(wine("Tannat Reserva", "Tannat"))
    sb = build_wine_profile(wine("Sauvignon Blanc", "Sauvignon Blanc"))
    assert tannat.color == "red" and tannat.tannin == 5 and tannat.body >= 4
    assert tannat.inferred["tannin"] == "grape:Tannat"
    assert sb.color == "white" and sb.acidity >= 4 and sb.tannin == 0


def test_defaults__given_values_are_never_overridden() -> None:
    w = build_wine_profile(wine("Malbec ligero", "Malbec", body=2, tannin=1, alcohol=12.0))
    assert (w.body, w.tannin, w.alcohol) == (2, 1, 12.0)
    assert w.inferred["body"] == w.inferred["tannin"] == "given"


def test_defaults__cool_regions_keep_acidity_warm_ones_add_body() -> None:
    cool = build_wine_profile(wine("SB", "Sauvignon Blanc", region="Casablanca"))
    warm = build_wine_profile(wine("SB", "Sauvignon Blanc", region="Mendoza"))
    assert cool.acidity > warm.acidity and cool.body < warm.body
    assert cool.inferred["acidity"] == "region:cool"
    assert climate_of("Valle de Leyda") == "cool" and climate_of("Ica") == "warm"
    assert climate_of("Somewhere unknown") is None


@pytest.mark.parametrize(
    ("name", "grape_names", "style", "color", "sweet_range"),
    [
        ("Tacama Espumante Brut", ["Chardonnay"], "sparkling", "white", (1, 1)),
        ("Baron B Brut Nature", ["Chardonnay", "Pinot Noir"], "sparkling", "white", (0, 0)),
        ("Espumante Demi-Sec", ["Moscatel"], "sparkling", "white", (3, 3)),
        ("Late Harvest Sauvignon Blanc", ["Sauvignon Blanc"], "still", "white", (4, 4)),
        ("Cosecha Tardía", ["Torrontés"], "still", "white", (4, 4)),
        ("Pisco Quebranta", ["Quebranta"], "pisco", "clear", (0, 0)),
        ("10 Year Old Tawny Port", ["Touriga Nacional"], "fortified", "amber", (4, 4)),
        ("Tío Pepe Fino", ["Palomino"], "fortified", "white", (0, 0)),
        ("Moscato d'Asti", ["Moscato Bianco"], "sparkling", "white", (4, 4)),
        ("Borgoña", ["Isabella"], "still", "red", (4, 4)),
        ("Malbec Rosé", ["Malbec"], "still", "rose", (0, 1)),
        ("Junmai", ["Rice"], "sake", "clear", (0, 1.5)),
        ("Ron Añejo", [], "spirit", "dark", (0, 1)),
    ],
)
def test_defaults__style_colour_and_sweetness_from_the_name(
    name: str, grape_names: list[str], style: str, color: str, sweet_range: tuple[float, float]
) -> None:
    w = build_wine_profile(wine(name, *grape_names))
    assert (w.style, w.color) == (style, color)
    assert sweet_range[0] <= w.sweetness <= sweet_range[1]


def test_defaults__style_reshapes_structure() -> None:
    rose = build_wine_profile(wine("Malbec Rosé", "Malbec"))
    brut = build_wine_profile(wine("Cava Brut", "Macabeo", region="Penedès"))
    pisco = build_wine_profile(wine("Pisco Italia", "Italia"))
    fino = build_wine_profile(wine("Fino", "Palomino", region="Jerez"))
    crianza = build_wine_profile(wine("Rioja Crianza", "Tempranillo"))
    assert rose.tannin <= 1 and rose.oak == 0
    assert brut.tannin == 0 and brut.acidity >= 4
    assert pisco.alcohol == 42 and "floral" in pisco.aromas  # an aromatic grape
    assert fino.alcohol == 15 and fino.sweetness == 0 and "nutty" in fino.aromas
    assert crianza.oak == 3 and crianza.inferred["oak"] == "name:crianza"


def test_defaults__a_bare_name_still_gets_a_complete_profile() -> None:
    w = build_wine_profile(wine("Vino de la casa"))
    assert w.inferred["color"] == "default" and w.color == "red"
    assert all(getattr(w, a) is not None for a in ("body", "acidity", "tannin", "alcohol"))


def test_defaults__close_to_the_knowledge_base_when_attributes_are_blanked(
    kb: KnowledgeBase,
) -> None:
    """The knowledge base's 179 wines, with only name, region and grapes: how close is it?"""
    errors: dict[str, list[float]] = {a: [] for a in ("sweetness", "body", "acidity", "tannin")}
    style_colour = 0
    for w in kb.wines.values():
        p = build_wine_profile(
            WineInput(wine_id=w.id, name=w.name, region=w.region, grapes=list(w.grapes))
        )
        style_colour += (p.style, p.color) == (w.style, w.color)
        for a, found in errors.items():
            found.append(abs(getattr(p, a) - getattr(w, a)))
    n = len(kb.wines)
    assert style_colour / n >= 0.97
    assert sum(errors["sweetness"]) / n <= 0.35
    assert sum(errors["body"]) / n <= 0.65
    assert sum(errors["acidity"]) / n <= 0.35
    assert sum(errors["tannin"]) / n <= 0.25


def test_grapes__every_grape_on_the_knowledge_base_list_resolves(kb: KnowledgeBase) -> None:
    missing = {g for w in kb.wines.values() for g in w.grapes if find_grape(g) is None}
    assert missing <= {"Grain"}, missing
    assert len({g.name for g in grapes().values()}) >= 80
