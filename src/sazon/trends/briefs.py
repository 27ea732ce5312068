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


def make_brief(analysis: Analysis, term: str, formulation: Formulation | None = None) -> Brief:
    from sazon.generate import GenerationRequest, OpportunityBriefFacts, TemplateGenerator

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
        GenerationRequest(kind="opportunity_brief", facts=facts, lang="es")
    )
    sugar_free = bool(_SUGAR_FREE & set(trend.key.split()))
    checked = screen(formulation or suggested(trend.term, sugar_free))
    evidence = _evidence(trend, now, before, drivers)
    evidence.append(_fit(trend))
    evidence.append(checked.sentence())
    english = [*_evidence_en(trend, now, before, drivers), _fit_en(trend), _screen_en(checked)]
    examples = trend.examples[:3]
    text = "\n\n".join([
        draft.text,
        "Evidencia:\n" + "\n".join(f"- {line}" for line in evidence),
        "Evidence (English):\n" + "\n".join(f"- {line}" for line in english),
        "Textos de ejemplo:\n" + "\n".join(f"- «{e}»" for e in examples),
    ])  # fmt: skip
    return Brief(trend.term, trend.stage, draft.title or trend.term, text, evidence, checked,
                 examples, english)  # fmt: skip


def _category(trend: Trend) -> str:
    if trend.complaint:
        return "complaint"
    if _SUGAR_FREE & set(trend.key.split()):
        return "format"
    if flavours_in(trend.term):
        return "flavour"
    return "product" if trend.products else "ingredient"


def _evidence(trend: Trend, now: int, before: int, drivers: list[Any]) -> list[str]:
    lines = [
        f"Etapa: {STAGES_ES[trend.stage]}, detectada el {trend.first_detected:%d/%m/%Y} "
        f"(sorpresa {number(trend.score)}, −log10 p); {number(trend.growth)} veces su nivel "
        "habitual.",
        f"Volumen: {now} textos en los últimos 7 días, {before} en los 7 anteriores.",
    ]
    if trend.sentiment is not None:
        lines.append(f"Sentimiento medio: {number(round(trend.sentiment, 2))} (de −1 a +1).")
    for d in drivers[:3]:
        lines.append(
            f"Lo impulsa {DIMENSIONS_ES[d.dimension]} «{d.value}»: {d.share:.0%} de sus textos "
            f"frente a {d.base_share:.0%} del resto ({number(d.lift)} veces; p = {d.p:.1g})."
        )
    if not drivers:
        lines.append("Ningún canal, región ni segmento destaca con significancia.")
    if trend.copies:
        lines.append("Ojo: la mayoría de sus textos son copias (bots o copiar y pegar).")
    return lines


def _evidence_en(trend: Trend, now: int, before: int, drivers: list[Any]) -> list[str]:
    """:func:`_evidence`'s facts for a reader of English (same numbers, same order)."""
    lines = [
        f"Stage: {trend.stage}, detected on {trend.first_detected:%Y-%m-%d} (surprise "
        f"{trend.score:g}, −log10 p); {trend.growth:g} times its usual level.",
        f"Volume: {now} texts in the last 7 days, {before} in the 7 before.",
    ]
    if trend.sentiment is not None:
        lines.append(f"Mean sentiment: {round(trend.sentiment, 2):g} (from −1 to +1).")
    for d in drivers[:3]:
        lines.append(
            f"Driven by {d.dimension} «{d.value}»: {d.share:.0%} of its texts against "
            f"{d.base_share:.0%} of the rest ({d.lift:g} times; p = {d.p:.1g})."
        )
    if not drivers:
        lines.append("No channel, region or segment stands out significantly.")
    if trend.copies:
        lines.append("Caution: most of its texts are copies (bots or copy-paste).")
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
