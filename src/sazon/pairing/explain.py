"""Why a wine suits a dish, in the words a sommelier in Lima would use (es-PE) or in English.

Each rule verdict becomes one sentence that names the parts that meet: the wine's attribute
("la acidez alta del Sauvignon Blanc"), the dish's ingredient that it answers ("el limón") and
the dish. Sentences are composed from templates written for this project; the articles and
contractions come from :mod:`sazon.pairing.spanish`. A suggestion's ``why`` is its two
strongest reasons in favour plus, when there is one, its most serious warning.
"""

from __future__ import annotations

from sazon.knowledge import KnowledgeBase, fold
from sazon.pairing.phrases import LEVELS, NO_AFFINITY, PHRASES, PLAIN
from sazon.pairing.rule_checks import Hit, body_for, dish_weight
from sazon.pairing.rules import RULES_BY_ID
from sazon.pairing.schemas import DishProfile, Lang, Reason, WineProfile
from sazon.pairing.spanish import a as _a
from sazon.pairing.spanish import de, lower_first, with_article

AROMA_WORDS: dict[str, tuple[str, str]] = {
    "citrus": ("cítricas", "citrus"), "green_fruit": ("a fruta verde", "green-fruit"),
    "stone_fruit": ("a durazno", "stone-fruit"), "tropical": ("tropicales", "tropical"),
    "red_fruit": ("a frutos rojos", "red-fruit"), "black_fruit": ("a frutos negros", "dark-fruit"),
    "dried_fruit": ("a fruta seca", "dried-fruit"), "floral": ("florales", "floral"),
    "herbal": ("herbales", "herbal"), "vegetal": ("vegetales", "green"),
    "earthy": ("terrosas", "earthy"), "mushroom": ("a hongos", "mushroom"),
    "mineral": ("minerales", "mineral"), "marine": ("salinas", "saline"),
    "smoky": ("ahumadas", "smoky"), "toasty": ("tostadas", "toasty"),
    "nutty": ("a frutos secos", "nutty"), "caramel": ("acarameladas", "caramel"),
    "chocolate": ("a chocolate", "chocolate"), "coffee": ("a café", "coffee"),
    "vanilla": ("a vainilla", "vanilla"), "warm_spice": ("especiadas", "spice"),
    "peppery": ("a pimienta", "peppery"), "anise": ("anisadas", "aniseed"),
    "allium": ("a ajo y cebolla", "garlic-and-onion"), "creamy": ("cremosas", "creamy"),
    "buttery": ("mantecosas", "buttery"), "fermented": ("a levadura", "yeasty"),
    "woody": ("a madera", "woody"), "honeyed": ("a miel", "honeyed"),
    "grassy": ("a hierba fresca", "grassy"),
}  # fmt: skip
FLAVOUR_WORDS: dict[str, tuple[str, str]] = {
    "acidity": ("la acidez", "the acidity"), "sweetness": ("el dulzor", "the sweetness"),
    "salt": ("la sal", "the saltiness"), "bitterness": ("el amargor", "the bitterness"),
    "umami": ("el umami", "the umami"), "heat": ("el picante", "the heat"),
    "fat": ("la grasa", "the richness"), "weight": ("el peso", "the weight"),
    "creamy": ("la cremosidad", "the creaminess"),
}  # fmt: skip
# Appellations a sommelier names instead of the grape ("el Chablis", "el Rioja").
APPELLATIONS = ("chablis", "sancerre", "rioja", "ribera del duero", "priorat", "sauternes")


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text


