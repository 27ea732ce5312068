"""Issue #19's workflows in the browser, on the shared 40-guest demo store: people search as
people type, the guest picker's restrictions by role, capacity with declined guests, the
manager's home, editing an event, and the menu of every role.

Every expectation is read from the store (names, phones, RSVPs, allergies, uploads), never
typed in, so the tests follow the demo data when it changes.
"""

from __future__ import annotations

import json
import re
import sqlite3
import unicodedata
from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest

from tests.e2e.test_web import browser, login  # noqa: F401 - shared fixtures
from tests.servers import ROLES, Server, sazon_server

pytestmark = pytest.mark.integration
TASTING = "Cata de maridaje nikkei"


@pytest.fixture(scope="module")
def demo_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    home = tmp_path_factory.mktemp("web-coverage")
    with sazon_server(home, demo=("--guests", "40")) as srv:
        yield srv


@pytest.fixture
def page(browser: object, demo_server: Server) -> Iterator[Any]:  # noqa: F811
    from playwright.sync_api import Browser

    assert isinstance(browser, Browser)
    context = browser.new_context(
        base_url=demo_server.url, viewport={"width": 1280, "height": 900}, locale="es-PE"
    )
    pg = context.new_page()
    pg.set_default_timeout(60_000)  # two cores shared by several test runs
    yield pg
    context.close()


def _rows(server: Server, sql: str, *args: object) -> list[tuple[Any, ...]]:
    with sqlite3.connect(server.home / "sazon.db") as db:
        return db.execute(sql, args).fetchall()


def _fold(text: str) -> str:
    return "".join(
        c for c in unicodedata.normalize("NFD", text.lower()) if not unicodedata.combining(c)
    )


def _guests(server: Server) -> list[dict[str, str]]:
    rows = _rows(
        server,
        "SELECT id, first_name, last_name, coalesce(email, ''), coalesce(phone, '') "
        "FROM guests WHERE erased_at IS NULL",
    )
    return [
        {"id": str(i), "first": f or "", "last": last or "", "email": e, "phone": p}
        for i, f, last, e, p in rows
    ]


def _matches(guest: dict[str, str], query: str) -> bool:
    """Every word of the query is in the guest's name, e-mail or phone digits, ignoring
    accents and case (a phone written with spaces is its digits)."""
    hay = _fold(f"{guest['first']} {guest['last']} {guest['email']}")
    digits = re.sub(r"\D", "", guest["phone"])
    words = _fold(query).split()
    if all(w.isdigit() for w in words):
        return "".join(words) in digits
    return all(w in hay for w in words)


def _shown(page: Any) -> set[str]:
    table = page.get_by_test_id("guest-table")
    if page.get_by_test_id("guest-table").count() == 0:
        return set()
    return {" ".join(t.split()) for t in table.locator("tbody tr td:first-child").all_inner_texts()}


def test_search__people_found_the_way_people_type_them(page: Any, demo_server: Server) -> None:
    from playwright.sync_api import expect

    guests = _guests(demo_server)
    full = {g["id"]: f"{g['first']} {g['last']}".strip() for g in guests}
    # A guest with two first names and two surnames, typed as one says it: first name and
    # second surname ("Fernando Ramos"), and both first names without accents or capitals.
    two = next(
        g for g in guests
        if len(g["first"].split()) == 2 and len(g["last"].split()) == 2
        and _fold(g["first"]) != g["first"].lower()
    )  # fmt: skip
    first_and_mother = f"{two['first'].split()[0]} {two['last'].split()[1]}"
    both_first = _fold(two["first"])
    # A Peruvian mobile written as people write it: "926 259 305".
    mobile = next(g for g in guests if re.fullmatch(r"\+519\d{8}", g["phone"]))
    spaced = " ".join(re.findall(r"\d{3}", mobile["phone"][3:]))
    # The accented surname most guests share, typed with and without its accent.
    surnames = Counter(w for g in guests for w in g["last"].split() if _fold(w) != w.lower())
    accented = surnames.most_common(1)[0][0]
    assert surnames[accented] >= 2, surnames
    login(page, demo_server, "coordinator")
    page.get_by_test_id("nav-guests").click()
    found: dict[str, set[str]] = {}
    for query in (first_and_mother, both_first, spaced, _fold(accented), accented):
        expected = {full[g["id"]] for g in guests if _matches(g, query)}
        page.get_by_test_id("guest-search").fill(query)
        page.get_by_test_id("guest-search-submit").click()
        expect(page.get_by_test_id("guest-search")).to_have_value(query)
        found[query] = _shown(page)
        assert found[query] == expected != set(), query
    assert f"{two['first']} {two['last']}" in found[first_and_mother]
    assert f"{mobile['first']} {mobile['last']}".strip() in found[spaced]
    assert found[_fold(accented)] == found[accented]


