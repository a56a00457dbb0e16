"""Bank files in the layouts banks take (issue #13): summary row and batch number, ID numbers,
accounts as text in XLSX, layouts from data files, a Chinese file name, downloads audited."""

from __future__ import annotations

import csv
import io
import re
from urllib.parse import unquote

import openpyxl
import pytest
from pydantic import ValidationError
from sqlalchemy import select

from office import bank_layout
from office.tables import audit_log
from tests.office_fixtures import close_by_checklist
from tests.test_office_web import login, office, token  # noqa: F401  (office is a fixture)

BATCH = "GZ202601010001"


def test_every_shipped_layout_parses_and_a_bad_one_is_refused():
    layouts = bank_layout.templates()
    assert list(layouts)[0] == "generic" and {"icbc", "ccb"} <= set(layouts)
    assert {layout.file_type for layout in layouts.values()} == {"csv", "xlsx"}
    with pytest.raises(ValidationError):
        bank_layout.BankTemplate.model_validate(
            {"name_zh": "x", "name_en": "x", "file_type": "csv", "columns": [{"header": "IBAN", "field": "iban"}]}
        )


def test_bank_files_by_layout_over_the_web(office):  # noqa: F811
    login(office, "clerk1")
    office.post("/periods", data={"start": "2026-01-01", "end": "2026-01-31", "csrf": token(office)})
    assert "请先结账，再导出银行代发文件" in office.get("/periods/1/bank?template=icbc").text
    page = close_by_checklist(office, 1).text
    assert 'id="bank-template-form"' in page and "工商银行 (XLSX)" in page and "建设银行 (CSV)" in page

    icbc = office.get("/periods/1/bank?template=icbc")
    assert icbc.status_code == 200 and icbc.headers["content-type"].startswith("application/vnd.openxml")
    disposition = icbc.headers["content-disposition"]
    encoded = re.search(r"filename\*=UTF-8''(\S+)", disposition)
    assert encoded and unquote(encoded.group(1)) == "工资代发_2026-01-01至2026-01-31_工商银行.xlsx"
    assert disposition.isascii()
    sheet = openpyxl.load_workbook(io.BytesIO(icbc.content)).active
    rows = [[value for value in row if value is not None] for row in sheet.iter_rows(values_only=True)]
    assert rows[0] == ["批次号", BATCH, "总笔数", "2", "总金额", "8.50"]
    assert rows[1] == ["卡号", "户名", "金额", "证件号码", "摘要"]
    assert [row[:3] for row in rows[2:]] == [["6222000000000001", "张伟", 6], ["6222000000000002", "王芳", 2.5]]
    assert rows[2][3] == "110101199001010001"
    for account in (sheet["A3"], sheet["D3"]):
        assert account.data_type == "s" and account.number_format == "@"
    assert sheet["C3"].number_format == "0.00"

    ccb = office.get("/periods/1/bank?template=ccb")
    assert "charset=gbk" in ccb.headers["content-type"]
    lines = list(csv.reader(io.StringIO(ccb.content.decode("gbk"))))
    assert lines[0] == ["序号", "账号", "户名", "金额", "身份证号码", "备注"]
    assert lines[1] == ["1", "6222000000000001", "张伟", "6.00", "110101199001010001", "工资2026-01-01~2026-01-31"]
    assert lines[-1] == ["合计", "总笔数", "2", "总金额", "8.50", "批次号", BATCH]

    generic = list(csv.reader(io.StringIO(office.get("/periods/1/bank").content.decode("gbk"))))
    assert generic[0] == ["批次号", BATCH, "总笔数", "2", "总金额", "8.50"] and generic[1][0] == "序号"
    assert len(generic) == 4

    unknown = office.get("/periods/1/bank?template=hsbc")
    assert unknown.status_code == 404 and "没有代发模板 hsbc" in unknown.text
    with office.engine.connect() as conn:
        downloads = conn.execute(
            select(audit_log.c.username, audit_log.c.detail).where(audit_log.c.action == "bank.download")
        ).all()
    assert len(downloads) == 3 and all(user == "clerk1" and BATCH in detail for user, detail in downloads)
