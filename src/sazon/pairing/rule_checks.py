"""The checks behind the sommelier rules of :mod:`sazon.pairing.rules`, one function per rule.

Each reads a dish profile and a wine profile and returns a :class:`Hit` (a verdict in [-1, 1]
and the parts of the dish and the wine it is about) or nothing when it does not apply. The
small measures they share (the acidity a wine feels, the weight of a dish, the body that
fits it, the sugar a dessert leaves room for) are here too.
"""

from __future__ import annotations

from dataclasses import dataclass

from sazon.pairing.schemas import DishProfile, WineProfile


@dataclass(frozen=True)
class Hit:
    """A rule's verdict: ``value`` in [-1, 1], and the parts of the dish and wine it is about."""

    value: float
    dish_part: str | None = None  # an ingredient id, a flavour or an aroma
    wine_part: str | None = None  # an attribute: acidity, tannin, sweetness, body, bubbles…


def _clip(x: float, lo: float = -1.0, hi: float = 1.0) -> float:
    return max(lo, min(hi, x))


def _source(d: DishProfile, flavour: str) -> str | None:
    found = d.sources.get(flavour) or []
    return found[0] if found else None


def _dessert(d: DishProfile) -> bool:
    return d.has("dessert")


def _savoury(d: DishProfile) -> bool:
    return not _dessert(d) and d.course != "bebida"


def _spirit(w: WineProfile) -> bool:
    return w.style in {"pisco", "spirit", "liqueur"} or w.alcohol >= 22


def _heat(d: DishProfile) -> float:
    """How hot the dish is, 0 (none) to 1 (rocoto's full fire)."""
    return _clip((d.heat - 1.5) / 3.0, 0.0, 1.0)


def _fire(d: DishProfile) -> float:
    """How much of the heat wants cooling, 0 to 1: none of an ají amarillo's warmth (2), all of
    a rocoto's fire (4.5). Alcohol and tannin feel heat sooner (:func:`_heat`)."""
    return _clip((d.heat - 2.0) / 2.5, 0.0, 1.0)


def felt_acidity(w: WineProfile) -> float:
    """The acidity the palate feels: residual sugar rounds it off (a Kabinett's 5 tastes like a
    dry wine's 4¼; a Moscato's 3 barely registers)."""
    return w.acidity - 0.5 * max(0.0, w.sweetness - 1.5)


def acid_with_acid(d: DishProfile, w: WineProfile) -> Hit | None:
    if d.acidity < 2:
        return None
    gap = felt_acidity(w) - d.acidity
    value = _clip((gap + 1.0) / 2.0) * (d.acidity / 5.0)
    return Hit(value, _source(d, "acidity") or "acidity", "acidity")


def sharp_wine_mild_dish(d: DishProfile, w: WineProfile) -> Hit | None:
    if d.acidity >= 2.0 or _dessert(d) or _spirit(w):
        return None
    # Acidity in the food softens the wine's; with none on the plate (a creamy ají sauce, a
    # soy glaze, a tamal) a sharp wine tastes tart and thin, and a rounder one fits.
    mild = (2.0 - d.acidity) / 2.0
    excess = _clip((felt_acidity(w) - 3.0) / 2.0, 0.0, 1.0)
    value = -mild * excess
    return Hit(value, "acidity", "acidity") if value < -0.05 else None


# How much a protein softens tannin: red meat most, seafood hardly (and it clashes, below).
PROTEIN_GRIP = {"red_meat": 1.0, "pork": 0.85, "poultry": 0.65, "seafood": 0.35}