def _tasting(server: Server) -> tuple[int, int]:
    event_id, capacity = _rows(server, "SELECT id, capacity FROM events WHERE name = ?", TASTING)[0]
    return int(event_id), int(capacity)


def _uninvited(server: Server, event_id: int, *, allergic: bool) -> list[dict[str, Any]]:
    rows = _rows(
        server,
        "SELECT id, first_name || ' ' || last_name, allergies, diets FROM guests "
        "WHERE erased_at IS NULL AND id NOT IN "
        "(SELECT guest_id FROM invitations WHERE event_id = ?) ORDER BY id",
        event_id,
    )
    out = []
    for gid, name, allergies, diets in rows:
        a, d = json.loads(allergies or "[]"), json.loads(diets or "[]")
        if bool(a) == allergic and (allergic or not d):
            out.append({"id": gid, "name": name, "allergies": a, "diets": d})
    return out


def test_guest_picker__shows_restrictions_to_planners_and_nothing_to_others(
    page: Any,
    browser: Any,  # noqa: F811
    demo_server: Server,
) -> None:
    from playwright.sync_api import expect

    from sazon.web.i18n import label

    event_id, _ = _tasting(demo_server)
    allergic = _uninvited(demo_server, event_id, allergic=True)[0]
    plain = _uninvited(demo_server, event_id, allergic=False)[0]
    login(page, demo_server, "coordinator")
    page.goto(f"/tools/events/{event_id}")
    for guest in (allergic, plain):
        page.get_by_label("Buscar en la base de clientes").fill(guest["name"])
        page.get_by_label("Buscar en la base de clientes").press("Enter")
        row = page.get_by_test_id("picker-guest").filter(has_text=guest["name"])
        expect(row).to_have_count(1)
        restrictions = row.get_by_test_id("picker-restrictions")
        for allergen in guest["allergies"]:
            expect(restrictions).to_contain_text(label(allergen, "es"))
        if not guest["allergies"]:
            expect(restrictions).to_contain_text("Sin restricciones")
    # Roles that may not plan (marketing reads no health data; staff does, but plans
    # nothing) get no picker and not a word of anyone's restrictions.
    for role in ("marketing", "staff"):
        context = browser.new_context(base_url=demo_server.url, locale="es-PE")
        other = context.new_page()
        login(other, demo_server, role)
        response = other.goto(f"/tools/events/{event_id}?q={allergic['name']}")
        assert response is not None and response.status == 403, role
        expect(other.get_by_test_id("picker-guest")).to_have_count(0)
        text = other.locator("body").inner_text()
        assert all(label(a, "es") not in text for a in allergic["allergies"]), role
        context.close()


def test_capacity__a_declined_guest_frees_a_seat_for_a_replacement(
    page: Any, demo_server: Server
) -> None:
    from playwright.sync_api import expect

    event_id, capacity = _tasting(demo_server)
    statuses = dict(
        _rows(
            demo_server,
            "SELECT status, count(*) FROM invitations WHERE event_id = ? GROUP BY status",
            event_id,
        )
    )
    # The demo tasting is full when declined guests count, with one seat free otherwise.
    assert statuses.get("declined", 0) >= 1
    holding = sum(n for s, n in statuses.items() if s != "declined")
    assert sum(statuses.values()) >= capacity and capacity - holding >= 1, statuses
    free = capacity - holding
    candidates = _uninvited(demo_server, event_id, allergic=False)
    candidates += _uninvited(demo_server, event_id, allergic=True)
    login(page, demo_server, "planner")
    page.goto(f"/tools/events/{event_id}")
    for guest in candidates[:free]:
        page.get_by_label("Buscar en la base de clientes").fill(guest["name"])
        page.get_by_label("Buscar en la base de clientes").press("Enter")
        page.get_by_test_id("picker-guest").filter(has_text=guest["name"]).get_by_role(
            "checkbox"
        ).check()
        page.get_by_test_id("invite").click()
        expect(page.get_by_role("status")).to_contain_text("invitad")
        expect(page.get_by_test_id("invitation-row").filter(has_text=guest["name"])).to_have_count(
            1
        )
    expect(page.get_by_test_id("seats")).to_contain_text(
        f"Cupos ocupados: {capacity} de {capacity}"
    )
    # Now the event is full of guests who have not declined: one more is refused, in Spanish.
    extra = candidates[free]
    page.get_by_label("Buscar en la base de clientes").fill(extra["name"])
    page.get_by_label("Buscar en la base de clientes").press("Enter")
    page.get_by_test_id("picker-guest").filter(has_text=extra["name"]).get_by_role(
        "checkbox"
    ).check()
    page.get_by_test_id("invite").click()
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text(f"el aforo del evento es de {capacity} personas")
    expect(page.get_by_test_id("invitation-row").filter(has_text=extra["name"])).to_have_count(0)


