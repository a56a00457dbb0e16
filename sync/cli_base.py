"""What `python -m station`, `python -m sync` and `python -m office` share: the --log-level flag and dispatch.

Every command ends with an exit code and, on a failure, exactly one sentence on stderr. A
program may name the errors it knows (`refusal`: a clerk's mistake, a missing file): their own
sentence, exit 2. Any other is unexpected: "failed: <reason>", exit 1. The traceback is a DEBUG
record of the structured log: `--log-level DEBUG` shows it (in journald too), by default it
never lands on a supervisor's terminal, whether or not stderr is one - the same answer
everywhere, so it can be tested.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Callable, Sequence
from typing import Any

from sync.logs import configure_logging

log = logging.getLogger(__name__)
Refusal = Callable[[Exception, argparse.Namespace], "str | None"]  # a known error's sentence, else None


def new_parser(prog: str, description: str) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog=prog, description=description)
    parser.add_argument("--log-level", default="INFO", help="DEBUG, INFO, WARNING or ERROR (default INFO)")
    return parser


def command_parser(prog: str, description: str, version: str, commands: Sequence[Any]) -> argparse.ArgumentParser:
    """A program's parser: --log-level, --version, and one sub-command per module's `register`."""
    parser = new_parser(prog, description)
    parser.add_argument("--version", action="version", version=version)
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for command in commands:
        command.register(subparsers)
    return parser


def dispatch(
    parser: argparse.ArgumentParser, argv: Sequence[str] | None, refusal: Refusal | None = None, hint: str = ""
) -> int:
    """Parse, set up logging and run the chosen command's handler; `hint` follows the sentence
    of an unexpected failure (where its details are)."""
    args = parser.parse_args(argv)
    configure_logging(args.log_level)
    if not getattr(args, "handler", None):
        parser.print_help()
        return 2
    try:
        return int(args.handler(args) or 0)
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # noqa: BLE001 - the last line of defence: told in a sentence, traced at DEBUG
        sentence = refusal(exc, args) if refusal else None
        log.debug("command refused" if sentence else "command failed", exc_info=True, extra={"command": args.command})
        if sentence:
            print(sentence, file=sys.stderr)
            return 2
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        print(f"{parser.prog} {args.command}: failed: {reason}{hint}", file=sys.stderr)
        return 1
