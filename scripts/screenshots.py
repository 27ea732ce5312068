"""Screenshots of the main flows, in Spanish (docs/screenshots/*.png) and English
(docs/screenshots/en/*.png), with the demo data, for the docs.

Usage: SAZON_HOME=… .venv/bin/python scripts/screenshots.py http://127.0.0.1:8000 ADMIN_KEY
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]  # fmt: skip
OUT = Path(__file__).parents[1] / "docs" / "screenshots"
TASTING = "Cata de maridaje nikkei"  # the demo's 24-guest tasting


# (file name in Spanish, in English): the same flow in both languages.
NAMES = {
    "inicio": "home", "invitados": "guests", "perfil-invitado": "guest-profile",
    "carga-de-datos": "data-load", "maridaje": "pairing", "plan-evento": "event-plan",
    "que-cambio": "what-changed", "invitaciones": "invitations", "tendencias": "trends",
    "calendario-redes": "social-calendar", "briefing-del-turno": "shift-briefing",
}  # fmt: skip


def main(base: str, key: str) -> None:
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        for lang in ("es", "en"):
            out = OUT if lang == "es" else OUT / "en"
            out.mkdir(parents=True, exist_ok=True)
            context = browser.new_context(base_url=base, viewport={"width": 1280, "height": 860},
                                          locale="es-PE" if lang == "es" else "en-GB")  # fmt: skip
            context.add_cookies([{"name": "sazon_lang", "value": lang, "url": base}])
            page = context.new_page()
            english = lang == "en"
            _flows(page, base, key, lambda n, o=out, en=english: o / f"{NAMES[n] if en else n}.png")
            context.close()
        browser.close()


def _flows(page: Page, base: str, key: str, path: Callable[[str], Path]) -> None:
    def shot(name: str) -> None:
        page.screenshot(path=str(path(name)), full_page=True)

    page.goto("/login")
    page.locator("input[name=key]").fill(key)
    page.get_by_test_id("login-submit").click()
    page.wait_for_url(f"{base}/")
    # The home's trend alerts are read in the background: the board reads them first.
    page.goto("/tools/trends")
    page.goto("/")
    shot("inicio")
    page.goto("/guests?q=huaman")
    shot("invitados")
    page.get_by_test_id("guest-table").get_by_role("link").first.click()
    shot("perfil-invitado")
    page.goto("/ingest?run=3")
    shot("carga-de-datos")
    page.goto("/tools/experience/changes?weeks=8")
    shot("que-cambio")
    page.goto("/tools/pairing")
    page.get_by_test_id("pairing-venue").select_option("mfl")
    page.get_by_test_id("pairing-search").fill("ceviche")
    page.get_by_test_id("pairing-search-submit").click()
    page.get_by_test_id("pick-mfl-ceviche_clasico").check()
    page.get_by_test_id("pairing-submit").click()
    page.get_by_test_id("pairing-result").wait_for()
    shot("maridaje")
    page.goto("/tools/events")
    page.get_by_test_id("event-table").get_by_role("link", name=TASTING).click()
    page.get_by_test_id("plan-event").click()
    page.get_by_test_id("plan-status").wait_for()
    shot("plan-evento")
    # The invitations: every guest's RSVP link with its copy, WhatsApp and e-mail actions, the
    # reminders of who has not answered, and the cancel and edit buttons.
    page.goto("/tools/events")
    page.get_by_test_id("event-table").get_by_role("link", name=TASTING).click()
    page.get_by_test_id("all-links").click()
    page.get_by_test_id("links-made").wait_for()
    shot("invitaciones")
    page.goto("/tools/trends")
    shot("tendencias")
    page.goto("/tools/social/calendar")
    shot("calendario-redes")
    page.goto("/tools/experience/briefing")
    page.get_by_test_id("briefing-show").click()
    page.get_by_test_id("briefing-text").wait_for()
    shot("briefing-del-turno")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
