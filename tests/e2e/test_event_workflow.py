"""The invitation workflow's last steps in the browser (issue #19 item 4, and item 3's plan
texts through the API): cancelling an event, reminding guests who have not answered, and a
plan read in the reader's language. One demo server for the module; each test makes its own
small event through the API, so none depends on another."""

from __future__ import annotations

import json
import re
import subprocess
from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import unquote

import pytest

from sazon.timeutil import LIMA
from tests.e2e.test_web import browser, login  # noqa: F401 - shared fixtures
from tests.servers import Server, sazon_server

pytestmark = pytest.mark.integration
TASTING = "Cata de maridaje nikkei"


@pytest.fixture(scope="module")
def demo_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    with sazon_server(tmp_path_factory.mktemp("event-flow"), demo=("--guests", "40")) as srv:
        yield srv


@pytest.fixture(scope="module")
def api(browser: object, demo_server: Server) -> Iterator[Any]:  # noqa: F811
    """The planner's API through Playwright's request context."""
    from playwright.sync_api import Browser

    assert isinstance(browser, Browser)
    context = browser.new_context(
        base_url=demo_server.url,
        extra_http_headers={"Authorization": f"Bearer {demo_server.keys['planner']}"},
    )
    yield context.request
    context.close()


@pytest.fixture
def page(browser: object, demo_server: Server) -> Iterator[Any]:  # noqa: F811
    from playwright.sync_api import Browser

    assert isinstance(browser, Browser)
    context = browser.new_context(
        base_url=demo_server.url, viewport={"width": 1280, "height": 900}, locale="es-PE"
    )
    pg = context.new_page()
    pg.set_default_timeout(60_000)  # two shared cores; a healthy machine answers at once
    yield pg
    context.close()


def _ok(response: Any, status: int = 200) -> Any:
    assert response.status == status, (response.status, response.text()[:500])
    return response.json()


def _event(api: Any, name: str, days: float, guests: list[int]) -> int:
    """A new event at the tasting's venue, ``days`` from now, with these guests invited."""
    tasting = next(e for e in _ok(api.get("/api/v1/events"))["items"] if e["name"] == TASTING)
    when = (datetime.now(LIMA) + timedelta(days=days)).strftime("%Y-%m-%dT%H:%M")  # read as Lima
    body = {"name": name, "event_type": "cena", "starts_at": when,
            "venue_id": tasting["venue_id"], "courses": ["entrada", "fondo", "postre"]}  # fmt: skip
    event_id = int(_ok(api.post("/api/v1/events", data=body), 201)["id"])
    if guests:
        _ok(api.post(f"/api/v1/events/{event_id}/invitations", data={"guest_ids": guests}), 201)
    return event_id


def _guests(api: Any, n: int, language: str | None = None) -> list[int]:
    query = f"&language={language}" if language else ""
    items = _ok(api.get(f"/api/v1/guests?page_size={n}{query}"))["items"]
    return [int(g["id"]) for g in items][:n]