def tannin_fat_protein(d: DishProfile, w: WineProfile) -> Hit | None:
    richness = 0.5 * d.fat / 5.0 + 0.5 * d.weight / 5.0
    protein = max((v for k, v in PROTEIN_GRIP.items() if d.has(k)), default=0.4)
    need = richness * protein * (0.8 if d.course == "sopa" else 1.0)
    # The tannin the dish can take: a rich red-meat stew about 4, a chicken about 2. Up to that
    # level tannin is welcome; beyond it, it dries and rasps.
    ideal = 4.5 * need
    if w.tannin < 1.5:
        # Red meat wants some grip: beside a rich beef or lamb dish a wine with no tannin at
        # all tastes thin (a rosé's touch is enough; pork and poultry do not ask for it).
        if not d.has("red_meat"):
            return None
        lack = _clip((ideal - 2.5 - w.tannin) / 3.0, 0.0, 0.5)
        return Hit(-lack, d.main or "fat", "tannin") if lack > 0 else None
    value = _clip(min(w.tannin, ideal) / 2.5 - max(0.0, w.tannin - ideal) / 1.5)
    return Hit(value, d.main or "fat", "tannin")


def heat_off_dry_low_alcohol(d: DishProfile, w: WineProfile) -> Hit | None:
    h = _heat(d)
    if h <= 0:
        return None
    # Off-dry (2–3) cools best; a dry wine does not, and a dessert-sweet wine is too much for
    # a savoury plate. A light, low-alcohol wine cools a little on its own. Sugar is worth what
    # there is to cool (a gentle warmth needs none); alcohol burns with any heat.
    relief = _clip((w.sweetness - 1.0) / 2.0, 0.0, 1.0) - _clip(w.sweetness - 3.0, 0.0, 1.0)
    if w.alcohol <= 11.5:
        relief = max(relief, 0.4)
    burn = _clip((w.alcohol - 12.5) / 2.5, 0.0, 1.0)
    value = _clip(_fire(d) * relief - h * burn)
    part = "sweetness" if w.sweetness >= 1.5 and relief >= burn else "alcohol"
    return Hit(value, _source(d, "heat") or "heat", part)


def _grip(w: WineProfile) -> float:
    """How much a wine fights chilli: tannin and oak, or alcohol, 0 to 1."""
    tannic = _clip((w.tannin + 0.6 * w.oak - 1.5) / 3.0, 0.0, 1.0)
    return max(tannic, _clip((w.alcohol - 12.5) / 2.5, 0.0, 1.0))


def heat_vs_tannin_oak(d: DishProfile, w: WineProfile) -> Hit | None:
    h = _heat(d)
    grip = _clip((w.tannin + 0.6 * w.oak - 1.5) / 3.0, 0.0, 1.0)
    if h <= 0 or grip <= 0:
        return None
    return Hit(-h * grip, _source(d, "heat") or "heat", "tannin" if w.tannin >= 2 else "oak")


def _sweet_savoury(d: DishProfile) -> bool:
    return _savoury(d) and (d.has("sweet_sour") or d.sweetness >= 3.5)


def dessert_sweeter(d: DishProfile, w: WineProfile) -> Hit | None:
    if _dessert(d):
        deficit = d.sweetness - 1.0 - w.sweetness  # a point of tolerance: 5 is where it ends
        value = 1.0 if deficit <= 0 else _clip(-deficit / 2.0)
        return Hit(value, _source(d, "sweetness") or "sweetness", "sweetness")
    if not _sweet_savoury(d):
        return None
    # A sweet-and-sour sauce (maracuyá, tamarindo, tipakay) is sugar balanced by acid on a
    # savoury plate: it wants a touch of sugar up to off-dry, never a dessert wine. The least
    # sugar it wants grows with the sauce's; at its sweetest a dry wine tastes thin.
    least = _clip(d.sweetness - 1.5, 0.5, 2.0)
    if w.sweetness < least:
        value = _clip(1.0 - (least - w.sweetness) / 1.5)
    elif w.sweetness <= 3.0:
        value = 1.0
    else:
        value = _clip(1.0 - 2.0 * (w.sweetness - 3.0))
    return Hit(0.75 * value, _source(d, "sweetness") or "sweetness", "sweetness")


