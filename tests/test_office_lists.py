"""The office's lists, dashboard and charts over HTTP (TestClient) on SQLite and PostgreSQL:
server-side sort, search, filters and paging with no silent cap; the quarantine explained and
handled; a dashboard that says what happened today; charts that never add products together."""

from __future__ import annotations

import json
import re

from sqlalchemy import func, insert, select, update

from office import production
from office.audit import now_utc, record
from office.charts import Chart, Series
from office.demo.sample_events import EventFactory
from office.tables import audit_log, config_documents, quarantine_handled
from sync.central.tables import quarantine, stations, workers
from tests.office_fixtures import JANUARY, SITE, csrf_of, office_today
from tests.test_office_web import login, office  # noqa: F401  (the fixture)

TODAY = office_today()


def _workers(conn, n: int, site: str = "site-z") -> None:  # type: ignore[no-untyped-def]
    rows = [
        {"worker_id": f"z{i:03d}", "name": f"测试{i:03d}", "photo": "", "site": site, "product_ids": "[]"}
        for i in range(n)
    ]
    conn.execute(insert(workers), rows)


def _ids(page: str) -> list[str]:
    return re.findall(r'<td><a href="/workers/([^"]+)"[^>]*>', page)


def test_workers_are_sorted_searched_filtered_and_paged_with_a_total(office):  # noqa: F811
    with office.engine.begin() as conn:
        _workers(conn, 60)
    login(office, "clerk1")
    first = office.get("/workers?site=site-z&size=25").text
    assert _ids(first) == [f"z{i:03d}" for i in range(25)]
    assert "第 1–25 条，共 60 条（第 1/3 页）" in first and "合计 60 人" in first
    last = office.get("/workers?site=site-z&size=25&page=3").text
    assert _ids(last) == [f"z{i:03d}" for i in range(50, 60)]
    backwards = office.get("/workers?site=site-z&sort=name&desc=1&size=25").text
    assert _ids(backwards)[:2] == ["z059", "z058"] and 'aria-sort="descending"' in backwards
    found = office.get("/workers?q=测试04").text
    assert _ids(found) == [f"z{i:03d}" for i in range(40, 50)]
    assert _ids(office.get("/workers?q=%25").text) == []  # a % typed is a character, not a wildcard
    # A sort key that is no column falls back to the default; a page size not offered is refused in words.
    assert _ids(office.get("/workers?site=site-z&sort=bank_account;drop&size=25").text)[0] == "z000"
    refused = office.get("/workers?size=100000")
    assert refused.status_code == 400 and "列表参数不对" in refused.text


def test_the_audit_log_has_no_silent_cap(office):  # noqa: F811
    with office.engine.begin() as conn:
        for i in range(250):
            record(conn, "admin1", "test.entry", n=i)
    login(office, "admin1")
    first = office.get("/audit?action=test.entry&size=200").text
    assert "共 250 条" in first and first.count('data-action="test.entry"') == 200
    second = office.get("/audit?action=test.entry&size=200&page=2").text
    assert second.count('data-action="test.entry"') == 50
    oldest = r"<code translate=\"no\">{(&quot;|\")n(&quot;|\"): 0}</code>"
    assert re.search(oldest, second)  # the oldest entry is still there


def test_tallies_list_totals_per_product_and_corrections_are_paged(office):  # noqa: F811
    factory = EventFactory(station_id="st-2")
    cushion = factory.tally("w01", "seat-cushion", 3, JANUARY, "11:00")
    factory.correct(cushion, "w01", "seat-cushion", 3, 2, JANUARY, "12:00")
    with office.engine.begin() as conn:
        factory.insert(conn)
    login(office, "clerk1")
    page = office.get(f"/tallies?day={JANUARY}&lang=en").text
    totals = re.findall(
        r'<tr class="totals"><th scope="row" colspan="4">Total · <span translate="no">([^<]+)</span> '
        r'\((\d+) tallies\)</th><td class="num">(\d+)</td>',
        page,
    )
    assert sorted(totals) == [("Bead stringing", "3", "170"), ("Seat cushion", "1", "3")]  # never 173
    assert "<svg" in page and "<title id=\"day-t\">" in page
    only = office.get(f"/tallies?day={JANUARY}&product=seat-cushion&lang=en").text
    assert "Seat cushion" in only and "(3 tallies)" not in only and "corrected" in only
    fixes = office.get(f"/corrections?start={JANUARY}&end={JANUARY}&lang=en").text
    assert "miscount" in fixes and cushion in fixes and "of 1 (page 1 of 1)" in fixes


