"""The event planner in the browser: the demo's 24-guest tasting, planned end to end."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from tests.e2e.test_web import browser, login, shot  # noqa: F401 - shared fixtures
from tests.servers import Server, sazon_server

pytestmark = pytest.mark.integration
TASTING = "Cata de maridaje nikkei"


@pytest.fixture(scope="module")
def demo_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    home = tmp_path_factory.mktemp("events-web")
    with sazon_server(home) as srv:
        srv.cli("demo-data", "--guests", "160")
        yield srv


@pytest.fixture
def page(browser: object, demo_server: Server) -> Iterator[object]:  # noqa: F811
    from playwright.sync_api import Browser

    assert isinstance(browser, Browser)
    context = browser.new_context(
        base_url=demo_server.url, viewport={"width": 1280, "height": 900}, locale="es-PE"
    )
    pg = context.new_page()
    yield pg
    context.close()


def test_events__plan_the_demo_tasting_and_every_guest_is_served_or_explained(
    page: object, demo_server: Server
) -> None:
    from playwright.sync_api import Page, expect

    assert isinstance(page, Page)
    login(page, demo_server, "planner")
    page.get_by_role("link", name="Planificador de eventos").first.click()
    page.get_by_test_id("event-table").get_by_role("link", name=TASTING).click()
    expect(page.get_by_test_id("event-name")).to_have_text(TASTING)
    page.get_by_test_id("plan-event").click()
    expect(page.get_by_role("status")).to_contain_text("Plan guardado")
    expect(page.get_by_test_id("plan-status")).to_contain_text("óptimo demostrado")
    rows = page.get_by_test_id("guest-row")
    count = rows.count()
    assert 20 <= count <= 24  # declined guests are not planned
    cells = page.get_by_test_id("guest-plates").get_by_test_id("cell")
    expect(cells).to_have_count(count * 3)
    for i in range(count * 3):
        assert cells.nth(i).inner_text().strip(), f"cell {i} is empty"
    # Whoever has no plate has a reason; so has every substitution.
    reasons = page.get_by_test_id("reason")
    for i in range(reasons.count()):
        assert len(reasons.nth(i).inner_text().strip()) > 5
    shot(page, "evento-plan")

    # Adjust by hand: lock another dessert for the table, re-plan, and it stays.
    select = page.get_by_test_id("lock-postre")
    current = select.input_value()
    options = select.locator("option").evaluate_all("els => els.map(e => e.value)")
    choice = next(v for v in options if v != current)
    select.select_option(choice)
    page.get_by_test_id("lock-postre-submit").click()
    page.get_by_role("link", name=re.compile("Volver al evento")).click()
    page.get_by_test_id("plan-event").click()
    expect(page.get_by_test_id("plan-status")).to_contain_text("Versión 2")
    expect(page.get_by_test_id("lock-postre")).to_have_value(choice)

    page.get_by_test_id("kitchen-sheet").click()
    expect(page.get_by_role("heading", name=re.compile("Hoja de cocina"))).to_be_visible()
    page.emulate_media(media="print")
    expect(page.locator("header.top")).to_be_hidden()
    shot(page, "evento-hoja-de-cocina")
    page.emulate_media(media="screen")
    page.go_back()
    page.get_by_test_id("menu-card").click()
    expect(page.get_by_test_id("menu-card-body")).to_contain_text(TASTING)


def test_events__rsvp_on_a_phone(browser: object, page: object, demo_server: Server) -> None:  # noqa: F811
    from playwright.sync_api import Browser, Page, expect

    assert isinstance(page, Page) and isinstance(browser, Browser)
    login(page, demo_server, "coordinator")
    page.goto("/tools/events")
    page.get_by_test_id("event-table").get_by_role("link", name=TASTING).click()
    page.get_by_test_id("invitations").get_by_role("button", name="Crear enlace").first.click()
    link = re.search(r"https?://\S+/rsvp/\S+", page.get_by_test_id("rsvp-link").inner_text())
    assert link is not None
    phone = browser.new_context(viewport={"width": 390, "height": 800}, locale="es-PE")
    guest = phone.new_page()
    guest.goto(link.group(0))
    expect(guest.get_by_test_id("rsvp-event")).to_have_text(TASTING)
    guest.get_by_test_id("rsvp-yes").check()
    guest.get_by_test_id("rsvp-needs").fill("alergia al maní; sin lácteos")
    guest.get_by_test_id("rsvp-send").click()
    expect(guest.get_by_test_id("rsvp-done")).to_contain_text("Te esperamos")
    expect(guest.get_by_test_id("rsvp-needs")).to_have_value("alergia al maní; sin lácteos")
    shot(guest, "rsvp-movil")
    guest.get_by_test_id("switch-lang").click()
    expect(guest.get_by_role("heading", name=re.compile("Hello"))).to_be_visible()
    phone.close()