def sugar_room(d: DishProfile) -> float:
    """How sweet a wine a savoury dish can carry, on the wine's 0–5 scale: a dry wine's touch
    (1.5) always, more in proportion to its heat, its salt and its own sweetness, and never
    more than off-dry (3): past that the wine is a dessert wine."""
    room = 1.5 + 1.5 * _fire(d)
    room += _clip((d.salt - 2.0) / 3.0, 0.0, 1.0)
    room += _clip(d.sweetness - 2.0, 0.0, 1.5)
    return min(room, 3.0)


def sweet_wine_savoury(d: DishProfile, w: WineProfile) -> Hit | None:
    if not _savoury(d) or w.sweetness < 1.5:
        return None
    # Acidity hides sugar: a Kabinett or a limonada tastes less sweet than its sugar says. It
    # does not turn a dessert wine into an off-dry one, though.
    felt = w.sweetness - min(0.5, 0.25 * max(0.0, w.acidity - 3.0))
    excess = max(felt - sugar_room(d), w.sweetness - 3.0)
    value = -_clip(excess / 2.5, 0.0, 1.0)
    return Hit(value, None, "sweetness") if value < 0 else None


def fried_bubbles_acid(d: DishProfile, w: WineProfile) -> Hit | None:
    if not d.has("fried"):
        return None
    bubbles = 1.0 if w.style == "sparkling" else 0.0
    sharp = _clip((w.acidity - 3.0) / 2.0)
    saline = 0.6 if w.style == "fortified" and w.sweetness <= 1 and w.body <= 2 else 0.0
    value = _clip(0.55 * bubbles + 0.45 * sharp + saline)
    if value <= 0 and w.acidity >= 3:
        return None
    part = "bubbles" if bubbles else ("saline" if saline else "acidity")
    return Hit(value, d.main or "fat", part)


def dish_weight(d: DishProfile) -> float:
    """The weight a wine must answer: for a dessert its sugar and cream count as much as its
    ingredients' bulk (a suspiro is rich, not light)."""
    if _dessert(d):
        return max(d.weight, (d.sweetness + d.fat) / 2.0)
    return d.weight


def body_for(weight: float) -> float:
    """The wine body that answers a dish's weight. The dish scale counts what fills the plate
    (rice, potatoes, beans); from a medium dish up the wine that feels its equal sits half a
    point lower. The wine scale starts at 1, so the light end is folded onto it: the lightest
    dishes want a light wine (1.5–2), not the thinnest bottle on the list."""
    return max(weight - 0.5, 1.0 + 0.5 * weight)


def weight_matches_body(d: DishProfile, w: WineProfile) -> Hit | None:
    if _spirit(w):
        return None
    target = body_for(dish_weight(d))
    gap = abs(target - w.body)
    if w.body < target and w.color != "red":
        # acidity (as the palate feels it) carries a lighter white
        gap = max(0.0, gap - 0.3 * max(0.0, felt_acidity(w) - 3.0))
    value = _clip(1.0 - gap / 1.5)
    # With chilli on the plate the heat decides: a good match of body counts for less (a bad
    # one still counts in full, so more heat never helps a wine that is too big).
    if value > 0:
        value *= 1.0 - 0.5 * _heat(d)
    return Hit(value, d.main, "body")


def umami_raw_fish_tannin(d: DishProfile, w: WineProfile) -> Hit | None:
    if not d.has("seafood") or w.tannin < 1.5:
        return None
    exposure = 1.0 if d.has("raw_seafood") else 0.7
    exposure += 0.2 if d.umami >= 3.5 else 0.0
    value = -_clip(exposure * (w.tannin - 1.0) / 3.0, 0.0, 1.0)
    return Hit(value, d.main, "tannin")


