"""Issue #12, never frozen: an upload is a job ingested off the event loop, /healthz answers
during it, and a store locked by another writer is a 503 with Retry-After (CLI exit 3)."""

from __future__ import annotations

import itertools
import re
import sqlite3
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import create_engine, text

from sazon.cli.app import run
from tests.servers import Server, sazon_server

pytestmark = pytest.mark.integration

PROBLEM = "application/problem+json"


# The module's tests share one server per backend: each file holds people of its own batch
# (emails and phones no other file has), so every upload starts from guests it never saw.
_batches = itertools.count(1)


def guests_csv(n: int) -> bytes:
    batch = next(_batches)
    lines = ["nombre;apellidos;correo;telefono;alergias"]
    lines += [
        f"Invitada{i};Prueba Carga;inv{batch}-{i}@example.pe;9{batch:02d}{i:06d};maní"
        for i in range(n)
    ]
    return ("\n".join(lines) + "\n").encode()


@pytest.fixture(scope="module")
def server(module_store_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    # Writers give up on a held lock after 2 s, not the default 15 s: the lock tests wait it out.
    home = tmp_path_factory.mktemp("jobs") / "home"
    with sazon_server(home, module_store_url, SAZON_DATABASE_BUSY_TIMEOUT_S="2") as srv:
        yield srv


def api(server: Server) -> httpx.Client:
    headers = {"Authorization": f"Bearer {server.keys['coordinator']}"}
    return httpx.Client(base_url=server.url + "/api/v1", headers=headers, timeout=60)


def follow(c: httpx.Client, location: str, limit_s: float = 120) -> dict[str, Any]:
    deadline = time.monotonic() + limit_s
    while time.monotonic() < deadline:
        r = c.get(location)
        if r.status_code == 503:  # the store is busy: ask again when it says
            time.sleep(float(r.headers["retry-after"]))
            continue
        job: dict[str, Any] = r.json()
        if job["status"] in ("done", "failed"):
            return job
        time.sleep(0.2)
    raise AssertionError(f"job {location} did not finish in {limit_s} s")


def test_upload__answers_202_and_the_job_ends_with_the_summary(server: Server) -> None:
    with api(server) as c:
        files = {"file": ("invitados.csv", guests_csv(5), "text/csv")}
        r = c.post("/ingest/guests", files=files)
        assert r.status_code == 202, r.text
        assert r.headers["location"] == f"/api/v1/ingest/jobs/{r.json()['id']}"
        assert r.json()["status"] in ("queued", "running", "done")
        job = follow(c, r.headers["location"].removeprefix("/api/v1"))
        assert job["status"] == "done" and job["problem"] is None
        assert (job["rows_done"], job["rows_total"]) == (5, 5)
        summary = job["summary"]
        assert (summary["rows"], summary["accepted"], summary["file"]) == (5, 5, "invitados.csv")
        assert "details" not in summary  # rejected rows' values stay in the quarantine
        assert c.get(f"/ingest/runs/{job['run_id']}").json()["rows"] == 5
        # The old synchronous answer, for clients that ask to wait: 200 with the details.
        again = c.post("/ingest/guests", files=files, params={"wait": 60})
        assert again.status_code == 200, again.text
        assert again.json()["status"] == "done"
        assert [d["outcome"] for d in again.json()["summary"]["details"]] == ["merged"] * 5


def test_job__carries_the_counts_so_far_while_it_runs(server: Server) -> None:
    """Issue #12: while a file is ingested, the job says how many rows were read and how
    many were accepted, merged and quarantined so far; they always add up."""
    outcomes = ("accepted", "merged", "quarantined")
    with api(server) as c:
        files = {"file": ("muchos.csv", guests_csv(20_000), "text/csv")}
        r = c.post("/ingest/guests", files=files)
        assert r.status_code == 202, r.text
        location = r.headers["location"].removeprefix("/api/v1")
        part_way: list[dict[str, Any]] = []
        deadline = time.monotonic() + 600
        job: dict[str, Any] = {}
        while time.monotonic() < deadline:
            answer = c.get(location)
            if answer.status_code == 503:
                time.sleep(float(answer.headers["retry-after"]))
                continue
            job = answer.json()
            if job["status"] == "running" and 0 < job["rows_done"] < job["rows_total"]:
                part_way.append(job)
            if job["status"] in ("done", "failed"):
                break
            time.sleep(0.05)
        assert job["status"] == "done", job
        assert part_way, "the job was never seen part way"
        for seen in part_way:
            counts = seen["counts"]
            assert counts is not None, seen
            assert sum(counts[k] for k in outcomes) == seen["rows_done"], seen
            assert seen["rows_total"] == 20_000
        assert job["counts"] == {"accepted": 20_000, "merged": 0, "quarantined": 0}


def test_upload__a_bad_file_is_a_failed_job_with_its_problem(server: Server) -> None:
    with api(server) as c:
        files = {"file": ("vacio.csv", b"columna_rara;otra\nx;y\n", "text/csv")}
        r = c.post("/ingest/guests", files=files)
        assert r.status_code == 202, r.text
        job = follow(c, r.headers["location"].removeprefix("/api/v1"))
        assert job["status"] == "failed" and job["summary"] is None
        problem = job["problem"]
        assert (problem["status"], problem["code"]) == (422, "invalid_input")
        assert "columna_rara" in problem["detail"]
        # Waiting for it gives the problem itself, as the synchronous endpoint did.
        waited = c.post("/ingest/guests", files=files, params={"wait": 60})
        assert waited.status_code == 422 and waited.headers["content-type"] == PROBLEM
        assert c.get("/ingest/jobs/999999").status_code == 404


def test_healthz__answers_within_a_second_while_an_upload_runs(server: Server) -> None:
    """The old endpoint ingested on the event loop: /healthz waited for the whole file."""
    slowest, seen_running, outcomes = 0.0, False, []
    job: dict[str, Any] = {}
    with api(server) as c, httpx.Client(base_url=server.url, timeout=30) as probe:
        files = {"file": ("grande.csv", guests_csv(3000), "text/csv")}
        started = time.monotonic()
        r = c.post("/ingest/guests", files=files)
        assert r.status_code == 202, r.text
        location = r.headers["location"].removeprefix("/api/v1")

        def write(i: int) -> None:
            w = c.post("/guests", json={"first_name": f"Mesa{i}", "email": f"mesa{i}@example.pe"})
            outcomes.append((w.status_code, w.headers.get("retry-after")))

        writers = [threading.Thread(target=write, args=(i,)) for i in range(4)]
        for t in writers:
            t.start()
        while time.monotonic() - started < 600:
            t0 = time.monotonic()
            assert probe.get("/healthz").status_code == 200
            slowest = max(slowest, time.monotonic() - t0)
            polled = c.get(location)
            if polled.status_code == 503:
                continue  # a busy store, said with Retry-After: ask again
            job = polled.json()
            if job["status"] == "running":
                seen_running = True
            if job["status"] in ("done", "failed"):
                break
            time.sleep(0.1)
        for t in writers:
            t.join()
    assert job["status"] == "done", job
    assert seen_running and job["rows_total"] == 3000
    assert slowest < 1.0, f"/healthz took {slowest:.2f} s during an upload"
    # Writers queue behind the ingest; one that waited too long is told when to come back.
    assert all(s == 201 or (s == 503 and after) for s, after in outcomes), outcomes


def holding_the_lock(store_url: str) -> Any:
    """A function that holds the store's write lock in another connection while it runs."""

    def hold(body: Any) -> Any:
        if store_url.startswith("sqlite"):
            conn = sqlite3.connect(store_url.removeprefix("sqlite:///"), timeout=1)
            conn.execute("BEGIN IMMEDIATE")  # the write lock of the whole database
            try:
                return body()
            finally:
                conn.rollback()
                conn.close()
        engine = create_engine(store_url)
        try:
            with engine.connect() as conn:
                conn.execute(text("LOCK TABLE guests IN ACCESS EXCLUSIVE MODE"))
                try:
                    return body()
                finally:
                    conn.rollback()
        finally:
            # After the connection is back in the pool: disposing first left it open.
            engine.dispose()

    return hold


@pytest.fixture
def held_lock(store_url: str) -> Any:
    return holding_the_lock(store_url)


def test_lock__a_held_write_lock_is_503_with_retry_after(server: Server) -> None:
    """The old code answered 500 'database is locked' (SQLite) or waited forever (PostgreSQL)."""
    held_lock = holding_the_lock(server.env["SAZON_DATABASE_URL"])
    with api(server) as c:
        r = held_lock(lambda: c.post("/guests", json={"first_name": "Ana", "email": "a@b.pe"}))
        assert r.status_code == 503, r.text
        assert r.headers["content-type"] == PROBLEM
        assert r.json()["code"] == "dependency_unavailable"
        assert int(r.headers["retry-after"]) >= 1
        # Once the lock is gone the same write goes through.
        again = c.post("/guests", json={"first_name": "Ana", "email": "a@b.pe"})
        assert again.status_code == 201


def test_cli__a_held_write_lock_is_exit_3_with_a_sentence(
    cli_env: str,
    held_lock: Any,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SAZON_DATABASE_BUSY_TIMEOUT_S", "2")
    path = tmp_path / "invitados.csv"
    path.write_bytes(guests_csv(3))
    code = held_lock(lambda: run(["ingest", "guests", str(path)]))
    err = capsys.readouterr().err
    assert code == 3, err
    assert "try again in a few seconds" in err and "Traceback" not in err
    assert run(["ingest", "guests", str(path)]) == 0


def test_web__the_upload_page_shows_a_progress_bar_then_the_summary(server: Server) -> None:
    """Without JavaScript: the job page refreshes itself until the run's summary."""
    with httpx.Client(base_url=server.url, timeout=60, follow_redirects=True) as web:
        web.post("/login", data={"key": server.keys["coordinator"], "next": "/ingest"})
        match = re.search(r'name="csrf" value="([^"]+)"', web.get("/ingest").text)
        assert match
        r = web.post(
            "/ingest",
            data={"kind": "guests", "csrf": match.group(1)},
            files={"file": ("web.csv", guests_csv(1500), "text/csv")},
            headers={"Origin": server.url},
        )
        assert r.status_code == 200 and r.url.path.startswith("/ingest/jobs/"), r.url
        assert "<progress" in r.text and 'http-equiv="refresh"' in r.text
        assert 'role="status"' in r.text
        status = web.get(f"{r.url.path}/status").json()
        assert status["status"] in ("queued", "running", "done")
        deadline = time.monotonic() + 180
        while 'data-testid="ingest-job"' in r.text and time.monotonic() < deadline:
            time.sleep(0.5)
            r = web.get(r.url)
        assert 'data-testid="ingest-summary"' in r.text, r.text[:2000]
        assert r.url.path == "/ingest" and "1500" in r.text
