"""Upload a file, read its summary and quarantine, fix a quarantined row."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Query, Request, UploadFile
from fastapi import Path as PathParam
from sqlalchemy import select
from starlette.convertors import Convertor, register_url_convertor

from sazon.access import EDITORS, Principal
from sazon.api.contract import raises
from sazon.api.deps import Id, SessionDep, StateDep, require
from sazon.api.schemas import QuarantineFix
from sazon.errors import Conflict, NotFound, PayloadTooLarge
from sazon.ingest import (
    KINDS,
    ReadLimits,
    correct_quarantined,
    discard_quarantined,
    ingest_file,
    list_quarantine,
    record_outcomes,
)
from sazon.ingest.uploads import save_upload
from sazon.store import IngestRun

router = APIRouter(prefix="/ingest", tags=["ingest"])


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


def run_upload(state: StateDep, kind: str, path: Path) -> dict[str, Any]:
    summary = ingest_file(
        state.factory,
        state.kb,
        kind,
        path,
        long_text=state.settings.ingest.max_text_chars,
        fuzzy_threshold=state.settings.ingest.fuzzy_name_threshold,
        limits=ReadLimits.of(state.settings.ingest),
    )
    record_outcomes(summary)
    data = summary.model_dump()
    data["file"] = path.name  # never the server's temp path
    return data


@router.post("/{kind:ingest_kind}", responses=raises(NotFound, PayloadTooLarge))
async def upload(
    request: Request,
    state: StateDep,
    _: Editor,
    kind: Annotated[str, PathParam(pattern="^(" + "|".join(KINDS) + ")$")],
    file: Annotated[UploadFile, File(description="CSV, XLSX, JSON or JSONL")],
) -> dict[str, Any]:
    limit = state.settings.ingest.max_file_mb * 1024 * 1024
    declared = int(request.headers.get("content-length") or 0)
    if declared > limit + 64 * 1024:
        raise PayloadTooLarge(f"the file is larger than {state.settings.ingest.max_file_mb} MB")
    with tempfile.TemporaryDirectory(prefix="sazon-upload-") as tmp:
        path = await save_upload(file.read, file.filename, limit, Path(tmp))
        return run_upload(state, kind, path)


@router.get("/runs")
def runs(
    session: SessionDep, _: Editor, limit: Annotated[int, Query(ge=1, le=200)] = 20
) -> list[dict[str, Any]]:
    rows = session.scalars(select(IngestRun).order_by(IngestRun.id.desc()).limit(limit))
    return [
        {
            "id": r.id,
            "kind": r.kind,
            "file": r.filename,
            "started_at": r.started_at.isoformat(),
            "rows": r.rows,
            "accepted": r.accepted,
            "merged": r.merged,
            "quarantined": r.quarantined,
        }
        for r in rows
    ]


@router.get("/runs/{run_id}")
def run(run_id: Id, session: SessionDep, _: Editor) -> dict[str, Any]:
    r = session.get(IngestRun, run_id)
    if r is None:
        raise NotFound(f"no ingest run {run_id}")
    return {
        "id": r.id,
        "kind": r.kind,
        "file": r.filename,
        "rows": r.rows,
        "accepted": r.accepted,
        "merged": r.merged,
        "quarantined": r.quarantined,
        "report": r.report,
    }


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
