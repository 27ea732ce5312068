"""Product-opportunity briefs: for a rising flavour or product, a short brief in Spanish
grounded in the evidence — its numbers and stage, who drives it, example texts, the fit with
the maker's products and the front-of-pack octagon screen of the suggested formulation.

The prose comes from ``sazon.generate``'s ``opportunity_brief`` kind (the template backend:
offline, deterministic, checked for grounding); the evidence lines are written here from the
numbers, so every figure in the brief is one the board shows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sazon.errors import NotFound
from sazon.trends.model import STAGES_ES, VOLUME, Trend
from sazon.trends.octagons import Formulation, Screen, number, screen, suggested
from sazon.trends.segments import DIMENSIONS_ES
from sazon.trends.subjects import flavours_in
from sazon.trends.terms import words

if TYPE_CHECKING:
    from sazon.trends.analysis import Analysis
    from sazon.trends.sales import Lead

_SUGAR_FREE = {"sin", "zero", "cero", "light", "diet"}


@dataclass
class Brief:
    term: str
    stage: str
    title: str
    text: str  # the whole brief, ready to paste
    evidence: list[str]  # the grounded lines, one fact each
    screen: Screen
    examples: list[str] = field(default_factory=list)
    evidence_en: list[str] = field(default_factory=list)  # the same facts, in English
    sales: Lead | None = None  # the trend's lead over a product's sales, when given

    def to_json(self) -> dict[str, Any]:
        return {
            "term": self.term,
            "stage": self.stage,
            "stage_es": STAGES_ES[self.stage],
            "title": self.title,
            "text": self.text,
            "evidence": self.evidence,
            "evidence_en": self.evidence_en,
            "octagons": self.screen.to_json(),
            "examples": self.examples,
            "sales": self.sales.to_json() if self.sales is not None else None,
        }


def find_trend(analysis: Analysis, term: str) -> Trend:
    """The reported trend called ``term`` (as written or normalised), else a NotFound that
    names the trends there are."""
    want = " ".join(words(term))
    for t in analysis.report.trends:
        if t.key != VOLUME and want in (t.key, " ".join(words(t.term))):
            return t
    names = ", ".join(t.term for t in analysis.report.trends if t.key != VOLUME)[:300]
    raise NotFound(
        f"«{term}» no es una tendencia ahora / is not a trend now. "
        f"Tendencias: {names or 'ninguna (carga textos de mercado primero)'}"
    )


def make_brief(
    analysis: Analysis,
    term: str,
    formulation: Formulation | None = None,
    lead: Lead | None = None,
    lang: str = "es",
) -> Brief:
    """The brief of ``term``, its text in ``lang`` (es or en); ``lead``
    (:func:`sazon.trends.sales.trend_lead`) adds how the trend's weekly volume leads a
    product's sales. The evidence lines come in both languages either way (``evidence``,
    ``evidence_en``), for a reader who forwards the brief to a colleague of the other one."""
    from sazon.generate import GenerationRequest, OpportunityBriefFacts, TemplateGenerator

    en = lang == "en"
    trend = find_trend(analysis, term)
    series = analysis.series.get(trend.key, [])
    now, before = sum(series[-7:]), sum(series[-14:-7])
    who = analysis.who.get(trend.key, {})
    drivers = analysis.segments.get(trend.key, [])
    facts = OpportunityBriefFacts(
        term=trend.term,
        category=_category(trend),
        mentions=now,
        previous_mentions=before if len(series) >= 14 else None,
        period_days=7,
        sentiment=trend.sentiment,
        # "Lo impulsan…" only for a significant driver; where it is said is plain shares.
        segments=[d.value for d in drivers if d.dimension == "segment"][:3],
        channels=[v for v, _ in who.get("source", [])[:2]],
        regions=[v for v, _ in who.get("region", [])[:2]],
        related_terms=trend.related[:3],
        brand=trend.products[0] if trend.products else None,
    )
    draft = TemplateGenerator().generate(
        GenerationRequest(kind="opportunity_brief", facts=facts, lang="en" if en else "es")
    )
    sugar_free = bool(_SUGAR_FREE & set(trend.key.split()))
    checked = screen(formulation or suggested(trend.term, sugar_free))
    evidence = _evidence(trend, now, before, drivers)
    evidence.append(_fit(trend))
    evidence.append(checked.sentence())
    english = [*_evidence(trend, now, before, drivers, "en"), _fit_en(trend), _screen_en(checked)]
    if lead is not None:
        evidence.append(lead.sentence("es"))
        english.append(lead.sentence("en"))
    examples = trend.examples[:3]
    # The text a reader pastes is in one language only; the examples are what people wrote.
    heads = ("Evidence", "Example texts") if en else ("Evidencia", "Textos de ejemplo")
    text = "\n\n".join([
        draft.text,
        f"{heads[0]}:\n" + "\n".join(f"- {line}" for line in (english if en else evidence)),
        f"{heads[1]}:\n" + "\n".join(f"- «{e}»" for e in examples),
    ])  # fmt: skip
    return Brief(trend.term, trend.stage, draft.title or trend.term, text, evidence, checked,
                 examples, english, lead)  # fmt: skip


def _category(trend: Trend) -> str:
    if trend.complaint:
        return "complaint"
    if _SUGAR_FREE & set(trend.key.split()):
        return "format"
    if flavours_in(trend.term):
        return "flavour"
    return "product" if trend.products else "ingredient"


# The evidence's sentences, one table per language with the same facts in the same order;
# ``number``, ``day``, ``stage`` and ``dimension`` write a value the way each reader expects.
_EVIDENCE: dict[str, dict[str, Any]] = {
    "es": {
        "stage": "Etapa: {stage}, detectada el {day} (sorpresa {score}, −log10 p); {growth} "
                 "veces su nivel habitual.",
        "volume": "Volumen: {now} textos en los últimos 7 días, {before} en los 7 anteriores.",
        "sentiment": "Sentimiento medio: {sentiment} (de −1 a +1).",
        "driver": "Lo impulsa {dimension} «{value}»: {share:.0%} de sus textos frente a "
                  "{base:.0%} del resto ({lift} veces; p = {p:.1g}).",
        "no_driver": "Ningún canal, región ni segmento destaca con significancia.",
        "copies": "Ojo: la mayoría de sus textos son copias (bots o copiar y pegar).",
        "number": number,
        "day": "{:%d/%m/%Y}".format,
        "stage_name": STAGES_ES.__getitem__,
        "dimension": DIMENSIONS_ES.__getitem__,
    },
    "en": {
        "stage": "Stage: {stage}, detected on {day} (surprise {score}, −log10 p); {growth} "
                 "times its usual level.",
        "volume": "Volume: {now} texts in the last 7 days, {before} in the 7 before.",
        "sentiment": "Mean sentiment: {sentiment} (from −1 to +1).",
        "driver": "Driven by {dimension} «{value}»: {share:.0%} of its texts against "
                  "{base:.0%} of the rest ({lift} times; p = {p:.1g}).",
        "no_driver": "No channel, region or segment stands out significantly.",
        "copies": "Caution: most of its texts are copies (bots or copy-paste).",
        "number": "{:g}".format,
        "day": "{:%Y-%m-%d}".format,
        "stage_name": str,
        "dimension": str,
    },
}  # fmt: skip


def _evidence(
    trend: Trend, now: int, before: int, drivers: list[Any], lang: str = "es"
) -> list[str]:
    """The facts behind a brief, in ``lang`` (the same numbers and order in each)."""
    w = _EVIDENCE[lang]
    num = w["number"]
    lines = [
        w["stage"].format(
            stage=w["stage_name"](trend.stage), day=w["day"](trend.first_detected),
            score=num(trend.score), growth=num(trend.growth),
        ),
        w["volume"].format(now=now, before=before),
    ]  # fmt: skip
    if trend.sentiment is not None:
        lines.append(w["sentiment"].format(sentiment=num(round(trend.sentiment, 2))))
    for d in drivers[:3]:
        lines.append(
            w["driver"].format(
                dimension=w["dimension"](d.dimension), value=d.value, share=d.share,
                base=d.base_share, lift=num(d.lift), p=d.p,
            )
        )  # fmt: skip
    if not drivers:
        lines.append(w["no_driver"])
    if trend.copies:
        lines.append(w["copies"])
    return lines


def _fit_en(trend: Trend) -> str:
    if trend.products:
        return f"Portfolio fit: people already talk about {', '.join(trend.products)}."
    return "Portfolio fit: tied to none of the maker's products; it would be a new line."


def _screen_en(checked: Screen) -> str:
    f = checked.formulation
    per = (f"{f.sugar_g:g} g sugar, {f.sodium_mg:g} mg sodium, {f.saturated_fat_g:g} g "
           "saturated fat per 100 ml")  # fmt: skip
    if checked.octagons:
        return (f"Octagon screen (Law 30021): «{f.name}» ({per}) would carry "
                f"{len(checked.octagons)} warning(s); reformulate below 5 g sugar and 100 mg "
                "sodium.")  # fmt: skip
    return (f"Octagon screen (Law 30021): «{f.name}» ({per}) would carry no octagon: drink "
            "thresholds 5 g, 100 mg and 3 g.")  # fmt: skip


def _fit(trend: Trend) -> str:
    if trend.products:
        return f"Encaje con la cartera: ya se habla de {', '.join(trend.products)}."
    return "Encaje con la cartera: no se asocia a ningún producto propio; sería una línea nueva."
