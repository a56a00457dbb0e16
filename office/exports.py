"""What leaves the office: the bank's batch-transfer file and the XLSX pay sheet.

Chinese banks' batch tools want GBK (or UTF-8 with a BOM) and their own column order, so
both are configurable. Nobody is paid a guessed account: a worker without one is listed
as skipped, with the reason, for the clerk to fix.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Font

from office.payroll.compute import WorkerPay
from office.payroll.errors import ExportError
from office.payroll.money import format_yuan

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
    payees: Sequence[Payee], pays: dict[str, WorkerPay], product_names: dict[str, str], period_label: str
) -> bytes:
    """Sheet 1: one row per worker; sheet 2: every pay line, so each total can be followed."""
    book = Workbook()
    sheet = book.active
    sheet.title = "pay"
    sheet.append([f"pay sheet {period_label}"])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append(["worker", "name", "hours", "days", "amount (fen)", "amount (yuan)", "bank account"])
    for payee in payees:
        pay = pays[payee.worker_id]
        sheet.append(
            [
                payee.worker_id,
                payee.name,
                round(pay.seconds / 3600, 2),
                pay.days_attended,
                payee.amount_fen,
                payee.amount_fen / 100,
                payee.bank_account or "",
            ]
        )
    total = sum(p.amount_fen for p in payees)
    sheet.append(["", "total", "", "", total, total / 100, ""])
    lines = book.create_sheet("lines")
    lines.append(["worker", "kind", "product", "rate id", "pieces", "amount (fen)", "adjusts period"])
    for worker_id, pay in pays.items():
        for line in pay.lines:
            product = product_names.get(line.product_id or "", line.product_id or "")
            lines.append(
                [
                    worker_id,
                    line.kind,
                    product,
                    line.rate_id,
                    line.count,
                    line.amount_fen,
                    line.origin_period_id,
                ]
            )
    for ws in (sheet, lines):
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, float):
                    cell.number_format = "0.00"
                _text_if_formula(cell)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _text_if_formula(cell: Cell) -> None:
    """openpyxl writes a string starting with `=` as a formula: store such a cell as text instead,
    flagged quotePrefix (Excel's own leading apostrophe), so it shows as typed and never runs."""
    if neutralise(cell.value) is not cell.value:
        cell.data_type = "s"
        cell.quotePrefix = True
