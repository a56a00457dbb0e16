"""`python -m office roster export|import`: the roster as an XLSX list, out and back in.

`import` prints the preview (adds, changes field by field, unchanged, errors) and saves nothing
unless `--yes` is given and the sheet has no errors; the kiosks then need `publish-config`.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from office import roster, roster_sheet
from office.cli.language import add_language
from office.db import DEFAULT_URL, open_office
from office.i18n import translate
from office.xlsx_read import MAX_FILE_BYTES
from sync.central.tables import products, workers


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser("roster", help="export or import the roster as XLSX")
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    out = actions.add_parser("export", help="write every worker to an XLSX file")
    out.add_argument("--out", required=True, type=Path, help="XLSX file to write")
    sheet = actions.add_parser("import", help="preview (and with --yes save) an edited roster XLSX")
    sheet.add_argument("file", type=Path, help="XLSX file to read")
    sheet.add_argument("--clear-empty", action="store_true", help="empty optional cells clear stored values")
    sheet.add_argument("--yes", action="store_true", help="save when the sheet has no errors")
    for action in (out, sheet):
        action.add_argument("--db", default=DEFAULT_URL, help=f"central database URL (default {DEFAULT_URL})")
        add_language(action)
    out.set_defaults(handler=export)
    sheet.set_defaults(handler=import_sheet)


def export(args: argparse.Namespace) -> int:
    engine = open_office(args.db)
    try:
        with engine.begin() as conn:
            data = roster_sheet.roster_xlsx(roster.all_rows(conn, workers), roster.all_rows(conn, products), args.lang)
    finally:
        engine.dispose()
    args.out.write_bytes(data)
    print(args.out)
    return 0


def import_sheet(args: argparse.Namespace) -> int:
    lang = args.lang
    engine = open_office(args.db)
    try:
        with args.file.open("rb") as sheet:
            rows, errors = roster_sheet.read_sheet(sheet.read(MAX_FILE_BYTES + 1))
        with engine.begin() as conn:
            plan = roster_sheet.plan_import(conn, rows, errors, args.clear_empty)
            print(preview_text(plan, lang))
            if plan.errors:
                print(translate("error.sheet_has_errors", lang, count=len(plan.errors)), file=sys.stderr)
                return 1
            if not args.yes:
                print(translate("import_nothing_saved", lang))
                return 0
            sites = roster_sheet.apply_import(conn, plan, "cli")
    finally:
        engine.dispose()
    adds, changes = len(plan.of_kind("add")), len(plan.of_kind("change"))
    print(translate("import_saved", lang, adds=adds, changes=changes))
    for site in sorted(sites):
        print(f"python -m office publish-config --site {site}")
    return 0


def preview_text(plan: roster_sheet.ImportPlan, lang: str) -> str:
    """The preview as lines of text: what the web page shows, for a terminal."""
    lines = []
    for kind, title in (("add", "import_adds"), ("change", "import_changes")):
        for row in plan.of_kind(kind):
            lines.append(f"{translate(title, lang)} {row.worker_id}")
            for change in row.changes:
                old = roster_sheet.shown(change.field, change.old, lang)
                new = roster_sheet.shown(change.field, change.new, lang)
                lines.append(f"  {roster_sheet.header(change.field, lang)}: {old} → {new}")
    lines.append(f"{translate('import_unchanged', lang)}: {len(plan.of_kind('same'))}")
    lines += [error.message(lang) for error in plan.errors]
    return "\n".join(lines)
