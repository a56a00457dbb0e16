"""`python -m office migrate`: bring the central database's schema to this code's revision.

Every office command upgrades on open anyway; this is the explicit step for deployment (the
ingest's unit runs it before the ingest, which only checks that the tables exist).
"""

from __future__ import annotations

import argparse

from sqlalchemy.engine import make_url

from office.cli.language import add_language
from office.db import DEFAULT_URL
from office.i18n import translate
from office.migrations import upgrade
from sync.central.db import connect


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser("migrate", help="upgrade the central database's schema to this code's revision")
    parser.add_argument("--db", default=DEFAULT_URL, help=f"central database URL (default {DEFAULT_URL})")
    add_language(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    shown = make_url(args.db).render_as_string(hide_password=True)
    engine = connect(args.db)
    try:
        done = upgrade(engine)
    finally:
        engine.dispose()
    if done.before == done.after:
        print(translate("cli.migrate_current", args.lang, db=shown, revision=done.after))
    else:
        before = done.before or translate("cli.no_revision", args.lang)
        print(translate("cli.migrated", args.lang, db=shown, before=before, after=done.after))
    return 0
