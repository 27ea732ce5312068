"""``opportunity_brief``: a product-opportunity brief from a trend the trend spotter found."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from sazon.generate import formatting as fmt
from sazon.generate.facts import Facts
from sazon.generate.grammar import Lang
from sazon.generate.kinds.common import Ctx
from sazon.generate.phrasebank import Picker
from sazon.generate.registry import Composition, KindSpec
from sazon.generate.sentences import join

TrendCategory = Literal["flavour", "ingredient", "product", "format", "occasion", "complaint"]
Audience = Literal["product", "marketing", "sales"]


class OpportunityBriefFacts(Facts):
    """A trend in numbers: mentions now and before, sentiment, who and where."""

    term: str = Field(min_length=1, max_length=80)
    category: TrendCategory = "flavour"
    mentions: int = Field(ge=0)
    previous_mentions: int | None = Field(default=None, ge=0)
    growth_pct: float | None = None
    period_days: int = Field(default=30, ge=1, le=3650)
    sentiment: float | None = Field(default=None, ge=-1, le=1)
    segments: list[str] = Field(default_factory=list)
    related_terms: list[str] = Field(default_factory=list)
    channels: list[str] = Field(default_factory=list)
    regions: list[str] = Field(default_factory=list)
    brand: str | None = None
    audience: Audience = "product"


def _growth(facts: OpportunityBriefFacts) -> float | None:
    if facts.growth_pct is not None:
        return facts.growth_pct
    if facts.previous_mentions:
        return 100.0 * (facts.mentions - facts.previous_mentions) / facts.previous_mentions
    return None


def _sentiment_word(score: float, lang: Lang) -> str:
    if score > 0.3:
        return "mayormente positivo" if lang == "es" else "mostly positive"
    if score < -0.3:
        return "mayormente negativo" if lang == "es" else "mostly negative"
    return "dividido" if lang == "es" else "mixed"


_EVIDENCE = ("sentiment", "segments", "channels", "regions", "related")


def compose(facts: OpportunityBriefFacts, picker: Picker) -> Composition:
    lang = picker.lang
    unit = ("mención", "menciones") if lang == "es" else ("mention", "mentions")
    ctx: Ctx = {
        "term": " ".join(facts.term.split()),
        "mentions": fmt.count(facts.mentions, *unit, lang, "f"),
        "period": _period(facts.period_days, lang),
    }
    if facts.previous_mentions is not None:
        ctx["previous"] = fmt.count(facts.previous_mentions, *unit, lang, "f")
    growth = _growth(facts)
    if growth is not None:
        ctx["growth"] = fmt.percent(abs(growth), lang)
    if facts.sentiment is not None:
        ctx["sentiment"] = _sentiment_word(facts.sentiment, lang)
        ctx["score"] = f"{facts.sentiment:+.2f}"
    for key, field in (("segments", "segments"), ("related", "related_terms"),
                       ("channels", "channels"), ("regions", "regions")):  # fmt: skip
        values = [" ".join(v.split()) for v in getattr(facts, field) if v.strip()]
        if values:
            ctx[key] = join(values, lang)
    if facts.brand:
        ctx["brand"] = facts.brand
    title_pool = "title_complaint" if facts.category == "complaint" else "title"
    if growth is not None and growth > 0.5:
        summary_pool = "summary_up"
    elif growth is not None and growth < -0.5:
        summary_pool = "summary_down"
    else:
        summary_pool = "summary_flat"
    evidence = [picker.say(slot, ctx) for slot in _EVIDENCE if slot in ctx]
    steps: list[str] = []
    for _ in range(3):
        step = picker.say(f"next_{facts.audience}", ctx)
        if step and step not in steps:
            steps.append(step)
    parts = {
        "title": picker.say(title_pool, ctx) or "",
        "summary": picker.say(summary_pool, ctx) or "",
        "evidence": " ".join(e for e in evidence if e),
        "opportunity": picker.say(f"opportunity_{facts.category}", ctx) or "",
    }
    return Composition(parts=parts, items=steps)


def _period(days: int, lang: Lang) -> str:
    if days == 1:
        return "el último día" if lang == "es" else "the last day"
    return f"los últimos {days} días" if lang == "es" else f"the last {days} days"


SPEC = KindSpec(
    name="opportunity_brief",
    facts=OpportunityBriefFacts,
    compose=compose,
    parts=("title", "summary", "evidence", "opportunity"),
    items="next_steps",
    items_heading={"es": "Próximos pasos", "en": "Next steps"},
    brief={
        "es": "Un brief de oportunidad de producto para el equipo indicado (audience): un "
        "título (title), un resumen con los números (summary), la evidencia: sentimiento, "
        "segmentos, canales, regiones, términos relacionados (evidence), la oportunidad en "
        "una o dos oraciones (opportunity) y tres próximos pasos concretos (next_steps). Usa "
        "solo los números dados.",
        "en": "A product-opportunity brief for the given team (audience): a title, a summary "
        "with the numbers, the evidence: sentiment, segments, channels, regions, related "
        "terms (evidence), the opportunity in one or two sentences, and three concrete next "
        "steps (next_steps). Use only the numbers given.",
    },
)
