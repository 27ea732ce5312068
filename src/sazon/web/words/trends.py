"""The trend board's words (es-PE first, English second)."""

from __future__ import annotations

WORDS: dict[str, dict[str, str]] = {
    "tr_title": {"es": "Tendencias", "en": "Trends"},
    "tr_intro": {
        "es": "Lo que la gente escribe sobre bebidas, leído día a día: qué sube, en qué etapa "
        "está, quién lo impulsa y qué quejas crecen. Solo alertas significativas.",
        "en": "What people write about drinks, read day by day: what is rising, at what "
        "stage, who drives it and which complaints grow. Only significant alerts.",
    },
    "tr_as_of": {"es": "Al", "en": "As of"},
    "tr_texts": {"es": "textos leídos", "en": "texts read"},
    "tr_empty": {
        "es": "Aún no hay tendencias: carga textos de mercado (reseñas, posts) en «Cargar "
        "datos» o con «sazon ingest market-texts ARCHIVO» (JSONL o CSV con id, fecha, fuente, "
        "texto). Hacen falta al menos tres semanas de textos para comparar.",
        "en": "No trends yet: load market texts (reviews, posts) in “Load data” or with "
        "“sazon ingest market-texts FILE” (JSONL or CSV with id, created_at, source, text). "
        "At least three weeks of texts are needed to compare.",
    },
    "tr_examples": {"es": "textos de ejemplo", "en": "example texts"},
    "tr_term": {"es": "Término", "en": "Term"},
    "tr_last28": {"es": "Últimos 28 días", "en": "Last 28 days"},
    "tr_volume": {"es": "Textos (7 días)", "en": "Texts (7 days)"},
    "tr_growth": {"es": "× habitual", "en": "× usual"},
    "tr_since": {"es": "Desde", "en": "Since"},
    "tr_sentiment": {"es": "Sentimiento", "en": "Sentiment"},
    "tr_drivers": {"es": "Lo impulsa", "en": "Driven by"},
    "tr_brief": {"es": "Brief", "en": "Brief"},
    "tr_alerts": {"es": "Alertas", "en": "Alerts"},
    "tr_no_alerts": {"es": "Sin alertas por ahora.", "en": "No alerts yet."},
    "tr_shifts": {"es": "Cambios de sentimiento", "en": "Sentiment shifts"},
    "tr_no_shifts": {
        "es": "Ningún producto ni sabor cambió de sentimiento de forma significativa esta semana.",
        "en": "No product or flavour changed sentiment significantly this week.",
    },
    "tr_topics": {"es": "Temas", "en": "Topics"},
    "tr_themes": {"es": "De qué se habla", "en": "What people talk about"},
    "tr_themes_note": {
        "es": "Todos los textos de las últimas 5 semanas agrupados en temas; sin tema:",
        "en": "Every text of the last 5 weeks grouped into themes; in no theme:",
    },
    "tr_theme_texts": {"es": "textos", "en": "texts"},
    "tr_theme_sentiment": {"es": "sentimiento", "en": "sentiment"},
    "tr_octagons": {"es": "Octógonos (Ley 30021)", "en": "Octagons (Ley 30021)"},
    "tr_no_octagons": {"es": "Sin octógonos", "en": "No octagons"},
    "tr_complaint": {"es": "queja", "en": "complaint"},
    "tr_copies": {"es": "copias", "en": "copies"},
}
