"""The roster as XLSX: exported, edited as an office would, previewed and saved; bad sheets named
row by row. On SQLite and PostgreSQL (central_url)."""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import Engine, select

from office import roster, roster_sheet
from office.cli import main
from office.db import open_office
from office.payroll.errors import InputError, RosterError
from office.tables import audit_log
from office.xlsx_read import MAX_FILE_BYTES, MAX_MEMBERS, MAX_UNPACKED_BYTES, MiB
from sync.central.tables import products, workers
from tests.office_fixtures import seed_office

NUMBER_CELL = "这是数字格式的单元格，开头的 0 或 15 位以后的数字已经丢失；请把这一列设为“文本”格式后重新填写"
BEADS = "bead-stringing"
HEADERS = ["工号", "姓名", "场地", "工牌", "语言", "可做产品（编号）", "开户行", "银行账号", "身份证号", "在职"]


@pytest.fixture
def engine(central_url: str) -> Iterator[Engine]:
    engine = open_office(central_url)
    seed_office(engine)
    yield engine
    engine.dispose()


def exported(engine: Engine) -> openpyxl.Workbook:
    with engine.begin() as conn:
        data = roster_sheet.roster_xlsx(roster.all_rows(conn, workers), roster.all_rows(conn, products), "zh-Hans")
    return openpyxl.load_workbook(io.BytesIO(data))


def saved(book: openpyxl.Workbook) -> bytes:
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def plan_of(engine: Engine, data: bytes, clear_empty: bool = False) -> roster_sheet.ImportPlan:
    rows, errors = roster_sheet.read_sheet(data)
    with engine.begin() as conn:
        return roster_sheet.plan_import(conn, rows, errors, clear_empty)


def sheet_of(rows: list[list[object]], headers: list[str] = HEADERS) -> bytes:
    book = openpyxl.Workbook()
    book.active.append(headers)
    for row in rows:
        book.active.append(row)
    return saved(book)


