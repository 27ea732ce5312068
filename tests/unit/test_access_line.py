"""The access-log line made without ``Logger.info`` reads as it did under uvicorn's formatter."""

from __future__ import annotations

import io
import logging
import logging.config
from collections.abc import Iterator
from typing import Any

import pytest
from uvicorn.logging import DefaultFormatter

from sazon.api.middleware import ACCESS_LOG, access_line
from sazon.cli.server import log_config


@pytest.fixture
def captured() -> Iterator[Any]:
    """The serve configuration's access handler, writing to a string instead of stdout."""
    config = log_config()
    config["handlers"]["sazon_access"]["stream"] = io.StringIO()
    config["disable_existing_loggers"] = False
    saved = ACCESS_LOG.handlers[:], ACCESS_LOG.level, ACCESS_LOG.propagate
    logging.config.dictConfig(config)
    handler = ACCESS_LOG.handlers[0]
    yield handler
    ACCESS_LOG.handlers[:], ACCESS_LOG.level, ACCESS_LOG.propagate = saved


def test_access_line__same_text_as_uvicorns_formatter(captured: Any) -> None:
    access_line("GET", "/api/v1/guests/{guest_id}", 404, 0.01234, "0123456789abcdef")
    written = captured.stream.getvalue()
    assert written == "INFO:     GET /api/v1/guests/{guest_id} 404 12.3ms rid=0123456789abcdef\n"
    # The line uvicorn's formatter made of the same record, before this one replaced it.
    record = logging.LogRecord(
        "sazon.access", logging.INFO, __file__, 0, "%s %s %s %.1fms rid=%s",
        ("GET", "/api/v1/guests/{guest_id}", 404, 12.34, "0123456789abcdef"), None,
    )  # fmt: skip
    uvicorn_line = DefaultFormatter("%(levelprefix)s %(message)s", use_colors=False).format(record)
    assert written == uvicorn_line + "\n"
