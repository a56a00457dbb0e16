"""The office page in a real browser: Debian's chromium driven by Playwright (no download).

A clerk's month end: an admin sets a rate, the clerk creates and closes the period and
downloads the bank file; an admin walks the close checklist, closes, reopens and adjusts.
Screenshots go to test-artifacts/office/ for people to look at.
"""

from __future__ import annotations

import shutil
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import uvicorn
from fastapi import FastAPI
from sqlalchemy import Engine

from office.db import open_office
from office.web.app import create_app
from tests.office_fixtures import PASSWORDS, seed_office

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts" / "office"

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass(frozen=True)
class Served:
    url: str
    app: FastAPI
    engine: Engine


@contextmanager
def _served(central_url: str) -> Iterator[Served]:
    """uvicorn serving the seeded office on a free 127.0.0.1 port, stopped on leaving."""
    engine = open_office(central_url)
    seed_office(engine)
    port = _free_port()
    app = create_app(engine)
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_config=None, lifespan="off"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        assert time.monotonic() < deadline, "uvicorn did not start"
        assert thread.is_alive(), "uvicorn stopped"
        time.sleep(0.02)
    yield Served(f"http://127.0.0.1:{port}", app, engine)
    server.should_exit = True
    thread.join(timeout=10)
    engine.dispose()


@contextmanager
def _chromium() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        yield browser
        browser.close()


# Each fixture stands alone, so other test modules can import `office_url` and `page` by themselves.
@pytest.fixture
def office_server(central_url) -> Iterator[Served]:
    with _served(central_url) as served:
        yield served


@pytest.fixture
def office_url(central_url) -> Iterator[str]:
    with _served(central_url) as served:
        yield served.url


@pytest.fixture
def browser() -> Iterator[Any]:
    with _chromium() as chromium:
        yield chromium


@pytest.fixture
def page() -> Iterator[Any]:
    with _chromium() as chromium:
        context = chromium.new_context(accept_downloads=True, locale="zh-CN", viewport={"width": 1280, "height": 900})
        yield context.new_page()
        context.close()


def shot(page, tmp_path: Path, name: str) -> None:
    path = tmp_path / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    shutil.copy(path, ARTIFACTS / path.name)


def log_in(page, url: str, username: str) -> None:
    page.goto(f"{url}/login")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORDS[username])
    page.click("button[type=submit]")
    page.wait_for_url(f"{url}/")


def close_in_browser(page) -> None:
    """Tick every checklist item as seen and close."""
    for box in page.locator("#close-form input[name=ack]").all():
        box.check()
    page.click("#close-form button[type=submit]")


def test_close_checklist_close_reopen_and_adjust_in_the_browser(office_url, page, tmp_path):
    log_in(page, office_url, "admin1")
    page.goto(f"{office_url}/periods")
    page.fill("input[name=start]", "2026-01-01")
    page.fill("input[name=end]", "2026-01-31")
    page.click("text=新建工资期 >> nth=-1")
    page.click("text=2026-01-01 ~ 2026-01-31")
    page.click("#close-link")
    assert "张伟 在 2026-01-12 没有下班记录" in page.locator("#close-form").inner_text()
    assert page.locator("#close-confirm").inner_text() == "确认结账：2 人，合计 ¥8.50"
    shot(page, tmp_path, "06-close-checklist")
    page.click("#close-form button[type=submit]")  # unticked: the browser itself asks for the boxes
    assert page.url.endswith("/periods/1/close")
    close_in_browser(page)
    page.wait_for_selector("#bank-summary")
    assert page.locator("#bank-summary").inner_text() == "2 笔 ¥8.50"
    page.fill("#reopen-form input[name=reason]", "漏了一台工作站的记录")
    page.check("#reopen-form input[name=confirm]")
    page.click("#reopen-form button")
    page.wait_for_selector("#adjust-form")
    form = page.locator("#adjust-form")
    form.locator("select[name=worker_id]").select_option("w02")
    form.locator("select[name=kind]").select_option("bonus")
    form.locator("input[name=amount_yuan]").fill("12.50")
    form.locator("input[name=reason]").fill("全勤奖")
    form.locator("button[type=submit]").click()
    page.wait_for_selector("#hand-lines")
    assert "全勤奖" in page.locator("#hand-lines").inner_text()
    assert page.locator("#period-total").inner_text() == "¥21.00"  # 8.50 + 12.50
    shot(page, tmp_path, "07-reopened-adjusted")
    page.goto(f"{office_url}/audit")
    assert "period.reopen" in page.content() and "pay.adjust" in page.content()


