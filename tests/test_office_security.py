"""Issue #15, the office page: revocable sessions, bounded requests, login throttling, bad input
answered with 400, security headers. Over HTTP (TestClient) on SQLite and PostgreSQL."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select, update

from office.db import open_office
from office.tables import audit_log, users, web_sessions
from office.users import add_user, set_active
from office.web.app import create_app
from office.web.views import same_site_path
from tests.office_fixtures import PASSWORDS, csrf_of, seed_office


class Clock:
    """The time sessions and throttling go by, moved by the test (no sleeping)."""

    def __init__(self) -> None:
        self.now = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def engine(central_url):
    engine = open_office(central_url)
    seed_office(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def app(engine, clock):
    return create_app(engine, clock=clock)


@pytest.fixture
def office(app) -> Iterator[TestClient]:
    with TestClient(app, base_url="http://office.test") as client:
        yield client


def browser(app) -> TestClient:
    return TestClient(app, base_url="http://office.test")


def login(client: TestClient, username: str, password: str | None = None):
    token = csrf_of(client.get("/login").text)
    return client.post(
        "/login",
        data={"username": username, "password": password or PASSWORDS[username], "csrf": token},
        follow_redirects=False,
    )


def signed_in(client: TestClient, page: str = "/audit") -> bool:
    response = client.get(page, follow_redirects=False)
    return response.status_code != 303


def count(engine, table, *where) -> int:
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(table).where(*where)).scalar_one()


# --- 2. sessions live on the server and can be ended -----------------------------------


def test_after_logout_the_old_cookie_opens_nothing(office, app):
    assert login(office, "admin1").status_code == 303
    stolen = office.cookies["office_session"]
    assert signed_in(office)
    office.post("/logout", data={"csrf": csrf_of(office.get("/").text)})
    with browser(app) as thief:
        thief.cookies.set("office_session", stolen)
        assert thief.get("/audit", follow_redirects=False).headers["location"] == "/login"


def test_logout_ends_every_session_of_the_user(office, app):
    with browser(app) as other:
        login(office, "admin1")
        login(other, "admin1")
        office.post("/logout", data={"csrf": csrf_of(office.get("/").text)})
        assert not signed_in(other)


def test_a_new_password_a_new_role_and_switching_off_end_the_users_sessions(office, app, engine):
    login(office, "admin1")
    with engine.begin() as conn:
        add_user(conn, "admin1", "admin", "a-new-password-1", by="test")
    assert not signed_in(office)
    assert login(office, "admin1", "a-new-password-1").status_code == 303
    with engine.begin() as conn:
        add_user(conn, "admin1", "clerk", "a-new-password-1", by="test")  # demoted
    assert not signed_in(office, "/")
    login(office, "admin1", "a-new-password-1")
    assert office.get("/audit").status_code == 403  # the role comes from the database
    with engine.begin() as conn:
        set_active(conn, "admin1", False, by="test")
    assert not signed_in(office, "/")
    assert login(office, "admin1", "a-new-password-1").status_code == 401


def test_the_role_is_read_from_the_database_on_every_request(office, engine):
    login(office, "admin1")
    assert office.get("/audit").status_code == 200
    with engine.begin() as conn:  # behind the office's back: no session is ended
        conn.execute(update(users).where(users.c.username == "admin1").values(role="clerk"))
    assert office.get("/audit").status_code == 403


def test_sessions_end_after_idle_and_absolute_timeouts(office, clock):
    login(office, "clerk1")
    clock.advance(minutes=29)
    assert signed_in(office, "/")
    clock.advance(minutes=31)
    assert not signed_in(office, "/")
    login(office, "clerk1")
    signed_at = clock.now
    for _ in range(40):  # busy all day: a click every 20 minutes, until the session ends
        clock.advance(minutes=20)
        if not signed_in(office, "/"):
            break
    assert timedelta(hours=12) < clock.now - signed_at <= timedelta(hours=12, minutes=20)


def test_the_cookie_is_a_random_id_httponly_lax_and_changes_at_login(office, engine):
    office.get("/login")
    before = office.cookies["office_session"]
    response = login(office, "clerk1")
    header = response.headers["set-cookie"]
    assert "HttpOnly" in header and "SameSite=Lax" in header and "Secure" not in header
    after = office.cookies["office_session"]
    assert after != before and "clerk" not in after and len(after) >= 40
    with engine.connect() as conn:
        stored = conn.execute(select(web_sessions.c.id_hash, web_sessions.c.username)).all()
    assert ("clerk1" in {u for _, u in stored}) and all(after not in h for h, _ in stored)


def test_the_csrf_token_belongs_to_its_session(office, app):
    login(office, "admin1")
    with browser(app) as other:
        login(other, "admin1")
        foreign = csrf_of(other.get("/periods").text)
    refused = office.post("/periods", data={"start": "2026-03-01", "end": "2026-03-31", "csrf": foreign})
    assert refused.status_code == 403


def test_https_and_a_trusted_proxy_make_the_cookie_secure(engine, clock):
    with TestClient(create_app(engine, clock=clock, https_only=True)) as client:
        assert "Secure" in client.get("/login").headers["set-cookie"]
    proxied = {"x-forwarded-proto": "https", "x-forwarded-for": "203.0.113.9"}
    with TestClient(create_app(engine, clock=clock)) as client:  # no trusted proxy: the header is a lie
        assert "Secure" not in client.get("/login", headers=proxied).headers["set-cookie"]
    with TestClient(create_app(engine, clock=clock, trusted_proxies=["testclient"])) as client:
        assert "Secure" in client.get("/login", headers=proxied).headers["set-cookie"]


# --- 4. bodies and fields are bounded before anything is parsed --------------------------


def test_a_body_over_one_mib_is_refused_while_it_streams(office, engine):
    audited = count(engine, audit_log)

    def chunks() -> Iterator[bytes]:
        yield b"username=x&password="
        for _ in range(300):  # 300 x 64 KiB, never all in memory: no Content-Length to trust
            yield b"a" * 65536

    response = office.post(
        "/login",
        content=chunks(),
        headers={"content-type": "application/x-www-form-urlencoded", "accept-language": "en"},
    )
    assert response.status_code == 413 and "too large (at most 1024 KB)" in response.text
    declared = office.post("/login", data={"f": "a" * (2 * 1024 * 1024)})
    assert declared.status_code == 413 and "提交的内容太大" in declared.text
    assert count(engine, audit_log) == audited


def test_too_many_or_too_long_fields_are_refused(office):
    token = csrf_of(office.get("/login").text)
    many = office.post("/login", data={f"f{i}": "x" for i in range(500)} | {"csrf": token})
    assert many.status_code == 400 and "栏位太多" in many.text
    long = office.post("/login?lang=en", data={"username": "u" * 5000, "password": "p", "csrf": token})
    assert long.status_code == 400 and "the user name is too long (at most 2000 characters)" in long.text
    assert office.get("/tallies", params={"day": "9" * 3000}).status_code == 400
    form = {"content-type": "application/x-www-form-urlencoded"}
    not_utf8 = office.post("/login", content=b"username=%ff", headers=form)
    assert not_utf8.status_code == 400 and "不允许的字符" in not_utf8.text


def test_only_web_forms_are_accepted(office):
    response = office.post("/login", content=b'{"username": "admin1"}', headers={"content-type": "application/json"})
    assert response.status_code == 415


# --- 5. login throttling ---------------------------------------------------------------


def test_five_wrong_passwords_lock_the_name_even_for_the_right_one(office, engine, clock):
    for _ in range(5):
        assert login(office, "admin1", "wrong-password").status_code == 401
    locked = login(office, "admin1")
    assert locked.status_code == 429 and "1 分钟后再试" in locked.text
    assert count(engine, audit_log, audit_log.c.action == "login.locked") == 2  # the name and the address
    clock.advance(seconds=61)
    assert login(office, "admin1").status_code == 303


def test_lockouts_double_and_guessing_many_names_from_one_address_is_locked(office, clock):
    for name in ("a1", "a2", "a3", "a4", "a5"):
        login(office, name, "wrong-password")
    assert login(office, "clerk1").status_code == 429  # the address is locked
    clock.advance(minutes=1, seconds=1)
    for name in ("b1", "b2", "b3", "b4", "b5"):
        login(office, name, "wrong-password")
    clock.advance(minutes=1, seconds=1)
    assert login(office, "clerk1").status_code == 429  # second lockout: two minutes
    clock.advance(minutes=1)
    assert login(office, "clerk1").status_code == 303


def test_a_huge_user_name_is_refused_and_never_stored(office, engine):
    token = csrf_of(office.get("/login").text)
    huge = office.post("/login", data={"username": "x" * 1_048_000, "password": "p", "csrf": token})
    assert huge.status_code in (400, 413)
    just_over = office.post("/login", data={"username": "x" * 65, "password": "p", "csrf": token})
    assert just_over.status_code == 200 and "这些栏位的值不对：用户名" in just_over.text  # back to the form
    with engine.connect() as conn:
        longest = conn.execute(select(func.max(func.length(audit_log.c.username)))).scalar_one()
    assert longest <= 64


# --- 9. bad input is a 400 with a sentence, never a 500 ---------------------------------


def test_dates_out_of_range_nul_and_huge_ids_get_a_sentence(office):
    login(office, "admin1")
    far = office.get("/tallies?day=9999-12-31&lang=en")
    assert far.status_code == 400 and "is not between 2000-01-01 and 2099-12-31" in far.text
    token = csrf_of(office.get("/periods").text)
    made = office.post("/periods", data={"start": "9999-12-01", "end": "9999-12-31", "csrf": token})
    assert made.status_code == 200 and "is not between" in made.text  # back to the form, told why
    nul = office.post("/login?lang=en", data={"username": "admin\x001", "password": "p", "csrf": token})
    assert nul.status_code == 400 and "characters that are not allowed" in nul.text
    assert office.get("/periods/99999999999999999999").status_code == 400
    assert office.get("/periods/1/workers/w%00").status_code == 400
    assert office.get("/corrections?start=0001-01-01").status_code == 400


# --- 10. headers, caching, no API docs, same-site redirects ------------------------------


def test_every_answer_carries_the_security_headers(office):
    login(office, "clerk1")
    answers = [office.get("/"), office.get("/login"), office.get("/nowhere"), office.post("/login", data={"f": "\x00"})]
    for response in answers:
        assert response.headers["x-frame-options"] == "DENY"
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["referrer-policy"] == "same-origin"
        csp = response.headers["content-security-policy"]
        assert "unsafe-inline" not in csp and "style-src 'self'" in csp
        assert response.headers["cache-control"] == "no-store"
    assert office.get("/static/office.css").status_code == 200


def test_downloads_are_not_cached_and_the_api_docs_are_gone(office):
    login(office, "admin1")
    assert office.get("/periods/1/paysheet.xlsx").headers["cache-control"] == "no-store"
    for path in ("/openapi.json", "/docs", "/redoc"):
        assert office.get(path).status_code == 404


def test_templates_hold_no_inline_script_or_style():
    for template in (Path(__file__).parents[1] / "office" / "web" / "templates").glob("*.html"):
        assert not re.search(r"<script|<style|\sstyle=|\son[a-z]+=", template.read_text()), template.name


@pytest.mark.parametrize(
    ("referer", "expected"),
    [
        ("http://office.test/periods?x=1", "/periods?x=1"),
        ("/workers", "/workers"),
        ("//evil.example/x", None),
        ("http://evil.example/periods", None),
        ("https:evil.example", None),
        ("/\\evil.example", None),
        ("javascript:alert(1)", None),
    ],
)
def test_back_goes_only_to_paths_of_this_site(referer, expected):
    assert same_site_path(referer, "office.test") == expected


def test_a_form_with_a_foreign_referer_comes_back_home(office):
    login(office, "admin1")
    token = csrf_of(office.get("/periods").text)
    response = office.post(
        "/periods",
        data={"start": "2026-03-01", "end": "2026-03-31", "csrf": token},
        headers={"referer": "//evil.example/phish"},
        follow_redirects=False,
    )
    assert response.status_code == 303 and response.headers["location"] == "/"


def test_office_web_with_https_behind_a_trusted_proxy(central_url, tmp_path):
    """`python -m office web --https --trusted-proxy 127.0.0.1` in a real uvicorn process."""
    import subprocess
    import sys
    import time
    import urllib.request

    from tests.fixtures.mosquitto import free_port

    engine = open_office(central_url)
    engine.dispose()
    port = free_port()
    command = [sys.executable, "-m", "office", "web", "--db", central_url, "--port", str(port), "--https"]
    server = subprocess.Popen([*command, "--trusted-proxy", "127.0.0.1"], stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 30
        while True:  # bounded: until the page answers or the deadline passes
            try:
                request = urllib.request.Request(f"http://127.0.0.1:{port}/login")
                request.add_header("X-Forwarded-Proto", "https")
                with urllib.request.urlopen(request, timeout=5) as response:
                    headers = response.headers
                break
            except OSError:
                assert time.monotonic() < deadline and server.poll() is None, "office web did not start"
                time.sleep(0.1)  # polling a port that is not open yet, not synchronising on time
        assert "Secure" in headers["set-cookie"] and headers["x-frame-options"] == "DENY"
        assert "server" not in {name.lower() for name in headers}
    finally:
        server.terminate()
        server.wait(timeout=30)
