"""The words around a restriction: what makes a clause say "no", "yes", "except" or nothing.

These lists are read by :mod:`sazon.knowledge.restrictions`; they are folded (lower case, no
accents, no punctuation) because the reader folds what people write before it looks. Each
list is small and reviewable; adding a word here changes how every face reads guests.
"""

from __future__ import annotations

import re

# Marks that a clause is about not eating something. "ni" and "tampoco" too: "ni mariscos".
NEGATIONS = frozenset({
    "no", "sin", "nada", "nunca", "jamas", "ni", "tampoco", "cero", "evita", "evitar", "evitan",
    "evito", "not", "never", "without", "avoid", "avoids", "avoiding", "dont", "doesnt", "cant",
    "cannot", "isnt", "free", "nothing", "neither", "nor", "excluir", "prohibido", "prohibida",
    "odia", "odio", "detesta", "hates", "hate", "dislikes", "dislike", "restringido",
})  # fmt: skip

# A medical or allergy word: the clause is a restriction whatever else it says.
ALLERGY = re.compile(
    r"\b(alerg\w*|allerg\w*|intoleran\w*|sensib\w*|reaccion\w*|reaction\w*|anafila\w*|"
    r"anaphyla\w*|urticaria|hives|ronchas|epipen|epi pen|shock|celiac\w*|coeliac\w*|"
    r"diagnostic\w*|diagnosed|le caen? mal|le caen? pesad\w*|le caen? fatal|me caen? mal|"
    r"le hacen? da[nñ]o|me hacen? da[nñ]o|le da|hinch\w*|swell\w*|hospital\w*|emergencia\w*|"
    r"ended up|sick|ill|vomit\w*|diarrea|ronchas|brota|tolera mal|tolera poco|"
    r"ya no puede|not anymore|no longer|mortal|deadly|life threatening)\b"
)

# Words that say what a guest does eat. A negation right before one turns it back into a
# restriction ("no come cerdo", "no le gusta el culantro").
EATS = re.compile(
    r"\b(si come|si como|si comen|si toma|si bebe|yo como|come|comen|eats?|"
    r"le gusta\w*|me gusta\w*|le encanta\w*|me encanta\w*|encanta\w*|loves?|enjoys?|"
    r"amo|adoro|fanatic\w* de|quiere probar|wants to try|"
    r"puede comer|puedo comer|can eat|can have|si tolera|tolera bien|tolerates|"
    r"is fine with|esta bien con|no hay problema con|no tiene problema\w* con|"
    r"no tengo problema\w* con|sin problema\w* con|ningun problema con|no problem with|"
    r"ok con|okay with|siempre pide|always orders|"
    r"does eat|do eat|i do|si puede|si lo come|si los come|si las come|si lo como|si los como|"
    r"si lo toma|si la come)\b"
)
# Said at the end, these affirm what came before: "pescado sí", "Alergia al maní: sí".
AFFIRM_TAIL = frozenset({"si", "ok", "okay", "yes", "yep", "claro", "sip"})
# "no tiene problema con", "no problem with": a negation inside the eats phrase itself.
EATS_WITH_NO = re.compile(
    r"\b(no hay problema|no tiene problema|no tengo problema|no problem|ningun problema)"
)