def test_home__the_managers_day_and_every_counter_opens_its_list(
    page: Any, demo_server: Server
) -> None:
    from playwright.sync_api import expect

    from sazon.web.i18n import LABELS

    event_id, capacity = _tasting(demo_server)
    rsvp = dict(
        _rows(
            demo_server,
            "SELECT status, count(*) FROM invitations WHERE event_id = ? GROUP BY status",
            event_id,
        )
    )
    allergies: Counter[str] = Counter()
    for (raw,) in _rows(
        demo_server,
        "SELECT g.allergies FROM invitations i JOIN guests g ON g.id = i.guest_id "
        "WHERE i.event_id = ? AND i.status IN ('invited', 'confirmed') AND g.erased_at IS NULL",
        event_id,
    ):
        allergies.update(set(json.loads(raw or "[]")))
    uploads = _rows(demo_server, "SELECT id, filename FROM ingest_runs ORDER BY id DESC LIMIT 4")
    (open_rows,) = _rows(demo_server, "SELECT count(*) FROM quarantine WHERE status = 'open'")[0]
    venues = _rows(demo_server, "SELECT name FROM venues ORDER BY name")

    login(page, demo_server, "admin")
    card = page.get_by_test_id("home-event").filter(has_text=TASTING)
    expect(card).to_contain_text(f"aforo {capacity}")
    invited = sum(rsvp.values())
    answered = rsvp.get("confirmed", 0) + rsvp.get("declined", 0)
    expect(card.get_by_test_id("rsvp-progress")).to_have_text(
        f"{answered} de {invited} respondieron · {rsvp.get('confirmed', 0)} confirmados"
    )
    bars = card.get_by_test_id("allergy-bars").locator("title").first.inner_html()
    shown = dict(re.findall(r"([^:,]+): (\d+)", bars))
    assert {k.strip(): int(v) for k, v in shown.items()} == {
        LABELS[a]["es"]: n for a, n in allergies.items()
    }, bars
    uploads_card = page.get_by_test_id("home-uploads")
    for _, filename in uploads:
        expect(uploads_card.get_by_test_id("home-upload").filter(has_text=filename)).to_have_count(
            1
        )
    expect(page.get_by_test_id("quarantine-open")).to_contain_text(f"{open_rows} filas")
    expect(page.get_by_test_id("home-venue-changes")).to_have_count(len(venues))
    for (name,) in venues:
        expect(page.get_by_test_id("home-venue-changes").filter(has_text=name)).to_have_count(1)

    # Each counter is a link to its list, and the list holds as many.
    in_list = {
        "count-guests": lambda: int(
            re.search(r"(\d+) resultados", page.locator("main").inner_text()).group(1)
        ),  # type: ignore[union-attr]
        "count-events": lambda: page.get_by_test_id("event-table").locator("tbody tr").count(),
    }
    counters = page.get_by_test_id("home-counts").get_by_role("link")
    names = counters.evaluate_all("links => links.map(a => a.dataset.testid)")
    assert sorted(names) == sorted(in_list) and page.get_by_test_id("home-counts").locator(
        "li"
    ).count() == len(names), names
    for name in names:
        link = page.get_by_test_id(name)
        number = int(link.locator("strong").inner_text().replace(" ", ""))
        href = link.get_attribute("href") or "?"
        link.click()
        expect(page).to_have_url(re.compile(re.escape(href) + "$"))
        assert in_list[name]() == number, name
        page.goto("/")
    # The upload and the quarantine open their place on the ingest page.
    run_id, filename = uploads[0]
    uploads_card.get_by_test_id("home-upload").first.get_by_role("link").first.click()
    expect(page).to_have_url(re.compile(rf"/ingest\?run={run_id}$"))
    expect(page.get_by_test_id("ingest-summary")).to_contain_text(filename)
    page.goto("/")
    page.get_by_test_id("quarantine-open").click()
    expect(page).to_have_url(re.compile(r"/ingest#q-h$"))
    expect(page.locator("details[data-testid^=quarantine-]")).to_have_count(open_rows)


