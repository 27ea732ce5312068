"""Just enough Spanish grammar for the explanations: the article a noun takes, and "de el".

The head noun is the first word of a name ("carne de res" → carne, "ají de gallina" → ají).
Gender follows the ending with a list of the exceptions a Peruvian kitchen actually meets
("el ají", "la sal", "el maní", "la leche"); a plural head takes "los"/"las"; a feminine noun
starting with a stressed "a" takes "el" ("el agua de cebada", "el alga").
"""

from __future__ import annotations

from sazon.knowledge import fold


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


MASCULINE = _words(
    """aji mani ajonjoli atun limon camaron champinon corazon jamon chicharron orejon guindon
    wantan macarron tallarin pan te cafe cacao maiz arroz anis kion mote choclo pie flan
    tres king tamal menestron pepian frejol frijol pallar pez sillao tofu cuy bife bistec
    lomo pisco chilcano sour mate emoliente quinotto locro timpu inchicapi kapchi mousse
    alfajor turron picaron majarisco shambar chairo solterito champus taypa
    aeropuerto siu min kam sashimi nigiri tataki maki chaufa ceviche cebiche tiradito
    escabeche sudado chupe juane tacacho cau adobo seco sancochado aguadito caldo
    anticucho tacu pollo pato pavo pulpo calamar choro langostino cangrejo cordero cabrito
    chancho cerdo azucar vinagre aceite ajo culantro oregano comino perejil laurel romero
    rocoto zapallo camote olluco charqui huevo queso yogur manjar helado jugo refresco
    mosto vino espumante oporto fino cava champagne rosado blanco tinto sake"""
)
FEMININE = _words(
    """sal leche carne sangre miel col piel nuez mayonesa salsa crema pasta masa harina
    hoja hierba hierbabuena parihuela jalea causa pachamanca mazamorra carapulcra ocopa
    papa palta yuca cebolla panceta gallina aceituna mantequilla trucha tortilla sopa
    patita humita butifarra sangrecita chanfainita patasca huatia chicha limonada infusion
    kombucha tempura gyoza manzanilla fritura grasa acidez burbuja piña lucuma"""
)
STRESSED_A = frozenset({"agua", "alga", "ave", "ala", "haba", "hacha", "ancla", "arpa", "area"})
SINGULAR_S = frozenset({"anis", "champus", "tres", "mas", "arroz", "pais", "mousse"})


def _head(name: str) -> str:
    words = fold(name).split()
    return words[0] if words else ""


def _singular(word: str) -> str:
    if word.endswith("es") and len(word) > 4 and word[-3] in "lnrdzjy":
        return word[:-2]
    if word.endswith("ces"):
        return word[:-3] + "z"
    return word[:-1] if word.endswith("s") else word


def is_plural(name: str) -> bool:
    head = _head(name)
    return head.endswith("s") and head not in SINGULAR_S and len(head) > 3


def is_feminine(name: str) -> bool:
    head = _head(name)
    if is_plural(name):
        head = _singular(head)
    if head in MASCULINE:
        return False
    if head in FEMININE or head in STRESSED_A:
        return True
    if head.endswith(("cion", "sion", "dad", "tad", "tud", "umbre")):
        return True
    return head.endswith("a")


def article(name: str) -> str:
    """The definite article for ``name``: el, la, los or las.

    >>> [article(n) for n in ("limón", "carne de res", "choros", "pasas", "agua de cebada")]
    ['el', 'la', 'los', 'las', 'el']
    """
    head = _head(name)
    if is_plural(name):
        return "las" if is_feminine(name) else "los"
    if head in STRESSED_A:
        return "el"
    return "la" if is_feminine(name) else "el"


def with_article(name: str, given: str | None = None) -> str:
    """ "el limón", "la carne de res" (``given`` overrides the guessed article)."""
    return f"{given or article(name)} {name}"


def de(phrase: str) -> str:
    """ "de" + a phrase with its article, contracted: "del limón", "de la causa"."""
    return "del " + phrase[3:] if phrase.startswith("el ") else "de " + phrase


def a(phrase: str) -> str:
    """ "a" + a phrase with its article, contracted: "al ceviche", "a la causa"."""
    return "al " + phrase[3:] if phrase.startswith("el ") else "a " + phrase


def lower_first(name: str) -> str:
    """Lower-case the first letter of a name, keeping proper nouns ("Turrón de doña Pepa")."""
    if len(name) > 1 and name[0].isupper() and not name[1].isupper():
        return name[0].lower() + name[1:]
    return name
