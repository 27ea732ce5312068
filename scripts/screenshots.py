"""Screenshots of the main pages, in Spanish, with the demo data, for docs/screenshots.

Usage: SAZON_HOME=… .venv/bin/python scripts/screenshots.py http://127.0.0.1:8000 ADMIN_KEY
"""

from __future__ import annotations

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]  # fmt: skip
OUT = Path(__file__).parents[1] / "docs" / "screenshots"
TASTING = "Cata de maridaje nikkei"  # the demo's 24-guest tasting


def main(base: str, key: str) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        page = browser.new_page(base_url=base, viewport={"width": 1280, "height": 860},
                                locale="es-PE")  # fmt: skip
        page.goto("/login")
        page.get_by_label("Clave de acceso (API key)").fill(key)
        page.get_by_test_id("login-submit").click()
        page.wait_for_url(f"{base}/")
        page.screenshot(path=str(OUT / "inicio.png"), full_page=True)
        page.goto("/guests?q=garc")
        page.screenshot(path=str(OUT / "invitados.png"), full_page=True)
        page.get_by_test_id("guest-table").get_by_role("link").first.click()
        page.screenshot(path=str(OUT / "perfil-invitado.png"), full_page=True)
        page.goto("/ingest?run=3")
        page.screenshot(path=str(OUT / "carga-de-datos.png"), full_page=True)
        page.goto("/tools/pairing")
        page.get_by_test_id("pairing-venue").select_option("mfl")
        page.get_by_test_id("pairing-search").fill("ceviche")
        page.get_by_test_id("pairing-search-submit").click()
        page.get_by_test_id("pick-mfl-ceviche_clasico").check()
        page.get_by_test_id("pairing-submit").click()
        page.get_by_test_id("pairing-result").wait_for()
        page.screenshot(path=str(OUT / "maridaje.png"), full_page=True)
        page.goto("/tools/events")
        page.get_by_test_id("event-table").get_by_role("link", name=TASTING).click()
        page.get_by_test_id("plan-event").click()
        page.get_by_test_id("plan-status").wait_for()
        page.screenshot(path=str(OUT / "plan-evento.png"), full_page=True)
        browser.close()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