def _quarantine(conn, reason: str, station: str | None = "st-x") -> int:  # type: ignore[no-untyped-def]
    values = {"received_at": now_utc(), "topic": f"ws/v1/{SITE}/{station}/events", "station_id": station}
    return conn.execute(insert(quarantine).values(reason=reason, raw=b"{}", **values)).inserted_primary_key[0]


def test_quarantine_reasons_are_explained_and_can_be_marked_handled_with_a_note(office):  # noqa: F811
    with office.engine.begin() as conn:
        unregistered = _quarantine(conn, "station site-a/st-x is not registered at the office (python -m office …)")
        roster = _quarantine(conn, "not on the roster of site site-a: w99")
        _quarantine(conn, "not UTF-8 JSON: bad byte")
    login(office, "clerk1")
    nothing = office.get("/quarantine?q=nothing-like-this").text
    assert "共 0 条" in nothing and "第 0–0 条" not in nothing  # an empty list says so, not "items 0 to 0"
    page = office.get("/quarantine").text
    assert "这台工作站还没有在办公室登记" in page and "不在该场地的名单里" in page and "消息内容损坏" in page
    assert "共 3 条" in page
    empty = office.post(f"/quarantine/{roster}/handled", data={"note": "  ", "csrf": csrf_of(page)})
    assert "请写明原因" in empty.text
    done = office.post(f"/quarantine/{roster}/handled", data={"note": "w99 已离职，记录作废", "csrf": csrf_of(page)})
    assert "已保存" in done.text
    assert "共 2 条" in office.get("/quarantine").text  # the open list no longer shows it
    handled = office.get("/quarantine?state=handled").text
    assert "w99 已离职，记录作废" in handled and "clerk1 于" in handled
    again = office.post(f"/quarantine/{roster}/handled", data={"note": "again", "csrf": csrf_of(page)})
    assert f"第 {roster} 条已经处理过了" in again.text
    with office.engine.connect() as conn:
        entry = conn.execute(select(audit_log.c.detail).where(audit_log.c.action == "quarantine.handled")).scalar_one()
        assert json.loads(entry) == {"id": roster, "note": "w99 已离职，记录作废"}
        assert conn.execute(select(func.count()).select_from(quarantine_handled)).scalar_one() == 1
    assert unregistered != roster
    assert "1 条隔离消息" not in office.get("/").text and "2 条隔离消息待处理" in office.get("/").text


def test_dashboard_says_what_happened_today_and_what_each_station_misses(office):  # noqa: F811
    factory = EventFactory(station_id="st-9")
    factory.check_in("w01", TODAY, "08:00")
    factory.check_in("w02", TODAY, "08:05")
    factory.tally("w01", "bead-stringing", 40, TODAY, "09:00")
    factory.tally("w02", "seat-cushion", 2, TODAY, "09:30")
    for _ in range(44):
        factory.check_out("w03", TODAY, "17:00")
    factory.rows[-1]["seq"] = 61  # 49..60 never arrived
    with office.engine.begin() as conn:
        factory.insert(conn)
        row = {"station_id": "st-9", "site": SITE, "name": "裁缝台", "max_seq": 61, "contiguous_seq": 47}
        status = {"backlog": 12, "config_versions": {"roster": 3, "products": 2}}
        conn.execute(insert(stations).values(**row, online=False, registered=True, status=json.dumps(status)))
        conn.execute(
            insert(config_documents),
            [
                {"site": SITE, "document": "roster", "version": 4, "sha256": "0" * 64},
                {"site": SITE, "document": "products", "version": 2, "sha256": "0" * 64},
            ],
        )
        conn.execute(update(stations).where(stations.c.station_id == "st-9").values(last_seen=now_utc()))
    login(office, "clerk1")
    page = office.get("/").text
    card = page[page.index(f'id="site-{SITE}"') :]
    card = card[: card.index("</article>")]
    assert re.search(r"<span class=\"figure\">2</span> 人到岗", card)  # w01 and w02 checked in or counted
    assert "¥2.00" in card  # 40 beads x ¥0.05; cushions have no rate
    assert "串珠</span>：<strong>40</strong>" in card and "坐垫</span>：<strong>2</strong>" in card
    board = page[page.index("st-9") :]
    board = board[: board.index("</tr>")]
    assert "缺 48–60" in board and "名单 v3 ≠ v4" in board and "产品 v2" in board and "≠ v2" not in board
    assert "秒前" in board and ">12<" in board and "离线" in board
    assert "/ 61" not in page  # missing ranges, not a bare "48 / 61"
    stations_page = office.get("/stations?online=0").text
    assert "st-9" in stations_page and "demo-station-1" not in stations_page and "合计 1 台工作站" in stations_page


