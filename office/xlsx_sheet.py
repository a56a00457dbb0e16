"""The look every office XLSX table shares: a bold header row that stays in view, filters, widths,
¥ amounts, text-only id columns and a page set up to print (landscape, one page wide, the header
repeated on every page), so a clerk can print or sign it as it comes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

TEXT = "@"  # Excel's text format: an account number keeps its leading zeros and all its digits
YUAN = '"¥"#,##0.00'
PLAIN_YUAN = "0.00"  # for a file a program reads (a bank's batch tool): no ¥ sign, no thousands separator
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
THIN = Side(style="thin", color="999999")


@dataclass(frozen=True, slots=True)
class Column:
    header: str
    width: float  # in Excel's character widths; a Chinese character counts about two
    number_format: str = "General"


def yuan(fen: int) -> Decimal:
    """Fen as an exact yuan number for a cell (never a float: 0.1 + 0.2 stays 0.30)."""
    return Decimal(fen) / 100


def digits_text(value: str | None) -> str:
    """An account or ID number as the text a bank's tool takes: no spaces inside."""
    return "".join((value or "").split())


def start_table(sheet: Worksheet, columns: Sequence[Column], title: str | None = None) -> int:
    """Write the (optional) title and the header row; returns the header's row number."""
    header_row = 1
    if title:
        sheet.cell(row=1, column=1, value=title).font = Font(bold=True, size=14)
        header_row = 2
    for index, column in enumerate(columns, start=1):
        cell = sheet.cell(row=header_row, column=index, value=column.header)
        cell.font, cell.fill = Font(bold=True), _HEADER_FILL
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = Border(bottom=THIN)
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    sheet.freeze_panes = f"A{header_row + 1}"  # a string: a Cell here would start the body one row late
    sheet.print_title_rows = f"{header_row}:{header_row}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    return header_row


def format_body(sheet: Worksheet, columns: Sequence[Column], header_row: int, last_row: int) -> None:
    """Each column's number format on the body rows, and the filter over header and body."""
    for index, column in enumerate(columns, start=1):
        for (cell,) in sheet.iter_rows(min_row=header_row + 1, max_row=last_row, min_col=index, max_col=index):
            cell.number_format = column.number_format
    sheet.auto_filter.ref = f"A{header_row}:{get_column_letter(len(columns))}{max(last_row, header_row)}"


def bold_row(sheet: Worksheet, row: int) -> None:
    """A totals row: bold, with a line above it."""
    for cell in sheet[row]:
        cell.font = Font(bold=True)
        cell.border = Border(top=THIN)
