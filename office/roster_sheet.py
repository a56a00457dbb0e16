"""The roster as an XLSX list, the way offices keep it: exported, edited in Excel or WPS, and read
back as a preview of adds, changes (field by field), unchanged rows and per-row errors. Nothing is
saved until the clerk confirms a preview that has no errors.

Decisions (docs/office.md, "Roster import"):
- Columns are found by their header (Chinese, Traditional Chinese or English), in any order; only
  工号 must be there. A column the sheet leaves out is not touched.
- An empty cell keeps what is stored, unless the clerk ticks "clear empty cells": then an empty
  optional cell (工牌, 可做产品, 开户行, 银行账号, 身份证号) clears the stored value. 姓名, 场地,
  语言 and 在职 are never cleared by an empty cell.
- 工牌, 银行账号 and 身份证号 must be text cells: a number cell has lost its leading zeros (or its
  digits past the 15th) before the office ever sees it, so it is refused with a sentence saying why.
  Spaces inside account and ID numbers are removed.
- The save goes through `office.roster.save_worker`, the one owner of what a worker row may hold;
  the import adds one audit entry naming each worker's changed fields (never the numbers).
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import zipfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any
from xml.etree.ElementTree import ParseError

from openpyxl import Workbook
from openpyxl.utils.exceptions import InvalidFileException
from sqlalchemy import Connection, select

from office import audit
from office.exports import text_if_formula
from office.i18n import translate
from office.payroll.errors import RosterError
from office.roster import name_column, save_worker, text_limit
from office.xlsx_read import open_xlsx
from office.xlsx_sheet import TEXT, Column, digits_text, format_body, start_table
from sync.central.tables import products, workers
from sync.protocol.roster import LANGUAGES, is_identifier

# The sheet's columns, in the order the export writes them, with their widths.
FIELDS: dict[str, float] = {
    "worker_id": 10,
    "name": 12,
    "site": 12,
    "badge": 12,
    "language": 10,
    "product_ids": 30,
    "bank_name": 16,
    "bank_account": 24,
    "id_number": 22,
    "active": 8,
}
CLEARABLE = ("badge", "product_ids", "bank_name", "bank_account", "id_number")
SECRET = ("bank_account", "id_number")  # shown masked in a preview, never written to the audit
_TEXT_ONLY = ("badge", *SECRET)  # a number cell has lost their leading zeros: refused
_TEXT_COLUMNS = ("worker_id", *_TEXT_ONLY)
_YES, _NO = {"是", "yes", "y", "1", "true", "在职"}, {"否", "no", "n", "0", "false", "离职", "離職"}
_LIST_SEPARATORS = re.compile(r"[\s,，、;；]+")
_ID_NUMBER = re.compile(r"\d{15}|\d{17}[\dXx]")
MAX_ROWS = 5000  # a roster; more is a wrong file
# What openpyxl raises on a file that is no XLSX (or a broken one), while opening or reading it.
_UNREADABLE = (
    zipfile.BadZipFile, InvalidFileException, ParseError, OSError, KeyError, ValueError, TypeError, IndexError
)


def header(field_name: str, language: str) -> str:
    return translate(f"xlsx.{field_name}", language)


@dataclass(frozen=True, slots=True)
class SheetError:
    """One thing wrong with the sheet, at a row (1 is the header) and a column (a field name)."""

    row: int
    column: str
    key: str  # an office.i18n `error.<key>`
    values: dict[str, Any] = field(default_factory=dict)

    def message(self, language: str) -> str:
        reason = translate(f"error.{self.key}", language, **self.values)
        if not self.column:
            return translate("error.sheet_row", language, row=self.row, reason=reason)
        column = header(self.column, language)
        return translate("error.sheet_cell", language, row=self.row, column=column, reason=reason)


@dataclass(frozen=True, slots=True)
class SheetRow:
    """A worker's row as read: a field holds None when its cell is empty (or its column is absent)."""

    row: int
    values: dict[str, Any]


@dataclass(frozen=True, slots=True)
class Change:
    field: str
    old: Any
    new: Any


@dataclass(frozen=True, slots=True)
class PlannedRow:
    row: int
    worker_id: str
    kind: str  # add | change | same
    changes: tuple[Change, ...]
    form: dict[str, Any]  # what save_worker gets


@dataclass(frozen=True, slots=True)
class ImportPlan:
    rows: tuple[PlannedRow, ...]
    errors: tuple[SheetError, ...]
    clear_empty: bool

    def of_kind(self, kind: str) -> list[PlannedRow]:
        return [row for row in self.rows if row.kind == kind]

    @property
    def digest(self) -> str:
        """What the clerk saw: a confirm whose plan no longer has this digest saves nothing."""
        body = json.dumps([asdict(row) for row in self.rows], sort_keys=True, default=str, ensure_ascii=False)
        return hashlib.sha256(f"{self.clear_empty}:{body}".encode()).hexdigest()


# --- export -------------------------------------------------------------------------------


