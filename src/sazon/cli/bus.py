"""``sazon worker`` and ``sazon bus topics|lag|tail|replay-dlq|relay``: run and operate the bus."""

from __future__ import annotations

import importlib
import json
import logging
import signal
import threading
import time
from collections.abc import Callable
from datetime import timedelta
from types import FrameType
from typing import Annotated

import typer
from sqlalchemy import Engine

from sazon.bus import (
    DLQ_SUFFIX,
    Bus,
    Processor,
    Worker,
    lag_source,
    make_bus,
    pending,
    prune_processed,
    relay,
)
from sazon.cli.output import Format, console, emit, emit_json, err_console
from sazon.cli.state import AppState
from sazon.config import Settings
from sazon.errors import DependencyUnavailable, InvalidInput
from sazon.monitoring import WORKER_UP, add_source
from sazon.store import make_engine
from sazon.timeutil import to_lima, utcnow

log = logging.getLogger(__name__)
bus_app = typer.Typer(help="Bus de eventos / the event bus.", no_args_is_help=True)
FormatOpt = Annotated[Format, typer.Option("--format", "-f", help="table, json or csv.")]

# Every processor `sazon worker` can run: name → "module:factory(settings) -> Processor".
# Imported only when the worker starts, so other commands stay fast.
PROCESSORS: dict[str, str] = {
    "feedback-sentiment": "sazon.text.processors:feedback_sentiment_processor",
    "events-replan": "sazon.events.processors:replan_processor",
    "experience-learn": "sazon.experience.learn:experience_learn_processor",
    "social-learn": "sazon.social.learning:social_learn_processor",
    "trends-webhook": "sazon.trends.delivery:webhook_processor",
}
# Processors that run by default only when configured (a webhook needs its URL).
CONFIGURED: dict[str, Callable[[Settings], bool]] = {
    "trends-webhook": lambda s: bool(s.trends.webhook_url),
    "social-learn": lambda s: s.social.auto_retrain,
}


def load_processors(settings: Settings, names: list[str] | None = None) -> list[Processor]:
    """Build the named processors (all registered ones when ``names`` is empty)."""
    wanted = names or [n for n in PROCESSORS if CONFIGURED.get(n, bool)(settings)]
    unknown = [n for n in wanted if n not in PROCESSORS]
    if unknown:
        raise InvalidInput(
            f"unknown processor(s) {', '.join(unknown)}: use {', '.join(PROCESSORS) or 'none'}"
        )
    built = []
    for name in wanted:
        module, _, factory = PROCESSORS[name].partition(":")
        processor = getattr(importlib.import_module(module), factory)(settings)
        if not isinstance(processor, Processor) or processor.name != name:
            raise TypeError(f"{PROCESSORS[name]} must return Processor(name={name!r}, …)")
        built.append(processor)
    return built


def make_worker(
    bus: Bus, engine: Engine, settings: Settings, processors: list[Processor]
) -> Worker:
    """A worker with the configured batch size and wait (``SAZON_BUS__BATCH_SIZE``, …)."""
    return Worker(
        bus,
        engine,
        processors,
        batch_size=settings.bus.batch_size,
        max_batch_wait=settings.bus.max_batch_wait,
    )


def serve_metrics(bus: Bus, processors: list[Processor], host: str, port: int) -> None:
    """The worker's own /metrics (bus counters, consumer lag) in a daemon thread."""
    from prometheus_client import start_http_server

    from sazon.monitoring import REGISTRY

    add_source("bus-lag", lag_source(bus, processors))
    WORKER_UP.set(len(processors))
    start_http_server(port, host, registry=REGISTRY)