def test_cancel_an_event_keeps_its_record_and_closes_its_links(
    page: Any,
    api: Any,
    browser: Any,  # noqa: F811
    demo_server: Server,
) -> None:
    from playwright.sync_api import expect

    guests = _guests(api, 3)
    event_id = _event(api, "Cena que se cancela", 0.5, guests)
    invitation = _ok(api.get(f"/api/v1/events/{event_id}/invitations"))["items"][0]
    link = f"/api/v1/events/{event_id}/invitations/{invitation['invitation_id']}/rsvp-link"
    rsvp_url = _ok(api.post(link))["url"]
    login(page, demo_server, "planner")
    expect(page.get_by_test_id("home-events")).to_contain_text("Cena que se cancela")

    page.goto(f"/tools/events/{event_id}")
    page.get_by_test_id("cancel-event").click()
    # The confirm step says what cancelling does; no past-date warning for a future date.
    expect(page.get_by_test_id("cancel-title")).to_contain_text("¿Cancelar «Cena que se cancela»?")
    expect(page.get_by_test_id("cancel-past-warning")).to_have_count(0)
    page.get_by_test_id("confirm-cancel").click()
    expect(page.get_by_test_id("event-cancelled")).to_have_text("Cancelado")
    expect(page.get_by_test_id("cancelled-note")).to_contain_text("se canceló el")
    expect(page.get_by_test_id("invitation-row")).to_have_count(3)  # the record stays
    expect(page.get_by_test_id("plan-event")).to_have_count(0)
    expect(page.get_by_test_id("all-links")).to_have_count(0)
    page.goto("/")
    expect(page.get_by_test_id("home-events")).not_to_contain_text("Cena que se cancela")

    # The guest's link says the event was cancelled, by name.
    phone = browser.new_context(viewport={"width": 390, "height": 800}, locale="es-PE")
    guest = phone.new_page()
    guest.goto(rsvp_url)
    expect(guest.get_by_test_id("rsvp-cancelled")).to_contain_text(
        "«Cena que se cancela» se canceló"
    )
    phone.close()

    # Its plan can no longer change, through the API either; cancelling again is harmless.
    refused = api.post(f"/api/v1/events/{event_id}/plan", data={})
    assert refused.status == 409 and "cancelled" in refused.json()["detail"]
    assert _ok(api.post(f"/api/v1/events/{event_id}/cancel"))["status"] == "cancelled"
    facts = _ok(api.get(f"/api/v1/events/{event_id}"))
    assert facts["status"] == "cancelled" and facts["cancelled_at"]

    # An event whose date has passed: the page warns, the API asks for past_ok.
    past = _event(api, "Cena de ayer", 3, [])
    day = (datetime.now(LIMA) - timedelta(days=2)).strftime("%Y-%m-%dT20:00")  # Lima time
    _ok(api.patch(f"/api/v1/events/{past}", data={"starts_at": day}))
    page.goto(f"/tools/events/{past}/cancel")
    expect(page.get_by_test_id("cancel-past-warning")).to_contain_text("ya pasó")
    assert api.post(f"/api/v1/events/{past}/cancel").status == 409
    done = api.post(f"/api/v1/events/{past}/cancel", data={"past_ok": True})
    assert _ok(done)["status"] == "cancelled"
    # The CLI: without a terminal --yes must come with --past-ok for a past date.
    other = _event(api, "Otra cena de ayer", 3, [])
    _ok(api.patch(f"/api/v1/events/{other}", data={"starts_at": day}))
    with pytest.raises(subprocess.CalledProcessError) as refused_cli:
        demo_server.cli("events", "cancel", str(other), "--yes")
    assert "past_ok" in refused_cli.value.stderr
    said = demo_server.cli("events", "cancel", str(other), "--yes", "--past-ok")
    assert "ya pasó" in said and f"Evento {other} cancelado" in said


def test_remind_the_guests_who_have_not_answered(
    page: Any,
    api: Any,
    browser: Any,  # noqa: F811
    demo_server: Server,
) -> None:
    from playwright.sync_api import expect

    english = _guests(api, 1, "en")
    assert english, "the demo has English-speaking guests"
    spanish = [g for g in _guests(api, 4, "es") if g not in english][:3]
    event_id = _event(api, "Cena con recordatorios", 6, spanish + english)
    # One guest answers through their link: three are left to remind.
    first = _ok(api.get(f"/api/v1/events/{event_id}/invitations"))["items"][0]
    link = f"/api/v1/events/{event_id}/invitations/{first['invitation_id']}/rsvp-link"
    rsvp_url = _ok(api.post(link))["url"]
    phone = browser.new_context(locale="es-PE")
    guest = phone.new_page()
    guest.goto(rsvp_url)
    guest.get_by_test_id("rsvp-no").check()
    guest.get_by_test_id("rsvp-send").click()
    expect(guest.get_by_test_id("rsvp-done")).to_be_visible()
    phone.close()

    login(page, demo_server, "planner")
    page.goto(f"/tools/events/{event_id}")
    expect(page.get_by_test_id("pending-count")).to_have_text("Sin responder: 3 de 4 invitados")
    expect(page.get_by_test_id("last-reminder")).to_have_text(
        ["Último recordatorio: todavía sin recordatorio"] * 3
    )
    page.get_by_test_id("remind").click()
    expect(page.get_by_test_id("reminded")).to_contain_text("Recordatorios listos para 3")
    rows = page.get_by_test_id("pending-guest")
    expect(rows).to_have_count(3)
    stamps = page.get_by_test_id("last-reminder").all_inner_texts()
    assert all(re.search(r"\d:\d\d [ap]\. m\.", s) for s in stamps), stamps
    messages = [
        unquote(rows.nth(i).get_by_test_id("remind-whatsapp").get_attribute("href") or "")
        for i in range(3)
    ]
    assert all(m.startswith("https://wa.me/") and "/rsvp/" in m for m in messages), messages
    spanish_text = [m for m in messages if "te recordamos nuestra invitación" in m]
    english_text = [m for m in messages if "a reminder of our invitation" in m]
    assert (len(spanish_text), len(english_text)) == (2, 1), messages
    mail = rows.first.get_by_test_id("remind-email")
    if mail.count():
        assert (mail.get_attribute("href") or "").startswith("mailto:")
    # Stored: the next visit shows the same times.
    page.reload()
    assert page.get_by_test_id("last-reminder").all_inner_texts() == stamps


