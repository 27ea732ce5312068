"""Why a wine suits a dish, in the words a sommelier in Lima would use (es-PE) or in English.

Each rule verdict becomes one sentence that names the parts that meet: the wine's attribute
("la acidez alta del Sauvignon Blanc"), the dish's ingredient that it answers ("el limón") and
the dish. Sentences are composed from templates written for this project; the articles and
contractions come from :mod:`sazon.pairing.spanish`. A suggestion's ``why`` is its two
strongest reasons in favour plus, when there is one, its most serious warning.
"""

from __future__ import annotations

from sazon.knowledge import KnowledgeBase, fold
from sazon.pairing.rules import RULES_BY_ID, Hit, body_for, dish_weight
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


def _feminine(w_es: str) -> bool:
    return w_es.startswith("la ")


def _agree(adjective: str, w_es: str) -> str:
    """Adjective agreement with the wine phrase ("plano" → "plana" for "la manzanilla")."""
    return adjective[:-1] + "a" if _feminine(w_es) and adjective.endswith("o") else adjective


def _possessive(ref_en: str) -> str:
    return f"{ref_en}'" if ref_en.endswith("s") else f"{ref_en}'s"


def attribute(w: WineProfile, part: str, lang: Lang) -> str:
    """The wine attribute a rule is about, with a level word ("la acidez alta")."""
    es = lang == "es"
    if part == "acidity":
        if w.acidity >= 4.5:
            return "la acidez muy alta" if es else "very high acidity"
        if w.acidity >= 3.5:
            return "la acidez alta" if es else "high acidity"
        return (
            ("la acidez" if es else "acidity")
            if w.acidity >= 2.5
            else ("la acidez baja" if es else "low acidity")
        )
    if part == "tannin":
        if w.tannin >= 4:
            return "los taninos firmes" if es else "firm tannins"
        return (
            ("los taninos" if es else "tannins")
            if w.tannin >= 2.5
            else ("los taninos suaves" if es else "soft tannins")
        )
    if part == "sweetness":
        if w.sweetness >= 4:
            return "el dulzor" if es else "sweetness"
        if w.sweetness >= 1.5:
            return "el toque dulce" if es else "touch of sweetness"
        return "la sequedad" if es else "dryness"
    if part == "body":
        if w.body <= 2:
            return "el cuerpo ligero" if es else "light body"
        return (
            ("el cuerpo medio" if es else "medium body")
            if w.body < 4
            else ("el cuerpo pleno" if es else "full body")
        )
    if part == "bubbles":
        return "la burbuja" if es else "bubbles"
    if part == "alcohol":
        if w.alcohol <= 11.5:
            return "el alcohol bajo" if es else "low alcohol"
        return (
            ("el alcohol moderado" if es else "moderate alcohol")
            if w.alcohol <= 13
            else ("el alcohol alto" if es else "high alcohol")
        )
    if part == "oak":
        return "la madera" if es else "oak"
    if part == "saline":
        return "el carácter salino" if es else "saline edge"
    if part.startswith("aroma:"):
        es_word, en_word = AROMA_WORDS.get(part[6:], (part[6:], part[6:]))
        return f"las notas {es_word}" if es else f"{en_word} notes"
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


def sentence(
    rule: str, hit: Hit, d: DishProfile, w: WineProfile, dish: str, lang: Lang, kb: KnowledgeBase
) -> str:
    """One reason, as a full sentence."""
    wr = wine_ref(w, lang)
    dr = dish_ref(dish, lang)
    attr = attribute(w, hit.wine_part or "", lang)
    part, is_ingredient = part_ref(d, hit.dish_part, lang, kb)
    good = hit.value > 0
    if lang == "es":
        return _cap(_es(rule, good, hit, d, w, wr, dr, attr, part, is_ingredient))
    return _cap(_en(rule, good, hit, d, w, wr, dr, attr, part, is_ingredient))