class BackgroundWorker:
    """The registered processors in a thread of another process (``sazon serve --worker``).

    One command runs the whole demo: on the embedded bus a separate worker process buys
    nothing but a second terminal.
    """

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._worker: Worker | None = None
        self._thread: threading.Thread | None = None
        self._bus: Bus | None = None
        self._engine: Engine | None = None

    def start(self) -> None:
        self._engine = make_engine(self.settings.db_url, self.settings.database_busy_timeout_s)
        self._bus = make_bus(self.settings.bus.url, self._engine)
        processors = load_processors(self.settings)
        self._worker = make_worker(self._bus, self._engine, self.settings, processors)
        # Same process as the api: its /metrics also shows this worker's lag.
        add_source("bus-lag", lag_source(self._bus, processors))
        WORKER_UP.set(len(processors))
        self._thread = threading.Thread(target=self._run, name="sazon-worker", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        assert self._worker is not None
        while True:
            try:
                self._worker.run()
                return
            except DependencyUnavailable as exc:  # the store or broker blinked: try again
                log.warning("worker paused: %s", exc.message)
                # Fresh consumers resume from the committed offsets (the worker already
                # dropped its own; closing again is harmless and keeps that true).
                self._worker.close()
                time.sleep(5)
            except Exception:  # a bug in a processor must not silently end the thread
                log.exception("worker failed; restarting from the committed offsets")
                self._worker.close()
                time.sleep(5)

    def stop(self) -> None:
        if self._worker is not None:
            self._worker.stop()
        if self._thread is not None:
            self._thread.join(timeout=10)
        if self._worker is not None:
            self._worker.close()
        if self._bus is not None:
            self._bus.close()
        if self._engine is not None:
            self._engine.dispose()


def worker(
    ctx: typer.Context,
    processor: Annotated[
        list[str] | None,
        typer.Option("--processor", "-p", help="Run only these processors (repeatable)."),
    ] = None,
    drain: Annotated[
        bool, typer.Option(help="Process what is there, then stop (batch jobs, cron).")
    ] = False,
    max_idle: Annotated[
        float | None, typer.Option(help="Stop after this many seconds without events.")
    ] = None,
    metrics_port: Annotated[
        int | None,
        typer.Option(help="Serve Prometheus metrics at http://HOST:PORT/metrics (0: off)."),
    ] = None,
    metrics_host: Annotated[
        str, typer.Option(help="Address for --metrics-port (0.0.0.0 in a container).")
    ] = "127.0.0.1",
) -> None:
    """Corre los procesadores del bus hasta Ctrl+C / run the bus processors until stopped.

    It resumes from each processor's committed offset, and also sends events that are still
    waiting in the outbox.
    """
    state: AppState = ctx.obj
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    processors = load_processors(state.settings, processor)
    names = (
        ", ".join(p.name for p in processors)
        or "ninguno (solo envía lo que espera en la bandeja de salida)"
    )
    err_console.print(f"Bus: {state.settings.bus.url} · procesadores: {names}")
    if metrics_port:
        serve_metrics(state.bus, processors, metrics_host, metrics_port)
        err_console.print(f"Métricas / metrics: http://{metrics_host}:{metrics_port}/metrics")
    with make_worker(state.bus, state.engine, state.settings, processors) as w:

        def stop(_signum: int, _frame: FrameType | None) -> None:
            err_console.print("Deteniendo tras el lote en curso… / stopping after this batch")
            w.stop()

        signal.signal(signal.SIGINT, stop)
        signal.signal(signal.SIGTERM, stop)
        started = time.monotonic()
        stats = w.drain(timeout=3600) if drain else w.run(max_idle_seconds=max_idle)
    err_console.print(
        f"Listo en {time.monotonic() - started:.1f} s: {stats.processed} procesados, "
        f"{stats.duplicates} repetidos omitidos, {stats.retries} reintentos, "
        f"{stats.dead_lettered} a la cola de errores (DLQ), "
        f"{stats.relayed} enviados desde la bandeja de salida."
    )


@bus_app.command("topics")
def topics(ctx: typer.Context, fmt: FormatOpt = Format.table) -> None:
    """Temas con sus particiones y mensajes / topics, partitions and message counts."""
    state: AppState = ctx.obj
    rows = [
        {"topic": t.name, "partitions": t.partitions, "messages": t.messages}
        for t in state.bus.topics()
    ]
    emit(rows, fmt, title=f"Temas en {state.bus.url}", empty="Todavía no hay temas.")


@bus_app.command("lag")
def lag(
    ctx: typer.Context,
    group: Annotated[
        list[str] | None,
        typer.Option("--group", "-g", help="Consumer group(s); default: every processor."),
    ] = None,
    fmt: FormatOpt = Format.table,
) -> None:
    """Cuánto le falta a cada grupo por leer / how far each group is behind."""
    state: AppState = ctx.obj
    groups = group or list(PROCESSORS)
    if not groups:
        raise InvalidInput("no processors are registered: name a group with --group")
    rows = []
    for g in groups:
        module_topics = _processor_topics(state.settings, g)
        for p in state.bus.lag(g, module_topics):
            rows.append(
                {
                    "group": g,
                    "topic": p.topic,
                    "partition": p.partition,
                    "committed": p.committed,
                    "end": p.end,
                    "lag": p.lag,
                }
            )
    emit(rows, fmt, title="Retraso por grupo", empty="Ningún grupo ha leído todavía.")


def _processor_topics(settings: Settings, group: str) -> tuple[str, ...]:
    if group not in PROCESSORS:
        return ()
    return load_processors(settings, [group])[0].topics


@bus_app.command("tail")
def tail(
    ctx: typer.Context,
    topic: str,
    n: Annotated[int, typer.Option("-n", min=1, max=1000, help="How many messages.")] = 10,
    fmt: FormatOpt = Format.table,
) -> None:
    """Los últimos mensajes de un tema / the last messages of a topic."""
    state: AppState = ctx.obj
    messages = state.bus.tail(topic, n)
    if fmt is Format.json:
        emit_json(
            [
                {
                    "partition": m.partition,
                    "offset": m.offset,
                    "key": m.key,
                    "type": m.type,
                    "timestamp": m.timestamp,
                    "headers": dict(m.headers),
                    "value": _json_or_text(m.value),
                }
                for m in messages
            ]
        )
        return
    rows = [
        {
            "partition": m.partition,
            "offset": m.offset,
            "at (Lima)": to_lima(m.timestamp).strftime("%Y-%m-%d %H:%M:%S") if m.timestamp else "",
            "type": m.type,
            "key": m.key,
            "error": m.headers.get("dlq.error", ""),
        }
        for m in messages
    ]
    emit(
        rows, fmt, title=f"Últimos mensajes de {topic}", empty=f"«{topic}» no existe o está vacío."
    )


def _json_or_text(value: bytes) -> object:
    try:
        return json.loads(value)
    except ValueError:
        return value.decode(errors="replace")


@bus_app.command("replay-dlq")
def replay_dlq(ctx: typer.Context, topic: str) -> None:
    """Reenvía los mensajes fallidos a su tema / send dead letters back to their topic.

    TOPIC is the original topic (``feedback``) or its DLQ (``feedback.dlq``). Replaying twice
    never duplicates: a cursor remembers what was replayed.
    """
    state: AppState = ctx.obj
    n = state.bus.replay_dlq(topic)
    original = topic.removesuffix(DLQ_SUFFIX)
    if n:
        console.print(f"{n} mensaje(s) reenviado(s) de {original}{DLQ_SUFFIX} a {original}.")
    else:
        console.print(f"No hay mensajes nuevos en {original}{DLQ_SUFFIX}.")


@bus_app.command("relay")
def relay_cmd(ctx: typer.Context) -> None:
    """Envía al bus los eventos pendientes de la bandeja de salida / relay the outbox."""
    state: AppState = ctx.obj
    waiting = pending(state.engine)
    sent = relay(state.bus, state.engine)
    console.print(f"{sent} evento(s) enviado(s) de {waiting} pendiente(s).")


@bus_app.command("prune")
def prune_cmd(
    ctx: typer.Context,
    older_than_days: Annotated[
        int, typer.Option("--older-than-days", min=1, help="Forget ids processed before this.")
    ] = 30,
) -> None:
    """Olvida los ids de eventos ya procesados hace tiempo / forget old processed-event ids.

    Keep them at least as long as a redelivery can happen: the log's retention on Kafka, or
    the oldest dead letter you may still replay.
    """
    state: AppState = ctx.obj
    before = utcnow() - timedelta(days=older_than_days)
    n = prune_processed(state.engine, before)
    console.print(
        f"{n} id(s) de eventos procesados antes del {to_lima(before):%d/%m/%Y} olvidados."
    )