def wine_ref(w: WineProfile, lang: Lang) -> str:
    """The wine as a sommelier names it, with its article: "el Malbec", "the sparkling wine"."""
    name = fold(w.name)
    if w.article_es:  # a non-alcoholic drink carries its own article and name
        return f"{w.article_es} {lower_first(w.name)}" if lang == "es" else f"the {w.name}"

    def pick(es: str, en: str) -> str:
        return es if lang == "es" else en

    grape = w.grapes[0] if w.grapes else None
    if "borgoña" in name:
        return pick("el borgoña", "the Borgoña")
    if w.style == "fortified":
        for word, es, en in (
            ("fino", "el fino", "the fino"), ("manzanilla", "la manzanilla", "the manzanilla"),
            ("amontillado", "el amontillado", "the amontillado"),
            ("oloroso", "el oloroso", "the oloroso"),
            ("pedro ximenez", "el Pedro Ximénez", "the Pedro Ximénez"),
            ("perfecto amor", "el Perfecto Amor", "the Perfecto Amor"),
            ("port", "el oporto", "the port"), ("oporto", "el oporto", "the port"),
            ("tawny", "el oporto", "the port"), ("porto", "el oporto", "the port"),
        ):  # fmt: skip
            if f" {word} " in f" {name} ":
                return pick(es, en)
        return pick("el vino generoso", "the fortified wine")
    if w.style == "sparkling":
        for word, es, en in (
            ("moscato d asti", "el Moscato d'Asti", "the Moscato d'Asti"),
            ("cava", "el cava", "the cava"), ("champagne", "el champagne", "the champagne"),
            ("prosecco", "el prosecco", "the prosecco"),
        ):  # fmt: skip
            if word in name or word in fold(w.region or ""):
                return pick(es, en)
        return pick("el espumante", "the sparkling wine")
    if w.style == "pisco":
        return pick("el pisco", "the pisco")
    if w.style == "sake":
        return pick("el sake", "the sake")
    if w.style in {"spirit", "liqueur"}:
        return pick(f"el {w.name}", f"the {w.name}")
    late = any(x in name for x in ("late harvest", "cosecha tardia", "vendange tardive"))
    if w.sweetness >= 4 and grape and late:
        return pick(f"el {grape} de cosecha tardía", f"the late-harvest {grape}")
    if w.sweetness >= 4 and grape:
        return pick(f"el {grape} dulce", f"the sweet {grape}")
    if w.sweetness >= 4:
        return pick("el vino dulce", "the sweet wine")
    region = fold(w.region or "")
    for app in APPELLATIONS:
        if app in region or app in name:
            label = app.title().replace(" Del ", " del ")
            return pick(f"el {label}", f"the {label}")
    if w.color == "rose":
        return (
            pick(f"el rosado de {grape}", f"the {grape} rosé")
            if grape
            else pick("el rosado", "the rosé")
        )
    if len(w.grapes) == 1 and grape:
        return pick(f"el {grape}", f"the {grape}")
    return pick(f"el {w.name}", f"the {w.name}")


def _possessive(ref_en: str) -> str:
    return f"{ref_en}'" if ref_en.endswith("s") else f"{ref_en}'s"


def attribute(w: WineProfile, part: str, lang: Lang) -> str:
    """The wine attribute a rule is about, with a level word ("la acidez alta")."""
    i = 0 if lang == "es" else 1
    if part in LEVELS:
        thresholds, lowest = LEVELS[part]
        value = float(getattr(w, part))
        for limit, inclusive, words in thresholds:
            if value >= limit if inclusive else value > limit:
                return words[i]
        return lowest[i]
    if part in PLAIN:
        return PLAIN[part][i]
    if part.startswith("aroma:"):
        es_word, en_word = AROMA_WORDS.get(part[6:], (part[6:], part[6:]))
        return f"las notas {es_word}" if lang == "es" else f"{en_word} notes"
    return part


def dish_ref(name: str, lang: Lang) -> str:
    return with_article(lower_first(name)) if lang == "es" else f"the {lower_first(name)}"


def part_ref(d: DishProfile, part: str | None, lang: Lang, kb: KnowledgeBase) -> tuple[str, bool]:
    """The dish part a rule is about, with its article, and whether it is an ingredient."""
    if part and part.startswith("aroma:"):
        found = d.sources.get(part) or []
        if found:
            part = found[0]
        else:
            es_word, en_word = AROMA_WORDS.get(part[6:], (part[6:], part[6:]))
            return (f"las notas {es_word}" if lang == "es" else f"the {en_word} notes"), False
    if part and part in kb.ingredients:
        info = kb.ingredients[part]
        if lang == "en":
            return (
                f"the {info.name_en.lower() if info.name_en[1:].islower() else info.name_en}",
                True,
            )
        written = next((i.written for i in d.ingredients if i.id == part), None)
        name = info.name_es
        if written and fold(written) in {fold(name) + "s", fold(name) + "es"}:
            name = written.strip().lower()  # "los camarones" reads better than "el camarón"
        return with_article(name), True
    es_word, en_word = FLAVOUR_WORDS.get(part or "", ("el plato", "the dish"))
    return (es_word if lang == "es" else en_word), False


