"""A period's steps over the real web app, in Chinese (issue #13.3-#13.6): the close checklist,
close, reopen, the bank file's skipped people, paid; hand adjustments, check-out fixes and a
negative net carried forward."""

from __future__ import annotations

import io
from datetime import date, timedelta

from PIL import Image
from sqlalchemy import select

from office import audit
from office.demo.sample_events import EventFactory
from office.payroll import store
from office.payslip import MARGIN, ROW
from office.tables import audit_log, pay_adjustments
from sync.central.tables import events
from tests.office_fixtures import close_by_checklist, office_today
from tests.test_office_web import login, office, token  # noqa: F401  (office is a fixture)

REFERER = {"referer": "http://testserver/periods/1"}


def actions(client) -> list[str]:
    with client.engine.connect() as conn:
        return list(conn.execute(select(audit_log.c.action).order_by(audit_log.c.id)).scalars())


def test_close_needs_the_period_ended_and_the_checklist_seen_and_can_be_undone(office):  # noqa: F811
    login(office, "admin1")
    csrf = token(office, "/workers")
    # W02 loses the bank account: the bank file must say so instead of leaving her out quietly.
    office.post("/workers", data={"mode": "edit", "worker_id": "w02", "bank_account": "", "csrf": csrf})
    office.post("/periods", data={"start": "2026-01-01", "end": "2026-01-31", "csrf": csrf})
    today = office_today()
    office.post("/periods", data={"start": str(today), "end": str(today + timedelta(days=9)), "csrf": csrf})
    early = office.get("/periods/2/close").text
    assert f"工资期到 {today + timedelta(days=9)} 才结束" in early
    refused = close_by_checklist(office, 2)
    assert f"工资期到 {today + timedelta(days=9)} 才结束" in refused.text

    page = office.get("/periods/1/close").text
    assert "张伟 在 2026-01-12 没有下班记录" in page  # the check-in with no check-out
    assert "王芳 应发 ¥2.50，但没有银行帐号" not in page and "王芳 应发 ¥2.50，但没有银行账号" in page
    assert "确认结账：2 人，合计 ¥8.50" in page
    unticked = office.post("/periods/1/close", data={"csrf": csrf, "confirmed_total": "850"}, headers=REFERER)
    assert "请先逐项核查并勾选“已看过”" in unticked.text
    with office.engine.connect() as conn:
        assert not store.period(conn, 1).closed

    period = close_by_checklist(office, 1).text
    assert "1 笔 ¥6.00；跳过 1 人：无账号（王芳 ¥2.50）" in period
    refused = office.post("/periods/1/reopen", data={"reason": " ", "confirm": "1", "csrf": csrf}, headers=REFERER)
    assert "请写明原因" in refused.text
    reason = {"reason": "漏了一天的记录", "confirm": "1", "csrf": csrf}
    reopened = office.post("/periods/1/reopen", data=reason, headers=REFERER)
    assert 'id="close-link"' in reopened.text and "bank-gbk" not in reopened.text
    close_by_checklist(office, 1)

    unsettled = office.post("/periods/1/paid", data={"confirm": "1", "csrf": csrf}, headers=REFERER)
    assert "还有被跳过的人未处理：王芳" in unsettled.text
    office.post("/periods/1/sent", data={"confirm": "1", "csrf": csrf}, headers=REFERER)
    late = office.post("/periods/1/reopen", data={"reason": "太晚了", "confirm": "1", "csrf": csrf}, headers=REFERER)
    assert "银行文件已提交，不能重新打开；请在下一期做调整" in late.text
    deferral = {"worker_id": "w02", "reason": "等她开户", "confirm": "1", "csrf": csrf}
    office.post("/periods/1/defer", data=deferral, headers=REFERER)
    paid = office.post("/periods/1/paid", data={"confirm": "1", "csrf": csrf}, headers=REFERER).text
    assert "已发放" in paid and '王芳</span>: 已暂缓' in paid
    assert [a for a in actions(office) if a.startswith("period.")] == [
        "period.create",
        "period.create",
        "period.close",
        "period.reopen",
        "period.close",
        "period.sent",
        "period.defer",
        "period.paid",
    ]


def test_hand_fixes_and_a_negative_net_carried_forward(office):  # noqa: F811
    login(office, "clerk1")
    csrf = token(office)
    for start, end in (("2026-01-01", "2026-01-31"), ("2026-02-01", "2026-02-28"), ("2026-03-01", "2026-03-31")):
        office.post("/periods", data={"start": start, "end": end, "csrf": csrf})
    page = office.get("/periods/1").text
    assert "没有下班记录" in page
    with office.engine.connect() as conn:
        check_in = next(e.event_id for e in store.compute(conn, 1).issues if e.kind == "missing_check_out")
    fix = {"check_in_event_id": check_in, "reason": "忘了打卡，主管确认 17:00 离开", "csrf": csrf}
    assert "“5pm”不是时间" in office.post("/attendance/check-out", data={**fix, "time": "5pm"}, headers=REFERER).text
    page = office.post("/attendance/check-out", data={**fix, "time": "17:00"}, headers=REFERER).text
    assert "没有下班记录" not in page and ">9.0<" in page  # 08:00 to 17:00
    again = office.post("/attendance/check-out", data={**fix, "time": "18:00"}, headers=REFERER).text
    assert "这次上班已有下班记录" in again
    with office.engine.connect() as conn:
        assert conn.execute(select(events.c.event_id).where(events.c.kind == "check_out")).first() is None

    close_by_checklist(office, 1)
    closed = office.post(
        "/periods/1/adjustments",
        data={"worker_id": "w01", "kind": "bonus", "amount_yuan": "5", "reason": "x", "csrf": csrf},
        headers=REFERER,
    )
    assert "已经结账" in closed.text
    # After January closed, a supervisor voids all of W02's 50 beads: February owes back ¥2.50.
    with office.engine.begin() as conn:
        tally = conn.execute(select(events.c.event_id).where(events.c.payload.contains('"w02"'))).scalar_one()
        f = EventFactory(station_id="st-late")
        f.correct(tally, "w02", "bead-stringing", 50, None, date(2026, 2, 3), received=audit.now_utc())
        f.insert(conn)
    february = office.get("/periods/2").text
    assert "-¥2.50" in february
    close_by_checklist(office, 2)
    march_ref = {"referer": "http://testserver/periods/3"}
    for kind, amount, reason in (("bonus", "5", "全勤奖"), ("deduction", "1.20", "损坏工具")):
        office.post(
            "/periods/3/adjustments",
            data={"worker_id": "w02", "kind": kind, "amount_yuan": amount, "reason": reason, "csrf": csrf},
            headers=march_ref,
        )
    march = office.get("/periods/3").text
    assert "上期结转 #2" in march and "全勤奖" in march and "损坏工具" in march
    with office.engine.connect() as conn:
        pay = store.payments(conn, 3)["w02"]
        assert [(line.kind, line.amount_fen) for line in pay.lines] == [
            ("carry", -250),
            ("bonus", 500),
            ("deduction", -120),
        ]
        assert conn.execute(select(pay_adjustments.c.created_by)).scalars().all() == ["clerk1", "clerk1"]
    slip = Image.open(io.BytesIO(office.get("/periods/3/slips/w02.png").content))
    assert slip.height == 330 + ROW * (3 + 1) + MARGIN  # three rows: carried, bonus, deduction
    assert "pay.adjust" in actions(office) and "attendance.fix" in actions(office)
