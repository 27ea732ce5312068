"""A bottle's full structure from whatever the list says, inferring what it leaves out.

A wine list often gives a name, a grape and a price, nothing more. The missing attributes are
filled in this order, and ``WineProfile.inferred`` records where each one came from:

1. what the list says (never overridden);
2. words in the name: "Brut Nature", "Demi-Sec", "Late Harvest", "Crianza", "Rosé",
   "Tawny", "Fino", "Pisco", "Borgoña"…;
3. the grapes (``data/grapes.csv``: the typical structure of a dry varietal wine), the first
   grape counting most in a blend;
4. the style (sparkling, fortified, pisco, sake…) and colour, which reshape the grape's
   structure (a rosé keeps the fruit but loses the tannin; a sparkling wine is lean and sharp);
5. the region's climate (``data/regions.csv``): cool regions keep acidity, warm ones add body.

Inference codes in ``inferred``: ``given``, ``name:<word>``, ``grape:<grape>``,
``style:<style>``, ``color:<color>``, ``region:cool|warm``, ``default``.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

from rapidfuzz import fuzz, process

from sazon.knowledge import fold
from sazon.pairing.schemas import WineInput, WineProfile

STRUCTURE = ("sweetness", "body", "acidity", "tannin", "oak", "alcohol")
AROMATIC_PISCO_GRAPES = frozenset({"Italia", "Torontel", "Moscatel", "Albilla"})


@dataclass(frozen=True)
class Grape:
    name: str
    synonyms: tuple[str, ...]
    color: str
    body: float
    acidity: float
    tannin: float
    sweetness: float
    oak: float
    alcohol: float
    aromas: tuple[str, ...]
    style: str | None


@cache
def grapes() -> dict[str, Grape]:
    """Folded grape name or synonym → grape (read once)."""
    text = resources.files("sazon.pairing").joinpath("data", "grapes.csv").read_text("utf-8")
    index: dict[str, Grape] = {}
    for r in csv.DictReader(text.splitlines()):
        g = Grape(
            name=r["grape"],
            synonyms=tuple(s for s in r["synonyms"].split("|") if s),
            color=r["color"],
            body=float(r["body"]),
            acidity=float(r["acidity"]),
            tannin=float(r["tannin"]),
            sweetness=float(r["sweetness"]),
            oak=float(r["oak"]),
            alcohol=float(r["alcohol"]),
            aromas=tuple(a for a in r["aromas"].split("|") if a),
            style=r["style"] or None,
        )
        for key in (g.name, *g.synonyms):
            index.setdefault(fold(key), g)
    return index


def find_grape(written: str) -> Grape | None:
    """A grape by name or synonym ("Shiraz", "Alvarinho", "carmenere"), fuzzy as a last try."""
    key = fold(written)
    table = grapes()
    if key in table:
        return table[key]
    if len(key) < 5:
        return None
    best = process.extractOne(key, list(table), scorer=fuzz.ratio, score_cutoff=88)
    return table[best[0]] if best else None


@cache
def _climates() -> tuple[tuple[str, str], ...]:
    text = resources.files("sazon.pairing").joinpath("data", "regions.csv").read_text("utf-8")
    rows = [(fold(r["keyword"]), r["climate"]) for r in csv.DictReader(text.splitlines())]
    return tuple(sorted(rows, key=lambda kv: -len(kv[0])))


def climate_of(region: str | None) -> str | None:
    """``cool`` or ``warm`` for a region we know ("Casablanca" → cool), else None."""
    if not region:
        return None
    text = fold(region)
    for keyword, climate in _climates():
        if re.search(rf"(?<![a-z]){re.escape(keyword)}(?![a-z])", text):
            return climate
    return None


def _has(text: str, *words: str) -> str | None:
    for w in words:
        if re.search(rf"(?<![a-z0-9]){re.escape(w)}(?![a-z0-9])", text):
            return w
    return None


_STYLE_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("pisco", ("pisco", "mosto verde", "acholado")),
    ("sake", ("sake", "junmai", "ginjo", "daiginjo", "nihonshu")),
    ("liqueur", ("licor", "liqueur", "kahlua", "amaretto")),
    ("spirit", ("ron", "rum", "whisky", "whiskey", "gin", "vodka", "tequila", "mezcal", "singani",
                "cognac", "brandy", "aguardiente", "grappa")),
    ("fortified", ("oporto", "porto", "port", "tawny", "jerez", "sherry", "fino", "manzanilla",
                   "amontillado", "oloroso", "palo cortado", "pedro ximenez", "madeira", "marsala",
                   "perfecto amor", "banyuls", "vermut", "vermouth", "moscatel de setubal")),
    ("sparkling", ("espumante", "espumoso", "sparkling", "brut", "champagne", "champana",
                   "cava", "prosecco", "cremant", "spumante", "frizzante", "moscato d asti",
                   "asti", "lambrusco", "sekt", "franciacorta", "pet nat", "extra dry")),
)  # fmt: skip
_STYLE_ALIASES = {
    "still": "still", "tranquilo": "still", "sparkling": "sparkling", "espumante": "sparkling",
    "espumoso": "sparkling", "fortified": "fortified", "generoso": "fortified",
    "fortificado": "fortified", "pisco": "pisco", "spirit": "spirit", "destilado": "spirit",
    "liqueur": "liqueur", "licor": "liqueur", "sake": "sake", "dessert": "still",
    "postre": "still",
}  # fmt: skip
_COLOR_ALIASES = {
    "red": "red", "tinto": "red", "rojo": "red", "white": "white", "blanco": "white",
    "rose": "rose", "rosé": "rose", "rosado": "rose", "orange": "orange", "naranjo": "orange",
    "amber": "amber", "ambar": "amber", "ámbar": "amber", "clear": "clear",
    "transparente": "clear", "dark": "dark", "oscuro": "dark",
}  # fmt: skip
_SWEETNESS_WORDS: tuple[tuple[str, float], ...] = (
    ("brut nature", 0), ("nature", 0), ("zero dosage", 0), ("extra brut", 0), ("brut", 1),
    ("extra dry", 2), ("extra seco", 2), ("demi sec", 3), ("semi seco", 3), ("semiseco", 3),
    ("semi dulce", 3), ("semidulce", 3), ("off dry", 2), ("medium sweet", 3), ("abboccato", 3),
    ("kabinett", 2), ("spatlese", 3), ("auslese", 4), ("beerenauslese", 5),
    ("trockenbeerenauslese", 5), ("late harvest", 4), ("cosecha tardia", 4),
    ("vendange tardive", 4), ("sauternes", 5), ("tokaji", 4), ("ice wine", 5), ("eiswein", 5),
    ("moscato d asti", 4), ("asti", 4), ("pedro ximenez", 5), ("cream", 4), ("tawny", 4),
    ("ruby", 4), ("oporto", 4), ("porto", 4), ("port", 4), ("perfecto amor", 4), ("borgoña", 4),
    ("dulce", 4), ("doux", 4), ("sweet", 4), ("dessert", 4), ("fino", 0), ("manzanilla", 0),
    ("amontillado", 0), ("oloroso", 1), ("trocken", 0), ("seco", 1), ("dry", 1), ("sec", 3),
)  # fmt: skip
_OAK_WORDS: tuple[tuple[str, float], ...] = (
    ("gran reserva", 4), ("reserva", 3), ("crianza", 3), ("roble", 3), ("oak", 3),
    ("barrica", 3), ("barrel", 3), ("fut de chene", 3), ("reserve", 2), ("joven", 0),
    ("unoaked", 0), ("sin madera", 0), ("tawny", 3), ("amontillado", 3), ("oloroso", 3),
)  # fmt: skip
_COLOR_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("rose", ("rose", "rosado", "rosato", "blush", "clarete")),
    ("orange", ("naranjo", "orange wine", "vino naranja", "skin contact")),
    ("amber", ("tawny", "amontillado", "oloroso", "pedro ximenez", "perfecto amor",
               "palo cortado")),
    ("white", ("blanco", "blanc de blancs", "white", "bianco", "fino", "manzanilla")),
    ("red", ("tinto", "rouge", "rosso", "red", "ruby", "borgoña")),
)  # fmt: skip

# When nothing else is known: (style, color) → (sweetness, body, acidity, tannin, oak, alcohol).
_DEFAULTS: dict[tuple[str, str], tuple[float, float, float, float, float, float]] = {
    ("still", "white"): (1, 2, 3, 0, 0, 12.5),
    ("still", "red"): (0, 3, 3, 3, 2, 13.5),
    ("still", "rose"): (1, 2, 3, 1, 0, 12.5),
    ("still", "orange"): (0, 3, 3, 2, 0, 12.5),
    ("sparkling", "white"): (1, 2, 4, 0, 0, 12),
    ("sparkling", "rose"): (1, 2, 4, 0, 0, 12),
    ("sparkling", "red"): (2, 2, 3, 1, 0, 11),
    ("fortified", "amber"): (4, 4, 3, 0, 3, 18),
    ("fortified", "white"): (0, 2, 3, 0, 1, 15),
    ("fortified", "red"): (4, 5, 3, 3, 1, 20),
    ("pisco", "clear"): (0, 3, 1, 0, 0, 42),
    ("sake", "clear"): (1, 2, 2, 0, 0, 15),
    ("spirit", "clear"): (0, 2, 1, 0, 0, 40),
    ("spirit", "dark"): (0, 4, 1, 0, 3, 40),
    ("liqueur", "dark"): (5, 4, 1, 0, 0, 25),
}
_STYLE_COLOR = {"pisco": "clear", "sake": "clear", "liqueur": "dark", "spirit": "clear"}
_STYLE_AROMAS = {
    "sparkling": ("citrus", "green_fruit", "toasty"),
    "fortified": ("dried_fruit", "nutty", "caramel"),
    "pisco": ("green_fruit", "floral"),
    "sake": ("creamy", "fermented", "floral"),
    "still": ("red_fruit",),
}


def _style(w: WineInput, text: str, resolved: list[Grape]) -> tuple[str, str]:
    if w.style and fold(w.style) in _STYLE_ALIASES:
        return _STYLE_ALIASES[fold(w.style)], "given"
    for style, words in _STYLE_WORDS:
        hit = _has(text, *words)
        if hit:
            return style, f"name:{hit}"
    for g in resolved:
        if g.style:
            return g.style, f"grape:{g.name}"
    return "still", "default"


def _color(w: WineInput, text: str, style: str, resolved: list[Grape]) -> tuple[str, str]:
    if w.color and fold(w.color) in _COLOR_ALIASES:
        return _COLOR_ALIASES[fold(w.color)], "given"
    if style == "spirit":
        if resolved:
            return resolved[0].color, f"grape:{resolved[0].name}"
        dark = _has(text, "ron", "rum", "whisky", "whiskey", "cognac", "brandy", "anejo")
        return ("dark", f"name:{dark}") if dark else ("clear", f"style:{style}")
    if style in _STYLE_COLOR:
        return _STYLE_COLOR[style], f"style:{style}"
    for color, words in _COLOR_WORDS:
        hit = _has(text, *words)
        if hit:
            return color, f"name:{hit}"
    if resolved:
        colors = [g.color for g in resolved]
        if style == "sparkling":
            return "white", f"style:{style}"  # blanc de noirs is still white
        if style == "fortified":
            return ("red" if "red" in colors else "amber"), f"grape:{resolved[0].name}"
        return colors[0], f"grape:{resolved[0].name}"
    if style == "fortified":
        return "amber", f"style:{style}"
    if style == "sparkling":
        return "white", f"style:{style}"
    return "red", "default"


def _blend(resolved: list[Grape]) -> dict[str, float]:
    shares = (0.6, 0.25, 0.15)
    weights = [shares[min(i, 2)] for i in range(len(resolved))]
    total = sum(weights)
    return {
        a: sum(getattr(g, a) * wt for g, wt in zip(resolved, weights, strict=True)) / total
        for a in STRUCTURE
    }


def _reshape(
    base: dict[str, float], style: str, color: str, text: str, from_grapes: bool
) -> dict[str, float]:
    """What the style and colour do to a grape's still, dry structure."""
    s = dict(base)
    if color == "rose" and from_grapes:
        s.update(tannin=min(s["tannin"], 1), body=max(1, s["body"] - 1), oak=0)
        s["alcohol"] = min(s["alcohol"], 13)
    if color == "white" and style == "still":
        s["tannin"] = 0
    if style == "sparkling":
        light = bool(_has(text, "moscato d asti", "asti", "moscato", "moscatel"))
        s.update(tannin=0, oak=0, body=min(s["body"], 2), acidity=max(s["acidity"], 4))
        s["alcohol"] = 7.0 if light else 12.0
        s["sweetness"] = 4 if light else 1
    elif style == "fortified":
        dry = bool(_has(text, "fino", "manzanilla", "amontillado", "oloroso", "palo cortado"))
        light = bool(_has(text, "fino", "manzanilla"))
        s["alcohol"] = 15 if light else (16.5 if _has(text, "perfecto amor") else 19)
        s["sweetness"] = 0 if dry else max(s["sweetness"], 4)
        s["body"] = 2 if light else max(s["body"], 4)
        s["tannin"] = s["tannin"] if color == "red" else 0
    elif style == "pisco":
        s.update(sweetness=0, acidity=1, tannin=0, oak=0, body=3, alcohol=42)
    return s


