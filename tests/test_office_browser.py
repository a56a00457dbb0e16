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
from pathlib import Path

import pytest
import uvicorn

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


@pytest.fixture
def office_url(central_url) -> Iterator[str]:
    """uvicorn serving the seeded office on a free 127.0.0.1 port, stopped at teardown."""
    engine = open_office(central_url)
    seed_office(engine)
    port = _free_port()
    server = uvicorn.Server(
        uvicorn.Config(
            create_app(engine), host="127.0.0.1", port=port, log_config=None, lifespan="off"
        )
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        assert time.monotonic() < deadline, "uvicorn did not start"
        assert thread.is_alive(), "uvicorn stopped"
        time.sleep(0.02)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)
    engine.dispose()


@pytest.fixture
def page(tmp_path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        context = browser.new_context(accept_downloads=True, locale="zh-CN", viewport={"width": 1280, "height": 900})
        yield context.new_page()
        context.close()
        browser.close()


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
    assert page.locator("#period-total").inner_text() == "21.00"  # 8.50 + 12.50
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
    assert page.locator("#period-total").inner_text() == "10.20"  # 170 beads x ¥0.06
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
    page.goto(f"{office_url}/periods/1/workers/w01")
    shot(page, tmp_path, "05-worker-trace")
    assert page.locator("img[alt=工资条]").evaluate("img => img.naturalWidth") == 1000

    page.goto(f"{office_url}/audit")
    assert "没有权限" in page.content()  # a clerk cannot read the audit log
