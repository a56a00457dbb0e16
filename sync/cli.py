"""`python -m sync`: the sync services and the central office server."""

from __future__ import annotations

import argparse
from collections.abc import Sequence

from sync.central import cli as central_cli
from sync.central import cli_demo, cli_payroll, cli_users, cli_web
from sync.cli_base import dispatch, new_parser

# Office commands that live under `python -m sync central`, beside the ingest's own.
CENTRAL_COMMANDS = (cli_payroll, cli_web, cli_users, cli_demo)


def build_parser() -> argparse.ArgumentParser:
    parser = new_parser("python -m sync", __doc__)
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    central_commands = central_cli.register(subparsers)
    for command in CENTRAL_COMMANDS:
        command.register(central_commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    return dispatch(build_parser(), argv)