def test_plan_texts_in_the_readers_language_through_the_api(
    page: Any, api: Any, demo_server: Server
) -> None:
    from playwright.sync_api import expect

    guests = _ok(api.get(f"/api/v1/events/{_tasting_id(api)}/invitations"))["items"]
    event_id = _event(api, "Cena bilingüe", 9, [int(g["guest_id"]) for g in guests[:8]])
    _ok(api.post(f"/api/v1/events/{event_id}/plan", data={"lang": "es"}), 201)
    # A dessert fixed by hand and a new plan: the change list says why each plate changed.
    first = _ok(api.get(f"/api/v1/events/{event_id}/plan?lang=es"))
    venue = _ok(api.get(f"/api/v1/events/{event_id}"))["venue_id"]
    dishes = _ok(api.get(f"/api/v1/dishes?course=postre&venue_id={venue}"))["items"]
    other = next(d for d in dishes if str(d["id"]) != first["table_menu"]["postre"])
    _ok(api.post(f"/api/v1/events/{event_id}/locks",
                 data={"course": "postre", "dish_id": other["id"]}), 201)  # fmt: skip
    _ok(api.post(f"/api/v1/events/{event_id}/plan", data={"lang": "es"}), 201)

    es = _ok(api.get(f"/api/v1/events/{event_id}/plan?lang=es"))
    en = _ok(api.get(f"/api/v1/events/{event_id}/plan?lang=en"))
    assert (es["lang"], en["lang"], en["planned_in"]) == ("es", "en", "es")
    # The wine flight's notes, the concept and the change list, each in the reader's words.
    assert es["wine_flight"]["mode_reason"] != en["wine_flight"]["mode_reason"]
    assert en["concept"]["lang"] == "en" and en["concept"]["story"] != es["concept"]["story"]
    assert es["diff"]["changes"], "the locked dessert changed plates"
    assert "cambió el plato de la mesa" in es["diff"]["changes"][0]["reason"]
    assert "the table's dish changed" in en["diff"]["changes"][0]["reason"]
    assert not any("plato de la mesa" in c["reason"] for c in en["diff"]["changes"])
    # Without ?lang, Accept-Language decides, then Spanish.
    by_header = api.get(f"/api/v1/events/{event_id}/plan",
                        headers={"Accept-Language": "fr-FR, en;q=0.8, es;q=0.5"})  # fmt: skip
    assert _ok(by_header)["lang"] == "en"
    assert _ok(api.get(f"/api/v1/events/{event_id}/plan"))["lang"] == "es"
    wrong = api.get(f"/api/v1/events/{event_id}/plan?lang=fr")
    assert wrong.status == 422 and "lang" in wrong.text() and "'es' or 'en'" in wrong.text()

    # The web's English plan page shows the same concept the API gives in English.
    login(page, demo_server, "planner")
    page.context.add_cookies([{"name": "sazon_lang", "value": "en", "url": demo_server.url}])
    page.goto(f"/tools/events/{event_id}/plan")
    expect(page.get_by_test_id("concept-title")).to_have_text(en["concept"]["title"])
    expect(page.get_by_test_id("concept-story")).to_have_text(en["concept"]["story"])


def _tasting_id(api: Any) -> int:
    items = _ok(api.get("/api/v1/events"))["items"]
    return int(next(e["id"] for e in items if e["name"] == TASTING))


def _rsvp_no(chromium: Any, api: Any, event_id: int, invitation_id: int) -> None:
    """The guest of ``invitation_id`` says no through their own link, on a phone."""
    link = f"/api/v1/events/{event_id}/invitations/{invitation_id}/rsvp-link"
    phone = chromium.new_context(locale="es-PE")
    guest = phone.new_page()
    guest.goto(_ok(api.post(link))["url"])
    guest.get_by_test_id("rsvp-no").check()
    guest.get_by_test_id("rsvp-send").click()
    guest.get_by_test_id("rsvp-done").wait_for()
    phone.close()