def roster_xlsx(
    worker_rows: Iterable[Mapping[str, Any]], product_rows: Sequence[Mapping[str, Any]], language: str
) -> bytes:
    """Every worker with all the sheet's columns, and a second sheet naming each product id."""
    book = Workbook()
    sheet = book.active
    sheet.title = header("roster_sheet", language)
    columns = [
        Column(header(name, language), width, TEXT if name in _TEXT_COLUMNS else "General")
        for name, width in FIELDS.items()
    ]
    header_row = start_table(sheet, columns)
    for row in worker_rows:
        values = {
            **{name: row.get(name) or "" for name in FIELDS},
            "product_ids": " ".join(json.loads(row.get("product_ids") or "[]")),
            "bank_account": digits_text(row.get("bank_account")),
            "id_number": digits_text(row.get("id_number")),
            "active": header("yes" if row.get("active") else "no", language),
        }
        sheet.append([values[name] for name in FIELDS])
    format_body(sheet, columns, header_row, sheet.max_row)
    catalog = book.create_sheet(header("products_sheet", language))
    catalog_columns = [Column(header("product_id", language), 20, TEXT), Column(header("product", language), 24)]
    catalog_row = start_table(catalog, catalog_columns)
    column = name_column(language)
    for product in product_rows:
        catalog.append([product["product_id"], product[column]])
    format_body(catalog, catalog_columns, catalog_row, catalog.max_row)
    for ws in (sheet, catalog):
        for cells in ws.iter_rows(min_row=2):
            for cell in cells:
                text_if_formula(cell)  # a name typed as =HYPERLINK(...) stays a name
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# --- reading ------------------------------------------------------------------------------


def _headers() -> dict[str, str]:
    """Every accepted header text (casefolded) -> its field."""
    return {header(name, language).casefold(): name for name in FIELDS for language in LANGUAGES}


def read_sheet(data: bytes) -> tuple[list[SheetRow], list[SheetError]]:
    """The first sheet's rows under a header row; the cells read as text where text is meant."""
    try:
        book = open_xlsx(data)
        try:
            rows, errors = _rows(book.worksheets[0].iter_rows(values_only=True))
        finally:
            book.close()
    except _UNREADABLE as exc:
        raise RosterError("sheet_unreadable") from exc
    if not rows and not errors:
        raise RosterError("sheet_empty")
    return rows, errors


def _rows(lines: Iterator[tuple[Any, ...]]) -> tuple[list[SheetRow], list[SheetError]]:
    columns, errors = _columns(next(lines, ()))
    rows: list[SheetRow] = []
    for number, cells in enumerate(lines, start=2):
        if number > MAX_ROWS + 1:
            raise RosterError("sheet_too_long", limit=MAX_ROWS)
        if not any(str(c).strip() for c in cells if c is not None):
            continue
        values: dict[str, Any] = dict.fromkeys(FIELDS)
        for index, name in columns.items():
            raw = cells[index] if index < len(cells) else None
            try:
                values[name] = _cell(name, raw)
            except RosterError as exc:
                errors.append(SheetError(number, name, exc.key, exc.values))
        rows.append(SheetRow(number, values))
    return rows, errors


def _columns(titles: Sequence[Any]) -> tuple[dict[int, str], list[SheetError]]:
    known, columns, errors = _headers(), {}, []
    for index, title in enumerate(titles):
        text = str(title or "").strip()
        if not text:
            continue
        name = known.get(text.casefold())
        if name is None:
            choices = "、".join(header(n, "zh-Hans") for n in FIELDS)
            errors.append(SheetError(1, "", "sheet_unknown_header", {"header": text[:40], "choices": choices}))
        elif name in columns.values():
            errors.append(SheetError(1, name, "sheet_duplicate_header"))
        else:
            columns[index] = name
    if "worker_id" not in columns.values():
        errors.append(SheetError(1, "worker_id", "sheet_missing_header"))
    return columns, errors


