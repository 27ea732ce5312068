"""The grounded prompt for a chat model, and reading its JSON reply back."""

from __future__ import annotations

import json
import re
from datetime import date, datetime
from typing import Any

from pydantic import BaseModel

from sazon.generate import formatting as fmt
from sazon.generate.base import GenerationRequest
from sazon.generate.grammar import Lang
from sazon.generate.registry import Composition, KindSpec

_TONES: dict[Lang, dict[str, str]] = {
    "es": {
        "warm": "cálido y cercano",
        "elegant": "elegante y sobrio",
        "casual": "relajado y coloquial, con peruanismos solo si caen natural",
        "formal": "formal, tratando de usted o ustedes",
    },
    "en": {
        "warm": "warm and friendly",
        "elegant": "elegant and understated",
        "casual": "relaxed and conversational",
        "formal": "formal",
    },
}

_SYSTEM: dict[Lang, str] = {
    "es": (
        "Eres redactor de un restaurante peruano. Escribes en español del Perú (es-PE), como "
        "lo escribiría una persona de Lima: natural, claro, sin exagerar y sin sonar a "
        "traducción. Reglas que no se rompen:\n"
        "1. Usa solo los datos del JSON. No inventes platos, ingredientes, alérgenos, vinos, "
        "precios, fechas ni cifras.\n"
        "2. Escribe los nombres de platos y vinos tal como aparecen en los datos.\n"
        "3. No digas que algo es «sin gluten», «apto para celíacos», «libre de» algún "
        "alérgeno, vegano o vegetariano, salvo que los datos lo digan (free_from, diet).\n"
        "4. Los precios, solo los de los datos y con el formato S/ 45.00. Las fechas, como "
        "vienen ya formateadas en hora de Lima.\n"
        "5. Responde solo con un objeto JSON, sin texto antes ni después."
    ),
    "en": (
        "You write for a Peruvian restaurant, in clear, natural English with no hype. Rules "
        "you never break:\n"
        "1. Use only the facts in the JSON. Never invent dishes, ingredients, allergens, "
        "wines, prices, dates or figures.\n"
        "2. Write dish and wine names exactly as they appear in the facts.\n"
        "3. Never call anything gluten-free, suitable for coeliacs, free of an allergen, "
        "vegan or vegetarian unless the facts say so (free_from, diet).\n"
        "4. Prices only from the facts, written S/ 45.00. Dates as given, already in Lima "
        "time.\n"
        "5. Reply with a single JSON object only, nothing before or after it."
    ),
}


def _shape(spec: KindSpec, lang: Lang) -> str:
    fields = [f'"{p}": "…"' for p in spec.parts]
    if spec.items:
        fields.append(f'"{spec.items}": ["…", "…"]')
    lead = "Formato de la respuesta" if lang == "es" else "Reply format"
    return f"{lead}: {{{', '.join(fields)}}}"


def _walk_formatted(value: Any, path: str, lang: Lang, out: dict[str, str]) -> None:
    if isinstance(value, BaseModel):
        for name in type(value).model_fields:
            _walk_formatted(getattr(value, name), f"{path}.{name}".lstrip("."), lang, out)
    elif isinstance(value, list):
        for i, item in enumerate(value):
            _walk_formatted(item, f"{path}[{i}]", lang, out)
    elif isinstance(value, datetime):
        out[path] = f"{fmt.day(value, lang)}, {fmt.at_clock(value, lang)}"
    elif isinstance(value, date):
        out[path] = fmt.day(value, lang)
    elif isinstance(value, int | float) and not isinstance(value, bool) and path.endswith("_pen"):
        out[path] = fmt.money(float(value))


def formatted_values(request: GenerationRequest) -> dict[str, str]:
    """Dates in Lima time and prices in soles, ready to quote (the model gets them as is)."""
    out: dict[str, str] = {}
    _walk_formatted(request.facts, "", request.lang, out)
    return out


def build_messages(
    request: GenerationRequest, spec: KindSpec, *, avoid: list[str] | None = None
) -> list[dict[str, str]]:
    """System and user messages: the rules, the task, the facts as JSON, the reply format."""
    lang = request.lang
    facts = request.facts.model_dump(mode="json", exclude_none=True)
    es = lang == "es"
    lines = [
        f"{'Tarea' if es else 'Task'}: {spec.brief[lang]}",
        f"{'Tono' if es else 'Tone'}: {_TONES[lang][request.tone]}",
        f"{'Datos' if es else 'Facts'} (JSON):",
        json.dumps(facts, ensure_ascii=False, indent=1),
    ]
    ready = formatted_values(request)
    if ready:
        lines.append("Valores ya formateados:" if es else "Values ready to quote:")
        lines += [f"- {k}: {v}" for k, v in ready.items()]
    if avoid:
        lines.append(
            "No empieces como estos textos anteriores:" if es
            else "Do not start the way these earlier texts did:"
        )  # fmt: skip
        lines += [f"- {a}" for a in avoid[-8:]]
    lines.append(_shape(spec, lang))
    return [
        {"role": "system", "content": _SYSTEM[lang]},
        {"role": "user", "content": "\n".join(lines)},
    ]


class ReplyError(ValueError):
    """The model's reply is not the JSON object asked for."""


_FENCE = re.compile(r"^```(?:json)?\s*|\s*```$", re.MULTILINE)


def parse_reply(content: str, spec: KindSpec) -> Composition:
    """Read ``{"title": …, "story": …, "menu": [...]}`` back into a composition."""
    text = _FENCE.sub("", content.strip())
    start, end = text.find("{"), text.rfind("}")
    if start < 0 or end <= start:
        raise ReplyError("the reply is not a JSON object")
    try:
        data = json.loads(text[start : end + 1])
    except json.JSONDecodeError as exc:
        raise ReplyError(f"the reply is not valid JSON ({exc.msg})") from None
    if not isinstance(data, dict):
        raise ReplyError("the reply is not a JSON object")
    parts: dict[str, str] = {}
    for name in spec.parts:
        value = data.get(name)
        if not isinstance(value, str) or not value.strip():
            raise ReplyError(f"the reply has no {name!r}")
        parts[name] = " ".join(value.split())
    items: list[str] = []
    if spec.items:
        raw = data.get(spec.items, [])
        if isinstance(raw, str):
            raw = [raw]
        if not isinstance(raw, list) or not all(isinstance(i, str) for i in raw):
            raise ReplyError(f"{spec.items!r} must be a list of strings")
        items = [" ".join(i.split()) for i in raw if i.strip()]
    return Composition(parts=parts, items=items)


_ES_WORDS = frozenset(
    {"el", "la", "los", "las", "de", "del", "que", "y", "en", "con", "para", "por", "una", "un",
     "es", "su", "se", "al", "nuestro", "nuestra", "lo"}
)  # fmt: skip
_EN_WORDS = frozenset(
    {"the", "and", "of", "with", "for", "to", "is", "our", "in", "on", "your", "this", "that",
     "it", "are", "be"}
)  # fmt: skip
_WORD = re.compile(r"[a-záéíóúñ]+")


def wrong_language(text: str, lang: Lang) -> bool:
    """Whether a text is clearly in the other language (by its function words)."""
    tokens = _WORD.findall(text.lower())
    es = sum(t in _ES_WORDS for t in tokens)
    en = sum(t in _EN_WORDS for t in tokens)
    mine, other = (es, en) if lang == "es" else (en, es)
    return mine + other >= 8 and other > 2 * mine