def test_edit_event__change_name_date_and_capacity_and_a_past_date_is_refused(
    page: Any, demo_server: Server
) -> None:
    from playwright.sync_api import expect

    login(page, demo_server, "planner")
    page.goto("/tools/events/new")
    page.get_by_label("Nombre del evento").fill("Cena de prueba para editar")
    page.get_by_test_id("event-starts-at").fill("2031-03-14T20:00")
    page.get_by_label("Aforo").fill("12")
    page.get_by_test_id("create-event").click()
    expect(page.get_by_test_id("event-name")).to_have_text("Cena de prueba para editar")
    event_url = page.url
    page.get_by_test_id("edit-event").click()
    expect(page.get_by_label("Nombre del evento")).to_have_value("Cena de prueba para editar")
    expect(page.get_by_test_id("event-starts-at")).to_have_value("2031-03-14T20:00")
    page.get_by_label("Nombre del evento").fill("Cena editada en la web")
    page.get_by_test_id("event-starts-at").fill("2031-04-18T19:30")
    page.get_by_label("Aforo").fill("8")
    page.get_by_test_id("save-event").click()
    expect(page).to_have_url(re.compile(r"/tools/events/\d+\?msg=saved$"))
    expect(page.get_by_role("status")).to_be_visible()
    expect(page.get_by_test_id("event-name")).to_have_text("Cena editada en la web")
    # The hour typed is the hour in Lima, shown back as Lima writes it.
    expect(page.get_by_test_id("event-when")).to_have_text("vie. 18 abr. 2031, 7:30 p. m.")
    expect(page.locator("dd").filter(has_text=re.compile(r"^8"))).to_have_count(1)
    # A date in the past: the form says so in Spanish and nothing changes.
    page.get_by_test_id("edit-event").click()
    page.get_by_test_id("event-starts-at").fill("2020-01-10T20:00")
    page.get_by_test_id("save-event").click()
    alert = page.get_by_role("alert")
    expect(alert).to_be_visible()
    expect(alert).to_contain_text("ya pasó: elige una fecha futura")
    expect(page.get_by_test_id("event-starts-at")).to_have_value("2020-01-10T20:00")
    page.goto(event_url.split("?")[0])
    expect(page.get_by_test_id("event-when")).to_have_text("vie. 18 abr. 2031, 7:30 p. m.")


# Every page a menu can link to, whoever's menu it is (the union is checked below to hold
# every entry any role was shown).
PAGES = (
    "/",
    "/guests",
    "/ingest",
    "/knowledge/additions",
    "/tools/events",
    "/tools/pairing",
    "/tools/experience/segments",
    "/tools/experience/briefing",
    "/tools/experience/dishes",
    "/tools/experience/changes",
    "/tools/trends",
    "/tools/social",
)


def test_navigation__every_role_is_shown_exactly_the_pages_it_can_open(
    browser: Any,  # noqa: F811
    demo_server: Server,
) -> None:
    from sazon.access import ROLES as APP_ROLES

    assert set(ROLES) == set(APP_ROLES) and len(APP_ROLES) == 7
    seen: set[str] = set()
    problems: list[str] = []
    for role in APP_ROLES:
        context = browser.new_context(base_url=demo_server.url, locale="es-PE")
        page = context.new_page()
        page.set_default_timeout(60_000)
        login(page, demo_server, role)
        menu = page.locator("header nav a[data-testid^=nav-]").evaluate_all(
            "links => links.map(a => new URL(a.href).pathname)"
        )
        seen |= set(menu)
        opens = set()
        for path in PAGES:  # each page as this role's browser asks for it (cookies and all)
            status = page.request.get(path, max_redirects=0).status
            if status == 200:
                opens.add(path)
            elif status != 403:
                problems.append(f"{role} {path}: {status}")
        if set(menu) != opens:
            problems.append(
                f"{role}: shown but refused {sorted(set(menu) - opens)}, "
                f"allowed but hidden {sorted(opens - set(menu))}"
            )
        context.close()
    assert not problems, "\n".join(problems)
    assert seen <= set(PAGES), sorted(seen - set(PAGES))
