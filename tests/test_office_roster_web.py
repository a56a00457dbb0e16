"""Roster import and export on the office page: TestClient for roles and refusals, and the
preview-confirm flow in a real Chromium (Playwright), on SQLite and PostgreSQL."""

from __future__ import annotations

import io

import openpyxl
from sqlalchemy import select

from office.tables import audit_log
from sync.central.tables import workers
from tests.test_office_browser import log_in, office_url, page, shot  # noqa: F401  (fixtures)
from tests.test_office_roster_sheet import zip_bomb
from tests.test_office_web import login, office, token  # noqa: F401  (fixture)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def edited(data: bytes, **cells: object) -> bytes:
    """The exported roster with `cells` (e.g. B2="新名字") changed."""
    book = openpyxl.load_workbook(io.BytesIO(data))
    for ref, value in cells.items():
        book.active[ref] = value
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def upload(client, data: bytes, clear_empty: bool = False):
    form = {"csrf": token(client, "/roster/import"), **({"clear_empty": "on"} if clear_empty else {})}
    return client.post("/roster/import", data=form, files={"sheet": ("名册.xlsx", data, XLSX)})


def test_clerks_may_neither_download_nor_import_the_roster(office):  # noqa: F811
    login(office, "clerk1")
    assert office.get("/roster.xlsx").status_code == 403
    assert office.get("/roster/import").status_code == 403
    assert "/roster/import" not in office.get("/workers").text


def test_upload_previews_and_a_stale_preview_saves_nothing(office):  # noqa: F811
    login(office, "admin1")
    sheet = office.get("/roster.xlsx")
    assert sheet.headers["content-type"] == XLSX
    assert "filename*=UTF-8''%E5%91%98" in sheet.headers["content-disposition"]  # 员工名册.xlsx
    preview = upload(office, edited(sheet.content, B2="张伟伟")).text
    assert "导入预览" in preview and "张伟伟" in preview and 'id="roster-confirm"' in preview
    digest = preview.split('name="digest" value="')[1].split('"')[0]
    # Someone changes the roster meanwhile: the confirm of the old preview is refused.
    with office.engine.begin() as conn:
        conn.execute(workers.update().where(workers.c.worker_id == "w01").values(name="别人改的"))
    refused = office.post("/roster/import/confirm", data={"csrf": token(office, "/workers"), "digest": digest})
    assert "预览之后名册有了改动" in refused.text
    fresh = office.get("/roster/import").text
    digest = fresh.split('name="digest" value="')[1].split('"')[0]
    done = office.post("/roster/import/confirm", data={"csrf": token(office, "/workers"), "digest": digest})
    assert done.url.path == "/workers" and "名册已导入：新增 0 人，修改 1 人" in done.text
    assert office.published == ["site-a"]
    with office.engine.begin() as conn:
        assert conn.execute(select(workers.c.name).where(workers.c.worker_id == "w01")).scalar() == "张伟伟"
        assert conn.execute(select(audit_log.c.detail).where(audit_log.c.action == "roster.import")).scalar()
    again = office.post("/roster/import/confirm", data={"csrf": token(office, "/workers"), "digest": digest})
    assert "没有待确认的导入" in again.text


def test_a_sheet_with_errors_offers_no_confirm_and_a_non_sheet_is_named(office):  # noqa: F811
    login(office, "admin1")
    data = edited(office.get("/roster.xlsx").content, H2=6222000000000001.0, A3="w01")
    preview = upload(office, data).text
    assert "第 2 行“银行账号”：这是数字格式的单元格" in preview
    assert "第 3 行“工号”：这个工号在第 2 行已经出现过" in preview
    assert 'id="roster-confirm"' not in preview
    assert "这个文件不是能读取的 XLSX 表格" in upload(office, b"PK not really").text
    assert "这个 XLSX 文件解压后太大" in upload(office, zip_bomb(data)).text
    cancelled = office.post("/roster/import/cancel", data={"csrf": token(office, "/roster/import")})
    assert 'id="roster-preview"' not in cancelled.text


def test_roster_import_preview_and_confirm_in_the_browser(office_url, page, tmp_path):  # noqa: F811
    log_in(page, office_url, "admin1")
    page.goto(f"{office_url}/workers")
    with page.expect_download() as download:
        page.click("text=导出名册 XLSX")
    exported = download.value.path().read_bytes()
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(edited(exported, E2="fr"))
    page.click("text=导入名册")
    page.set_input_files("input[name=sheet]", str(bad))
    page.click("#roster-upload button[type=submit]")
    page.wait_for_selector("#import-errors")
    assert page.locator("#import-errors").inner_text() == "第 2 行“语言”：语言必须是 zh-Hans, zh-Hant, en 之一"
    assert page.locator("#roster-confirm").count() == 0
    shot(page, tmp_path, "roster-import-errors")
    good = tmp_path / "good.xlsx"
    good.write_bytes(edited(exported, B2="张伟伟", H3="6222 0000 0000 7777", A14="w77", B14="新同事", C14="site-a"))
    page.set_input_files("input[name=sheet]", str(good))
    page.click("#roster-upload button[type=submit]")
    page.wait_for_selector("#roster-confirm")
    assert "w77" in page.locator("#import-add").inner_text()
    changes = page.locator("#import-change").inner_text()
    assert "2\tw01\t姓名\t张伟\t张伟伟" in changes
    assert "3\tw02\t银行账号\t****0002\t****7777" in changes and "6222000000007777" not in page.content()
    shot(page, tmp_path, "roster-import-preview")
    page.click("#roster-confirm button")
    page.wait_for_url(f"{office_url}/workers")
    assert "名册已导入：新增 1 人，修改 2 人" in page.locator(".flash").inner_text()
    assert "张伟伟" in page.content() and "新同事" in page.content()