def zip_bomb(data: bytes, parts: int = 1, part_bytes: int = MAX_UNPACKED_BYTES + MiB) -> bytes:
    """A readable XLSX with `parts` more parts of zeros, each unpacking to `part_bytes`
    (written a MiB at a time: the test never holds the unpacked bytes)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as bomb:
        for member in source.infolist():
            bomb.writestr(member, source.read(member))
        for number in range(parts):
            with bomb.open(f"xl/media/zeros{number}.bin", "w") as part:
                for start in range(0, part_bytes, MiB):
                    part.write(bytes(min(MiB, part_bytes - start)))
    return out.getvalue()


def worker(engine: Engine, worker_id: str) -> dict:
    with engine.begin() as conn:
        return dict(conn.execute(select(workers).where(workers.c.worker_id == worker_id)).mappings().one())


def test_export_is_a_chinese_text_sheet_that_reads_back_unchanged(engine):
    book = exported(engine)
    assert book.sheetnames == ["员工名册", "产品编号"]
    sheet = book["员工名册"]
    assert [c.value for c in sheet[1]] == HEADERS
    assert [c.value for c in sheet[2]] == [
        "w01", "张伟", "site-a", "0000004712", "zh-Hans", "bead-stringing neon-stringing small-craft",
        "Demo Bank", "6222000000000001", "110101199001010001", "是",
    ]
    assert all(sheet.cell(row=2, column=c).number_format == "@" for c in (1, 4, 8, 9))
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref == "A1:J13"
    assert ("bead-stringing", "串珠") in list(book["产品编号"].iter_rows(min_row=2, values_only=True))
    plan = plan_of(engine, saved(book))
    assert not plan.errors and len(plan.of_kind("same")) == 12 and not plan.of_kind("change")


def test_edited_sheet_previews_field_by_field_and_saves_only_on_apply(engine):
    book = exported(engine)
    sheet = book["员工名册"]
    sheet["B2"] = "张伟伟"  # w01's name
    sheet["H2"] = "6222 0000 0000 9999"  # spaces are removed
    sheet["F3"] = "bead-stringing、seat-cushion"  # w02's products, 、 separated
    sheet["D4"] = None  # an empty cell keeps w03's badge
    sheet["J5"] = "否"  # w04 leaves
    sheet.append(["w99", "新人", "site-b", "0007", "zh-Hant", "", "农业银行", "0012 3456", "11010119900101123x", ""])
    plan = plan_of(engine, saved(book))
    assert not plan.errors
    changes = {row.worker_id: [(c.field, c.old, c.new) for c in row.changes] for row in plan.of_kind("change")}
    assert changes == {
        "w01": [("name", "张伟", "张伟伟"), ("bank_account", "6222000000000001", "6222000000009999")],
        "w02": [("product_ids", [BEADS, "neon-stringing", "small-craft"], [BEADS, "seat-cushion"])],
        "w04": [("active", True, False)],
    }
    [added] = plan.of_kind("add")
    assert added.worker_id == "w99" and added.row == 14
    assert roster_sheet.shown("bank_account", "0012345", "zh-Hans") == "****2345"
    assert worker(engine, "w01")["name"] == "张伟"  # nothing saved by the preview

    with engine.begin() as conn:
        sites = roster_sheet.apply_import(conn, plan, "admin1")
    assert sites == {"site-a", "site-b"}
    assert worker(engine, "w01")["name"] == "张伟伟"
    assert worker(engine, "w03")["badge"] == "0000004714"
    assert worker(engine, "w04")["active"] is False or worker(engine, "w04")["active"] == 0
    new = worker(engine, "w99")
    assert (new["bank_account"], new["id_number"], new["badge"]) == ("00123456", "11010119900101123X", "0007")
    assert json.loads(new["product_ids"]) == [] and new["language"] == "zh-Hant" and new["active"]
    with engine.begin() as conn:
        entry = conn.execute(select(audit_log).where(audit_log.c.action == "roster.import")).mappings().one()
    detail = json.loads(entry["detail"])
    assert detail["added"] == ["w99"] and detail["changed"]["w01"] == ["name", "bank_account"]
    assert "6222000000009999" not in entry["detail"] and "00123456" not in entry["detail"]


def test_empty_cells_clear_only_when_the_clerk_says_so(engine):
    book = exported(engine)
    for column in "DFGHI":
        book["员工名册"][f"{column}2"] = None
    book["员工名册"]["B2"] = None  # a name is never cleared
    data = saved(book)
    assert not plan_of(engine, data).of_kind("change")
    plan = plan_of(engine, data, clear_empty=True)
    [row] = plan.of_kind("change")
    assert [c.field for c in row.changes] == ["badge", "product_ids", "bank_name", "bank_account", "id_number"]
    with engine.begin() as conn:
        roster_sheet.apply_import(conn, plan, "admin1")
    w01 = worker(engine, "w01")
    assert (w01["name"], w01["badge"], w01["bank_account"], w01["id_number"]) == ("张伟", None, None, None)


def test_bad_sheets_are_refused_with_a_chinese_sentence_per_row_and_column(engine):
    data = sheet_of(
        [
            ["w01", "张伟", "site-a", "0000004712", "zh-Hans", "bead-stringing", "", 6.222e18, "", "是"],
            ["w01", "重复", "site-a"],
            ["w50", "新人", "site-a", 4712, "fr", "glass-blowing beads", "", "6222-0000", "12345", "也许"],
            ["w51", "", ""],
            ["bad id!", "某人", "site-a"],
        ]
    )
    plan = plan_of(engine, data)
    assert [e.message("zh-Hans") for e in plan.errors] == [
        "第 2 行“银行账号”：" + NUMBER_CELL,
        "第 3 行“工号”：这个工号在第 2 行已经出现过",
        "第 4 行“工牌”：" + NUMBER_CELL,
        "第 4 行“语言”：语言必须是 zh-Hans, zh-Hant, en 之一",
        "第 4 行“可做产品（编号）”：没有这些产品编号：beads、glass-blowing（见“产品编号”工作表）",
        "第 4 行“银行账号”：银行账号只能是数字",
        "第 4 行“身份证号”：身份证号是 18 位（或 15 位）数字，最后一位可以是 X",
        "第 4 行“在职”：请填“是”或“否”，不是“也许”",
        "第 5 行“姓名”：这一项必须填写",
        "第 5 行“场地”：这一项必须填写",
        "第 6 行“工号”：工号 只能用字母、数字、点、下划线和连字符（最多 64 个），“bad id!”不行",
    ]
    assert plan.errors[0].message("en").startswith("row 2, column 'Bank account': a number cell")
    with engine.begin() as conn, pytest.raises(RosterError, match="3|11 errors"):
        roster_sheet.apply_import(conn, plan, "admin1")


def test_wrong_headers_and_unreadable_files_are_named(engine):
    plan = plan_of(engine, sheet_of([["张伟", "13800000000"]], headers=["姓名", "电话", "姓名"]))
    assert [e.message("zh-Hans") for e in plan.errors] == [
        "第 1 行：不认识表头“电话”；可用的表头是：" + "、".join(HEADERS),
        "第 1 行“工号”：第一行缺少这一列",
        "第 1 行“姓名”：这一列出现了两次",
        "第 2 行“工号”：这一项必须填写",
    ]
    # Headers in Traditional Chinese or English are read too; a missing column is left alone.
    plan = plan_of(engine, sheet_of([["w02", "Wang Fang"]], headers=["Worker ID", "姓名"]))
    assert [(c.field, c.new) for c in plan.of_kind("change")[0].changes] == [("name", "Wang Fang")]
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("[Content_Types].xml", "<not-xml")
    for junk in (b"not a spreadsheet", archive.getvalue()):
        with pytest.raises(RosterError) as refused:
            roster_sheet.read_sheet(junk)
        assert refused.value.message("zh-Hans").startswith("这个文件不是能读取的 XLSX 表格")


def test_a_zip_bomb_or_a_too_big_file_is_refused_before_it_is_unpacked():
    sheet = sheet_of([["w01", "张伟"]])
    assert roster_sheet.read_sheet(zip_bomb(sheet, part_bytes=MiB))[0]  # a few spare parts are fine
    bomb = zip_bomb(sheet)
    assert len(bomb) < MiB  # small enough to pass the file size cap: only its directory gives it away
    for refused_file in (bomb, zip_bomb(sheet, parts=MAX_MEMBERS, part_bytes=1)):
        with pytest.raises(InputError) as refused:
            roster_sheet.read_sheet(refused_file)
        assert refused.value.message("zh-Hans").startswith("这个 XLSX 文件解压后太大（最多 64 MB、200 个部分）")
    with pytest.raises(InputError) as refused:
        roster_sheet.read_sheet(sheet + bytes(MAX_FILE_BYTES))
    assert refused.value.message("zh-Hans") == "文件太大：表格文件最多 4 MB"


def test_a_name_that_looks_like_a_formula_is_exported_as_text(engine):
    with engine.begin() as conn:
        conn.execute(workers.update().where(workers.c.worker_id == "w01").values(name='=HYPERLINK("x","y")'))
    cell = exported(engine)["员工名册"]["B2"]
    assert cell.data_type == "s" and cell.quotePrefix and cell.value == '=HYPERLINK("x","y")'


def test_cli_exports_previews_and_saves_only_with_yes(engine, central_url, tmp_path: Path, capsys):
    out = tmp_path / "roster.xlsx"
    assert main(["roster", "export", "--db", central_url, "--out", str(out)]) == 0
    book = openpyxl.load_workbook(out)
    book["员工名册"]["B3"] = "王芳芳"
    book.save(out)
    capsys.readouterr()
    assert main(["roster", "import", str(out), "--db", central_url]) == 0
    preview = capsys.readouterr().out
    assert "有改动 w02\n  姓名: 王芳 → 王芳芳" in preview and "没有改动: 11" in preview
    assert "确认之前什么都不会保存" in preview and worker(engine, "w02")["name"] == "王芳"
    assert main(["roster", "import", str(out), "--db", central_url, "--yes"]) == 0
    assert "名册已导入：新增 0 人，修改 1 人" in capsys.readouterr().out
    assert worker(engine, "w02")["name"] == "王芳芳"
    book["员工名册"]["H3"] = 6222000000000002
    book.save(out)
    assert main(["roster", "import", str(out), "--db", central_url, "--yes"]) == 1
    captured = capsys.readouterr()
    assert "第 3 行“银行账号”：这是数字格式的单元格" in captured.out and "什么都没有保存" in captured.err
    assert worker(engine, "w02")["bank_account"] == "6222000000000002"  # as the first import saved it