def test_from_tallies_to_bank_file_in_the_browser(office_url, page, tmp_path):
    page.goto(f"{office_url}/login")
    page.fill("input[name=username]", "clerk1")
    page.fill("input[name=password]", "wrong-password")
    page.click("button[type=submit]")
    assert page.locator("[role=alert]").inner_text() == "用户名或密码不正确"

    log_in(page, office_url, "admin1")
    shot(page, tmp_path, "01-dashboard")
    page.goto(f"{office_url}/products")
    form = page.locator("#rate-form")
    form.locator("select[name=product_id]").select_option("bead-stringing")
    form.locator("input[name=effective_from]").fill("2026-01-01")
    form.locator("input[name=rate_yuan]").fill("0.06")
    form.locator("button[type=submit]").click()
    page.wait_for_selector(".flash")
    assert "¥0.06 / 1" in page.content()
    shot(page, tmp_path, "02-rate-edited")
    page.click("text=退出")

    log_in(page, office_url, "clerk1")
    page.goto(f"{office_url}/tallies?day=2026-01-12")
    assert page.locator("svg rect").count() >= 2
    shot(page, tmp_path, "03-daily-tallies")
    page.goto(f"{office_url}/periods")
    page.fill("input[name=start]", "2026-01-01")
    page.fill("input[name=end]", "2026-01-31")
    page.click("text=新建工资期 >> nth=-1")
    page.click("text=2026-01-01 ~ 2026-01-31")
    assert page.locator("#period-total").inner_text() == "¥10.20"  # 170 beads x ¥0.06
    page.click("#close-link")
    close_in_browser(page)
    page.wait_for_selector("#bank-gbk")
    shot(page, tmp_path, "04-period-closed")
    with page.expect_download() as download:
        page.click("#bank-gbk")
    saved = tmp_path / "bank.csv"
    download.value.save_as(saved)
    lines = saved.read_bytes().decode("gbk").splitlines()
    assert lines[0] == "收款人账号,收款人户名,金额,开户行,用途"
    assert [line.split(",")[2] for line in lines[1:]] == ["7.20", "3.00"]
    with page.expect_download() as download:  # the pay sheet, as a clerk downloads it (#14 item 10)
        page.click("a[href='/periods/1/paysheet.xlsx']")
    assert download.value.suggested_filename.startswith("工资表")
    download.value.save_as(tmp_path / "paysheet.xlsx")
    sheet = openpyxl.load_workbook(tmp_path / "paysheet.xlsx")["工资汇总"]
    header = next(row for row in sheet.iter_rows(values_only=True) if "姓名" in row)
    assert "工号" in header and "签字" in header and sheet.freeze_panes is not None
    page.goto(f"{office_url}/periods/1/workers/w01")
    shot(page, tmp_path, "05-worker-trace")
    assert page.locator("img[alt=工资条]").evaluate("img => img.naturalWidth") == 1000

    page.goto(f"{office_url}/audit")
    assert "没有权限" in page.content()  # a clerk cannot read the audit log


# --- issue #14: a phone, the keyboard, and forms that keep what was typed -------------------------

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 768}
# The pages whose screenshots docs/office.md shows (both sizes, Chinese).
# Every field a person fills in has a label (its own <label>, or aria-label).
UNLABELLED = """[...document.querySelectorAll('input:not([type=hidden]), select, textarea')]
    .filter(e => !e.labels.length && !e.getAttribute('aria-label')).map(e => e.name)"""
MAIN_PAGES = {"dashboard": "/", "workers": "/workers", "period": "/periods/1", "products": "/products"}


