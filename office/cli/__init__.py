"""`python -m office`: the central office's web page, payroll, users, config push and database.

Each sub-command lives in its own module with a `register(subparsers)` function that adds
its parser and sets `handler`; `COMMANDS` lists them explicitly (nothing registers on import).
A refusal of the office (OfficeError, in the command's --lang, Chinese by default), a config the
broker did not take or a file that cannot be read or written is one sentence on stderr, exit 2;
anything else one sentence pointing to the log, exit 1 (the traceback at --log-level DEBUG).
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence

from office import __version__
from office.cli import config, demo, migrate, payroll, period, report, roster, stations, users, web
from office.cli.language import DEFAULT_LANGUAGE
from office.config_push import ConfigPushError
from office.i18n import translate
from office.payroll.errors import OfficeError
from sync.cli_base import command_parser, dispatch

COMMANDS = (web, payroll, period, report, roster, users, stations, config, demo, migrate)
DETAILS = " (details in the log: run again with --log-level DEBUG)"


def build_parser() -> argparse.ArgumentParser:
    return command_parser("python -m office", __doc__.splitlines()[0], f"workshop-office {__version__}", COMMANDS)


def refusal(exc: Exception, args: argparse.Namespace) -> str | None:
    """The sentence of an error the office expects; None for an unexpected one."""
    if isinstance(exc, OfficeError):
        return exc.message(getattr(args, "lang", DEFAULT_LANGUAGE))
    if isinstance(exc, ConfigPushError):
        return translate("cli.config_not_published", getattr(args, "lang", DEFAULT_LANGUAGE), reason=exc)
    if isinstance(exc, OSError):
        return str(exc)
    return None


def main(argv: Sequence[str] | None = None) -> int:
    return dispatch(build_parser(), argv, refusal, DETAILS)
