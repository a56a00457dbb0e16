"""`python -m office period ...` in-process: the same steps as the web page, in Chinese by default."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select, update

from office.cli import main
from office.db import open_office
from office.payroll import store
from office.tables import audit_log, pay_adjustments
from sync.central.tables import workers
from tests.office_fixtures import seed_office


def period_cli(db: str, step: str, *extra: str) -> int:
    return main(["period", step, "--db", db, "--period", "1", *extra])


def test_period_steps_from_the_shell(central_url, capsys):
    engine = open_office(central_url)
    seed_office(engine)
    with engine.begin() as conn:
        store.create_period(conn, date(2026, 1, 1), date(2026, 1, 31), "clerk1")
        conn.execute(update(workers).where(workers.c.worker_id == "w02").values(bank_account=None))
    capsys.readouterr()

    assert period_cli(central_url, "close") == 2
    shown = capsys.readouterr()
    assert "张伟 在 2026-01-12 没有下班记录" in shown.out and "确认结账：2 人，合计 ¥8.50" in shown.out
    assert "--confirm-total 850" in shown.out and "--confirm-total" in shown.err
    items = [line[1 : line.index("]")] for line in shown.out.splitlines() if line.startswith("[")]
    assert len(items) >= 2
    assert period_cli(central_url, "close", "--confirm-total", "850", "--acknowledge", items[0]) == 2
    assert "请先逐项核查并勾选“已看过”" in capsys.readouterr().err
    assert period_cli(central_url, "close", "--confirm-total", "851", "--acknowledge", "all") == 2
    assert "结账前金额有变化" in capsys.readouterr().err
    acks = [arg for item in items for arg in ("--acknowledge", item)]
    assert period_cli(central_url, "close", "--confirm-total", "850", *acks) == 0
    assert "已保存" in capsys.readouterr().out

    adjust = ["--worker", "w01", "--amount", "1.50", "--kind", "bonus", "--reason", "认真"]
    assert period_cli(central_url, "adjust", *adjust) == 2  # closed: fixes go to the next period
    assert period_cli(central_url, "reopen", "--reason", " ") == 2
    assert "请写明原因" in capsys.readouterr().err
    assert period_cli(central_url, "reopen", "--reason", "漏了奖金") == 0
    assert period_cli(central_url, "adjust", *adjust) == 0
    assert period_cli(central_url, "adjust", *adjust[:3], "1.505", *adjust[4:]) == 2  # not an amount
    assert period_cli(central_url, "close", "--confirm-total", "1000", "--acknowledge", "all") == 0

    assert period_cli(central_url, "mark-paid", "--lang", "en") == 2
    assert "people left out are not settled" in capsys.readouterr().err
    assert period_cli(central_url, "defer", "--worker", "w01", "--reason", "x") == 2  # w01 is in the file
    assert period_cli(central_url, "defer", "--worker", "w02", "--reason", "等她开户") == 0
    assert period_cli(central_url, "mark-sent", "--by", "li") == 0
    assert period_cli(central_url, "reopen", "--reason", "太晚了") == 2
    assert period_cli(central_url, "mark-paid") == 0
    with engine.connect() as conn:
        actions = list(conn.execute(select(audit_log.c.action).order_by(audit_log.c.id)).scalars())
        amounts = list(conn.execute(select(pay_adjustments.c.amount_fen)).scalars())
        assert store.payments(conn, 1)["w01"].total_fen == 750
    engine.dispose()
    assert [a for a in actions if a.startswith(("period.", "pay."))] == [
        "period.create",
        "period.close",
        "period.reopen",
        "pay.adjust",
        "period.close",
        "period.defer",
        "period.sent",
        "period.paid",
    ]
    assert amounts == [150]
