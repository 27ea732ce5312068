"""The upload progress page: the job of an upload, its bar, then the summary of its run."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from sazon.access import EDITORS
from sazon.api import Id
from sazon.errors import NotFound
from sazon.ingest import read_job
from sazon.web.common import caller, principal_of, render, state_of

router = APIRouter(include_in_schema=False)


def _job(request: Request, job_id: int) -> dict[str, Any] | None:
    with state_of(request).factory() as session:
        try:
            return read_job(session, job_id, state_of(request).jobs)
        except NotFound:
            return None


@router.get("/ingest/jobs/{job_id}", response_class=HTMLResponse)
def job_page(request: Request, job_id: Id) -> Response:
    principal = caller(request, EDITORS)
    if isinstance(principal, Response):
        return principal
    job = _job(request, job_id)
    if job is None:
        return render(request, "notfound.html", principal, status=404)
    if job["status"] == "done":
        return RedirectResponse(f"/ingest?run={job['run_id']}", 303)
    return render(request, "ingest_job.html", principal, job=job)


@router.get("/ingest/jobs/{job_id}/status")
async def job_status(request: Request, job_id: Id) -> Response:
    """What the page's script polls (the browser session, not an API key)."""
    principal = await run_in_threadpool(principal_of, request)
    if principal is None or principal.role not in EDITORS:
        return JSONResponse({"status": "forbidden"}, status_code=403)
    job = await run_in_threadpool(_job, request, job_id)
    if job is None:
        return JSONResponse({"status": "not_found"}, status_code=404)
    keep = ("id", "status", "rows_done", "rows_total", "counts")
    return JSONResponse({k: job[k] for k in keep})
