"""The trend detector on Kafka (Quix Streams, the Tansu broker): the same stream through the
embedded engine and through Kafka gives the same report and alerts; two consumers in one
group split the partitions and together report the same, even when one is killed with
SIGKILL mid-stream and restarted (nothing lost, nothing counted twice).

One broker for the session (``tansu``), a topic and a group per test, and the small stream of
tests/unit/test_trends.py (about 4,400 texts over 34 days with a planted trend, a complaint,
a decoy and a bot burst), so each consumer's run is a few seconds.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path
from typing import Any

import pytest
from confluent_kafka import Consumer, Producer, TopicPartition

from sazon.store import make_engine
from sazon.trends import MarketItem, TrendDetector
from sazon.trends.kafka_engine import StreamConfig, publish_items, run_stream
from sazon.trends.stream_state import StreamState
from tests.kafka_broker import TansuBroker
from tests.unit.test_trends import _stream

pytestmark = pytest.mark.integration
REPO = Path(__file__).resolve().parents[2]
FAST = {"session.timeout.ms": "2000", "heartbeat.interval.ms": "300"}


@pytest.fixture(scope="module")
def items() -> list[MarketItem]:
    return _stream()


@pytest.fixture(scope="module")
def embedded(items: list[MarketItem]) -> dict[str, Any]:
    det = TrendDetector()
    for i in range(0, len(items), 500):
        det.learn_many(items[i : i + 500])
    det.finish()
    return det.report().to_json()


def _config(tansu: TansuBroker, tmp_path: Path) -> StreamConfig:
    name = uuid.uuid4().hex[:8]
    return StreamConfig(
        bootstrap=tansu.bootstrap,
        state_url=f"sqlite:///{tmp_path / 'stream.db'}",
        group=f"trends-{name}",
        topic=f"texts-{name}",
        alerts_topic=f"alerts-{name}",
        commit_interval=0.2,
        consumer=dict(FAST),
    )


def _state(cfg: StreamConfig) -> StreamState:
    return StreamState(make_engine(cfg.state_url), cfg.group, cfg.topic)


def _read_all(cfg: StreamConfig, topic: str) -> list[tuple[bytes, dict[str, str]]]:
    consumer = Consumer({"bootstrap.servers": cfg.bootstrap, "group.id": "t-reader",
                         "enable.auto.commit": False})  # fmt: skip
    consumer.assign([TopicPartition(topic, 0, 0)])
    out: list[tuple[bytes, dict[str, str]]] = []
    while (msg := consumer.poll(2.0)) is not None:
        headers = {k: bytes(v or b"").decode() for k, v in msg.headers() or []}
        out.append((bytes(msg.value() or b""), headers))
    consumer.close()
    return out


def test_the_kafka_engine_reports_what_the_embedded_engine_reports(
    tansu: TansuBroker, tmp_path: Path, items: list[MarketItem], embedded: dict[str, Any]
) -> None:
    cfg = _config(tansu, tmp_path)
    half = len(items) // 2
    publish_items(cfg, items[:half])
    # A bad message mid-stream goes to the dead-letter topic with its reason; the rest goes on.
    producer = Producer({"bootstrap.servers": cfg.bootstrap})
    producer.produce(cfg.topic, b"{not json", b"bad")
    producer.flush(10)
    publish_items(cfg, items[half:])

    done = run_stream(cfg, idle_timeout=2.0)

    assert done["counted"] == len(items) and done["rejected"] == 1
    report = _state(cfg).report().to_json()
    assert report == embedded
    assert [a["id"] for a in embedded["alerts"]], "the stream must raise alerts to compare"
    sent = [json.loads(v) for v, _ in _read_all(cfg, cfg.alerts_topic)]
    assert sorted(a["id"] for a in sent) == sorted(a["id"] for a in embedded["alerts"])
    (dead,) = _read_all(cfg, cfg.dlq_topic)
    assert dead[0] == b"{not json" and "no es JSON" in dead[1]["dlq.error"]


def _consumer(cfg: StreamConfig, home: Path, log: Path) -> subprocess.Popen[bytes]:
    """``sazon trends run --engine kafka`` in a process of its own. Its idle stop (8 s) is
    longer than the group's session timeout (3 s): a consumer must outwait the rebalance
    that hands it a killed member's partitions, or nobody would read them in this test."""
    env = {**os.environ, "PYTHONPATH": str(REPO / "src"), "SAZON_HOME": str(home),
           "SAZON_BUS__URL": "kafka://x:1?consumer.session.timeout.ms=3000"
                             "&consumer.heartbeat.interval.ms=500"}  # fmt: skip
    cmd = [sys.executable, "-m", "sazon.cli", "trends", "run", "--engine", "kafka",
           "--bootstrap", cfg.bootstrap, "--topic", cfg.topic, "--group", cfg.group,
           "--state-url", cfg.state_url, "--max-idle", "8", "--commit-interval", "0.2",
           "--no-sentiment", "--format", "json"]  # fmt: skip
    with log.open("ab") as out:
        return subprocess.Popen(cmd, cwd=REPO, env=env, stdout=out, stderr=subprocess.STDOUT)


def _finish(child: subprocess.Popen[bytes], log: Path) -> None:
    assert child.wait(timeout=120) == 0, log.read_text()[-3000:]


def _progress(state: StreamState) -> dict[str, Any]:
    try:
        return state.progress()
    except Exception:  # the consumers have not created the tables yet
        return {"partitions": {}, "counted": 0}


def test_two_consumers_split_the_partitions_and_one_killed_mid_stream_loses_nothing(
    tansu: TansuBroker, tmp_path: Path, items: list[MarketItem], embedded: dict[str, Any]
) -> None:
    """Scale-out and kill -9 in one run (one pair of consumer processes, to keep it short):
    both consumers of the group own partitions; one is killed while the stream is still
    coming (the rest of it is published after the kill), and restarted; the group's report
    equals the embedded one, every text counted once (a batch saved but not committed when
    it died is read again and skipped). Publishing the rest after the kill keeps the kill
    mid-stream however fast the consumers get (one read the whole topic before the other
    joined once they got faster)."""
    cfg = _config(tansu, tmp_path)
    split = len(items) * 2 // 3
    publish_items(cfg, items[:split])
    logs = [tmp_path / "a.log", tmp_path / "b.log"]
    a, b = (_consumer(cfg, tmp_path / "home", log) for log in logs)
    children = [a, b]
    state = _state(cfg)
    seen: set[str] = set()  # consumers that saved a batch of some partition
    try:
        try:
            deadline = time.monotonic() + 240
            # Both consumers save batches of their own partitions: the group split them.
            while not all(any(o.endswith(f":{c.pid}") for o in seen) for c in (a, b)):
                assert b.poll() is None, f"b ended before both had partitions: {seen}"
                assert time.monotonic() < deadline, f"the partitions were not split: {seen}"
                seen |= {p["owner"] for p in _progress(state)["partitions"].values()}
                time.sleep(0.01)
        finally:
            if b.poll() is None:
                os.kill(b.pid, signal.SIGKILL)
            b.wait(timeout=10)
        publish_items(cfg, items[split:])

        b = _consumer(cfg, tmp_path / "home", logs[1])
        children.append(b)
        _finish(a, logs[0])
        _finish(b, logs[1])
    finally:  # a failed assertion leaves no consumer running into the next test
        for child in children:
            if child.poll() is None:
                child.kill()
                child.wait(timeout=10)

    assert _progress(state)["counted"] == len(items)
    assert state.report().to_json() == embedded
