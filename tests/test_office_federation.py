"""The monthly report for the disabled persons' federation (issue #13): per site people, days,
hours, pieces per product, total and average income, who is below the site's minimum, and the
month before; on the page, as XLSX and from the shell."""

from __future__ import annotations

import io
from datetime import date

import openpyxl
from sqlalchemy import select

from office.cli import main
from office.demo.sample_events import EventFactory
from office.federation import FederationReport, SiteMonth, federation_xlsx
from office.tables import audit_log
from office.xlsx_sheet import TEXT, YUAN
from tests.test_office_web import login, office, token  # noqa: F401  (office is a fixture)

FEBRUARY = date(2026, 2, 9)


def test_federation_report_on_the_page_as_xlsx_and_from_the_shell(office, central_url, tmp_path):  # noqa: F811
    # January (from the fixture): w01 120 beads ¥6.00 and a check-in; w02 50 beads ¥2.50.
    # February: w01 works 8 hours and strings 200 beads (¥10.00).
    with office.engine.begin() as conn:
        f = EventFactory(station_id="st-feb")
        f.check_in("w01", FEBRUARY, "08:00")
        f.tally("w01", "bead-stringing", 200, FEBRUARY, "11:00")
        f.check_out("w01", FEBRUARY, "16:00")
        f.insert(conn)
    login(office, "admin1")
    page = office.get("/reports/federation?month=2026-02").text
    assert "残联月报 2026-02" in page and 'id="federation-xlsx"' in page
    row = page.split('id="federation-sites"')[1].split("</table>")[0]
    # site, people 1, days 1, hours 8.0, total, average, minimum ¥2000, 1 below; January: 2 people ¥8.50 ¥4.25
    for cell in ("site-a", ">1<", ">8.0<", "¥10.00", "¥2,000.00", ">2<", "¥8.50", "¥4.25"):
        assert cell in row, cell
    assert "张伟" in page.split('id="federation-below"')[1]
    assert "“2026-13”不是月份" in office.get("/reports/federation?month=2026-13").text

    csrf = token(office, "/reports/federation")
    referer = {"referer": "http://testserver/reports/federation?month=2026-01"}
    refused = office.post("/reports/federation/minimum", data={"site": "site-a", "amount_yuan": "-1", "csrf": csrf})
    assert "“-1”不是金额" in refused.text
    saved = office.post(
        "/reports/federation/minimum", data={"site": "site-a", "amount_yuan": "5", "csrf": csrf}, headers=referer
    ).text
    below = saved.split('id="federation-below"')[1].split("</table>")[0]
    assert "王芳" in below and "张伟" not in below  # ¥2.50 is below ¥5.00, ¥6.00 is not

    xlsx = office.get("/reports/federation.xlsx?month=2026-01")
    assert "filename*=UTF-8''" in xlsx.headers["content-disposition"]
    book = openpyxl.load_workbook(io.BytesIO(xlsx.content))
    sites = list(book["各场地"].iter_rows(values_only=True))
    assert sites[0][0] == "残联月报 2026-01"
    assert sites[1][:3] == ("场地", "人数", "出勤天数")
    assert sites[2][:2] == ("site-a", 2) and float(sites[2][4]) == 8.5 and float(sites[2][5]) == 4.25
    assert float(sites[2][6]) == 5 and sites[2][7] == 1
    assert list(book["各产品件数"].iter_rows(values_only=True))[1][2] == 170
    assert list(book["低于最低标准"].iter_rows(values_only=True))[1][:3] == ("site-a", "w02", "王芳")

    out = tmp_path / "feb.xlsx"
    assert main(["report", "federation", "--db", central_url, "--month", "2026-02", "--out", str(out)]) == 0
    february = list(openpyxl.load_workbook(out)["各场地"].iter_rows(values_only=True))[2]
    assert february[:4] == ("site-a", 1, 1, 8.0) and float(february[4]) == 10 and february[8] == 2
    assert main(["report", "federation", "--db", central_url, "--month", "Feb", "--out", str(out)]) == 2
    with office.engine.connect() as conn:
        assert conn.execute(select(audit_log.c.username).where(audit_log.c.action == "site.minimum_income")).all() == [
            ("admin1",)
        ]


def test_federation_xlsx_in_the_shared_look_and_a_formula_name_stays_text():
    month = SiteMonth("=1+1", 200_000, head_count=1, days=2, seconds=7200, total_fen=1250)
    month.pieces["bead-stringing"] = 120
    month.below.append(("007", "=HYPERLINK(\"x\")", 1250))
    report = FederationReport(date(2026, 1, 1), {"=1+1": month}, {})
    book = openpyxl.load_workbook(io.BytesIO(federation_xlsx(report, {}, "zh-Hans")))
    sites, below = book["各场地"], book["低于最低标准"]
    assert sites.freeze_panes == "A3" and sites["A3"].value == "=1+1" and sites["A3"].data_type == "s"
    assert float(sites["E3"].value) == 12.5 and sites["E3"].number_format == YUAN
    assert below["B2"].value == "007" and below["B2"].number_format == TEXT
    assert below["C2"].data_type == "s" and below["D2"].number_format == YUAN