_FORTIFIED_AROMAS: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = (
    (("fino", "manzanilla"), ("nutty", "mineral", "marine")),
    (("amontillado", "oloroso", "palo cortado"), ("nutty", "caramel", "woody")),
    (("pedro ximenez",), ("dried_fruit", "caramel", "coffee")),
    (("tawny",), ("nutty", "caramel", "dried_fruit")),
    (("perfecto amor",), ("dried_fruit", "honeyed", "floral")),
)


def _aromas(
    resolved: list[Grape], style: str, color: str, oak: float, text: str, sweetness: float
) -> list[str]:
    out: list[str] = []
    if style == "pisco":
        aromatic = any(g.name in AROMATIC_PISCO_GRAPES for g in resolved)
        out = (
            ["floral", "citrus", "stone_fruit"] if aromatic else ["green_fruit", "earthy", "nutty"]
        )
    elif style == "fortified":
        for words, aromas in _FORTIFIED_AROMAS:
            if _has(text, *words):
                out = list(aromas)
                break
        else:
            out = ["black_fruit", "red_fruit", "chocolate"] if color == "red" else ["dried_fruit"]
    elif style == "sparkling":
        first = list(resolved[0].aromas[:2]) if resolved else ["citrus", "green_fruit"]
        light = _has(text, "moscato", "moscatel", "asti")
        out = first + ([] if light else ["toasty"])
    else:
        if style == "still" and sweetness >= 4:
            out = ["red_fruit", "dried_fruit"] if color == "red" else ["honeyed", "stone_fruit"]
        for g in resolved[:2]:
            out += [a for a in g.aromas if a not in out]
        if color == "rose":
            out = ["red_fruit", "citrus", "floral"]
        for a in _STYLE_AROMAS.get(style, ()) if not out or style != "still" else ():
            if a not in out:
                out.append(a)
    if oak >= 3 and style not in {"pisco", "sake"}:
        out += [a for a in ("vanilla", "woody") if a not in out]
    if oak >= 2 and color == "white" and style == "still" and "buttery" not in out:
        out.insert(min(2, len(out)), "buttery")  # barrel-aged whites turn round and buttery
    return out[:5]


