"""Words of the knowledge page (classify what the knowledge base does not know)."""

from __future__ import annotations

WORDS: dict[str, dict[str, str]] = {
    "kn_title": {"es": "Clasificar ingredientes", "en": "Classify ingredients"},
    "kn_intro": {
        "es": "Un plato con un ingrediente que no conocemos no se sirve a ningún invitado con "
        "restricciones. Clasifícalo aquí y todas las herramientas lo usan al instante.",
        "en": "A dish with an ingredient we do not know is served to no guest with "
        "restrictions. Classify it here and every tool uses it at once.",
    },
    "kn_todo": {"es": "Por clasificar", "en": "To classify"},
    "kn_todo_none": {
        "es": "Las cartas no tienen ingredientes desconocidos.",
        "en": "The menus have no unknown ingredients.",
    },
    "kn_in_dishes": {"es": "en", "en": "in"},
    "kn_use": {"es": "Clasificar", "en": "Classify"},
    "kn_ingredient": {"es": "Nuevo ingrediente", "en": "New ingredient"},
    "kn_synonym": {
        "es": "Otra palabra para un ingrediente",
        "en": "Another word for an ingredient",
    },
    "kn_preparation": {"es": "Preparación de la casa", "en": "House preparation"},
    "kn_name_es": {"es": "Nombre (como lo escribe la carta)", "en": "Name (as the menu writes it)"},
    "kn_name_en": {"es": "Nombre en inglés (opcional)", "en": "English name (optional)"},
    "kn_category": {"es": "Categoría", "en": "Category"},
    "kn_allergens": {"es": "Alérgenos", "en": "Allergens"},
    "kn_diet": {"es": "Clases de dieta", "en": "Diet classes"},
    "kn_none_hint": {
        "es": "Marca «no tiene ninguno» si así es: nada marcado no se lee como «ninguno».",
        "en": "Tick “has none” when that is so: nothing ticked is not read as “none”.",
    },
    "kn_mark_classes": {
        "es": "Marca sus alérgenos y sus clases de dieta, o «no tiene ninguno».",
        "en": "Tick its allergens and its diet classes, or “has none”.",
    },
    "kn_has_none": {"es": "no tiene ninguno", "en": "has none"},
    "kn_heat": {"es": "Picante (0–5)", "en": "Heat (0–5)"},
    "kn_word": {"es": "Palabra escrita", "en": "Written word"},
    "kn_to": {
        "es": "Ingrediente que nombra (id o nombre exacto)",
        "en": "Ingredient it names (id or exact name)",
    },
    "kn_components": {
        "es": "Componentes (ids o nombres exactos, separados por comas)",
        "en": "Components (ids or exact names, comma-separated)",
    },
    "kn_extra": {
        "es": "Alérgenos y dieta además de los de sus componentes",
        "en": "Allergens and diet beyond its components'",
    },
    "kn_add": {"es": "Añadir", "en": "Add"},
    "kn_added": {"es": "Añadido", "en": "Added"},
    "kn_resolved": {"es": "líneas de carta resueltas", "en": "menu lines resolved"},
    "kn_additions": {"es": "Añadidos de la casa", "en": "House additions"},
    "kn_none_yet": {"es": "La casa no ha añadido nada todavía.", "en": "Nothing added yet."},
    "kn_kind": {"es": "Tipo", "en": "Kind"},
    "kn_by": {"es": "Por", "en": "By"},
    "kn_classify_link": {
        "es": "Clasificar ingredientes desconocidos",
        "en": "Classify unknown ingredients",
    },
}

# An ingredient's category and the diet classes it falls in, as the form shows them (the
# form posts the codes the knowledge base stores).
WORDS.update(
    {
        "kn_cat_seafood_fish": {"es": "pescado", "en": "fish"},
        "kn_cat_seafood_shellfish": {"es": "mariscos", "en": "shellfish"},
        "kn_cat_meat": {"es": "carne", "en": "meat"},
        "kn_cat_poultry": {"es": "aves", "en": "poultry"},
        "kn_cat_pork": {"es": "cerdo", "en": "pork"},
        "kn_cat_offal": {"es": "menudencias", "en": "offal"},
        "kn_cat_dairy": {"es": "lácteos", "en": "dairy"},
        "kn_cat_egg": {"es": "huevo", "en": "egg"},
        "kn_cat_vegetable": {"es": "verdura", "en": "vegetable"},
        "kn_cat_tuber": {"es": "tubérculo", "en": "tuber"},
        "kn_cat_fruit": {"es": "fruta", "en": "fruit"},
        "kn_cat_grain": {"es": "cereal", "en": "grain"},
        "kn_cat_legume": {"es": "menestra", "en": "legume"},
        "kn_cat_nut": {"es": "fruto seco", "en": "nut"},
        "kn_cat_seed": {"es": "semilla", "en": "seed"},
        "kn_cat_herb": {"es": "hierba", "en": "herb"},
        "kn_cat_spice": {"es": "especia", "en": "spice"},
        "kn_cat_chili": {"es": "ají", "en": "chili"},
        "kn_cat_condiment": {"es": "condimento", "en": "condiment"},
        "kn_cat_sauce": {"es": "salsa", "en": "sauce"},
        "kn_cat_fat": {"es": "grasa", "en": "fat"},
        "kn_cat_sweetener": {"es": "endulzante", "en": "sweetener"},
        "kn_cat_beverage": {"es": "bebida", "en": "drink"},
        "kn_cat_alcohol": {"es": "alcohol", "en": "alcohol"},
        "kn_cat_other": {"es": "otro", "en": "other"},
        "kn_diet_meat": {"es": "carne", "en": "meat"},
        "kn_diet_pork": {"es": "cerdo", "en": "pork"},
        "kn_diet_fish": {"es": "pescado", "en": "fish"},
        "kn_diet_crustacean": {"es": "crustáceos", "en": "crustaceans"},
        "kn_diet_mollusc": {"es": "moluscos", "en": "molluscs"},
        "kn_diet_dairy": {"es": "lácteos", "en": "dairy"},
        "kn_diet_egg": {"es": "huevo", "en": "egg"},
        "kn_diet_honey": {"es": "miel", "en": "honey"},
        "kn_diet_gelatin": {"es": "gelatina", "en": "gelatin"},
        "kn_diet_alcohol": {"es": "alcohol", "en": "alcohol"},
    }
)
