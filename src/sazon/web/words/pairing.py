"""Words of the wine pairing page, Spanish (es-PE) first."""

from __future__ import annotations

WORDS: dict[str, dict[str, str]] = {
    "pa_title": {"es": "Maridaje", "en": "Wine pairing"},
    "pa_intro": {
        "es": "Elige platos de la carta y te sugerimos vinos de tu propia carta de vinos, con "
        "el porqué de cada uno.",
        "en": "Pick dishes from the menu and get wines from your own wine list, each with "
        "its reasons.",
    },
    "pa_search": {"es": "Buscar plato", "en": "Search dishes"},
    "pa_search_hint": {"es": "ceviche, lomo, suspiro…", "en": "ceviche, lomo, suspiro…"},
    "pa_venue": {"es": "Local", "en": "Venue"},
    "pa_all_venues": {"es": "Todos los locales", "en": "All venues"},
    "pa_menu": {"es": "Platos de la carta", "en": "Dishes on the menu"},
    "pa_pair": {"es": "Sugerir vinos", "en": "Suggest wines"},
    "pa_filters": {"es": "Filtros", "en": "Filters"},
    "pa_max_price": {"es": "Precio máximo por botella (S/)", "en": "Highest bottle price (S/)"},
    "pa_by_glass": {"es": "Solo por copa", "en": "By the glass only"},
    "pa_colour": {"es": "Color", "en": "Colour"},
    "pa_any_colour": {"es": "Cualquiera", "en": "Any"},
    "pa_colours": {
        "es": "red:Tinto,white:Blanco,rose:Rosado,sparkling:Espumante,amber:Generoso",
        "en": "red:Red,white:White,rose:Rosé,sparkling:Sparkling,amber:Fortified",
    },
    "pa_non_alcoholic": {"es": "Sin alcohol", "en": "Non-alcoholic"},
    "pa_top": {"es": "Sugerencias por plato", "en": "Suggestions per dish"},
    "pa_no_dishes": {
        "es": "Todavía no hay platos en la carta. Carga un menú en «Cargar datos» o ejecuta "
        "«sazon demo-data».",
        "en": "There are no dishes on the menu yet. Load a menu in “Load data” or run "
        "“sazon demo-data”.",
    },
    "pa_no_match": {
        "es": "Ningún plato coincide con la búsqueda.",
        "en": "No dish matches the search.",
    },
    "pa_pick": {
        "es": "Marca uno o más platos y pulsa «Sugerir vinos».",
        "en": "Tick one or more dishes and press “Suggest wines”.",
    },
    "pa_no_wines": {
        "es": "Este local no tiene carta de vinos en el almacén. Cárgala en «Cargar datos».",
        "en": "This venue has no wine list in the store. Load it in “Load data”.",
    },
    "pa_nothing_passes": {
        "es": "Ningún vino cumple los filtros: sube el precio máximo o quita el filtro de copa.",
        "en": "No wine passes the filters: raise the price limit or drop the by-the-glass filter.",
    },
    "pa_custom": {"es": "Un plato que no está en la carta", "en": "A dish not on the menu"},
    "pa_custom_name": {"es": "Nombre del plato", "en": "Dish name"},
    "pa_custom_ingredients": {
        "es": "Ingredientes (separados por comas o punto y coma)",
        "en": "Ingredients (separated by commas or semicolons)",
    },
    "pa_custom_course": {"es": "Tiempo", "en": "Course"},
    "pa_results": {"es": "Sugerencias", "en": "Suggestions"},
    "pa_profile": {"es": "Perfil del plato", "en": "Dish profile"},
    "pa_confidence": {"es": "Confianza", "en": "Confidence"},
    "pa_score": {"es": "Puntaje", "en": "Score"},
    "pa_glass": {"es": "por copa", "en": "by the glass"},
    "pa_bottle": {"es": "botella", "en": "bottle"},
    "pa_reasons": {"es": "Todas las razones", "en": "All reasons"},
    "pa_chart": {"es": "Perfil del plato frente al vino", "en": "Dish profile against the wine"},
    "pa_table": {"es": "Ver los valores", "en": "Show the values"},
    "pa_axis": {"es": "Eje", "en": "Axis"},
    "pa_dish": {"es": "Plato", "en": "Dish"},
    "pa_wine": {"es": "Vino", "en": "Wine"},
    "pa_unknown": {"es": "Ingredientes no reconocidos", "en": "Ingredients not recognised"},
    "pa_aromas": {"es": "Aromas", "en": "Aromas"},
    "pa_courses": {
        "es": "entrada:Entrada,sopa:Sopa,fondo:Fondo,piqueo:Piqueo,postre:Postre",
        "en": "entrada:Starter,sopa:Soup,fondo:Main,piqueo:Snack,postre:Dessert",
    },
    "pa_flavours": {
        "es": "acidity:Acidez,sweetness:Dulzor,salt:Sal,bitterness:Amargor,umami:Umami,"
        "heat:Picante,fat:Grasa,weight:Peso",
        "en": "acidity:Acidity,sweetness:Sweetness,salt:Salt,bitterness:Bitterness,"
        "umami:Umami,heat:Heat,fat:Richness,weight:Weight",
    },
    "pa_aroma_names": {
        "es": "citrus:cítrico,green_fruit:fruta verde,stone_fruit:fruta de hueso,"
        "tropical:tropical,red_fruit:frutos rojos,black_fruit:frutos negros,"
        "dried_fruit:fruta seca,floral:floral,herbal:herbal,vegetal:vegetal,earthy:terroso,"
        "mushroom:hongos,mineral:mineral,marine:marino,smoky:ahumado,toasty:tostado,"
        "nutty:frutos secos,caramel:caramelo,chocolate:chocolate,coffee:café,vanilla:vainilla,"
        "warm_spice:especias,peppery:pimienta,anise:anís,allium:ajo y cebolla,creamy:cremoso,"
        "buttery:mantecoso,fermented:fermentado,woody:madera,honeyed:miel,grassy:hierba fresca",
        "en": "citrus:citrus,green_fruit:green fruit,stone_fruit:stone fruit,tropical:tropical,"
        "red_fruit:red fruit,black_fruit:dark fruit,dried_fruit:dried fruit,floral:floral,"
        "herbal:herbal,vegetal:green,earthy:earthy,mushroom:mushroom,mineral:mineral,"
        "marine:saline,smoky:smoky,toasty:toasty,nutty:nutty,caramel:caramel,"
        "chocolate:chocolate,coffee:coffee,vanilla:vanilla,warm_spice:spice,peppery:peppery,"
        "anise:aniseed,allium:garlic and onion,creamy:creamy,buttery:buttery,"
        "fermented:fermented,woody:woody,honeyed:honey,grassy:grassy",
    },
    "pa_method": {
        "es": "Reglas de sumiller y confianza calibrada con nuestros ejemplos.",
        "en": "Sommelier rules, with a confidence calibrated on our examples.",
    },
}
