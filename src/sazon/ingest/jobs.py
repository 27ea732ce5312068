"""Uploads as jobs: the file is ingested in a worker thread while its job row tells anyone
how far it got.

An upload request only saves the file and creates the job (``queued``); a small pool of
threads runs ``ingest_file`` (``running``) and stores the outcome (``done`` with the summary,
or ``failed`` with the problem). Jobs live in the store, so every server process can answer
for every job. Progress reaches the store at most a few times a second, written by a thread of
its own: a progress write that waits for the store's lock never holds up the ingest.
"""

from __future__ import annotations

import logging
import os
import shutil
import socket
import time
from collections.abc import Callable, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker

from sazon.errors import NotFound, SazonError
from sazon.ingest.pipeline import ingest_file
from sazon.ingest.readers import ReadLimits
from sazon.ingest.report import write_report
from sazon.knowledge import KnowledgeBase
from sazon.store import IngestJob, transaction
from sazon.store.db import store_busy
from sazon.timeutil import utcnow

log = logging.getLogger("sazon.ingest.jobs")

PUBLISH_EVERY_S = 0.3
ACTIVE = ("queued", "running")
INTERRUPTED = {
    "code": "dependency_unavailable",
    "detail": "el servidor se detuvo durante esta carga; vuelve a subir el archivo / the server "
    "stopped during this upload: upload the file again",
}


def worker_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def problem_of(exc: BaseException) -> dict[str, Any]:
    """What a failed job tells its reader: the error's code and sentence, never a traceback."""
    if isinstance(exc, SazonError):
        return {"code": exc.code, "detail": exc.message, **exc.details}
    busy = store_busy(exc)
    if busy is not None:
        return {"code": busy.code, "detail": busy.message, **busy.details}
    return {
        "code": "internal_error",
        "detail": "something went wrong on our side while ingesting; the job id is in the log",
    }


def job_view(job: IngestJob) -> dict[str, Any]:
    """The job as readers see it (the API adds the problem's HTTP status and title)."""
    total = job.rows_total
    return {
        "id": job.id,
        "kind": job.kind,
        "file": job.filename,
        "status": job.status,
        "rows_done": job.rows_done,
        "rows_total": total,
        "fraction": round(job.rows_done / total, 4) if total else None,
        "counts": job.counts,
        "run_id": job.run_id,
        "created_at": job.created_at.isoformat(),
        "started_at": job.started_at.isoformat() if job.started_at else None,
        "finished_at": job.finished_at.isoformat() if job.finished_at else None,
        "summary": job.summary,
        "problem": job.problem,
    }


def read_job(session: Session, job_id: int, jobs: UploadJobs | None = None) -> dict[str, Any]:
    """The stored job; with ``jobs``, the newest progress of a job this process runs."""
    job = session.get(IngestJob, job_id)
    if job is None:
        raise NotFound(f"no ingest job {job_id}")
    view = job_view(job)
    live = jobs.live.get(job_id) if jobs is not None else None
    if live is not None and view["status"] == "running":
        # The store may still be waiting for a write lock to take the last progress.
        view.update(live)
        view["fraction"] = round(live["rows_done"] / live["rows_total"], 4)
    return view


class _Progress:
    """The ``progress(i, n)`` callback: keeps the newest count, publishes a few times a second."""

    def __init__(self, jobs: UploadJobs, job_id: int) -> None:
        self.jobs = jobs
        self.job_id = job_id
        self.last = 0.0
        self.pending: Future[None] | None = None

    def __call__(self, done: int, total: int, counts: Mapping[str, int] | None = None) -> None:
        live: dict[str, Any] = {"rows_done": done, "rows_total": total}
        if counts is not None:  # an ingest that reports its outcomes so far
            live["counts"] = dict(counts)
        if total:
            self.jobs.live[self.job_id] = live
        now = time.monotonic()
        if now - self.last < PUBLISH_EVERY_S:
            return
        if self.pending is not None and not self.pending.done():
            return  # the previous write still waits for the store: skip, a newer one follows
        self.last = now
        self.pending = self.jobs.publisher.submit(self.jobs.publish, self.job_id, live)


