"""Controlled vocabularies of the knowledge base (see docs/knowledge.md)."""

from __future__ import annotations

ALLERGENS: tuple[str, ...] = (
    "gluten", "crustaceans", "eggs", "fish", "peanuts", "soy", "milk", "tree_nuts",
    "celery", "mustard", "sesame", "sulphites", "lupin", "molluscs",
)  # fmt: skip

DIET_CLASSES: tuple[str, ...] = (
    "meat", "pork", "fish", "crustacean", "mollusc", "dairy", "egg", "honey", "gelatin", "alcohol",
)  # fmt: skip

AROMAS: tuple[str, ...] = (
    "citrus", "green_fruit", "stone_fruit", "tropical", "red_fruit", "black_fruit", "dried_fruit",
    "floral", "herbal", "vegetal", "earthy", "mushroom", "mineral", "marine", "smoky", "toasty",
    "nutty", "caramel", "chocolate", "coffee", "vanilla", "warm_spice", "peppery", "anise",
    "allium", "creamy", "buttery", "fermented", "woody", "honeyed", "grassy",
)  # fmt: skip

FLAVOURS: tuple[str, ...] = (
    "acidity", "sweetness", "salt", "bitterness", "umami", "heat", "fat", "weight",
)  # fmt: skip

COURSES: tuple[str, ...] = ("entrada", "sopa", "fondo", "postre", "bebida", "piqueo")

CUISINES: tuple[str, ...] = (
    "criolla", "norteña", "andina", "amazónica", "marina", "nikkei", "chifa", "postre", "bebida",
)  # fmt: skip

COOKING: tuple[str, ...] = (
    "raw", "cured", "fried", "grilled", "stewed", "boiled", "baked", "roasted", "steamed",
    "stir_fried", "sauteed", "assembled", "blended", "fermented",
)  # fmt: skip

WINE_COLORS: tuple[str, ...] = ("red", "white", "rose", "orange", "amber", "clear", "dark")
WINE_STYLES: tuple[str, ...] = (
    "still", "sparkling", "fortified", "pisco", "spirit", "liqueur", "sake",
)  # fmt: skip

# Diets people name, as the diet classes they exclude.
DIET_EXCLUSIONS: dict[str, frozenset[str]] = {
    "vegetarian": frozenset({"meat", "pork", "fish", "crustacean", "mollusc", "gelatin"}),
    "vegan": frozenset(
        {"meat", "pork", "fish", "crustacean", "mollusc", "gelatin", "dairy", "egg", "honey"}
    ),
    "pescatarian": frozenset({"meat", "pork"}),
    "no_pork": frozenset({"pork"}),
    "no_alcohol": frozenset({"alcohol"}),
    "no_meat": frozenset({"meat", "pork"}),
    "dairy_free": frozenset({"dairy"}),
    "no_seafood": frozenset({"fish", "crustacean", "mollusc"}),
    "no_shellfish": frozenset({"crustacean", "mollusc"}),
    "no_fish": frozenset({"fish"}),
    "egg_free": frozenset({"egg"}),
    "halal": frozenset({"pork", "alcohol"}),
    "kosher": frozenset({"pork", "crustacean", "mollusc"}),
    "pregnancy": frozenset({"alcohol"}),
}

# The allergen a diet class implies, so "sin lácteos" also guards against milk protein.
ALLERGEN_OF_DIET: dict[str, str] = {
    "fish": "fish", "crustacean": "crustaceans", "mollusc": "molluscs", "dairy": "milk",
    "egg": "eggs",
}  # fmt: skip

# What an ingredient is, for the kitchen (docs/knowledge.md, ``ingredients.csv``).
CATEGORIES: tuple[str, ...] = (
    "seafood_fish", "seafood_shellfish", "meat", "poultry", "pork", "offal", "dairy", "egg",
    "vegetable", "tuber", "fruit", "grain", "legume", "nut", "seed", "herb", "spice", "chili",
    "condiment", "sauce", "fat", "sweetener", "beverage", "alcohol", "other",
)  # fmt: skip
