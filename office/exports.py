"""What leaves the office: the bank's batch-transfer file and the XLSX pay sheet.

Chinese banks' batch tools want GBK (or UTF-8 with a BOM) and their own column order, so
both are configurable. Nobody is paid a guessed account: a worker without one is listed
as skipped, with the reason, for the clerk to fix.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Border

from office.i18n import translate
from office.payroll.compute import Rate, WorkerPay
from office.payroll.errors import ExportError
from office.payroll.money import format_yuan
from office.xlsx_sheet import TEXT, THIN, YUAN, Column, bold_row, digits_text, format_body, start_table, yuan

ENCODINGS = ("gbk", "utf-8-sig")
# OWASP "CSV injection": a spreadsheet evaluates a cell starting with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
FIELDS = ("bank_account", "name", "amount_yuan", "amount_fen", "bank_name", "id_number", "worker_id", "memo")


def neutralise(value: object) -> object:
    """`value` with a leading `'` when it is text a spreadsheet would run as a formula.

    Names and ids come from admins and stations; `=HYPERLINK(...)` in a name must stay a name in
    every export. The one owner of the rule: the CSV writes the result, the XLSX marks the cell.
    """
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def slug(value: str) -> str:
    """A file name made of `[A-Za-z0-9._-]` that cannot climb out of a folder (zip-slip):
    `../../var/x` becomes `var_x`; whatever enters must already be an id, this is the last guard."""
    cleaned = re.sub(r"[^A-Za-z0-9._-]+", "_", value).strip("._-")[:64]
    return cleaned or "_"


def unique_entry_names(ids: Iterable[str], suffix: str) -> dict[str, str]:
    """Archive entry name per id, from its slug; two ids with one slug get `-2`, `-3`, ..."""
    names: dict[str, str] = {}
    used: set[str] = set()
    for value in ids:
        base, n = slug(value), 1
        name = f"{base}{suffix}"
        while name in used:
            n += 1
            name = f"{base}-{n}{suffix}"
        used.add(name)
        names[value] = name
    return names


@dataclass(frozen=True, slots=True)
class Payee:
    worker_id: str
    name: str
    bank_account: str | None
    bank_name: str | None
    id_number: str | None
    amount_fen: int


@dataclass(frozen=True, slots=True)
class BankFormat:
    columns: tuple[tuple[str, str], ...] = (
        ("收款人账号", "bank_account"),
        ("收款人户名", "name"),
        ("金额", "amount_yuan"),
        ("开户行", "bank_name"),
        ("用途", "memo"),
    )
    encoding: str = "gbk"
    memo: str = "工资 {period}"

    def __post_init__(self) -> None:
        if self.encoding not in ENCODINGS:
            raise ExportError("unknown_encoding", encoding=self.encoding, choices=", ".join(ENCODINGS))
        unknown = [field for _, field in self.columns if field not in FIELDS]
        if unknown or not self.columns:
            raise ExportError("unknown_columns", columns=", ".join(unknown), choices=", ".join(FIELDS))

    @classmethod
    def from_spec(cls, spec: str | None, encoding: str = "gbk") -> BankFormat:
        """`"账号=bank_account,户名=name,金额=amount_yuan"`; empty means the default columns."""
        if not spec:
            return cls(encoding=encoding)
        try:
            columns = tuple(tuple(part.split("=", 1)) for part in spec.split(","))
        except ValueError as exc:
            raise ExportError("bad_columns", spec=spec) from exc
        if any(len(c) != 2 for c in columns):
            raise ExportError("bad_columns", spec=spec)
        return cls(columns=columns, encoding=encoding)  # type: ignore[arg-type]


@dataclass(frozen=True, slots=True)
class BankFile:
    data: bytes
    rows: int
    total_fen: int
    skipped: tuple[tuple[str, str], ...]  # (worker_id, why)


def bank_payable(payees: Sequence[Payee]) -> tuple[list[Payee], list[tuple[str, str]]]:
    """Who a bank file pays (a positive amount and an account) and who it leaves out, and why."""
    paid, skipped = [], []
    for payee in payees:
        if payee.amount_fen <= 0:
            skipped.append((payee.worker_id, f"nothing to pay ({format_yuan(payee.amount_fen)})"))
        elif not payee.bank_account:
            skipped.append((payee.worker_id, "no bank account on file"))
        else:
            paid.append(payee)
    return paid, skipped


def bank_values(payee: Payee, memo: str) -> dict[str, str]:
    """A payee's cells by field name, as every bank file writes them (none can run as a formula)."""
    cells = {
        "bank_account": (payee.bank_account or "").replace(" ", ""),  # banks' tools want digits only
        "name": payee.name,
        "amount_yuan": format_yuan(payee.amount_fen),
        "amount_fen": str(payee.amount_fen),
        "bank_name": payee.bank_name or "",
        "id_number": payee.id_number or "",
        "worker_id": payee.worker_id,
        "memo": memo,
    }
    return {field: neutralise(value) for field, value in cells.items()}


