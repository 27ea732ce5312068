"""Words in a dish's name that say how it is cooked or sauced, and what that does to it.

A Peruvian menu says a lot in a few words: "a la brasa" is smoke and char, "a lo macho" a
spicy seafood sauce, "acevichado" lime and cream, "sudado" a tomato broth. Each entry here is
a small, reviewable fact: the cooking methods it implies, how it moves the flavour scales
(``deltas``, added after the ingredients), the least a scale can be when the name says so
(``floors``: "a lo macho" is never mild, whatever the ingredient list forgot), the aromas it
brings and the flags the rules read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from sazon.knowledge import fold


@dataclass(frozen=True)
class Preparation:
    id: str
    patterns: tuple[str, ...]  # folded words or phrases, matched as whole words
    cooking: tuple[str, ...] = ()
    deltas: dict[str, float] = field(default_factory=dict)
    aromas: dict[str, float] = field(default_factory=dict)
    flags: tuple[str, ...] = ()
    # The least a flavour can be when the name says so ("a lo macho" is never mild).
    floors: dict[str, float] = field(default_factory=dict)


PREPARATIONS: tuple[Preparation, ...] = (
    Preparation("a_la_brasa", ("a la brasa", "al carbon", "a la lena", "rotisserie"),
                ("roasted", "grilled"), {"weight": 0.3}, {"smoky": 1.0, "toasty": 0.5}),
    Preparation("parrilla", ("a la parrilla", "parrillero", "parrillada", "grilled", "a la plancha",
                             "anticuchero", "anticuchera", "chargrilled"),
                ("grilled",), {"bitterness": 0.3}, {"smoky": 0.8, "toasty": 0.4}),
    Preparation("frito", ("frito", "frita", "fritos", "fritas", "chicharron", "jalea", "apanado",
                          "apanada", "arrebozado", "arrebozada", "empanizado", "empanizada",
                          "tempura", "crocante", "crocantes", "crujiente", "chactado", "fried",
                          "deep fried", "crispy", "battered"),
                ("fried",)),
    Preparation("sancochado", ("sancochado", "sancochada", "hervido", "hervida", "boiled",
                               "sancochadas", "sancochados"), ("boiled",)),
    Preparation("ceviche", ("ceviche", "cebiche", "seviche", "tiradito", "tiraditos",
                            "leche de tigre", "cured"),
                ("cured", "raw"), {}, {"citrus": 0.8}, ("lime_cured",), {"acidity": 4.5}),
    Preparation("acevichado", ("acevichado", "acevichada", "acevichados", "acevichadas"),
                ("cured",), {}, {"citrus": 1.0, "creamy": 0.5}, ("lime_cured",),
                {"acidity": 3.5, "fat": 3.0, "heat": 1.5}),
    Preparation("crudo", ("sashimi", "tartar", "tartare", "crudo", "carpaccio", "raw", "nigiri"),
                ("raw",)),
    Preparation("tataki", ("tataki", "sellado", "sellada", "seared"), ("grilled", "raw")),
    Preparation("aji_amarillo", ("al aji amarillo", "de aji amarillo", "en aji amarillo",
                                 "en crema de aji", "yellow chili"),
                (), {}, {"tropical": 0.6}, (), {"heat": 2.5}),
    Preparation("a_lo_macho", ("a lo macho",), ("stewed",), {}, {"marine": 0.8, "smoky": 0.3},
                (), {"heat": 2.5, "fat": 3.0, "umami": 3.5}),
    Preparation("al_olivo", ("al olivo", "de olivo", "olive sauce"), (), {},
                {"fermented": 0.6, "green_fruit": 0.4}, (), {"fat": 3.5, "salt": 3.0}),
    Preparation("a_la_chalaca", ("a la chalaca", "chalaca", "chalaquitos"), ("assembled",), {},
                {"citrus": 0.8, "allium": 0.6}, ("lime_cured",), {"acidity": 4.0, "heat": 2.5}),
    Preparation("saltado", ("saltado", "saltada", "saltadito", "saltados", "salteado",
                            "salteada", "stir fried", "stir fry", "wok"),
                ("stir_fried",), {}, {"smoky": 0.6}, (), {"salt": 3.0, "umami": 3.0}),
    Preparation("sudado", ("sudado", "sudada", "sudados"), ("steamed", "stewed"), {},
                {"red_fruit": 0.3, "herbal": 0.4}, (), {"acidity": 2.0, "umami": 3.0}),
    Preparation("chupe", ("chupe", "chupin", "chowder"), ("boiled",), {}, {"creamy": 0.8},
                ("creamy",), {"fat": 3.0, "weight": 3.0}),
    Preparation("maracuya_sauce", ("en salsa de maracuya", "al maracuya", "de maracuya",
                                   "passion fruit sauce"),
                (), {}, {"tropical": 1.0}, ("sweet_sour",), {"acidity": 3.5, "sweetness": 3.0}),
    Preparation("agridulce", ("agridulce", "tipakay", "tamarindo", "sweet and sour", "glaseado",
                              "glaseada", "caramelizado", "caramelizada", "teriyaki", "kam lu"),
                (), {}, {"caramel": 0.5}, ("sweet_sour",), {"sweetness": 3.0, "acidity": 2.5}),
    Preparation("huancaina", ("a la huancaina", "huancaina", "huancaino"), ("blended",), {},
                {"creamy": 1.0}, ("creamy",), {"fat": 3.5, "heat": 2.0}),
    Preparation("parmesana", ("a la parmesana", "parmesana", "gratinado", "gratinada",
                              "au gratin"),
                ("baked",), {}, {"nutty": 0.8, "creamy": 0.4}, ("creamy",),
                {"fat": 3.5, "salt": 3.0, "umami": 3.5}),
    Preparation("vapor", ("al vapor", "steamed"), ("steamed",)),
    Preparation("horno", ("al horno", "horneado", "horneada", "baked"), ("baked",), {},
                {"toasty": 0.5}),
    Preparation("asado", ("asado", "asada", "roasted", "roast", "cancacho", "lechon"),
                ("roasted",), {}, {"toasty": 0.5, "smoky": 0.3}),
    Preparation("ahumado", ("ahumado", "ahumada", "smoked", "cecina"), (), {}, {"smoky": 1.2}),
    Preparation("nikkei", ("nikkei",), (), {}, {"fermented": 0.5}, (),
                {"umami": 3.0, "salt": 2.5}),
    Preparation("picante", ("picante", "picantito", "spicy", "diablo", "en crema de rocoto",
                            "al rocoto"),
                (), {}, {}, (), {"heat": 3.0}),
    Preparation("rocoto_relleno", ("rocoto relleno", "rocotos rellenos"), ("baked",), {}, {},
                (), {"heat": 4.5}),
    Preparation("guiso", ("guiso", "guisado", "guisada", "estofado", "estofada", "stew",
                          "braised", "seco de", "cau cau", "carapulcra", "olluquito",
                          "locro", "cabrito a la nortena", "ragout", "pepian"),
                ("stewed",)),
    Preparation("adobo", ("adobo", "adobado", "adobada"), ("stewed",), {}, {"warm_spice": 0.6},
                (), {"acidity": 2.5}),
    Preparation("escabeche", ("escabeche", "en escabeche", "pickled"), (), {}, {"allium": 0.8},
                (), {"acidity": 3.5}),
    Preparation("norteno", ("a la nortena", "nortenito", "chiclayana", "chiclayano"), (),
                {}, {"herbal": 0.6}),
    Preparation("ajo", ("al ajo", "al ajillo", "garlic"), (), {}, {"allium": 1.0}),
    Preparation("pachamanca", ("pachamanca",), ("roasted", "steamed"), {},
                {"herbal": 0.8, "earthy": 0.6, "smoky": 0.4}),
    Preparation("sopa", ("sopa", "caldo", "aguadito", "chilcano de", "soup", "broth",
                         "shambar", "chairo", "patasca", "parihuela"),
                ("boiled",)),
    Preparation("cremoso", ("cremoso", "cremosa", "en crema", "a la crema", "creamy",
                            "al pesto", "tallarines verdes"),
                (), {}, {"creamy": 0.8}, ("creamy",), {"fat": 3.0}),
)  # fmt: skip


def _pattern(words: tuple[str, ...]) -> re.Pattern[str]:
    alternatives = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"(?<![a-z0-9ñ])(?:{alternatives})(?![a-z0-9ñ])")


_COMPILED = tuple((p, _pattern(p.patterns)) for p in PREPARATIONS)


def find_preparations(*texts: str | None) -> list[Preparation]:
    """The preparations named in a dish's name or description, in table order.

    >>> [p.id for p in find_preparations("Pollo a la brasa con papas fritas")]
    ['a_la_brasa', 'frito']
    """
    folded = " ".join(fold(t) for t in texts if t)
    return [p for p, rx in _COMPILED if rx.search(folded)]


# Adjectives that ride on an ingredient ("papas fritas", "huevo frito", "pescado fresco"): the
# cooking part is kept as a method, the rest is dropped before the knowledge base look-up.
INGREDIENT_COOKING: dict[str, str] = {
    "frito": "fried", "frita": "fried", "fritos": "fried", "fritas": "fried",
    "fried": "fried", "empanizado": "fried", "empanizada": "fried", "empanizados": "fried",
    "apanado": "fried", "apanada": "fried", "arrebozado": "fried", "crocante": "fried",
    "crispy": "fried", "tempura": "fried", "asado": "roasted", "asada": "roasted",
    "asados": "roasted", "roasted": "roasted", "grilled": "grilled", "a la parrilla": "grilled",
    "a la plancha": "grilled", "ahumado": "grilled", "ahumada": "grilled", "smoked": "grilled",
    "sancochado": "boiled", "sancochada": "boiled", "sancochadas": "boiled",
    "hervido": "boiled", "boiled": "boiled", "al vapor": "steamed", "steamed": "steamed",
    "horneado": "baked", "horneada": "baked", "baked": "baked",
}  # fmt: skip


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


FILLER_WORDS: frozenset[str] = _words(
    """fresco fresca frescos frescas fresh picado picada picados picadas chopped diced
    molido molida ground rallado rallada grated cubos cubitos finamente finely grande grandes
    large pequeno pequena small organico organica organic entero entera whole tierno tierna
    natural limpio limpia sliced rodajas tiras homemade casero casera local"""
)
# Cuts and parts of an animal: "costillas de cerdo" is pork, "alitas de pollo" is chicken.
CUT_WORDS: frozenset[str] = _words(
    """costilla costillas molleja mollejas alita alitas ala alas cabeza cabezas pecho pechuga
    pechugas pierna piernas muslo muslos filete filetes chuleta chuletas lomo lomito higado
    higados rinon rinones cola colas paleta espinazo panza cachete cachetes carrillera
    trozo trozos"""
)
# Phrases that say how much or how it is cut, never what it is.
FILLER_PHRASES: tuple[str, ...] = (
    "al gusto", "to taste", "de la casa", "en trozos", "en tiras", "en rodajas", "en cubos",
    "en juliana", "a gusto", "cantidad necesaria", "c/n",
)  # fmt: skip
