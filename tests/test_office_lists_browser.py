"""The lists, dashboard and charts in a real browser (Debian's chromium via Playwright), in Chinese
at 1366×768 and 390×844: sorting by a header, searching, paging, marking a quarantined message
handled; screenshots go to test-artifacts/office/ for people to look at."""

from __future__ import annotations

import json

from sqlalchemy import insert

from office.audit import now_utc
from office.db import open_office
from office.demo.sample_events import EventFactory
from office.tables import config_documents
from sync.central.tables import quarantine, stations, workers
from tests.office_fixtures import JANUARY, SITE, office_today
from tests.test_office_browser import log_in, office_url, page, pytestmark, shot  # noqa: F401

WIDE, PHONE = {"width": 1366, "height": 768}, {"width": 390, "height": 844}
PAGES = {
    "dashboard": "/",
    "workers": "/workers",
    "tallies": f"/tallies?day={JANUARY}",
    "corrections": "/corrections?start=2026-01-01&end=2026-01-31",
    "quarantine": "/quarantine",
    "audit": "/audit",
    "stations": "/stations",
    "worker": f"/workers/w01?end={JANUARY}",
}


def _more_office(url: str) -> None:
    """Sixty more workers, today's work at two sites, a station missing seqs, a refused batch."""
    engine = open_office(url)
    today = office_today()
    factory, other = EventFactory(station_id="st-9"), EventFactory(station_id="st-b", site="site-b")
    today_work = (("w01", "bead-stringing", 140), ("w02", "seat-cushion", 6), ("w03", "bead-stringing", 90))
    for worker, product, count in today_work:
        factory.check_in(worker, today, "08:00")
        factory.tally(worker, product, count, today, "10:00")
    for day in range(1, 13):
        other.tally("w04", "bead-stringing", 20 + 7 * day, JANUARY.replace(day=day), "11:00")
        factory.tally("w01", "bead-stringing", 50 + 5 * day, JANUARY.replace(day=day), "15:00")
    factory.rows[-1]["seq"] = 61
    with engine.begin() as conn:
        factory.insert(conn)
        other.insert(conn)
        rows = [{"worker_id": f"z{i:03d}", "name": f"员工{i:03d}", "photo": "", "site": "site-b"} for i in range(60)]
        conn.execute(insert(workers), [{**row, "product_ids": "[]"} for row in rows])
        status = {"backlog": 3, "config_versions": {"roster": 3, "products": 2}}
        conn.execute(
            insert(stations).values(
                station_id="st-9", site=SITE, name="裁缝台", max_seq=61, contiguous_seq=45, online=True,
                registered=True, last_seen=now_utc(), status=json.dumps(status),
            )
        )
        conn.execute(insert(config_documents).values(site=SITE, document="roster", version=4, sha256="0" * 64))
        conn.execute(
            insert(quarantine).values(
                received_at=now_utc(), topic=f"ws/v1/{SITE}/st-x/events", station_id="st-x",
                reason="not on the roster of site site-a: w99", raw=b'{"events": []}',
            )
        )
    engine.dispose()


def test_lists_dashboard_and_charts_in_the_browser(central_url, office_url, page, tmp_path):  # noqa: F811
    _more_office(central_url)
    log_in(page, office_url, "admin1")
    for viewport, suffix in ((WIDE, "1366"), (PHONE, "390")):
        page.set_viewport_size(viewport)
        for name, path in PAGES.items():
            page.goto(f"{office_url}{path}")
            shot(page, tmp_path, f"lists-{name}-{suffix}")
            overflow = page.evaluate("(m => m.scrollWidth - m.clientWidth)(document.querySelector('main'))")
            assert overflow <= 1, f"{name} at {suffix} px is {overflow} px too wide"
    page.set_viewport_size(WIDE)

    page.goto(f"{office_url}/")
    assert "缺 18–60" in page.locator("#stations-h + div").inner_text()
    assert "名单 v3 ≠ v4" in page.locator("#stations-h + div").inner_text()
    assert (page.locator("figure.chart svg title").first.text_content() or "").startswith("串珠：")

    page.goto(f"{office_url}/workers?size=25")
    assert "共 72 条" in page.locator(".pager").inner_text()
    page.click("th >> text=姓名")
    page.click("th >> text=姓名")  # twice: descending
    assert page.locator("th[aria-sort=descending]").inner_text().startswith("姓名")
    page.click("a[rel=next]")
    assert "第 26–50 条" in page.locator(".pager").inner_text()
    page.fill("input[name=q]", "员工05")
    page.click(".list-tools button")
    assert "共 10 条" in page.locator(".pager").inner_text()

    page.goto(f"{office_url}/quarantine")
    assert "不在该场地的名单里" in page.content()
    page.fill("input[name=note]", "w99 是测试员工，不补录")
    page.click("text=标记为已处理")
    page.wait_for_selector(".flash")
    assert "w99 是测试员工" not in page.content()
    page.click("text=已处理")
    assert "w99 是测试员工，不补录" in page.content()
    shot(page, tmp_path, "lists-quarantine-handled-1366")
