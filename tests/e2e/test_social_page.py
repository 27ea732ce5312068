"""The best-times page in a real browser (Playwright + Debian's Chromium) on the demo store."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.e2e.test_web import browser, login, page, shot  # noqa: F401 - shared fixtures
from tests.servers import Server, sazon_server

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    home = tmp_path_factory.mktemp("social-web")
    with sazon_server(home, demo=("--guests", "40")) as srv:
        yield srv


def test_social__marketing_sees_the_heatmap_and_switches_venue(
    page: object,  # noqa: F811
    server: Server,
) -> None:
    from playwright.sync_api import Page, expect

    assert isinstance(page, Page)
    login(page, server, "marketing")
    page.get_by_role("link", name="Redes sociales").first.click()
    expect(page.get_by_role("heading", name="Mejores horarios para publicar")).to_be_visible()
    chart = page.get_by_test_id("best-times-heatmap")
    expect(chart).to_be_visible()
    expect(chart.locator("rect")).to_have_count(168)
    expect(page.get_by_test_id("social-top").locator("li")).to_have_count(5)
    expect(page.get_by_test_id("social-dayparts")).to_contain_text("almuerzo")
    expect(page.get_by_test_id("social-dayparts")).to_contain_text("lonche")
    shot(page, "social-best-times")
    page.get_by_test_id("social-venue").select_option("brc")
    page.get_by_test_id("social-submit").click()
    expect(page).to_have_url(f"{server.url}/tools/social?venue=brc&channel=instagram")
    expect(page.get_by_test_id("best-times-heatmap").locator("rect")).to_have_count(168)


def test_social__staff_may_not_see_the_page(
    page: object,  # noqa: F811
    server: Server,
) -> None:
    from playwright.sync_api import Page, expect

    assert isinstance(page, Page)
    login(page, server, "staff")
    response = page.goto("/tools/social")
    assert response is not None and response.status == 403
    expect(page.get_by_test_id("best-times-heatmap")).to_have_count(0)


def test_social__drafts_tab_shows_grounded_drafts_for_the_venue(
    page: object,  # noqa: F811
    server: Server,
) -> None:
    from playwright.sync_api import Page, expect

    assert isinstance(page, Page)
    login(page, server, "marketing")
    page.goto("/tools/social")
    page.get_by_test_id("social-tab-drafts").click()
    expect(page.get_by_role("heading", name="Borradores en tendencia")).to_be_visible()
    drafts = page.get_by_test_id("draft")
    expect(drafts.first).to_be_visible()
    expect(page.locator('[data-testid="draft"][lang="en"]').first).to_be_visible()
    shot(page, "social-drafts")


def test_social__calendar_tab_shows_four_weeks_and_exports_icalendar(
    page: object,  # noqa: F811
    server: Server,
) -> None:
    from playwright.sync_api import Page, expect

    assert isinstance(page, Page)
    login(page, server, "marketing")
    page.goto(f"{server.url}/tools/social")
    page.get_by_test_id("social-tab-calendar").click()
    expect(page.get_by_role("heading", name="Calendario de contenidos")).to_be_visible()
    expect(page.get_by_test_id("calendar").locator("section")).to_have_count(28)
    planned = page.get_by_test_id("calendar-post").count()
    assert planned > 0 or page.get_by_test_id("calendar-empty").is_visible()
    shot(page, "social-calendar")
    href = page.get_by_test_id("calendar-ics").get_attribute("href")
    assert href is not None
    got = page.request.get(f"{server.url}{href}")  # the browser's session cookie
    assert got.ok and got.headers["content-type"].startswith("text/calendar")
    assert got.text().startswith("BEGIN:VCALENDAR")