def _replanned(server: Server, api: Any, event_id: int) -> dict[str, Any]:
    """The latest plan once the re-plan worker has read the bus: `sazon worker` with only the
    re-plan processor, run until the bus is drained (here, not in a process of its own)."""
    server.cli("worker", "--processor", "events-replan", "--drain")
    got = api.get(f"/api/v1/events/{event_id}/plan")
    return dict(got.json()) if got.status == 200 else {}


def test_replace_and_remove_guests_and_the_plan_follows_on_its_own(
    page: Any,
    api: Any,
    browser: Any,  # noqa: F811
    demo_server: Server,
) -> None:
    from playwright.sync_api import expect

    # A newcomer to put in a declined guest's seat: a mobile written as people write it and
    # restrictions that open like a spreadsheet formula.
    newcomer = _ok(api.post("/api/v1/guests", data={
        "first_name": "Ximena", "last_name": "Quiroz Aliaga", "phone": "926 259 305",
        "restrictions": '=HYPERLINK("http://x.pe","clic") alergia al maní',
    }), 201)["id"]  # fmt: skip
    a, b, c = _guests(api, 3, "es")
    event_id = _event(api, "Cena con cambios de lista", 12, [a, b, c])
    _ok(api.patch(f"/api/v1/events/{event_id}", data={"capacity": 3}))
    invited = {
        i["guest_id"]: i for i in _ok(api.get(f"/api/v1/events/{event_id}/invitations"))["items"]
    }
    _rsvp_no(browser, api, event_id, invited[c]["invitation_id"])
    _replanned(demo_server, api, event_id)  # the answer is read (no plan yet: nothing to do)
    _ok(api.post(f"/api/v1/events/{event_id}/plan", data={"lang": "es"}), 201)

    # The declined guest's seat is free: a replacement fits the capacity of 3.
    login(page, demo_server, "planner")
    page.goto(f"/tools/events/{event_id}")
    row = page.locator(f"#inv-{invited[c]['invitation_id']}")
    expect(row).to_contain_text("no asistirá")
    expect(row.get_by_test_id("remove-guest-link")).to_have_count(0)  # their answer stays
    row.get_by_test_id("replace-guest-link").click()
    expect(page.get_by_test_id("change-title")).to_have_text(f"Reemplazar a {invited[c]['name']}")
    expect(page.get_by_test_id("change-explain")).to_contain_text("dijo que no asistirá")
    page.get_by_test_id("replace-search").fill("Ximena Quiroz")
    page.get_by_test_id("replace-search-submit").click()
    choice = page.get_by_test_id("replace-guest").filter(has_text="Ximena Quiroz Aliaga")
    expect(choice.get_by_test_id("picker-restrictions")).to_contain_text("maní")
    choice.get_by_role("radio").check()
    page.get_by_test_id("confirm-replace").click()
    expect(page.get_by_test_id("guest-replaced")).to_contain_text(
        "Invitaste a Ximena Quiroz Aliaga en su lugar"
    )
    mine = page.get_by_test_id("invitation-row").filter(has_text="Ximena Quiroz Aliaga")
    expect(mine).to_contain_text("sin responder")
    expect(mine.get_by_test_id("invitation-phone")).to_have_text("+51 926 259 305")
    plan = _replanned(demo_server, api, event_id)
    assert plan["version"] == 2
    assert plan["why"] == f"guest {newcomer} replaces guest {c}", plan["why"]
    assert newcomer in {int(g["guest_id"]) for g in plan["guests"]}
    # The list is full now (three who have not said no): one more is refused, in words.
    refused = api.post(f"/api/v1/events/{event_id}/invitations",
                       data={"guest_ids": [_guests(api, 5, "es")[4]]})  # fmt: skip
    assert (
        refused.status == 409
        and "holds 3 guests: 4 who have not declined" in refused.json()["detail"]
    )

    # Take a guest off, with a confirm step; the plan is made again without them.
    page.locator(f"#inv-{invited[b]['invitation_id']}").get_by_test_id("remove-guest-link").click()
    expect(page.get_by_test_id("change-title")).to_have_text(
        f"¿Quitar a {invited[b]['name']} de la lista?"
    )
    page.get_by_test_id("confirm-remove").click()
    expect(page.get_by_test_id("guest-removed")).to_contain_text(
        f"Quitaste a {invited[b]['name']} de la lista"
    )
    expect(page.locator(f"#inv-{invited[b]['invitation_id']}")).to_contain_text("cancelada")
    plan = _replanned(demo_server, api, event_id)
    assert plan["version"] == 3
    assert b not in {int(g["guest_id"]) for g in plan["guests"]}
    page.goto(f"/tools/events/{event_id}/plan")
    expect(page.get_by_test_id("plan-why")).to_have_text(
        f"se quitó a {invited[b]['name']} de la lista"
    )

    # The API does the same: the removed guest comes back in someone else's seat; one who is
    # already on the list cannot take a seat twice.
    back = api.post(f"/api/v1/events/{event_id}/invitations/{invited[a]['invitation_id']}/replace",
                    data={"guest_id": b})  # fmt: skip
    assert _ok(back, 201)["added"] == {
        "invitation_id": invited[b]["invitation_id"], "guest_id": b, "status": "invited"
    }  # fmt: skip
    twice = api.post(f"/api/v1/events/{event_id}/invitations/{invited[c]['invitation_id']}/replace",
                     data={"guest_id": newcomer})  # fmt: skip
    assert twice.status == 409 and twice.json()["code"] == "conflict"
    assert (
        _ok(api.delete(f"/api/v1/events/{event_id}/invitations/{invited[a]['invitation_id']}"))[
            "removed"
        ]["status"]
        == "cancelled"
    )  # removing twice changes nothing

    _exports(page, api, demo_server, event_id, newcomer)


