"""Sazón's Grafana dashboards as code (grafana-foundation-sdk 11.6).

    python deploy/grafana/build.py          # writes deploy/grafana/dashboards/*.json

One overview and one dashboard per tool, in Spanish. Every panel's query names only metrics
the api or the worker export (tests/integration/test_operations.py runs each one against a
live Prometheus scraping both). The JSON is committed; a test checks that regenerating it
gives the same bytes, so edit this file, never the JSON.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from pathlib import Path

from grafana_foundation_sdk.builders import dashboard, prometheus, stat, timeseries
from grafana_foundation_sdk.cog.encoder import JSONEncoder
from grafana_foundation_sdk.models.dashboard import DataSourceRef

OUT = Path(__file__).resolve().parent / "dashboards"
DATASOURCE = DataSourceRef(type_val="prometheus", uid="prometheus")
RATE = "5m"  # a window of several scrapes at the default 15 s interval


@dataclass(frozen=True)
class Query:
    expr: str
    legend: str = ""


@dataclass(frozen=True)
class Panel:
    title: str
    queries: tuple[Query, ...]
    unit: str = "short"
    kind: str = "timeseries"  # or "stat": one number
    description: str = ""


def q(expr: str, legend: str = "") -> Query:
    return Query(expr, legend)


def p95(metric: str, by: str = "") -> str:
    group = f"le, {by}" if by else "le"
    return f"histogram_quantile(0.95, sum by ({group}) (rate({metric}_bucket[{RATE}])))"


# -- the panels -------------------------------------------------------------------------------

API_ERROR_RATE = (
    f'(sum(rate(sazon_http_requests_total{{status=~"5.."}}[{RATE}])) or vector(0))'
    f" / sum(rate(sazon_http_requests_total[{RATE}]))"
)
QUARANTINE_RATE = (
    f'sum(rate(sazon_ingest_rows_total{{outcome="quarantined"}}[{RATE}]))'
    f" / sum(rate(sazon_ingest_rows_total[{RATE}]))"
)

DASHBOARDS: dict[str, tuple[str, str, list[Panel]]] = {
    "sazon-resumen": (
        "Sazón · Resumen",
        "¿Está sano Sazón y qué está haciendo? Una fila por herramienta.",
        [
            Panel(
                "API: solicitudes por segundo",
                (q(f"sum(rate(sazon_http_requests_total[{RATE}]))", "solicitudes/s"),),
                "reqps",
            ),
            Panel(
                "API: tasa de errores (5xx)", (q(API_ERROR_RATE, "errores"),), "percentunit", "stat"
            ),
            Panel(
                "API: latencia p95", (q(p95("sazon_http_request_duration_seconds"), "p95"),), "s"
            ),
            Panel("Workers en línea", (q('sum(up{job="sazon-worker"})', "workers"),), kind="stat"),
            Panel(
                "Planes por día",
                (q("sum(increase(sazon_events_plans_total[1d]))", "planes"),),
                kind="stat",
            ),
            Panel(
                "Invitados sin plato (platos, 24 h)",
                (q("sum(increase(sazon_events_unserved_guest_courses_total[1d]))", "sin plato"),),
                kind="stat",
            ),
            Panel("Maridaje: latencia p95", (q(p95("sazon_pairing_suggest_seconds"), "p95"),), "s"),
            Panel("Bus: mensajes por leer", (q("sum by (group) (sazon_bus_lag)", "{{group}}"),)),
            Panel(
                "Bus: mensajes en la cola de errores (DLQ)",
                (q("max(sazon_bus_dlq_messages_all)", "DLQ"),),
                kind="stat",
            ),
            Panel(
                "Ingesta: tasa de cuarentena", (q(QUARANTINE_RATE, "cuarentena"),), "percentunit"
            ),
        ],
    ),
    "sazon-api": (
        "Sazón · API",
        "Tráfico, errores y latencia por ruta (plantilla de ruta, nunca la URL con datos).",
        [
            Panel(
                "Solicitudes por ruta",
                (q(f"sum by (route) (rate(sazon_http_requests_total[{RATE}]))", "{{route}}"),),
                "reqps",
            ),
            Panel(
                "Respuestas por estado",
                (q(f"sum by (status) (rate(sazon_http_requests_total[{RATE}]))", "{{status}}"),),
                "reqps",
            ),
            Panel("Tasa de errores (5xx)", (q(API_ERROR_RATE, "errores"),), "percentunit"),
            Panel(
                "Latencia p95 por ruta",
                (q(p95("sazon_http_request_duration_seconds", "route"), "{{route}}"),),
                "s",
            ),
            Panel(
                "Latencia p99",
                (q(p95("sazon_http_request_duration_seconds").replace("0.95", "0.99"), "p99"),),
                "s",
            ),
        ],
    ),
    "sazon-bus": (
        "Sazón · Bus de eventos",
        "Lo publicado, lo procesado, los reintentos y la cola de errores, por tema y grupo.",
        [
            Panel(
                "Publicados por tema",
                (q(f"sum by (topic) (rate(sazon_bus_published_total[{RATE}]))", "{{topic}}"),),
                "ops",
            ),
            Panel(
                "Procesados por grupo",
                (
                    q(
                        f"sum by (group, outcome) (rate(sazon_bus_handled_total[{RATE}]))",
                        "{{group}} {{outcome}}",
                    ),
                ),
                "ops",
            ),
            Panel(
                "Reintentos por grupo",
                (
                    q(
                        "sum by (group) (increase(sazon_bus_retried_total[1h])) or vector(0)",
                        "{{group}}",
                    ),
                ),
            ),
            Panel(
                "Enviados a la DLQ (1 h)",
                (q("sum(increase(sazon_bus_dead_lettered_total[1h])) or vector(0)", "DLQ"),),
                kind="stat",
            ),
            Panel(
                "Retraso por grupo y tema",
                (q("sum by (group, topic) (sazon_bus_lag)", "{{group}} · {{topic}}"),),
            ),
            Panel(
                "Mensajes en cada DLQ",
                (
                    q(
                        "max by (topic) (sazon_bus_dlq_messages)"
                        " or max(sazon_bus_dlq_messages_all)",
                        "{{topic}}",
                    ),
                ),
            ),
            Panel(
                "Procesadores por worker",
                (q("sum by (instance) (sazon_worker_processors)", "{{instance}}"),),
                kind="stat",
            ),
        ],
    ),
    "sazon-ingesta": (
        "Sazón · Ingesta",
        "Filas aceptadas, fusionadas y en cuarentena por tipo; lo que queda por revisar.",
        [
            Panel(
                "Filas por resultado",
                (q("sum by (outcome) (increase(sazon_ingest_rows_total[1h]))", "{{outcome}}"),),
            ),
            Panel(
                "Filas por tipo",
                (q("sum by (kind) (increase(sazon_ingest_rows_total[1h]))", "{{kind}}"),),
            ),
            Panel("Tasa de cuarentena", (q(QUARANTINE_RATE, "cuarentena"),), "percentunit"),
            Panel(
                "Cuarentena abierta por tipo",
                (q("max by (kind) (sazon_ingest_quarantine_open)", "{{kind}}"),),
            ),
            Panel(
                "Duración p95 de un archivo",
                (q(p95("sazon_ingest_duration_seconds", "kind"), "{{kind}}"),),
                "s",
            ),
        ],
    ),
    "sazon-eventos": (
        "Sazón · Planificador de eventos",
        "Planes por día y estado, tiempo de cálculo, invitados sin plato y restricciones"
        " por confirmar.",
        [
            Panel(
                "Planes por día y estado",
                (q("sum by (status) (increase(sazon_events_plans_total[1d]))", "{{status}}"),),
            ),
            Panel("Tiempo de cálculo p95", (q(p95("sazon_events_solve_seconds"), "p95"),), "s"),
            Panel(
                "Platos sin servir (24 h)",
                (q("sum(increase(sazon_events_unserved_guest_courses_total[1d]))", "sin plato"),),
                kind="stat",
            ),
            Panel(
                "Restricciones por confirmar (24 h)",
                (
                    q(
                        "sum(increase(sazon_events_restrictions_to_confirm_total[1d]))",
                        "por confirmar",
                    ),
                ),
                kind="stat",
            ),
        ],
    ),
    "sazon-maridaje": (
        "Sazón · Maridaje",
        "Sugerencias, latencia e ingredientes que la base de conocimiento no reconoce.",
        [
            Panel(
                "Platos maridados por hora",
                (
                    q(
                        "sum by (drinks) (increase(sazon_pairing_suggestions_total[1h]))",
                        "{{drinks}}",
                    ),
                ),
            ),
            Panel("Latencia p95", (q(p95("sazon_pairing_suggest_seconds"), "p95"),), "s"),
            Panel(
                "Ingredientes desconocidos (24 h)",
                (q("sum(increase(sazon_pairing_unknown_ingredients_total[1d]))", "desconocidos"),),
                kind="stat",
            ),
        ],
    ),
    "sazon-texto": (
        "Sazón · Texto y generación",
        "Sentimiento por aspecto en el tiempo, versión del modelo, textos generados y rechazos.",
        [
            Panel(
                "Textos puntuados por sentimiento",
                (q("sum by (label) (increase(sazon_text_scored_total[1h]))", "{{label}}"),),
            ),
            Panel(
                "Sentimiento por aspecto",
                (
                    q(
                        "sum by (aspect, label) (increase(sazon_text_aspect_mentions_total[1h]))",
                        "{{aspect}} {{label}}",
                    ),
                ),
            ),
            Panel(
                "Versión del modelo de sentimiento",
                (q("max by (version) (sazon_text_model_info)", "{{version}}"),),
                kind="stat",
            ),
            Panel(
                "Textos generados por tipo",
                (
                    q(
                        "sum by (kind, backend) (increase(sazon_generate_texts_total[1h]))",
                        "{{kind}} ({{backend}})",
                    ),
                ),
            ),
            Panel(
                "Chequeos de veracidad (grounding)",
                (
                    q(
                        "sum by (outcome) (increase(sazon_generate_grounding_checks_total[1h]))",
                        "{{outcome}}",
                    ),
                ),
            ),
        ],
    ),
    "sazon-experiencia": (
        "Sazón · Experiencia y modelos",
        "Latencia de recomendaciones y la última evaluación de cada modelo.",
        [
            Panel(
                "Recomendaciones: latencia p95",
                (q(p95("sazon_experience_recommendation_seconds"), "p95"),),
                "s",
            ),
            Panel(
                "Calidad de los modelos (última evaluación)",
                (
                    q(
                        "max by (model, version, metric) (sazon_model_metric)",
                        "{{model}} {{version}} {{metric}}",
                    ),
                ),
            ),
        ],
    ),
}


def build_panel(panel: Panel) -> timeseries.Panel | stat.Panel:
    builder = timeseries.Panel() if panel.kind == "timeseries" else stat.Panel()
    builder.title(panel.title).datasource(DATASOURCE).unit(panel.unit)
    builder.height(8).span(12 if panel.kind == "timeseries" else 6)
    if panel.description:
        builder.description(panel.description)
    for i, query in enumerate(panel.queries):
        target = prometheus.Dataquery().expr(query.expr).ref_id(chr(ord("A") + i))
        if query.legend:
            target.legend_format(query.legend)
        builder.with_target(target)
    return builder


def build(uid: str) -> dict[str, object]:
    title, description, panels = DASHBOARDS[uid]
    board = (
        dashboard.Dashboard(title)
        .uid(uid)
        .description(description)
        .tags(["sazon"])
        .timezone("America/Lima")
        .time("now-24h", "now")
        .refresh("1m")
        .readonly()
    )
    for panel in panels:
        board.with_panel(build_panel(panel))
    data: dict[str, object] = json.loads(json.dumps(board.build(), cls=JSONEncoder))
    return data


def render(uid: str) -> str:
    return json.dumps(build(uid), indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def main(out: Path = OUT) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for uid in DASHBOARDS:
        path = out / f"{uid}.json"
        path.write_text(render(uid), encoding="utf-8")
        written.append(path)
    return written


if __name__ == "__main__":
    for path in main(Path(sys.argv[1]) if len(sys.argv) > 1 else OUT):
        print(path)
