"""Browser tests: Playwright driving Debian's Chromium against a real server."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.integration.test_ingest_messy import messy_file
from tests.servers import Server, sazon_server
from tests.services import unavailable

pytestmark = pytest.mark.integration

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# Screenshots go to a temp dir; scripts/screenshots.py makes the ones in docs/ from demo data.
SCREENSHOTS = Path(os.environ.get("SAZON_SCREENSHOTS", "/tmp/sazon-e2e-screenshots"))


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    home = tmp_path_factory.mktemp("web")
    with sazon_server(home) as srv:
        srv.cli("ingest", "guests", str(messy_file(home)))
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
        base_url=server.url, viewport={"width": 1280, "height": 860}, locale="es-PE"
    )
    pg = context.new_page()
    yield pg
    context.close()


def login(page: object, server: Server, role: str = "admin") -> None:
    from playwright.sync_api import Page, expect

    assert isinstance(page, Page)
    page.goto("/")
    expect(page).to_have_url(f"{server.url}/login?next=%2F")
    page.get_by_label("Clave de acceso (API key)").fill(server.keys[role])
    page.get_by_test_id("login-submit").click()
    expect(page.get_by_role("heading", name="Tu día en Sazón", exact=True)).to_be_visible()


def shot(page: object, name: str) -> None:
    from playwright.sync_api import Page

    assert isinstance(page, Page)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def test_login_search_and_open_a_guest(page: object, server: Server) -> None:
    from playwright.sync_api import Page, expect

    assert isinstance(page, Page)
    login(page, server)
    shot(page, "inicio")
    page.get_by_test_id("nav-guests").click()
    page.get_by_test_id("guest-search").fill("quispe")
    page.get_by_test_id("guest-search-submit").click()
    table = page.get_by_test_id("guest-table")
    expect(table.get_by_role("row")).to_have_count(2)
    shot(page, "invitados")
    table.get_by_role("link", name="Rosa Quispe Mamani").click()
    expect(page.get_by_test_id("guest-name")).to_have_text("Rosa Quispe Mamani")
    expect(page.get_by_text("maní", exact=True)).to_be_visible()
    # Stored as +51987654321 (the export keeps that), shown as a Lima reader writes it.
    expect(page.get_by_test_id("guest-phone")).to_have_text("+51 987 654 321")
    shot(page, "perfil-invitado")


def test_wrong_key_is_refused(page: object, server: Server) -> None:
    from playwright.sync_api import Page, expect

    assert isinstance(page, Page)
    page.goto("/login")
    page.get_by_label("Clave de acceso (API key)").fill("szn_wrong")
    page.get_by_test_id("login-submit").click()
    expect(page.get_by_role("alert")).to_contain_text("no es válida")


def test_upload_messy_file_and_fix_a_quarantined_row(
    page: object, server: Server, tmp_path: Path
) -> None:
    from playwright.sync_api import Page, expect

    assert isinstance(page, Page)
    login(page, server, "coordinator")
    page.get_by_test_id("nav-ingest").click()
    page.get_by_test_id("ingest-kind").select_option("guests")
    page.get_by_test_id("ingest-file").set_input_files(
        str(messy_file(tmp_path, "utf-8", emoji=True))
    )
    page.get_by_test_id("ingest-submit").click()
    # The upload is a job: its progress page follows it, then shows the run's summary.
    summary = page.get_by_test_id("ingest-summary")
    expect(summary).to_contain_text("10 filas", timeout=60_000)
    expect(summary.locator("svg").first).to_be_visible()
    shot(page, "carga-de-datos")
    bad = page.locator("details[data-testid^=quarantine-]", has_text="fecha de nacimiento:").first
    if bad.get_attribute("open") is None:
        bad.locator("summary").click()
    bad.get_by_label("fecha_nacimiento").fill("28/02/1990")
    bad.get_by_role("button", name="Corregir y volver a cargar").click()
    expect(page.get_by_role("status")).to_contain_text("Fila corregida")


def test_upload__a_progress_bar_moves_then_the_summary_shows(
    page: object, server: Server, tmp_path: Path
) -> None:
    from playwright.sync_api import Page, expect

    assert isinstance(page, Page)
    rows = ["nombre;apellidos;correo"]
    rows += [f"Barra{i};Prueba;barra{i}@example.pe" for i in range(3000)]
    path = tmp_path / "barra.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    login(page, server, "coordinator")
    page.goto("/ingest")
    page.get_by_test_id("ingest-kind").select_option("guests")
    page.get_by_test_id("ingest-file").set_input_files(str(path))
    page.get_by_test_id("ingest-submit").click()
    bar = page.get_by_role("progressbar")
    expect(bar).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text("de 3000 filas", timeout=60_000)
    expect(page.get_by_test_id("ingest-summary")).to_contain_text("3000 filas", timeout=600_000)


def test_switch_language(page: object, server: Server) -> None:
    from playwright.sync_api import Page, expect

    assert isinstance(page, Page)
    login(page, server)
    page.get_by_test_id("nav-guests").click()
    page.get_by_test_id("switch-lang").click()
    expect(page.get_by_role("heading", name="Guests")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.get_by_test_id("switch-lang").click()
    expect(page.get_by_role("heading", name="Invitados")).to_be_visible()


def test_marketing_sees_no_health_data_in_the_browser(page: object, server: Server) -> None:
    from playwright.sync_api import Page, expect

    assert isinstance(page, Page)
    login(page, server, "marketing")
    page.goto("/guests?q=quispe")
    expect(page.get_by_text("Tu rol no permite ver datos de salud")).to_be_visible()
    expect(page.get_by_text("maní", exact=True)).to_have_count(0)


def test_api_docs_render_every_operation(page: object, server: Server) -> None:
    # The bundled Swagger UI 4 said "Unable to render this definition" for OpenAPI 3.1.
    from playwright.sync_api import Page, expect

    assert isinstance(page, Page)
    page.goto("/docs")
    expect(page.locator(".opblock").first).to_be_visible(timeout=20_000)
    assert page.locator(".opblock").count() >= 40
    expect(page.get_by_text("Unable to render this definition")).to_have_count(0)


def test_a_browser_gets_an_html_error_page_and_programs_keep_json(
    page: object, server: Server
) -> None:
    import httpx
    from playwright.sync_api import Page, expect

    assert isinstance(page, Page)
    login(page, server)
    response = page.goto("/invitados/no-existe")
    assert response is not None and response.status == 404
    expect(page.get_by_test_id("error-page")).to_contain_text("No encontramos esa página")
    page.get_by_test_id("error-home").click()
    expect(page.get_by_role("heading", name="Tu día en Sazón", exact=True)).to_be_visible()
    icon = page.locator('link[rel="icon"]').get_attribute("href")
    assert icon and httpx.get(server.url + icon).status_code == 200
    assert httpx.get(server.url + "/favicon.ico", follow_redirects=True).status_code == 200
    # Under /api/ a 404 stays problem+json even when the client would take HTML.
    api = httpx.get(server.url + "/api/v1/nothing-here", headers={"accept": "text/html"})
    assert api.status_code == 404
    assert api.headers["content-type"].startswith("application/problem+json")


@pytest.mark.parametrize(("role", "health"), [("coordinator", True), ("marketing", False)])
def test_download_the_guest_list_as_csv_and_excel_by_role(
    page: object, server: Server, role: str, health: bool
) -> None:
    import csv
    import io

    from openpyxl import load_workbook
    from playwright.sync_api import Page

    assert isinstance(page, Page)
    login(page, server, role)
    page.goto("/guests?q=quispe")
    with page.expect_download() as got:
        page.get_by_test_id("export-csv").click()
    text = got.value.path().read_bytes().decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert got.value.suggested_filename == "invitados.csv" and len(rows) == 1
    assert rows[0]["Apellidos"] == "Quispe Mamani" and rows[0]["Teléfono"] == "+51987654321"
    assert ("Alergias" in rows[0]) is health
    if health:
        assert any("maní" in r["Alergias"] for r in rows)
    with page.expect_download() as got:
        page.get_by_test_id("export-xlsx").click()
    sheet = load_workbook(io.BytesIO(got.value.path().read_bytes())).active
    assert sheet is not None and sheet.max_row == 2
    assert ("Alergias" in [c.value for c in sheet[1]]) is health


@pytest.mark.parametrize(
    ("role", "shown", "hidden"),
    [
        (
            "sommelier",
            {"pairing", "briefing"},
            {"events", "ingest", "segments", "social", "trends"},
        ),
        (
            "marketing",
            {"pairing", "segments", "social", "trends"},
            {"events", "ingest", "briefing"},
        ),
        ("analyst", {"segments", "social", "trends"}, {"events", "pairing", "ingest", "briefing"}),
    ],
)
def test_each_role_sees_only_the_pages_it_can_open(
    page: object, server: Server, role: str, shown: set[str], hidden: set[str]
) -> None:
    from playwright.sync_api import Page, expect

    assert isinstance(page, Page)
    login(page, server, role)
    for name in shown:
        expect(page.get_by_test_id(f"nav-{name}")).to_have_count(1)
    for name in hidden:
        expect(page.get_by_test_id(f"nav-{name}")).to_have_count(0)
    # Every link it is shown opens (no 403 behind a menu entry), and no unbuilt tool is listed.
    hrefs = page.locator("header nav a").evaluate_all("links => links.map(a => a.href)")
    for href in hrefs:
        response = page.goto(href)
        assert response is not None and response.status == 200, href
    page.goto("/")
    expect(page.get_by_test_id("tool-card-trends")).to_have_count(int("trends" in shown))
    if "trends" in shown:  # this server has no market texts: the board says what to do
        page.goto("/tools/trends")
        expect(page.get_by_test_id("trends-empty")).to_contain_text("sazon ingest market-texts")


def test_ingest_page__newest_rows_first_each_reason_apart_and_the_report_linked(
    page: object, server: Server, tmp_path: Path
) -> None:
    from playwright.sync_api import Page, expect

    assert isinstance(page, Page)
    path = tmp_path / "dos-fallas.csv"
    path.write_text(
        "nombre;apellidos;correo;telefono\n"
        "Anabel;Dosfallas Ríos;anabel@sin-dominio;98765\n"
        "Benito;Unafalla Paz;benito@example.pe;123\n",
        encoding="utf-8",
    )
    login(page, server, "coordinator")
    page.goto("/ingest")
    page.get_by_test_id("ingest-kind").select_option("guests")
    page.get_by_test_id("ingest-file").set_input_files(str(path))
    page.get_by_test_id("ingest-submit").click()
    expect(page.get_by_test_id("ingest-summary")).to_contain_text("2 filas", timeout=60_000)
    run = page.url.split("run=")[1].split("&")[0]

    # The rows this upload just quarantined come first (the server's store had older ones),
    # each reason an item of its own.
    entries = page.locator("details[data-testid^=quarantine-]")
    assert entries.count() > 2
    first = entries.first
    expect(first.locator("summary")).to_contain_text(f"carga n.º {run}")
    reasons = first.get_by_test_id("quarantine-reason")
    expect(reasons).to_have_count(2)
    texts = reasons.all_inner_texts()
    assert sorted(t.split(":")[0] for t in texts) == ["correo", "teléfono"], texts
    expect(first.get_by_test_id("quarantine-reasons")).to_have_attribute("role", "list")
    expect(entries.nth(1).locator("summary")).to_contain_text(f"carga n.º {run}")
    expect(entries.nth(1).get_by_test_id("quarantine-reason")).to_have_count(1)
    expect(entries.last.locator("summary")).not_to_contain_text(f"carga n.º {run}")

    # The upload wrote the same HTML report as `sazon ingest`, linked from the run's page.
    link = page.get_by_test_id("ingest-report-link")
    href = link.get_attribute("href")
    assert href == f"/ingest/runs/{run}/report"
    report = page.request.get(server.url + href)
    assert report.status == 200 and f"Ingesta #{run}" in report.text()
    assert "<svg" in report.text()
    assert (server.home / "reports" / f"ingest-{run}.html").exists()