def _es(
    rule: str,
    good: bool,
    hit: Hit,
    d: DishProfile,
    w: WineProfile,
    wr: str,
    dr: str,
    attr: str,
    part: str,
    ing: bool,
) -> str:
    dw, dd, dp = de(wr), de(dr), de(part)
    if rule == "acid_with_acid":
        if good:
            return (
                f"{attr} {dw} acompaña {part} {dd}."
                if ing
                else (f"{attr} {dw} está a la altura de la acidez {dd}.")
            )
        return f"ojo: {part} {dd} deja {_agree('plano', wr)} {_a(wr)}, que tiene poca acidez."
    if rule == "sharp_wine_mild_dish":
        return f"ojo: {attr} {dw} resulta agria junto {_a(dr)}, que apenas tiene acidez."
    if rule == "tannin_fat_protein":
        if not good and w.tannin < 1.5:
            return f"ojo: {_a(wr)} le falta tanino para {part}; se siente {_agree('delgado', wr)}."
        if good and w.tannin <= 2.5:
            return f"{attr} {dw} acompañan {part} sin secar el paladar."
        if good:
            return f"{attr} {dw} se suavizan con la grasa y la proteína {dp}."
        return f"ojo: {attr} {dw} raspan con un plato tan ligero como {dr}."
    if rule == "heat_off_dry_low_alcohol":
        if good and hit.wine_part == "sweetness":
            sweet = attribute(w, "sweetness", "es")
            if w.alcohol <= 13:
                return f"{sweet} y {attribute(w, 'alcohol', 'es')} {dw} calman el picor {dp}."
            return f"{sweet} {dw} calma el picor {dp}."
        if good:
            return f"{attribute(w, 'alcohol', 'es')} {dw} no aviva el picor {dp}."
        return f"ojo: el alcohol alto {dw} aviva el picor {dp}."
    if rule == "heat_vs_tannin_oak":
        return f"ojo: el picor {dp} endurece {attr} {dw}."
    if rule == "dessert_sweeter":
        if not d.has("dessert"):
            if good:
                return f"el toque dulce {dw} acompaña el agridulce {dd}."
            if w.sweetness > 3:
                return (
                    f"ojo: {wr} es demasiado {_agree('dulce', wr)} para el agridulce {dd}, "
                    "que pide a lo más un vino semiseco."
                )
            return f"ojo: {wr} es {_agree('seco', wr)} para el agridulce {dd}."
        if good:
            return f"{wr} es tan {_agree('dulce', wr)} como {dr}: el postre no lo vuelve agrio."
        return f"ojo: {wr} es más {_agree('seco', wr)} que {dr} y se sentirá agrio."
    if rule == "sweet_wine_savoury":
        return f"ojo: el dulzor {dw} puede resultar excesivo para un plato salado."
    if rule == "fried_bubbles_acid":
        if not good:
            return f"ojo: {_a(wr)} le falta acidez para la fritura {dd}."
        if hit.wine_part == "bubbles":
            return f"la burbuja y la acidez {dw} limpian la fritura {dd}."
        if hit.wine_part == "saline":
            return f"el carácter salino {dw} le va a la fritura {dd}."
        return f"{attr} {dw} corta la fritura {dd}."
    if rule == "weight_matches_body":
        if good and w.body < body_for(dish_weight(d)) - 0.5 and w.acidity >= 4:
            return f"la acidez {dw} le da presencia frente {_a(dr)}."
        if good:
            return f"{attr} {dw} va a la par con {dr}."
        heavy = w.body > body_for(dish_weight(d))
        word = _agree("robusto", wr) if heavy else _agree("ligero", wr)
        return f"ojo: {wr} es demasiado {word} para {dr}."
    if rule == "umami_raw_fish_tannin":
        return f"ojo: {attr} {dw} con {part} dejan un gusto metálico."
    if rule == "salt_likes_acid_sweet":
        return (
            f"{attr} {dw} equilibra la sal {dp}."
            if good
            else (f"ojo: {_a(wr)} le falta acidez para la sal {dp}.")
        )
    if rule == "aromatic_bridge":
        if hit.dish_part != hit.wine_part:  # related aromas, not the same one
            return f"{attr} {dw} complementan {part}."
        return f"{attr} {dw} hacen eco {dp}."
    if rule == "acid_cuts_fat":
        if good:
            return (
                f"{attr} {dw} corta la grasa {dp}." if ing else f"{attr} {dw} corta la grasa {dd}."
            )
        return f"ojo: {_a(wr)} le falta acidez para tanta grasa."
    if rule == "creamy_round_white":
        return f"la textura redonda {dw} acompaña la cremosidad {dd}."
    if rule == "bitterness_tannin":
        return f"ojo: el amargor {dp} se acentúa con {attr} {dw}."
    if rule == "spirits_aside":
        return f"{wr} va mejor como aperitivo o bajativo que con {dr}."
    if rule == "oak_smothers_delicate":
        return f"ojo: la madera {dw} tapa {part}." if ing else f"ojo: la madera {dw} tapa {dr}."
    if rule == "dry_wine_dessert_tannin":
        return f"ojo: {attr} {dw} se vuelven amargos con {dr}."
    return RULES_BY_ID[rule].es


