"""The bank file in a layout a bank's batch tool takes: columns, header row, a summary row
(总笔数 / 总金额 / 批次号), encoding and file type come from a TOML layout in office/bank_templates.

In XLSX every account and ID number is a text cell: as a number Excel would round an
18-digit ID and drop an account's leading zeros. The batch number is made from the period,
so downloading the same period twice gives the same batch, which a bank refuses to pay twice.
"""

from __future__ import annotations

import csv
import functools
import io
import tomllib
from collections.abc import Sequence
from importlib import resources
from typing import Literal

from openpyxl import Workbook
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from office.exports import FIELDS, BankFile, Payee, bank_payable, bank_values
from office.payroll.compute import Period
from office.payroll.errors import ExportError
from office.payroll.money import format_yuan
from office.xlsx_sheet import PLAIN_YUAN, TEXT, yuan

BankField = Literal[(*FIELDS, "seq", "batch_no")]  # type: ignore[valid-type]


class Column(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    header: str
    field: BankField


class Summary(BaseModel):
    """One row of totals; cells may name {rows}, {total_yuan}, {total_fen}, {batch_no}."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    position: Literal["top", "bottom"]
    cells: tuple[str, ...]


class BankTemplate(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    name_zh: str
    name_en: str
    file_type: Literal["csv", "xlsx"]
    encoding: Literal["gbk", "utf-8-sig"] = "gbk"  # csv only; xlsx is always Unicode
    header_row: bool = True
    memo: str = "工资 {period}"
    summary: Summary | None = None
    columns: tuple[Column, ...] = Field(min_length=1)


@functools.cache
def templates() -> dict[str, BankTemplate]:
    """Every layout shipped in office/bank_templates, by file name without .toml; generic first."""
    found = {}
    for entry in sorted(resources.files("office.bank_templates").iterdir(), key=lambda e: e.name != "generic.toml"):
        if entry.name.endswith(".toml"):
            try:
                found[entry.name.removesuffix(".toml")] = BankTemplate.model_validate(tomllib.loads(entry.read_text()))
            except (tomllib.TOMLDecodeError, ValidationError) as exc:
                raise ExportError("bad_bank_template", name=entry.name, why=str(exc).splitlines()[0]) from exc
    return found


def template(template_id: str) -> BankTemplate:
    known = templates()
    if template_id not in known:
        raise ExportError("unknown_bank_template", name=template_id, choices=", ".join(known))
    return known[template_id]


def batch_number(period: Period) -> str:
    return f"GZ{period.start:%Y%m%d}{period.period_id:04d}"


def file_name(chosen: BankTemplate, period: Period) -> str:
    """工资代发_2026-01-01至2026-01-31_工商银行.xlsx"""
    return f"工资代发_{period.start}至{period.end}_{chosen.name_zh}.{chosen.file_type}"


def _rows(chosen: BankTemplate, paid: Sequence[Payee], period: Period) -> list[list[str]]:
    label, batch = f"{period.start}~{period.end}", batch_number(period)
    total = sum(p.amount_fen for p in paid)
    body = []
    for seq, payee in enumerate(paid, start=1):
        values = {**bank_values(payee, chosen.memo.format(period=label)), "seq": str(seq), "batch_no": batch}
        body.append([values[column.field] for column in chosen.columns])
    header = [[column.header for column in chosen.columns]] if chosen.header_row else []
    if chosen.summary is None:
        return header + body
    totals = {"rows": len(paid), "total_yuan": format_yuan(total), "total_fen": total, "batch_no": batch}
    summary = [[cell.format(**totals) for cell in chosen.summary.cells]]
    return summary + header + body if chosen.summary.position == "top" else header + body + summary


def _csv(rows: list[list[str]], encoding: str) -> bytes:
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    try:
        return out.getvalue().encode(encoding)
    except UnicodeEncodeError as exc:
        raise ExportError("not_encodable", text=out.getvalue()[exc.start : exc.end], encoding=encoding) from exc


def _xlsx(rows: list[list[str]], amount_columns: set[int], first_body_row: int, amounts_fen: Sequence[int]) -> bytes:
    """Text cells throughout, except the amounts of the body rows (numbers with two decimals)."""
    book = Workbook()
    sheet = book.active
    sheet.title = "代发"
    for r, row in enumerate(rows, start=1):
        body = r - first_body_row
        for c, value in enumerate(row, start=1):
            is_amount = c in amount_columns and 0 <= body < len(amounts_fen)
            cell = sheet.cell(row=r, column=c, value=yuan(amounts_fen[body]) if is_amount else value)
            cell.number_format = PLAIN_YUAN if is_amount else TEXT
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def render(chosen: BankTemplate, payees: Sequence[Payee], period: Period) -> BankFile:
    """The bank file of a closed period's payees in the chosen layout; left-out workers are listed."""
    paid, skipped = bank_payable(payees)
    rows = _rows(chosen, paid, period)
    total = sum(p.amount_fen for p in paid)
    if chosen.file_type == "csv":
        data = _csv(rows, chosen.encoding)
    else:
        top = 1 if chosen.summary and chosen.summary.position == "top" else 0
        amounts = {i for i, column in enumerate(chosen.columns, start=1) if column.field == "amount_yuan"}
        data = _xlsx(rows, amounts, 1 + top + int(chosen.header_row), [p.amount_fen for p in paid])
    return BankFile(data, len(paid), total, tuple(skipped))