def _exports(page: Any, api: Any, demo_server: Server, event_id: int, newcomer: int) -> None:
    """The event's guests as CSV and Excel: the planner's file has restrictions (a formula
    neutralised), marketing's has none; phones stay as stored; the CLI writes the same."""
    import csv
    import io

    from openpyxl import load_workbook

    page.goto(f"/tools/events/{event_id}")
    with page.expect_download() as got:
        page.get_by_test_id("guests-csv").click()
    rows = list(csv.DictReader(io.StringIO(got.value.path().read_bytes().decode("utf-8-sig"))))
    assert got.value.suggested_filename == f"invitados-evento-{event_id}.csv"
    ximena = next(r for r in rows if r["Nombre"] == "Ximena")
    assert ximena["Teléfono"] == "+51926259305" and ximena["Respuesta"] == "sin responder"
    assert "sin maní" in ximena["Restricciones"]
    assert ximena["Restricciones (como las escribió)"].startswith("'=HYPERLINK")
    assert {r["Respuesta"] for r in rows} == {"no asistirá", "sin responder", "quitado de la lista"}

    marketing = api.get(
        f"/api/v1/events/{event_id}/guests.xlsx?lang=en",
        headers={"Authorization": f"Bearer {demo_server.keys['marketing']}"},
    )
    assert marketing.status == 200
    sheet = load_workbook(io.BytesIO(marketing.body())).active
    assert sheet is not None
    header = [c.value for c in sheet[1]]
    assert "Phone" in header and not any("Restrictions" in str(h) for h in header)
    phones = [r[header.index("Phone")] for r in sheet.iter_rows(min_row=2, values_only=True)]
    assert "+51926259305" in phones
    staff = api.get(f"/api/v1/events/{event_id}/guests.csv",
                    headers={"Authorization": f"Bearer {demo_server.keys['staff']}"})  # fmt: skip
    assert staff.status == 403  # the floor reads the kitchen sheet, not the guest list

    out = demo_server.home / f"evento-{event_id}.xlsx"
    said = demo_server.cli("events", "guests", str(event_id), "--export", str(out))
    assert f"{len(rows)} invitados" in said and out.read_bytes().startswith(b"PK")
    table = demo_server.cli("events", "guests", str(event_id))
    # People read names, phones grouped and answers in words (not ids, not codes).
    assert "Ximena" in table and "+51 926 259 305" in table and "quitado" in table
    assert f" {newcomer} " not in table and "cancelled" not in table
    listed = json.loads(demo_server.cli("events", "guests", str(event_id), "--format", "json"))
    assert {g["guest_id"] for g in listed} >= {newcomer}
