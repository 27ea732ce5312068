"""The sentences a sommelier says for each rule, one table per rule, Spanish beside English.

A rule's verdict on a pair is first reduced to a *case* (see :func:`sazon.pairing.explain.case`)
that holds every decision; the table then gives the sentence for that case in each language.
Keeping both languages on one line means a rule can't gain a case in one language and not in
the other, and a translator reads the pair together.

Slots, filled by :mod:`sazon.pairing.explain`:

- both languages: ``wr`` the wine with its article, ``dr`` the dish, ``attr`` the wine
  attribute the rule is about ("la acidez alta"), ``part`` the dish part ("el limón"),
  ``alc`` and ``sweet`` the wine's alcohol and sweetness with their level words;
- Spanish: ``dw``/``dd``/``dp`` the "de" forms of wine, dish and part (contracted: "del"),
  ``a_wr``/``a_dr`` the "a" forms, ``o`` the ending that agrees with the wine ("plan{o}" →
  "plana" for "la manzanilla");
- English: ``ws`` and ``ps`` the possessives of wine and part, ``wine`` and ``dish`` without
  their article, ``part_or_dish`` the part when it is an ingredient (else the dish), ``verb``
  "cut"/"cuts" agreeing with the attribute.
"""

from __future__ import annotations

# rule → case → (es, en)
PHRASES: dict[str, dict[str, tuple[str, str]]] = {
    "acid_with_acid": {
        "good_ingredient": (
            "{attr} {dw} acompaña {part} {dd}.",
            "the {attr} of {wr} matches {part} in {dr}.",
        ),
        "good": (
            "{attr} {dw} está a la altura de la acidez {dd}.",
            "the {attr} of {wr} stands up to the acidity of {dr}.",
        ),
        "bad": (
            "ojo: {part} {dd} deja plan{o} {a_wr}, que tiene poca acidez.",
            "careful: {part} in {dr} makes {wr} taste flat; it lacks acidity.",
        ),
    },
    "sharp_wine_mild_dish": {
        "any": (
            "ojo: {attr} {dw} resulta agria junto {a_dr}, que apenas tiene acidez.",
            "careful: {ws} {attr} tastes tart beside {dr}, which has little acidity of its own.",
        ),
    },
    "tannin_fat_protein": {
        "thin": (
            "ojo: {a_wr} le falta tanino para {part}; se siente delgad{o}.",
            "careful: {wr} lacks the tannin for {part} and tastes thin beside it.",
        ),
        "good_soft": (
            "{attr} {dw} acompañan {part} sin secar el paladar.",
            "{ws} {attr} suit {part} without drying the palate.",
        ),
        "good": (
            "{attr} {dw} se suavizan con la grasa y la proteína {dp}.",
            "{ws} {attr} soften against the fat and protein of {part}.",
        ),
        "bad": (
            "ojo: {attr} {dw} raspan con un plato tan ligero como {dr}.",
            "careful: {ws} {attr} feel harsh with a dish as light as {dr}.",
        ),
    },
    "heat_off_dry_low_alcohol": {
        "good_sweet_light": (
            "{sweet} y {alc} {dw} calman el picor {dp}.",
            "the off-dry {wine} cools {ps} heat.",
        ),
        "good_sweet": (
            "{sweet} {dw} calma el picor {dp}.",
            "the off-dry {wine} cools {ps} heat.",
        ),
        "good": (
            "{alc} {dw} no aviva el picor {dp}.",
            "{ws} {alc} keeps {ps} heat in check.",
        ),
        "bad": (
            "ojo: el alcohol alto {dw} aviva el picor {dp}.",
            "careful: {ws} high alcohol fans {ps} heat.",
        ),
    },
    "heat_vs_tannin_oak": {
        "any": (
            "ojo: el picor {dp} endurece {attr} {dw}.",
            "careful: {ps} heat makes {ws} {attr} harsh.",
        ),
    },
    "dessert_sweeter": {
        "sweet_sour_good": (
            "el toque dulce {dw} acompaña el agridulce {dd}.",
            "{ws} touch of sweetness meets the sweet-and-sour {dish}.",
        ),
        "sweet_sour_too_sweet": (
            "ojo: {wr} es demasiado dulce para el agridulce {dd}, "
            "que pide a lo más un vino semiseco.",
            "careful: {wr} is too sweet for the sweet-and-sour {dish}, "
            "which wants an off-dry wine at most.",
        ),
        "sweet_sour_too_dry": (
            "ojo: {wr} es sec{o} para el agridulce {dd}.",
            "careful: {wr} is too dry for the sweet-and-sour {dish}.",
        ),
        "good": (
            "{wr} es tan dulce como {dr}: el postre no lo vuelve agrio.",
            "{wr} is at least as sweet as {dr}, so the dessert won't make it taste sour.",
        ),
        "bad": (
            "ojo: {wr} es más sec{o} que {dr} y se sentirá agrio.",
            "careful: {wr} is drier than {dr} and will taste sour.",
        ),
    },
    "sweet_wine_savoury": {
        "any": (
            "ojo: el dulzor {dw} puede resultar excesivo para un plato salado.",
            "careful: {ws} sweetness may feel like too much with a savoury dish.",
        ),
    },
    "fried_bubbles_acid": {
        "bad": (
            "ojo: {a_wr} le falta acidez para la fritura {dd}.",
            "careful: {wr} lacks the acidity to cut through the oil of {dr}.",
        ),
        "bubbles": (
            "la burbuja y la acidez {dw} limpian la fritura {dd}.",
            "the bubbles and acidity of {wr} scrub the oil of {dr} away.",
        ),
        "saline": (
            "el carácter salino {dw} le va a la fritura {dd}.",
            "the saline edge of {wr} suits the fried {dish}.",
        ),
        "good": (
            "{attr} {dw} corta la fritura {dd}.",
            "the {attr} of {wr} cuts through the oil of {dr}.",
        ),
    },
    "weight_matches_body": {
        "good_acid": (
            "la acidez {dw} le da presencia frente {a_dr}.",
            "{ws} acidity gives it presence against {dr}.",
        ),
        "good": ("{attr} {dw} va a la par con {dr}.", "{ws} {attr} is a match for {dr}."),
        "too_heavy": (
            "ojo: {wr} es demasiado robust{o} para {dr}.",
            "careful: {wr} is too heavy for {dr}.",
        ),
        "too_light": (
            "ojo: {wr} es demasiado liger{o} para {dr}.",
            "careful: {wr} is too light for {dr}.",
        ),
    },
    "umami_raw_fish_tannin": {
        "any": (
            "ojo: {attr} {dw} con {part} dejan un gusto metálico.",
            "careful: {ws} {attr} turn metallic with {part}.",
        ),
    },
    "salt_likes_acid_sweet": {
        "good": (
            "{attr} {dw} equilibra la sal {dp}.",
            "{ws} {attr} balances the saltiness of {part}.",
        ),
        "bad": (
            "ojo: {a_wr} le falta acidez para la sal {dp}.",
            "careful: {wr} lacks the acidity for the saltiness of {part}.",
        ),
    },
    "aromatic_bridge": {
        "related": ("{attr} {dw} complementan {part}.", "the {attr} of {wr} complement {part}."),
        "same": ("{attr} {dw} hacen eco {dp}.", "the {attr} of {wr} echo {part}."),
        # No ingredient carries the note: "…hacen eco de las notas a frutos rojos" said nothing.
        "same_dish": (
            "{attr} {dw} encuentran las mismas notas en {dr}.",
            "the {attr} of {wr} find the same notes in {dr}.",
        ),
    },
    "acid_cuts_fat": {
        "good_ingredient": (
            "{attr} {dw} corta la grasa {dp}.",
            "{ws} {attr} {verb} through the richness of {part_or_dish}.",
        ),
        "good": (
            "{attr} {dw} corta la grasa {dd}.",
            "{ws} {attr} {verb} through the richness of {part_or_dish}.",
        ),
        "bad": (
            "ojo: {a_wr} le falta acidez para tanta grasa.",
            "careful: {wr} lacks the acidity for so much richness.",
        ),
    },
    "creamy_round_white": {
        "any": (
            "la textura redonda {dw} acompaña la cremosidad {dd}.",
            "the round texture of {wr} mirrors the creaminess of {dr}.",
        ),
    },
    "bitterness_tannin": {
        "any": (
            "ojo: el amargor {dp} se acentúa con {attr} {dw}.",
            "careful: the bitterness of {part} grows with {ws} {attr}.",
        ),
    },
    "spirits_aside": {
        "any": (
            "{wr} va mejor como aperitivo o bajativo que con {dr}.",
            "{wr} works better as an aperitif or digestif than with {dr}.",
        ),
    },
    "oak_smothers_delicate": {
        "ingredient": ("ojo: la madera {dw} tapa {part}.", "careful: {ws} oak smothers {part}."),
        "any": ("ojo: la madera {dw} tapa {dr}.", "careful: {ws} oak smothers {dr}."),
    },
    "dry_wine_dessert_tannin": {
        "any": (
            "ojo: {attr} {dw} se vuelven amargos con {dr}.",
            "careful: {ws} {attr} turn bitter with {dr}.",
        ),
    },
}