def case(rule: str, hit: Hit, d: DishProfile, w: WineProfile, ingredient: bool) -> str:
    """Which of a rule's sentences applies (a key of :data:`PHRASES`); every decision is here."""
    good = hit.value > 0
    if rule in {"acid_with_acid", "acid_cuts_fat"}:
        return ("good_ingredient" if ingredient else "good") if good else "bad"
    if rule == "tannin_fat_protein":
        if not good:
            return "thin" if w.tannin < 1.5 else "bad"
        return "good_soft" if w.tannin <= 2.5 else "good"
    if rule == "heat_off_dry_low_alcohol":
        if good and hit.wine_part == "sweetness":
            return "good_sweet_light" if w.alcohol <= 13 else "good_sweet"
        return "good" if good else "bad"
    if rule == "dessert_sweeter":
        if d.has("dessert"):
            return "good" if good else "bad"
        if good:
            return "sweet_sour_good"
        return "sweet_sour_too_sweet" if w.sweetness > 3 else "sweet_sour_too_dry"
    if rule == "fried_bubbles_acid":
        if not good:
            return "bad"
        return hit.wine_part if hit.wine_part in {"bubbles", "saline"} else "good"
    if rule == "weight_matches_body":
        wanted = body_for(dish_weight(d))
        if good:
            return "good_acid" if w.body < wanted - 0.5 and w.acidity >= 4 else "good"
        return "too_heavy" if w.body > wanted else "too_light"
    if rule == "salt_likes_acid_sweet":
        return "good" if good else "bad"
    if rule == "aromatic_bridge":
        if hit.dish_part != hit.wine_part:
            return "related"
        # The dish's note named by an ingredient ("el ají panca") is worth saying; the note
        # alone would repeat the wine's words on both sides.
        return "same" if ingredient or d.sources.get(hit.dish_part or "") else "same_dish"
    if rule == "oak_smothers_delicate":
        return "ingredient" if ingredient else "any"
    return "any"


def _slots(
    w: WineProfile, wr: str, dr: str, attr: str, part: str, ingredient: bool, lang: Lang
) -> dict[str, str]:
    """The words a sentence is made of, in ``lang`` (see :mod:`sazon.pairing.phrases`)."""
    common = {
        "wr": wr,
        "dr": dr,
        "attr": attr,
        "part": part,
        "alc": attribute(w, "alcohol", lang),
        "sweet": attribute(w, "sweetness", lang),
    }
    if lang == "es":
        return common | {
            "dw": de(wr),
            "dd": de(dr),
            "dp": de(part),
            "a_wr": _a(wr),
            "a_dr": _a(dr),
            "o": "a" if wr.startswith("la ") else "o",
        }
    return common | {
        "ws": _possessive(wr),
        "ps": _possessive(part),
        "wine": wr[4:],
        "dish": dr[4:],
        "part_or_dish": part if ingredient else dr,
        "verb": "cut" if attr.endswith("s") else "cuts",
    }


def sentence(
    rule: str, hit: Hit, d: DishProfile, w: WineProfile, dish: str, lang: Lang, kb: KnowledgeBase
) -> str:
    """One reason, as a full sentence."""
    part, ingredient = part_ref(d, hit.dish_part, lang, kb)
    wr = wine_ref(w, lang)
    table = PHRASES.get(rule)
    if table is None:
        return _cap(RULES_BY_ID[rule].es if lang == "es" else RULES_BY_ID[rule].en)
    template = table[case(rule, hit, d, w, ingredient)][0 if lang == "es" else 1]
    attr = attribute(w, hit.wine_part or "", lang)
    return _cap(
        template.format_map(_slots(w, wr, dish_ref(dish, lang), attr, part, ingredient, lang))
    )


def explain(
    hits: dict[str, Hit],
    d: DishProfile,
    w: WineProfile,
    dish: str,
    lang: Lang,
    kb: KnowledgeBase,
    *,
    weights: dict[str, float] | None = None,
) -> tuple[str, list[Reason]]:
    """The reasons for a pair, strongest first, and the ``why`` that sums them up.

    ``weights`` are the weights the score used (the rules' own, or the ranker's learned ones),
    so the reasons shown are the ones that moved the score.
    """
    used = weights or {r: RULES_BY_ID[r].weight for r in hits}
    reasons = [
        Reason(
            rule=r,
            effect=round(used.get(r, RULES_BY_ID[r].weight) * h.value, 3),
            text=sentence(r, h, d, w, dish, lang, kb),
        )
        for r, h in hits.items()
    ]
    reasons.sort(key=lambda x: (-abs(x.effect), x.rule))
    # "The body matches the dish" is true of many wines: it is named only when there are not
    # two more specific reasons to give.
    pros = sorted(
        (x for x in reasons if x.effect >= 0.15),
        key=lambda x: (x.rule == "weight_matches_body", -x.effect, x.rule),
    )[:2]
    cons = [x for x in reasons if x.effect <= -0.6][:1]
    if not pros:
        lead = NO_AFFINITY[0 if lang == "es" else 1]
        return " ".join([lead, *(c.text for c in cons)]), reasons
    return " ".join(x.text for x in [*pros, *cons]), reasons
