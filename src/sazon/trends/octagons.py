"""Peru's front-of-pack warnings for a drink: the "ALTO EN …" octagons of Ley 30021.

The thresholds are those of the law's regulation (DS 017-2017-SA, art. 4, as amended by
DS 012-2018-SA, which also approved the Manual de Advertencias Publicitarias with the
octagon's design) for liquids, per 100 ml, in force since the second phase began on
17 September 2021: total sugar ≥ 5 g, sodium ≥ 100 mg, saturated fat ≥ 3 g; trans fat is
warned whenever the drink contains it ("CONTIENE GRASAS TRANS"). A brief screens the
formulation it suggests, so product development sees the octagons before the lab does.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

# (nutrient, threshold per 100 ml, unit, the octagon's words)
DRINK_LIMITS = (
    ("sugar_g", 5.0, "g", "ALTO EN AZÚCAR"),
    ("sodium_mg", 100.0, "mg", "ALTO EN SODIO"),
    ("saturated_fat_g", 3.0, "g", "ALTO EN GRASAS SATURADAS"),
)
SOURCE = "Ley 30021; DS 017-2017-SA art. 4 modificado por DS 012-2018-SA (2.ª fase, 17/09/2021)"


@dataclass(frozen=True)
class Formulation:
    """What 100 ml of the suggested drink holds."""

    name: str
    sugar_g: float
    sodium_mg: float = 10.0
    saturated_fat_g: float = 0.0
    trans_fat_g: float = 0.0
    sweetened: bool = False  # sweetened without sugar (no octagon in Peru; said in the brief)


@dataclass(frozen=True)
class Screen:
    formulation: Formulation
    octagons: list[str]  # the warnings it would carry, in the law's words
    margins: dict[str, float]  # how far below (−) or above (+) each threshold it is
    source: str = SOURCE

    def to_json(self) -> dict[str, Any]:
        return {**asdict(self), "clean": not self.octagons}

    def sentence(self) -> str:
        f = self.formulation
        if self.octagons:
            return (
                f"Pantalla de octógonos (Ley 30021): «{f.name}» llevaría "
                f"{' y '.join(self.octagons)} ({number(f.sugar_g)} g de azúcar, "
                f"{number(f.sodium_mg)} mg de sodio por 100 ml); reformular bajo 5 g de azúcar "
                "y 100 mg de sodio."
            )
        return (
            f"Pantalla de octógonos (Ley 30021): «{f.name}» ({number(f.sugar_g)} g de azúcar, "
            f"{number(f.sodium_mg)} mg de sodio, {number(f.saturated_fat_g)} g de grasas "
            "saturadas por 100 ml) no llevaría octógonos: umbrales para bebidas de 5 g, 100 mg "
            "y 3 g."
        )


def screen(f: Formulation) -> Screen:
    warnings = []
    margins = {}
    for nutrient, limit, _, words in DRINK_LIMITS:
        value = float(getattr(f, nutrient))
        margins[nutrient] = round(value - limit, 2)
        if value >= limit:
            warnings.append(words)
    if f.trans_fat_g > 0:
        warnings.append("CONTIENE GRASAS TRANS")
    return Screen(f, warnings, margins)


def suggested(term: str, sugar_free: bool) -> Formulation:
    """A starting formulation for a drink of ``term``: zero sugar (sweetened) when the trend
    asks for it, else a lightly sweetened drink at 4.5 g of sugar per 100 ml, under the
    octagon's 5 g."""
    if sugar_free:
        return Formulation(f"bebida {term}", sugar_g=0.0, sweetened=True)
    return Formulation(f"bebida de {term}", sugar_g=4.5)


def number(x: float) -> str:
    """A number as Peru writes it: 4,5."""
    return f"{x:g}".replace(".", ",")
