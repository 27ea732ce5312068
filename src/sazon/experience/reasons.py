"""The reasons given with each recommendation, in Spanish (es-PE) and English."""

from __future__ import annotations

_TEXT: dict[str, dict[str, str]] = {
    "favourite": {
        "es": "pidió {name} {n} {veces}",
        "en": "ordered {name} {n} {veces}",
    },
    "similar": {
        "es": "quienes piden {x} también piden {y}",
        "en": "guests who order {x} also order {y}",
    },
    "taste_class": {"es": "suele pedir {what}", "en": "usually orders {what}"},
    "taste_cuisine": {"es": "le gusta la cocina {what}", "en": "likes {what} cooking"},
    "taste_wine": {"es": "suele elegir vinos {what}", "en": "usually chooses {what} wines"},
    "taste_generic": {"es": "parecido a lo que suele pedir", "en": "like what they usually order"},
    "segment": {
        "es": "de lo más pedido por clientes de presupuesto {tier}",
        "en": "among the most ordered by guests with a {tier} budget",
    },
    "popular": {"es": "de lo más pedido en {where}", "en": "among the most ordered at {where}"},
    "pairs_usual": {
        "es": "marida con {dish}, que suele pedir",
        "en": "pairs with {dish}, which they usually order",
    },
    "pairs_with": {"es": "marida con {dish}", "en": "pairs with {dish}"},
    "all_venues": {"es": "nuestros locales", "en": "our venues"},
    "no_consent": {
        "es": "sin consentimiento de personalización: se muestran los platos más pedidos, "
        "siempre respetando sus restricciones",
        "en": "no consent to personalisation: the most ordered items are shown, always "
        "within the guest's restrictions",
    },
}

CLASS_NAMES: dict[str, dict[str, str]] = {
    "es": {
        "meat": "carne", "pork": "cerdo", "fish": "pescado", "crustacean": "mariscos",
        "mollusc": "mariscos", "dairy": "lácteos", "egg": "huevo", "honey": "miel",
        "gelatin": "gelatina", "alcohol": "platos con licor",
    },
    "en": {
        "meat": "meat", "pork": "pork", "fish": "fish", "crustacean": "seafood",
        "mollusc": "seafood", "dairy": "dairy", "egg": "egg", "honey": "honey",
        "gelatin": "gelatin", "alcohol": "dishes with liquor",
    },
}  # fmt: skip


def say(lang: str, key: str, **values: object) -> str:
    """The reason ``key`` in ``lang`` (Spanish unless ``en``)."""
    lang = "en" if lang == "en" else "es"
    n = values.get("n")
    if n is not None:
        once = n == 1
        values["veces"] = (
            ("vez" if once else "veces") if lang == "es" else ("time" if once else "times")
        )
    return _TEXT[key][lang].format(**values)
