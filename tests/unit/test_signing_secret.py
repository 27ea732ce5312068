"""Issue #18: replicas scaled out read the deployment's signing secret from one file
(SAZON_WEB__SECRET_FILE); a missing or cut-short file stops the process instead of letting it
sign RSVP links and cookies with a secret of its own that no other replica accepts."""

from __future__ import annotations

from pathlib import Path

import pytest

from sazon.access import signing_secret
from sazon.config import load_settings
from sazon.errors import InvalidInput


def test_secret__the_configured_file_is_the_secret_of_every_home(tmp_path: Path) -> None:
    shared = tmp_path / "mounted" / "web-secret"
    shared.parent.mkdir()
    shared.write_text("x" * 48 + "\n")
    secrets = {
        signing_secret(load_settings(home=tmp_path / home, web={"secret_file": shared}))
        for home in ("a", "b")
    }
    assert secrets == {"x" * 48}
    assert not (tmp_path / "a" / "web-secret").exists()  # nothing generated beside it


def test_secret__a_missing_or_short_file_is_an_error_saying_what_to_mount(tmp_path: Path) -> None:
    missing = load_settings(home=tmp_path, web={"secret_file": tmp_path / "nope"})
    with pytest.raises(InvalidInput, match=r"SAZON_WEB__SECRET_FILE=.*nope.*monta"):
        signing_secret(missing)
    (tmp_path / "short").write_text("abc")
    with pytest.raises(InvalidInput, match="at least 32 characters"):
        signing_secret(load_settings(home=tmp_path, web={"secret_file": tmp_path / "short"}))
    # Unset: each data folder keeps the secret it generated the first time.
    own = load_settings(home=tmp_path / "own")
    assert (
        signing_secret(own) == signing_secret(own) == (tmp_path / "own" / "web-secret").read_text()
    )
