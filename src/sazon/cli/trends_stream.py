"""``sazon trends run | publish``: the trend detector as a stream worker, on either engine."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated
from urllib.parse import parse_qsl, urlsplit

import typer

from sazon.cli.output import Format, FormatOpt, err_console
from sazon.cli.state import AppState
from sazon.errors import InvalidInput

if TYPE_CHECKING:
    from sazon.trends import StreamConfig


class Engine(StrEnum):
    kafka = "kafka"
    embedded = "embedded"


BootstrapOpt = Annotated[
    str | None,
    typer.Option(
        "--bootstrap",
        help="Kafka host:port[,host:port]; default: the host of SAZON_BUS__URL=kafka://…",
    ),
]
TopicOpt = Annotated[str, typer.Option("--topic", help="The topic of market texts.")]
GroupOpt = Annotated[str, typer.Option("--group", help="Consumer group (one per detector).")]
StateOpt = Annotated[
    str | None,
    typer.Option(
        "--state-url",
        help="Where the group keeps its state (SQLAlchemy URL); default: a SQLite file in "
        "SAZON_HOME. Consumers on several machines share one PostgreSQL URL.",
    ),
]


def stream_config(
    state: AppState, bootstrap: str | None, topic: str, group: str, state_url: str | None
) -> StreamConfig:
    """The Kafka engine's settings from the options and the bus URL (its consumer.* query
    parameters, such as short session timeouts, go to the consumers too)."""
    from sazon.trends import StreamConfig

    url = urlsplit(state.settings.bus.url)
    consumer = {
        k.removeprefix("consumer."): v for k, v in parse_qsl(url.query) if k.startswith("consumer.")
    }
    if bootstrap is None:
        if url.scheme != "kafka" or not url.netloc:
            raise InvalidInput(
                "falta el broker: use --bootstrap HOST:PUERTO o SAZON_BUS__URL=kafka://HOST:PUERTO"
                " / no Kafka broker: pass --bootstrap or set SAZON_BUS__URL=kafka://…"
            )
        bootstrap = url.netloc
    if state_url is None:
        state_url = f"sqlite:///{state.settings.ensure_home() / 'trends-stream.db'}"
    return StreamConfig(
        bootstrap=bootstrap, state_url=state_url, group=group, topic=topic, consumer=consumer
    )


def run(
    ctx: typer.Context,
    engine: Annotated[
        Engine, typer.Option("--engine", help="kafka (Quix Streams) or embedded (the store).")
    ] = Engine.embedded,
    bootstrap: BootstrapOpt = None,
    topic: TopicOpt = "trends.texts",
    group: GroupOpt = "sazon-trends",
    state_url: StateOpt = None,
    max_idle: Annotated[
        float,
        typer.Option(
            help="Stop after this many seconds without a message (0: never). With several "
            "consumers in a group, longer than the session timeout: a rebalance is silent.",
        ),
    ] = 0.0,
    commit_interval: Annotated[
        float, typer.Option(min=0.05, help="Seconds between checkpoints (state, then offsets).")
    ] = 5.0,
    fmt: FormatOpt = Format.table,
    sentiment: Annotated[bool, typer.Option("--sentiment/--no-sentiment")] = True,
    top: Annotated[int, typer.Option("--top")] = 20,
) -> None:
    """Detecta tendencias sobre un flujo / run the trend detector on a stream, then report.

    kafka: a Quix Streams consumer in GROUP reads TOPIC until Ctrl+C (or --max-idle), keeps
    its state in --state-url, and sends alerts to trends.alerts; start more with the same
    group to split the partitions. A restart resumes where the last saved batch ended.
    embedded: replays the store's market texts (sazon ingest market-texts FILE).
    """
    from sazon.cli.trends import _show as show
    from sazon.trends import store_report, text_scorer

    state: AppState = ctx.obj
    scorer = text_scorer(state.settings) if sentiment else None
    if engine is Engine.embedded:
        show(store_report(state.factory, scorer), fmt, top)
        return
    from sazon.trends import open_state, run_stream

    cfg = stream_config(state, bootstrap, topic, group, state_url)
    cfg.commit_interval = commit_interval
    err_console.print(f"Kafka {cfg.bootstrap} · tema {cfg.topic} · grupo {cfg.group}")
    done = run_stream(cfg, scorer, idle_timeout=max_idle)
    err_console.print(
        f"{done['counted']} textos contados por el grupo, {done['rejected']} a "
        f"{cfg.dlq_topic}, {done['alerts_sent']} alertas enviadas a {cfg.alerts_topic}."
    )
    stream = open_state(cfg)
    try:
        show(stream.report(scorer, top), fmt, top)
    finally:
        stream.engine.dispose()


def publish(
    ctx: typer.Context,
    input_file: Annotated[
        Path, typer.Option("--input", "-i", help="JSONL or CSV of market texts.")
    ],
    bootstrap: BootstrapOpt = None,
    topic: TopicOpt = "trends.texts",
) -> None:
    """Publica un archivo de textos en Kafka / send a file of market texts to the topic.

    The texts go in time order (a bad line is one line on stderr, the rest is sent), so the
    Kafka engine reads the same stream `sazon trends detect` replays.
    """
    from sazon.trends import publish_items, read_market_file

    state: AppState = ctx.obj
    cfg = stream_config(state, bootstrap, topic, "sazon-trends", "sqlite://")
    read = read_market_file(input_file, max_mb=state.settings.ingest.max_file_mb)
    for line in read.bad:
        err_console.print(f"aviso: {input_file.name}, {line}")
    items = sorted(read.items, key=lambda i: (i.created_at, i.id))
    n = publish_items(cfg, items)
    err_console.print(f"{n} textos enviados a {cfg.topic} / texts sent ({len(read.bad)} omitidos)")
