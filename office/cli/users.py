"""`python -m office add-user` / `disable-user`: create an office user (or reset a password), switch one off.

Both end the user's open sessions on the office page at once."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from office.cli.language import add_language
from office.db import DEFAULT_URL, open_office
from office.i18n import translate
from office.users import ROLES, add_user, set_active


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser("add-user", help="create an office user or reset their password")
    parser.add_argument("--db", default=DEFAULT_URL, help=f"central database URL (default {DEFAULT_URL})")
    parser.add_argument("--name", required=True)
    parser.add_argument("--role", required=True, choices=ROLES)
    parser.add_argument(
        "--password-file", required=True, type=Path, help="file whose first line is the password (not argv)"
    )
    add_language(parser)
    parser.set_defaults(handler=run)

    disable = subparsers.add_parser("disable-user", help="switch an office user off (add-user switches them on)")
    disable.add_argument("--db", default=DEFAULT_URL, help=f"central database URL (default {DEFAULT_URL})")
    disable.add_argument("--name", required=True)
    add_language(disable)
    disable.set_defaults(handler=run_disable)


def run(args: argparse.Namespace) -> int:
    try:
        password = args.password_file.read_text(encoding="utf-8").splitlines()[0]
    except (OSError, IndexError):
        print(translate("cli.no_password_file", args.lang, path=args.password_file), file=sys.stderr)
        return 2
    engine = open_office(args.db)
    try:
        with engine.begin() as conn:
            add_user(conn, args.name, args.role, password, by="cli")
    finally:
        engine.dispose()
    role = translate(f"role.{args.role}", args.lang)
    print(translate("cli.user_saved", args.lang, name=args.name, role=role))
    return 0


def run_disable(args: argparse.Namespace) -> int:
    engine = open_office(args.db)
    try:
        with engine.begin() as conn:
            set_active(conn, args.name, False, by="cli")
    finally:
        engine.dispose()
    print(translate("cli.user_disabled", args.lang, name=args.name))
    return 0