# Said at the end, these say the food before them is fine: "pulpo y calamar sin problema",
# "el pescado y la carne bien", "peanuts are fine", "la soya le cae bien".
FINE_TAIL = re.compile(
    r"\b(sin problemas?|no problem\w*|(?:is |are )?fine|(?:esta |estan )?bien|le cae bien|"
    r"normal|ok|okay|si|yes|si puede|si lo come|si los come|si las come|si la come|"
    r"lo come|los come|si lo como|si los como|si lo toma|eso si lo toma|are ok|is ok)$"
)
# An allergy that is not to food: a person asks; no food is kept away for it.
NOT_FOOD = re.compile(
    r"\b(latex|penicilin\w*|penicillin|antiinflamatorio\w*|aines|aspirina|aspirin|ibuprofeno|"
    r"ibuprofen|polen|pollen|polvo|dust|acaros|mites|gatos?|cats?|perros?|dogs?|picadura\w*|"
    r"abejas?|bees?|medicament\w*|medicin\w*|drugs?|farmac\w*|sulfa|anestesi\w*|yodo|"
    r"iodine|niquel|nickel|perfume\w*|fragance\w*)\b"
)
# "alérgico a nada", "not allergic": an allergy word that says there is none.
NO_ALLERGY = re.compile(
    r"(no known|ningun\w* (?:alergi\w*|restricc\w*)|que yo sepa|aware of|i know of|nka|nkda|"
    r"alergic\w* a nada|allergic to nothing|not allergic|no es alergic\w*|no soy alergic\w*|"
    r"no allerg\w*|no alergi\w*|sin alergi\w*|no tiene alergi\w*|no tengo alergi\w*|"
    r"alergi\w* no$|allerg\w* no$|nada de alergi\w*|allergic to anything|alergic\w* a ningun\w*)"
)
# Exceptions: "todo menos X", "everything except X". What follows is the restriction when
# what comes before says "everything"; after a restriction it is a loosening a person reads.
EXCEPT = re.compile(
    r"\b(menos|excepto|exceptuando|salvo|except|excepting|excluding|other than|aside from|"
    r"apart from|fuera de|a excepcion de|con excepcion de|but not)\b"
)
EVERYTHING = frozenset({
    "come", "como", "comen", "de", "todo", "toda", "todos", "casi", "everything", "anything",
    "eats", "eat", "i", "he", "she", "they", "puede", "comer", "le", "me", "gusta", "cualquier",
    "cosa", "all", "any", "food", "comida", "almost", "si", "ok", "the", "a", "el", "la", "lo",
    "que", "sea", "s", "it", "is", "fine", "can", "have",
})  # fmt: skip

# A cell that says there is nothing to know.
NOTHING = frozenset({
    "ninguna", "ninguno", "none", "no", "nada", "n a", "na", "nothing", "sin alergias",
    "sin restricciones", "no tengo alergias", "no tiene alergias", "ninguna alergia",
    "ninguna restriccion", "no allergies", "no restrictions", "nothing to declare", "nop",
    "no tiene", "no tengo", "nil", "null", "ningun", "no aplica", "not applicable", "nope",
    "no es alergico a nada", "no es alergica a nada", "no soy alergico a nada",
    "no soy alergica a nada", "sin restriccion", "ninguna en particular", "nada en particular",
    "no allergies or restrictions", "no dietary restrictions", "come de todo", "come todo",
    "como de todo", "comen de todo", "eats everything", "eats anything", "i eat everything",
    "i eat anything", "todo bien", "all good", "no alergias", "alergias no", "restricciones no",
    "ninguna restriccion alimentaria", "sin restricciones alimentarias", "nada que declarar",
    "everything", "anything", "todo", "de todo", "i eat everything but", "eats everything but",
    "nada en especial", "todo normal", "no tengo ninguna", "no tiene ninguna", "comemos de todo",
    "come de todito", "de todito", "es de buen diente", "nka", "nkda", "no known allergies",
    "no tiene restricciones alimentarias", "nothing i know of", "ninguna que yo sepa",
})  # fmt: skip

# Headings people write before the answer ("Alergias: …", "Dieta — …"): alone they say nothing.
HEADINGS = frozenset({
    "alergia", "alergias", "alergico", "alergica", "alergicos", "alergicas", "restriccion",
    "restricciones", "intolerancia", "intolerancias", "dieta", "diet", "dietas", "allergy",
    "allergies", "restrictions", "restriction", "dietary", "requirements", "notas", "nota",
    "notes", "comentarios", "observaciones", "alimentarias", "alimentaria", "medicas",
    "medical", "food", "comida", "tipo", "de",
})  # fmt: skip