def bank_csv(payees: Sequence[Payee], fmt: BankFormat, period_label: str) -> BankFile:
    """One transfer per worker with a positive amount and an account."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([neutralise(header) for header, _ in fmt.columns])
    paid, skipped = bank_payable(payees)
    for payee in paid:
        values = bank_values(payee, fmt.memo.format(period=period_label))
        writer.writerow([values[field] for _, field in fmt.columns])
    rows, total = len(paid), sum(p.amount_fen for p in paid)
    try:
        data = out.getvalue().encode(fmt.encoding)
    except UnicodeEncodeError as exc:
        bad = out.getvalue()[exc.start : exc.end]
        raise ExportError("not_encodable", text=bad, encoding=fmt.encoding) from exc
    return BankFile(data, rows, total, tuple(skipped))


def pay_sheet_xlsx(
    payees: Sequence[Payee],
    pays: dict[str, WorkerPay],
    product_names: dict[str, str],
    rates: Mapping[int, Rate],
    period_label: str,
    language: str = "zh-Hans",
) -> bytes:
    """Sheet 1: one row per worker, ready to print and sign; sheet 2: every pay line with its
    product and rate, so each total can be followed. Totals are formulas, so they stay right
    when a clerk filters or corrects a row."""

    def word(key: str, **values: object) -> str:
        return translate(f"xlsx.{key}", language, **values)

    book = Workbook()
    sheet = book.active
    sheet.title = word("pay_sheet")
    columns = [
        Column(word("worker_id"), 10),
        Column(word("name"), 12),
        Column(word("days"), 10, "0"),
        Column(word("hours"), 10, "0.0"),
        Column(word("amount"), 14, YUAN),
        Column(word("bank_name"), 16),
        Column(word("bank_account"), 24, TEXT),
        Column(word("id_number"), 22, TEXT),
        Column(word("signature"), 18),
    ]
    header = start_table(sheet, columns, word("pay_title", period=period_label))
    for payee in payees:
        pay = pays[payee.worker_id]
        sheet.append(
            [
                payee.worker_id,
                payee.name,
                pay.days_attended,
                round(pay.seconds / 3600, 1),
                yuan(payee.amount_fen),
                payee.bank_name or "",
                digits_text(payee.bank_account),
                digits_text(payee.id_number),
                "",
            ]
        )
    last = sheet.max_row
    format_body(sheet, columns, header, last)
    for row in sheet.iter_rows(min_row=header + 1, max_row=last):
        row[-1].border = Border(bottom=THIN)  # a line to sign on
        for cell in row:
            text_if_formula(cell)
    sheet.append(["", word("total"), *_sums("CDE", header + 1, last)])
    sheet.cell(row=last + 1, column=4).number_format = "0.0"
    sheet.cell(row=last + 1, column=5).number_format = YUAN
    bold_row(sheet, last + 1)

    lines = book.create_sheet(word("lines_sheet"))
    line_columns = [
        Column(word("worker_id"), 10),
        Column(word("name"), 12),
        Column(word("kind"), 12),
        Column(word("product"), 16),
        Column(word("rate"), 12, YUAN),
        Column(word("per_pieces"), 8, "0"),
        Column(word("pieces"), 10, "#,##0"),
        Column(word("line_amount"), 14, YUAN),
        Column(word("origin"), 10),
        Column(word("note"), 24),
    ]
    header = start_table(lines, line_columns)
    names = {payee.worker_id: payee.name for payee in payees}
    for worker_id, pay in pays.items():
        for line in pay.lines:
            rate = rates.get(line.rate_id) if line.rate_id is not None else None
            lines.append(
                [
                    worker_id,
                    names.get(worker_id, worker_id),
                    word("piece") if line.kind == "piece" else translate(f"payslip.{line.kind}", language),
                    product_names.get(line.product_id, line.product_id) if line.product_id else "",
                    yuan(rate.rate_fen) if rate else None,
                    rate.per_pieces if rate else None,
                    line.count if line.kind == "piece" else None,
                    yuan(line.amount_fen),
                    line.origin_period_id,
                    line.note,
                ]
            )
    last = lines.max_row
    format_body(lines, line_columns, header, last)
    for row in lines.iter_rows(min_row=header + 1, max_row=last):
        for cell in row:
            text_if_formula(cell)
    lines.append([word("total"), "", "", "", "", "", "", *_sums("H", header + 1, last)])
    lines.cell(row=last + 1, column=8).number_format = YUAN
    bold_row(lines, last + 1)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _sums(letters: str, first: int, last: int) -> list[str | int]:
    """`=SUM(C3:C14)` per column letter (0 when there are no rows to add)."""
    return [f"=SUM({letter}{first}:{letter}{last})" if last >= first else 0 for letter in letters]


def text_if_formula(cell: Cell) -> None:
    """openpyxl writes a string starting with `=` as a formula: store such a cell as text instead,
    flagged quotePrefix (Excel's own leading apostrophe), so it shows as typed and never runs."""
    if neutralise(cell.value) is not cell.value:
        cell.data_type = "s"
        cell.quotePrefix = True
