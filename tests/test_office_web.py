"""The office web page over HTTP (TestClient): sign-in, roles, CSRF, and the payroll flow."""

from __future__ import annotations

import io
import json
import time

import openpyxl
import pytest
from fastapi.testclient import TestClient
from paho.mqtt.client import CallbackAPIVersion, Client
from paho.mqtt.enums import MQTTProtocolVersion
from PIL import Image
from sqlalchemy import select

from office.cli.web import config_publisher
from office.config_push import ConfigPushError
from office.db import open_office
from office.tables import audit_log, rates
from office.web.app import create_app
from sync.protocol.topics import config_topic
from tests.office_fixtures import PASSWORDS, SITE, close_by_checklist, csrf_of, seed_office


@pytest.fixture
def office(central_url):
    engine = open_office(central_url)
    seed_office(engine)
    published: list[str] = []
    with TestClient(create_app(engine, on_catalog_changed=published.append)) as client:
        client.published = published  # type: ignore[attr-defined]
        client.engine = engine  # type: ignore[attr-defined]
        yield client
    engine.dispose()


def login(client: TestClient, username: str, password: str | None = None):
    token = csrf_of(client.get("/login").text)
    return client.post(
        "/login",
        data={"username": username, "password": password or PASSWORDS[username], "csrf": token},
        follow_redirects=False,
    )


def token(client: TestClient, page: str = "/periods") -> str:
    return csrf_of(client.get(page).text)


def test_pages_need_a_login_and_a_wrong_password_is_refused(office):
    assert office.get("/", follow_redirects=False).headers["location"] == "/login"
    refused = login(office, "clerk1", "not-the-password")
    assert refused.status_code == 401 and "用户名或密码不正确" in refused.text
    assert office.get("/", follow_redirects=False).status_code == 303
    assert login(office, "nobody", "whatever-123").status_code == 401
    assert login(office, "clerk1").status_code == 303
    page = office.get("/")
    assert page.status_code == 200 and "demo-station-1" in page.text


def test_a_post_without_the_sessions_csrf_token_is_refused(office):
    login(office, "admin1")
    form = {"product_id": "bead-stringing", "effective_from": "2026-02-01", "rate_yuan": "0.08"}
    assert office.post("/rates", data=form).status_code == 403
    assert office.post("/rates", data={**form, "csrf": "forged"}).status_code == 403
    with office.engine.connect() as conn:
        assert len(conn.execute(select(rates)).all()) == 1


def test_a_clerk_cannot_change_rates_or_the_roster(office):
    login(office, "clerk1")
    csrf = token(office)
    form = {"product_id": "bead-stringing", "effective_from": "2026-02-01", "rate_yuan": "0.08", "csrf": csrf}
    refused = office.post("/rates", data=form)
    assert refused.status_code == 403 and "没有权限" in refused.text
    assert office.post("/workers", data={"worker_id": "w99", "csrf": csrf}).status_code == 403
    assert office.get("/audit").status_code == 403
    assert office.published == []


def test_admin_edits_rate_and_roster_with_audit_and_config_push(office):
    login(office, "admin1")
    csrf = token(office, "/products")
    saved = office.post(
        "/rates",
        data={
            "product_id": "bead-stringing",
            "effective_from": "2026-01-01",
            "rate_yuan": "0.06",
            "per_pieces": "1",
            "csrf": csrf,
        },
        headers={"referer": "http://testserver/products"},
    )
    assert saved.status_code == 200 and "0.06" in saved.text
    bad = office.post("/rates", data={"product_id": "x", "effective_from": "soon", "rate_yuan": "1", "csrf": csrf})
    assert bad.status_code == 200 and "“soon”不是日期" in bad.text  # a sentence back, nothing saved
    worker = {
        "worker_id": "w13",
        "name": "新员工",
        "photo": "photos/placeholder_13.png",
        "language": "zh-Hans",
        "site": "site-b",
        "bank_account": "6222 0202 0000 9999",
        "active": "on",
        "csrf": csrf,
    }
    assert office.post("/workers", data=worker).status_code == 200
    assert office.published == ["site-b"]
    assert "****9999" in office.get("/workers").text
    audit_page = office.get("/audit").text
    assert 'data-action="rate.set">设置单价<' in audit_page and 'data-action="worker.create">新增员工<' in audit_page
    with office.engine.connect() as conn:
        detail = conn.execute(select(audit_log.c.detail).where(audit_log.c.action == "worker.create")).scalar_one()
    assert "9999" not in detail  # the audit never holds bank numbers