# Words that carry no restriction of their own: left over after the restriction words are
# read, they do not make a clause "unread". A word not here and not known makes a person
# confirm the clause.
FILLER = frozenset({
    # articles, prepositions, pronouns, conjunctions
    "a", "al", "el", "la", "los", "las", "lo", "un", "una", "unos", "unas", "de", "del", "en",
    "con", "por", "para", "que", "y", "e", "o", "u", "se", "le", "les", "me", "mi", "su", "sus",
    "es", "esta", "este", "soy", "son", "estoy", "tiene", "tengo", "tienen", "hay", "muy", "mas",
    "pues", "ya", "asi", "tan", "ella", "ellos", "yo", "usted", "ud", "x", "q", "d", "k",
    "the", "an", "and", "or", "to", "of", "in", "on", "with", "for", "is", "are", "am", "i",
    "im", "he", "she", "they", "my", "his", "her", "their", "has", "have", "be", "it", "its",
    "s", "t", "m", "any", "all", "some", "also", "too", "very", "so", "just", "please", "pls",
    "plz", "thanks", "thank", "you", "gracias", "favor", "porfa", "porfis", "xfa", "xfavor",
    "fa", "tambien", "ademas", "igual", "solo", "sólo", "only", "kind", "type", "tipo", "tipos",
    "ningun", "ninguna", "ninguno", "todo", "toda", "todos", "todas", "cualquier", "clase",
    "nada", "algo", "ningunas", "cosa", "cosas", "alimento", "alimentos", "comida", "comidas",
    "food", "foods", "plato", "platos", "dish", "dishes", "producto", "productos", "derivado",
    "derivados", "derivative", "derivatives", "traza", "trazas", "trace", "traces", "contenga",
    "contengan", "contiene", "contain", "contains", "containing", "lleve", "lleven", "lleva",
    "llevan", "incluye", "incluyendo", "including", "etc", "etcetera", "ej", "eg", "ie",
    # states and intensity
    "leve", "leves", "grave", "graves", "severa", "severo", "severas", "severos", "severe",
    "severely", "mild", "fuerte", "fuertes", "estricta", "estricto", "estrictamente", "strict",
    "strictly", "seria", "serio", "serious", "importante", "important", "mortal", "deadly",
    "poco", "poca", "mucho", "mucha", "bastante", "extremely", "extrema", "extremo", "total",
    "totalmente", "completamente", "absolutamente", "really", "realmente", "super", "re",
    "desde", "hace", "anos", "ano", "years", "year", "meses", "mes", "months", "month",
    "semanas", "semana", "weeks", "week", "since", "ago", "niña", "nino", "child",
    # the restriction words themselves (their meaning is read by the scan)
    "alergia", "alergias", "alergico", "alergica", "alergicos", "alergicas", "allergy",
    "allergies", "allergic", "intolerancia", "intolerancias", "intolerante", "intolerant",
    "intolerance", "sensible", "sensibilidad", "sensitive", "sensitivity", "reaccion",
    "reaction", "diagnosticada", "diagnosticado", "diagnosed", "medica", "medico", "medical",
    "doctor", "dr", "dra", "confirmada", "confirmado", "confirmed", "restriccion",
    "restricciones", "restriction", "restrictions", "dieta", "diet", "dietary", "requirement",
    "requirements", "evita", "evitar", "avoid", "avoids", "no", "sin", "nunca", "jamas", "ni",
    "tampoco", "cero", "not", "never", "without", "free", "nor", "neither", "dont", "doesnt",
    "cant", "cannot", "puede", "puedo", "pueden", "can", "could", "come", "como", "comer",
    "comen", "eat", "eats", "eating", "consume", "consumo", "consumir", "consumes", "toma",
    "tomo", "tomar", "drink", "drinks", "bebe", "bebo", "beber", "ingiere", "ingerir", "probar",
    "prueba", "caso", "case", "casos", "cases", "nota", "notas", "note", "notes", "si",
    "ok", "yes", "sí", "anafilaxia", "anafilactica", "anafilactico", "anaphylaxis",
    "anaphylactic", "shock", "epipen", "urticaria", "hives", "usa", "uses", "carry",
    "carries", "avisar", "aviso", "avisen", "tener", "cuenta", "cuidado", "careful",
    "ojo", "heads", "up", "pf", "plis", "porfavor", "gusta", "gustan", "like",
    "likes", "encanta", "quiere", "wants", "want", "nadita", "nothin", "naa", "proteina",
    "protein", "obviamente", "obviously", "obvio", "claro", "jaja", "jajaja",
    "haha", "lol", "tolera", "tolerate", "siquiera", "even", "either", "demas", "rest",
    "conocida", "conocido", "known", "dx", "cae", "fatal", "mal", "bad", "badly", "da", "dan",
    "gives", "makes", "salud", "health",
    "religion", "religious", "religiosa", "religioso", "motivos", "reasons", "razones",
    "personales", "personal", "eso", "esto", "that", "this", "contaminacion", "cruzada", "cross",
    "contamination", "contact", "contacto", "gemelos",
    "twins", "baby", "mama", "mom", "gas", "tiempo", "hielo", "helada", "heladita", "ice",
    "esposa", "esposo", "wife", "husband", "hijo", "hija",

})  # fmt: skip