def salt_likes_acid_sweet(d: DishProfile, w: WineProfile) -> Hit | None:
    if d.salt < 3 or _spirit(w):
        return None
    s = (d.salt - 2.0) / 3.0
    sharp = _clip((w.acidity - 3.0) / 2.0)
    touch = _clip((w.sweetness - 1.0) / 2.0, 0.0, 1.0)
    bubbles = 0.3 if w.style == "sparkling" else 0.0
    value = _clip(s * (0.6 * sharp + 0.4 * touch + bubbles))
    if abs(value) < 0.05:
        return None
    return Hit(value, _source(d, "salt") or "salt", "sweetness" if touch > sharp else "acidity")


# Which wine aromas answer which dish aromas (1.0 the same, less for relatives).
BRIDGES: dict[str, dict[str, float]] = {
    "citrus": {"citrus": 1.0, "tropical": 0.4, "green_fruit": 0.4},
    "herbal": {"herbal": 1.0, "grassy": 0.8, "anise": 0.5},
    "grassy": {"grassy": 1.0, "herbal": 0.8},
    "vegetal": {"grassy": 0.7, "herbal": 0.6},
    "smoky": {"smoky": 1.0, "toasty": 0.7, "woody": 0.6, "peppery": 0.3},
    "toasty": {"toasty": 1.0, "smoky": 0.6, "nutty": 0.5, "woody": 0.4},
    "tropical": {"tropical": 1.0, "citrus": 0.4, "stone_fruit": 0.5, "floral": 0.3},
    "earthy": {"earthy": 1.0, "mushroom": 0.8, "mineral": 0.3},
    "mushroom": {"mushroom": 1.0, "earthy": 0.8},
    "peppery": {"peppery": 1.0, "warm_spice": 0.6},
    "warm_spice": {"warm_spice": 1.0, "peppery": 0.5, "vanilla": 0.3},
    "creamy": {"creamy": 1.0, "buttery": 0.8, "vanilla": 0.3},
    "buttery": {"buttery": 1.0, "creamy": 0.8},
    "marine": {"marine": 1.0, "mineral": 0.7},
    "mineral": {"mineral": 1.0, "marine": 0.6},
    "red_fruit": {"red_fruit": 1.0, "black_fruit": 0.5},
    "black_fruit": {"black_fruit": 1.0, "red_fruit": 0.5, "dried_fruit": 0.4},
    "dried_fruit": {"dried_fruit": 1.0, "black_fruit": 0.4, "caramel": 0.4},
    "caramel": {"caramel": 1.0, "honeyed": 0.6, "dried_fruit": 0.5, "nutty": 0.4},
    "nutty": {"nutty": 1.0, "toasty": 0.5, "caramel": 0.4},
    "floral": {"floral": 1.0},
    "anise": {"anise": 1.0, "herbal": 0.5},
    "chocolate": {"chocolate": 1.0, "coffee": 0.6, "black_fruit": 0.4},
    "coffee": {"coffee": 1.0, "chocolate": 0.6, "toasty": 0.4},
    "vanilla": {"vanilla": 1.0, "caramel": 0.5},
    "honeyed": {"honeyed": 1.0, "caramel": 0.5, "floral": 0.4},
    "stone_fruit": {"stone_fruit": 1.0, "tropical": 0.5},
    "green_fruit": {"green_fruit": 1.0, "citrus": 0.4},
    "fermented": {"fermented": 0.8, "nutty": 0.3, "creamy": 0.3},
}


def _wine_aroma_strength(w: WineProfile) -> dict[str, float]:
    strength = {a: (1.0, 0.8, 0.65, 0.5, 0.4)[min(i, 4)] for i, a in enumerate(w.aromas)}
    if w.oak >= 2.5:
        for a in ("vanilla", "toasty", "woody"):
            strength.setdefault(a, 0.4)
    return strength


