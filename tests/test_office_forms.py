"""A refused form keeps everything typed, with the refusal beside its field (issue #14.4):
the worker form (ID number included), rates, rules, adjustments; sites and products are chosen
from lists; dangerous steps need their summary box ticked."""

from __future__ import annotations

import re
from datetime import date

from office.payroll import store
from tests.test_office_web import login, office, token  # noqa: F401  (office is a fixture)

REFERER = {"referer": "http://testserver/workers"}


def field(page: str, name: str) -> str:
    """The <div class="field"> of the input or select called `name`."""
    match = re.search(rf'<div class="field[^"]*">(?:(?!</div>).)*?name="{name}"(?:(?!</div>).)*</div>', page, re.S)
    assert match, f"no field {name}"
    return match.group(0)


def test_a_refused_worker_form_comes_back_as_typed_with_the_error_at_the_account(office):  # noqa: F811
    login(office, "admin1")
    typed = {
        "mode": "add",
        "worker_id": "w77",
        "name": "赵六",
        "language": "zh-Hant",
        "site": "site-a",
        "badge": "B-77",
        "bank_name": "中国银行",
        "bank_account": "6222-abc",
        "id_number": "110101199003077777",
        "product_ids": "bead-stringing",
        "csrf": token(office, "/workers"),
    }
    back = office.post("/workers", data=typed, headers=REFERER)
    assert back.status_code == 200 and back.url.path == "/workers"
    page = back.text
    for name in ("worker_id", "name", "badge", "bank_name", "id_number"):
        assert f'value="{typed[name]}"' in field(page, name)
    account = field(page, "bank_account")
    assert 'aria-invalid="true"' in account and 'role="alert"' in account and "银行账号只能是数字" in account
    assert '<option value="zh-Hant" selected>' in field(page, "language")
    assert 'value="bead-stringing" checked' in page
    assert 'name="active" value="on">' in page  # not ticked: it was not sent
    assert 'class="flash"' not in page and 'class="alert"' in page  # not styled as "saved"
    assert "110101199003077777" not in office.get("/workers").text  # shown once, then forgotten


def test_sites_and_products_are_chosen_from_lists(office):  # noqa: F811
    login(office, "admin1")
    workers = office.get("/workers").text
    assert '<select id="workers-site" name="site" required>' in workers and '<option value="site-a"' in workers
    assert '<select id="rates-product_id" name="product_id">' in office.get("/products").text
    assert '<select id="supervisors-site" name="site" required>' in office.get("/supervisors").text


def test_refused_amounts_and_days_stay_typed_beside_their_field(office):  # noqa: F811
    with office.engine.begin() as conn:
        store.create_period(conn, date(2026, 1, 1), date(2026, 1, 31), "admin1")
    login(office, "admin1")
    csrf = token(office, "/products")
    rate = {"product_id": "bead-stringing", "effective_from": "2026-02-01", "rate_yuan": "六分", "csrf": csrf}
    page = office.post("/rates", data=rate, headers={"referer": "http://testserver/products"}).text
    assert 'value="六分"' in field(page, "rate_yuan") and "不是金额" in field(page, "rate_yuan")
    assert 'value="2026-02-01"' in field(page, "effective_from")
    assert 'aria-invalid' not in re.search(r'<form method="post" action="/rules".*?</form>', page, re.S).group(0)
    adjust = {"worker_id": "w02", "kind": "bonus", "amount_yuan": "0", "reason": "全勤奖", "csrf": csrf}
    page = office.post("/periods/1/adjustments", data=adjust, headers={"referer": "http://testserver/periods/1"}).text
    assert '<option value="w02" selected>' in field(page, "worker_id")
    assert '<option value="bonus" selected>' in field(page, "kind")
    assert 'value="全勤奖"' in field(page, "reason") and 'aria-invalid="true"' in field(page, "amount_yuan")


def test_reopening_a_period_needs_the_summary_ticked(office):  # noqa: F811
    from tests.office_fixtures import close_by_checklist

    with office.engine.begin() as conn:
        store.create_period(conn, date(2026, 1, 1), date(2026, 1, 31), "admin1")
    login(office, "admin1")
    page = close_by_checklist(office, 1).text
    assert "我确认重新打开 2026-01-01 ~ 2026-01-31（2 人，合计 ¥8.50）" in page
    csrf = token(office, "/periods/1")
    refused = office.post(
        "/periods/1/reopen", data={"reason": "漏了记录", "csrf": csrf}, headers={"referer": "http://testserver/periods/1"}
    ).text
    form = re.search(r'<form [^>]*id="reopen-form".*?</form>', refused, re.S)
    assert form and 'id="close-link"' not in refused  # still closed
    assert "确认框" in field(form.group(0), "confirm") and 'value="漏了记录"' in field(form.group(0), "reason")


def test_disabling_a_worker_needs_the_summary_ticked(office):  # noqa: F811
    login(office, "admin1")
    page = office.get("/workers?edit=w01").text
    assert "我确认停用 张伟（w01）" in field(page, "confirm_disable")
    edit = {"mode": "edit", "worker_id": "w01", "checkboxes": "active product_ids", "csrf": token(office, "/workers")}
    edit_page = {"referer": "http://testserver/workers?edit=w01"}
    refused = office.post("/workers", data=edit, headers=edit_page).text
    assert "没有停用 张伟" in field(refused, "confirm_disable")
    assert 'name="active" value="on">' in refused  # still shown unticked, as it was sent
    done = office.post("/workers", data={**edit, "confirm_disable": "1"}, headers=edit_page).text
    row = re.search(r'<td><a href="/workers/w01" translate="no">w01</a></td>.*?</tr>', done, re.S)
    assert "已保存" in done and row and "停用" in row.group(0)