# A wine attribute's level words: part → (thresholds, highest first; the word below them all).
# A threshold is (value, inclusive): the level applies when the wine's value is ≥ (or >) it.
LEVELS: dict[str, tuple[tuple[tuple[float, bool, tuple[str, str]], ...], tuple[str, str]]] = {
    "acidity": (
        (
            (4.5, True, ("la acidez muy alta", "very high acidity")),
            (3.5, True, ("la acidez alta", "high acidity")),
            (2.5, True, ("la acidez", "acidity")),
        ),
        ("la acidez baja", "low acidity"),
    ),
    "tannin": (
        (
            (4.0, True, ("los taninos firmes", "firm tannins")),
            (2.5, True, ("los taninos", "tannins")),
        ),
        ("los taninos suaves", "soft tannins"),
    ),
    "sweetness": (
        (
            (4.0, True, ("el dulzor", "sweetness")),
            (1.5, True, ("el toque dulce", "touch of sweetness")),
        ),
        ("la sequedad", "dryness"),
    ),
    "body": (
        (
            (4.0, True, ("el cuerpo pleno", "full body")),
            (2.0, False, ("el cuerpo medio", "medium body")),
        ),
        ("el cuerpo ligero", "light body"),
    ),
    "alcohol": (
        (
            (13.0, False, ("el alcohol alto", "high alcohol")),
            (11.5, False, ("el alcohol moderado", "moderate alcohol")),
            (0.5, False, ("el alcohol bajo", "low alcohol")),
        ),
        # A soft drink has no alcohol to be low: "el alcohol bajo de la limonada" was wrong.
        ("la ausencia de alcohol", "lack of alcohol"),
    ),
}
# Attributes named without a level word.
PLAIN: dict[str, tuple[str, str]] = {
    "bubbles": ("la burbuja", "bubbles"),
    "oak": ("la madera", "oak"),
    "saline": ("el carácter salino", "saline edge"),
}
NO_AFFINITY = (
    "No hay una afinidad clara con este plato; es de lo menos arriesgado de la carta.",
    "No clear affinity with this dish; it is among the safest on the list.",
)
