"""``make_bus``: the URL picks the backend and carries its options."""

from __future__ import annotations

from pathlib import Path

import pytest

from sazon.bus import make_bus
from sazon.bus.embedded import EmbeddedBus
from sazon.bus.kafka import KafkaBus
from sazon.errors import InvalidInput
from sazon.store import make_engine


def test_factory__embedded_needs_the_store_engine() -> None:
    with pytest.raises(InvalidInput, match="pass its engine"):
        make_bus("embedded://")


def test_factory__embedded_reads_its_partition_count(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 's.db'}")
    try:
        bus = make_bus("embedded://?partitions=4", engine)
        assert isinstance(bus, EmbeddedBus)
        assert bus.partitions == 4
        with pytest.raises(InvalidInput, match="unknown option"):
            make_bus("embedded://?partitons=4", engine)
        with pytest.raises(InvalidInput, match="whole number"):
            make_bus("embedded://?partitions=many", engine)
    finally:
        engine.dispose()


@pytest.mark.parametrize("url", ["memory://", "redis://localhost", "kafka"])
def test_factory__unknown_schemes_are_refused(url: str) -> None:
    with pytest.raises(InvalidInput, match="unknown bus URL"):
        make_bus(url)


def test_factory__kafka_options_go_to_the_right_clients() -> None:
    # Port 9 (discard) on loopback: building clients must not need a broker.
    bus = make_bus(
        "kafka://127.0.0.1:9,127.0.0.1:10?partitions=6&replication=1&timeout=7"
        "&security.protocol=PLAINTEXT&producer.linger.ms=20&consumer.session.timeout.ms=6000"
    )
    assert isinstance(bus, KafkaBus)
    assert (bus.bootstrap, bus.partitions, bus.replication, bus.timeout) == (
        "127.0.0.1:9,127.0.0.1:10",
        6,
        1,
        7.0,
    )
    assert bus._producer_conf["linger.ms"] == "20"
    assert bus._producer_conf["message.timeout.ms"] == 7000
    assert bus._producer_conf["security.protocol"] == "PLAINTEXT"
    assert bus._consumer_conf["session.timeout.ms"] == "6000"
    assert bus._consumer_conf["security.protocol"] == "PLAINTEXT"
    assert "linger.ms" not in bus._consumer_conf
    assert "group.protocol" not in bus._consumer_conf  # Tansu speaks only the classic one
    bus.close()


@pytest.mark.parametrize(
    ("url", "says"),
    [
        ("kafka://127.0.0.1:9?timeout=abc", "timeout must be a positive number"),
        ("kafka://127.0.0.1:9?timeout=0", "timeout must be a positive number"),
        ("kafka://127.0.0.1:9?no.such.property=1", "no.such.property"),
    ],
)
def test_make_bus__a_bad_kafka_url_says_what_to_fix(url: str, says: str) -> None:
    with pytest.raises(InvalidInput, match=says.replace(".", r"\.")):
        make_bus(url)
