"""The wine pairing page in a real browser (Playwright + Debian's Chromium) on demo data."""

from __future__ import annotations

import shutil
from collections.abc import Iterator

import pytest

from tests.e2e.test_web import ARGS, CHROMIUM, shot
from tests.servers import Server, sazon_server
from tests.services import unavailable

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    home = tmp_path_factory.mktemp("pairing-web")
    with sazon_server(home, demo=("--guests", "40")) as srv:
        yield srv


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    if not shutil.which(CHROMIUM):
        unavailable("Chromium (Debian package chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser: object, server: Server) -> Iterator[object]:
    from playwright.sync_api import Browser

    assert isinstance(browser, Browser)
    context = browser.new_context(
        base_url=server.url, viewport={"width": 1280, "height": 900}, locale="es-PE"
    )
    pg = context.new_page()
    yield pg
    context.close()


def login(page: object, server: Server, role: str) -> None:
    from playwright.sync_api import Page, expect

    assert isinstance(page, Page)
    page.goto("/login?next=/tools/pairing")
    page.get_by_label("Clave de acceso (API key)").fill(server.keys[role])
    page.get_by_test_id("login-submit").click()
    expect(page.get_by_role("heading", name="Maridaje", exact=True)).to_be_visible()


def test_sommelier_picks_dishes_and_sees_reasons_confidence_and_radar(
    page: object, server: Server
) -> None:
    from playwright.sync_api import Page, expect

    assert isinstance(page, Page)
    login(page, server, "sommelier")
    expect(page.get_by_test_id("pairing-empty")).to_contain_text("Marca uno o más platos")
    page.get_by_test_id("pairing-venue").select_option("mfl")
    page.get_by_test_id("pairing-search").fill("ceviche")
    page.get_by_test_id("pairing-search-submit").click()
    page.get_by_test_id("pick-mfl-ceviche_clasico").check()
    page.get_by_test_id("pairing-submit").click()

    result = page.get_by_test_id("pairing-result")
    expect(result).to_have_count(1)
    expect(result.get_by_role("heading", name="Ceviche clásico de corvina")).to_be_visible()
    suggestions = result.get_by_test_id("pairing-suggestion")
    expect(suggestions).to_have_count(3)
    first = suggestions.first
    expect(first.get_by_test_id("pairing-why")).to_contain_text("limón")
    expect(first).to_contain_text("Confianza:")
    expect(first.get_by_role("img")).to_be_visible()  # the radar's inline SVG
    first.get_by_text("Ver los valores").click()
    table = first.get_by_test_id("radar-table")
    expect(table.get_by_role("row")).to_have_count(6)
    expect(table.get_by_role("rowheader", name="Acidez")).to_be_visible()
    shot(page, "maridaje")

    page.get_by_test_id("switch-lang").click()
    expect(page.get_by_role("heading", name="Wine pairing", exact=True)).to_be_visible()
    expect(page.get_by_test_id("pairing-why").first).to_contain_text("lime")


def test_a_dish_off_the_menu_reports_unknown_ingredients(page: object, server: Server) -> None:
    from playwright.sync_api import Page, expect

    assert isinstance(page, Page)
    login(page, server, "staff")
    page.get_by_text("Un plato que no está en la carta").click()
    page.get_by_test_id("custom-name").fill("Tiradito de la casa")
    page.get_by_test_id("custom-ingredients").fill("lenguado, limón, ají amarillo, polvo de luna")
    page.get_by_test_id("custom-submit").click()
    expect(page.get_by_test_id("pairing-unknown")).to_contain_text("polvo de luna")
    expect(page.get_by_test_id("pairing-suggestion").first).to_be_visible()


def test_non_alcoholic_and_roles(page: object, server: Server) -> None:
    from playwright.sync_api import Page, expect

    assert isinstance(page, Page)
    login(page, server, "planner")
    page.goto("/tools/pairing?venue=mfl&dish=mfl-picarones&non_alcoholic=true")
    names = page.get_by_test_id("pairing-suggestion").locator("strong")
    expect(names.first).to_be_visible()
    assert not any("Vino" in n or "Pisco" in n for n in names.all_inner_texts())
    page.goto("/tools/pairing?q=zzzz")
    expect(page.get_by_test_id("pairing-no-match")).to_be_visible()

    page.context.clear_cookies()
    page.goto("/login?next=/tools/pairing")
    page.get_by_label("Clave de acceso (API key)").fill(server.keys["analyst"])
    page.get_by_test_id("login-submit").click()
    page.goto("/tools/pairing")
    expect(page.get_by_role("heading", name="Maridaje", exact=True)).to_have_count(0)


def test_all_venues_lists_each_dish_once_per_venue_and_says_whose(
    page: object, server: Server
) -> None:
    from playwright.sync_api import Page, expect

    assert isinstance(page, Page)
    login(page, server, "sommelier")
    labels = page.locator("fieldset.dish-list label")
    expect(labels.first).to_be_visible()
    entries = [label.inner_text().split(" S/")[0].strip() for label in labels.all()]
    venues = page.get_by_test_id("dish-venue").all_inner_texts()
    assert len(venues) == len(entries) and {v.strip("· ") for v in venues} >= {"Qaray Mar"}
    assert len(set(entries)) == len(entries), "a dish listed twice with nothing to tell them apart"


def test_a_guest_profile_shows_what_each_visit_ordered(page: object, server: Server) -> None:
    # On the demo store (the module's server); the page once printed "<built-in method items…>".
    from playwright.sync_api import Page

    assert isinstance(page, Page)
    login(page, server, "admin")
    orders: list[str] = []
    for guest_id in range(1, 15):
        page.goto(f"/guests/{guest_id}")
        orders += page.get_by_test_id("visit-order").all_inner_texts()
        if len(orders) >= 5:
            break
    assert len(orders) >= 5, "no demo guest with visits in the first 14"
    assert all(o.strip() and "built-in" not in o for o in orders), orders[:3]