def _cell(name: str, raw: Any) -> Any:
    """One cell's value for `name`, or None when empty; RosterError names what is wrong."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    if name in _TEXT_ONLY and isinstance(raw, int | float) and not isinstance(raw, bool):
        raise RosterError("number_not_text")
    if name == "active":
        return _yes_no(raw)
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)  # a badge or id Excel made a number
    text = str(raw).strip()
    limit = text_limit(name)
    if len(text) > limit:
        raise RosterError("too_long", field=header(name, "zh-Hans"), limit=limit)
    if name == "worker_id" and not is_identifier(text):
        raise RosterError("bad_identifier", field=header(name, "zh-Hans"), value=text[:64])
    if name == "language" and text not in LANGUAGES:
        raise RosterError("unknown_language", choices=", ".join(LANGUAGES))
    if name == "product_ids":
        return sorted({part for part in _LIST_SEPARATORS.split(text) if part}) or None
    if name == "bank_account":
        text = digits_text(text)
        if not text.isdigit():
            raise RosterError("bank_account_digits")
    if name == "id_number":
        text = digits_text(text).upper()
        if not _ID_NUMBER.fullmatch(text):
            raise RosterError("id_number_form")
    return text


def _yes_no(raw: Any) -> bool:
    if isinstance(raw, bool):
        return raw
    text = str(raw).strip().casefold()
    if text in _YES:
        return True
    if text in _NO:
        return False
    raise RosterError("not_yes_no", value=text[:20])


# --- planning and saving ------------------------------------------------------------------


def plan_import(
    conn: Connection, rows: Sequence[SheetRow], errors: Sequence[SheetError], clear_empty: bool
) -> ImportPlan:
    """What saving `rows` would do to the stored roster, and every error that stops it."""
    found = list(errors)
    ids = [row.values["worker_id"] for row in rows if row.values["worker_id"]]
    stored = {
        r["worker_id"]: dict(r) for r in conn.execute(select(workers).where(workers.c.worker_id.in_(ids))).mappings()
    }
    catalog = set(conn.execute(select(products.c.product_id)).scalars())
    first_row: dict[str, int] = {}
    planned = []
    for row in rows:
        worker_id = row.values["worker_id"]
        if worker_id is None:
            if not any(e.row == row.row and e.column == "worker_id" for e in found):
                found.append(SheetError(row.row, "worker_id", "sheet_required"))
            continue
        if worker_id in first_row:
            found.append(SheetError(row.row, "worker_id", "duplicate_in_sheet", {"first": first_row[worker_id]}))
            continue
        first_row[worker_id] = row.row
        unknown = [p for p in row.values["product_ids"] or () if p not in catalog]
        if unknown:
            found.append(SheetError(row.row, "product_ids", "unknown_products", {"products": "、".join(unknown)}))
        old = _current(stored.get(worker_id))
        new = _merged(old, row.values, clear_empty)
        for name in ("name", "site"):
            if not new[name]:
                found.append(SheetError(row.row, name, "sheet_required"))
        changes = tuple(Change(n, old.get(n), new[n]) for n in FIELDS if n != "worker_id" and old.get(n) != new[n])
        kind = "add" if not old else "change" if changes else "same"
        planned.append(PlannedRow(row.row, worker_id, kind, changes, _form(new, kind)))
    found.sort(key=lambda e: (e.row, list(FIELDS).index(e.column) if e.column in FIELDS else -1))
    return ImportPlan(tuple(planned), tuple(found), clear_empty)


def _current(row: Mapping[str, Any] | None) -> dict[str, Any]:
    if row is None:
        return {}
    values = {name: row.get(name) or None for name in FIELDS}
    values["product_ids"] = sorted(json.loads(row.get("product_ids") or "[]")) or None
    values["bank_account"] = digits_text(row["bank_account"]) or None
    values["id_number"] = digits_text(row["id_number"]).upper() or None
    values["active"] = bool(row["active"])
    return values


def _merged(old: dict[str, Any], sheet: Mapping[str, Any], clear_empty: bool) -> dict[str, Any]:
    defaults = {"language": "zh-Hans", "active": True}
    merged = {}
    for name in FIELDS:
        given = sheet.get(name)
        if given is not None:
            merged[name] = given
        elif clear_empty and name in CLEARABLE:
            merged[name] = None
        else:
            merged[name] = old.get(name, defaults.get(name))
    return merged


def _form(values: Mapping[str, Any], kind: str) -> dict[str, Any]:
    form = {name: values[name] or "" for name in FIELDS}
    form["product_ids"] = " ".join(values["product_ids"] or ())
    form["active"] = "on" if values["active"] else ""
    return {**form, "mode": "add" if kind == "add" else "edit", "checkboxes": "active product_ids"}


def apply_import(conn: Connection, plan: ImportPlan, username: str) -> set[str]:
    """Save every add and change of an error-free plan; returns the sites whose kiosks need the roster."""
    if plan.errors:
        raise RosterError("sheet_has_errors", count=len(plan.errors))
    sites: set[str] = set()
    for row in plan.rows:
        if row.kind == "same":
            continue
        sites |= save_worker(conn, row.form, username)
        sites |= {str(c.old) for c in row.changes if c.field == "site" and c.old}  # moved away from
    audit.record(
        conn,
        username,
        "roster.import",
        added=[row.worker_id for row in plan.of_kind("add")],
        changed={row.worker_id: [c.field for c in row.changes] for row in plan.of_kind("change")},
        unchanged=len(plan.of_kind("same")),
        clear_empty=plan.clear_empty,
    )
    return sites


def shown(change_field: str, value: Any, language: str) -> str:
    """A value as a preview shows it: accounts and ID numbers masked to their last four."""
    if value is None or value == "":
        return "—"
    if change_field in SECRET:
        return f"****{str(value)[-4:]}"
    if change_field == "active":
        return header("yes" if value else "no", language)
    if change_field == "product_ids":
        return "、".join(value)
    return str(value)


def rows_to_session(rows: Sequence[SheetRow], errors: Sequence[SheetError]) -> dict[str, Any]:
    """The read sheet as JSON, kept between the preview and the confirm."""
    return {"rows": [asdict(r) for r in rows], "errors": [asdict(e) for e in errors]}


def rows_from_session(kept: Mapping[str, Any]) -> tuple[list[SheetRow], list[SheetError]]:
    return [SheetRow(**r) for r in kept["rows"]], [SheetError(**e) for e in kept["errors"]]
