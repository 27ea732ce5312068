"""Choose the bus backend by URL: ``embedded://`` (default) or ``kafka://host:port[,…]``.

Query parameters tune the backend::

    embedded://?partitions=4
    kafka://k1:9092,k2:9092?partitions=6&replication=3&timeout=30
        &security.protocol=SASL_SSL&sasl.mechanisms=PLAIN     (every client)
        &producer.linger.ms=20&consumer.session.timeout.ms=6000 (one kind of client)
"""

from __future__ import annotations

from urllib.parse import parse_qsl, urlsplit

from sqlalchemy import Engine

from sazon.bus.base import Bus
from sazon.errors import DependencyUnavailable, InvalidInput

__all__ = ["make_bus"]


def make_bus(url: str, engine: Engine | None = None) -> Bus:
    """Build the bus ``url`` names. The embedded bus keeps its log in ``engine``'s store.

    >>> make_bus("embedded://", engine).url  # doctest: +SKIP
    'embedded://'
    """
    parts = urlsplit(url)
    options = dict(parse_qsl(parts.query, keep_blank_values=True))
    if parts.scheme == "embedded":
        if engine is None:
            raise InvalidInput("the embedded bus keeps its log in the store: pass its engine")
        from sazon.bus.embedded import EmbeddedBus

        partitions = _int(options.pop("partitions", "1"), "partitions")
        _no_leftovers(options, url)
        return EmbeddedBus(engine, partitions=partitions, url=url)
    if parts.scheme == "kafka":
        try:
            from sazon.bus.kafka import KafkaBus
        except ImportError as exc:  # an optional dependency: say exactly how to get it
            raise DependencyUnavailable(
                "SAZON_BUS__URL=kafka://… needs confluent-kafka: pip install 'sazon[kafka]'"
            ) from exc
        partitions = _int(options.pop("partitions", "3"), "partitions")
        replication = _int(options.pop("replication", "-1"), "replication")
        timeout = _number(options.pop("timeout", "30"), "timeout")
        producer = _take_prefixed(options, "producer.")
        consumer = _take_prefixed(options, "consumer.")
        return KafkaBus(
            parts.netloc,
            partitions=partitions,
            replication=replication,
            timeout=timeout,
            common=options,
            producer=producer,
            consumer=consumer,
            url=url,
        )
    raise InvalidInput(f"unknown bus URL {url!r}: use embedded:// or kafka://host:port")


def _take_prefixed(options: dict[str, str], prefix: str) -> dict[str, str]:
    taken = {k.removeprefix(prefix): v for k, v in options.items() if k.startswith(prefix)}
    for k in [k for k in options if k.startswith(prefix)]:
        del options[k]
    return taken


def _int(value: str, name: str) -> int:
    try:
        return int(value)
    except ValueError as exc:
        raise InvalidInput(f"bus URL: {name} must be a whole number, not {value!r}") from exc


def _number(value: str, name: str) -> float:
    try:
        number = float(value)
    except ValueError:
        number = -1.0
    if not number > 0:
        raise InvalidInput(f"bus URL: {name} must be a positive number of seconds, not {value!r}")
    return number


def _no_leftovers(options: dict[str, str], url: str) -> None:
    if options:
        raise InvalidInput(f"bus URL {url!r}: unknown option(s) {', '.join(sorted(options))}")