def aromatic_bridge(d: DishProfile, w: WineProfile) -> Hit | None:
    wine = _wine_aroma_strength(w)
    grip = _grip(w)
    matches: list[tuple[float, str, str]] = []
    for aroma, strength in d.aromas.items():
        # The chilli's own fruit is lost on a wine that fights it (tannic, oaky or hot).
        ds = max(0.0, strength - grip * d.chili_aromas.get(aroma, 0.0))
        found = [
            (ds * wine[wa] * affinity, aroma, wa)
            for wa, affinity in BRIDGES.get(aroma, {}).items()
            if wa in wine
        ]
        if found:
            matches.append(max(found))
    matches.sort(reverse=True)
    if not matches:
        return None
    # The clearest echo counts; a second one helps; a crowd of faint ones does not.
    value = matches[0][0] + (0.5 * matches[1][0] if len(matches) > 1 else 0.0)
    if value < 0.15:
        return None
    return Hit(_clip(value, 0.0, 1.0), f"aroma:{matches[0][1]}", f"aroma:{matches[0][2]}")


def acid_cuts_fat(d: DishProfile, w: WineProfile) -> Hit | None:
    if d.fat < 3 or _spirit(w):
        return None
    richness = (d.fat - 2.0) / 3.0
    sharp = _clip((w.acidity - 3.0) / 2.0)
    bubbles = 1.0 if w.style == "sparkling" else 0.0
    value = _clip(richness * (0.6 * sharp + 0.4 * bubbles))
    if abs(value) < 0.05:
        return None
    return Hit(value, _source(d, "fat") or d.main, "bubbles" if bubbles else "acidity")


def creamy_round_white(d: DishProfile, w: WineProfile) -> Hit | None:
    cream = max(d.aromas.get("creamy", 0.0), d.aromas.get("buttery", 0.0))
    if not d.has("creamy") and cream < 0.4:
        return None
    if w.color not in {"white", "orange", "amber"} or w.style not in {"still", "fortified"}:
        return None
    roundness = _clip((w.body - 2.0) / 2.0, 0.0, 1.0) + (0.3 if w.oak >= 1.5 else 0.0)
    roundness += 0.3 if {"buttery", "creamy"} & set(w.aromas) else 0.0
    value = _clip(max(cream, 0.5) * roundness, 0.0, 1.0)
    return Hit(value, _source(d, "fat") or "creamy", "body") if value > 0.05 else None


def bitterness_tannin(d: DishProfile, w: WineProfile) -> Hit | None:
    if d.bitterness < 2 or w.tannin < 2:
        return None
    value = -_clip((d.bitterness - 1.5) / 3.0 * (w.tannin / 5.0), 0.0, 1.0)
    return Hit(value, _source(d, "bitterness"), "tannin")


def spirits_aside(d: DishProfile, w: WineProfile) -> Hit | None:
    if _spirit(w):
        return Hit(-0.5 if _dessert(d) else -1.0, None, "alcohol")
    if _savoury(d) and w.alcohol > 16:
        return Hit(-_clip((w.alcohol - 16.0) / 6.0, 0.0, 1.0), None, "alcohol")
    return None


def oak_smothers_delicate(d: DishProfile, w: WineProfile) -> Hit | None:
    if w.oak < 2.5:
        return None
    delicate = 1.0 if d.has("raw") or d.has("cured") else 0.0
    delicate = max(delicate, _clip((2.5 - d.weight) / 1.5, 0.0, 1.0))
    if d.has("seafood"):
        delicate = max(delicate, 0.5)
    if d.has("grilled") or d.has("roasted") or d.aromas.get("smoky", 0.0) >= 0.5:
        delicate *= 0.3
    if delicate <= 0:
        return None
    return Hit(-_clip(delicate * (w.oak - 2.0) / 3.0, 0.0, 1.0), d.main, "oak")


def dry_wine_dessert_tannin(d: DishProfile, w: WineProfile) -> Hit | None:
    if not (_dessert(d) or _sweet_savoury(d)) or w.tannin < 2 or w.sweetness >= 3.5:
        return None
    share = 1.0 if _dessert(d) else 0.7
    return Hit(-share * _clip(w.tannin / 4.0, 0.0, 1.0), _source(d, "sweetness"), "tannin")