# A clause that asks for a person: uncertainty, breastfeeding, medical plans.
UNCERTAIN = re.compile(
    r"\b(creo|quizas|quiza|tal vez|puede que|no se|no sabe|no estoy segur\w*|maybe|perhaps|"
    r"not sure|i think|think|probably|probablemente|posible|possibly|tipo|como que|"
    r"algo con|something with|consultar|preguntar|ask|check|confirmar|confirm)\b"
)
# A clause with one of these and no restriction word is a note about the visit, not food
# ("mesa junto a la ventana", "llega tarde", "aniversario"): kept as a note, not a question.
NOT_ABOUT_FOOD = frozenset({
    "mesa", "ventana", "terraza", "silla", "sillas", "ruedas", "accesible", "tarde", "temprano",
    "llega", "llegan", "llegara", "cumpleanos", "aniversario", "celebracion", "sorpresa",
    "torta", "globos", "flores", "cuenta", "factura", "boleta", "ruc", "estacionamiento",
    "parking", "valet", "table", "window", "late", "early", "arriving", "birthday",
    "anniversary", "surprise", "cake", "bill", "invoice", "wheelchair", "accessible", "terrace",
    "quiet", "tranquila", "ruido", "musica", "music", "foto", "fotos", "photos", "zurdo",
    "zurda", "mama", "esposa", "esposo", "nino", "nina", "ninos", "bebe", "coche",
    "cochecito", "tronas", "trona", "highchair", "porcion", "pequena", "portion", "small",
})  # fmt: skip
# "soy" is Spanish for "I am" before these ("soy vegetariana", "soy alérgico"), and soy the
# bean before these ("soy sauce", "soy-free") or alone.
SOY_NOUN_NEXT = frozenset({
    "free", "sauce", "milk", "allergy", "allergies", "products", "protein", "lecithin", "beans",
    "bean", "y", "and", "ni", "or", "o", "tampoco", "either", "please", "x", "por", "foods",
    "food", "based", "stuff", "derivatives", "derivados",
})  # fmt: skip
# No raw food at all ("nada crudo", "nothing raw"): raw and cured dishes are kept away.
RAW = frozenset({"crudo", "cruda", "crudos", "crudas", "raw", "sushi", "sashimi", "tartar"})
# No spicy food ("no picante", "nada picoso"): hot ingredients are kept away.
SPICY = frozenset({"picante", "picantes", "picoso", "picosa", "picosos", "spicy", "hot", "pica"})
# Everyday seasonings never turned into "avoid" from a vague clause (they are in everything).
UBIQUITOUS = frozenset({"sal", "azucar_blanca", "aceite_vegetal", "agua", "pimienta"})

