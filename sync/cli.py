"""`python -m sync`: the sync services and the central office server."""

from __future__ import annotations

import argparse
from collections.abc import Sequence

from sync.central import cli as central_cli
from sync.central import cli_payroll, cli_users, cli_web
from sync.logs import configure_logging

# Office commands that live under `python -m sync central`, beside the ingest's own.
CENTRAL_COMMANDS = (cli_payroll, cli_web, cli_users)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m sync", description=__doc__)
    parser.add_argument("--log-level", default="INFO", help="DEBUG, INFO, WARNING or ERROR (default INFO)")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    central_commands = central_cli.register(subparsers)
    for command in CENTRAL_COMMANDS:
        command.register(central_commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    configure_logging(args.log_level)
    if not getattr(args, "handler", None):
        parser.print_help()
        return 2
    return int(args.handler(args) or 0)
