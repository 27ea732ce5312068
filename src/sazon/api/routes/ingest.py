"""Upload a file, read its summary and quarantine, fix a quarantined row."""

from __future__ import annotations

import asyncio
import shutil
import tempfile
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, File, Query, Request, Response, UploadFile
from fastapi import Path as PathParam
from starlette.concurrency import run_in_threadpool
from starlette.convertors import Convertor, register_url_convertor

from sazon.access import EDITORS, Principal
from sazon.api.contract import raises
from sazon.api.deps import ApiState, Id, SessionDep, StateDep, require
from sazon.api.onehop import ApiRouter
from sazon.api.problems import job_resource
from sazon.api.schemas import QuarantineFix
from sazon.errors import Conflict, NotFound, PayloadTooLarge
from sazon.ingest import (
    KINDS,
    correct_quarantined,
    discard_quarantined,
    get_run,
    list_quarantine,
    read_job,
    recent_runs,
    run_detail,
    run_summary,
    save_upload,
)

router = ApiRouter(prefix="/ingest", tags=["ingest"])


class KindConvertor(Convertor[str]):
    """Only a kind matches ``/ingest/{kind}``: ``POST /ingest/runs`` is a 405 (runs are read),
    not an upload of an unknown kind."""

    regex = "|".join(KINDS)

    def convert(self, value: str) -> str:
        return value

    def to_string(self, value: str) -> str:
        return value


register_url_convertor("ingest_kind", KindConvertor())
Editor = Annotated[Principal, Depends(require(EDITORS))]


# A client that wants the summary in the answer may wait for it, the request (not a thread)
# waiting; a longer upload is followed at its job resource.
MAX_WAIT_S = 300


@router.post(
    "/{kind:ingest_kind}",
    status_code=202,
    responses={
        **raises(NotFound, PayloadTooLarge),
        200: {"description": "done within `wait` seconds: the job with its summary"},
        202: {"description": "queued or running: follow the Location header"},
    },
)
async def upload(
    request: Request,
    response: Response,
    state: StateDep,
    principal: Editor,
    kind: Annotated[str, PathParam(pattern="^(" + "|".join(KINDS) + ")$")],
    file: Annotated[UploadFile, File(description="CSV, XLSX, JSON or JSONL")],
    wait: Annotated[
        float,
        Query(ge=0, le=MAX_WAIT_S, description="seconds to wait for the summary (0: answer now)"),
    ] = 0,
) -> dict[str, Any]:
    limit = state.settings.ingest.max_file_mb * 1024 * 1024
    declared = int(request.headers.get("content-length") or 0)
    if declared > limit + 64 * 1024:
        raise PayloadTooLarge(f"the file is larger than {state.settings.ingest.max_file_mb} MB")
    folder = Path(tempfile.mkdtemp(prefix="sazon-upload-"))
    try:
        path = await save_upload(file.read, file.filename, limit, folder)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    jobs = state.upload_jobs()
    job_id, future = await run_in_threadpool(jobs.submit, kind, path, principal.key_id)
    response.headers["Location"] = f"{request.url.path.rsplit('/', 1)[0]}/jobs/{job_id}"
    if wait:
        # asyncio.wait, not wait_for: a timeout must not cancel the job.
        waiter = asyncio.wrap_future(future)
        await asyncio.wait([waiter], timeout=wait)
        # A job failing after we stopped waiting is told by its resource, not by the log.
        waiter.add_done_callback(lambda w: w.cancelled() or w.exception())
        if future.done():
            summary = future.result()  # a failure raises: the same problem as the job's
            response.status_code = 200
            return {**await run_in_threadpool(_job, state, job_id), "summary": summary}
    return await run_in_threadpool(_job, state, job_id)


def _job(state: ApiState, job_id: int) -> dict[str, Any]:
    with state.factory() as session:
        return job_resource(read_job(session, job_id, state.jobs))


@router.get("/jobs/{job_id}")
def job(job_id: Id, state: StateDep, _: Editor) -> dict[str, Any]:
    """An upload's status (queued, running, done, failed), its progress and its outcome."""
    return _job(state, job_id)


@router.get("/runs")
def runs(
    session: SessionDep, _: Editor, limit: Annotated[int, Query(ge=1, le=200)] = 20
) -> list[dict[str, Any]]:
    return [run_summary(r) for r in recent_runs(session, limit)]


@router.get("/runs/{run_id}")
def run(run_id: Id, session: SessionDep, _: Editor) -> dict[str, Any]:
    return run_detail(get_run(session, run_id))


@router.get("/quarantine")
def quarantine(
    session: SessionDep,
    _: Editor,
    kind: Annotated[str | None, Query(pattern="^(" + "|".join(KINDS) + ")$")] = None,
    status: Annotated[str, Query(pattern="^(open|resolved|discarded)$")] = "open",
) -> list[dict[str, Any]]:
    return [e.model_dump() for e in list_quarantine(session, kind, status)]


@router.post("/quarantine/{entry_id}/fix", responses=raises(Conflict))
def fix(entry_id: Id, body: QuarantineFix, state: StateDep, _: Editor) -> dict[str, Any]:
    return correct_quarantined(state.factory, state.kb, entry_id, body.changes).model_dump()


@router.post("/quarantine/{entry_id}/discard", status_code=204, responses=raises(Conflict))
def discard(entry_id: Id, state: StateDep, _: Editor) -> None:
    discard_quarantined(state.factory, entry_id)
