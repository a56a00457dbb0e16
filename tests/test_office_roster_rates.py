"""Editing a worker keeps what the form does not show; rate typos are caught (issue #13.2, #13.7).

Through the real web app (TestClient), in Chinese.
"""

from __future__ import annotations

import json

from sqlalchemy import select

from office.tables import rates
from sync.central.tables import workers
from tests.test_office_web import login, office, token  # noqa: F401  (office is a fixture)


def _worker(client, worker_id: str) -> dict:
    with client.engine.connect() as conn:
        return dict(conn.execute(select(workers).where(workers.c.worker_id == worker_id)).mappings().one())


def test_an_edit_changes_only_the_fields_shown_and_an_add_never_overwrites(office):  # noqa: F811
    login(office, "admin1")
    before = _worker(office, "w01")
    page = office.get("/workers?edit=w01").text
    assert '修改员工 <span translate="no">w01</span>' in page and "可做的产品" in page
    assert 'value="bead-stringing" checked> 串珠' in page and 'value="willow-weaving"> 柳编' in page
    csrf = token(office, "/workers")
    # Only the bank account is sent: products, badge, ID number stay as they were.
    office.post("/workers", data={"mode": "edit", "worker_id": "w01", "bank_account": "6222 1111", "csrf": csrf})
    after = _worker(office, "w01")
    assert after["bank_account"] == "62221111"
    assert {k: v for k, v in after.items() if k != "bank_account"} == {
        k: v for k, v in before.items() if k != "bank_account"
    }
    # The real edit form: ticked boxes are the allowed products.
    office.post(
        "/workers",
        data={
            "mode": "edit",
            "worker_id": "w01",
            "checkboxes": "active product_ids",
            "active": "on",
            "product_ids": ["bead-stringing", "willow-weaving"],
            "csrf": csrf,
        },
    )
    assert json.loads(_worker(office, "w01")["product_ids"]) == ["bead-stringing", "willow-weaving"]
    # "New worker" with an ID in use is refused with a sentence and nothing changes.
    taken = {"mode": "add", "worker_id": "w01", "name": "别人", "photo": "p.png", "language": "zh-Hans"}
    page = office.post(
        "/workers", data={**taken, "site": "site-x", "csrf": csrf}, headers={"referer": "http://testserver/workers"}
    )
    assert "员工编号 w01 已经存在" in page.text
    kept = _worker(office, "w01")
    assert kept["name"] == "张伟" and kept["badge"] == before["badge"] and kept["id_number"] == before["id_number"]
    assert office.post("/workers", data={"mode": "edit", "worker_id": "w404", "csrf": csrf}).status_code == 200
    assert _worker(office, "w01") == kept


def test_rate_typos_are_refused_or_asked_to_be_confirmed(office):  # noqa: F811
    login(office, "admin1")
    page = office.get("/products").text
    assert "串珠（现行 ¥0.05 / 1 件）" in page and "我确认这个单价无误" in page
    csrf = token(office, "/products")
    referer = {"referer": "http://testserver/products"}

    def post(**form: str):
        data = {"product_id": "bead-stringing", "effective_from": "2026-02-01", "per_pieces": "1", **form}
        return office.post("/rates", data={**data, "csrf": csrf}, headers=referer).text

    assert "没有产品 no-such-thing" in post(product_id="no-such-thing", rate_yuan="0.05")
    assert "新单价每件 ¥999999.99，现行每件 ¥0.05，相差三倍以上" in post(rate_yuan="999999.99")
    assert "相差三倍以上" in post(rate_yuan="0.3", per_pieces="1", effective_from="2026-02-01")
    with office.engine.connect() as conn:
        assert len(conn.execute(select(rates)).all()) == 1  # nothing saved so far
    post(rate_yuan="0.3", confirm="1")  # a real raise, confirmed
    assert "现行每件 ¥0.3" in post(rate_yuan="0.3", per_pieces="4", effective_from="2026-03-01")
    post(rate_yuan="0.07")  # same day as the confirmed one: replaced; within 3× of ¥0.05
    with office.engine.connect() as conn:
        saved = conn.execute(select(rates.c.rate_fen, rates.c.per_pieces).order_by(rates.c.effective_from)).all()
    assert [tuple(r) for r in saved] == [(5, 1), (7, 1)]
