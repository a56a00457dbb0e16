"""Bank file, pay sheet and pay slip: decoded back and checked."""

from __future__ import annotations

import io
from datetime import date

import openpyxl
import pytest
from PIL import Image, ImageChops, ImageDraw, ImageFont, ImageStat

from office.exports import BankFormat, Payee, bank_csv, pay_sheet_xlsx
from office.payroll.compute import PayLine, Rate, WorkerPay
from office.payroll.errors import ExportError
from office.payslip import ASSETS, FONT, MARGIN, ROW, WIDTH, SlipProduct, render_payslip
from office.slip_rows import attendance_text, slip_rows

PAYEES = [
    Payee("w01", "张伟", "6222020200001234567", "工商银行", "110101199001011234", 12345),
    Payee("w02", "王芳", None, None, None, 500),
    Payee("w03", "李强", "6222020200007654321", "农业银行", None, 0),
]
PAYS = {
    "w01": WorkerPay("w01", [PayLine("piece", "bead", 1, 1253, 12495), PayLine("piece", "bead", 1, -5, -150, 1)]),
    "w02": WorkerPay("w02", [PayLine("top_up", None, None, 0, 500)]),
    "w03": WorkerPay("w03", []),
}


def test_bank_csv_in_gbk_pays_only_positive_amounts_to_known_accounts():
    result = bank_csv(PAYEES, BankFormat(), "2026-01")
    text = result.data.decode("gbk")
    assert text.splitlines() == [
        "收款人账号,收款人户名,金额,开户行,用途",
        "6222020200001234567,张伟,123.45,工商银行,工资 2026-01",
    ]
    assert result.rows == 1 and result.total_fen == 12345
    assert dict(result.skipped) == {"w02": "no bank account on file", "w03": "nothing to pay (0.00)"}


def test_bank_csv_columns_and_utf8_bom_are_configurable():
    fmt = BankFormat.from_spec("Account=bank_account,Fen=amount_fen,ID=id_number", encoding="utf-8-sig")
    data = bank_csv(PAYEES[:1], fmt, "2026-01").data
    assert data.startswith(b"\xef\xbb\xbf")
    assert data.decode("utf-8-sig").splitlines()[1] == "6222020200001234567,12345,110101199001011234"


def test_bad_bank_formats_and_unencodable_names_are_refused_with_a_reason():
    for spec, encoding in (("Account=iban", "gbk"), ("nonsense", "gbk"), (None, "latin-1")):
        with pytest.raises(ExportError):
            BankFormat.from_spec(spec, encoding)
    with pytest.raises(ExportError, match="utf-8-sig"):
        bank_csv([Payee("w9", "Zoë 😀", "1", None, None, 100)], BankFormat(), "2026-01")


def test_pay_sheet_is_chinese_with_names_rates_text_accounts_and_sum_formulas():
    payees = [Payee("w01", "张伟", "6222 0202 0000 1234 567", "工商银行", "0101 0119 9001 0112 34", 12345), *PAYEES[1:]]
    rates = {1: Rate(1, "bead", date(2026, 1, 1), 5, 2)}
    data = pay_sheet_xlsx(payees, PAYS, {"bead": "串珠"}, rates, "2026-01")
    book = openpyxl.load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["工资汇总", "计件明细"]
    pay = book["工资汇总"]
    assert pay["A1"].value == "工资表 2026-01"
    assert [c.value for c in pay[2]] == [
        "工号", "姓名", "出勤天数", "工时（小时）", "应发金额（元）", "开户行", "银行账号", "身份证号", "签字"
    ]
    assert [c.value for c in pay[3]] == [
        "w01", "张伟", 0, 0, 123.45, "工商银行", "6222020200001234567", "010101199001011234", None
    ]
    assert pay["G3"].data_type == "s" and pay["G3"].number_format == "@" and pay["H3"].number_format == "@"
    assert pay["E3"].number_format == '"¥"#,##0.00'
    assert [c.value for c in pay[6]][:5] == [None, "合计", "=SUM(C3:C5)", "=SUM(D3:D5)", "=SUM(E3:E5)"]
    assert pay.freeze_panes == "A3" and pay.auto_filter.ref == "A2:I5"
    assert pay.print_title_rows == "$2:$2"
    assert pay.page_setup.orientation == "landscape" and pay.page_setup.fitToWidth == 1
    assert pay.sheet_properties.pageSetUpPr.fitToPage
    assert pay.column_dimensions["G"].width == 24
    lines = list(book["计件明细"].iter_rows(values_only=True))
    assert lines[0][:8] == ("工号", "姓名", "类别", "产品", "单价（元）", "每几件", "件数", "金额（元）")
    assert lines[1:4] == [
        ("w01", "张伟", "计件", "串珠", 0.05, 2, 1253, 124.95, None, None),
        ("w01", "张伟", "计件", "串珠", 0.05, 2, -5, -1.5, 1, None),
        ("w02", "王芳", "保底补足", None, None, None, None, 5, None, None),
    ]
    assert lines[-1][0] == "合计" and lines[-1][7] == "=SUM(H2:H4)"


def test_pay_sheet_of_nobody_still_adds_up():
    book = openpyxl.load_workbook(io.BytesIO(pay_sheet_xlsx([], {}, {}, {}, "2026-01", "en")))
    assert book.sheetnames == ["Pay", "Pay lines"]
    assert [c.value for c in book["Pay"][3]][:5] == [None, "Total", 0, 0, 0]
    assert book["Pay"].auto_filter.ref == "A2:I2"