def test_worker_page_trend_has_pieces_per_product_and_pay_per_day(office):  # noqa: F811
    login(office, "clerk1")
    page = office.get(f"/workers/w01?end={JANUARY}&lang=en").text
    assert page.count("<svg") == 2 and "<desc id=\"worker-pieces-d\">" in page
    assert 'id="worker-pay-table"' in page and "<td class=\"num\">6.00</td>" in page  # 120 beads x ¥0.05
    assert "<td class=\"num\">120</td>" in page and 'class="goal"' not in page  # no goal set, no goal line
    assert office.get("/workers/nobody").status_code == 404


def test_month_charts_draw_one_chart_per_product(office):  # noqa: F811
    factory = EventFactory(station_id="st-2", site="site-b")
    factory.tally("w03", "seat-cushion", 5, JANUARY, "11:00")
    with office.engine.begin() as conn:
        factory.insert(conn)
    login(office, "clerk1")
    page = office.get("/?month=2026-01&lang=en").text
    assert page.count("<svg") == 2  # beads and cushions each on their own chart
    assert "Bead stringing: pieces per day in 2026-01, per site" in page
    assert "Seat cushion: pieces per day in 2026-01, per site" in page


def test_a_goal_line_and_a_legend_that_wraps_instead_of_being_cut_off() -> None:
    labels = [f"很长很长的产品名称第{i}号" for i in range(8)]
    chart = Chart(
        key="c",
        title="t",
        desc="d",
        x_labels=("1", "2"),
        series=tuple(Series(label, (1.0, 2.0)) for label in labels),
        unit="件",
        goal=3,
        goal_label="每日目标",
    )
    svg = str(chart.svg())
    height = int(re.search(r'viewBox="0 0 760 (\d+)"', svg).group(1))  # type: ignore[union-attr]
    legend_y = [int(y) for y in re.findall(r'<line x1="[\d.]+" x2="[\d.]+" y1="(\d+)" y2="\d+" stroke="#', svg)]
    assert len(set(legend_y)) >= 3 and max(legend_y) < height  # several rows, all inside the picture
    assert all(float(x) + 30 < 760 for x in re.findall(r'<line x1="([\d.]+)" x2="[\d.]+" y1="\d+" y2', svg))
    assert all(label in svg for label in labels) and 'class="goal"' in svg and "每日目标 3" in svg
    dashes = set(re.findall(r'<polyline [^>]*?(stroke-dasharray="[^"]+")?/>', svg))
    assert len(dashes) >= 6  # not told apart by colour alone


def test_production_counts_a_tally_as_its_last_correction_says(office):  # noqa: F811
    factory = EventFactory(station_id="st-2")
    first = factory.tally("w01", "seat-cushion", 3, JANUARY, "11:00")
    factory.correct(first, "w01", "seat-cushion", 3, 5, JANUARY, "12:00")
    factory.correct(first, "w01", "seat-cushion", 5, 4, JANUARY, "13:00")  # the last one counts
    voided = factory.tally("w02", "seat-cushion", 7, JANUARY, "11:30")
    factory.correct(voided, "w02", "seat-cushion", 7, None, JANUARY, "12:30")
    with office.engine.begin() as conn:
        factory.insert(conn)
        made = production.pieces(conn, JANUARY, JANUARY)
        mine = production.pieces(conn, JANUARY, JANUARY, "w01")
    assert made[(JANUARY, SITE, "seat-cushion")] == 4 and made[(JANUARY, SITE, "bead-stringing")] == 170
    assert mine == {(JANUARY, SITE, "seat-cushion"): 4, (JANUARY, SITE, "bead-stringing"): 120}