def build_wine_profile(w: WineInput) -> WineProfile:
    """Every attribute of ``w`` filled in; ``inferred`` says where each one came from."""
    text = fold(" ".join(p for p in (w.name, w.region or "") if p))
    name = fold(w.name)
    resolved = [g for g in (find_grape(x) for x in w.grapes) if g is not None]
    style, style_from = _style(w, text, resolved)
    color, color_from = _color(w, name, style, resolved)
    inferred = {"style": style_from, "color": color_from}

    if resolved:
        base = _blend(resolved)
        origin = f"grape:{resolved[0].name}"
    else:
        key = (style, color) if (style, color) in _DEFAULTS else ("still", "red")
        base = dict(zip(STRUCTURE, _DEFAULTS.get(key, _DEFAULTS["still", "red"]), strict=True))
        origin = f"style:{style}" if (style, color) in _DEFAULTS else "default"
    shaped = _reshape(base, style, color, text, bool(resolved))
    sources = {a: (origin if shaped[a] == base[a] else f"style:{style}") for a in STRUCTURE}

    climate = climate_of(w.region) if style in {"still", "sparkling"} else None
    if climate == "cool" and resolved:
        shaped["acidity"] = min(5, shaped["acidity"] + 0.5)
        shaped["body"] = max(1, shaped["body"] - 0.5)
        shaped["alcohol"] -= 0.5
        for a in ("acidity", "body", "alcohol"):
            sources[a] = "region:cool"
    elif climate == "warm" and resolved:
        shaped["body"] = min(5, shaped["body"] + 0.5)
        shaped["alcohol"] += 0.5
        for a in ("body", "alcohol"):
            sources[a] = "region:warm"

    sweet_text = name + (" sauternes" if _has(text, "sauternes", "barsac", "tokaj") else "")
    for word, value in _SWEETNESS_WORDS:
        if _has(sweet_text, word) and not (word == "sec" and style != "sparkling"):
            shaped["sweetness"] = value
            sources["sweetness"] = f"name:{word}"
            if value >= 4 and style == "still":
                shaped["body"] = min(5, shaped["body"] + 1)
                shaped["alcohol"] = min(shaped["alcohol"], 13)
                sources["body"] = sources["alcohol"] = f"name:{word}"
            break
    for word, value in _OAK_WORDS:
        if _has(name, word) and style in {"still", "fortified"}:
            shaped["oak"] = value
            sources["oak"] = f"name:{word}"
            break

    values: dict[str, float] = {}
    for a in STRUCTURE:
        given = getattr(w, a)
        if given is not None:
            values[a] = float(given)
            inferred[a] = "given"
        else:
            values[a] = round(shaped[a], 1)
            inferred[a] = sources[a]
    aromas = list(w.aromas) or _aromas(
        resolved, style, color, values["oak"], text, values["sweetness"]
    )
    inferred["aromas"] = "given" if w.aromas else (origin if resolved else f"style:{style}")
    return WineProfile(
        wine_id=w.wine_id,
        name=w.name,
        producer=w.producer,
        country=w.country,
        region=w.region,
        grapes=[g.name for g in resolved] + [x for x in w.grapes if find_grape(x) is None],
        color=color,
        style=style,
        aromas=aromas,
        price_pen=w.price_pen,
        by_the_glass=w.by_the_glass,
        inferred=inferred,
        alcoholic=values["alcohol"] > 0.5,
        **values,
    )
