"""The guest-experience pages in a real browser: segments (chart, export), the printable
briefing (restrictions by role) and the guest profile's recommendations, P(return) and
segment. One server for the module, on the segment tests' store."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from sazon.store import make_engine, session_factory
from tests.e2e.test_web import browser, page, shot  # noqa: F401  (fixtures shared)
from tests.integration.test_experience_segments import SERVICE_DAY, _event, _groups
from tests.integration.test_experience_store import _store
from tests.servers import Server, sazon_server

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def guests(server: Server) -> dict[str, int]:
    return server.guests  # type: ignore[attr-defined, no-any-return]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    home = tmp_path_factory.mktemp("experience-web")
    with sazon_server(home) as srv:
        engine = make_engine(f"sqlite:///{home / 'sazon.db'}")
        try:
            factory = session_factory(engine)
            made = _store(factory)
            _groups(factory)
            _event(factory, made)
        finally:
            engine.dispose()
        srv.guests = made  # type: ignore[attr-defined]
        yield srv


def _login(pg: object, server: Server, role: str, then: str) -> object:
    from playwright.sync_api import Page

    assert isinstance(pg, Page)
    pg.goto(f"/login?next={then}")
    pg.get_by_label("Clave de acceso (API key)").fill(server.keys[role])
    pg.get_by_test_id("login-submit").click()
    pg.goto(then)
    return pg


def test_marketing_sees_segments_chart_and_export_without_health_data(
    page: object,  # noqa: F811
    server: Server,
) -> None:
    from playwright.sync_api import Page, expect

    pg = _login(page, server, "marketing", "/tools/experience/segments")
    assert isinstance(pg, Page)
    expect(pg.get_by_role("heading", name="Segmentos de invitados")).to_be_visible()
    expect(pg.get_by_test_id("segments-chart")).to_be_visible()
    names = pg.get_by_test_id("segment-name").all_inner_texts()
    assert "celebraciones en familia" in names and len(names) >= 3
    expect(pg.get_by_test_id("segments-stability")).to_contain_text("índice de Rand")
    assert "vegan" not in pg.content() and "alergia" not in pg.content().lower()
    with pg.expect_download() as download:
        pg.get_by_test_id("export-csv").click()
    with open(download.value.path(), encoding="utf-8") as fh:
        header = fh.readline()
    assert header.startswith("guest_id,first_name") and "allerg" not in header
    shot(pg, "experience-segments")


def test_staff_briefing_is_printable_and_sommelier_sees_no_restrictions(
    page: object,  # noqa: F811
    server: Server,
    guests: dict[str, int],
) -> None:
    from playwright.sync_api import Page, expect

    url = f"/tools/experience/briefing?venue=tst&date={SERVICE_DAY.isoformat()}&service=cena"
    pg = _login(page, server, "staff", url)
    assert isinstance(pg, Page)
    expect(pg.get_by_test_id("briefing-text")).to_contain_text("Vega")
    expect(pg.get_by_test_id("briefing-guests")).to_contain_text("Vega")
    expect(pg.get_by_test_id("briefing-restrictions").first).to_contain_text("vegan")
    expect(pg.get_by_test_id("briefing-dishes")).to_contain_text("sin datos")
    with pg.expect_download() as download:
        pg.get_by_test_id("briefing-pdf").click()
    assert download.value.suggested_filename.endswith(".pdf")
    with open(download.value.path(), "rb") as fh:
        assert fh.read(5) == b"%PDF-"
    pg.emulate_media(media="print")
    expect(pg.locator("header.top")).to_be_hidden()  # the page prints without the app chrome
    shot(pg, "experience-briefing")
    pg.context.clear_cookies()
    pg = _login(pg, server, "sommelier", url)
    assert isinstance(pg, Page)
    expect(pg.get_by_test_id("briefing-restrictions").first).to_contain_text("solo para sala")


def test_guest_profile_shows_recommendations_p_return_and_segment(
    page: object,  # noqa: F811
    server: Server,
    guests: dict[str, int],
) -> None:
    from playwright.sync_api import Page, expect

    pg = _login(page, server, "staff", f"/guests/{guests['fish']}")
    assert isinstance(pg, Page)
    expect(pg.get_by_test_id("guest-experience")).to_be_visible()
    expect(pg.get_by_test_id("guest-recommendations")).to_contain_text("Ceviche de corvina")
    expect(pg.get_by_test_id("guest-p-return")).to_contain_text("%")
    assert pg.get_by_test_id("guest-segment").inner_text().strip() not in ("", "—")
    shot(pg, "experience-guest")