class UploadJobs:
    """The worker threads of one server process, and what they write about their jobs."""

    def __init__(
        self,
        factory: sessionmaker[Session],
        knowledge: Callable[[], KnowledgeBase],
        *,
        threads: int = 1,
        long_text: int = 2000,
        fuzzy_threshold: int = 90,
        limits: ReadLimits | None = None,
        reports: Path | None = None,
    ) -> None:
        self.factory = factory
        # Where each upload's quality report goes (JSON and HTML, as ``sazon ingest`` writes).
        self.reports = reports
        self.limits = limits or ReadLimits()
        self.knowledge = knowledge
        self.long_text = long_text
        self.fuzzy_threshold = fuzzy_threshold
        self.pool = ThreadPoolExecutor(threads, thread_name_prefix="sazon-ingest")
        self.publisher = ThreadPoolExecutor(1, thread_name_prefix="sazon-ingest-progress")
        self.worker = worker_id()
        self.queued: dict[int, tuple[Future[dict[str, Any]], Path]] = {}
        self.live: dict[int, dict[str, Any]] = {}  # newest progress of the jobs running here

    def submit(
        self, kind: str, path: Path, key_id: int | None = None
    ) -> tuple[int, Future[dict[str, Any]]]:
        """Queue ``path`` (in a folder of its own, removed when done); returns the job id."""
        try:
            with transaction(self.factory) as session:
                job = IngestJob(kind=kind, filename=path.name, worker=self.worker, key_id=key_id)
                session.add(job)
                session.flush()
                job_id = job.id
        except BaseException:
            shutil.rmtree(path.parent, ignore_errors=True)
            raise
        future = self.pool.submit(self._run, job_id, kind, path)
        self.queued[job_id] = (future, path)
        future.add_done_callback(lambda _: self.queued.pop(job_id, None))
        return job_id, future

    def _run(self, job_id: int, kind: str, path: Path) -> dict[str, Any]:
        try:
            self._set(job_id, status="running", started_at=utcnow())
            summary = ingest_file(
                self.factory,
                self.knowledge(),
                kind,
                path,
                long_text=self.long_text,
                fuzzy_threshold=self.fuzzy_threshold,
                limits=self.limits,
                on_batch=_Progress(self, job_id),
            )
            self._write_report(summary.report, summary.run_id)
            data = summary.model_dump()
            data["file"] = path.name  # never the server's temp path
            kept = {k: v for k, v in data.items() if k != "details"}
            self._set(
                job_id,
                status="done",
                rows_done=summary.rows,
                rows_total=summary.rows,
                counts={k: getattr(summary, k) for k in ("accepted", "merged", "quarantined")},
                run_id=summary.run_id,
                summary=kept,
                finished_at=utcnow(),
            )
            return data
        except BaseException as exc:
            if not isinstance(exc, SazonError):
                log.exception("ingest job %s failed", job_id)
            self._set(job_id, status="failed", problem=problem_of(exc), finished_at=utcnow())
            raise
        finally:
            self.live.pop(job_id, None)
            shutil.rmtree(path.parent, ignore_errors=True)

    def _write_report(self, report: dict[str, Any], run_id: int) -> None:
        """The run's report files; a report that cannot be written (a full disk) leaves the
        rows stored and the run page without its link, never a failed upload."""
        if self.reports is None:
            return
        try:
            write_report(report, self.reports, run_id)
        except Exception:
            log.exception("could not write the report of ingest run %s", run_id)

    def _set(self, job_id: int, **values: Any) -> None:
        """Record a change of state; a busy store is waited out a few times, not given up on."""
        for attempt in range(4):
            try:
                with transaction(self.factory) as session:
                    session.execute(
                        update(IngestJob)
                        .where(IngestJob.id == job_id)
                        .values(**values, updated_at=utcnow())
                    )
                return
            except Exception as exc:
                if store_busy(exc) is None or attempt == 3:
                    log.exception("could not record ingest job %s as %s", job_id, values)
                    return

    def publish(self, job_id: int, live: dict[str, Any]) -> None:
        """Store the progress of a running job (a finished job keeps its final numbers)."""
        try:
            with transaction(self.factory) as session:
                session.execute(
                    update(IngestJob)
                    .where(IngestJob.id == job_id, IngestJob.status == "running")
                    .values(**live, updated_at=utcnow())
                )
        except Exception as exc:
            if store_busy(exc) is None:
                log.exception("could not record the progress of ingest job %s", job_id)

    def reap_orphans(self) -> int:
        """Fail the unfinished jobs of processes of this host that are gone (a restart)."""
        host = self.worker.split(":")[0]
        with transaction(self.factory) as session:
            jobs = session.scalars(
                select(IngestJob).where(
                    IngestJob.status.in_(ACTIVE), IngestJob.worker.startswith(f"{host}:")
                )
            ).all()
            gone = [j for j in jobs if j.worker != self.worker and not _alive(j.worker)]
            for job in gone:
                job.status, job.problem, job.finished_at = "failed", INTERRUPTED, utcnow()
        return len(gone)

    def close(self) -> None:
        """Finish the running jobs; the queued ones fail as interrupted (their files go)."""
        waiting = {job_id: path for job_id, (f, path) in list(self.queued.items()) if f.cancel()}
        for job_id, path in waiting.items():
            self._set(job_id, status="failed", problem=INTERRUPTED, finished_at=utcnow())
            shutil.rmtree(path.parent, ignore_errors=True)
        self.pool.shutdown(wait=True)
        self.publisher.shutdown(wait=True)


def _alive(worker: str) -> bool:
    try:
        os.kill(int(worker.rsplit(":", 1)[1]), 0)
    except (ValueError, ProcessLookupError):
        return False
    except PermissionError:
        return True
    return True
