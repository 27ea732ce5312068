"""Closed vocabularies of ingest, as people write them in Spanish and English.

Each reader folds the value (case, accents, dots and repeated spaces do not matter) and
looks it up; what it cannot read raises ``ValueError`` naming the words it knows, which
becomes the quarantine reason. Free-text vocabularies (platforms, channels) keep a value
they do not know, only shorter than its column.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import cache

from phonenumbers.geodata.locale import LOCALE_DATA


def fold(value: str) -> str:
    """ "  Muy ALTO. " → "muy alto"; "Económico" → "economico"; "medio-alto" → "medio alto"."""
    text = unicodedata.normalize("NFKD", value.strip().lower())
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = re.sub(r"[\s_\-–/]+", " ", text)
    return text.strip(" .,;:!¡¿?")


def _table(groups: dict[str, Iterable[str]]) -> dict[str, str]:
    return {fold(word): canon for canon, words in groups.items() for word in (canon, *words)}


def _lookup(table: dict[str, str], value: str, what: str) -> str:
    """The canonical word for ``value``, or a reason naming what it should be."""
    found = table.get(fold(value))
    if found is None:
        raise ValueError(f"'{value[:60]}' is not {what}")
    return found


_BUDGET = _table(
    {
        "low": ("bajo", "baja", "muy bajo", "economico", "economica", "barato", "basico",
                "ahorro", "cheap", "budget", "$"),
        "medium": ("medio", "media", "medio bajo", "medio alto", "moderado", "intermedio",
                   "regular", "normal", "estandar", "standard", "mid", "middle", "average",
                   "$$"),
        "high": ("alto", "alta", "elevado", "caro", "high", "upper", "expensive", "$$$"),
        "premium": ("muy alto", "muy alta", "vip", "lujo", "de lujo", "luxury", "exclusivo",
                    "top", "very high", "alto premium", "$$$$"),
    }
)  # fmt: skip


def budget(value: str) -> str:
    """A budget tier: low, medium, high or premium ("muy alto", "VIP" and "lujo" are premium)."""
    what = "a budget tier (bajo, medio, alto, muy alto/premium; low, medium, high; $ to $$$$)"
    return _lookup(_BUDGET, value, what)


_COURSE = _table(
    {
        "entrada": ("entradas", "entrada fria", "entrada caliente", "entradas frias",
                    "entradas calientes", "primer plato", "primero", "starter", "starters",
                    "appetizer", "appetizers", "aperitivo"),
        "sopa": ("sopas", "caldo", "caldos", "soup", "soups"),
        "fondo": ("fondos", "plato de fondo", "platos de fondo", "segundo", "segundos",
                  "principal", "principales", "plato principal", "platos principales",
                  "main", "mains", "main course", "main dish", "entree", "entrees"),
        "postre": ("postres", "dulce", "dulces", "dessert", "desserts"),
        "bebida": ("bebidas", "trago", "tragos", "coctel", "cocteles", "coctail", "refresco",
                   "refrescos", "jugo", "jugos", "drink", "drinks", "beverage", "beverages"),
        "piqueo": ("piqueos", "para compartir", "snack", "snacks", "tapa", "tapas", "side",
                   "sides", "guarnicion", "guarniciones", "acompanamiento",
                   "acompanamientos", "piqueo para compartir"),
    }
)  # fmt: skip


def course(value: str) -> str:
    return _lookup(_COURSE, value, "a course (entrada, sopa, fondo, postre, bebida, piqueo)")


_COLOR = _table(
    {
        "red": ("tinto", "tintos", "vino tinto", "rojo", "red wine"),
        "white": ("blanco", "blancos", "vino blanco", "white wine", "espumante", "espumoso",
                  "sparkling"),
        "rose": ("rosado", "rosados", "vino rosado", "rosé", "rose wine"),
        "orange": ("naranjo", "naranja", "vino naranjo", "orange wine"),
        "amber": ("ambar",),
        "clear": ("transparente", "incoloro"),
    }
)  # fmt: skip


def color(value: str) -> str:
    return _lookup(_COLOR, value, "a wine colour (tinto, blanco, rosado, naranjo)")


_STYLE = _table(
    {
        "still": ("tranquilo", "tranquilos", "vino tranquilo"),
        "sparkling": ("espumante", "espumantes", "espumoso", "espumosos", "champagne",
                      "champana", "cava", "prosecco"),
        "fortified": ("fortificado", "fortificados", "generoso", "generosos", "jerez",
                      "oporto", "porto", "port", "sherry"),
        "pisco": ("piscos",),
        "spirit": ("destilado", "destilados", "spirits", "aguardiente"),
        "liqueur": ("licor", "licores", "liqueurs"),
        "sake": (),
    }
)  # fmt: skip


def style(value: str) -> str:
    return _lookup(_STYLE, value, "a style (tranquilo, espumante, fortificado, pisco…)")


_NATIONALITY = _table(
    {
        "PE": ("peruano", "peruana", "per"),
        "CL": ("chileno", "chilena", "chl"),
        "AR": ("argentino", "argentina", "arg"),
        "CO": ("colombiano", "colombiana", "col"),
        "EC": ("ecuatoriano", "ecuatoriana", "ecu"),
        "BO": ("boliviano", "boliviana", "bol"),
        "BR": ("brasileno", "brasilena", "brasilero", "brazilian", "bra", "brasil"),
        "VE": ("venezolano", "venezolana", "ven"),
        "MX": ("mexicano", "mexicana", "mex"),
        "UY": ("uruguayo", "uruguaya", "ury"),
        "PY": ("paraguayo", "paraguaya", "pry"),
        "ES": ("espanol", "espanola", "spanish", "esp"),
        "US": ("estadounidense", "norteamericano", "norteamericana", "american", "usa",
               "eeuu", "ee uu", "ee.uu", "u.s.a", "u.s"),
        "CA": ("canadiense", "canadian", "can"),
        "GB": ("britanico", "britanica", "ingles", "inglesa", "british", "english", "uk",
               "inglaterra", "england", "gbr"),
        "FR": ("frances", "francesa", "french", "fra"),
        "IT": ("italiano", "italiana", "italian", "ita"),
        "DE": ("aleman", "alemana", "german", "deu"),
        "JP": ("japones", "japonesa", "japanese", "jpn"),
        "CN": ("chino", "china", "chinese", "chn"),
        "KR": ("coreano", "coreana", "korean", "kor", "corea", "corea del sur"),
    }
)  # fmt: skip


@cache
def _country_names() -> dict[str, str]:
    """Country names in English and Spanish (phonenumbers' locale data) → ISO code."""
    names: dict[str, str] = {}
    for code, by_lang in LOCALE_DATA.items():
        for lang in ("aa", "en", "es"):
            name = by_lang.get(lang, "")
            while name.startswith("*"):  # a reference to another language's name
                name = by_lang.get(name[1:], "")
            if name:
                names.setdefault(fold(name), code)
    return names


def country(value: str) -> str:
    """A country as its ISO 3166 two-letter code: "Perú", "peruana", "PER", "pe" → "PE"."""
    key = fold(value)
    if len(key) == 2 and key.upper() in LOCALE_DATA:
        return key.upper()
    found = (
        _NATIONALITY.get(key)
        or _NATIONALITY.get(key.replace(" ", ""))
        or (_country_names().get(key))
    )
    if found is None:
        raise ValueError(f"'{value}' is not a country we know (write it like Perú, or PE)")
    return found


_PLATFORM = _table(
    {
        "instagram": ("ig", "insta", "instagram reels", "reels"),
        "facebook": ("fb", "face", "meta"),
        "tiktok": ("tik tok", "tt"),
        "x": ("twitter",),
        "youtube": ("yt", "you tube"),
        "whatsapp": ("wsp", "wasap", "whatsapp business"),
        "linkedin": (),
    }
)


def platform(value: str) -> str:
    """A social network by its usual name ("IG", "Insta" → instagram); others kept, folded."""
    key = fold(value)
    found = _PLATFORM.get(key, key)
    if not found or len(found) > 24:
        raise ValueError(f"'{value[:60]}' is not a platform (instagram, facebook, tiktok…)")
    return found


_CHANNEL = _table(
    {
        "google": ("google maps", "google reviews", "resenas google", "gmb"),
        "tripadvisor": ("trip advisor", "ta"),
        "instagram": ("ig", "insta"),
        "facebook": ("fb", "face"),
        "tiktok": ("tik tok",),
        "whatsapp": ("wsp", "wasap", "wa"),
        "email": ("correo", "e mail", "mail", "correo electronico"),
        "encuesta": ("survey", "encuesta qr", "qr"),
        "presencial": ("en persona", "in person", "salon", "mozo", "waiter"),
        "libro de reclamaciones": ("reclamaciones", "libro de reclamos", "complaints book"),
        "web": ("pagina web", "website", "sitio web"),
        "rappi": (),
        "pedidosya": ("pedidos ya",),
    }
)


def channel(value: str, limit: int = 40) -> str:
    """Where a text came from by its usual name ("Google Maps" → google); others kept."""
    key = fold(value)
    found = _CHANNEL.get(key)
    if found:
        return found
    text = re.sub(r"\s+", " ", value).strip()
    if len(text) > limit:
        raise ValueError(f"'{text[:60]}…' is longer than {limit} characters for a channel")
    return text


_CALENDAR_STATUS = _table(
    {
        "draft": ("borrador", "pendiente"),
        "approved": ("aprobado", "aprobada", "ok"),
        "scheduled": ("programado", "programada", "agendado", "agendada"),
    }
)


def calendar_status(value: str) -> str:
    """A planned post's status as people write it ("programado" → scheduled)."""
    return _lookup(_CALENDAR_STATUS, value, "a status (borrador, aprobado, programado)")
