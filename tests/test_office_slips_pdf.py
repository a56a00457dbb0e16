"""Pay slips show the why (issue #13): pieces × rate = amount, days and hours, late changes of an
earlier period (上期补扣), hand lines with their reason, a carried negative net; and all slips of a
period on A4 with a 签字 column, from the web page and from the shell, read back with pypdf."""

from __future__ import annotations

import io
from datetime import date

from pypdf import PdfReader
from sqlalchemy import select

from office import audit
from office.cli import main
from office.demo.sample_events import EventFactory
from sync.central.tables import events
from tests.office_fixtures import close_by_checklist
from tests.test_office_web import login, office, token  # noqa: F401  (office is a fixture)


def pdf_text(data: bytes) -> str:
    assert data.startswith(b"%PDF")
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_slips_explain_each_amount_and_print_on_a4_for_signatures(office, central_url, tmp_path):  # noqa: F811
    login(office, "clerk1")
    csrf = token(office)
    for start, end in (("2026-01-01", "2026-01-31"), ("2026-02-01", "2026-02-28"), ("2026-03-01", "2026-03-31")):
        office.post("/periods", data={"start": start, "end": end, "csrf": csrf})
    period = office.get("/periods/1").text
    assert 'id="slips-pdf"' in period and "签收表 (PDF)" in period
    january = office.get("/periods/1/slips.pdf")
    assert january.headers["content-type"] == "application/pdf"
    assert "filename*=UTF-8''" in january.headers["content-disposition"]
    text = pdf_text(january.content)
    assert "工资签收表 2026-01-01~2026-01-31" in text and "签字" in text
    assert "张伟" in text and "王芳" in text and "¥6.00" in text and "¥2.50" in text and "¥8.50" in text
    assert "120 × ¥0.05 = ¥6.00" in text and "50 × ¥0.05 = ¥2.50" in text
    assert "1 天 · 0.0 小时" in text  # w01 checked in and never out: a day, no hours

    close_by_checklist(office, 1)
    # After January closed, a supervisor voids all of W02's 50 beads: February pays back -¥2.50.
    with office.engine.begin() as conn:
        tally = conn.execute(select(events.c.event_id).where(events.c.payload.contains('"w02"'))).scalar_one()
        f = EventFactory(station_id="st-late")
        f.correct(tally, "w02", "bead-stringing", 50, None, date(2026, 2, 3), received=audit.now_utc())
        f.insert(conn)
    office.post(
        "/periods/2/adjustments",
        data={"worker_id": "w01", "kind": "bonus", "amount_yuan": "5", "reason": "全勤奖", "csrf": csrf},
        headers={"referer": "http://testserver/periods/2"},
    )
    february = pdf_text(office.get("/periods/2/slips.pdf").content)
    assert "上期补扣：" in february and "-50 × ¥0.05" in february and "-¥2.50" in february
    assert "手工调整：奖金 全勤奖" in february and "¥5.00" in february
    close_by_checklist(office, 2)

    out = tmp_path / "march.pdf"
    assert main(["period", "slips-pdf", "--db", central_url, "--period", "3", "--out", str(out)]) == 0
    march = pdf_text(out.read_bytes())
    assert "工资签收表 2026-03-01~2026-03-31" in march and "上期结转（负数）" in march and "-¥2.50" in march
    slips_pdf = ["period", "slips-pdf", "--db", central_url, "--out", str(out)]
    assert main([*slips_pdf, "--period", "3", "--lang", "en"]) == 0
    assert "Signature" in pdf_text(out.read_bytes())
    assert main([*slips_pdf, "--period", "9"]) == 2
