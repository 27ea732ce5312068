"""A printable page as a PDF, printed by Chromium from the same HTML the browser shows.

Chromium (Debian's ``chromium``) rather than WeasyPrint: the page a cook prints with Ctrl+P
and the PDF come from one template, one stylesheet (its ``@media print`` and ``@page``
rules, page numbers included) and one layout engine, so they cannot drift apart; Chromium is
already what the browser tests run, while WeasyPrint (BSD-3-Clause, on PyPI, not installed)
would be a new dependency with a CSS engine of its own. Chromium is run as a command
(``--print-to-pdf``), not through Playwright: no Node.js driver to start (it cost 3 s of the
first PDF here) and nothing but the ``chromium`` package to add to an image.

Offline: the caller inlines the stylesheet, the page is read from a temporary file, and
every host name resolves to nothing, so no request leaves the machine. Without a Chromium
binary, :func:`html_pdf` raises :class:`~sazon.errors.DependencyUnavailable` saying what to
install (a 503 on the web and API, exit code 3 on the CLI). ``SAZON_CHROMIUM`` names the
binary when it is not on PATH.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from sazon.errors import DependencyUnavailable

__all__ = ["CHROMIUM_ENV", "chromium_path", "html_pdf"]

CHROMIUM_ENV = "SAZON_CHROMIUM"
# The flags MACHINE-NOTES.md lists for Debian's Chromium in containers and CI (no sandbox:
# the image runs as an unprivileged user without user namespaces), and no network at all.
_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--no-pdf-header-footer",
    "--host-resolver-rules=MAP * ~NOTFOUND",
]  # fmt: skip
_TIMEOUT_S = 60


def chromium_path() -> str | None:
    """The Chromium binary to print with: ``SAZON_CHROMIUM``, else the first on PATH."""
    named = os.environ.get(CHROMIUM_ENV)
    if named:
        return named if os.access(named, os.X_OK) else None
    for name in ("chromium", "chromium-browser", "google-chrome"):
        if found := shutil.which(name):
            return found
    return None


def _missing() -> DependencyUnavailable:
    return DependencyUnavailable(
        "no se puede generar el PDF: falta Chromium (apt-get install chromium, o indica su "
        f"ruta en {CHROMIUM_ENV}) / cannot make the PDF: Chromium is missing (apt-get install "
        f"chromium, or set {CHROMIUM_ENV} to its path)"
    )


def html_pdf(html: str) -> bytes:
    """``html`` printed as Chromium prints it (its print stylesheet; page size, margins and
    page numbers from its ``@page`` rules)."""
    exe = chromium_path()
    if exe is None:
        raise _missing()
    with tempfile.TemporaryDirectory(prefix="sazon-pdf-") as tmp:
        page, out = Path(tmp) / "page.html", Path(tmp) / "page.pdf"
        page.write_text(html, encoding="utf-8")
        command = [exe, *_ARGS, f"--user-data-dir={tmp}/profile", f"--print-to-pdf={out}"]
        try:
            done = subprocess.run(
                [*command, page.as_uri()], capture_output=True, text=True, timeout=_TIMEOUT_S,
                cwd=tmp, env={**os.environ, "HOME": tmp},
            )  # fmt: skip
        except FileNotFoundError:
            raise _missing() from None
        except subprocess.TimeoutExpired:
            raise DependencyUnavailable(
                f"Chromium no terminó el PDF en {_TIMEOUT_S} s / Chromium did not finish the "
                f"PDF in {_TIMEOUT_S} s ({exe})"
            ) from None
        if done.returncode != 0 or not out.exists() or out.stat().st_size == 0:
            said = [ln for ln in done.stderr.splitlines() if "dbus" not in ln]
            last = said[-1].strip()[:300] if said else f"exit code {done.returncode}"
            raise DependencyUnavailable(
                f"Chromium no pudo imprimir el PDF / Chromium could not print the PDF ({exe}): "
                f"{last}"
            )
        return out.read_bytes()