def _en(
    rule: str,
    good: bool,
    hit: Hit,
    d: DishProfile,
    w: WineProfile,
    wr: str,
    dr: str,
    attr: str,
    part: str,
    ing: bool,
) -> str:
    ws = _possessive(wr)
    if rule == "acid_with_acid":
        if good:
            return (
                f"the {attr} of {wr} matches {part} in {dr}."
                if ing
                else (f"the {attr} of {wr} stands up to the acidity of {dr}.")
            )
        return f"careful: {part} in {dr} makes {wr} taste flat; it lacks acidity."
    if rule == "sharp_wine_mild_dish":
        return f"careful: {ws} {attr} tastes tart beside {dr}, which has little acidity of its own."
    if rule == "tannin_fat_protein":
        if not good and w.tannin < 1.5:
            return f"careful: {wr} lacks the tannin for {part} and tastes thin beside it."
        if good and w.tannin <= 2.5:
            return f"{ws} {attr} suit {part} without drying the palate."
        if good:
            return f"{ws} {attr} soften against the fat and protein of {part}."
        return f"careful: {ws} {attr} feel harsh with a dish as light as {dr}."
    if rule == "heat_off_dry_low_alcohol":
        if good:
            if hit.wine_part == "sweetness":
                return f"the off-dry {wr[4:]} cools {_possessive(part)} heat."
            return f"{ws} {attribute(w, 'alcohol', 'en')} keeps {_possessive(part)} heat in check."
        return f"careful: {ws} high alcohol fans {_possessive(part)} heat."
    if rule == "heat_vs_tannin_oak":
        return f"careful: {_possessive(part)} heat makes {ws} {attr} harsh."
    if rule == "dessert_sweeter":
        if not d.has("dessert"):
            if good:
                return f"{ws} touch of sweetness meets the sweet-and-sour {dr[4:]}."
            if w.sweetness > 3:
                return (
                    f"careful: {wr} is too sweet for the sweet-and-sour {dr[4:]}, "
                    "which wants an off-dry wine at most."
                )
            return f"careful: {wr} is too dry for the sweet-and-sour {dr[4:]}."
        if good:
            return f"{wr} is at least as sweet as {dr}, so the dessert won't make it taste sour."
        return f"careful: {wr} is drier than {dr} and will taste sour."
    if rule == "sweet_wine_savoury":
        return f"careful: {ws} sweetness may feel like too much with a savoury dish."
    if rule == "fried_bubbles_acid":
        if not good:
            return f"careful: {wr} lacks the acidity to cut through the oil of {dr}."
        if hit.wine_part == "bubbles":
            return f"the bubbles and acidity of {wr} scrub the oil of {dr} away."
        if hit.wine_part == "saline":
            return f"the saline edge of {wr} suits the fried {dr[4:]}."
        return f"the {attr} of {wr} cuts through the oil of {dr}."
    if rule == "weight_matches_body":
        if good and w.body < body_for(dish_weight(d)) - 0.5 and w.acidity >= 4:
            return f"{ws} acidity gives it presence against {dr}."
        if good:
            return f"{ws} {attr} is a match for {dr}."
        size = "heavy" if w.body > body_for(dish_weight(d)) else "light"
        return f"careful: {wr} is too {size} for {dr}."
    if rule == "umami_raw_fish_tannin":
        return f"careful: {ws} {attr} turn metallic with {part}."
    if rule == "salt_likes_acid_sweet":
        return (
            f"{ws} {attr} balances the saltiness of {part}."
            if good
            else (f"careful: {wr} lacks the acidity for the saltiness of {part}.")
        )
    if rule == "aromatic_bridge":
        if hit.dish_part != hit.wine_part:
            return f"the {attr} of {wr} complement {part}."
        return f"the {attr} of {wr} echo {part}."
    if rule == "acid_cuts_fat":
        if good:
            verb = "cut" if attr.endswith("s") else "cuts"
            return f"{ws} {attr} {verb} through the richness of {part if ing else dr}."
        return f"careful: {wr} lacks the acidity for so much richness."
    if rule == "creamy_round_white":
        return f"the round texture of {wr} mirrors the creaminess of {dr}."
    if rule == "bitterness_tannin":
        return f"careful: the bitterness of {part} grows with {ws} {attr}."
    if rule == "spirits_aside":
        return f"{wr} works better as an aperitif or digestif than with {dr}."
    if rule == "oak_smothers_delicate":
        return f"careful: {ws} oak smothers {part if ing else dr}."
    if rule == "dry_wine_dessert_tannin":
        return f"careful: {ws} {attr} turn bitter with {dr}."
    return RULES_BY_ID[rule].en


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
        lead = (
            "No hay una afinidad clara con este plato; es de lo menos arriesgado de la carta."
            if lang == "es"
            else "No clear affinity with this dish; it is among the safest on the list."
        )
        return " ".join([lead, *(c.text for c in cons)]), reasons
    return " ".join(x.text for x in [*pros, *cons]), reasons
