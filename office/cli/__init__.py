"""`python -m office`: the central office's web page, payroll, users, config push and database.

Each sub-command lives in its own module with a `register(subparsers)` function that adds
its parser and sets `handler`; `COMMANDS` lists them explicitly (nothing registers on import).
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence

from office import __version__
from office.cli import config, demo, migrate, payroll, period, report, roster, stations, users, web
from sync.cli_base import command_parser, dispatch

COMMANDS = (web, payroll, period, report, roster, users, stations, config, demo, migrate)


def build_parser() -> argparse.ArgumentParser:
    return command_parser("python -m office", __doc__.splitlines()[0], f"workshop-office {__version__}", COMMANDS)


def main(argv: Sequence[str] | None = None) -> int:
    return dispatch(build_parser(), argv)