def _periods(engine: Engine) -> None:
    """January closed, February open: every period page and form has something to show."""
    from datetime import date

    from office.payroll import lifecycle, store

    with engine.begin() as conn:
        store.create_period(conn, date(2026, 1, 1), date(2026, 1, 31), "admin1")
        store.create_period(conn, date(2026, 2, 1), date(2026, 2, 28), "admin1")
        seen = lifecycle.review(conn, 1)
        acks = {check.key for check in seen.checks}
        lifecycle.close(conn, 1, "admin1", date(2026, 2, 1), acks, seen.total_fen)


def test_every_page_fits_a_390_px_phone(office_server, browser, tmp_path):
    from tests.office_page_words import office_urls

    _periods(office_server.engine)
    context = browser.new_context(locale="zh-CN", viewport=PHONE)
    page = context.new_page()
    log_in(page, office_server.url, "admin1")
    too_wide, unlabelled, unscoped = {}, {}, {}
    for url in office_urls(office_server.app):
        answer = page.goto(f"{office_server.url}{url}")
        if not answer.headers["content-type"].startswith("text/html"):
            continue
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > PHONE["width"]:
            too_wide[url] = width
        if names := page.evaluate(UNLABELLED):
            unlabelled[url] = names
        if count := page.locator("th:not([scope])").count():
            unscoped[url] = count
    assert too_wide == {} and unlabelled == {} and unscoped == {}
    page.goto(f"{office_server.url}/")
    assert not page.locator("nav a[href='/workers']").is_visible()  # the navigation is folded away
    page.click("summary")
    assert page.locator("nav a[href='/workers']").is_visible()
    for name, url in MAIN_PAGES.items():
        page.goto(f"{office_server.url}{url}")
        shot(page, tmp_path, f"phone-{name}")
    context.close()
    context = browser.new_context(locale="zh-CN", viewport=DESKTOP)
    page = context.new_page()
    log_in(page, office_server.url, "admin1")
    assert page.locator("nav a[href='/workers']").is_visible()  # wide enough: no menu button
    for name, url in MAIN_PAGES.items():
        page.goto(f"{office_server.url}{url}")
        shot(page, tmp_path, f"desktop-{name}")
    context.close()


def _tab_to(page, selector: str, limit: int = 80) -> None:
    """Press Tab until the element matching `selector` has the focus (a bounded walk)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


def test_a_keyboard_alone_signs_in_adds_a_worker_and_fixes_a_refused_field(office_url, page, tmp_path):
    page.goto(f"{office_url}/login")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip"
    assert page.locator(".skip").bounding_box()["x"] >= 0  # shown while it has the focus
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "content"
    _tab_to(page, "input[name=username]")
    page.keyboard.type("admin1")
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORDS["admin1"])
    page.keyboard.press("Enter")
    page.wait_for_url(f"{office_url}/")
    _tab_to(page, "nav a[href='/workers']")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"  # the focus can be seen
    page.keyboard.press("Enter")
    page.wait_for_url(f"{office_url}/workers")
    _tab_to(page, "input[name=worker_id]")
    for text in ("w90", "键盘录入"):
        page.keyboard.type(text)
        page.keyboard.press("Tab")
    _tab_to(page, "input[name=bank_account]", limit=10)
    page.keyboard.type("6222 12ab")
    page.keyboard.press("Tab")
    page.keyboard.type("110101199001011234")
    page.keyboard.press("Enter")
    page.wait_for_selector(".field-error")
    account = page.locator("#workers-bank_account")
    assert account.get_attribute("aria-invalid") == "true"
    assert page.locator("#workers-bank_account-error").inner_text().endswith("银行账号只能是数字")
    assert page.locator("#workers-id_number").input_value() == "110101199001011234"
    assert page.locator("#workers-name").input_value() == "键盘录入"
    shot(page, tmp_path, "08-worker-refused-kept")
    account.focus()
    page.keyboard.press("Control+A")
    page.keyboard.type("6222120000001234")
    page.keyboard.press("Enter")
    page.wait_for_selector(".flash")
    assert page.locator(".flash").inner_text().endswith("已保存")
    assert "****1234" in page.locator("table").first.inner_text()