# Emoji people use for foods and for "no": read as the words they stand for.
EMOJI = {
    "🦐": " camarones ",
    "🍤": " camarones ",
    "🦀": " cangrejo ",
    "🦞": " langosta ",
    "🐙": " pulpo ",
    "🦑": " calamar ",
    "🦪": " conchas ",
    "🐟": " pescado ",
    "🐠": " pescado ",
    "🍣": " pescado crudo ",
    "🥜": " mani ",
    "🌰": " frutos secos ",
    "🥛": " leche ",
    "🧀": " queso ",
    "🥚": " huevo ",
    "🍳": " huevo ",
    "🌾": " gluten ",
    "🍞": " pan ",
    "🍺": " cerveza ",
    "🍻": " cerveza ",
    "🍷": " vino ",
    "🍸": " alcohol ",
    "🍹": " alcohol ",
    "🥂": " alcohol ",
    "🍾": " alcohol ",
    "🥃": " alcohol ",
    "🐖": " cerdo ",
    "🐷": " cerdo ",
    "🥓": " cerdo ",
    "🥩": " carne ",
    "🍖": " carne ",
    "🍗": " pollo ",
    "🐄": " carne ",
    "🍯": " miel ",
    "🌱": " vegana ",
    "🥗": " vegetariana ",
    "🍄": " champinones ",
    "🥑": " palta ",
    "🧅": " cebolla ",
    "🧄": " ajo ",
    "🐔": " pollo ",
    "🍓": " fresa ",
    "🥕": " zanahoria ",
    "🍅": " tomate ",
    "🌽": " maiz ",
    "🥔": " papa ",
    "🍋": " limon ",
    "🥥": " coco ",
    "🍫": " chocolate ",
    "🍌": " platano ",
    "🍍": " pina ",
    "🥝": " kiwi ",
    "🍎": " manzana ",
    "🍇": " uva ",
    "🥭": " mango ",
    "🍑": " durazno ",
    "🍒": " cereza ",
    "🥒": " pepino ",
    "🍆": " berenjena ",
    "🐑": " cordero ",
    "🦃": " pavo ",
    "🦆": " pato ",
    "🐐": " cabrito ",
    "🐇": " conejo ",
    "🍝": " fideos ",
    "🍚": " arroz ",
    "🫘": " frejol ",
    "🌶": " picante ",
    "🤰": " embarazada ",
    "🤰🏻": " embarazada ",
    "✅": " si ",
    "👍": " si ",
    "❌": " no ",
    "🚫": " no ",
    "⛔": " no ",
    "✖": " no ",
    "🙅": " no ",
}

# Questions whose "no" answer means "nothing to declare" ("¿Vegetariano? No.", "Alergias: no").
# A drink question is not among them: "Alcohol: no" says the restriction holds.
ANSWERABLE = frozenset({
    "vegetariano", "vegetariana", "vegano", "vegana", "vegetarian", "vegan", "celiaco",
    "celiaca", "embarazada", "pregnant", "restricciones", "restrictions", "alergias",
    "allergies", "dieta", "diet", "intolerancias", "halal", "kosher", "pescetariana",
    "pescetariano", "pescatarian", "gestante", "diabetico", "diabetica", "diabetic", "celiac",
    "intolerancia", "alergia", "allergy", "restriccion", "flexitariana", "flexitariano",
})  # fmt: skip

# Food and animal emoji not listed above: read as "a food", so "no 🫑" still restricts.
FOOD_EMOJI = re.compile(
    "[\U0001f32d-\U0001f37f\U0001f950-\U0001f96f\U0001f9c0-\U0001f9cb"
    "\U0001fad0-\U0001fadb\U0001f400-\U0001f43f\U0001f980-\U0001f9ae]"
)
FOOD_EMOJI_WORD = "unemojidecomida"