def test_pay_slip_is_a_png_with_a_row_per_product_and_a_missing_picture_tolerated():
    png = render_payslip(
        "张伟",
        "photos/placeholder_01.png",
        "zh-Hans",
        "2026-01",
        PAYS["w01"],
        {"bead": SlipProduct("串珠", "pictograms/no_such_picture.png")},
    )
    image = Image.open(io.BytesIO(png))
    # Rows: this period's beads, the late change of period 1 (上期补扣) on its own, then the total.
    assert image.format == "PNG" and image.width == 1000 and image.height == 330 + 190 * 3 + 40


def test_pay_slip_is_a_palette_png_showing_the_text_photo_and_pictures_as_drawn_in_rgb():
    """The slip is drawn in palette indices; decoded, it is the picture an RGB drawing gives:
    text within a step of the palette's 32 shades, the photo and the (dithered) product picture
    on average."""
    pay = WorkerPay("w01", [PayLine("piece", "bead", 1, 1253, 12495)], seconds=8 * 3600, days_attended=1)
    products = {"bead": SlipProduct("串珠", "pictograms/product_bead_stringing.png")}
    png = render_payslip("张伟", "photos/placeholder_01.png", "zh-Hans", "2026-01", pay, products)
    slip = Image.open(io.BytesIO(png))
    assert slip.mode == "P"
    slip = slip.convert("RGB")
    expected = Image.new("RGB", slip.size, "white")
    draw = ImageDraw.Draw(expected)
    draw.text((MARGIN + 300, MARGIN + 20), "张伟", font=ImageFont.truetype(str(FONT), 80), fill="black")
    draw.text((MARGIN + 300, MARGIN + 190), "1 天 · 8.0 小时", font=ImageFont.truetype(str(FONT), 36), fill="#444")
    amount, font = "¥124.95", ImageFont.truetype(str(FONT), 72)
    draw.text((WIDTH - MARGIN - round(font.getlength(amount)), 330 + 40), amount, font=font, fill="#0a6b2d")
    text = ((MARGIN + 300, MARGIN, WIDTH, MARGIN + 120), (MARGIN + 300, MARGIN + 180, WIDTH, MARGIN + 240))
    for box in (*text, (2 * WIDTH // 3, 330, WIDTH, 330 + 130)):
        difference = ImageChops.difference(slip.crop(box), expected.crop(box))
        assert max(high for _, high in difference.getextrema()) <= 255 / 31, box

    def on_white(name: str, size: int, at: tuple[int, int]) -> tuple[Image.Image, Image.Image]:
        picture = Image.open(ASSETS / name).convert("RGBA")
        picture.thumbnail((size, size))
        flat = Image.new("RGBA", picture.size, "white")
        flat.alpha_composite(picture)
        return flat.convert("RGB"), slip.crop((*at, at[0] + picture.width, at[1] + picture.height))

    for (picture, drawn), block in (
        (on_white("photos/placeholder_01.png", 260, (MARGIN, MARGIN)), 1),
        (on_white("pictograms/product_bead_stringing.png", 160, (MARGIN, 330)), 4),  # dithered: seen in 4×4 blocks
    ):
        error = ImageStat.Stat(ImageChops.difference(picture.reduce(block), drawn.reduce(block))).rms
        assert max(error) < 4, error


def test_a_slip_shows_money_taken_away_in_black_and_money_earned_in_green():
    """Colour is what a worker who cannot read goes by: a deduction must not look like earnings."""
    pay = WorkerPay("w01", [PayLine("piece", "bead", 1, 20, 100), PayLine("piece", "bead", 1, -50, -250, 1)])
    products = {"bead": SlipProduct("串珠", "pictograms/product_bead_stringing.png")}
    slip = Image.open(io.BytesIO(render_payslip("张伟", "", "zh-Hans", "2026-02", pay, products))).convert("RGB")

    def greenish(top: int) -> int:
        amount = slip.crop((2 * WIDTH // 3, top + 40, WIDTH, top + 140))
        return sum(1 for r, g, b in amount.getdata() if g > r + 40 and g > b + 20)

    assert greenish(330) > 500  # ¥1.00 earned: green
    assert greenish(330 + ROW) == 0  # -¥2.50 of last period, taken away: black


def test_slip_rows_say_how_each_amount_came_about():
    pay = WorkerPay(
        "w01",
        [
            PayLine("piece", "bead", 1, 120, 600),
            PayLine("piece", "bead", 1, -5, -25, 1),
            PayLine("top_up", None, None, 0, 100),
            PayLine("bonus", None, None, 0, 500, note="全勤奖"),
        ],
        seconds=8 * 3600,
        days_attended=1,
    )
    rate = Rate(1, "bead", date(2026, 1, 1), 5, 1)
    rows = slip_rows(pay, {"bead": SlipProduct("串珠", "")}, {1: rate}, "zh-Hans")
    assert [(row.kind, row.caption, row.amount_fen) for row in rows] == [
        ("piece", "串珠 120 × ¥0.05 = ¥6.00", 600),
        ("top_up", "保底补足", 100),
        ("late", "上期补扣：串珠 -5 × ¥0.05", -25),
        ("bonus", "手工调整：奖金 全勤奖", 500),
    ]
    assert sum(row.amount_fen for row in rows) == pay.total_fen
    assert attendance_text(pay, "zh-Hans") == "1 天 · 8.0 小时"
    per_four = slip_rows(pay, {}, {1: Rate(1, "bead", date(2026, 1, 1), 20, 4)}, "en")
    assert per_four[0].caption == "bead 120 × ¥0.20 per 4 = ¥6.00"