def test_clerk_closes_a_period_and_downloads_bank_file_sheet_and_slips(office):
    login(office, "clerk1")
    csrf = token(office)
    office.post("/periods", data={"start": "2026-01-01", "end": "2026-01-31", "csrf": csrf})
    page = office.get("/periods/1")
    assert "6.00" in page.text and "8.50" in page.text  # w01 120 x 0.05, total 170 x 0.05
    assert office.get("/periods/1/bank.csv").status_code == 404  # not before the close
    assert "请先结账，再导出银行代发文件" in office.get("/periods/1/bank.csv").text
    close_by_checklist(office, 1)
    bank = office.get("/periods/1/bank.csv?encoding=gbk")
    assert bank.status_code == 200
    assert bank.content.decode("gbk").splitlines()[1:] == [
        "6222000000000001,张伟,6.00,Demo Bank,工资 2026-01-01~2026-01-31",
        "6222000000000002,王芳,2.50,Demo Bank,工资 2026-01-01~2026-01-31",
    ]
    sheet = openpyxl.load_workbook(io.BytesIO(office.get("/periods/1/paysheet.xlsx").content))
    assert [row[4] for row in sheet["工资汇总"].iter_rows(min_row=3, values_only=True)] == [6, 2.5, "=SUM(E3:E4)"]
    slip = Image.open(io.BytesIO(office.get("/periods/1/slips/w01.png").content))
    assert slip.format == "PNG"
    trace = office.get("/periods/1/workers/w01").text
    assert "没有下班记录" in trace and trace.count('<code translate="no">') >= 2
    assert office.get("/periods/1/slips.zip").content[:2] == b"PK"
    assert office.get("/periods/9").status_code == 404


def test_daily_tallies_corrections_and_quarantine_pages_render(office):
    login(office, "clerk1")
    tallies = office.get("/tallies?day=2026-01-12&lang=en")
    assert tallies.status_code == 200 and "<svg" in tallies.text and "Bead stringing" in tallies.text
    assert office.get("/tallies?day=garbage").status_code == 400  # bad input, not a missing page
    assert office.get("/corrections?start=2026-01-01&end=2026-01-31").status_code == 200
    assert office.get("/quarantine").status_code == 200
    assert office.get("/supervisors").status_code == 200


def test_roster_changes_reach_the_kiosks_through_the_real_config_push(central_url, mosquitto):
    """The web app wired as `central web --broker` wires it: the retained roster shows the new
    worker, and no bank account or ID number ever leaves the office."""
    engine = open_office(central_url)
    seed_office(engine)
    app = create_app(engine, on_catalog_changed=config_publisher(engine, mosquitto.url))
    with TestClient(app) as client:
        login(client, "admin1")
        worker = {
            "worker_id": "w13",
            "name": "新员工",
            "photo": "photos/placeholder_13.png",
            "language": "en",
            "site": SITE,
            "bank_account": "6222020200009999",
            "id_number": "110101199901019999",
            "active": "on",
            "csrf": token(client, "/workers"),
        }
        page = client.post("/workers", data=worker)
        assert page.status_code == 200 and "未收到更新" not in page.text
    received: list[bytes] = []
    spy = Client(CallbackAPIVersion.VERSION2, client_id="office-spy", protocol=MQTTProtocolVersion.MQTTv5)
    spy.on_message = lambda _c, _u, message: received.append(bytes(message.payload))
    spy.on_connect = lambda c, _u, _f, _r, _p: c.subscribe(config_topic(SITE, "roster"), qos=1)
    spy.connect("127.0.0.1", mosquitto.port)
    spy.loop_start()
    try:
        deadline = time.monotonic() + 10
        while not received:
            assert time.monotonic() < deadline, "no retained roster"
            time.sleep(0.02)
    finally:
        spy.loop_stop()
        spy.disconnect()
    roster = json.loads(received[0])
    assert "w13" in [w["worker_id"] for w in roster["data"]]
    assert b"9999" not in received[0]
    engine.dispose()


def test_a_failed_config_push_is_told_to_the_admin_and_the_change_kept(office):
    def unreachable(site: str) -> None:
        raise ConfigPushError(f"broker for {site} not reachable")

    office.app.state.on_catalog_changed = unreachable
    login(office, "admin1")
    worker = {
        "worker_id": "w14",
        "name": "Li",
        "photo": "photos/placeholder_14.png",
        "language": "en",
        "site": "site-c",
        "active": "on",
        "csrf": token(office, "/workers"),
    }
    page = office.post("/workers", data=worker)
    assert "已保存，但 site-c 的工作台未收到更新" in page.text
    assert "w14" in office.get("/workers").text


def test_a_broken_database_shows_a_short_error_page_not_a_traceback(central_url):
    engine = open_office(central_url)
    seed_office(engine)
    with TestClient(create_app(engine), raise_server_exceptions=False) as client:
        login(client, "clerk1")
        rates.drop(engine)  # a real fault: the table is gone behind the page's back
        page = client.get("/products")
    assert page.status_code == 500 and "Traceback" not in page.text
    assert "出错了，已记录下来" in page.text and "Error" not in page.text  # a sentence, not the exception
    engine.dispose()


def test_a_refusal_is_shown_in_the_clerks_language(office):
    login(office, "admin1")
    csrf = csrf_of(office.get("/products?lang=zh-Hans").text)
    form = {"product_id": "bead-stringing", "effective_from": "2026-01-01", "rate_yuan": "六分", "csrf": csrf}
    page = office.post("/rates", data={**form, "per_pieces": "1"}, headers={"referer": "http://testserver/products"})
    assert page.status_code == 200
    assert "“六分”不是金额：请填写元，最多两位小数" in page.text
    assert "is not an amount" not in page.text
    office.get("/products?lang=zh-Hant")
    page = office.post("/rates", data={**form, "per_pieces": "1"}, headers={"referer": "http://testserver/products"})
    assert "「六分」不是金額" in page.text
